package org.xieshang.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.BusClient;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Notices (通知): written with the act they tell of, pushed to their owner only, read over HTTP. */
class InboxTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static JsonObject inbox(String token) {
    TestApp.Reply r = app.get("/api/inbox", token);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static List<String> kinds(JsonObject inbox) {
    return inbox.getJsonArray("notices").stream().map(n -> ((JsonObject) n).getString("kind")).toList();
  }

  @Test
  void theAuthorOfAHiddenPostIsToldWhyAtOnceAndNobodyElseHearsIt() {
    String staff = app.login("staff");
    long theme = Themes.open(app, staff, Themes.body(app, "关于改善城乡公交服务的网络议政", "城乡公交"));
    String author = app.login("member11");
    long authorId = app.accountId("member11");
    String other = app.login("member12");
    TestApp.Reply posted = app.post("/api/themes/" + theme + "/posts",
        new JsonObject().put("title", "公交司机态度恶劣").put("body", "某某线路的司机就是个流氓。"), author);
    assertEquals(201, posted.status(), posted.body());
    long post = posted.json().getLong("id");
    long before = inbox(author).getLong("unread");

    try (BusClient mine = BusClient.connect(app.vertx, app.app.port(), author);
         BusClient snoop = BusClient.connect(app.vertx, app.app.port(), other)) {
      snoop.register(Inbox.address(authorId));
      snoop.await(f -> "err".equals(f.getString("type")) && "access_denied".equals(f.getString("body")), 5000);
      mine.register(Inbox.address(authorId));
      // a registration has no answer, but one socket's frames are handled in order: once a later frame
      // is answered (a send to the inbox, which takes no commands), the registration is in place
      assertEquals("err", mine.request(Inbox.address(authorId), new JsonObject()).getString("type"));
      assertEquals(204, app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
          .put("targetId", post).put("action", "HIDE").put("reason", "含侮辱性语言"), staff).status());
      JsonObject pushed = mine.awaitEvent("Notice", 5000).getJsonObject("notice");
      assertEquals("forum.hidden", pushed.getString("kind"));
      assertTrue(pushed.getString("body").contains("含侮辱性语言"), pushed.encode());
      assertTrue(pushed.getString("body").contains("公交司机态度恶劣"), pushed.encode());
      assertEquals("/themes/" + theme, pushed.getString("link"));
      assertFalse(snoop.all.stream().anyMatch(f -> "rec".equals(f.getString("type"))), "nobody else hears it");
    }

    JsonObject seen = inbox(author);
    assertEquals(before + 1, seen.getLong("unread"));
    JsonObject latest = seen.getJsonArray("notices").getJsonObject(0);
    assertEquals("forum.hidden", latest.getString("kind"));
    assertFalse(latest.getBoolean("read"));
    assertFalse(kinds(inbox(other)).contains("forum.hidden"), "one person's notices are theirs alone");

    TestApp.Reply read = app.post("/api/inbox/read", new JsonObject().put("upTo", latest.getLong("id")), author);
    assertEquals(200, read.status(), read.body());
    assertEquals(before + 1, read.json().getLong("marked").longValue());
    assertEquals(0, inbox(author).getLong("unread"));
    assertTrue(inbox(author).getJsonArray("notices").getJsonObject(0).getBoolean("read"));

    TestApp.Reply restored = app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", post).put("action", "RESTORE"), staff);
    assertEquals(204, restored.status(), restored.body());
    assertEquals("forum.restored", inbox(author).getJsonArray("notices").getJsonObject(0).getString("kind"));
  }

  @Test
  void aPersonPutOnARosterIsInvitedOnceAndARoleChangeSendsNothingMore() {
    Meeting m = Meeting.create(app, 60);
    String member = app.login("member05");
    JsonArray notices = inbox(member).getJsonArray("notices");
    List<JsonObject> invitations = notices.stream().map(n -> (JsonObject) n)
        .filter(n -> ("/activities/" + m.id).equals(n.getString("link"))).toList();
    assertEquals(1, invitations.size(), notices.encode());
    JsonObject invitation = invitations.get(0);
    assertEquals("activity.invited", invitation.getString("kind"));
    assertTrue(invitation.getString("body").contains("测试远程协商会"), invitation.encode());
    assertTrue(invitation.getString("body").contains("12月1日 09:00"), "the time is shown in China's zone: " + invitation.encode());
    assertTrue(invitation.getString("body").contains("委员"), invitation.encode());
    assertEquals(1, inboxCount("host-anyue", m.id), "a venue's host is invited with the venue");

    String staff = app.login("staff");
    TestApp.Reply moved = app.put("/api/activities/" + m.id + "/roster/" + app.accountId("member05"),
        new JsonObject().put("role", "EXPERT").put("venueId", m.venues.get("主会场")), staff);
    assertEquals(204, moved.status(), moved.body());
    assertEquals(1, inboxCount("member05", m.id));

    // opening one notice reads that one only (issue 20.13: a notice stayed unread after it was opened);
    // someone else's notice is left alone
    long unread = inbox(member).getLong("unread");
    assertTrue(unread >= 1);
    String other = app.login("member06");
    assertEquals(0, app.post("/api/inbox/" + invitation.getLong("id") + "/read", null, other).json().getInteger("marked"));
    assertFalse(inbox(member).getJsonArray("notices").stream().map(n -> (JsonObject) n)
        .filter(n -> n.getLong("id").equals(invitation.getLong("id"))).findFirst().orElseThrow().getBoolean("read"));
    assertEquals(1, app.post("/api/inbox/" + invitation.getLong("id") + "/read", null, member).json().getInteger("marked"));
    JsonObject after = inbox(member);
    assertEquals(unread - 1, after.getLong("unread"));
    assertTrue(after.getJsonArray("notices").stream().map(n -> (JsonObject) n)
        .filter(n -> n.getLong("id").equals(invitation.getLong("id"))).findFirst().orElseThrow().getBoolean("read"));
  }

  static long inboxCount(String username, long activityId) {
    return app.count("SELECT count(*) FROM notice WHERE account_id = " + app.accountId(username)
        + " AND link = '/activities/" + activityId + "'");
  }

  @Test
  void markingReadNeedsANoticeIdAndASignedInCaller() {
    String member = app.login("member13");
    TestApp.Reply missing = app.post("/api/inbox/read", new JsonObject(), member);
    assertEquals(422, missing.status());
    assertEquals("upTo", missing.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(401, app.get("/api/inbox", null).status());
  }
}
