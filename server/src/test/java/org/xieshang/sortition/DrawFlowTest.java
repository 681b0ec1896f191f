package org.xieshang.sortition;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.platform.http.UploadedTable;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A draw in the product: pool, registration and import, verifiable draw, invitations, replacements keeping quotas. */
class DrawFlowTest {
  static final String TODAY = java.time.LocalDate.now(org.xieshang.platform.time.ChinaTime.ZONE).toString();
  @RegisterExtension
  static final TestApp app = TestApp.perClass();
  static String staff;
  static long meeting;
  static final String[] COUNTIES = {"雁江区", "安岳县", "乐至县"};
  static final String[] VIEWS = {"支持", "反对", "不确定"};

  @BeforeAll
  static void up() {
    staff = app.login("staff");
    meeting = app.count("SELECT min(id) FROM activity");
  }

  static long pool() {
    return pool(meeting);
  }

  static long pool(long activity) {
    TestApp.Reply r = app.post("/api/pools", new JsonObject().put("title", "农村人居环境整治群众代表").put("topic", "农村人居环境")
        .put("activityId", activity).put("viewpointQuestion", "是否支持按片区集中处理生活污水？")
        .put("viewpointOptions", new JsonArray(List.of(VIEWS)))
        .put("eligibleCounties", new JsonArray(List.of(COUNTIES))), staff);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  /** 40 volunteers: 20 women and 20 men, views spread unevenly, from the three counties. */
  static String csv(int offset, String badLine) {
    StringBuilder sb = new StringBuilder("姓名,手机,区县,性别,年龄段,观点,同意\n");
    for (int i = 0; i < 40; i++) {
      String view = i % 5 == 0 ? "反对" : i % 5 == 1 ? "不确定" : "支持";
      sb.append("群众").append(offset + i).append(',').append(String.format("1380000%04d", offset + i)).append(',')
          .append(COUNTIES[i % 3]).append(',').append(i % 2 == 0 ? "女" : "男").append(',')
          .append(i % 3 == 0 ? "18-29" : "45-59").append(',').append(view).append(",是\n");
    }
    if (badLine != null) {
      sb.append(badLine).append('\n');
    }
    return sb.toString();
  }

  TestApp.Reply importList(long pool, String csv) {
    return app.send("POST", "/api/pools/" + pool + "/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8), staff);
  }

  @Test
  void staffImportAnExcelListAndOtherFilesAreRefused() throws Exception {
    long pool = pool();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      XSSFSheet sheet = wb.createSheet("报名表");
      String[][] rows = {{"姓名", "手机", "区县", "乡镇", "性别", "年龄段", "观点", "户", "同意"},
          {"王秀兰", "13800009001", "乐至县", "童家镇", "女", "45-59", "支持", "童家-12", "是"},
          {"王建国", "13800009002", "乐至县", "童家镇", "男", "45-59", "反对", "童家-12", "是"},
          {"李晓东", "13800009003", "安岳县", "", "男", "18-29", "不确定", "", "同意"}};
      for (int i = 0; i < rows.length; i++) {
        var row = sheet.createRow(i);
        for (int j = 0; j < rows[i].length; j++) {
          row.createCell(j).setCellValue(rows[i][j]);
        }
      }
      wb.write(out);
    }
    TestApp.Reply ok = app.send("POST", "/api/pools/" + pool + "/import", UploadedTable.XLSX, out.toByteArray(), staff);
    assertEquals(200, ok.status(), ok.body());
    assertEquals(3, ok.json().getInteger("imported"));
    assertEquals(2, app.count("SELECT count(*) FROM pool_volunteer WHERE pool_id = " + pool + " AND household = '童家-12'"));
    assertEquals(1, app.count("SELECT count(*) FROM pool_volunteer WHERE pool_id = " + pool
        + " AND features->>'township' = '童家镇' AND features->>'viewpoint' = '支持'"));

    TestApp.Reply pdf = app.send("POST", "/api/pools/" + pool + "/import", "application/pdf", "%PDF-1.4".getBytes(), staff);
    assertEquals(415, pdf.status());
    TestApp.Reply broken = app.send("POST", "/api/pools/" + pool + "/import", UploadedTable.XLSX, "not a workbook".getBytes(), staff);
    assertEquals(422, broken.status());
    TestApp.Reply missing = importList(pool, "姓名,手机\n张三,13800009009\n");
    assertEquals(422, missing.status());
    assertTrue(missing.body().contains("缺少列"), missing.body());
    assertEquals(3, app.count("SELECT count(*) FROM pool_volunteer WHERE pool_id = " + pool), "the refused files changed nothing");
  }

  @Test
  void staffCompareTheAlgorithmsAndSeeEveryVolunteersChance() {
    long pool = pool();
    assertEquals(200, importList(pool, csv(400, null)).status());
    TestApp.Reply r = app.post("/api/pools/" + pool + "/compare", new JsonObject().put("panelSize", 8).put("quotas", quotas()),
        staff);
    assertEquals(200, r.status(), r.body());
    Map<String, JsonObject> by = new HashMap<>();
    r.json().getJsonArray("algorithms").forEach(a -> by.put(((JsonObject) a).getString("algorithm"), (JsonObject) a));
    assertEquals(java.util.Set.of("leximin", "maximin", "nash", "diversimax", "legacy"), by.keySet());
    double leximin = by.get("leximin").getDouble("minProbability");
    assertTrue(leximin > 0 && leximin >= by.get("legacy").getDouble("minProbability") - 1e-9, r.body());
    assertEquals(leximin, by.get("maximin").getDouble("minProbability"), 1e-6, "both maximise the smallest chance");
    assertTrue(by.get("leximin").getDouble("gini") <= by.get("maximin").getDouble("gini") + 1e-9);
    JsonArray volunteers = r.json().getJsonArray("volunteers");
    assertEquals(40, volunteers.size(), "every eligible volunteer, by name");
    double seats = 0;
    double nashSeats = 0;
    double diversimaxSeats = 0;
    for (Object o : volunteers) {
      JsonObject v = (JsonObject) o;
      assertTrue(v.getString("name").startsWith("群众"));
      assertTrue(v.getDouble("leximin") >= leximin - 1e-9);
      assertTrue(v.getDouble("nash") > 0, "NASH gives everyone a panel can seat a chance");
      seats += v.getDouble("leximin");
      nashSeats += v.getDouble("nash");
      diversimaxSeats += v.getDouble("diversimax");
    }
    assertEquals(8, seats, 1e-6, "the chances add up to the panel's seats");
    assertEquals(8, nashSeats, 1e-6);
    assertEquals(8, diversimaxSeats, 1e-6);
    TestApp.Reply impossible = app.post("/api/pools/" + pool + "/compare", new JsonObject().put("panelSize", 8)
        .put("quotas", new JsonObject().put("gender", new JsonObject().put("女", b(6, 8)).put("男", b(6, 8)))), staff);
    assertEquals(409, impossible.status(), impossible.body());
    assertEquals(403, app.post("/api/pools/" + pool + "/compare", new JsonObject().put("panelSize", 8).put("quotas", quotas()),
        app.login("public01")).status());
  }

  static JsonObject quotas() {
    return new JsonObject()
        .put("gender", new JsonObject().put("女", b(3, 5)).put("男", b(3, 5)))
        .put("viewpoint", new JsonObject().put("支持", b(2, 4)).put("反对", b(2, 4)).put("不确定", b(1, 3)));
  }

  static JsonObject b(int min, int max) {
    return new JsonObject().put("min", min).put("max", max);
  }

  @Test
  void thePublicVolunteerWithConsentAndStaffImportCheckedLists() {
    long pool = pool();
    String citizen = app.login("public01");
    JsonObject features = new JsonObject().put("county", "安岳县").put("gender", "女").put("ageBand", "30-44").put("viewpoint", "支持");
    TestApp.Reply noConsent = app.post("/api/pools/" + pool + "/volunteers", new JsonObject().put("features", features), citizen);
    assertEquals(422, noConsent.status());
    assertEquals("consent", noConsent.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply badView = app.post("/api/pools/" + pool + "/volunteers", new JsonObject()
        .put("features", features.copy().put("viewpoint", "随便")).put("consent", true), citizen);
    assertEquals(422, badView.status());
    assertEquals(204, app.post("/api/pools/" + pool + "/volunteers", new JsonObject().put("features", features)
        .put("consent", true), citizen).status());
    assertEquals(403, app.post("/api/pools/" + pool + "/volunteers", new JsonObject().put("features", features)
        .put("consent", true), app.login("member01")).status(), "members do not volunteer as public");
    for (String notPublic : List.of("expert", "official-nyj", "staff")) {
      TestApp.Reply refused = app.post("/api/pools/" + pool + "/volunteers", new JsonObject().put("features", features)
          .put("consent", true), app.login(notPublic));
      assertEquals(403, refused.status(), notPublic);
      assertTrue(refused.json().getString("detail").startsWith("随机抽选面向基层群众"), refused.body());
    }

    TestApp.Reply bad = importList(pool, csv(100, "无名,123,安岳县,女,18-29,支持,否"));
    assertEquals(422, bad.status());
    assertTrue(bad.json().getJsonArray("errors").getJsonObject(0).getString("message").startsWith("第 42 行"), bad.body());
    assertEquals(1, app.count("SELECT count(*) FROM pool_volunteer WHERE pool_id = " + pool), "nothing half-imported");
    TestApp.Reply ok = importList(pool, csv(100, null));
    assertEquals(200, ok.status(), ok.body());
    assertEquals(41, app.count("SELECT count(*) FROM pool_volunteer WHERE pool_id = " + pool));
    assertEquals(403, app.get("/api/pools/" + pool + "/volunteers", citizen).status());
  }

  @Test
  void aDrawIsVerifiableFromItsPublishedFilesAndReplacementsKeepTheQuotas() throws Exception {
    long pool = pool();
    assertEquals(200, importList(pool, csv(200, null)).status());
    TestApp.Reply impossible = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8)
        .put("quotas", quotas().put("gender", new JsonObject().put("女", b(6, 8)).put("男", b(6, 8)))), staff);
    assertEquals(409, impossible.status(), impossible.body());
    assertEquals("无法按配额抽选", impossible.json().getString("title"));

    TestApp.Reply prepared = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8)
        .put("reserveSize", 10).put("quotas", quotas()), staff);
    assertEquals(201, prepared.status(), prepared.body());
    long draw = prepared.json().getLong("id");
    assertTrue(prepared.json().getDouble("minProbability") > 0.1, prepared.body());
    assertEquals(404, app.get("/api/draws/" + draw + "/files/seed.txt", null).status(), "the seed is secret until the draw");
    String lottery = app.get("/api/draws/" + draw + "/files/lottery.csv", null).body();
    assertFalse(lottery.contains("群众") || lottery.contains("1380000"), "published by pseudonym only");

    // a public value produced before the commitment was published was known when the draw was prepared (P7)
    TestApp.Reply early = app.post("/api/draws/" + draw + "/draw", new JsonObject().put("publicValue", "2026-11-26 福彩3D 428")
        .put("publicValueOn", "2026-11-26"), staff);
    assertEquals(422, early.status(), early.body());
    assertEquals("publicValueOn", early.json().getJsonArray("errors").getJsonObject(0).getString("field"), early.body());
    assertEquals("PREPARED", app.get("/api/draws/" + draw, staff).json().getString("status"), "refused: nothing changed");
    TestApp.Reply undated = app.post("/api/draws/" + draw + "/draw", new JsonObject().put("publicValue", "福彩3D 428"), staff);
    assertEquals(422, undated.status(), "the day the value was produced is required");

    TestApp.Reply drawn = app.post("/api/draws/" + draw + "/draw", new JsonObject().put("publicValue", TODAY + " 福彩3D 428")
        .put("publicValueOn", TODAY), staff);
    assertEquals(200, drawn.status(), drawn.body());
    JsonArray invitations = drawn.json().getJsonArray("invitations");
    assertEquals(8, invitations.size());
    // each invitee is texted an absolute link through the SMS sender (issue 20.13: links were relative and sent by hand)
    for (Object o : invitations) {
      JsonObject i = (JsonObject) o;
      assertTrue(i.getBoolean("texted"), i.encode());
      assertTrue(i.getString("url").matches("https?://[^/]+/join/.+") && i.getString("url").endsWith(i.getString("link")), i.encode());
      List<String> texts = app.smsTexts.getOrDefault(i.getString("phone"), List.of());
      assertTrue(texts.stream().anyMatch(t -> t.contains(i.getString("url")) && t.contains("界别群众代表") && t.startsWith(i.getString("name"))),
          "texted to " + i.getString("phone") + ": " + texts);
    }
    assertEquals(409, app.post("/api/draws/" + draw + "/draw", new JsonObject().put("publicValue", "again").put("publicValueOn", TODAY), staff).status());
    // drawn: no more sign-ups, and no second draw beside it (the reserve and fresh draws fill places) (P6)
    TestApp.Reply lateSignUp = signUp(pool, "public01");
    assertEquals(409, lateSignUp.status(), lateSignUp.body());
    assertEquals("已经抽签，报名已截止", lateSignUp.json().getString("detail"));
    assertEquals("DRAWN", poolAs(staff, pool).getString("phase"));
    TestApp.Reply secondDraw = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8).put("quotas", quotas()), staff);
    assertEquals(409, secondDraw.status(), secondDraw.body());
    assertTrue(secondDraw.json().getString("type").endsWith(":pool-drawn"), secondDraw.body());
    assertEquals(8, app.count("SELECT count(*) FROM roster_entry r JOIN pool_volunteer v ON v.account_id = r.account_id "
        + "WHERE v.pool_id = " + pool + " AND r.activity_id = " + meeting + " AND r.role = 'PUBLIC_REP'"));

    Path dir = Files.createTempDirectory("draw");
    for (String f : List.of("lottery.csv", "commitment.txt", "seed.txt", "public-value.txt", "result.json")) {
      TestApp.Reply r = app.get("/api/draws/" + draw + "/files/" + f, null);
      assertEquals(200, r.status(), f);
      Files.writeString(dir.resolve(f), r.body(), StandardCharsets.UTF_8);
    }
    assertTrue(LotteryCommand.verify(dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
        "scripts/verify-draw checks a draw made in the product");

    // two of the drawn decline through their own links; the places are filled keeping the quotas
    for (int i = 0; i < 2; i++) {
      String token = invitations.getJsonObject(i).getString("link").substring("/join/".length());
      TestApp.Reply signIn = app.post("/api/auth/invitation", new JsonObject().put("token", token), null);
      assertEquals(200, signIn.status(), signIn.body());
      assertEquals(204, app.post("/api/activities/" + meeting + "/invitation", new JsonObject().put("accept", false),
          signIn.json().getString("accessToken")).status());
    }
    TestApp.Reply replaced = app.post("/api/draws/" + draw + "/replacements", null, staff);
    assertEquals(200, replaced.status(), replaced.body());
    assertEquals(2, replaced.json().getInteger("replaced"));
    assertEquals(2, replaced.json().getJsonArray("invitations").size());
    assertQuotasKept(draw);
    assertEquals(0, app.post("/api/draws/" + draw + "/replacements", null, staff).json().getInteger("replaced"),
        "a place is filled once");
  }

  /** Drawing after the activity closed is refused before anything is recorded (it answered 409 with the draw made). */
  @Test
  void aDrawForAClosedActivityIsRefusedAndRecordsNothing() {
    Meeting m = Meeting.create(app, 300);
    long pool = pool(m.id);
    assertEquals(200, importList(pool, csv(400, null)).status());
    long draw = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8).put("reserveSize", 4)
        .put("quotas", quotas()), staff).json().getLong("id");
    String chair = app.login("chair");
    for (String type : List.of("Open", "Close")) {
      assertEquals(200, m.command(chair, new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString())).status());
    }
    TestApp.Reply refused = app.post("/api/draws/" + draw + "/draw", new JsonObject().put("publicValue", "42").put("publicValueOn", TODAY), staff);
    assertEquals(409, refused.status(), refused.body());
    assertEquals("活动已结束", refused.json().getString("title"), "said as the pool page says it (PoolPhase)");
    assertEquals(1, app.count("SELECT count(*) FROM sortition_draw WHERE status = 'PREPARED' AND id = " + draw));
    assertEquals(0, app.count("SELECT count(*) FROM draw_pick WHERE draw_id = " + draw));
    assertEquals(0, app.count("SELECT count(*) FROM audit_log WHERE action = 'sortition.draw' AND target_id = '" + draw + "'"));
  }

  @Test
  void withoutAFittingReserveAFreshDrawFillsThePlace() {
    long pool = pool();
    assertEquals(200, importList(pool, csv(300, null)).status());
    long draw = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8).put("reserveSize", 0)
        .put("quotas", quotas()), staff).json().getLong("id");
    JsonArray invitations = app.post("/api/draws/" + draw + "/draw", new JsonObject().put("publicValue", "42").put("publicValueOn", TODAY), staff)
        .json().getJsonArray("invitations");
    String token = invitations.getJsonObject(0).getString("link").substring("/join/".length());
    String access = app.post("/api/auth/invitation", new JsonObject().put("token", token), null).json().getString("accessToken");
    assertEquals(204, app.post("/api/activities/" + meeting + "/invitation", new JsonObject().put("accept", false), access).status());
    JsonObject replaced = app.post("/api/draws/" + draw + "/replacements", null, staff).json();
    assertEquals(1, replaced.getInteger("fresh"), replaced.encode());
    assertQuotasKept(draw);
  }

  @Test
  void aPreparedDrawStaysListedUntilDrawnOrWithdrawnInPublicAndNoSecondCommitmentWhileOneIsPending() {
    long pool = pool();
    assertEquals(200, importList(pool, csv(500, null)).status());
    JsonObject plan = new JsonObject().put("panelSize", 8).put("reserveSize", 0).put("quotas", quotas());
    TestApp.Reply first = app.post("/api/pools/" + pool + "/draws", plan, staff);
    assertEquals(201, first.status(), first.body());
    long pending = first.json().getLong("id");
    String citizen = app.login("public02");
    // listed for anyone signed in, as it was published, after any reload
    JsonArray listed = app.get("/api/pools/" + pool + "/draws", citizen).array();
    assertEquals(1, listed.size(), listed.encode());
    assertEquals("PREPARED", listed.getJsonObject(0).getString("status"));
    assertEquals(first.json().getString("commitment"), listed.getJsonObject(0).getString("commitment"));

    // once its list is published, sign-up closes: a later volunteer would not be in its lottery (P6)
    TestApp.Reply signUp = signUp(pool, "public01");
    assertEquals(409, signUp.status(), signUp.body());
    assertTrue(signUp.json().getString("detail").contains("抽签名单已公布"), signUp.body());
    assertEquals("DRAWING", poolAs(citizen, pool).getString("phase"));
    assertFalse(poolAs(citizen, pool).getBoolean("canVolunteer"));

    TestApp.Reply again = app.post("/api/pools/" + pool + "/draws", plan, staff);
    assertEquals(409, again.status(), again.body());
    assertTrue(again.json().getString("type").endsWith(":draw-pending"), again.body());
    assertEquals("已有待抽签的抽选", again.json().getString("title"));
    assertEquals(pending, again.json().getLong("drawId"));
    assertEquals(1, app.count("SELECT count(*) FROM sortition_draw WHERE pool_id = " + pool), "no second commitment");

    assertEquals(403, app.post("/api/draws/" + pending + "/withdraw", new JsonObject().put("reason", "配额有误"), citizen).status());
    TestApp.Reply noReason = app.post("/api/draws/" + pending + "/withdraw", new JsonObject(), staff);
    assertEquals(422, noReason.status());
    assertEquals("reason", noReason.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply withdrawn = app.post("/api/draws/" + pending + "/withdraw", new JsonObject().put("reason", "配额有误，重新准备"), staff);
    assertEquals(200, withdrawn.status(), withdrawn.body());
    assertEquals("WITHDRAWN", withdrawn.json().getString("status"));
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'sortition.draw.withdraw' AND target_id = '" + pending + "'"));
    assertEquals(200, app.get("/api/draws/" + pending + "/files/seed.txt", null).status(), "a withdrawn draw's seed is published");
    TestApp.Reply late = app.post("/api/draws/" + pending + "/draw", new JsonObject().put("publicValue", "1").put("publicValueOn", TODAY), staff);
    assertEquals(409, late.status());
    assertEquals("抽选已撤回", late.json().getString("title"));
    assertEquals(204, signUp(pool, "public01").status(), "withdrawn: sign-up is open again");
    assertEquals("OPEN", poolAs(citizen, pool).getString("phase"));

    TestApp.Reply second = app.post("/api/pools/" + pool + "/draws", plan, staff);
    assertEquals(201, second.status(), second.body());
    listed = app.get("/api/pools/" + pool + "/draws", citizen).array();
    assertEquals(2, listed.size(), "the withdrawn one stays listed with its commitment");
    assertEquals("PREPARED", listed.getJsonObject(0).getString("status"));
    assertEquals("WITHDRAWN", listed.getJsonObject(1).getString("status"));
    assertEquals("配额有误，重新准备", listed.getJsonObject(1).getString("withdrawReason"));
    assertEquals(first.json().getString("commitment"), listed.getJsonObject(1).getString("commitment"));
  }

  @Test
  void onceItsActivityHasClosedThePoolTakesNoVolunteersAndNoDrawAndSaysSo() {
    long city = app.count("SELECT id FROM organization WHERE name = '资阳市政协'");
    long activity = app.post("/api/activities", new JsonObject().put("type", "REMOTE_CONSULTATION")
        .put("title", "已结束的协商会").put("topic", "农村人居环境").put("organizationId", city)
        .put("scheduledStart", "2026-11-01T09:00:00+08:00").put("scheduledEnd", "2026-11-01T11:00:00+08:00"), staff)
        .json().getLong("id");
    long pool = app.post("/api/pools", new JsonObject().put("title", "已结束会议的群众代表").put("topic", "农村人居环境")
        .put("activityId", activity), staff).json().getLong("id");
    assertEquals(200, importList(pool, csv(600, null)).status());
    long pending = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8).put("quotas",
        new JsonObject().put("gender", new JsonObject().put("女", b(3, 5)).put("男", b(3, 5)))), staff).json().getLong("id");
    String citizen = app.login("public03");
    JsonObject pendingPhase = poolAs(citizen, pool);
    assertEquals("DRAWING", pendingPhase.getString("phase"), "a draw's list is out: sign-up has closed");
    assertFalse(pendingPhase.getBoolean("canVolunteer"));

    assertEquals(1, app.count("WITH u AS (UPDATE activity SET status = 'CLOSED' WHERE id = " + activity + " RETURNING 1) SELECT count(*) FROM u"));
    JsonObject ended = poolAs(citizen, pool);
    assertEquals("ACTIVITY_ENDED", ended.getString("phase"));
    assertFalse(ended.getBoolean("canVolunteer"));
    JsonObject forStaff = poolAs(staff, pool);
    assertFalse(forStaff.getBoolean("canPrepare"));
    assertFalse(forStaff.getBoolean("canDraw"));
    assertEquals("已结束的协商会", forStaff.getString("activityTitle"));

    TestApp.Reply signUp = app.post("/api/pools/" + pool + "/volunteers", new JsonObject().put("consent", true)
        .put("features", new JsonObject().put("county", "安岳县").put("gender", "女").put("ageBand", "30-44")), citizen);
    assertEquals(409, signUp.status(), signUp.body());
    assertEquals("报名已截止", signUp.json().getString("title"));
    assertTrue(signUp.json().getString("detail").contains("已结束的协商会"), signUp.body());
    TestApp.Reply draw = app.post("/api/draws/" + pending + "/draw", new JsonObject().put("publicValue", "7").put("publicValueOn", TODAY), staff);
    assertEquals(409, draw.status(), draw.body());
    assertTrue(draw.json().getString("type").endsWith(":activity-ended"), draw.body());
    assertEquals("活动已结束", draw.json().getString("title"));
    assertEquals("PREPARED", app.get("/api/pools/" + pool + "/draws", staff).array().getJsonObject(0).getString("status"),
        "a refused draw marks nothing drawn");
    assertEquals(200, app.post("/api/draws/" + pending + "/withdraw", new JsonObject().put("reason", "会议已结束"), staff).status(),
        "a pending draw can still be withdrawn in public");
    TestApp.Reply prepare = app.post("/api/pools/" + pool + "/draws", new JsonObject().put("panelSize", 8).put("quotas", quotas()), staff);
    assertEquals(409, prepare.status(), prepare.body());
    assertTrue(prepare.json().getString("type").endsWith(":activity-ended"), prepare.body());
  }

  static JsonObject poolAs(String token, long pool) {
    for (Object o : app.get("/api/pools", token).array()) {
      if (((JsonObject) o).getLong("id") == pool) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("pool " + pool + " not listed");
  }

  static TestApp.Reply signUp(long pool, String username) {
    return app.post("/api/pools/" + pool + "/volunteers", new JsonObject().put("consent", true)
        .put("features", new JsonObject().put("county", "安岳县").put("gender", "女").put("ageBand", "30-44").put("viewpoint", "支持")),
        app.login(username));
  }

  static void assertQuotasKept(long draw) {
    JsonObject status = app.get("/api/draws/" + draw, staff).json();
    Map<String, Integer> counts = new HashMap<>();
    int seated = 0;
    for (Object o : status.getJsonArray("picks")) {
      JsonObject p = (JsonObject) o;
      if (List.of("INVITED", "ACCEPTED").contains(p.getString("status"))) {
        seated++;
        JsonObject f = p.getJsonObject("features");
        counts.merge("gender=" + f.getString("gender"), 1, Integer::sum);
        counts.merge("viewpoint=" + f.getString("viewpoint"), 1, Integer::sum);
      }
    }
    assertEquals(8, seated, status.encode());
    JsonObject q = quotas();
    for (String c : q.fieldNames()) {
      for (String v : q.getJsonObject(c).fieldNames()) {
        int n = counts.getOrDefault(c + "=" + v, 0);
        JsonObject bounds = q.getJsonObject(c).getJsonObject(v);
        assertTrue(n >= bounds.getInteger("min") && n <= bounds.getInteger("max"), c + "=" + v + ": " + n);
      }
    }
  }
}
