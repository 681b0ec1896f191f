package org.xieshang.plan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.*;

/** The annual plan over HTTP on the real server and database: who may do what, the order of the steps, the share. */
class PlanApiTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  @Test
  void aPlanGoesFromDraftToApprovalStepByStepWithTheRightPeopleRecordingEachStep() {
    String staff = app.login("staff");
    String chair = app.login("chair");
    String member = app.login("member01");
    long planId = create(staff, 2031);

    JsonObject draft = app.get("/api/plans/" + planId, staff).json();
    assertEquals("DRAFT", draft.getString("status"));
    assertEquals("草拟", draft.getString("statusLabel"));
    assertEquals("CHAIR_COUNCIL_REVIEWED", draft.getString("next"));
    assertEquals(1, draft.getJsonArray("steps").size());
    assertEquals(app.accountId("staff"), draft.getJsonArray("steps").getJsonObject(0).getLong("recordedBy"));
    // before approval a member finds the draft to suggest topics to (委员荐题), without the staff's shortlist;
    // the public does not see it at all
    assertTrue(app.get("/api/plans", member).body().contains("\"id\":" + planId + ","));
    JsonObject asMember = app.get("/api/plans/" + planId, member).json();
    assertEquals("DRAFT", asMember.getString("status"));
    assertNull(asMember.getJsonArray("topics"));
    assertNull(asMember.getJsonArray("steps"));
    String somebody = app.login("public01");
    assertEquals(404, app.get("/api/plans/" + planId, somebody).status());
    assertFalse(app.get("/api/plans", somebody).body().contains("\"id\":" + planId + ","));

    // a member cannot record a step
    TestApp.Reply byMember = app.post("/api/plans/" + planId + "/steps", step("CHAIR_COUNCIL_REVIEWED", TODAY), member);
    assertEquals(403, byMember.status(), byMember.body());
    assertTrue(byMember.isProblem());
    assertEquals("无权执行此操作", byMember.json().getString("title"));
    // staff do not record the chair council's review
    assertEquals(403, app.post("/api/plans/" + planId + "/steps", step("CHAIR_COUNCIL_REVIEWED", TODAY), staff).status());

    // a step out of order: 409 problem+json naming the field
    TestApp.Reply skipped = app.post("/api/plans/" + planId + "/steps", step("APPROVED", TODAY), staff);
    assertEquals(409, skipped.status(), skipped.body());
    assertTrue(skipped.isProblem());
    assertEquals("计划步骤顺序不对", skipped.json().getString("title"));
    assertEquals("step", skipped.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertTrue(skipped.json().getString("detail").contains("主席会议审议"), skipped.body());
    // a step that is no step: 422 naming it
    TestApp.Reply unknown = app.post("/api/plans/" + planId + "/steps", step("SIGNED", TODAY), staff);
    assertEquals(422, unknown.status());
    assertEquals("step", unknown.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    // a date in the future: 422 naming on
    TestApp.Reply future = app.post("/api/plans/" + planId + "/steps", step("CHAIR_COUNCIL_REVIEWED", TODAY.plusDays(3)), chair);
    assertEquals(422, future.status());
    assertEquals("on", future.json().getJsonArray("errors").getJsonObject(0).getString("field"));

    TestApp.Reply reviewed = app.post("/api/plans/" + planId + "/steps",
        step("CHAIR_COUNCIL_REVIEWED", TODAY).put("note", "市政协第十届第12次主席会议审议通过"), chair);
    assertEquals(204, reviewed.status(), reviewed.body());
    // the same step twice is out of order too
    assertEquals(409, app.post("/api/plans/" + planId + "/steps", step("CHAIR_COUNCIL_REVIEWED", TODAY), chair).status());
    // a step dated before the one before it
    TestApp.Reply earlier = app.post("/api/plans/" + planId + "/steps", step("CONSULTED", TODAY.minusDays(1)), staff);
    assertEquals(422, earlier.status(), earlier.body());
    assertEquals("on", earlier.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(204, app.post("/api/plans/" + planId + "/steps", step("CONSULTED", TODAY).put("note", "市委办、市政府办、市政协办会商"), staff).status());
    assertEquals(204, app.post("/api/plans/" + planId + "/steps", step("APPROVED", TODAY).put("note", "资委〔2031〕3号"), staff).status());
    assertEquals(409, app.post("/api/plans/" + planId + "/steps", step("APPROVED", TODAY), staff).status());

    JsonObject approved = app.get("/api/plans/" + planId, member).json();
    assertEquals("APPROVED", approved.getString("status"));
    assertNull(approved.getValue("next"));
    JsonArray steps = approved.getJsonArray("steps");
    assertEquals(4, steps.size());
    assertEquals("主席会议审议", steps.getJsonObject(1).getString("stepLabel"));
    assertEquals("市政协第十届第12次主席会议审议通过", steps.getJsonObject(1).getString("note"));
    assertEquals(app.accountId("chair"), steps.getJsonObject(1).getLong("recordedBy"));
    assertEquals(TODAY.toString(), steps.getJsonObject(3).getString("on"));
    assertTrue(app.get("/api/plans", member).body().contains("\"id\":" + planId + ","));
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'plan.step' AND target_id = '" + planId
        + "' AND detail->>'step' = 'APPROVED'"));
  }

  @Test
  void suggestionsComeFromMembersOnlineAndFromStaffForEveryOtherSource() {
    String staff = app.login("staff");
    String member = app.login("member01");
    long planId = create(staff, 2032);

    TestApp.Reply mine = app.post("/api/plans/" + planId + "/suggestions", suggestion("MEMBER", "推进农村生活污水治理"), member);
    assertEquals(201, mine.status(), mine.body());
    TestApp.Reply asParty = app.post("/api/plans/" + planId + "/suggestions", suggestion("PARTY_GOVERNMENT", "优化营商环境"), member);
    assertEquals(403, asParty.status());
    assertTrue(asParty.isProblem());
    assertEquals(403, app.post("/api/plans/" + planId + "/suggestions", suggestion("MEMBER", "公众不能荐题"),
        app.login("public01")).status());
    TestApp.Reply party = app.post("/api/plans/" + planId + "/suggestions", suggestion("PARTY_GOVERNMENT", "优化营商环境"), staff);
    assertEquals(201, party.status(), party.body());
    TestApp.Reply bad = app.post("/api/plans/" + planId + "/suggestions", new JsonObject().put("source", "OTHER"), staff);
    assertEquals(422, bad.status());
    assertEquals(3, bad.json().getJsonArray("errors").size(), bad.body());

    // the member reading the draft sees their own suggestion, not the staff's entries
    JsonArray own = app.get("/api/plans/" + planId, member).json().getJsonArray("suggestions");
    assertEquals(1, own.size(), own.encode());
    assertEquals("推进农村生活污水治理", own.getJsonObject(0).getString("title"));
    JsonArray all = app.get("/api/plans/" + planId, staff).json().getJsonArray("suggestions");
    assertEquals(2, all.size());
    assertEquals("委员荐题", all.getJsonObject(0).getString("sourceLabel"));
    assertEquals(app.accountId("member01"), all.getJsonObject(0).getLong("proposerId"));
    assertEquals("党政交题", all.getJsonObject(1).getString("sourceLabel"));

    // a topic shortlisted from the member's suggestion marks it
    TestApp.Reply topic = app.post("/api/plans/" + planId + "/topics", topic("农村生活污水治理", false)
        .put("suggestions", new JsonArray().add(mine.json().getLong("id"))), staff);
    assertEquals(201, topic.status(), topic.body());
    assertEquals(1, app.count("SELECT count(*) FROM plan_suggestion WHERE status = 'SHORTLISTED' AND plan_id = " + planId));
    // a suggestion of another plan cannot be cited
    long other = create(staff, 2033);
    TestApp.Reply foreign = app.post("/api/plans/" + other + "/topics", topic("外来建议", false)
        .put("suggestions", new JsonArray().add(party.json().getLong("id"))), staff);
    assertEquals(422, foreign.status());
    assertEquals("suggestions", foreign.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    // members do not add topics
    assertEquals(403, app.post("/api/plans/" + planId + "/topics", topic("委员议题", false), member).status());

    // after the review nothing is added
    assertEquals(204, app.post("/api/plans/" + planId + "/steps", step("CHAIR_COUNCIL_REVIEWED", TODAY), app.login("chair")).status());
    TestApp.Reply late = app.post("/api/plans/" + planId + "/suggestions", suggestion("MEMBER", "迟到的荐题"), member);
    assertEquals(409, late.status(), late.body());
    assertEquals(409, app.post("/api/plans/" + planId + "/topics", topic("迟到的议题", false), staff).status());
  }

  @Test
  void theSupervisionShareIsCountedFromTheStoredTopicsAndWarnsBelowTheMinimum() {
    String staff = app.login("staff");
    long planId = create(staff, 2034);
    JsonObject empty = app.get("/api/plans/" + planId, staff).json().getJsonObject("supervisionShare");
    assertEquals(0, empty.getInteger("topics"));
    assertFalse(empty.getBoolean("belowMinimum"));
    assertEquals(0.20, empty.getDouble("minimum"));

    for (int i = 1; i <= 4; i++) {
      assertEquals(201, app.post("/api/plans/" + planId + "/topics", topic("议题" + i, false), staff).status());
    }
    JsonObject none = app.get("/api/plans/" + planId, staff).json().getJsonObject("supervisionShare");
    assertEquals(4, none.getInteger("topics"));
    assertEquals(0, none.getInteger("supervision"));
    assertTrue(none.getBoolean("belowMinimum"));

    TestApp.Reply s = app.post("/api/plans/" + planId + "/topics", topic("城乡居民医保政策落实情况民主监督", true)
        .put("form", "SUPERVISION_MOBILISATION").put("keyProposal", true), staff);
    assertEquals(201, s.status(), s.body());
    JsonObject plan = app.get("/api/plans/" + planId, staff).json();
    JsonObject fifth = plan.getJsonObject("supervisionShare");
    assertEquals(5, fifth.getInteger("topics"));
    assertEquals(1, fifth.getInteger("supervision"));
    assertEquals(0.2, fifth.getDouble("share"), 1e-9);
    assertFalse(fifth.getBoolean("belowMinimum"), "one in five reaches a minimum of 0.20");
    JsonObject stored = plan.getJsonArray("topics").getJsonObject(4);
    assertTrue(stored.getBoolean("supervision"));
    assertTrue(stored.getBoolean("keyProposal"));
    assertEquals("SUPERVISION_MOBILISATION", stored.getString("form"));
    assertEquals(2, stored.getInteger("quarter"));
    assertNull(stored.getValue("month"));
  }

  @Test
  void aTopicNamesEveryFieldAtFault() {
    String staff = app.login("staff");
    long planId = create(staff, 2035);
    TestApp.Reply both = app.post("/api/plans/" + planId + "/topics", topic("两个时间", false).put("month", 5), staff);
    assertEquals(422, both.status());
    assertEquals("quarter", both.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply form = app.post("/api/plans/" + planId + "/topics", topic("形式不对", false).put("form", "DINNER"), staff);
    assertEquals(422, form.status());
    assertEquals("form", form.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply committee = app.post("/api/plans/" + planId + "/topics", topic("没有这个委员会", false)
        .put("committeeId", 999_999), staff);
    assertEquals(422, committee.status(), committee.body());
    assertEquals("committeeId", committee.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(404, app.post("/api/plans/999999/topics", topic("没有这个计划", false), staff).status());
  }

  @Test
  void aBodyHasOnePlanAYear() {
    String staff = app.login("staff");
    create(staff, 2036);
    TestApp.Reply again = app.post("/api/plans", new JsonObject().put("year", 2036), staff);
    assertEquals(409, again.status(), again.body());
    assertEquals("year", again.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(403, app.post("/api/plans", new JsonObject().put("year", 2037), app.login("member01")).status());
    TestApp.Reply noYear = app.post("/api/plans", new JsonObject(), staff);
    assertEquals(422, noYear.status());
    assertEquals("year", noYear.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  static long create(String token, int year) {
    TestApp.Reply r = app.post("/api/plans", new JsonObject().put("year", year), token);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  static JsonObject step(String step, LocalDate on) {
    return new JsonObject().put("step", step).put("on", on.toString());
  }

  static JsonObject suggestion(String source, String title) {
    return new JsonObject().put("source", source).put("title", title).put("reasons", "群众关切，宜纳入年度协商计划。");
  }

  static JsonObject topic(String title, boolean supervision) {
    return new JsonObject().put("title", title).put("form", "REMOTE_CONSULTATION")
        .put("committeeId", app.count("SELECT min(id) FROM committee"))
        .put("leaderId", app.accountId("vicechair")).put("quarter", 2).put("supervision", supervision);
  }
}
