package org.xieshang.fault;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.vertx.core.Vertx;
import org.xieshang.platform.db.EmbeddedDatabase;
import org.xieshang.support.BusClient;
import org.xieshang.support.Meeting;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.Themes;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 17, the fault suite: the product on a PostgreSQL of the test's own (db.url; never the shared
 * one), with voters that keep sending. PostgreSQL is stopped for 30 s and started again, then killed
 * with SIGKILL and started again: meanwhile the server answers 503 problem+json, it recovers by
 * itself, and no acknowledged vote is lost or counted twice; at the end the server is killed and
 * comes up on the first try.
 */
@Tag("fault")
class DatabaseOutageTest {
  static final long OUTAGE_SECONDS = 30;

  @Test
  void postgresStoppedFor30SecondsAndKilledMidLoadLosesNothingAcknowledgedAndTheServerRecoversByItself() throws Exception {
    Path root = Files.createTempDirectory("xieshang-outage-");
    int pgPort;
    try (ServerSocket s = new ServerSocket(0)) {
      pgPort = s.getLocalPort();
    }
    Path pgDir = root.resolve("pg");
    EmbeddedDatabase pg = EmbeddedDatabase.start(pgDir, pgPort);
    Vertx vertx = Vertx.vertx();
    try (ProductProcess product = ProductProcess.on(root.resolve("app"), pg.address())) {
      product.start();
      String staff = product.login("staff");
      long theme = Themes.open(product, staff, Themes.body(product, "故障测试：数据库中断", "农村养老服务"));
      product.execute("INSERT INTO forum_participant (theme_id, external_id, author_kind) VALUES (" + theme + ", 'seed', 'IMPORTED')");
      product.execute("INSERT INTO forum_statement (theme_id, participant_id, body, status, search) SELECT " + theme
          + ", (SELECT id FROM forum_participant WHERE theme_id = " + theme + " AND external_id = 'seed'), "
          + "'表述 ' || g || '：应当提高农村养老服务补贴', 'VISIBLE', ''::tsvector FROM generate_series(1, 100000) g");
      List<Long> statements = product.strings("SELECT id FROM forum_statement WHERE theme_id = " + theme + " ORDER BY id")
          .stream().map(Long::parseLong).toList();
      Map<String, Long> voters = new LinkedHashMap<>();
      for (int i = 3; i <= 8; i++) {
        String user = String.format("member%02d", i);
        voters.put(product.login(user), product.accountId(user));
      }
      // and a live meeting: two members commenting over the socket, each comment's text its own
      Meeting m = Meeting.create(product, 300);
      BusClient chair = BusClient.connect(vertx, product.port, product.login("chair"));
      assertEquals("rec", chair.request(m.cmd(), new JsonObject().put("type", "Open")
          .put("clientId", UUID.randomUUID().toString())).getString("type"));
      chair.close();
      CommentLoad comments = new CommentLoad(vertx, product, m, List.of("member01", "member02"));
      JsonObject figures = new JsonObject();
      VoteLoad load = new VoteLoad(product, voters, statements);
      try {
        load.awaitAcked(300, 60_000);

        // 1. stopped cleanly (fast shutdown) for 30 s
        pg.close();
        long down = System.nanoTime();
        VoteLoad.pause(OUTAGE_SECONDS * 1000);
        int ackedBefore = load.acked.size();
        int commentsBefore = comments.acked.size();
        JsonObject during = load.answers();
        pg = EmbeddedDatabase.start(pgDir, pgPort);
        long back = System.nanoTime();
        load.awaitAcked(ackedBefore + 50, 60_000);
        comments.awaitAcked(commentsBefore + 10, 60_000);
        figures.put("comment_first_ack_after_start_ms", Duration.ofNanos(System.nanoTime() - back).toMillis());
        figures.put("stopped_s", Duration.ofNanos(back - down).toSeconds())
            .put("first_ack_after_start_ms", Duration.ofNanos(System.nanoTime() - back).toMillis())
            .put("answers_until_restart", during);
        assertTrue(during.getLong("503", 0L) > 0, "503 answered while the database was stopped: " + during);

        // 2. killed outright mid-load, started again a few seconds later
        long postmaster = pg.pid().orElseThrow();
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
        VoteLoad.pause(5000);
        pg.close();
        int ackedAtKill = load.acked.size();
        pg = EmbeddedDatabase.start(pgDir, pgPort);
        long restarted = System.nanoTime();
        load.awaitAcked(ackedAtKill + 50, 60_000);
        figures.put("first_ack_after_kill_restart_ms", Duration.ofNanos(System.nanoTime() - restarted).toMillis());
      } finally {
        load.close();
        comments.close();
      }
      long served503 = load.assertOnly503WhileAway();
      assertEquals(Set.of(), comments.refusedOtherThan503(), "socket answers while the database was away");

      // 3. and the server itself killed: up on the first try, every acknowledged vote there once
      product.kill9();
      Duration up = product.start();
      Set<String> storedVotes = new HashSet<>(product.strings("SELECT v.statement_id || ':' || p.account_id || ':' || v.vote "
          + "FROM forum_vote v JOIN forum_participant p ON p.id = v.participant_id "
          + "JOIN forum_statement s ON s.id = v.statement_id WHERE s.theme_id = " + theme));
      Set<String> lost = new HashSet<>(load.acked);
      lost.removeAll(storedVotes);
      assertEquals(Set.of(), lost, "acknowledged votes missing");
      Set<String> unsent = new HashSet<>(storedVotes);
      unsent.removeAll(load.sent);
      assertEquals(Set.of(), unsent, "stored votes nobody sent");
      long counted = product.count("SELECT coalesce(sum(agree + disagree + pass), 0) FROM forum_statement WHERE theme_id = " + theme);
      assertEquals(storedVotes.size(), counted, "each stored vote counted once");
      List<String> stored = product.strings("SELECT data->>'text' FROM live_event WHERE session_id = " + m.id
          + " AND type = 'CommentPosted'");
      assertEquals(new HashSet<>(stored).size(), stored.size(), "a comment stored twice");
      Set<String> lostComments = new HashSet<>(comments.acked);
      lostComments.removeAll(stored);
      assertEquals(Set.of(), lostComments, "acknowledged comments missing");
      figures.put("comments_acknowledged", comments.acked.size()).put("comments_stored", stored.size())
          .put("comments_lost", lostComments.size()).put("comment_answers", comments.answers());
      figures.put("acknowledged", load.acked.size()).put("stored", storedVotes.size())
          .put("stored_not_acknowledged", storedVotes.size() - load.acked.size()).put("lost", lost.size())
          .put("answered_503", served503).put("answers", load.answers()).put("restart_ms", up.toMillis());
      Figures.record("PostgreSQL (db.url) stopped 30 s, then kill -9, mid forum votes; then server kill -9", figures);
    } finally {
      pg.close();
      vertx.close();
    }
  }
}
