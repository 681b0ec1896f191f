package org.xieshang.fault;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.Themes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 17, defect 2 and the fault suite: the product as scripts/run starts it (a child process with
 * its embedded PostgreSQL in its own data folder), killed with SIGKILL in the middle of forum votes,
 * must come up again on the first try with every acknowledged vote stored, once, and counted once.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryTest {
  static ProductProcess product;
  static long theme;
  static List<Long> statements;
  static final List<VoteLoad> loads = new java.util.ArrayList<>();
  static int slice;

  @BeforeAll
  static void startProduct() throws Exception {
    product = ProductProcess.embedded(Files.createTempDirectory("xieshang-fault-"));
    product.start();
    String staff = product.login("staff");
    theme = Themes.open(product, staff, Themes.body(product, "故障测试网络议政", "农村养老服务"));
    product.execute("INSERT INTO forum_participant (theme_id, external_id, author_kind) VALUES (" + theme + ", 'seed', 'IMPORTED')");
    product.execute("INSERT INTO forum_statement (theme_id, participant_id, body, status, search) SELECT " + theme
        + ", (SELECT id FROM forum_participant WHERE theme_id = " + theme + " AND external_id = 'seed'), "
        + "'表述 ' || g || '：应当提高农村养老服务补贴', 'VISIBLE', ''::tsvector FROM generate_series(1, 4000) g");
    statements = product.strings("SELECT id FROM forum_statement WHERE theme_id = " + theme + " ORDER BY id")
        .stream().map(Long::parseLong).toList();
  }

  @AfterAll
  static void stopProduct() {
    if (product != null) {
      product.close();
    }
  }

  /** Six members voting, each on statements no earlier load of this class used. */
  static VoteLoad votes() {
    Map<String, Long> voters = new LinkedHashMap<>();
    for (int i = 3; i <= 8; i++) {
      String user = String.format("member%02d", i);
      voters.put(product.login(user), product.accountId(user));
    }
    List<Long> mine = statements.subList(slice * 1000, (slice + 1) * 1000);
    slice++;
    VoteLoad load = new VoteLoad(product, voters, mine);
    loads.add(load);
    return load;
  }

  /** Every acknowledged vote stored with its value, nothing stored that was not sent, every count once. */
  static JsonObject assertEveryAcknowledgedVoteStored() {
    Set<String> stored = new HashSet<>(product.strings("SELECT v.statement_id || ':' || p.account_id || ':' || v.vote "
        + "FROM forum_vote v JOIN forum_participant p ON p.id = v.participant_id "
        + "JOIN forum_statement s ON s.id = v.statement_id WHERE s.theme_id = " + theme));
    Set<String> acked = new HashSet<>();
    Set<String> sent = new HashSet<>();
    loads.forEach(l -> {
      acked.addAll(l.acked);
      sent.addAll(l.sent);
    });
    Set<String> lost = new HashSet<>(acked);
    lost.removeAll(stored);
    assertEquals(Set.of(), lost, "acknowledged votes missing after the restart");
    Set<String> unsent = new HashSet<>(stored);
    unsent.removeAll(sent);
    assertEquals(Set.of(), unsent, "stored votes nobody sent");
    long counted = product.count("SELECT coalesce(sum(agree + disagree + pass), 0) FROM forum_statement WHERE theme_id = " + theme);
    assertEquals(stored.size(), counted, "each stored vote counted once on its statement");
    return new JsonObject().put("acknowledged", acked.size()).put("stored", stored.size())
        .put("stored_not_acknowledged", stored.size() - acked.size()).put("lost", lost.size()).put("counted", counted);
  }

  @Test
  @Order(1)
  void theServerKilledMidVotesComesBackOnTheFirstStartWithEveryAcknowledgedVote() {
    VoteLoad load = votes();
    load.awaitAcked(300, 60_000);
    product.kill9();
    load.close();
    Duration up = product.start();
    JsonObject figures = assertEveryAcknowledgedVoteStored().put("restart_ms", up.toMillis());
    Figures.record("server kill -9 mid forum votes (embedded PostgreSQL)", figures);
  }

  @Test
  @Order(2)
  void aPostmasterLeftRunningByAKilledServerIsStoppedCleanlyAtTheNextStart() {
    VoteLoad load = votes();
    load.awaitAcked(300, 60_000);
    // the server and its watchdog: nothing of the old process is left to stop PostgreSQL
    product.kill9WithChildren();
    load.close();
    long left = product.postmasterPid().orElseThrow(() -> new AssertionError("expected the old postmaster still running"));
    Duration up = product.start();
    assertTrue(ProcessHandle.of(left).map(p -> !p.isAlive()).orElse(true), "the old postmaster was stopped");
    assertTrue(product.logText().contains("left by an earlier run"), "the start says what it stopped");
    JsonObject figures = assertEveryAcknowledgedVoteStored().put("restart_ms", up.toMillis());
    Figures.record("server and watchdog kill -9 mid forum votes: postmaster left running", figures);
  }

  @Test
  @Order(3)
  void theEmbeddedPostgresKilledMidVotesLosesNothingAcknowledged() {
    VoteLoad load = votes();
    load.awaitAcked(300, 60_000);
    long postmaster = product.postmasterPid().orElseThrow();
    ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
    VoteLoad.pause(1500);
    load.close();
    // the server still runs without its database: stopped as an operator would (SIGTERM), then started
    product.stop();
    Duration up = product.start();
    load.assertOnly503WhileAway();
    JsonObject figures = assertEveryAcknowledgedVoteStored().put("restart_ms", up.toMillis()).put("answers", load.answers());
    Figures.record("embedded PostgreSQL kill -9 mid forum votes", figures);
  }
}
