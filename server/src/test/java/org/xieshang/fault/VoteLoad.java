package org.xieshang.fault;

import io.vertx.core.json.JsonObject;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.TestApp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forum votes over HTTP (PUT /api/statements/{id}/vote), one thread per voter, each voting the next
 * statement of its slice as soon as the last was answered. A vote is "statement:account:vote"; it is
 * acknowledged when answered 2xx. Failures (refused connections, 5xx) are counted by status and the
 * voter moves on, as a client that keeps sending would.
 */
final class VoteLoad implements AutoCloseable {
  final Set<String> sent = ConcurrentHashMap.newKeySet();
  final Set<String> acked = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
  /** The first answers of 500 or more, to check what a client is told while the database is away. */
  final List<TestApp.Reply> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /** voters: token → account id; each voter votes the statements in order, starting at its own offset. */
  VoteLoad(ProductProcess product, Map<String, Long> voters, List<Long> statements) {
    AtomicInteger n = new AtomicInteger();
    voters.forEach((token, account) -> {
      int offset = n.getAndIncrement() * 37;
      Thread t = new Thread(() -> {
        for (int i = 0; running && i < statements.size(); i++) {
          long statement = statements.get((offset + i) % statements.size());
          int vote = (int) ((statement + account) % 3) - 1;
          String key = statement + ":" + account + ":" + vote;
          sent.add(key);
          try {
            TestApp.Reply r = product.send("PUT", "/api/statements/" + statement + "/vote", new JsonObject().put("vote", vote), token);
            outcome(Integer.toString(r.status()));
            if (r.status() / 100 == 2) {
              acked.add(key);
            } else if (r.status() >= 500) {
              if (problems.size() < 20) {
                problems.add(r);
              }
              pause(100); // a client told to come back later does not hammer
            }
          } catch (Exception e) {
            outcome("unreachable");
            pause(50);
          }
        }
      }, "voter-" + account);
      threads.add(t);
    });
    threads.forEach(Thread::start);
  }

  private void outcome(String what) {
    outcomes.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  long count(String what) {
    AtomicLong c = outcomes.get(what);
    return c == null ? 0 : c.get();
  }

  /** Every answer of 500 or more was 503 problem+json with a Chinese title and Retry-After; returns how many 503s. */
  long assertOnly503WhileAway() {
    org.junit.jupiter.api.Assertions.assertEquals(0, outcomes.keySet().stream()
        .filter(k -> k.matches("\\d+") && Integer.parseInt(k) >= 500 && !k.equals("503")).count(), "answers: " + outcomes);
    for (TestApp.Reply r : problems) {
      org.junit.jupiter.api.Assertions.assertTrue(r.isProblem(), r.toString());
      org.junit.jupiter.api.Assertions.assertEquals("服务暂时不可用", r.json().getString("title"), r.body());
      org.junit.jupiter.api.Assertions.assertEquals("5", r.header("Retry-After"), r.toString());
    }
    return count("503");
  }

  /** A snapshot of the answers so far, by status ("unreachable": no connection to the server). */
  io.vertx.core.json.JsonObject answers() {
    io.vertx.core.json.JsonObject out = new io.vertx.core.json.JsonObject();
    new java.util.TreeMap<>(outcomes).forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  void awaitAcked(int n, long millis) {
    long end = System.currentTimeMillis() + millis;
    while (acked.size() < n && System.currentTimeMillis() < end) {
      pause(20);
    }
    if (acked.size() < n) {
      throw new AssertionError("only " + acked.size() + " votes acknowledged in " + millis + " ms: " + outcomes + " " + problems);
    }
  }

  /** A load client's own pacing (it backs off as a phone would), not a wait for the system under test. */
  static void pause(long ms) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
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
  }
}
