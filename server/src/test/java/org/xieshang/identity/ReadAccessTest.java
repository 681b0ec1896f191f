package org.xieshang.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;
import org.yaml.snakeyaml.Yaml;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Who may read what: every read endpoint of the OpenAPI document, each with someone who may read it (served)
 * and someone signed in who may not because they are outside the roster, the theme, the ownership or the
 * permission (refused with 403 or 404 problem+json). Endpoints answering only the caller's own things, or
 * filtering a list, are checked by what each of the two sees. A new read endpoint fails
 * {@link #everyReadEndpointIsInTheTable} until it is given a row here.
 */
class ReadAccessTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  /** Read endpoints open to all on purpose (docs/roles.md), and why. */
  static final Map<String, String> OPEN = Map.of(
      "GET /api/openapi.yaml", "no sign-in: the description of the API",
      "GET /api/organizations", "no sign-in: registration needs the list of CPPCC bodies",
      "GET /api/draws/{id}/files/{name}", "no sign-in: a draw is verifiable by anyone (pseudonyms only)",
      "GET /api/pools", "any signed-in account: the open pools one may volunteer for (counts only for staff)",
      "GET /api/pools/{id}/draws", "any signed-in account: a pool's draws with their published commitments, withdrawn ones too");

  /**
   * One read: the endpoint as the OpenAPI document names it, a concrete path, who is served and who is refused.
   * With a marker, both are answered 200 and only the reader's answer holds the marker (a list filtered by caller).
   * {@code gateOnly}: the fixture has no such object, so the reader is only checked to pass the permission gate.
   */
  record Read(String endpoint, String path, String reader, String outsider, String marker, boolean gateOnly) {
    static Read refused(String endpoint, String path, String reader, String outsider) {
      return new Read(endpoint, path, reader, outsider, null, false);
    }

    static Read filtered(String endpoint, String path, String reader, String outsider, String marker) {
      return new Read(endpoint, path, reader, outsider, marker, false);
    }
  }

  static final List<Read> TABLE = new ArrayList<>();

  @BeforeAll
  static void fixture() throws Exception {
    String staff = app.login("staff");
    // a meeting (roster: chair, official-nyj, member01 … ; not member09), held and closed, with a draft and a written opinion
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, cmd("Open")).status());
    assertEquals(200, m.command(chair, cmd("Close")).status());
    TestApp.Reply draft = app.post("/api/activities/" + m.id + "/drafts", new JsonObject().put("title", "资阳市农村生活污水治理条例（草案）")
        .put("text", "第一条　为了改善农村人居环境，制定本条例。\n第二条　本条例适用于本市农村。"), staff);
    assertEquals(201, draft.status(), draft.body());
    long draftId = draft.json().getLong("id");
    TestApp.Reply written = app.post("/api/activities/" + m.id + "/submissions", new JsonObject()
        .put("fileName", "书面意见.docx").put("data", Base64.getEncoder().encodeToString(docx("建议按片区建设污水处理站，运行经费由县级财政保障。"))),
        app.login("member01"));
    assertEquals(201, written.status(), written.body());
    long unit = written.json().getLong("id");

    // a members' theme (public02 is not a member) with a post, an attachment and a statement
    long theme = Themes.open(app, staff, Themes.body(app, "高标准农田建设网络议政", "高标准农田"));
    String author = app.login("member01");
    TestApp.Reply post = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "农田水利设施管护")
        .put("body", "建议建立高标准农田水利设施长效管护机制，落实管护经费。"), author);
    assertEquals(201, post.status(), post.body());
    long postId = post.json().getLong("id");
    TestApp.Reply attached = app.post("/api/posts/" + postId + "/attachments", new JsonObject().put("fileName", "现场照片.png")
        .put("data", Base64.getEncoder().encodeToString(png())), author);
    assertEquals(201, attached.status(), attached.body());
    assertEquals(201, app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", "农田水利设施应有专人管护"), author).status());

    // a report on the theme, approved, one suggestion handed to 市农业农村局 (official-nyj; not official-jyj)
    TestApp.Reply report = app.post("/api/reports", new JsonObject().put("themeId", theme), staff);
    assertEquals(201, report.status(), report.body());
    long reportId = report.json().getLong("id");
    assertEquals(200, app.post("/api/reports/" + reportId + "/status", new JsonObject().put("to", "REVIEW"), staff).status());
    assertEquals(200, app.post("/api/reports/" + reportId + "/status", new JsonObject().put("to", "APPROVED"), chair).status());
    JsonArray sources = report.json().getJsonObject("body").getJsonArray("sections").stream().map(o -> (JsonObject) o)
        .filter(s -> "main".equals(s.getString("key"))).findFirst().orElseThrow()
        .getJsonArray("paragraphs").getJsonObject(0).getJsonArray("sources");
    TestApp.Reply entry = app.post("/api/reports/" + reportId + "/ledger", new JsonObject().put("suggestion", "建立农田水利设施长效管护机制。")
        .put("sources", sources).put("departmentId", app.count("SELECT id FROM department WHERE name = '市农业农村局'"))
        .put("dueOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(30).toString()), staff);
    assertEquals(201, entry.status(), entry.body());
    long entryId = entry.json().getLong("id");

    TestApp.Reply pool = app.post("/api/pools", new JsonObject().put("title", "农村人居环境整治群众代表").put("topic", "农村人居环境")
        .put("activityId", m.id).put("viewpointQuestion", "是否支持按片区集中处理生活污水？")
        .put("viewpointOptions", new JsonArray().add("支持").add("反对")).put("eligibleCounties", new JsonArray().add("安岳县")), staff);
    assertEquals(201, pool.status(), pool.body());
    long poolId = pool.json().getLong("id");

    // a draft annual plan: those who make it (an approved one is read by all, PlanApiTest)
    TestApp.Reply plan = app.post("/api/plans", new JsonObject().put("year", 2030), staff);
    assertEquals(201, plan.status(), plan.body());
    long planId = plan.json().getLong("id");

    String a = "/api/activities/" + m.id;
    String l = "/api/live/" + m.id;
    String t = "/api/themes/" + theme;
    String r = "/api/reports/" + reportId;
    TABLE.addAll(List.of(
        // one's own
        Read.filtered("GET /api/me", "/api/me", "member01", "member09", "\"username\":\"member01\""),
        Read.filtered("GET /api/inbox", "/api/inbox", "member01", "member09", "\"link\":\"/activities/" + m.id + "\""),
        // by permission (the role table)
        Read.refused("GET /api/directory", "/api/directory", "member01", "public02"),
        Read.refused("GET /api/accounts", "/api/accounts", "admin", "staff"),
        Read.refused("GET /api/audit", "/api/audit", "admin", "staff"),
        // an activity: those who manage activities, and its roster
        Read.filtered("GET /api/activities", "/api/activities", "member01", "member09", "\"id\":" + m.id + ","),
        Read.refused("GET /api/activities/{id}", a, "member01", "member09"),
        Read.refused("GET /api/activities/{id}/roster", a + "/roster", "member01", "member09"),
        Read.refused("GET /api/activities/{id}/minutes", a + "/minutes", "member01", "member09"),
        Read.refused("GET /api/activities/{id}/minutes.docx", a + "/minutes.docx", "member01", "member09"),
        Read.refused("GET /api/activities/{id}/minutes.pdf", a + "/minutes.pdf", "member01", "member09"),
        Read.refused("GET /api/activities/{id}/drafts", a + "/drafts", "member01", "member09"),
        Read.refused("GET /api/drafts/{id}", "/api/drafts/" + draftId, "member01", "member09"),
        Read.refused("GET /api/activities/{id}/drafts", a + "/drafts", "staff", "public02"),
        // the live session: its roster; held comments only its chair
        Read.refused("GET /api/live/{id}", l, "member01", "member09"),
        Read.refused("GET /api/live/{id}/events", l + "/events", "member01", "member09"),
        Read.refused("GET /api/live/{id}/presence", l + "/presence", "member01", "member09"),
        Read.refused("GET /api/live/{id}/held-comments", l + "/held-comments", "chair", "member01"),
        Read.refused("GET /api/live/{id}/video", l + "/video", "member01", "member09"),
        Read.refused("GET /api/live/{id}/video/presence", l + "/video/presence", "member01", "member09"),
        // a written opinion's original: its author and report staff
        Read.refused("GET /api/opinions/{id}/file", "/api/opinions/" + unit + "/file", "member01", "member02"),
        Read.refused("GET /api/opinions/{id}/file", "/api/opinions/" + unit + "/file", "staff", "member09"),
        Read.refused("GET /api/opinions", "/api/opinions?activityId=" + m.id, "staff", "member01"),
        Read.refused("GET /api/opinions/analysis", "/api/opinions/analysis?activityId=" + m.id, "staff", "member01"),
        // a theme: who may take part (members, staff …; public users only in public themes); moderation its moderators
        Read.filtered("GET /api/themes", "/api/themes", "member09", "public02", "\"id\":" + theme + ","),
        Read.refused("GET /api/themes/{id}", t, "member09", "public02"),
        Read.refused("GET /api/threads/{id}", "/api/threads/" + postId, "member09", "public02"),
        Read.refused("GET /api/posts/{id}/versions", "/api/posts/" + postId + "/versions", "member09", "public02"),
        Read.refused("GET /api/attachments/{id}", "/api/attachments/" + attached.json().getLong("id"), "member09", "public02"),
        Read.refused("GET /api/themes/{id}/statements", t + "/statements", "member09", "public02"),
        Read.refused("GET /api/themes/{id}/statements/next", t + "/statements/next", "member09", "public02"),
        Read.refused("GET /api/themes/{id}/search", t + "/search?q=%E7%AE%A1%E6%8A%A4", "member09", "public02"),
        Read.refused("GET /api/themes/{id}/moderation", t + "/moderation", "staff", "member01"),
        Read.refused("GET /api/themes/{id}/polis/comments.csv", t + "/polis/comments.csv", "staff", "member01"),
        Read.refused("GET /api/themes/{id}/polis/votes.csv", t + "/polis/votes.csv", "staff", "member01"),
        // reports: report staff
        Read.refused("GET /api/reports", "/api/reports?themeId=" + theme, "staff", "member01"),
        Read.refused("GET /api/reports/{id}", r, "staff", "member01"),
        Read.refused("GET /api/reports/{id}/sources", r + "/sources?ids=" + sources.getLong(0), "staff", "member01"),
        Read.refused("GET /api/reports/{id}/export.docx", r + "/export.docx", "staff", "member01"),
        Read.refused("GET /api/reports/{id}/export.pdf", r + "/export.pdf", "staff", "member01"),
        Read.refused("GET /api/reports/{id}/export.html", r + "/export.html", "staff", "member01"),
        // the ledger: report staff, the handling department's officials, the proposers
        Read.refused("GET /api/ledger", "/api/ledger", "official-nyj", "member09"),
        Read.refused("GET /api/ledger/{id}", "/api/ledger/" + entryId, "official-nyj", "official-jyj"),
        Read.refused("GET /api/ledger/{id}", "/api/ledger/" + entryId, "member01", "member09"),
        Read.refused("GET /api/ledger/export.xlsx", "/api/ledger/export.xlsx", "staff", "official-nyj"),
        // the annual plan: before approval those who make it, and members (委员荐题: the plan and their own suggestions)
        Read.filtered("GET /api/plans", "/api/plans", "member01", "public02", "\"id\":" + planId + ","),
        Read.refused("GET /api/plans/{id}", "/api/plans/" + planId, "member01", "public02"),
        // sortition: its staff
        Read.refused("GET /api/pools/{id}/volunteers", "/api/pools/" + poolId + "/volunteers", "staff", "member01"),
        new Read("GET /api/draws/{id}", "/api/draws/999999999", "staff", "member01", null, true)));
  }

  @Test
  void eachReadServesWhoMayReadAndRefusesEveryoneElse() {
    List<String> wrong = new ArrayList<>();
    for (Read read : TABLE) {
      TestApp.Reply served = app.get(read.path(), app.login(read.reader()));
      TestApp.Reply other = app.get(read.path(), app.login(read.outsider()));
      String row = read.endpoint() + " (" + read.path() + ")";
      if (read.gateOnly()) {
        if (served.status() == 401 || served.status() == 403) {
          wrong.add(row + ": " + read.reader() + " refused " + served.status());
        }
      } else if (served.status() / 100 != 2) {
        wrong.add(row + ": " + read.reader() + " got " + served.status() + " " + served.body());
      }
      if (read.marker() == null) {
        if (!(other.status() == 403 || other.status() == 404) || !other.isProblem()) {
          wrong.add(row + ": " + read.outsider() + " got " + other.status() + " " + abbreviate(other.body()));
        }
      } else if (other.status() != 200 || !served.body().contains(read.marker()) || other.body().contains(read.marker())) {
        wrong.add(row + ": " + read.reader() + " should see " + read.marker() + ", " + read.outsider() + " not ("
            + other.status() + ")");
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyReadEndpointIsInTheTable() {
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) new Yaml()
        .<Map<String, Object>>load(app.get("/api/openapi.yaml", null).body()).get("paths");
    Set<String> reads = new TreeSet<>();
    paths.forEach((path, ops) -> {
      if (ops.containsKey("get")) {
        reads.add("GET " + path);
      }
    });
    Set<String> covered = new TreeSet<>(OPEN.keySet());
    TABLE.forEach(r -> covered.add(r.endpoint()));
    assertEquals(reads, covered);
  }

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  static String abbreviate(String body) {
    return body.length() > 120 ? body.substring(0, 120) + "…" : body;
  }

  static byte[] docx(String text) throws Exception {
    try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.createParagraph().createRun().setText(text);
      doc.write(out);
      return out.toByteArray();
    }
  }

  static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }
}
