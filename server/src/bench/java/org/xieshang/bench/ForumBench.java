package org.xieshang.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.xieshang.support.TestApp;
import org.xieshang.support.TestDatabase;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * scripts/bench forum [--seconds S] [--voters V] [--window W] [--posts-per-second P]
 *
 * Starts the whole server on a fresh database with one open theme of many statements. V voters, each
 * on their own event-bus socket (the real SockJS WebSocket path, authenticated), vote statement after
 * statement on forum.<theme>.cmd, keeping W votes unanswered at a time; a vote counts as acknowledged
 * when its reply arrives, which the server sends only after the batch holding it commits. Meanwhile
 * posts arrive over HTTP at P per second. Then, in the same run, the same kind of votes are written one
 * INSERT per vote (one transaction each) with the same number of votes in flight, through a pool as
 * large as the server's. Finally the database must hold exactly the acknowledged votes. Ends with one
 * JSON line.
 */
public final class ForumBench {
  static final int STATEMENTS = 3000;

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = LiveBench.options(args);
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
    int voters = Integer.parseInt(opts.getOrDefault("voters", "500"));
    int window = Integer.parseInt(opts.getOrDefault("window", "1"));
    int postsPerSecond = Integer.parseInt(opts.getOrDefault("posts-per-second", "20"));
    int warmUp = 5;
    String secret = "bench-secret-" + Long.toHexString(System.nanoTime()) + "-0123456789abcdef";
    System.out.printf("forum bench: %d voters × %d votes in flight over the event bus, %d posts/s over HTTP, %d s (+%d s warm-up)%n",
        voters, window, postsPerSecond, seconds, warmUp);

    TestApp app = TestApp.start(Map.of("XIESHANG_AUTH_JWT_SECRET", secret,
        "XIESHANG_HTTP_API_RATE_PER_MINUTE", "10000000", "XIESHANG_FORUM_VOTE_RATE_PER_MINUTE", "1000000",
        "XIESHANG_FORUM_POST_RATE_PER_MINUTE", "100000"));
    long theme = createTheme(app, voters + 20);
    long firstVoter = app.count("SELECT min(id) FROM account WHERE username LIKE 'bench-v-%'");
    long firstStatement = app.count("SELECT min(id) FROM forum_statement WHERE theme_id = " + theme);

    // --- the product: votes over the event-bus bridge, posts over HTTP ---
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Load load = new Load(client, app.app.port(), theme, secret, firstVoter, firstStatement, voters, window);
    load.connect();
    Poster poster = new Poster(app, secret, theme, firstVoter + voters, postsPerSecond);
    poster.start();
    load.start();
    Thread.sleep(warmUp * 1000L);
    long acked0 = load.acked.get();
    load.measuring = true;
    poster.measuring = true;
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    load.measuring = false;
    poster.measuring = false;
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long measured = load.acked.get() - acked0;
    load.stop();
    poster.stop();
    // every vote sent is answered before the database is compared with what was acknowledged
    long drainUntil = System.nanoTime() + 10_000_000_000L;
    while (load.unanswered() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(50);
    }
    Thread.sleep(200); // the last posts
    double votesPerSecond = measured / elapsed;
    double p50 = load.latencies.percentileMs(50);
    double p99 = load.latencies.percentileMs(99);
    double max = load.latencies.percentileMs(100);
    long acked = load.acked.get();
    long stored = app.count("SELECT count(*) FROM forum_vote v JOIN forum_statement s ON s.id = v.statement_id "
        + "WHERE s.theme_id = " + theme);
    long counted = app.count("SELECT sum(agree + disagree + pass) FROM forum_statement WHERE theme_id = " + theme);
    System.out.printf("event-bus votes: %.0f votes/s; ack p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d refused%n",
        votesPerSecond, p50, p99, max, load.refused.get());
    System.out.printf("after the run: %d votes acknowledged, %d in the database, %d in the statements' counts"
        + " (%d sent and never answered; %d sockets closed during the run)%n", acked, stored, counted, load.unanswered(),
        load.closedEarly.get());
    System.out.printf("HTTP posts: %.1f posts/s, p99 %.1f ms, %d failed%n", poster.measured.get() / elapsed,
        poster.latencies.percentileMs(99), poster.failed.get());
    client.close().await(30, TimeUnit.SECONDS);

    // --- the baseline: the same votes, one INSERT (one transaction) per vote ---
    double single = singleInserts(app, theme, firstStatement, firstVoter, voters, voters * window, Math.min(seconds, 15));
    System.out.printf("one INSERT per vote: %.0f votes/s with %d in flight (%.1f× slower)%n", single,
        voters * window, votesPerSecond / single);
    double serial = singleInserts(app, theme, firstStatement + STATEMENTS / 2, firstVoter, voters, 1, 5);
    System.out.printf("one INSERT per vote, one at a time: %.0f votes/s (%.2f ms per commit)%n", serial, 1000 / serial);
    app.close();

    JsonObject result = new JsonObject()
        .put("voters", voters).put("window", window).put("seconds", seconds)
        .put("votes_per_s", Math.round(votesPerSecond))
        .put("p50_ack_ms", LiveBench.round(p50)).put("p99_ack_ms", LiveBench.round(p99)).put("max_ack_ms", LiveBench.round(max))
        .put("refused", load.refused.get())
        .put("acknowledged", acked).put("stored", stored).put("counted", counted)
        .put("unanswered", load.unanswered()).put("closed_during_run", load.closedEarly.get()).put("exact", acked == stored && stored == counted)
        .put("posts_per_s", LiveBench.round(poster.measured.get() / elapsed))
        .put("p99_post_ms", LiveBench.round(poster.latencies.percentileMs(99)))
        .put("single_insert_votes_per_s", Math.round(single))
        .put("single_insert_serial_votes_per_s", Math.round(serial))
        .put("speedup", LiveBench.round(votesPerSecond / single));
    System.out.println(result.encode());
    System.exit(0);
  }

  /** One open theme with STATEMENTS statements, and voter accounts (members). */
  static long createTheme(TestApp app, int accounts) throws Exception {
    try (Connection c = TestDatabase.jdbc(app.db); Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO forum_theme (title, topic, committee_id, opens_at, closes_at, visibility, premoderate_public)
          SELECT '性能测试网络议政', '农村养老服务', min(id), now() - interval '1 day', now() + interval '1 day', 'MEMBERS', false
            FROM committee""");
      long theme = app.count("SELECT max(id) FROM forum_theme");
      s.execute("INSERT INTO forum_participant (theme_id, external_id, author_kind) VALUES (" + theme + ", 'seed', 'IMPORTED')");
      s.execute("INSERT INTO forum_statement (theme_id, participant_id, body, status, search) SELECT " + theme
          + ", (SELECT id FROM forum_participant WHERE theme_id = " + theme + "), '表述 ' || g || '：应当提高农村养老服务补贴', "
          + "'VISIBLE', ''::tsvector FROM generate_series(1, " + STATEMENTS + ") g");
      s.execute("INSERT INTO account (username, display_name, roles) SELECT 'bench-v-' || g, '测试委员' || g, ARRAY['MEMBER']"
          + " FROM generate_series(1, " + accounts + ") g");
      return theme;
    }
  }

  /** Voters on the event bus, each voting statement after statement with a window of unanswered votes. */
  static final class Load {
    final Vertx vertx;
    final int port;
    final long theme;
    final String secret;
    final long firstVoter;
    final long firstStatement;
    final int voters;
    final int window;
    WebSocketClient ws;
    final AtomicLong sent = new AtomicLong();
    /** sockets the server closed while votes were still being sent */
    final AtomicLong closedEarly = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final Latencies latencies = new Latencies();
    volatile boolean measuring;
    volatile boolean running;
    int[] nextVote;

    Load(Vertx vertx, int port, long theme, String secret, long firstVoter, long firstStatement, int voters, int window) {
      this.vertx = vertx;
      this.port = port;
      this.theme = theme;
      this.secret = secret;
      this.firstVoter = firstVoter;
      this.firstStatement = firstStatement;
      this.voters = voters;
      this.window = window;
      this.nextVote = new int[voters];
    }

    void connect() throws Exception {
      // kept in a field: Vert.x closes a client that is no longer referenced when it is garbage collected,
      // and all its sockets with it (a normal close, 1000) — this cost half of the 30 s runs their last votes
      ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(voters + 10));
      BenchTokens tokens = new BenchTokens(vertx, secret);
      CountDownLatch ready = new CountDownLatch(voters);
      for (int i = 0; i < voters; i++) {
        int voter = i;
        String token = tokens.member(firstVoter + i, 60);
        vertx.runOnContext(v -> ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI(String.format("/eventbus/%03d/%08x/websocket?token=%s", voter % 1000, voter, token)))
            .onSuccess(socket -> {
              socketOf.put(voter, socket);
              socket.textMessageHandler(text -> onFrame(voter, socket, text));
              socket.closeHandler(cv -> {
                if (running) {
                  closedEarly.incrementAndGet();
                }
              });
              ready.countDown();
            })
            .onFailure(e -> {
              System.err.println("connect failed: " + e);
              ready.countDown();
            }));
      }
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("voters did not connect");
      }
      if (socketOf.size() != voters) {
        throw new IllegalStateException(socketOf.size() + " of " + voters + " connected");
      }
    }

    void start() {
      running = true;
      vertx.runOnContext(v -> {
        for (int voter = 0; voter < voters; voter++) {
          for (int k = 0; k < window; k++) {
            send(voter);
          }
        }
      });
    }

    void stop() {
      running = false;
    }

    long unanswered() {
      return sent.get() - acked.get() - refused.get();
    }

    final Map<Integer, WebSocket> socketOf = new java.util.concurrent.ConcurrentHashMap<>();

    private void onFrame(int voter, WebSocket socket, String text) {
      if (!text.startsWith("a")) {
        return; // open frame, heartbeats
      }
      for (Object o : new JsonArray(text.substring(1))) {
        JsonObject frame = new JsonObject((String) o);
        String reply = frame.getString("address", "");
        if (!reply.startsWith("v:")) {
          continue;
        }
        long sentAt = Long.parseLong(reply.substring(reply.lastIndexOf(':') + 1));
        if ("rec".equals(frame.getString("type"))) {
          acked.incrementAndGet();
          if (measuring) {
            latencies.add(System.nanoTime() - sentAt);
          }
        } else {
          refused.incrementAndGet();
        }
        if (running) {
          send(voter);
        }
      }
    }

    private void send(int voter) {
      WebSocket socket = socketOf.get(voter);
      int n = nextVote[voter]++;
      if (socket == null || n >= STATEMENTS) {
        return;
      }
      // voters start at different statements so that each batch touches many statements
      long statement = firstStatement + (n + voter * 7L) % STATEMENTS;
      int value = (int) ((statement + voter) % 3) - 1;
      String msg = new JsonObject().put("type", "send").put("address", "forum." + theme + ".cmd")
          .put("body", new JsonObject().put("type", "Vote").put("statementId", statement).put("vote", value))
          .put("replyAddress", "v:" + voter + ":" + System.nanoTime()).encode();
      sent.incrementAndGet();
      socket.writeTextMessage(new JsonArray().add(msg).encode());
    }
  }

  /** Posts over HTTP at a steady rate, from a few accounts. */
  static final class Poster {
    final TestApp app;
    final long theme;
    final long firstAccount;
    final int perSecond;
    final HttpClient http = HttpClient.newHttpClient();
    final Latencies latencies = new Latencies();
    final AtomicLong measured = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile boolean measuring;
    volatile boolean running = true;
    Thread thread;

    final String secret;

    Poster(TestApp app, String secret, long theme, long firstAccount, int perSecond) {
      this.app = app;
      this.secret = secret;
      this.theme = theme;
      this.firstAccount = firstAccount;
      this.perSecond = perSecond;
    }

    void start() {
      BenchTokens signer = new BenchTokens(app.vertx, secret);
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tokens.add(signer.member(firstAccount + i, 60));
      }
      thread = new Thread(() -> {
        long k = 0;
        long next = System.nanoTime();
        while (running && perSecond > 0) {
          next += 1_000_000_000L / perSecond;
          java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
          long sent = System.nanoTime();
          boolean counting = measuring;
          String body = new JsonObject().put("title", "性能测试帖 " + k).put("body", "建议加强农村养老服务设施建设，第 " + k + " 条").encode();
          http.sendAsync(HttpRequest.newBuilder(URI.create(app.base() + "/api/themes/" + theme + "/posts"))
                  .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.get((int) (k % tokens.size())))
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
              .whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 201) {
                  failed.incrementAndGet();
                } else if (counting) {
                  measured.incrementAndGet();
                  latencies.add(System.nanoTime() - sent);
                }
              });
          k++;
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      running = false;
    }
  }

  /** The same kind of votes as the product phase, one INSERT and one commit each, for S seconds. */
  static double singleInserts(TestApp app, long theme, long firstStatement, long firstVoter, int voters, int inFlight,
                              int seconds) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(app.config.db().poolSize()))
        .connectingTo(app.db.connectOptions()).using(vertx).build();
    // a fresh set of participants so that every vote is a new row, as in the product phase
    String prefix = "single-" + inFlight + "-";
    try (Connection c = TestDatabase.jdbc(app.db); Statement s = c.createStatement()) {
      s.execute("INSERT INTO forum_participant (theme_id, external_id, author_kind) SELECT " + theme
          + ", '" + prefix + "' || g, 'IMPORTED' FROM generate_series(1, " + voters + ") g");
    }
    long firstParticipant = app.count("SELECT min(id) FROM forum_participant WHERE external_id LIKE '" + prefix + "%'");
    AtomicLong done = new AtomicLong();
    AtomicLong next = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    CountDownLatch finished = new CountDownLatch(inFlight);
    Runnable[] one = new Runnable[1];
    one[0] = () -> {
      long k = next.getAndIncrement();
      if (System.nanoTime() > end || k >= (long) voters * STATEMENTS) {
        finished.countDown();
        return;
      }
      long participant = firstParticipant + k % voters;
      long statement = firstStatement + k / voters;
      pool.preparedQuery("INSERT INTO forum_vote (statement_id, participant_id, vote) VALUES ($1, $2, $3)")
          .execute(Tuple.of(statement, participant, (short) ((k % 3) - 1)))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              done.incrementAndGet();
            }
            one[0].run();
          });
    };
    long t0 = System.nanoTime();
    vertx.runOnContext(v -> {
      for (int i = 0; i < inFlight; i++) {
        one[0].run();
      }
    });
    finished.await(seconds + 30L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.close();
    vertx.close();
    return done.get() / elapsed;
  }

}
