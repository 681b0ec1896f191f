package org.xieshang.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xieshang.platform.db.DbAddress;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.LoadBalancer;
import org.xieshang.support.Meeting;
import org.xieshang.support.Namespaces;
import org.xieshang.support.ProductProcess;
import org.xieshang.support.TestApp;
import org.xieshang.support.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real network partition (issue 19): three server processes, each in a network namespace of its
 * own on a bridge, clustered through Hazelcast, on one PostgreSQL that every namespace reaches, nginx
 * in front. The node that owns a running meeting is cut off from the other two by nftables rules that
 * drop all traffic between them, while it still reaches PostgreSQL: the two others take the meeting
 * over within 15 s, the cut-off node never writes to it again, and clients on the majority see every
 * event once, in order, with every command acknowledged. Runs in the fault stage (-Pfault), as root.
 */
@Tag("fault")
class PartitionTest {
  static final int NODES = 3;
  static final List<ProductProcess> nodes = new ArrayList<>();
  static Namespaces net;
  static LoadBalancer lb;
  static Vertx vertx;
  static DbAddress direct;

  @BeforeAll
  static void up() throws Exception {
    String why = Namespaces.unavailable();
    assertNull(why, "the partition test needs network namespaces: " + why);
    Path dir = Files.createTempDirectory("xieshang-partition");
    net = Namespaces.create(NODES);
    direct = TestDatabase.fresh();
    // PostgreSQL listens on 127.0.0.1 only: the namespaces reach it through a relay on the bridge
    int relay = net.relay(direct.host(), direct.port());
    DbAddress db = new DbAddress(net.hostAddress(), relay, direct.database(), direct.user(), direct.password());
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < NODES; i++) {
      members.append("<member>").append(net.address(i)).append(":5701</member>");
    }
    String xml = Files.readString(TestDatabase.confFile().toAbsolutePath().getParent().resolve("cluster.xml"))
        .replace("<cluster-name>xieshang</cluster-name>", "<cluster-name>partition-" + UUID.randomUUID() + "</cluster-name>")
        .replace("<port auto-increment=\"true\" port-count=\"20\">5701</port>",
            "<port auto-increment=\"false\">5701</port><interfaces enabled=\"true\"><interface>"
                + net.addressPattern() + "</interface></interfaces>")
        .replace("<member>127.0.0.1</member>", members);
    Path clusterXml = dir.resolve("cluster.xml");
    Files.writeString(clusterXml, xml);
    List<String> upstreams = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ProductProcess node = ProductProcess.on(dir.resolve("node-" + i), db).inNamespace(net.namespace(i), net.address(i))
          .with("XIESHANG_CLUSTER_ENABLED", "true").with("XIESHANG_CLUSTER_CONFIG", clusterXml.toString())
          .with("XIESHANG_CLUSTER_HOST", net.address(i))
          .with("XIESHANG_HTTP_TRUST_FORWARDED", "true").with("XIESHANG_DEMO_LOAD", i == 0 ? "true" : "false");
      node.start();
      nodes.add(node);
      upstreams.add(net.address(i) + ":" + node.port);
    }
    lb = LoadBalancer.startAt(dir.resolve("nginx"), upstreams, nodes.get(0));
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
    if (net != null) {
      net.close();
    }
  }

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  /** A command to one node, retried with the same client id while it answers 503 (the owner moving). */
  static TestApp.Reply command(ProductProcess node, long session, String token, JsonObject command) {
    return Await.value(command.getString("type") + " acknowledged", 30_000, () -> {
      try {
        return node.send("POST", "/api/live/" + session + "/commands", command, token);
      } catch (Exception e) {
        return new TestApp.Reply(503, e.toString(), java.util.Map.of());
      }
    }, r -> r.status() != 503);
  }

  long count(String sql) {
    return nodes.get(0).count(sql);
  }

  @Test
  void theOwnerCutOffFromTheClusterNeverWritesAgainAndTheOthersCarryOn() throws Exception {
    Meeting m = Meeting.create(lb, 30);
    String chair = lb.login("chair");
    ProductProcess any = nodes.get(0);
    assertEquals(200, command(any, m.id, chair, cmd("Open")).status());
    assertEquals(200, command(any, m.id, chair, cmd("StartItem").put("itemId", m.items.get("委员发言"))).status());
    assertEquals(200, command(any, m.id, chair, cmd("Grant").put("accountId", lb.accountId("member01"))).status());
    String owner = nodes.get(0).strings("SELECT node FROM live_owner WHERE session_id = " + m.id).get(0);
    long ownerPid = Long.parseLong(owner.substring(0, owner.indexOf('@')));
    int cut = -1;
    for (int i = 0; i < NODES; i++) {
      if (nodes.get(i).pid() == ownerPid) {
        cut = i;
      }
    }
    assertTrue(cut >= 0, "the owner is one of our nodes: " + owner);
    int a = (cut + 1) % NODES;
    int b = (cut + 2) % NODES;
    ProductProcess majority = nodes.get(a);
    String[] users = {"member02", "member03"};
    List<BusClient> clients = new ArrayList<>();
    try {
      for (int k = 0; k < 2; k++) {
        ProductProcess node = nodes.get(k == 0 ? a : b);
        BusClient c = BusClient.connect(vertx, node.host(), node.port, lb.login(users[k]));
        c.register(m.events());
        clients.add(c);
      }
      // listening once a comment sent after registering reaches them
      Await.until("the majority's clients listen", 15_000, () -> {
        command(majority, m.id, chair, cmd("Comment").put("text", "分区之前"));
        return clients.stream().allMatch(c -> c.all.stream().anyMatch(f -> f.getValue("body") instanceof JsonObject body
            && "CommentPosted".equals(body.getString("type"))));
      });
      long deadline = majority.get("/api/live/" + m.id, chair).json().getJsonObject("floor").getLong("deadline");
      long epoch = count("SELECT epoch FROM live_owner WHERE session_id = " + m.id);
      long seqAtCut = count("SELECT max(seq) FROM live_event WHERE session_id = " + m.id);

      long cutAt = System.currentTimeMillis();
      net.partition(cut);

      // commands sent to the majority meanwhile: each acknowledged (retried with its client id while
      // the meeting has no reachable owner), each applied once
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String text = "分区期间的评论" + i;
        texts.add(text);
        TestApp.Reply r = command(majority, m.id, chair, cmd("Comment").put("text", text));
        assertEquals(200, r.status(), r.body());
      }
      Await.until("another node owns the meeting", 30_000,
          () -> count("SELECT epoch FROM live_owner WHERE session_id = " + m.id) > epoch);
      long takeoverMs = count("SELECT (extract(epoch FROM since) * 1000)::bigint FROM live_owner WHERE session_id = "
          + m.id) - cutAt;
      String newOwner = nodes.get(0).strings("SELECT node FROM live_owner WHERE session_id = " + m.id).get(0);
      assertNotEquals(owner, newOwner);
      assertTrue(takeoverMs <= 15_000, "taken over " + takeoverMs + " ms after the partition");
      for (String text : texts) {
        assertEquals(1, count("SELECT count(*) FROM live_event WHERE session_id = " + m.id
            + " AND type = 'CommentPosted' AND data->>'text' = '" + text + "'"), text);
      }

      // the cut-off node still reaches PostgreSQL but writes nothing: a command sent straight to it is
      // refused retryably, and never lands in the log
      ProductProcess old = nodes.get(cut);
      TestApp.Reply refused = old.send("POST", "/api/live/" + m.id + "/commands",
          cmd("Comment").put("text", "被隔离节点收到的评论"), chair);
      assertEquals(503, refused.status(), refused.body());
      // and it owns no session any more (whichever came first: it saw it lost the quorum, or its next write
      // found a newer epoch)
      Await.until("the cut-off node stepped down", 15_000, () -> {
        List<String> owned = old.get("/metrics", null).body().lines().filter(l -> l.startsWith("xieshang_live_sessions_owned"))
            .toList();
        return !owned.isEmpty() && owned.stream().allMatch(l -> l.endsWith(" 0.0"));
      });

      // the speaker's timer runs out under the new owner: one FloorEnded, on time
      for (BusClient c : clients) {
        JsonObject ended = c.awaitEvent("FloorEnded", 40_000);
        assertEquals("TIMEOUT", ended.getJsonObject("data").getString("reason"));
        assertTrue(Math.abs(ended.getLong("at") - deadline) < 3000, "ended at " + ended.getLong("at") + " for " + deadline);
      }
      assertEquals(1, count("SELECT count(*) FROM live_event WHERE session_id = " + m.id + " AND type = 'FloorEnded'"));
      assertEquals(0, count("SELECT count(*) FROM live_event WHERE session_id = " + m.id
          + " AND data->>'text' = '被隔离节点收到的评论'"));
      assertEquals(0, count("SELECT max(seq) - count(*) FROM live_event WHERE session_id = " + m.id), "no gap in the log");
      assertTrue(count("SELECT max(seq) FROM live_event WHERE session_id = " + m.id) >= seqAtCut + texts.size() + 1);

      // the majority's clients saw every event once, in order
      long last = count("SELECT max(seq) FROM live_event WHERE session_id = " + m.id);
      for (BusClient c : clients) {
        Await.until("a client has every event", 10_000, () -> c.seqs().contains(last));
        List<Long> seqs = c.seqs();
        assertEquals(LongStream.rangeClosed(seqs.get(0), last).boxed().toList(), seqs);
      }
      System.out.println("PARTITION {\"takeover_ms\":" + takeoverMs + ",\"events\":" + last + "}");

      // the partition heals: the cut-off node merges back, and a command through it is acknowledged
      net.heal(cut);
      TestApp.Reply after = Await.value("a command through the healed node", 90_000, () -> {
        try {
          return old.send("POST", "/api/live/" + m.id + "/commands", cmd("Comment").put("text", "分区恢复之后"), chair);
        } catch (Exception e) {
          return new TestApp.Reply(503, e.toString(), java.util.Map.of());
        }
      }, r -> r.status() == 200);
      assertEquals(200, after.status());
      for (BusClient c : clients) {
        c.await(f -> f.getJsonObject("body") != null && f.getJsonObject("body").getJsonObject("data") != null
            && "分区恢复之后".equals(f.getJsonObject("body").getJsonObject("data").getString("text")), 10_000);
      }
    } finally {
      clients.forEach(BusClient::close);
    }
  }
}
