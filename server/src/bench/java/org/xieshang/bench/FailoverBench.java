package org.xieshang.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.xieshang.platform.db.DbAddress;
import org.xieshang.support.LoadBalancer;
import org.xieshang.support.LocalCluster;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.TestDatabase;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * scripts/bench failover [--participants N] [--kills K] [--rate R]
 *
 * Three server processes clustered through Hazelcast behind Debian's nginx (no sticky sessions), N
 * participants (default 1,000) on SockJS WebSockets through nginx, the chair sending R comments per
 * second (default 5) through nginx with a client id, retried while answered 503, and a speaker on the
 * floor. K times (default 5), at a random moment, the node that owns the meeting is killed with
 * kill -9, and started again afterwards. The participants behave as the web client: a socket that
 * closes reconnects through nginx, registers and fetches what it missed from the log
 * (/events?after=), once at once and once a second later. Per kill: the time from the kill to the first
 * event committed by the new owner, the delivery delay of the events sent during the failover, lost
 * and duplicated deliveries, and the speaker's remaining time before and after. Ends with one JSON line.
 */
public final class FailoverBench {
  static final String SECRET = "fault-test-secret-0123456789abcdef0123456789"; // ProductProcess's

  /** One participant across its sockets: the comments (by k) it has, the last seq it applied. */
  static final class Participant {
    final long account;
    final String token;
    final BitSet have = new BitSet();
    /** the comments pushed to it (a second push of one is a duplicate; a push of one it fetched is overlap) */
    final BitSet pushed = new BitSet();
    /** the seqs it has; all up to {@link #contiguous()} without a gap */
    final BitSet seqs = new BitSet();
    boolean fetching;
    long duplicates;

    long contiguous() {
      return seqs.nextClearBit(1) - 1;
    }
    int reconnects;
    Participant(long account, String token) {
      this.account = account;
      this.token = token;
    }
  }

  static final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
  static final Map<Integer, Long> lastDelivery = new ConcurrentHashMap<>();
  /** when each comment was acknowledged (200), to tell the command's wait from the delivery's */
  static final Map<Integer, Long> ackedAt = new ConcurrentHashMap<>();
  static final AtomicLong acknowledged = new AtomicLong();
  static volatile boolean stopping;
  static final AtomicInteger FAILURES = new AtomicInteger();
  static HttpClient FETCHER;
  static long SESSION;

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = LiveBench.options(args);
    int participants = Integer.parseInt(opts.getOrDefault("participants", "1000"));
    int kills = Integer.parseInt(opts.getOrDefault("kills", "5"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "5"));
    long started = System.nanoTime();
    System.out.printf("failover bench: 3 nodes behind nginx, %d participants, %d events/s, %d kills of the owner%n",
        participants, rate, kills);
    DbAddress db = TestDatabase.fresh();
    Path dir = Files.createTempDirectory("xieshang-failover");
    LocalCluster cluster = LocalCluster.start(3, dir, db, Map.of("XIESHANG_HTTP_API_RATE_PER_MINUTE", "10000000"));
    LoadBalancer lb = LoadBalancer.start(dir.resolve("nginx"), cluster.ports(), cluster.nodes.get(0));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      long sessionId = LiveBench.createMeeting(db, participants, 3600);
      ProductProcess any = cluster.nodes.get(0);
      long firstAccount = any.count("SELECT min(id) FROM account WHERE username LIKE 'bench-%'");
      long item = any.count("SELECT id FROM agenda_item WHERE activity_id = " + sessionId);
      String chair = lb.login("chair");
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      URI commands = URI.create("http://127.0.0.1:" + lb.port + "/api/live/" + sessionId + "/commands");
      for (JsonObject c : List.of(new JsonObject().put("type", "Open"), new JsonObject().put("type", "StartItem").put("itemId", item),
          new JsonObject().put("type", "Grant").put("accountId", firstAccount))) {
        send(http, commands, chair, c.put("clientId", "setup-" + c.getString("type")), -1, 0);
      }

      BenchTokens tokens = new BenchTokens(vertx, SECRET);
      WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(participants * 2 + 100)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 21));
      HttpClient catchUp = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(lb.port),
          new io.vertx.core.http.PoolOptions().setHttp1MaxSize(20));
      FETCHER = catchUp;
      SESSION = sessionId;
      List<Participant> people = new ArrayList<>();
      AtomicInteger open = new AtomicInteger();
      for (int i = 0; i < participants; i++) {
        long account = firstAccount + i;
        String token = tokens.member(account, 120);
        Participant p = new Participant(account, token);
        people.add(p);
      }
      Random random = new Random(42);
      for (Participant p : people) {
        vertx.runOnContext(v -> connect(vertx, ws, catchUp, lb.port, sessionId, p, open, random, false));
        if (open.get() < people.indexOf(p) - 100) {
          Thread.sleep(5);
        }
      }
      long end = System.currentTimeMillis() + 120_000;
      while (open.get() < participants && System.currentTimeMillis() < end) {
        Thread.sleep(100);
      }
      System.out.printf("%d sockets open through nginx%n", open.get());
      Thread.sleep(3000); // registrations complete asynchronously on the server

      // the chair: R comments per second, each retried with its client id until acknowledged
      AtomicInteger sent = new AtomicInteger();
      java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newCachedThreadPool();
      Thread chairThread = new Thread(() -> {
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime();
        for (int k = 1; !stopping; k++) {
          long due = t0 + (k - 1) * period;
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          if (stopping) {
            break;
          }
          int kk = k;
          long now = System.currentTimeMillis();
          sentAt.put(kk, now);
          sent.set(kk);
          JsonObject cmd = new JsonObject().put("type", "Comment").put("clientId", "failover-" + kk)
              .put("text", "bench k=" + kk + " t=" + now + " 请各分会场委员就农村人居环境整治发表意见");
          senders.execute(() -> send(http, commands, chair, cmd, kk, 0));
        }
      }, "chair");
      chairThread.start();
      Thread.sleep(10_000); // warm-up: steady state before the first kill

      List<JsonObject> perKill = new ArrayList<>();
      List<Double> takeovers = new ArrayList<>();
      List<Double> failoverDelays = new ArrayList<>();
      java.util.BitSet duringFailover = new java.util.BitSet();
      double timerError = 0;
      int reconnectsBefore = 0;
      for (int kill = 1; kill <= kills; kill++) {
        Thread.sleep(2000 + random.nextInt(6000));
        int victim = cluster.owner(sessionId);
        if (victim < 0) {
          throw new IllegalStateException("no owner among our nodes");
        }
        ProductProcess survivor = cluster.nodes.get((victim + 1) % 3);
        JsonObject before = survivor.get("/api/live/" + sessionId, chair).json();
        long deadlineBefore = before.getJsonObject("floor").getLong("deadline");
        long killedAt = System.currentTimeMillis();
        int firstDuring = sent.get() + 1;
        cluster.nodes.get(victim).kill9();
        long seqAtKill = survivor.count("SELECT coalesce(max(seq), 0) FROM live_event WHERE session_id = " + sessionId);
        long takenAt;
        while (true) {
          if (survivor.count("SELECT coalesce(max(seq), 0) FROM live_event WHERE session_id = " + sessionId) > seqAtKill) {
            takenAt = System.currentTimeMillis();
            break;
          }
          if (System.currentTimeMillis() - killedAt > 60_000) {
            throw new IllegalStateException("nobody took over within 60 s");
          }
          Thread.sleep(20);
        }
        int lastDuring = sent.get();
        JsonObject after = survivor.get("/api/live/" + sessionId, chair).json();
        long deadlineAfter = after.getJsonObject("floor").getLong("deadline");
        double takeover = (takenAt - killedAt) / 1000.0;
        takeovers.add(takeover);
        timerError = Math.max(timerError, Math.abs(deadlineAfter - deadlineBefore) / 1000.0);
        // the events sent between the kill and the takeover, once they have all arrived (or 20 s)
        long waitEnd = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < waitEnd && !allDelivered(people, firstDuring, lastDuring)) {
          Thread.sleep(100);
        }
        List<Double> delays = new ArrayList<>();
        List<Double> acks = new ArrayList<>();
        for (int k = firstDuring; k <= lastDuring; k++) {
          Long a = ackedAt.get(k);
          if (a != null) {
            acks.add((double) (a - sentAt.get(k)));
          }
          Long d = lastDelivery.get(k);
          if (d != null) {
            delays.add((double) (d - sentAt.get(k)));
          }
        }
        failoverDelays.addAll(delays);
        duringFailover.set(firstDuring, lastDuring + 1);
        JsonObject k = new JsonObject().put("kill", kill).put("node", victim)
            .put("takeover_s", LiveBench.round(takeover))
            .put("events_during", lastDuring - firstDuring + 1)
            .put("delay_p50_ms", LiveBench.round(pct(delays, 50))).put("delay_p99_ms", LiveBench.round(pct(delays, 99)))
            .put("delay_max_ms", LiveBench.round(pct(delays, 100)))
            .put("ack_p50_ms", LiveBench.round(pct(acks, 50))).put("ack_max_ms", LiveBench.round(pct(acks, 100)))
            .put("timer_remaining_before_s", LiveBench.round((deadlineBefore - killedAt) / 1000.0))
            .put("timer_remaining_after_s", LiveBench.round((deadlineAfter - takenAt) / 1000.0))
            .put("timer_deadline_moved_s", LiveBench.round((deadlineAfter - deadlineBefore) / 1000.0))
            .put("reconnected", people.stream().mapToInt(p -> p.reconnects).sum() - reconnectsBefore);
        reconnectsBefore = people.stream().mapToInt(p -> p.reconnects).sum();
        System.out.println("kill " + k.encode());
        perKill.add(k);
        // the node comes back: three nodes again before the next kill
        cluster.nodes.get(victim).start();
      }
      Thread.sleep(3000);
      stopping = true;
      chairThread.join();
      int last = sent.get();
      long waitEnd = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < waitEnd && (acknowledged.get() < last || !allDelivered(people, 1, last))) {
        Thread.sleep(200);
      }
      // the last word: each participant fetches from the log whatever it might still miss (as the web
      // client does on its next event); counted apart from the live deliveries
      long lost = 0;
      long duplicated = 0;
      for (Participant p : people) {
        synchronized (p) {
          BitSet want = new BitSet();
          want.set(1, last + 1);
          want.andNot(p.have);
          lost += want.cardinality();
          duplicated += p.duplicates;
        }
      }
      long inLog = any(cluster).count("SELECT count(*) FROM live_event WHERE session_id = " + sessionId
          + " AND type = 'CommentPosted' AND data->>'text' LIKE 'bench k=%'");
      long distinctInLog = any(cluster).count("SELECT count(DISTINCT substring(data->>'text' from 'k=([0-9]+)')) FROM live_event"
          + " WHERE session_id = " + sessionId + " AND type = 'CommentPosted' AND data->>'text' LIKE 'bench k=%'");
      // the baseline of the same run: the delay of the comments sent outside any failover (after the warm-up)
      List<Double> steady = new ArrayList<>();
      for (int k = 10 * rate; k <= last; k++) {
        if (!duringFailover.get(k) && lastDelivery.containsKey(k)) {
          steady.add((double) (lastDelivery.get(k) - sentAt.get(k)));
        }
      }
      System.out.printf("baseline, the comments sent outside the failovers: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
          pct(steady, 50), pct(steady, 99), pct(steady, 100));
      List<Double> sortedTakeovers = new ArrayList<>(takeovers);
      sortedTakeovers.sort(null);
      JsonObject result = new JsonObject().put("nodes", 3).put("participants", participants).put("rate", rate)
          .put("kills", kills).put("events", last).put("acknowledged", acknowledged.get())
          .put("events_in_log", inLog).put("events_applied_twice", inLog - distinctInLog)
          .put("max_takeover_s", LiveBench.round(sortedTakeovers.get(sortedTakeovers.size() - 1)))
          .put("median_takeover_s", LiveBench.round(sortedTakeovers.get(sortedTakeovers.size() / 2)))
          .put("p50_failover_delay_ms", LiveBench.round(pct(failoverDelays, 50)))
          .put("p99_failover_delay_ms", LiveBench.round(pct(failoverDelays, 99)))
          .put("max_failover_delay_ms", LiveBench.round(pct(failoverDelays, 100)))
          .put("steady_p50_delay_ms", LiveBench.round(pct(steady, 50)))
          .put("steady_p99_delay_ms", LiveBench.round(pct(steady, 99)))
          .put("lost", lost).put("duplicated", duplicated)
          .put("reconnects", people.stream().mapToInt(p -> p.reconnects).sum())
          .put("timer_error_s", LiveBench.round(timerError))
          .put("total_seconds", LiveBench.round((System.nanoTime() - started) / 1e9));
      System.out.println(result.encode());
    } finally {
      stopping = true;
      lb.close();
      cluster.close();
      vertx.close();
    }
    System.exit(0);
  }

  static ProductProcess any(LocalCluster c) {
    return c.nodes.stream().filter(ProductProcess::alive).findFirst().orElseThrow();
  }

  static boolean allDelivered(List<Participant> people, int from, int to) {
    for (Participant p : people) {
      synchronized (p) {
        if (to >= from && p.have.nextClearBit(from) <= to) {
          return false;
        }
      }
    }
    return true;
  }

  /** Sends a command, again with the same client id while the meeting changes owner (503) or nginx cannot reach a node. */
  static void send(java.net.http.HttpClient http, URI uri, String token, JsonObject cmd, int k, int attempt) {
    for (int i = 0; i < 600; i++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(20))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(cmd.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          if (k > 0) {
            acknowledged.incrementAndGet();
            ackedAt.put(k, System.currentTimeMillis());
          }
          return;
        }
        if (r.statusCode() != 503 && r.statusCode() != 502 && r.statusCode() != 504) {
          throw new IllegalStateException(cmd.getString("type") + ": " + r.statusCode() + " " + r.body());
        }
      } catch (java.io.IOException e) {
        // the node went away under nginx: the same command again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException(cmd.getString("type") + " never acknowledged");
  }

  /** Opens a participant's socket through nginx; on close, again (after a short random pause), catching up from the log. */
  static void connect(Vertx vertx, WebSocketClient client, HttpClient http, int port, long sessionId, Participant p,
                      AtomicInteger open, Random random, boolean again) {
    String uri = String.format("/eventbus/%03d/%08x/websocket?token=%s", random.nextInt(1000), random.nextInt(), p.token);
    String register = "[\"" + new JsonObject().put("type", "register").put("address", "live." + sessionId + ".events")
        .put("headers", new JsonObject()).encode().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .onSuccess(socket -> {
          if (!again) {
            open.incrementAndGet();
          }
          socket.textMessageHandler(text -> {
            if (text.equals("o")) {
              socket.writeTextMessage(register);
              if (again) {
                // as the web client: fetch what was missed at once, and once more when the registration has surely completed
                fetch(http, sessionId, p);
                vertx.setTimer(1000, t -> fetch(http, sessionId, p));
              }
            } else if (text.startsWith("a")) {
              for (Object m : new JsonArray(text.substring(1))) {
                JsonObject frame = new JsonObject((String) m);
                JsonObject body = frame.getJsonObject("body");
                if ("rec".equals(frame.getString("type")) && body != null) {
                  receive(p, body, false);
                }
              }
            }
          });
          socket.closeHandler(v -> reconnect(vertx, client, http, port, sessionId, p, open, random));
          socket.exceptionHandler(e -> { });
          vertx.setPeriodic(5000 + random.nextInt(1000), t -> {
            if (!socket.isClosed()) {
              socket.writeTextMessage("[\"{\\\"type\\\":\\\"ping\\\"}\"]");
            } else {
              vertx.cancelTimer(t);
            }
          });
        })
        .onFailure(e -> {
          if (FAILURES.incrementAndGet() <= 3) {
            System.out.println("  a connection failed: " + e);
          }
          reconnect(vertx, client, http, port, sessionId, p, open, random);
        });
  }

  static void reconnect(Vertx vertx, WebSocketClient client, HttpClient http, int port, long sessionId, Participant p,
                        AtomicInteger open, Random random) {
    if (stopping) {
      return;
    }
    synchronized (p) {
      p.reconnects++;
    }
    vertx.setTimer(200 + random.nextInt(800), t -> connect(vertx, client, http, port, sessionId, p, open, random, true));
  }

  static void fetch(HttpClient http, long sessionId, Participant p) {
    long after;
    synchronized (p) {
      if (p.fetching) {
        return;
      }
      p.fetching = true;
      after = p.contiguous();
    }
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/api/live/" + sessionId + "/events?after=" + after
            + "&limit=1000").putHeader("Authorization", "Bearer " + p.token))
        .compose(r -> r.send().compose(res -> res.statusCode() == 200 ? res.body() : io.vertx.core.Future.failedFuture("" + res.statusCode())))
        .onComplete(ar -> {
          synchronized (p) {
            p.fetching = false;
          }
          if (ar.succeeded()) {
            new JsonArray(ar.result()).forEach(e -> receive(p, (JsonObject) e, true));
          }
        });
  }

  /**
   * One event at a participant: a seq at or below the last applied one is a duplicate when pushed
   * (the server sent it twice) and expected overlap when fetched; a pushed event past a gap is
   * applied as the web client does after filling the gap (the fetch fills it).
   */
  static void receive(Participant p, JsonObject envelope, boolean fetched) {
    long seq = envelope.getLong("seq");
    long now = System.currentTimeMillis();
    boolean gap;
    synchronized (p) {
      // a pushed event past a gap: the web client fetches the gap from the log (live.ts, fillGap)
      gap = !fetched && seq > p.contiguous() + 1;
      JsonObject data = envelope.getJsonObject("data");
      String text = data == null ? null : data.getString("text");
      int k = -1;
      if (text != null && text.startsWith("bench k=")) {
        k = Integer.parseInt(text.substring(8, text.indexOf(' ', 8)));
      }
      if (k > 0 && !fetched) {
        if (p.pushed.get(k)) {
          p.duplicates++;
        }
        p.pushed.set(k);
      }
      p.seqs.set((int) seq);
      if (k > 0 && !p.have.get(k)) {
        p.have.set(k);
        lastDelivery.merge(k, now, Math::max);
      }
    }
    if (gap) {
      fetch(FETCHER, SESSION, p);
    }
  }

  static double pct(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    return s.get(Math.min(s.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.size()) - 1)));
  }
}
