package org.xieshang.forum;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.*;

/** Online themes over HTTP and the event bus, on the real database, with Chinese content throughout. */
class ForumTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass(Map.of("XIESHANG_FORUM_POST_RATE_PER_MINUTE", "10"));
  static String staff;

  @BeforeAll
  static void up() {
    staff = app.login("staff");
  }

  static long theme(String visibility, boolean premoderate, Long activityId) {
    JsonObject body = Themes.body(app, "关于加快发展农村养老服务的网络议政", "农村养老服务").put("visibility", visibility)
        .put("premoderatePublic", premoderate);
    if (activityId != null) {
      body.put("activityId", activityId);
    }
    return Themes.open(app, staff, body);
  }

  static JsonObject post(long theme, String token, JsonObject body) {
    TestApp.Reply r = app.post("/api/themes/" + theme + "/posts", body, token);
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  static JsonObject thread(long theme, String token, String title, String text) {
    return post(theme, token, new JsonObject().put("title", title).put("body", text));
  }

  static long statement(long theme, String token, String text) {
    TestApp.Reply r = app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", text), token);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  static TestApp.Reply vote(long statement, String token, int value) {
    return app.put("/api/statements/" + statement + "/vote", new JsonObject().put("vote", value), token);
  }

  static JsonArray threadPosts(long threadId, String token) {
    TestApp.Reply r = app.get("/api/threads/" + threadId, token);
    assertEquals(200, r.status(), r.body());
    return r.array();
  }

  @Test
  void aMembersPostIsShownAtOnceAndAPublicPostWaitsForAModerator() {
    long theme = theme("PUBLIC", true, null);
    String member = app.login("member01");
    JsonObject shown = thread(theme, member, "建议在乡镇设立综合养老服务中心", "依托乡镇敬老院，整合医疗、助餐、日间照料等服务。");
    assertEquals("VISIBLE", shown.getString("status"));
    assertEquals("MEMBER", shown.getString("authorKind"));
    assertNotNull(shown.getString("organization"), "the author's county is recorded");

    String publicUser = app.login("public01");
    JsonObject held = thread(theme, publicUser, "村里老人吃饭难", "希望村里能办个老年食堂，方便独居老人。");
    assertEquals("PENDING", held.getString("status"));
    assertEquals("OPEN_PUBLIC", held.getString("authorKind"));

    String other = app.login("member02");
    JsonArray seen = app.get("/api/themes/" + theme, other).json().getJsonArray("threads");
    assertEquals(1, seen.size(), "only the member's post is shown: " + seen);

    JsonObject queue = app.get("/api/themes/" + theme + "/moderation", staff).json();
    assertEquals(held.getLong("id"), queue.getJsonArray("posts").getJsonObject(0).getLong("id"));
    assertEquals(403, app.get("/api/themes/" + theme + "/moderation", other).status());

    TestApp.Reply approve = app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", held.getLong("id")).put("action", "APPROVE"), staff);
    assertEquals(204, approve.status(), approve.body());
    assertEquals(2, app.get("/api/themes/" + theme, other).json().getJsonArray("threads").size());
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'forum.moderate.approve' AND target_id = '"
        + held.getLong("id") + "'"));
  }

  @Test
  void htmlAndScriptAreKeptAsPlainText() {
    long theme = theme("MEMBERS", false, null);
    String text = "<script>alert('x')</script><img src=x onerror=alert(1)> 请关注 & \"引号\"";
    JsonObject p = thread(theme, app.login("member03"), "<b>标题</b>", text);
    JsonObject back = threadPosts(p.getLong("id"), app.login("member04")).getJsonObject(0);
    assertEquals(text, back.getString("body"), "stored and returned exactly, as text");
    assertEquals("<b>标题</b>", back.getString("title"));
  }

  @Test
  void badPostsAreRefusedWithTheFieldAndChangeNothing() {
    long theme = theme("MEMBERS", false, null);
    String member = app.login("member05");
    long before = app.count("SELECT count(*) FROM forum_post");
    TestApp.Reply empty = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "空白内容").put("body", "   "), member);
    assertEquals(422, empty.status());
    assertTrue(empty.isProblem());
    assertEquals("body", empty.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply huge = app.post("/api/themes/" + theme + "/posts",
        new JsonObject().put("title", "太长的帖子").put("body", "长".repeat(ForumApi.POST_MAX + 1)), member);
    assertEquals(422, huge.status());
    TestApp.Reply noTitle = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("body", "没有标题"), member);
    assertEquals("title", noTitle.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply missing = app.post("/api/themes/999999/posts", new JsonObject().put("title", "不存在的主题").put("body", "内容"), member);
    assertEquals(404, missing.status());
    assertEquals(before, app.count("SELECT count(*) FROM forum_post"));
  }

  @Test
  void aDoubleSubmissionWithTheSameKeyMakesOnePost() {
    long theme = theme("MEMBERS", false, null);
    String member = app.login("member06");
    byte[] body = new JsonObject().put("title", "重复提交测试").put("body", "网络不好时点了两次发送").toString().getBytes();
    List<TestApp.Reply> replies = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      replies.add(app.send("POST", "/api/themes/" + theme + "/posts", "application/json", body, member, "key-abc-1"));
    }
    assertEquals(201, replies.get(0).status());
    assertEquals(replies.get(0).json().getLong("id"), replies.get(1).json().getLong("id"));
    assertEquals(1, app.count("SELECT count(*) FROM forum_post WHERE theme_id = " + theme));
  }

  @Test
  void repliesNestThreeDeepAndNoFurther() {
    long theme = theme("MEMBERS", false, null);
    String member = app.login("member07");
    long parent = thread(theme, member, "分层回复", "第一层").getLong("id");
    for (int depth = 1; depth <= Posts.MAX_DEPTH; depth++) {
      JsonObject reply = post(theme, member, new JsonObject().put("parentId", parent).put("body", "第 " + depth + " 层回复"));
      assertEquals(depth, reply.getInteger("depth"));
      parent = reply.getLong("id");
    }
    TestApp.Reply tooDeep = app.post("/api/themes/" + theme + "/posts",
        new JsonObject().put("parentId", parent).put("body", "再深一层"), member);
    assertEquals(422, tooDeep.status());
    assertEquals("parentId", tooDeep.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void theAuthorEditsWithHistoryAndWithdraws() {
    long theme = theme("MEMBERS", false, null);
    String author = app.login("member08");
    long id = thread(theme, author, "初稿标题", "初稿内容").getLong("id");
    TestApp.Reply edit = app.put("/api/posts/" + id, new JsonObject().put("body", "修改后的内容"), author);
    assertEquals(200, edit.status(), edit.body());
    assertEquals(2, edit.json().getInteger("version"));
    JsonArray versions = app.get("/api/posts/" + id + "/versions", author).array();
    assertEquals(List.of("初稿内容", "修改后的内容"), List.of(versions.getJsonObject(0).getString("body"),
        versions.getJsonObject(1).getString("body")));
    String other = app.login("member09");
    assertEquals(403, app.put("/api/posts/" + id, new JsonObject().put("body", "别人改的"), other).status());
    assertEquals(204, app.send("DELETE", "/api/posts/" + id, null, null, author).status());
    JsonObject seen = threadPosts(id, other).getJsonObject(0);
    assertEquals("WITHDRAWN", seen.getString("status"));
    assertNull(seen.getValue("body"), "a withdrawn text is not shown to others");
  }

  @Test
  void aSensitiveWordHoldsThePostAndTheModeratorSeesIt() {
    long theme = theme("MEMBERS", false, null);
    JsonObject p = thread(theme, app.login("member10"), "广告", "专业 代 开 发 票，联系电话略");
    assertEquals("PENDING", p.getString("status"));
    JsonObject queued = app.get("/api/themes/" + theme + "/moderation", staff).json().getJsonArray("posts").getJsonObject(0);
    assertEquals(List.of("代开发票"), queued.getJsonArray("flagged").getList());
  }

  @Test
  void membersOnlyThemesAdmitDrawnPublicRepresentativesOnly() {
    long meeting = app.count("SELECT min(id) FROM activity");
    long theme = theme("MEMBERS", false, meeting);
    // public05 is on the meeting's roster as an observer, not as a drawn representative
    assertEquals(403, app.get("/api/themes/" + theme, app.login("public05")).status());
    String drawn = app.login("public02");
    JsonObject p = thread(theme, drawn, "群众代表的意见", "建议增加村级卫生室的巡诊次数。");
    assertEquals("DRAWN_PUBLIC", p.getString("authorKind"));
    assertFalse(app.get("/api/themes", app.login("public05")).array().stream()
        .anyMatch(t -> ((JsonObject) t).getLong("id") == theme), "not listed to those who may not read it");
  }

  @Test
  void votesAreOnePerPersonChangeableAndCounted() {
    long theme = theme("MEMBERS", false, null);
    long s = statement(theme, app.login("member11"), "应当提高农村高龄老人的养老服务补贴标准。");
    String a = app.login("member12");
    String b = app.login("member13");
    String c = app.login("member14");
    assertEquals(204, vote(s, a, 1).status());
    assertEquals(204, vote(s, b, 1).status());
    assertEquals(204, vote(s, c, -1).status());
    assertEquals(204, vote(s, b, 0).status()); // b changes their mind
    JsonObject seen = app.get("/api/themes/" + theme + "/statements", b).array().getJsonObject(0);
    assertEquals(List.of(1, 1, 1), List.of(seen.getInteger("agree"), seen.getInteger("disagree"), seen.getInteger("pass")));
    assertEquals(0, seen.getInteger("myVote"));
    assertEquals(3, app.count("SELECT count(*) FROM forum_vote WHERE statement_id = " + s));
    TestApp.Reply bad = vote(s, a, 2);
    assertEquals(422, bad.status());
    assertEquals("vote", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void noVoteOnAHiddenStatementOrAClosedTheme() {
    long theme = theme("MEMBERS", false, null);
    long s = statement(theme, app.login("member15"), "这条表述将被隐藏。");
    assertEquals(204, app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "STATEMENT")
        .put("targetId", s).put("action", "HIDE").put("reason", "与主题无关"), staff).status());
    TestApp.Reply hidden = vote(s, app.login("member16"), 1);
    assertEquals(409, hidden.status(), hidden.body());

    long closed = Themes.open(app, staff, Themes.body(app, "已结束的主题", "测试")
        .put("opensAt", OffsetDateTime.now().minusDays(9).toString()).put("closesAt", OffsetDateTime.now().minusDays(2).toString()));
    app.count("INSERT INTO forum_participant (theme_id, external_id, author_kind) VALUES (" + closed
        + ", 'p1', 'IMPORTED') RETURNING id");
    long old = app.count("INSERT INTO forum_statement (theme_id, participant_id, body, status, search) SELECT " + closed
        + ", id, '旧表述', 'VISIBLE', ''::tsvector FROM forum_participant WHERE theme_id = " + closed + " RETURNING id");
    TestApp.Reply late = vote(old, app.login("member16"), 1);
    assertEquals(409, late.status());
    assertEquals("主题已结束", late.json().getString("title"));
    assertEquals(0, app.count("SELECT count(*) FROM forum_vote WHERE statement_id IN (" + s + "," + old + ")"));
  }

  @Test
  void simultaneousVotesByOnePersonCountOnceAndCountsMatchTheRows() throws Exception {
    long theme = theme("MEMBERS", false, null);
    long s = statement(theme, app.login("member17"), "并发投票只应计一次。");
    List<String> voters = new ArrayList<>();
    for (int i = 18; i <= 27; i++) {
      voters.add(app.login(String.format("member%02d", i)));
    }
    CyclicBarrier start = new CyclicBarrier(voters.size() * 3);
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (String voter : voters) {
      for (int k = 0; k < 3; k++) {
        int value = k - 1;
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return vote(s, voter, value).status();
        }));
      }
    }
    for (CompletableFuture<Integer> f : all) {
      assertEquals(204, f.get());
    }
    assertEquals(voters.size(), app.count("SELECT count(*) FROM forum_vote WHERE statement_id = " + s));
    assertEquals(voters.size(), app.count("SELECT agree + disagree + pass FROM forum_statement WHERE id = " + s));
    for (int v = -1; v <= 1; v++) {
      String column = v == 1 ? "agree" : v == -1 ? "disagree" : "pass";
      assertEquals(app.count("SELECT count(*) FROM forum_vote WHERE statement_id = " + s + " AND vote = " + v),
          app.count("SELECT " + column + " FROM forum_statement WHERE id = " + s), column);
    }
  }

  @Test
  void postingBeyondTheRateIsRefused() {
    long theme = theme("MEMBERS", false, null);
    String member = app.login("member28");
    int accepted = 0;
    TestApp.Reply last = null;
    for (int i = 0; i < 11; i++) {
      last = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "第" + i + "帖").put("body", "内容" + i), member);
      if (last.status() == 201) {
        accepted++;
      }
    }
    assertEquals(10, accepted);
    assertEquals(429, last.status());
    assertNotNull(last.header("Retry-After"));
    assertEquals(10, app.count("SELECT count(*) FROM forum_post WHERE theme_id = " + theme));
  }

  @Test
  void aReportedPostIsHiddenWithAReasonAndAudited() {
    long theme = theme("MEMBERS", false, null);
    long id = thread(theme, app.login("member29"), "人身攻击", "某某某就是个骗子").getLong("id");
    String reporter = app.login("member30");
    assertEquals(204, app.post("/api/themes/" + theme + "/reports", new JsonObject().put("targetType", "POST")
        .put("targetId", id).put("reason", "人身攻击"), reporter).status());
    JsonObject report = app.get("/api/themes/" + theme + "/moderation", staff).json().getJsonArray("reports").getJsonObject(0);
    assertEquals(id, report.getLong("targetId"));
    TestApp.Reply noReason = app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", id).put("action", "HIDE"), staff);
    assertEquals("reason", noReason.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(204, app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", id).put("action", "HIDE").put("reason", "含人身攻击内容"), staff).status());
    JsonObject seen = threadPosts(id, reporter).getJsonObject(0);
    assertEquals("HIDDEN", seen.getString("status"));
    assertNull(seen.getValue("body"));
    assertEquals(0, app.get("/api/themes/" + theme + "/moderation", staff).json().getJsonArray("reports").size());
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'forum.moderate.hide' AND detail->>'reason' = '含人身攻击内容'"));
  }

  /** Dismissing later reports on a hidden post resolves them and leaves the post as it was, with why it was hidden. */
  @Test
  void dismissingReportsOnAHiddenPostKeepsWhyItWasHidden() {
    long theme = theme("MEMBERS", false, null);
    String author = app.login("member18");
    long id = thread(theme, author, "关于停车收费", "物业都是一群吸血鬼。").getLong("id");
    assertEquals(204, app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", id).put("action", "HIDE").put("reason", "含侮辱性言论"), staff).status());
    report(theme, "POST", id, app.login("member32"), "侮辱他人");
    TestApp.Reply dismissed = app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", id).put("action", "DISMISS").put("reason", "已隐藏"), staff);
    assertEquals(204, dismissed.status(), dismissed.body());
    assertEquals(0, app.get("/api/themes/" + theme + "/moderation", staff).json().getJsonArray("reports").size());
    JsonObject own = threadPosts(id, author).getJsonObject(0);
    assertEquals("HIDDEN", own.getString("status"));
    assertEquals("含侮辱性言论", own.getString("hiddenReason"), "the author still reads why it was hidden");
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'forum.moderate.dismiss' AND target_id = '"
        + id + "' AND detail->>'from' = 'HIDDEN' AND detail->>'to' = 'HIDDEN'"));
  }

  static void report(long theme, String targetType, long id, String token, String reason) {
    TestApp.Reply r = app.post("/api/themes/" + theme + "/reports", new JsonObject().put("targetType", targetType)
        .put("targetId", id).put("reason", reason), token);
    assertEquals(204, r.status(), r.body());
  }

  /** Moderators' screens hear that the queue changed (and nothing of what), and a report says what was reported. */
  @Test
  void aReportReachesModeratorsScreensAtOnceAndNamesTheTextItsAuthorAndItsThread() {
    long theme = theme("MEMBERS", false, null);
    long thread = thread(theme, app.login("member25"), "关于农村道路养护", "建议落实村道养护责任。").getLong("id");
    long reply = post(theme, app.login("member26"), new JsonObject().put("parentId", thread).put("body", "这些干部就知道敷衍了事")).getLong("id");
    try (BusClient bus = BusClient.connect(app.vertx, app.app.port(), staff)) {
      bus.register("forum." + theme + ".events");
      String voter = app.login("member27");
      Await.until("registered", 5000, () -> {
        long s = statement(theme, voter, "村道养护应有专项经费。");
        return bus.all.stream().anyMatch(f -> f.getJsonObject("body") != null
            && "StatementShown".equals(f.getJsonObject("body").getString("type"))
            && f.getJsonObject("body").getJsonObject("statement").getLong("id") == s);
      });
      report(theme, "POST", reply, app.login("member28"), "攻击干部");
      JsonObject changed = bus.awaitEvent("ModerationChanged", 5000);
      assertEquals(java.util.Set.of("type"), changed.fieldNames(), "everyone on the theme hears it: it says nothing of the text");
    }
    JsonObject report = app.get("/api/themes/" + theme + "/moderation", staff).json().getJsonArray("reports").getJsonObject(0);
    assertEquals("这些干部就知道敷衍了事", report.getJsonObject("target").getString("body"));
    assertNotNull(report.getJsonObject("target").getString("authorName"));
    assertEquals("关于农村道路养护", report.getString("threadTitle"));
  }

  @Test
  void reportsByThreePeopleHoldAPostUntilAModeratorApprovesIt() {
    long theme = theme("MEMBERS", false, null);
    String author = app.login("member20");
    long id = thread(theme, author, "关于垃圾分类的意见", "有些人就是素质低下，说了也白说。").getLong("id");
    String reader = app.login("member21");
    try (BusClient bus = BusClient.connect(app.vertx, app.app.port(), reader)) {
      bus.register("forum." + theme + ".events");
      Await.until("registered", 5000, () -> {
        long s = statement(theme, reader, "垃圾分类应从社区做起。");
        return bus.all.stream().anyMatch(f -> f.getJsonObject("body") != null
            && "StatementShown".equals(f.getJsonObject("body").getString("type"))
            && f.getJsonObject("body").getJsonObject("statement").getLong("id") == s);
      });
      report(theme, "POST", id, app.login("member22"), "人身攻击");
      report(theme, "POST", id, app.login("member22"), "人身攻击，侮辱他人"); // one person counts once
      report(theme, "POST", id, app.login("member23"), "不文明用语");
      assertEquals("VISIBLE", threadPosts(id, reader).getJsonObject(0).getString("status"), "two reporters do not hold it");
      report(theme, "POST", id, app.login("member24"), "攻击性言论");
      JsonObject removed = bus.awaitEvent("Removed", 5000);
      assertEquals(id, removed.getLong("id"));
    }
    assertEquals(0, threadPosts(id, reader).size(), "readers no longer see it");
    JsonObject own = threadPosts(id, author).getJsonObject(0);
    assertEquals("PENDING", own.getString("status"));
    assertTrue(own.getString("hiddenReason").contains("举报"), own.encode());
    assertEquals("forum.held", app.get("/api/inbox", author).json().getJsonArray("notices").getJsonObject(0)
        .getString("kind"), "the author is told");
    TestApp.Reply edited = app.put("/api/posts/" + id, new JsonObject().put("body", "建议加强垃圾分类宣传。"), author);
    assertEquals(200, edited.status(), edited.body());
    assertEquals("PENDING", edited.json().getString("status"), "editing does not release a held post");
    report(theme, "POST", id, app.login("member25"), "仍有不当内容");
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'forum.moderate.hold' AND target_id = '" + id + "'"));
    JsonObject queue = app.get("/api/themes/" + theme + "/moderation", staff).json();
    assertEquals(id, queue.getJsonArray("posts").getJsonObject(0).getLong("id"));
    assertEquals(204, app.post("/api/themes/" + theme + "/moderation", new JsonObject().put("targetType", "POST")
        .put("targetId", id).put("action", "APPROVE"), staff).status());
    assertEquals("VISIBLE", threadPosts(id, reader).getJsonObject(0).getString("status"));
    assertEquals(0, app.get("/api/themes/" + theme + "/moderation", staff).json().getJsonArray("reports").size());
    assertEquals("forum.approved", app.get("/api/inbox", author).json().getJsonArray("notices").getJsonObject(0)
        .getString("kind"));
  }

  @Test
  void reportsArrivingTogetherHoldAStatementOnce() throws Exception {
    long theme = theme("MEMBERS", false, null);
    long s = statement(theme, app.login("member26"), "某部门领导都是混日子的。");
    List<String> reporters = List.of(app.login("member27"), app.login("member28"), app.login("member29"),
        app.login("member30"));
    CyclicBarrier start = new CyclicBarrier(reporters.size());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String reporter : reporters) {
      all.add(CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        report(theme, "STATEMENT", s, reporter, "侮辱性言论");
      }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get();
    assertEquals(1, app.count("SELECT count(*) FROM forum_statement WHERE status = 'PENDING' AND id = " + s));
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'forum.moderate.hold' AND target_id = '" + s + "'"));
    assertEquals(409, vote(s, app.login("member31"), 1).status(), "a held statement takes no votes");
    assertEquals(0, app.count("SELECT count(*) FROM forum_vote WHERE statement_id = " + s));
  }

  @Test
  void searchFindsChineseWordsInPostsAndStatements() {
    long theme = theme("MEMBERS", false, null);
    String member = app.login("member31");
    long care = thread(theme, member, "加强农村养老服务体系建设", "推进医养结合，发展互助式养老。").getLong("id");
    thread(theme, member, "城市交通拥堵治理", "优化公交线路，建设停车设施。");
    long stmt = statement(theme, member, "社区养老服务应当纳入财政预算。");
    JsonObject found = app.get("/api/themes/" + theme + "/search?q=" + enc("养老服务"), member).json();
    assertEquals(List.of(care), found.getJsonArray("posts").stream().map(p -> ((JsonObject) p).getLong("id")).toList());
    assertEquals(stmt, found.getJsonArray("statements").getJsonObject(0).getLong("id"));
    JsonObject traffic = app.get("/api/themes/" + theme + "/search?q=" + enc("公交"), member).json();
    assertEquals(1, traffic.getJsonArray("posts").size());
    assertEquals(0, traffic.getJsonArray("statements").size());
    assertEquals(0, app.get("/api/themes/" + theme + "/search?q=" + enc("教育改革"), member).json()
        .getJsonArray("posts").size());
    assertEquals(422, app.get("/api/themes/" + theme + "/search?q=", member).status());
  }

  /** Issue 20.8: 污水处理 found nothing although a post says 污水集中处理设施 (only "污水 处理" with a space found it). */
  @Test
  void searchFindsTheWordsOfAPhraseApartAndPutsThePhraseFirst() {
    long theme = theme("MEMBERS", false, null);
    String member = app.login("member19");
    long apart = thread(theme, member, "乡镇污水怎么管", "建议建设污水集中处理设施，按片区统一运营。").getLong("id");
    long together = thread(theme, member, "农村污水处理", "农村生活污水处理要因地制宜。").getLong("id");
    thread(theme, member, "垃圾分类", "推行垃圾分类和资源回收。");
    JsonObject found = app.get("/api/themes/" + theme + "/search?q=" + enc("污水处理"), member).json();
    assertEquals(List.of(together, apart), found.getJsonArray("posts").stream().map(p -> ((JsonObject) p).getLong("id")).toList(),
        "the post holding the phrase as typed first, then the one holding its words apart");
    assertTrue(found.getJsonArray("highlight").contains("污水") && found.getJsonArray("highlight").contains("处理"), found.encode());
    assertEquals(2, app.get("/api/themes/" + theme + "/search?q=" + enc("污水 处理"), member).json().getJsonArray("posts").size());
    assertEquals(0, app.get("/api/themes/" + theme + "/search?q=" + enc("污水 回收"), member).json().getJsonArray("posts").size());
  }

  @Test
  void theNextStatementIsOneNotYetVotedOn() {
    long theme = theme("MEMBERS", false, null);
    String author = app.login("member32");
    long s1 = statement(theme, author, "第一条表述。");
    long s2 = statement(theme, author, "第二条表述。");
    String voter = app.login("member33");
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject next = app.get("/api/themes/" + theme + "/statements/next", voter).json();
      seen.add(next.getLong("id"));
      assertEquals(204, vote(next.getLong("id"), voter, 1).status());
    }
    assertEquals(java.util.Set.of(s1, s2), java.util.Set.copyOf(seen));
    assertEquals(204, app.get("/api/themes/" + theme + "/statements/next", voter).status(), "nothing left to vote on");
  }

  @Test
  void postsAndVotesArriveLiveOnTheThemeAddress() {
    long theme = theme("MEMBERS", false, null);
    String listenerToken = app.login("member34");
    try (BusClient bus = BusClient.connect(app.vertx, app.app.port(), listenerToken);
         BusClient outsider = BusClient.connect(app.vertx, app.app.port(), app.login("public01"))) {
      bus.register("forum." + theme + ".events");
      outsider.register("forum." + theme + ".events");
      outsider.await(f -> "err".equals(f.getString("type")) && "access_denied".equals(f.getString("body")), 5000);
      Await.until("registered", 5000, () -> {
        long s = statement(theme, app.login("member35"), "实时推送测试表述。");
        return bus.all.stream().anyMatch(f -> f.getJsonObject("body") != null
            && "StatementShown".equals(f.getJsonObject("body").getString("type"))
            && f.getJsonObject("body").getJsonObject("statement").getLong("id") == s);
      });
      long s = app.count("SELECT max(id) FROM forum_statement WHERE theme_id = " + theme);
      JsonObject reply = bus.request("forum." + theme + ".cmd", new JsonObject().put("type", "Vote")
          .put("statementId", s).put("vote", -1));
      assertEquals("rec", reply.getString("type"), reply.encode());
      JsonObject counts = bus.awaitEvent("Counts", 5000);
      JsonObject c = counts.getJsonArray("statements").getJsonObject(0);
      assertEquals(s, c.getLong("id"));
      assertEquals(1, c.getInteger("disagree"));
      JsonObject refused = outsider.request("forum." + theme + ".cmd", new JsonObject().put("type", "Vote")
          .put("statementId", s).put("vote", 1));
      assertEquals("err", refused.getString("type"));
      assertEquals(1, app.count("SELECT count(*) FROM forum_vote WHERE statement_id = " + s));
    }
  }

  @Test
  void attachmentsAreLimitedToKnownKindsByTheirContent() throws Exception {
    long theme = theme("MEMBERS", false, null);
    String author = app.login("member36");
    long id = thread(theme, author, "附件测试", "见附图").getLong("id");
    java.io.ByteArrayOutputStream image = new java.io.ByteArrayOutputStream(); // decoded whole on upload: a real image
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", image);
    byte[] png = image.toByteArray();
    TestApp.Reply ok = app.post("/api/posts/" + id + "/attachments", new JsonObject().put("fileName", "现场照片.png")
        .put("data", Base64.getEncoder().encodeToString(png)), author);
    assertEquals(201, ok.status(), ok.body());
    TestApp.Reply fake = app.post("/api/posts/" + id + "/attachments", new JsonObject().put("fileName", "x.png")
        .put("data", Base64.getEncoder().encodeToString("<html><script>alert(1)</script>".getBytes())), author);
    assertEquals(422, fake.status());
    TestApp.Reply html = app.post("/api/posts/" + id + "/attachments", new JsonObject().put("fileName", "x.html")
        .put("data", Base64.getEncoder().encodeToString("<html></html>".getBytes())), author);
    assertEquals("fileName", html.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(1, app.count("SELECT count(*) FROM forum_attachment WHERE post_id = " + id));
    TestApp.Reply download = app.get("/api/attachments/" + ok.json().getLong("id"), app.login("member01"));
    assertEquals(200, download.status());
    assertEquals("image/png", download.header("Content-Type"));
    assertTrue(download.header("Content-Disposition").startsWith("attachment"));
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
