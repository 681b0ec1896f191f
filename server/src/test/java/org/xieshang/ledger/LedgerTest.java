package org.xieshang.ledger;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.inbox.Inbox;
import org.xieshang.opinion.AnalysisRunner;
import org.xieshang.opinion.OpinionService;
import org.xieshang.support.Await;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The adoption ledger (台账) on the real database: a suggestion of an approved report handed to a
 * department, its replies, supervision, and the proposers told of each reply.
 */
class LedgerTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass(Map.of("XIESHANG_REPORT_LEDGER_REMINDER_SECONDS", "1"));
  static String staff;
  static final String DUE = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(30).toString();

  @BeforeAll
  static void up() {
    staff = app.login("staff");
  }

  /** A report on a theme where member08 proposed one thing; approved by the chair when asked. */
  static JsonObject report(boolean approve) {
    long theme = Themes.open(app, staff, Themes.body(app, "高标准农田建设网络议政", "高标准农田"));
    TestApp.Reply post = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "农田水利设施管护")
        .put("body", "建议建立高标准农田水利设施长效管护机制，落实管护经费。"), app.login("member08"));
    assertEquals(201, post.status(), post.body());
    TestApp.Reply created = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(201, created.status(), created.body());
    JsonObject report = created.json();
    if (approve) {
      long id = report.getLong("id");
      assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "REVIEW"), staff).status());
      assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "APPROVED"),
          app.login("chair")).status());
    }
    return report;
  }

  /** The sources of the report's first paragraph under 二、主要意见建议. */
  static JsonArray mainSources(JsonObject report) {
    return report.getJsonObject("body").getJsonArray("sections").stream().map(o -> (JsonObject) o)
        .filter(s -> "main".equals(s.getString("key"))).findFirst().orElseThrow()
        .getJsonArray("paragraphs").getJsonObject(0).getJsonArray("sources");
  }

  static long department(String name) {
    return app.count("SELECT id FROM department WHERE name = '" + name + "'");
  }

  static JsonObject latestNotice(String token) {
    return app.get("/api/inbox", token).json().getJsonArray("notices").getJsonObject(0);
  }

  @Test
  void aSuggestionIsHandedToItsDepartmentWhoseReplyReachesTheProposer() {
    JsonObject report = report(true);
    long reportId = report.getLong("id");
    TestApp.Reply assigned = app.post("/api/reports/" + reportId + "/ledger", new JsonObject()
        .put("suggestion", "建立高标准农田水利设施长效管护机制，落实管护经费。").put("sources", mainSources(report))
        .put("departmentId", department("市农业农村局")).put("dueOn", DUE), staff);
    assertEquals(201, assigned.status(), assigned.body());
    long id = assigned.json().getLong("id");

    String official = app.login("official-nyj");
    JsonObject told = latestNotice(official);
    assertEquals("ledger.assigned", told.getString("kind"));
    assertEquals("/ledger/" + id, told.getString("link"));
    JsonArray mine = app.get("/api/ledger", official).array();
    assertTrue(mine.stream().anyMatch(e -> ((JsonObject) e).getLong("id") == id), "the department sees it");
    assertTrue(app.get("/api/ledger", app.login("official-jyj")).array().stream()
        .noneMatch(e -> ((JsonObject) e).getLong("id") == id), "another department does not");
    assertEquals(403, app.get("/api/ledger/" + id, app.login("official-jyj")).status());
    assertEquals(403, app.post("/api/ledger/" + id + "/replies", new JsonObject().put("adoption", "ADOPTED")
        .put("text", "已采纳。"), app.login("official-jyj")).status(), "only the handling department replies");

    TestApp.Reply first = app.post("/api/ledger/" + id + "/replies", new JsonObject().put("adoption", "IN_PROGRESS")
        .put("text", "已会同市财政局研究管护经费来源，拟于明年一季度出台管护办法。"), official);
    assertEquals(204, first.status(), first.body());
    String proposer = app.login("member08");
    JsonObject feedback = latestNotice(proposer);
    assertEquals("ledger.replied", feedback.getString("kind"));
    assertTrue(feedback.getString("body").contains("市农业农村局") && feedback.getString("body").contains("正在办理"),
        feedback.encode());
    JsonObject seenByProposer = app.get("/api/ledger/" + id, proposer).json();
    assertEquals("IN_PROGRESS", seenByProposer.getString("adoption"));
    assertFalse(seenByProposer.getBoolean("mayReply"));
    assertEquals(403, app.get("/api/ledger/" + id, app.login("member09")).status(), "not a proposer");

    assertEquals(204, app.post("/api/ledger/" + id + "/replies", new JsonObject().put("adoption", "ADOPTED")
        .put("text", "《高标准农田建设项目管护办法》已印发，管护经费纳入财政预算。"), official).status());
    JsonObject entry = app.get("/api/ledger/" + id, staff).json();
    assertEquals("ADOPTED", entry.getString("adoption"));
    assertEquals("已采纳", entry.getString("adoptionLabel"));
    assertEquals(List.of("IN_PROGRESS", "ADOPTED"), entry.getJsonArray("replies").stream()
        .map(r -> ((JsonObject) r).getString("adoption")).toList(), "every reply is kept");
    JsonObject seenByOfficial = app.get("/api/ledger/" + id, official).json();
    assertTrue(seenByOfficial.getBoolean("mayReply"));
    // the department sees what it is asked to act on: every opinion behind the entry, with its text and where it came from (P5)
    JsonArray opinions = seenByOfficial.getJsonArray("opinions");
    assertEquals(mainSources(report).size(), opinions.size(), opinions.encode());
    for (Object o : opinions) {
      JsonObject op = (JsonObject) o;
      assertTrue(mainSources(report).stream().anyMatch(src -> ((Number) src).longValue() == op.getLong("id")), op.encode());
      assertFalse(op.getString("text").isBlank(), op.encode());
      assertFalse(op.getString("label").contains("#"), "no internal ids: " + op.encode());
    }
    assertEquals(2, app.count("SELECT count(*) FROM audit_log WHERE action = 'ledger.reply' AND target_id = '" + id + "'"));
  }

  @Test
  void chairsPutAnEntryUnderSupervisionAndTheDepartmentIsTold() {
    JsonObject report = report(true);
    long id = app.post("/api/reports/" + report.getLong("id") + "/ledger", new JsonObject()
        .put("suggestion", "加大高标准农田建设投入。").put("departmentId", department("市发展和改革委员会"))
        .put("dueOn", DUE), staff).json().getLong("id");
    TestApp.Reply byStaff = app.put("/api/ledger/" + id + "/supervision", new JsonObject().put("supervised", true), staff);
    assertEquals(403, byStaff.status(), "督办 is for chairs and vice chairs");
    assertEquals(204, app.put("/api/ledger/" + id + "/supervision", new JsonObject().put("supervised", true),
        app.login("vicechair")).status());
    assertTrue(app.get("/api/ledger/" + id, staff).json().getBoolean("supervised"));
    assertEquals("ledger.supervised", latestNotice(app.login("official-fgw")).getString("kind"));
  }

  static long assign(JsonObject report, String suggestion, String department, LocalDate dueOn) {
    TestApp.Reply r = app.post("/api/reports/" + report.getLong("id") + "/ledger", new JsonObject()
        .put("suggestion", suggestion).put("departmentId", department(department)).put("dueOn", dueOn.toString()), staff);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  static long notices(String username, String kind, long entry) {
    return app.count("SELECT count(*) FROM notice WHERE account_id = " + app.accountId(username) + " AND kind = '" + kind
        + "' AND link = '/ledger/" + entry + "'");
  }

  /**
   * Every node runs the reminder pass (issue 19): three more ledger services on their own connection
   * pools, as three more nodes on the same database would, running the pass at once, round after round,
   * beside the server's own, remind the entry once.
   */
  @Test
  void nodesRemindingAtOnceRemindEachEntryOnce() throws Exception {
    JsonObject report = report(true);
    List<Pool> pools = new ArrayList<>();
    List<LedgerService> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Pool pool = PgBuilder.pool().connectingTo(app.db.connectOptions()).using(app.vertx).build();
      pools.add(pool);
      nodes.add(new LedgerService(app.vertx, pool, new Inbox(app.vertx, pool),
          new OpinionService(app.vertx, pool, new AnalysisRunner(app.vertx, pool)), Clock.systemUTC()));
    }
    try {
      long id = assign(report, "完善农村寄递物流体系。", "市教育局", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2));
      for (int round = 0; round < 5; round++) {
        List<Future<Integer>> passes = nodes.stream().map(LedgerService::remind).toList();
        Future.all(passes).await(30, TimeUnit.SECONDS);
      }
      Await.until("reminded", 10_000, () -> notices("official-jyj", "ledger.due-soon", id) >= 1);
      assertEquals(1, notices("official-jyj", "ledger.due-soon", id), "once, whichever node claimed it");
    } finally {
      pools.forEach(Pool::close);
    }
  }

  @Test
  void theDepartmentIsRemindedOnceBeforeTheDueDateAndOnceWhenItPasses() {
    JsonObject report = report(true);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    long id = assign(report, "改善农村学校寄宿条件。", "市教育局", today.plusDays(2));
    Await.until("reminded before the due date", 10_000, () -> notices("official-jyj", "ledger.due-soon", id) == 1);

    app.count("UPDATE ledger_entry SET due_on = current_date - 1 WHERE id = " + id + " RETURNING 1"); // the date passes
    Await.until("reminded when overdue", 10_000, () -> notices("official-jyj", "ledger.overdue", id) == 1);
    assertEquals(1, notices("staff", "ledger.overdue", id), "the staff who handed it over are told too");
    assertTrue(app.get("/api/ledger/" + id, staff).json().getBoolean("overdue"));

    // a later round, seen by the reminder of another entry, sends nothing more about this one
    long later = assign(report, "加强乡村教师队伍建设。", "市教育局", today.plusDays(1));
    Await.until("a later round", 10_000, () -> notices("official-jyj", "ledger.due-soon", later) == 1);
    assertEquals(1, notices("official-jyj", "ledger.due-soon", id));
    assertEquals(1, notices("official-jyj", "ledger.overdue", id));

    // a final answer ends the reminders: answered entries are never reminded
    String official = app.login("official-jyj");
    assertEquals(204, app.post("/api/ledger/" + later + "/replies", new JsonObject().put("adoption", "NOT_ADOPTED")
        .put("text", "编制所限，暂不具备条件，将在明年统筹考虑。"), official).status());
    app.count("UPDATE ledger_entry SET due_on = current_date - 1 WHERE id = " + later + " RETURNING 1");
    long third = assign(report, "落实乡村教师生活补助。", "市教育局", today.plusDays(1));
    Await.until("another round", 10_000, () -> notices("official-jyj", "ledger.due-soon", third) == 1);
    assertEquals(0, notices("official-jyj", "ledger.overdue", later));
    assertFalse(app.get("/api/ledger/" + later, staff).json().getBoolean("overdue"));
  }

  static void ok(Meeting m, String token, String type, JsonObject fields) {
    TestApp.Reply r = m.command(token, fields.copy().put("type", type).put("clientId", UUID.randomUUID().toString()));
    assertEquals(200, r.status(), r.body());
  }

  @Test
  void commitmentsMadeInTheMeetingGoToTheOfficialsDepartmentOnce() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    ok(m, chair, "Open", new JsonObject());
    ok(m, chair, "StartItem", new JsonObject().put("itemId", m.items.get("委员发言")));
    ok(m, app.login("member01"), "RaiseHand", new JsonObject());
    ok(m, chair, "Grant", new JsonObject());
    String speech = app.get("/api/live/" + m.id, chair).json().getJsonObject("floor").getString("speechId");
    ok(m, app.login("host-yanjiang"), "Summarize", new JsonObject().put("speechId", speech).put("text", "建议加快农村污水管网建设。"));
    ok(m, chair, "CallOfficial", new JsonObject().put("officialId", app.accountId("official-nyj")).put("speechId", speech));
    String answer = app.get("/api/live/" + m.id, chair).json().getJsonObject("floor").getString("speechId");
    ok(m, chair, "MarkCommitment", new JsonObject().put("speechId", answer).put("text", "年内完成三个乡镇污水管网改造。"));
    ok(m, chair, "EndFloor", new JsonObject());

    TestApp.Reply created = app.post("/api/reports", new JsonObject().put("activityId", m.id), staff);
    assertEquals(201, created.status(), created.body());
    long report = created.json().getLong("id");
    String path = "/api/reports/" + report + "/ledger/commitments";
    assertEquals(409, app.post(path, new JsonObject().put("dueOn", DUE), staff).status(), "not before approval");
    assertEquals(200, app.post("/api/reports/" + report + "/status", new JsonObject().put("to", "REVIEW"), staff).status());
    assertEquals(200, app.post("/api/reports/" + report + "/status", new JsonObject().put("to", "APPROVED"), chair).status());

    TestApp.Reply handed = app.post(path, new JsonObject().put("dueOn", DUE), staff);
    assertEquals(200, handed.status(), handed.body());
    assertEquals(1, handed.json().getInteger("created"));
    long id = handed.json().getJsonArray("ids").getLong(0);
    JsonObject entry = app.get("/api/ledger/" + id, staff).json();
    assertEquals("市农业农村局", entry.getString("department"), "the department of the official who made it");
    assertEquals("会上承诺：年内完成三个乡镇污水管网改造。", entry.getString("suggestion"));
    JsonObject told = latestNotice(app.login("official-nyj"));
    assertEquals("/ledger/" + id, told.getString("link"));
    assertEquals(2, entry.getInteger("sources"), "the commitment and the speech it answered");
    assertEquals(0, app.post(path, new JsonObject().put("dueOn", DUE), staff).json().getInteger("created"),
        "asking twice adds nothing");
    assertEquals(204, app.post("/api/ledger/" + id + "/replies", new JsonObject().put("adoption", "ADOPTED")
        .put("text", "三个乡镇的污水管网改造已全部完工。"), app.login("official-nyj")).status());
    JsonObject feedback = latestNotice(app.login("member01"));
    assertEquals("ledger.replied", feedback.getString("kind"), "the member whose question drew the commitment is told");
    assertEquals("/ledger/" + id, feedback.getString("link"));
  }

  @Test
  void staffExportTheLedgerAsAWorkbookWithTheLatestReplies() throws Exception {
    JsonObject report = report(true);
    long id = assign(report, "完善农村饮水安全工程管护。", "市农业农村局", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(20));
    assertEquals(204, app.post("/api/ledger/" + id + "/replies", new JsonObject().put("adoption", "PARTLY_ADOPTED")
        .put("text", "已将管护经费纳入明年预算，专职管护队伍正在组建。"), app.login("official-nyj")).status());

    HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base()
        + "/api/ledger/export.xlsx")).header("Authorization", "Bearer " + staff).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertEquals(LedgerExport.XLSX, file.headers().firstValue("Content-Type").orElseThrow());
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
      Sheet sheet = wb.getSheetAt(0);
      List<String> header = new java.util.ArrayList<>();
      sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
      assertEquals(LedgerExport.HEADERS, header);
      org.apache.poi.ss.usermodel.Row row = java.util.stream.IntStream.rangeClosed(1, sheet.getLastRowNum())
          .mapToObj(sheet::getRow).filter(r -> r.getCell(2).getStringCellValue().equals("完善农村饮水安全工程管护。"))
          .findFirst().orElseThrow();
      assertEquals("市农业农村局", row.getCell(3).getStringCellValue());
      assertEquals("部分采纳", row.getCell(5).getStringCellValue());
      assertEquals("已将管护经费纳入明年预算，专职管护队伍正在组建。", row.getCell(6).getStringCellValue());
    }
    assertEquals(403, app.get("/api/ledger/export.xlsx", app.login("official-nyj")).status(), "for staff");
  }

  @Test
  void badAssignmentsAreRefusedAndChangeNothing() {
    long before = app.count("SELECT count(*) FROM ledger_entry");
    JsonObject draft = report(false);
    TestApp.Reply notApproved = app.post("/api/reports/" + draft.getLong("id") + "/ledger", new JsonObject()
        .put("suggestion", "建议一").put("departmentId", department("市教育局")).put("dueOn", DUE), staff);
    assertEquals(409, notApproved.status(), "a draft is not handed out");

    JsonObject approved = report(true);
    String path = "/api/reports/" + approved.getLong("id") + "/ledger";
    TestApp.Reply bad = app.post(path, new JsonObject().put("suggestion", "").put("departmentId", "x")
        .put("dueOn", "明年").put("sources", new JsonArray().add(-1)), staff);
    assertEquals(422, bad.status());
    assertEquals(List.of("suggestion", "sources", "departmentId", "dueOn"), bad.json().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList());
    TestApp.Reply foreign = app.post(path, new JsonObject().put("suggestion", "建议二").put("sources", new JsonArray().add(1L << 40))
        .put("departmentId", department("市教育局")).put("dueOn", DUE), staff);
    assertEquals("sources", foreign.json().getJsonArray("errors").getJsonObject(0).getString("field"),
        "only opinions the report cites");
    TestApp.Reply past = app.post(path, new JsonObject().put("suggestion", "建议三")
        .put("departmentId", department("市教育局")).put("dueOn", "2020-01-01"), staff);
    assertEquals("dueOn", past.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(403, app.post(path, new JsonObject().put("suggestion", "建议四")
        .put("departmentId", department("市教育局")).put("dueOn", DUE), app.login("member10")).status());
    assertEquals(before, app.count("SELECT count(*) FROM ledger_entry"));
  }
}
