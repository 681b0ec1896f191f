package org.xieshang.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xieshang.forum.ForumEvents;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.LoadBalancer;
import org.xieshang.support.LocalCluster;
import org.xieshang.support.Meeting;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.TestApp;
import org.xieshang.support.TestDatabase;
import org.xieshang.support.Themes;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Three server processes clustered through Hazelcast on one PostgreSQL, with Debian's nginx in front
 * (no sticky sessions), and real WebSocket clients: what holds across nodes, and the death of the
 * node that owns a meeting in the middle of a speech (issue 19). Runs in the fault stage (-Pfault).
 */
@Tag("fault")
class ClusterTest {
  static final int NODES = 3;
  static LocalCluster cluster;
  static List<ProductProcess> nodes = List.of();
  static LoadBalancer lb;
  static Vertx vertx;

  @BeforeAll
  static void up() throws IOException {
    // as scripts/cluster starts them: one at a time, the first loading the demo data
    cluster = LocalCluster.start(NODES, Files.createTempDirectory("xieshang-cluster"), TestDatabase.fresh(), Map.of());
    nodes = cluster.nodes;
    lb = LoadBalancer.start(cluster.dir.resolve("nginx"), cluster.ports(), nodes.get(0));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() {
    if (lb != null) {
      lb.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  static BusClient on(int node, String username, String address) {
    BusClient c = BusClient.connect(vertx, nodes.get(node).port, lb.login(username));
    c.register(address);
    return c;
  }

  /** A command through nginx, retried with the same client id while the session changes owner. */
  static TestApp.Reply command(Meeting m, String token, JsonObject command) {
    return Await.value(command.getString("type") + " acknowledged", 30_000, () -> m.command(token, command),
        r -> r.status() != 503);
  }

  @Test
  void aMeetingCarriesOnWhenTheNodeThatOwnsItIsKilledMidSpeech() throws Exception {
    Meeting m = Meeting.create(lb, 25);
    String chair = lb.login("chair");
    List<BusClient> clients = List.of(on(0, "member01", m.events()), on(1, "member02", m.events()),
        on(2, "member03", m.events()));
    try {
      assertEquals(200, command(m, chair, cmd("Open")).status());
      assertEquals(200, command(m, chair, cmd("StartItem").put("itemId", m.items.get("委员发言"))).status());
      assertEquals(200, command(m, chair, cmd("Grant").put("accountId", lb.accountId("member01"))).status());
      for (BusClient c : clients) {
        c.awaitEvent("FloorGranted", 10_000);
      }
      // a session's event crosses to each node once and reaches each socket once: a later event has come
      // (each socket's frames arrive in order), so any second copy would have come before it
      assertEquals(200, command(m, chair, cmd("Comment").put("text", "发言开始")).status());
      for (BusClient c : clients) {
        c.awaitEvent("CommentPosted", 10_000);
      }
      for (BusClient c : clients) {
        assertEquals(1, c.all.stream().filter(f -> f.getValue("body") instanceof JsonObject b
            && "FloorGranted".equals(b.getString("type"))).count(), c.all.toString());
      }
      JsonObject before = lb.get("/api/live/" + m.id, chair).json();
      long deadline = before.getJsonObject("floor").getLong("deadline");

      // kill -9 the node that owns the session
      String owner = strings("SELECT node FROM live_owner WHERE session_id = " + m.id);
      long ownerPid = Long.parseLong(owner.substring(0, owner.indexOf('@')));
      int dead = -1;
      for (int i = 0; i < NODES; i++) {
        if (nodes.get(i).pid() == ownerPid) {
          dead = i;
        }
      }
      assertTrue(dead >= 0, "the owner is one of our nodes: " + owner);
      long epoch = lb.count("SELECT epoch FROM live_owner WHERE session_id = " + m.id);
      long killedAt = System.currentTimeMillis();
      nodes.get(dead).kill9();

      // a command sent meanwhile is acknowledged once, with its retries
      JsonObject comment = cmd("Comment").put("text", "主持节点宕机期间的评论");
      assertEquals(200, command(m, chair, comment).status());
      long takeover = lb.count("SELECT extract(epoch FROM since) * 1000 FROM live_owner WHERE session_id = " + m.id) - killedAt;
      assertTrue(lb.count("SELECT epoch FROM live_owner WHERE session_id = " + m.id) > epoch, "another node took over");
      assertEquals(200, command(m, chair, comment).status(), "a retry after the takeover");
      assertEquals(1, lb.count("SELECT count(*) FROM live_event WHERE session_id = " + m.id
          + " AND type = 'CommentPosted' AND data->>'text' = '主持节点宕机期间的评论'"));

      // the speaker's timer goes on under the new owner and ends the speech on time
      for (int i = 0; i < NODES; i++) {
        if (i != dead) {
          JsonObject ended = clients.get(i).awaitEvent("FloorEnded", 40_000);
          assertEquals("TIMEOUT", ended.getJsonObject("data").getString("reason"));
          assertTrue(Math.abs(ended.getLong("at") - deadline) < 3000,
              "ended at " + ended.getLong("at") + " for a deadline of " + deadline);
        }
      }
      // survivors saw every event once, in order, without gaps
      long last = lb.count("SELECT max(seq) FROM live_event WHERE session_id = " + m.id);
      for (int i = 0; i < NODES; i++) {
        if (i != dead) {
          BusClient c = clients.get(i);
          Await.until("node " + i + "'s client has every event", 10_000, () -> c.seqs().contains(last));
          List<Long> seqs = c.seqs();
          assertEquals(LongStream.rangeClosed(seqs.get(0), last).boxed().toList(), seqs, "node " + i);
        }
      }
      // the dead node's sockets no longer count as present at their venue
      String venue = String.valueOf(m.venues.get(List.of("雁江区分会场", "安岳县分会场", "乐至县分会场").get(dead)));
      int alive = dead == 0 ? 1 : 0;
      assertEquals(0L, nodes.get(alive).get("/api/live/" + m.id + "/presence", chair).json().getLong(venue));
      // the dead node's client reconnects through nginx and catches up from the log
      BusClient orphan = clients.get(dead);
      orphan.awaitClosed(10_000);
      long seen = orphan.seqs().get(orphan.seqs().size() - 1);
      var missed = lb.get("/api/live/" + m.id + "/events?after=" + seen + "&limit=1000", lb.login("member0" + (dead + 1)))
          .body();
      assertEquals(last - seen, new io.vertx.core.json.JsonArray(missed).size());
      System.out.println("CLUSTER {\"fault\":\"kill -9 of the owner mid-speech\",\"takeover_ms\":" + takeover
          + ",\"events\":" + last + "}");
      // the node comes back and rejoins: three nodes again for what follows
      nodes.get(dead).start();
    } finally {
      clients.forEach(BusClient::close);
    }
  }

  /** Each node restarted in turn (SIGTERM, then started again) during a meeting: nothing is lost or doubled. */
  @Test
  void aRollingRestartLosesNothing() {
    Meeting m = Meeting.create(lb, 300);
    String chair = lb.login("chair");
    assertEquals(200, command(m, chair, cmd("Open")).status());
    int sent = 0;
    for (int round = 0; round < NODES; round++) {
      ProductProcess node = nodes.get(round);
      node.stop();
      for (int i = 0; i < 5; i++) {
        assertEquals(200, command(m, chair, cmd("Comment").put("text", "滚动重启第" + round + "轮评论" + i)).status());
        sent++;
      }
      node.start();
    }
    // a member connected anywhere catches up the whole log, once each
    try (BusClient member = BusClient.connect(vertx, lb.port, lb.login("member02"))) {
      member.register(m.events());
      // registration is answered by nothing: the member counts as present once their node has let them in
      Await.until("the member listens", 15_000, () -> lb.get("/api/live/" + m.id + "/presence", chair).json()
          .stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum() >= 1);
      assertEquals(200, command(m, chair, cmd("Comment").put("text", "重启之后")).status());
      member.awaitEvent("CommentPosted", 15_000);
    }
    assertEquals(sent + 1, lb.count("SELECT count(*) FROM live_event WHERE session_id = " + m.id + " AND type = 'CommentPosted'"));
    assertEquals(0, lb.count("SELECT max(seq) - count(*) FROM live_event WHERE session_id = " + m.id));
  }

  /** What lives in one JVM in a single node holds across nodes: roster changes, notices, presence. */
  @Test
  void rosterChangesNoticesAndPresenceHoldAcrossNodes() {
    Meeting m = Meeting.create(lb, 300);
    String chair = lb.login("chair");
    assertEquals(200, command(m, chair, cmd("Open")).status());
    long newcomer = lb.accountId("member07");
    try (BusClient yanjiang0 = on(0, "member01", m.events()); BusClient yanjiang1 = on(1, "member05", m.events());
         BusClient late = BusClient.connect(vertx, nodes.get(2).port, lb.login("member07"))) {
      // not on the roster yet: refused on node 2, which caches rosters
      late.register(m.events());
      assertEquals("access_denied", late.await(f -> "err".equals(f.getString("type")), 10_000).getString("body"));
      late.register("user." + newcomer + ".inbox");
      assertEquals("err", late.request("user." + newcomer + ".inbox", new JsonObject()).getString("type"));

      // staff add them on node 0: the invitation notice reaches their socket on node 2, and node 2's
      // roster cache lets them in
      TestApp.Reply added = nodes.get(0).put("/api/activities/" + m.id + "/roster/" + newcomer,
          new JsonObject().put("role", "MEMBER").put("venueId", m.venues.get("雁江区分会场")), lb.login("staff"));
      assertEquals(204, added.status(), added.body());
      assertEquals("activity.invited", late.awaitEvent("Notice", 10_000).getJsonObject("notice").getString("kind"));
      Await.until("node 2 lets the newcomer listen", 10_000, () -> {
        late.register(m.events());
        return nodes.get(2).get("/api/live/" + m.id + "/presence", chair).json()
            .getLong(String.valueOf(m.venues.get("雁江区分会场")), 0L) >= 3;
      });
      // presence counts sockets on every node: two on nodes 0 and 1 and the newcomer on node 2, at 雁江
      assertEquals(3L, nodes.get(1).get("/api/live/" + m.id + "/presence", chair).json()
          .getLong(String.valueOf(m.venues.get("雁江区分会场"))));
      assertEquals(200, command(m, chair, cmd("Comment").put("text", "欢迎新加入的委员")).status());
      for (BusClient c : List.of(yanjiang0, yanjiang1, late)) {
        assertEquals("欢迎新加入的委员", c.awaitEvent("CommentPosted", 10_000).getJsonObject("data").getString("text"));
      }
    }
  }

  /**
   * Forum live counts cross nodes: a statement added through node 1 and a vote sent on node 0's socket
   * reach a listener whose socket is on node 2.
   */
  @Test
  void aThemesStatementsAndVoteCountsReachSocketsOnEveryNode() {
    long theme = Themes.open(lb, lb.login("staff"), Themes.body(lb, "关于农村寄递物流的网络议政", "农村寄递物流"));
    try (BusClient listener = on(2, "member03", ForumEvents.address(theme));
         BusClient voter = on(0, "member04", ForumEvents.address(theme))) {
      long[] statement = new long[1];
      Await.until("the listener on node 2 sees a statement added on node 1", 15_000, () -> {
        TestApp.Reply added = nodes.get(1).post("/api/themes/" + theme + "/statements",
            new JsonObject().put("body", "快递进村要打通最后一公里。"), lb.login("member06"));
        assertEquals(201, added.status(), added.body());
        long id = added.json().getLong("id");
        statement[0] = id;
        return listener.all.stream().anyMatch(f -> f.getJsonObject("body") != null
            && "StatementShown".equals(f.getJsonObject("body").getString("type"))
            && f.getJsonObject("body").getJsonObject("statement").getLong("id") == id);
      });
      JsonObject reply = voter.request(ForumEvents.address(theme).replace(".events", ".cmd"),
          new JsonObject().put("type", "Vote").put("statementId", statement[0]).put("vote", -1));
      assertEquals("rec", reply.getString("type"), reply.encode());
      JsonObject counts = listener.await(f -> f.getJsonObject("body") != null && "Counts".equals(f.getJsonObject("body").getString("type"))
          && f.getJsonObject("body").getJsonArray("statements").stream()
              .anyMatch(c -> ((JsonObject) c).getLong("id") == statement[0] && ((JsonObject) c).getInteger("disagree") == 1), 15_000);
      assertNotNull(counts);
    }
  }

  /**
   * The opinion analysis runs once in the cluster: asked of every node at once, each answers the same
   * analysis (same analysedAt), and the nodes together ran it once (their run counters).
   */
  @Test
  void theOpinionAnalysisRunsOnceWhicheverNodesAreAsked() {
    String staff = lb.login("staff");
    long theme = Themes.open(lb, staff, Themes.body(lb, "关于城乡供水的网络议政", "城乡供水（集群）"));
    String[][] posts = {{"member01", "供水管网", "自来水供水管网老化，夏天经常停水。"},
        {"member02", "城乡供水", "推进城乡供水一体化，让农村用上和城里一样的自来水。"},
        {"member03", "水质", "乡镇水厂供水水质不稳定，希望定期检测自来水水质并公示。"},
        {"member04", "停车", "老旧小区停车难，建议利用边角地建设停车位。"}};
    for (String[] p : posts) {
      TestApp.Reply r = lb.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", p[1]).put("body", p[2]), lb.login(p[0]));
      assertEquals(201, r.status(), r.body());
    }
    assertEquals(200, lb.post("/api/opinions/collect", new JsonObject().put("themeId", theme), staff).status());
    double before = runs();
    Set<String> analysedAt = new HashSet<>();
    boolean[] done = new boolean[NODES];
    Await.until("every node answers the analysis", 60_000, () -> {
      for (int i = 0; i < NODES; i++) {
        if (!done[i]) {
          TestApp.Reply r = nodes.get(i).get("/api/opinions/analysis?themeId=" + theme, staff);
          assertTrue(r.status() == 200 || r.status() == 202, r.body());
          if (r.status() == 200) {
            analysedAt.add(r.json().getString("analysedAt"));
            done[i] = true;
          }
        }
      }
      return done[0] && done[1] && done[2];
    });
    assertEquals(1, analysedAt.size(), "one analysis for every node: " + analysedAt);
    assertEquals(1.0, runs() - before, "run once in the cluster");
  }

  /** The opinion analyses the nodes have run, summed over their /metrics. */
  static double runs() {
    double sum = 0;
    for (ProductProcess node : nodes) {
      for (String line : node.get("/metrics", null).body().split("\n")) {
        if (line.startsWith("xieshang_opinion_analyses_run_total")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  static String strings(String sql) {
    return nodes.stream().filter(ProductProcess::alive).findFirst().orElseThrow().strings(sql).get(0);
  }
}
