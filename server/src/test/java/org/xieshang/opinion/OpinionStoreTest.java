package org.xieshang.opinion;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** Opinions from a live meeting, its online theme and written submissions land in one store, once each. */
class OpinionStoreTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  static void ok(Meeting m, String token, JsonObject command) {
    TestApp.Reply r = m.command(token, command);
    assertEquals(200, r.status(), r.body());
  }

  /**
   * The activity's page offers the written-opinion form exactly to those the store takes one from: its
   * {@code may.writeOpinion} and the answer to a submission agree for every kind of reader.
   */
  @Test
  void theActivitySaysWhoMayWriteAnOpinionAsTheStoreDecides() {
    Meeting m = Meeting.create(app, 300);
    Map<String, Boolean> expected = Map.of("member01", true, "public01", true, "public05", false,
        "official-nyj", true, "staff", true, "chair", true);
    expected.forEach((who, may) -> {
      String token = app.login(who);
      TestApp.Reply detail = app.get("/api/activities/" + m.id, token);
      assertEquals(200, detail.status(), who + ": " + detail.body());
      assertEquals(may, detail.json().getJsonObject("may").getBoolean("writeOpinion"), who);
      TestApp.Reply sent = app.post("/api/activities/" + m.id + "/submissions",
          new JsonObject().put("text", "建议把村级污水设施的管护经费列入预算。" + who), token);
      assertEquals(may ? 201 : 403, sent.status(), who + ": " + sent.body());
    });
  }

  @Test
  void everyChannelLandsInOneShapeOnceAndHiddenTextsStayOut() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    String staff = app.login("staff");
    String member = app.login("member01");
    ok(m, chair, cmd("Open"));
    ok(m, chair, cmd("StartItem").put("itemId", m.items.get("委员发言")));
    ok(m, member, cmd("RaiseHand"));
    ok(m, chair, cmd("Grant"));
    String speechId = app.get("/api/live/" + m.id, chair).json().getJsonObject("floor").getString("speechId");
    ok(m, app.login("host-yanjiang"), cmd("Summarize").put("speechId", speechId).put("text", "建议加快农村污水管网建设，健全管护机制。"));
    ok(m, chair, cmd("EndFloor"));
    ok(m, app.login("member02"), cmd("Comment").put("text", "垃圾转运站布点要听取村民意见"));
    ok(m, app.login("public01"), cmd("Comment").put("text", "希望增加村里的垃圾收集点")); // held for the chair
    ok(m, app.login("public01"), cmd("Comment").put("text", "这条会被驳回"));
    ok(m, chair, cmd("OpenPoll").put("question", "是否赞成按片区建设污水处理站？")
        .put("options", new io.vertx.core.json.JsonArray().add("赞成").add("反对")));
    String pollId = app.get("/api/live/" + m.id, chair).json().getJsonArray("polls").getJsonObject(0).getString("id");
    ok(m, member, cmd("Vote").put("pollId", pollId).put("choices", new io.vertx.core.json.JsonArray().add(0)));
    ok(m, app.login("member02"), cmd("Vote").put("pollId", pollId).put("choices", new io.vertx.core.json.JsonArray().add(0)));
    ok(m, app.login("member03"), cmd("Vote").put("pollId", pollId).put("choices", new io.vertx.core.json.JsonArray().add(1)));
    ok(m, chair, cmd("ClosePoll").put("pollId", pollId));

    long theme = Themes.open(app, staff, Themes.body(app, "会前网络议政", "农村人居环境").put("activityId", m.id));
    app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "污水治理").put("body", "建议按片区建设处理站。"), member);
    long hidden = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "无关内容").put("body", "与主题无关的广告"),
        app.login("member05")).json().getLong("id");
    assertEquals(204, app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", hidden).put("action", "HIDE").put("reason", "与主题无关"), staff).status());
    long statement = app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", "污水处理费用应由县级财政保障。"),
        member).json().getLong("id");
    for (String voter : List.of("member02", "member03", "member06")) {
      assertEquals(204, app.put("/api/statements/" + statement + "/vote", new JsonObject().put("vote", 1), app.login(voter)).status());
    }

    String official = app.login("official-nyj");
    TestApp.Reply submitted = app.send("POST", "/api/activities/" + m.id + "/submissions", "application/json",
        new JsonObject().put("text", "农业农村局书面意见：拟于明年完成三个乡镇的管网改造。").encode().getBytes(), official, "sub-1");
    assertEquals(201, submitted.status(), submitted.body());
    assertEquals("DEPARTMENT", submitted.json().getString("authorKind"));
    assertEquals(submitted.json().getLong("id"), app.send("POST", "/api/activities/" + m.id + "/submissions", "application/json",
        new JsonObject().put("text", "农业农村局书面意见：拟于明年完成三个乡镇的管网改造。").encode().getBytes(), official, "sub-1")
        .json().getLong("id"), "a resent submission counts once");
    assertEquals(403, app.post("/api/activities/" + m.id + "/submissions", new JsonObject().put("text", "旁听者的书面意见"),
        app.login("public05")).status());
    assertEquals(422, app.post("/api/activities/" + m.id + "/submissions", new JsonObject().put("text", "短"), member).status());

    // the chair rejects one held public comment and leaves the other held: neither is an opinion yet
    String rejected = app.get("/api/live/" + m.id + "/held-comments", chair).array().stream()
        .map(o -> (JsonObject) o).filter(c -> "这条会被驳回".equals(c.getString("text"))).findFirst().orElseThrow().getString("id");
    ok(m, chair, cmd("RejectComment").put("commentId", rejected));

    JsonObject first = app.post("/api/opinions/collect", new JsonObject().put("activityId", m.id), staff).json();
    Map<String, Object> channels = first.getJsonObject("counts").getJsonObject("channel").getMap();
    assertEquals(Map.of("SPEECH", 1, "COMMENT", 1, "POST", 1, "STATEMENT", 1, "SUBMISSION", 1, "POLL", 1), channels, first.encode());
    assertEquals("表决“是否赞成按片区建设污水处理站？”（3 人参加）：赞成 2 票，反对 1 票", unit(first, "POLL").getString("text"));
    JsonObject speech = unit(first, "SPEECH");
    assertEquals("建议加快农村污水管网建设，健全管护机制。", speech.getString("text"));
    assertEquals("雁江区分会场", speech.getString("venue"));
    assertEquals("MEMBER", speech.getString("authorKind"));
    assertEquals(m.items.get("委员发言"), speech.getLong("agendaItemId"));
    assertEquals(3, unit(first, "STATEMENT").getInteger("agree"));
    assertTrue(unit(first, "POST").getString("sourceRef").startsWith("forum_post:"));

    JsonObject again = app.post("/api/opinions/collect", new JsonObject().put("activityId", m.id), staff).json();
    assertEquals(first.getInteger("total"), again.getInteger("total"), "collecting again adds nothing");
    assertEquals(403, app.get("/api/opinions?activityId=" + m.id, member).status());
    assertEquals(422, app.post("/api/opinions/collect", new JsonObject(), staff).status());
  }

  static byte[] docx(String... paragraphs) throws Exception {
    try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String p : paragraphs) {
        doc.createParagraph().createRun().setText(p);
      }
      doc.write(out);
      return out.toByteArray();
    }
  }

  static byte[] pdf(String line) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      if (line != null) {
        try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
          c.beginText();
          c.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          c.newLineAtOffset(72, 700);
          c.showText(line);
          c.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  static byte[] pages(int n) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (int i = 0; i < n; i++) {
        doc.addPage(new PDPage());
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  static JsonObject file(String name, byte[] data) {
    return new JsonObject().put("fileName", name).put("data", Base64.getEncoder().encodeToString(data));
  }

  @Test
  void writtenOpinionsAndResearchFindingsArriveAsTextOrAsDocxOrPdfFiles() throws Exception {
    Meeting m = Meeting.create(app, 301);
    String member = app.login("member01");
    String staff = app.login("staff");
    String path = "/api/activities/" + m.id + "/submissions";

    TestApp.Reply word = app.post(path, file("关于农村污水治理的书面意见.docx",
        docx("关于农村污水治理的书面意见", "一、建议按片区建设污水处理站。", "二、运行经费由县级财政保障。")), member);
    assertEquals(201, word.status(), word.body());
    assertEquals("关于农村污水治理的书面意见\n一、建议按片区建设污水处理站。\n二、运行经费由县级财政保障。", word.json().getString("text"));
    TestApp.Reply pdf = app.post(path, file("findings.pdf", pdf("Survey of 12 townships: 7 lack sewage treatment.")).put("kind", "RESEARCH"),
        staff);
    assertEquals(201, pdf.status(), pdf.body());
    assertEquals("RESEARCH", pdf.json().getString("channel"));
    assertEquals("Survey of 12 townships: 7 lack sewage treatment.", pdf.json().getString("text"));

    // the original file stays with the opinion, for its author and for staff
    TestApp.Reply original = app.get("/api/opinions/" + word.json().getLong("id") + "/file", staff);
    assertEquals(200, original.status());
    assertTrue(original.header("Content-Type").startsWith("application/vnd.openxmlformats"));
    assertEquals(200, app.get("/api/opinions/" + word.json().getLong("id") + "/file", member).status());
    assertEquals(403, app.get("/api/opinions/" + word.json().getLong("id") + "/file", app.login("member02")).status());

    // bad uploads are refused with the field at fault, and store nothing
    long before = app.count("SELECT count(*) FROM opinion_unit WHERE activity_id = " + m.id);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    assertField(app.post(path, file("意见.docx", png), member), "fileName");
    assertField(app.post(path, file("意见.txt", "纯文本".getBytes()), member), "fileName");
    assertField(app.post(path, file("scan.pdf", pdf(null)), member), "data"); // no text in it: a scan
    assertField(app.post(path, file("broken.pdf", "%PDF-1.7 not really a pdf".getBytes()), member), "data");
    assertField(app.post(path, file("empty.docx", docx()), member), "data");
    assertField(app.post(path, file("book.pdf", pages(WrittenFile.MAX_PAGES + 1)), member), "data");
    assertField(app.post(path, file("big.pdf", new byte[(int) OpinionApi.FILE_MAX_BYTES + 1]), member), "data");
    assertField(app.post(path, file("意见.docx", docx("建议")).put("text", "也写了文字"), member), "text");
    assertEquals(403, app.post(path, new JsonObject().put("text", "委员不能录入调研成果").put("kind", "RESEARCH"), member).status());
    assertEquals(before, app.count("SELECT count(*) FROM opinion_unit WHERE activity_id = " + m.id));
  }

  @Test
  void aScopeBeyondWhatOneReportTakesSaysSoInsteadOfDroppingOpinionsSilently() {
    Meeting m = Meeting.create(app, 302);
    app.count("WITH x AS (INSERT INTO opinion_unit (source_ref, channel, activity_id, author_kind, text, at) "
        + "SELECT 'bulk:' || g, 'SUBMISSION', " + m.id + ", 'MEMBER', '关于农村供水的意见 ' || g, now() - g * interval '1 second' "
        + "FROM generate_series(1, " + (OpinionStore.UNITS_AT_MOST + 1) + ") g RETURNING 1) SELECT count(*) FROM x");
    JsonObject store = app.get("/api/opinions?activityId=" + m.id, app.login("staff")).json();
    assertEquals(OpinionStore.UNITS_AT_MOST, store.getInteger("total"));
    assertTrue(store.getBoolean("more"), "the answer says there are more than it lists");
  }

  static void assertField(TestApp.Reply reply, String field) {
    assertEquals(422, reply.status(), reply.body());
    assertTrue(reply.json().getJsonArray("errors").stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
        reply.body());
  }

  static JsonObject unit(JsonObject store, String channel) {
    return store.getJsonArray("units").stream().map(o -> (JsonObject) o)
        .filter(u -> channel.equals(u.getString("channel"))).findFirst().orElseThrow();
  }

  /** Found by GeneratedInputTest: collecting (or drafting a report) for a scope that does not exist wrote an audit entry. */
  @Test
  void aScopeThatDoesNotExistIsRefusedAndNothingIsWritten() {
    String staff = app.login("staff");
    long audits = app.count("SELECT count(*) FROM audit_log");
    for (String path : List.of("/api/opinions/collect", "/api/reports")) {
      for (JsonObject scope : List.of(new JsonObject().put("activityId", 2147483648L), new JsonObject().put("themeId", 999999))) {
        TestApp.Reply r = app.post(path, scope, staff);
        assertEquals(404, r.status(), path + " " + scope + ": " + r.body());
        assertTrue(r.isProblem());
      }
    }
    assertEquals(audits, app.count("SELECT count(*) FROM audit_log"), "no audit entry for a refused request");
  }
}
