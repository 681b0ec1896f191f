package org.xieshang.live;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** Public representatives join by an invitation link; the chair sees who is connected at each venue. */
class InvitationLinkTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  @Test
  void aPublicRepresentativeJoinsByLinkAndCanDoWhatTheirRoleAllows() {
    Meeting m = Meeting.create(app, 300);
    String staff = app.login("staff");
    long publicRep = app.accountId("public01");
    TestApp.Reply link = app.post("/api/activities/" + m.id + "/roster/" + publicRep + "/link", new JsonObject(), staff);
    assertEquals(201, link.status(), link.body());
    String token = link.json().getString("token");
    assertEquals("/join/" + token, link.json().getString("path"));
    assertEquals(0, app.count("SELECT count(*) FROM invitation_link WHERE token_hash = convert_to('" + token + "', 'UTF8')"),
        "only a hash of the token is stored");

    TestApp.Reply joined = app.post("/api/auth/invitation", new JsonObject().put("token", token), null);
    assertEquals(200, joined.status(), joined.body());
    assertEquals(m.id, joined.json().getLong("activityId"));
    assertEquals("public01", joined.json().getJsonObject("account").getString("username"));
    String access = joined.json().getString("accessToken");
    app.post("/api/live/" + m.id + "/commands", new JsonObject().put("type", "Open"), app.login("chair"));
    TestApp.Reply comment = app.post("/api/live/" + m.id + "/commands", new JsonObject().put("type", "Comment")
        .put("text", "通过邀请链接参加").put("clientId", UUID.randomUUID().toString()), access);
    assertEquals(200, comment.status(), comment.body());
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'login.invitation' AND actor_id = " + publicRep));
  }

  @Test
  void unknownExpiredOrForeignLinksAreRefused() {
    Meeting m = Meeting.create(app, 300);
    String staff = app.login("staff");
    assertEquals(401, app.post("/api/auth/invitation", new JsonObject().put("token", "x".repeat(43)), null).status());
    TestApp.Reply notOnRoster = app.post("/api/activities/" + m.id + "/roster/" + app.accountId("public02") + "/link",
        new JsonObject(), staff);
    assertEquals(422, notOnRoster.status());
    assertEquals(403, app.post("/api/activities/" + m.id + "/roster/" + app.accountId("public01") + "/link",
        new JsonObject(), app.login("member01")).status(), "only those who manage activities make links");
    String token = app.post("/api/activities/" + m.id + "/roster/" + app.accountId("public01") + "/link",
        new JsonObject().put("days", 1), staff).json().getString("token");
    app.count("SELECT 1");
    try (var c = org.xieshang.support.TestDatabase.jdbc(app.db); var s = c.createStatement()) {
      s.execute("UPDATE invitation_link SET expires_at = now() - interval '1 minute'");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    TestApp.Reply expired = app.post("/api/auth/invitation", new JsonObject().put("token", token), null);
    assertEquals(401, expired.status());
    assertTrue(expired.json().getString("detail").contains("邀请链接无效或已过期"));
  }

  @Test
  void theChairSeesWhoIsConnectedAtEachVenue() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    try (BusClient a = BusClient.connect(app.vertx, app.app.port(), app.login("member01"));
         BusClient b = BusClient.connect(app.vertx, app.app.port(), app.login("member05"));
         BusClient c = BusClient.connectRaw(app.vertx, app.app.port(), app.login("member02"))) {
      a.register(m.events());
      b.register(m.events());
      c.register(m.events());
      JsonObject online = awaitPresence(m, chair, 2, "雁江区分会场");
      assertEquals(1, online.getInteger(m.venues.get("安岳县分会场").toString()));
      assertEquals(0, online.getInteger(m.venues.get("乐至县分会场").toString()));
      b.close();
      awaitPresence(m, chair, 1, "雁江区分会场");
    }
    awaitPresence(m, chair, 0, "安岳县分会场");
    assertEquals(403, app.get("/api/live/" + m.id + "/presence", app.login("member20")).status());
  }

  JsonObject awaitPresence(Meeting m, String token, int expected, String venue) {
    return Await.value("presence at " + venue + " = " + expected, 5000,
        () -> app.get("/api/live/" + m.id + "/presence", token).json(),
        online -> online.getInteger(m.venues.get(venue).toString()) == expected);
  }
}
