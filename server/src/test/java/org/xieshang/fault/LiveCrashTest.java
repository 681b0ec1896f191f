package org.xieshang.fault;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.Meeting;
import org.xieshang.support.ProductProcess;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 17, the fault suite: a live meeting under load over the event-bus socket (comments, votes,
 * hands, check-in, and the chair's floor, queue, moderation and pause commands), the server killed
 * with SIGKILL in the middle. After a start on the first try: every acknowledged command is there,
 * and every command sent again with its client id (each unacknowledged one and every third
 * acknowledged one) is applied at most once: no comment or hand twice, no ballot changed back.
 */
@Tag("fault")
class LiveCrashTest {
  /** One command as a client sent it, and what it was told. */
  record Sent(String user, String clientId, JsonObject body, int order) {}

  static final List<Sent> sent = new CopyOnWriteArrayList<>();
  static final Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static final AtomicInteger order = new AtomicInteger();
  static volatile boolean running = true;

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  /** Sends and records; true when acknowledged. Any failure (socket gone, refused) is "not acknowledged". */
  static boolean send(BusClient c, Meeting m, String user, JsonObject command) {
    Sent s = new Sent(user, command.getString("clientId"), command, order.incrementAndGet());
    sent.add(s);
    try {
      JsonObject reply = c.request(m.cmd(), command);
      if ("rec".equals(reply.getString("type"))) {
        acked.add(s.clientId());
        return true;
      }
    } catch (RuntimeException e) {
      // the server went away mid-request
    }
    return false;
  }

  @Test
  void liveCommandsOfEveryKindSurviveAKilledServerAndARetryIsAppliedAtMostOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ProductProcess product = ProductProcess.embedded(Files.createTempDirectory("xieshang-live-fault-"))) {
      product.start();
      Meeting m = Meeting.create(product, 300);
      Map<String, String> tokens = new HashMap<>();
      for (String u : List.of("chair", "member01", "member05", "member02", "member06", "member03", "public01")) {
        tokens.put(u, product.login(u));
      }
      BusClient chair = BusClient.connect(vertx, product.port, tokens.get("chair"));
      assertTrue(send(chair, m, "chair", cmd("Open")));
      assertTrue(send(chair, m, "chair", cmd("StartItem").put("itemId", m.items.get("委员发言"))));
      assertTrue(send(chair, m, "chair", cmd("OpenPoll").put("question", "是否赞成将污水治理列为明年重点？")
          .put("options", new JsonArray().add("赞成").add("反对").add("弃权")).put("anonymous", false)));
      String pollId = product.strings("SELECT data->>'pollId' FROM live_event WHERE session_id = " + m.id
          + " AND type = 'PollOpened'").get(0);

      List<Thread> threads = new ArrayList<>();
      List<BusClient> clients = new ArrayList<>(List.of(chair));
      for (String user : List.of("member01", "member05", "member02", "member06", "member03", "public01")) {
        BusClient c = BusClient.connect(vertx, product.port, tokens.get(user));
        clients.add(c);
        IntFunction<JsonObject> next = i -> switch (i % 5) {
          case 0 -> cmd("Comment").put("text", "评论 " + user + " " + i);
          case 1 -> cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(i % 3));
          case 2 -> cmd("RaiseHand").put("note", "发言 " + user + " " + i);
          case 3 -> cmd("LowerHand");
          default -> cmd("CheckIn");
        };
        threads.add(new Thread(() -> {
          for (int i = 0; running; i++) {
            send(c, m, user, next.apply(i));
          }
        }, "live-" + user));
      }
      threads.add(new Thread(() -> {
        String[] modes = {"FIRST_COME", "ROTATION", "LEAST_SPOKEN"};
        for (int i = 0; running; i++) {
          JsonObject c = switch (i % 8) {
            case 0 -> cmd("Grant");
            case 1 -> cmd("Extend").put("seconds", 30);
            case 2 -> cmd("EndFloor");
            case 3 -> cmd("SetQueueMode").put("mode", modes[i % 3]);
            case 4 -> cmd("SetModeration").put("holdPublic", i % 16 < 8);
            case 5 -> cmd("Pause");
            case 6 -> cmd("Resume");
            default -> cmd("NextItem");
          };
          send(chair, m, "chair", c);
        }
      }, "live-chair"));
      threads.forEach(Thread::start);
      Await.until("400 commands acknowledged before the kill", 60_000, () -> acked.size() >= 400);

      product.kill9();
      running = false;
      for (Thread t : threads) {
        t.join(30_000);
      }
      clients.forEach(BusClient::close);
      int ackedAtKill = acked.size();
      int sentAtKill = sent.size();
      Duration up = product.start();

      // what was acknowledged is there: each acknowledged client id is remembered with its sender
      Set<String> remembered = new HashSet<>(product.strings("SELECT client_id FROM live_command WHERE session_id = " + m.id));
      Set<String> missing = new HashSet<>(acked);
      missing.removeAll(remembered);
      assertEquals(Set.of(), missing, "acknowledged commands missing after the restart");

      // the same commands sent again, with the same client ids, from the same people
      Map<String, BusClient> again = new HashMap<>();
      List<Sent> retries = new ArrayList<>();
      List<Sent> before = new ArrayList<>(sent);
      int n = 0;
      for (Sent s : before) {
        if (!acked.contains(s.clientId()) || n++ % 3 == 0) {
          retries.add(s);
        }
      }
      int duplicates = 0;
      int ackedRetried = 0;
      for (Sent s : retries) {
        BusClient c = again.computeIfAbsent(s.user(), u -> BusClient.connect(vertx, product.port, product.login(u)));
        boolean wasAcked = acked.contains(s.clientId());
        JsonObject reply = c.request(m.cmd(), s.body());
        if (wasAcked) {
          ackedRetried++;
          assertEquals("rec", reply.getString("type"), "retry of an acknowledged " + s.body() + ": " + reply);
          assertTrue(reply.getJsonObject("body").getBoolean("duplicate", false), "answered duplicate: " + reply);
          duplicates++;
        } else if ("rec".equals(reply.getString("type")) && reply.getJsonObject("body").getBoolean("duplicate", false)) {
          duplicates++; // applied before the kill, its answer lost with the server
        }
      }
      again.values().forEach(BusClient::close);

      // nothing twice: each comment and each raised hand (they carry the sender's text) appears once
      List<String> comments = product.strings("SELECT data->>'text' FROM live_event WHERE session_id = " + m.id
          + " AND type = 'CommentPosted'");
      assertEquals(new HashSet<>(comments).size(), comments.size(), "a comment applied twice");
      List<String> hands = product.strings("SELECT data->>'note' FROM live_event WHERE session_id = " + m.id
          + " AND type = 'HandRaised'");
      assertEquals(new HashSet<>(hands).size(), hands.size(), "a hand raised twice by one command");
      for (Sent s : before) {
        if (acked.contains(s.clientId()) && "Comment".equals(s.body().getString("type"))) {
          assertTrue(comments.contains(s.body().getString("text")), "acknowledged comment stored: " + s.body());
        }
      }
      // each ballot is the voter's last applied vote: an earlier vote sent again did not change it back
      remembered = new HashSet<>(product.strings("SELECT client_id FROM live_command WHERE session_id = " + m.id));
      Map<String, Integer> lastApplied = new HashMap<>();
      for (Sent s : before) {
        if ("Vote".equals(s.body().getString("type")) && remembered.contains(s.clientId())) {
          lastApplied.put(s.user(), s.body().getJsonArray("choices").getInteger(0));
        }
      }
      for (Map.Entry<String, Integer> e : lastApplied.entrySet()) {
        String ballot = product.strings("SELECT choices[1]::text FROM live_vote WHERE session_id = " + m.id
            + " AND poll_id = '" + pollId + "' AND account_id = " + product.accountId(e.getKey())).get(0);
        assertEquals(e.getValue().toString(), ballot, "ballot of " + e.getKey());
      }
      Map<String, Long> types = new java.util.TreeMap<>();
      for (Sent s : before) {
        if (acked.contains(s.clientId())) {
          types.merge(s.body().getString("type"), 1L, Long::sum);
        }
      }
      Figures.record("server kill -9 mid live commands (socket)", new JsonObject()
          .put("sent", sentAtKill).put("acknowledged", ackedAtKill).put("acknowledged_missing", missing.size())
          .put("acknowledged_by_type", new JsonObject(new HashMap<>(types)))
          .put("retried", retries.size()).put("retried_acknowledged", ackedRetried).put("answered_duplicate", duplicates)
          .put("comments_stored", comments.size()).put("restart_ms", up.toMillis()));
    } finally {
      vertx.close();
    }
  }
}
