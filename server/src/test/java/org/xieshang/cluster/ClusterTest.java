package org.xieshang.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.LoadBalancer;
import org.xieshang.support.Meeting;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.TestApp;
import org.xieshang.support.TestDatabase;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  static final List<ProductProcess> nodes = new ArrayList<>();
  static LoadBalancer lb;
  static Path dir;
  static Vertx vertx;

  @BeforeAll
  static void up() throws IOException {
    dir = Files.createTempDirectory("xieshang-cluster");
    var db = TestDatabase.fresh();
    int hz = freeRun(NODES);
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < NODES; i++) {
      members.append("<member>127.0.0.1:").append(hz + i).append("</member>");
    }
    String xml = Files.readString(TestDatabase.confFile().toAbsolutePath().getParent().resolve("cluster.xml"))
        .replace("<cluster-name>xieshang</cluster-name>", "<cluster-name>test-" + UUID.randomUUID() + "</cluster-name>")
        .replace("<port auto-increment=\"true\" port-count=\"20\">5701</port>",
            "<port auto-increment=\"true\" port-count=\"" + NODES + "\">" + hz + "</port>")
        .replace("<member>127.0.0.1</member>", members);
    Path clusterXml = dir.resolve("cluster.xml");
    Files.writeString(clusterXml, xml);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      // one at a time, as scripts/cluster: the first loads the demo data into the empty database
      ProductProcess node = ProductProcess.on(dir.resolve("node-" + i), db)
          .with("XIESHANG_CLUSTER_ENABLED", "true").with("XIESHANG_CLUSTER_CONFIG", clusterXml.toString())
          .with("XIESHANG_HTTP_TRUST_FORWARDED", "true").with("XIESHANG_DEMO_LOAD", i == 0 ? "true" : "false");
      node.start();
      nodes.add(node);
      ports.add(node.port);
    }
    lb = LoadBalancer.start(dir.resolve("nginx"), ports, nodes.get(0));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() {
    if (lb != null) {
      lb.close();
    }
    nodes.forEach(ProductProcess::close);
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

  static String strings(String sql) {
    return nodes.stream().filter(ProductProcess::alive).findFirst().orElseThrow().strings(sql).get(0);
  }

  static int freeRun(int n) throws IOException {
    for (int base = 21000 + (int) (Math.random() * 20000); ; base += n) {
      boolean free = true;
      for (int i = 0; i < n && free; i++) {
        try (ServerSocket s = new ServerSocket(base + i)) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
  }
}
