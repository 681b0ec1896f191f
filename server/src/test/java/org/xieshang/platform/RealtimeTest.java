package org.xieshang.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.BusClient.Transport;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The browsers' event bus (platform/realtime) on every SockJS transport, with real clients forced onto
 * each: a member behind a proxy that passes only plain HTTP gets the same meeting, under the same rules.
 */
class RealtimeTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  BusClient join(String username, Meeting m, Transport transport) {
    BusClient c = BusClient.connect(app.vertx, app.app.port(), app.login(username), transport);
    assertFalse(c.closed, username + " connects over " + transport);
    c.register(m.events());
    return c;
  }

  void listening(Meeting m, int sockets) {
    Await.until(sockets + " listeners", 5000, () -> app.app.fanout().sockets(m.events()) >= sockets);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyTransportCarriesTheMeetingWithTheSameRules(Transport transport) {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    try (BusClient member = join("member02", m, transport); BusClient outsider = join("member20", m, transport)) {
      JsonObject denied = outsider.await(f -> "err".equals(f.getString("type")), 5000);
      assertEquals("access_denied", denied.getString("body"), denied.encode());
      listening(m, 1);
      assertEquals(200, m.command(chair, cmd("Open")).status());
      assertEquals("SessionOpened", member.awaitEvent("SessionOpened", 5000).getString("type"));

      // commands over the same transport, answered on it, as the authenticated user
      JsonObject reply = member.request(m.cmd(), cmd("RaiseHand"));
      assertEquals("rec", reply.getString("type"), reply.encode());
      JsonObject raised = member.awaitEvent("HandRaised", 5000);
      assertEquals(app.accountId("member02"), raised.getJsonObject("data").getLong("accountId"));
      JsonObject forged = member.request(m.cmd(), cmd("Close"));
      assertEquals("err", forged.getString("type"));
      assertEquals(403, forged.getInteger("failureCode"));
      JsonObject refused = outsider.request(m.cmd(), cmd("RaiseHand"));
      assertEquals("err", refused.getString("type"));
      // addresses no capability owns, and publishing, are refused
      assertEquals("err", member.request("live." + m.id + ".out", new JsonObject()).getString("type"));
      member.sendFrame(new JsonObject().put("type", "publish").put("address", m.cmd()).put("body", cmd("Open")));
      assertEquals("access_denied", member.await(f -> "err".equals(f.getString("type")), 5000).getString("body"));
      assertEquals(1, app.count("SELECT count(*) FROM live_event WHERE session_id = " + m.id + " AND type = 'HandRaised'"));
      assertEquals("LIVE", app.get("/api/live/" + m.id, chair).json().getString("status"));
    }
  }

  @Test
  void aSocketWithoutAValidTokenIsClosedOnEveryTransport() {
    for (Transport t : Transport.values()) {
      BusClient anonymous = BusClient.connect(app.vertx, app.app.port(), null, t);
      anonymous.awaitClosed(5000);
      BusClient forged = BusClient.connect(app.vertx, app.app.port(), "eyJhbGciOiJIUzI1NiJ9.e30.x", t);
      forged.awaitClosed(5000);
    }
  }

  /** Defect 17.5: the text frame {@code null} threw inside the handler, logged a stack trace and left the socket open. */
  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"WEBSOCKET", "XHR_POLLING", "RAW_WEBSOCKET"})
  void malformedFramesAreAnsweredWithAnErrorAndTheSocketClosesAfterAFew(Transport transport) {
    Meeting m = Meeting.create(app, 300);
    BusClient member = join("member02", m, transport);
    listening(m, 1);
    if (transport == Transport.WEBSOCKET) {
      // the frame of the report: not even SockJS framing (our own WebSocket transport parses that)
      member.sendRaw("null");
      assertEquals("invalid_json", member.await(f -> "err".equals(f.getString("type")), 5000).getString("body"));
    }
    String[] bad = {"null", "[1,2]", "\"x\"", "{", "{\"type\":7}"};
    int sent = transport == Transport.WEBSOCKET ? 1 : 0;
    for (int i = 0; i < bad.length - 1 - sent; i++) {
      member.sendMessage(bad[i]);
      JsonObject err = member.await(f -> "err".equals(f.getString("type")), 5000);
      assertEquals("invalid_json", err.getString("body"), bad[i]);
      assertFalse(member.closed, "still open after " + (i + 1 + sent) + " malformed frames");
    }
    // a good frame still works between bad ones
    JsonObject reply = member.request(m.cmd(), cmd("Snapshot"));
    assertEquals("err", reply.getString("type"), "snapshots are read over HTTP");
    member.sendMessage(bad[bad.length - 1]);
    member.awaitClosed(5000);
    Await.until("the socket is gone", 5000, () -> app.app.fanout().sockets(m.events()) == 0);
  }

  /** Defect 17.9: a participant the chair removed kept reading the session. */
  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"WEBSOCKET", "XHR_STREAMING"})
  void aRemovedParticipantStopsReadingAtOnce(Transport transport) {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, cmd("Open")).status());
    try (BusClient removed = join("member03", m, transport); BusClient other = join("member02", m, transport)) {
      listening(m, 2);
      assertEquals(200, m.command(chair, cmd("RemoveParticipant").put("accountId", app.accountId("member03"))).status());
      JsonObject revoked = removed.await(f -> "err".equals(f.getString("type")), 5000);
      assertEquals("revoked", revoked.getString("body"));
      assertEquals(m.events(), revoked.getString("address"));
      assertEquals("ParticipantRemoved", other.awaitEvent("ParticipantRemoved", 5000).getString("type"));
      Await.until("one listener left", 5000, () -> app.app.fanout().sockets(m.events()) == 1);

      m.command(chair, cmd("Comment").put("text", "移出之后的评论"));
      other.awaitEvent("CommentPosted", 5000);
      assertTrue(removed.all.stream().noneMatch(f -> f.getValue("body") instanceof JsonObject b
          && "CommentPosted".equals(b.getString("type"))), "nothing after the removal reaches them");
      removed.register(m.events());
      assertEquals("access_denied", removed.await(f -> "err".equals(f.getString("type")), 5000).getString("body"));
      String token = app.login("member03");
      assertEquals(403, app.get("/api/live/" + m.id, token).status());
      assertEquals(403, m.command(token, cmd("RaiseHand")).status());
    }
    app.restart();
    assertEquals(403, app.get("/api/live/" + m.id, app.login("member03")).status(), "also after a restart");
    try (BusClient again = join("member03", m, transport)) {
      assertEquals("access_denied", again.await(f -> "err".equals(f.getString("type")), 5000).getString("body"));
    }
  }
}
