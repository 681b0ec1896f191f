package org.xieshang.plan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.*;
import static org.xieshang.plan.PlanApiTest.suggestion;

/**
 * The plan's second slice over HTTP on the real server and database: topics linked to activities and
 * themes (and named by them), the topic's leader from the chair council, near-duplicate suggestions
 * grouped, what the makers choose from, and the demo's plan.
 */
class PlanLinkTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static long create(String token, int year) {
    TestApp.Reply r = app.post("/api/plans", new JsonObject().put("year", year), token);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  static long topic(String token, long planId, String title) {
    TestApp.Reply r = app.post("/api/plans/" + planId + "/topics", new JsonObject().put("title", title)
        .put("form", "SPECIAL_CONSULTATION").put("committeeId", app.count("SELECT min(id) FROM committee"))
        .put("leaderId", app.accountId("vicechair")).put("month", 9), token);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  /** An activity of a CPPCC body, straight into the database (the activity API is tested elsewhere). */
  static long activity(String organization, String title) {
    return app.count("""
        INSERT INTO activity (type, title, topic, organization_id, committee_id, scheduled_start, scheduled_end)
        SELECT 'SPECIAL_CONSULTATION', '%s', '议题', o.id, (SELECT min(id) FROM committee), now() + interval '10 days',
               now() + interval '10 days 2 hours'
          FROM organization o WHERE o.name = '%s' RETURNING id""".formatted(title, organization));
  }

  static String error(TestApp.Reply r) {
    return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }

  @Test
  void aTopicIsLinkedToActivitiesAndThemesOfItsOwnBodyAndTheyNameIt() {
    String staff = app.login("staff");
    String chair = app.login("chair");
    long planId = create(staff, 2045);
    long topicId = topic(staff, planId, "推进城乡供水一体化");
    long city = activity("资阳市政协", "城乡供水一体化专题协商会");
    long county = activity("安岳县政协", "安岳县供水协商会");
    String links = "/api/plans/" + planId + "/topics/" + topicId;

    TestApp.Reply linked = app.post(links + "/activities", new JsonObject().put("activityId", city), staff);
    assertEquals(204, linked.status(), linked.body());
    // linking twice changes nothing; the chair council (PLAN_MANAGE) may link too
    assertEquals(204, app.post(links + "/activities", new JsonObject().put("activityId", city), chair).status());
    assertEquals(1, app.count("SELECT count(*) FROM plan_topic_activity WHERE activity_id = " + city));

    // a missing activity, one of another CPPCC body, no activity at all: 422 naming activityId
    TestApp.Reply missing = app.post(links + "/activities", new JsonObject().put("activityId", 999_999), staff);
    assertEquals(422, missing.status(), missing.body());
    assertEquals("activityId", error(missing));
    TestApp.Reply across = app.post(links + "/activities", new JsonObject().put("activityId", county), staff);
    assertEquals(422, across.status(), across.body());
    assertEquals("activityId", error(across));
    assertTrue(across.json().getJsonArray("errors").getJsonObject(0).getString("message").contains("不属于"), across.body());
    assertEquals("activityId", error(app.post(links + "/activities", new JsonObject(), staff)));
    // a topic not of this plan, a plan that is not there: 404
    long other = create(staff, 2046);
    long otherTopic = topic(staff, other, "别的计划的议题");
    assertEquals(404, app.post("/api/plans/" + planId + "/topics/" + otherTopic + "/activities",
        new JsonObject().put("activityId", city), staff).status());
    assertEquals(404, app.post("/api/plans/999999/topics/" + topicId + "/activities",
        new JsonObject().put("activityId", city), staff).status());
    // an activity holds one topic: another topic cannot take it (409 naming activityId)
    TestApp.Reply taken = app.post("/api/plans/" + other + "/topics/" + otherTopic + "/activities",
        new JsonObject().put("activityId", city), staff);
    assertEquals(409, taken.status(), taken.body());
    assertEquals("activityId", error(taken));
    // members and the public do not link
    for (String who : new String[] {"member01", "public01", "official-nyj", "expert"}) {
      assertEquals(403, app.post(links + "/activities", new JsonObject().put("activityId", city), app.login(who)).status(), who);
    }

    // the demo's theme (城市's 农业和农村委员会) is held by the demo plan's topic; a theme of this body not yet held
    long freeTheme = app.count("""
        INSERT INTO forum_theme (title, topic, committee_id, opens_at, closes_at, visibility)
        SELECT '城乡供水网络议政', '供水', min(id), now(), now() + interval '7 days', 'MEMBERS' FROM committee RETURNING id""");
    TestApp.Reply theme = app.post(links + "/themes", new JsonObject().put("themeId", freeTheme), staff);
    assertEquals(204, theme.status(), theme.body());
    assertEquals("themeId", error(app.post(links + "/themes", new JsonObject().put("themeId", 999_999), staff)));
    long demoTheme = app.count("SELECT id FROM forum_theme WHERE title = '农村人居环境整治提升网络议政'");
    TestApp.Reply heldTheme = app.post(links + "/themes", new JsonObject().put("themeId", demoTheme), staff);
    assertEquals(409, heldTheme.status(), heldTheme.body());
    assertEquals("themeId", error(heldTheme));
    assertEquals(403, app.post(links + "/themes", new JsonObject().put("themeId", freeTheme), app.login("member01")).status());

    // shown in the plan's topics, with names
    JsonObject shown = app.get("/api/plans/" + planId, staff).json().getJsonArray("topics").getJsonObject(0);
    assertEquals(new JsonArray().add(new JsonObject().put("id", city).put("title", "城乡供水一体化专题协商会")),
        shown.getJsonArray("activities"));
    assertEquals("城乡供水网络议政", shown.getJsonArray("themes").getJsonObject(0).getString("title"));
    assertEquals("刘敏华", shown.getString("leader"));
    assertNotNull(shown.getString("committee"));

    // the activity and the theme name their topic to the plan's makers while it is a draft
    JsonObject detail = app.get("/api/activities/" + city, staff).json();
    assertEquals(topicId, detail.getJsonObject("planTopic").getLong("topicId"));
    assertEquals("推进城乡供水一体化", detail.getJsonObject("planTopic").getString("title"));
    assertEquals(2045, detail.getJsonObject("planTopic").getInteger("planYear"));
    JsonObject themeDetail = app.get("/api/themes/" + freeTheme, staff).json();
    assertEquals(topicId, themeDetail.getJsonObject("planTopic").getLong("topicId"));
    // a member reads the theme, but the draft plan's topic is not named to them
    TestApp.Reply asMember = app.get("/api/themes/" + freeTheme, app.login("member09"));
    assertEquals(200, asMember.status(), asMember.body());
    assertNull(asMember.json().getValue("planTopic"));
    // an activity holding no topic names none
    assertNull(app.get("/api/activities/" + county, staff).json().getValue("planTopic"));
  }

  @Test
  void theApprovedDemoPlanHoldsTheMeetingAndThemeAndMembersSeeTheirTopic() {
    String member = app.login("member01");
    int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
    long planId = app.count("SELECT id FROM plan WHERE year = " + year);
    JsonObject plan = app.get("/api/plans/" + planId, member).json();
    assertEquals("APPROVED", plan.getString("status"));
    assertEquals(4, plan.getJsonArray("steps").size());
    assertEquals("王正清", plan.getJsonArray("steps").getJsonObject(1).getString("recordedByName"));
    JsonArray topics = plan.getJsonArray("topics");
    assertEquals(4, topics.size());
    assertEquals(1, topics.stream().map(o -> (JsonObject) o).filter(t -> t.getBoolean("supervision")).count());
    assertFalse(plan.getJsonObject("supervisionShare").getBoolean("belowMinimum"));
    assertFalse(plan.getBoolean("mayRecordNext"));
    assertNull(plan.getValue("choices"), "only the makers get what to choose from");
    // a member sees only their own suggestions
    assertTrue(plan.getJsonArray("suggestions").stream().map(o -> (JsonObject) o)
        .allMatch(s -> s.getLong("proposerId") == app.accountId("member01")));
    assertEquals(4, app.count("SELECT count(DISTINCT source) FROM plan_suggestion WHERE plan_id = " + planId));

    long meeting = app.count("SELECT id FROM activity WHERE title = '“推进农村人居环境整治提升”远程协商会'");
    JsonObject topic = app.get("/api/activities/" + meeting, member).json().getJsonObject("planTopic");
    assertEquals("推进农村人居环境整治提升", topic.getString("title"));
    long theme = app.count("SELECT id FROM forum_theme WHERE title = '农村人居环境整治提升网络议政'");
    assertEquals(topic.getLong("topicId"),
        app.get("/api/themes/" + theme, member).json().getJsonObject("planTopic").getLong("topicId"));
  }

  @Test
  void theLeaderIsOfTheBodysChairCouncil() {
    String staff = app.login("staff");
    long planId = create(staff, 2047);
    JsonObject t = new JsonObject().put("title", "议题").put("form", "SPECIAL_CONSULTATION")
        .put("committeeId", app.count("SELECT min(id) FROM committee")).put("quarter", 1);
    for (String notChair : new String[] {"member01", "staff", "official-nyj", "expert"}) {
      TestApp.Reply r = app.post("/api/plans/" + planId + "/topics", t.copy().put("leaderId", app.accountId(notChair)), staff);
      assertEquals(422, r.status(), notChair + " " + r.body());
      assertEquals("leaderId", error(r), notChair);
      assertTrue(r.json().getJsonArray("errors").getJsonObject(0).getString("message").contains("主席会议成员"));
    }
    TestApp.Reply nobody = app.post("/api/plans/" + planId + "/topics", t.copy().put("leaderId", 999_999), staff);
    assertEquals(422, nobody.status());
    assertEquals("leaderId", error(nobody));
    for (String chair : new String[] {"chair", "vicechair"}) {
      assertEquals(201, app.post("/api/plans/" + planId + "/topics", t.copy().put("leaderId", app.accountId(chair)),
          staff).status(), chair);
    }
    // the chair council the makers choose from, of the plan's body
    JsonObject choices = app.get("/api/plans/" + planId, staff).json().getJsonObject("choices");
    assertEquals(2, choices.getJsonArray("leaders").size(), choices.encode());
    assertEquals(5, choices.getJsonArray("committees").size());
    assertFalse(choices.getJsonArray("activities").isEmpty());
    assertFalse(choices.getJsonArray("themes").isEmpty());
  }

  @Test
  void nearDuplicateSuggestionsAreGroupedForStaffOnly() {
    String staff = app.login("staff");
    String member = app.login("member01");
    long planId = create(staff, 2048);
    String s = "/api/plans/" + planId + "/suggestions";
    long a = app.post(s, suggestion("MEMBER", "推进老旧小区加装电梯"), member).json().getLong("id");
    long b = app.post(s, suggestion("COMMITTEE", "加快推进老旧小区加装电梯"), staff).json().getLong("id");
    long c = app.post(s, suggestion("PUBLIC_CALL", "发展县域特色农业产业"), staff).json().getLong("id");
    long d = app.post(s, suggestion("PARTY_GOVERNMENT", "推進老舊小區加裝電梯工作"), staff).json().getLong("id");
    JsonObject plan = app.get("/api/plans/" + planId, staff).json();
    assertEquals(new JsonArray().add(new JsonArray().add(a).add(b).add(d)), plan.getJsonArray("groups"), plan.encode());
    assertTrue(plan.getBoolean("mayManage"));
    assertTrue(plan.getBoolean("maySuggest"));
    assertNotEquals(c, 0);
    JsonObject asMember = app.get("/api/plans/" + planId, member).json();
    assertNull(asMember.getValue("groups"));
    assertTrue(asMember.getBoolean("maySuggest"));
    assertEquals(1, asMember.getJsonArray("suggestions").size());
    assertNull(app.get("/api/plans/" + planId, app.login("public01")).json().getValue("maySuggest"));
  }

  @Test
  void theNextStepIsOfferedToWhoeverMayRecordIt() {
    String staff = app.login("staff");
    long planId = create(staff, 2049);
    assertFalse(app.get("/api/plans/" + planId, staff).json().getBoolean("mayRecordNext"), "the review is the chair council's");
    assertTrue(app.get("/api/plans/" + planId, app.login("chair")).json().getBoolean("mayRecordNext"));
    assertTrue(app.get("/api/plans/" + planId, app.login("vicechair")).json().getBoolean("mayRecordNext"));
    assertEquals(204, app.post("/api/plans/" + planId + "/steps", new JsonObject().put("step", "CHAIR_COUNCIL_REVIEWED")
        .put("on", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString()), app.login("chair")).status());
    assertTrue(app.get("/api/plans/" + planId, staff).json().getBoolean("mayRecordNext"), "会商 is the staff's");
  }
}
