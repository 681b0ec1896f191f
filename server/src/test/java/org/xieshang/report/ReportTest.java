package org.xieshang.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Await;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A report drafted from an online theme's opinions, with sources; edited, reviewed, approved, exported. */
class ReportTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();
  static String staff;

  @BeforeAll
  static void up() {
    staff = app.login("staff");
  }

  static long themeWithOpinions() {
    long theme = Themes.open(app, staff, Themes.body(app, "农村养老服务网络议政", "农村养老").put("visibility", "PUBLIC"));
    app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "建设互助养老点")
        .put("body", "建议每个行政村建设一个互助养老点，<b>由村集体</b>提供场地。"), app.login("member01"));
    app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "老年食堂")
        .put("body", "希望镇上办老年食堂，解决独居老人吃饭难。"), app.login("public01"));
    long agreed = app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", "应当提高高龄津贴标准。"),
        app.login("member02")).json().getLong("id");
    long split = app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", "养老服务应当主要由市场提供。"),
        app.login("member03")).json().getLong("id");
    String[] voters = {"member04", "member05", "member06", "member07"};
    for (int i = 0; i < voters.length; i++) {
      String t = app.login(voters[i]);
      app.put("/api/statements/" + agreed + "/vote", new JsonObject().put("vote", 1), t);
      app.put("/api/statements/" + split + "/vote", new JsonObject().put("vote", i % 2 == 0 ? 1 : -1), t);
    }
    return theme;
  }

  static JsonObject section(JsonObject report, String key) {
    return report.getJsonObject("body").getJsonArray("sections").stream().map(o -> (JsonObject) o)
        .filter(s -> key.equals(s.getString("key"))).findFirst().orElseThrow();
  }

  static String text(JsonObject section) {
    StringBuilder sb = new StringBuilder();
    section.getJsonArray("paragraphs").forEach(p -> sb.append(((JsonObject) p).getString("text")).append('\n'));
    return sb.toString();
  }

  static final String[][] POSTS = {
      {"member01", "停车位", "老旧小区停车位太少，晚上回家找不到地方停车。"},
      {"member02", "停车场", "建议在小区周边空地建设立体停车场，缓解停车难。"},
      {"member03", "错时停车", "机关单位停车场晚上空着，可以错时向居民开放停车。"},
      {"member04", "停车收费", "路边停车收费标准不透明，希望公开停车收费依据。"},
      {"member05", "自来水", "偏远村组还没有通自来水，群众饮水靠挑井水。"},
      {"member06", "供水管网", "自来水供水管网老化，夏天经常停水。"},
      {"member07", "城乡供水", "推进城乡供水一体化，让农村用上和城里一样的自来水。"},
      {"member08", "水质", "乡镇水厂供水水质不稳定，希望定期检测自来水水质并公示。"},
  };

  /** Asks until the analysis is done ({status: done, analysedAt, analysis}); while it runs, every answer is 202 with its progress. */
  static JsonObject analysis(long theme) {
    TestApp.Reply done = Await.value("the analysis is done", 10_000, () -> {
      TestApp.Reply reply = app.get("/api/opinions/analysis?themeId=" + theme, staff);
      if (reply.status() != 200) {
        assertEquals(202, reply.status(), reply.body());
        assertEquals("running", reply.json().getString("status"));
      }
      return reply;
    }, reply -> reply.status() == 200);
    return done.json();
  }

  /**
   * The server runs two HTTP instances (TestApp); each connection is served by one of them. Every service
   * is built once, so whichever connection asks sees the one running analysis and its result: before,
   * each instance had its own runner, started its own analysis and kept its own result (issue 18.3).
   */
  @Test
  void oneAnalysisWhicheverConnectionAsks() throws Exception {
    long theme = Themes.open(app, staff, Themes.body(app, "城市民生网络议政", "停车与供水（多个连接）"));
    for (String[] p : POSTS) {
      app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", p[1]).put("body", p[2]), app.login(p[0]));
    }
    app.post("/api/opinions/collect", new JsonObject().put("themeId", theme), staff);
    HttpRequest ask = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.app.port() + "/api/opinions/analysis?themeId=" + theme))
        .header("Authorization", "Bearer " + staff).build();
    java.util.Set<String> analysedAt = new java.util.HashSet<>();
    for (int c = 0; c < 4; c++) {
      // a client of its own: its own connection, and the server hands connections to its instances in turn
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String at = Await.value("the analysis is done", 20_000, () -> {
        HttpResponse<String> r;
        try {
          r = client.send(ask, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
        assertTrue(r.statusCode() == 200 || r.statusCode() == 202, r.body());
        return r.statusCode() == 200 ? new JsonObject(r.body()).getString("analysedAt") : null;
      }, java.util.Objects::nonNull);
      analysedAt.add(at);
    }
    assertEquals(1, analysedAt.size(), "one analysis, kept once: " + analysedAt);
  }

  /** Issue 20.3: 生成协商报告 made a second report silently, even beside an approved one. */
  @Test
  void draftingAgainOpensTheExistingReportUnlessAnotherIsAskedFor() {
    long theme = Themes.open(app, staff, Themes.body(app, "城市民生网络议政", "只应有一份报告的主题"));
    TestApp.Reply first = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(201, first.status(), first.body());
    TestApp.Reply again = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(409, again.status(), again.body());
    assertEquals(first.json().getLong("id"), again.json().getLong("existing"));
    assertEquals("已有协商报告", again.json().getString("title"));
    assertEquals(1, app.count("SELECT count(*) FROM report WHERE theme_id = " + theme));
    TestApp.Reply another = app.post("/api/reports", new JsonObject().put("themeId", theme).put("another", true), staff);
    assertEquals(201, another.status(), another.body());
    assertEquals(2, app.count("SELECT count(*) FROM report WHERE theme_id = " + theme));
  }

  /** Each step tells whoever must act next, and the list says who that is (issue 20, defect 2). */
  @Test
  void eachStepOfTheWorkflowTellsWhoeverMustActNextAndTheListSaysWhoThatIs() {
    long theme = Themes.open(app, staff, Themes.body(app, "城市民生网络议政", "报告流转通知的主题"));
    long id = app.post("/api/reports", new JsonObject().put("themeId", theme), staff).json().getLong("id");
    String chair = app.login("chair");
    JsonObject listed = app.get("/api/reports?themeId=" + theme, staff).array().getJsonObject(0);
    assertEquals("STAFF", listed.getString("nextActor"));
    assertTrue(listed.getBoolean("waitingForMe"));
    assertEquals(theme, listed.getLong("themeId"));
    assertEquals("陈思源", listed.getString("author"));
    assertFalse(app.get("/api/reports?themeId=" + theme, chair).array().getJsonObject(0).getBoolean("waitingForMe"));

    assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "REVIEW"), staff).status());
    String link = "'/reports/" + id + "'";
    for (String leader : List.of("chair", "vicechair")) {
      assertEquals(1, app.count("SELECT count(*) FROM notice WHERE kind = 'report.review' AND link = " + link
          + " AND account_id = " + app.accountId(leader)), leader + " is told it waits for review");
    }
    JsonObject review = app.get("/api/reports?themeId=" + theme, chair).array().getJsonObject(0);
    assertEquals("LEADERS", review.getString("nextActor"));
    assertTrue(review.getBoolean("waitingForMe"));
    assertFalse(app.get("/api/reports?themeId=" + theme, staff).array().getJsonObject(0).getBoolean("waitingForMe"));

    assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "DRAFT").put("comment", "请补充县区数据"),
        chair).status());
    assertEquals(1, app.count("SELECT count(*) FROM notice WHERE kind = 'report.draft' AND link = " + link
        + " AND body LIKE '%请补充县区数据%' AND account_id = " + app.accountId("staff")), "the author is told it came back, and why");
    assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "REVIEW"), staff).status());
    assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "APPROVED"), chair).status());
    assertEquals(1, app.count("SELECT count(*) FROM notice WHERE kind = 'report.approved' AND link = " + link
        + " AND account_id = " + app.accountId("staff")), "staff are told to submit it");
    assertEquals(0, app.count("SELECT count(*) FROM notice WHERE link = " + link + " AND account_id = " + app.accountId("chair")
        + " AND kind <> 'report.review'"), "nobody is told of their own act");
  }

  @Test
  void aThemeWithoutOpinionsIsAnalysedAsEmptyAndStillGetsADraft() {
    long theme = Themes.open(app, staff, Themes.body(app, "城市民生网络议政", "尚无人发言的主题"));
    JsonObject done = analysis(theme);
    assertEquals(0, done.getJsonObject("analysis").getInteger("total"));
    TestApp.Reply draft = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(201, draft.status(), draft.body());
  }

  @Test
  void votesTooThinForAnOpinionMapStillGiveADraftThatSaysWhyItHasNoGroups() {
    // eight statements, five voters each voting on two: nobody reaches the 7 votes a place on the map needs
    long theme = Themes.open(app, staff, Themes.body(app, "城市民生网络议政", "表态很少的主题"));
    List<Long> statements = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TestApp.Reply s = app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", "观点第" + (i + 1) + "条：应当加快办理。"),
          app.login("member0" + (i % 3 + 1)));
      assertEquals(201, s.status(), s.body());
      statements.add(s.json().getLong("id"));
    }
    String[] voters = {"member04", "member05", "member06", "member07", "member08"};
    for (int i = 0; i < voters.length; i++) {
      String t = app.login(voters[i]);
      for (int j = 0; j < 2; j++) {
        assertEquals(204, app.put("/api/statements/" + statements.get((i + j) % 8) + "/vote", new JsonObject().put("vote", 1), t).status());
      }
    }
    TestApp.Reply draft = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(201, draft.status(), draft.body());
    String consensus = text(section(draft.json(), "consensus"));
    assertTrue(consensus.contains("参与表态的 5 人中，对 7 条以上观点表态的仅 0 人（至少需要 3 人），表态过少，本稿未作观点群体分析。"), consensus);
    assertFalse(consensus.contains("观点群体甲"), consensus);
  }

  @Test
  void opinionsAreGroupedIntoThemesWithSourcesAndTheAnalysisIsKeptUntilNewOpinionsArrive() throws Exception {
    long theme = Themes.open(app, staff, Themes.body(app, "城市民生网络议政", "停车与供水"));
    for (String[] p : POSTS) {
      assertEquals(201, app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", p[1]).put("body", p[2]),
          app.login(p[0])).status());
    }
    app.post("/api/opinions/collect", new JsonObject().put("themeId", theme), staff);
    JsonObject done = analysis(theme);
    JsonObject analysis = done.getJsonObject("analysis");
    assertEquals(POSTS.length, analysis.getInteger("total"));
    List<String> labels = analysis.getJsonArray("themes").stream().map(o -> ((JsonObject) o).getString("label")).toList();
    assertEquals(2, labels.size(), labels.toString());
    assertTrue(labels.stream().anyMatch(l -> l.contains("停车")) && labels.stream().anyMatch(l -> l.contains("水")), labels.toString());
    TestApp.Reply again = app.get("/api/opinions/analysis?themeId=" + theme, staff);
    assertEquals(200, again.status());
    assertEquals(done.getString("analysedAt"), again.json().getString("analysedAt"), "unchanged opinions: kept, not redone");

    // a new opinion makes it stale: the next request analyses again
    app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "充电桩").put("body", "小区停车位应配建充电桩。"),
        app.login("member09"));
    app.post("/api/opinions/collect", new JsonObject().put("themeId", theme), staff);
    JsonObject redone = analysis(theme);
    assertEquals(POSTS.length + 1, redone.getJsonObject("analysis").getInteger("total"));
    assertNotEquals(done.getString("analysedAt"), redone.getString("analysedAt"));
    // so does an edited one (the same number of opinions, one text changed); unchanged again, it is kept
    assertEquals(1, app.count("WITH e AS (UPDATE opinion_unit SET text = text || '（补充：夜间也要开放）' WHERE id = "
        + "(SELECT max(id) FROM opinion_unit WHERE theme_id = " + theme + ") RETURNING 1) SELECT count(*) FROM e"));
    JsonObject edited = analysis(theme);
    assertNotEquals(redone.getString("analysedAt"), edited.getString("analysedAt"));
    assertEquals(edited.getString("analysedAt"), analysis(theme).getString("analysedAt"));

    // the draft's 主要意见建议 follows the themes, each heading citing all of its opinions
    JsonObject report = app.post("/api/reports", new JsonObject().put("themeId", theme), staff).json();
    JsonArray main = section(report, "main").getJsonArray("paragraphs");
    List<JsonObject> headings = main.stream().map(o -> (JsonObject) o).filter(p -> p.getString("text").startsWith("（")).toList();
    assertEquals(2, headings.size(), text(section(report, "main")));
    assertEquals(POSTS.length + 1, headings.stream().mapToInt(h -> h.getJsonArray("sources").size()).sum());
    assertTrue(headings.get(0).getString("text").contains("停车") && headings.get(0).getString("text").contains("共 5 条"),
        "the largest theme first: " + headings.get(0).getString("text"));
    for (JsonObject p : main.stream().map(o -> (JsonObject) o).toList()) {
      for (Object id : p.getJsonArray("sources")) {
        assertNotNull(report.getJsonObject("sources").getJsonObject(String.valueOf(id)), "source " + id);
      }
    }
    // every source of a heading can be fetched, not only the first shown; ids the report does not cite are not
    JsonArray all = headings.get(0).getJsonArray("sources");
    String ids = all.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ",999999";
    JsonObject fetched = app.get("/api/reports/" + report.getLong("id") + "/sources?ids=" + ids, staff).json();
    assertEquals(all.size(), fetched.size());
    assertTrue(fetched.getJsonObject(String.valueOf(all.getLong(0))).getString("text").length() > 5);
    assertEquals(422, app.get("/api/reports/" + report.getLong("id") + "/sources?ids=abc", staff).status());
    assertEquals(422, app.get("/api/opinions/analysis", staff).status(), "which opinions must be said");
    assertEquals(403, app.get("/api/opinions/analysis?themeId=" + theme, app.login("member01")).status());
  }

  @Test
  void aDraftCitesItsSourcesAndMovesThroughReviewToSubmission() throws Exception {
    long theme = themeWithOpinions();
    TestApp.Reply created = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(201, created.status(), created.body());
    JsonObject report = created.json();
    assertEquals("DRAFT", report.getString("status"));
    assertTrue(text(section(report, "basics")).contains("共收集意见 4 条"), text(section(report, "basics")));
    String consensus = text(section(report, "consensus"));
    assertTrue(consensus.contains("共识：“应当提高高龄津贴标准。”"), consensus);
    assertTrue(consensus.contains("存在分歧：“养老服务应当主要由市场提供。”"), consensus);
    // the opinion map of the votes: two groups, told apart by the divisive statement
    assertTrue(consensus.contains("可分为 2 个观点群体"), consensus);
    assertTrue(consensus.contains("较多反对“养老服务应当主要由市场提供。”") && consensus.contains("较多赞成“养老服务应当主要由市场提供。”"),
        consensus);
    assertTrue(text(section(report, "online")).contains("老年食堂"), "the public's posts are in 网络民意");
    // every cited source can be opened
    JsonObject sources = report.getJsonObject("sources");
    for (Object s : report.getJsonObject("body").getJsonArray("sections")) {
      for (Object p : ((JsonObject) s).getJsonArray("paragraphs")) {
        for (Object id : ((JsonObject) p).getJsonArray("sources")) {
          assertNotNull(sources.getJsonObject(String.valueOf(id)), "source " + id + " is included");
        }
      }
    }
    long id = report.getLong("id");

    // an edit keeps the links of the paragraphs kept; a stale version or a foreign source is refused
    JsonObject body = report.getJsonObject("body").copy();
    JsonObject main = body.getJsonArray("sections").getJsonObject(1);
    main.getJsonArray("paragraphs").getJsonObject(0).put("text", "（一）关于互助养老：委员和群众建议以村为单位建设<b>互助养老点</b>。");
    TestApp.Reply saved = app.put("/api/reports/" + id, new JsonObject().put("version", 1).put("body", body), staff);
    assertEquals(200, saved.status(), saved.body());
    assertEquals(2, saved.json().getInteger("version"));
    assertEquals(report.getJsonObject("body").getJsonArray("sections").getJsonObject(1).getJsonArray("paragraphs")
        .getJsonObject(0).getJsonArray("sources"), saved.json().getJsonObject("body").getJsonArray("sections").getJsonObject(1)
        .getJsonArray("paragraphs").getJsonObject(0).getJsonArray("sources"));
    assertEquals(409, app.put("/api/reports/" + id, new JsonObject().put("version", 1).put("body", body), staff).status());
    JsonObject foreign = body.copy();
    foreign.getJsonArray("sections").getJsonObject(0).getJsonArray("paragraphs").getJsonObject(0)
        .put("sources", new JsonArray(List.of(999_999)));
    assertEquals(422, app.put("/api/reports/" + id, new JsonObject().put("version", 2).put("body", foreign), staff).status());

    assertEquals(201, app.post("/api/reports/" + id + "/comments", new JsonObject().put("text", "第二部分请补充数据"),
        app.login("vicechair")).status());
    assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "REVIEW"), staff).status());
    assertEquals(409, app.put("/api/reports/" + id, new JsonObject().put("version", 2).put("body", body), staff).status(),
        "no edits under review");
    assertEquals(403, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "APPROVED"), staff).status(),
        "staff do not approve their own report");
    assertEquals(409, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "SUBMITTED"), app.login("chair")).status());
    assertEquals(200, app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "APPROVED"), app.login("chair")).status());
    JsonObject done = app.post("/api/reports/" + id + "/status", new JsonObject().put("to", "SUBMITTED"), staff).json();
    assertEquals("SUBMITTED", done.getString("status"));
    assertEquals(List.of("CREATE", "EDIT", "COMMENT", "MOVE", "MOVE", "MOVE"), done.getJsonArray("history").stream()
        .map(h -> ((JsonObject) h).getString("action")).toList());
    assertEquals(403, app.get("/api/reports/" + id, app.login("member01")).status());

    // exports: Word with the official fonts and the charts, HTML with every text escaped, PDF with Chinese text
    HttpResponse<byte[]> docx = download(id, "docx");
    assertEquals(200, docx.statusCode());
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx.body()))) {
      // by venue or county, by sector, and the opinion map (two groups among the four voters)
      assertEquals(3, doc.getAllPictures().size());
      assertTrue(doc.getParagraphs().stream().anyMatch(p -> p.getText().equals("图3　观点分布图（每点为一位参与表态者，颜色为观点群体）")));
      for (var picture : doc.getAllPictures()) {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new ByteArrayInputStream(picture.getData()));
        assertEquals(ReportCharts.WIDTH, image.getWidth(), "a real PNG of the chart's size");
      }
      List<XWPFParagraph> paragraphs = doc.getParagraphs();
      assertEquals("农村养老服务网络议政协商情况报告", paragraphs.get(0).getText());
      assertEquals("方正小标宋简体", paragraphs.get(0).getRuns().get(0).getFontFamily());
      assertTrue(paragraphs.stream().anyMatch(p -> p.getText().startsWith("三、共识与分歧")));
      assertTrue(paragraphs.stream().anyMatch(p -> p.getText().contains("关于互助养老")), "the edited text is exported");
    }
    String html = app.get("/api/reports/" + id + "/export.html", staff).body();
    assertTrue(html.contains("由村集体提供场地") && !html.contains("由村集体&lt;/b&gt;"), "the draft quotes the opinion's plain text");
    assertTrue(html.contains("&lt;b&gt;互助养老点&lt;/b&gt;"), "text staff typed is escaped");
    assertFalse(html.contains("<b>"));
    assertEquals(3, html.split("<img src=\"data:image/png;base64,", -1).length - 1, "the charts are in the HTML too");
    org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(html);
    assertFalse(page.select("a[href^=#u]").isEmpty());
    page.select("a[href^=#u]").forEach(a -> assertNotNull(page.getElementById(a.attr("href").substring(1)),
        "source " + a.text() + " links to its index entry"));

    HttpResponse<byte[]> pdf = download(id, "pdf");
    assertEquals(200, pdf.statusCode());
    assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
      assertTrue(text.contains("农村养老服务网络议政协商情况报告"), "Chinese text is in the PDF, with its font embedded");
      assertTrue(text.contains("三、共识与分歧") && text.contains("关于互助养老"), text);
      assertTrue(text.contains("图1"), "figures are captioned");
    }
  }

  static HttpResponse<byte[]> download(long id, String kind) throws Exception {
    return download(app, staff, id, kind);
  }

  static HttpResponse<byte[]> download(TestApp app, String token, long id, String kind) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base() + "/api/reports/" + id + "/export." + kind))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
