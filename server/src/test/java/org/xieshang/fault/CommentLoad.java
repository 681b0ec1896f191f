package org.xieshang.fault;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.xieshang.support.BusClient;
import org.xieshang.support.Meeting;
import org.xieshang.support.ProductProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live comments over the event-bus socket, one thread per member, each comment's text unique; a
 * comment is acknowledged by its rec reply. Refusals are counted by their problem status.
 */
final class CommentLoad implements AutoCloseable {
  final Set<String> acked = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<BusClient> clients = new ArrayList<>();
  private volatile boolean running = true;

  CommentLoad(Vertx vertx, ProductProcess product, Meeting m, List<String> users) {
    for (String user : users) {
      BusClient c = BusClient.connect(vertx, product.port, product.login(user));
      clients.add(c);
      threads.add(new Thread(() -> {
        for (int i = 0; running; i++) {
          // four a second: under the 300 commands a minute one person may send (LiveChannel)
          VoteLoad.pause(250);
          String text = "评论 " + user + " " + i;
          try {
            JsonObject reply = c.request(m.cmd(), new JsonObject().put("type", "Comment").put("text", text)
                .put("clientId", UUID.randomUUID().toString()));
            if ("rec".equals(reply.getString("type"))) {
              acked.add(text);
              outcome("rec");
            } else {
              int status = reply.getInteger("failureCode", 0);
              outcome("err " + status);
            }
          } catch (RuntimeException e) {
            outcome("no answer");
          }
        }
      }, "comments-" + user));
    }
    threads.forEach(Thread::start);
  }

  private void outcome(String what) {
    outcomes.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  Set<String> refusedOtherThan503() {
    Set<String> out = new java.util.TreeSet<>(outcomes.keySet());
    out.removeIf(k -> k.equals("rec") || k.equals("err 503"));
    return out;
  }

  JsonObject answers() {
    JsonObject out = new JsonObject();
    new java.util.TreeMap<>(outcomes).forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  void awaitAcked(int n, long millis) {
    long end = System.currentTimeMillis() + millis;
    while (acked.size() < n && System.currentTimeMillis() < end) {
      VoteLoad.pause(20);
    }
    if (acked.size() < n) {
      throw new AssertionError("only " + acked.size() + " comments acknowledged in " + millis + " ms: " + answers());
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    clients.forEach(BusClient::close);
  }
}
