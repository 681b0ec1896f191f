package org.xieshang.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class HttpPlatformTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass(Map.of("XIESHANG_HTTP_BODY_LIMIT_BYTES", "4096",
        "XIESHANG_HTTP_ALLOWED_ORIGINS", "https://allowed.example"));

  @Test
  void healthChecksTheDatabase() {
    TestApp.Reply r = app.get("/health", null);
    assertEquals(200, r.status());
    assertEquals("UP", r.json().getString("outcome"));
    assertEquals("database", r.json().getJsonArray("checks").getJsonObject(0).getString("id"));
  }

  @Test
  void aWrongMethodOnAKnownPathIs405WithAllowAndAnUnknownPathIs404() {
    String token = app.login("member01");
    Map<String, String> wrong = Map.of(
        "DELETE /api/drafts/7", "GET",
        "PUT /api/activities", "GET, POST",
        "GET /api/auth/login", "POST",
        "PATCH /api/posts/3", "DELETE, PUT",
        "POST /api/reports/5/export.docx", "GET",
        "DELETE /api/statements/1/vote", "PUT",
        "POST /health", "GET",
        "PUT /metrics", "GET");
    wrong.forEach((request, allow) -> {
      String[] mp = request.split(" ");
      TestApp.Reply r = app.send(mp[0], mp[1], "application/json", "{}".getBytes(), token);
      assertEquals(405, r.status(), request + " " + r.body());
      assertTrue(r.isProblem(), request);
      assertEquals("不支持此请求方法", r.json().getString("title"), request);
      assertEquals(allow, r.header("Allow"), request);
    });
    for (String request : List.of("GET /api/no-such-thing", "DELETE /api/drafts/7/nothing", "POST /no-such-page")) {
      String[] mp = request.split(" ");
      TestApp.Reply r = app.send(mp[0], mp[1], "application/json", "{}".getBytes(), token);
      assertEquals(404, r.status(), request + " " + r.body());
      assertTrue(r.isProblem(), request);
      assertNull(r.header("Allow"), request);
    }
  }

  @Test
  void onLinuxTheServerUsesEpoll() {
    Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "Netty's native transport is bundled for Linux x86-64 only");
    assertTrue(app.vertx.isNativeTransportEnabled(), "epoll, not Java NIO");
  }

  @Test
  void metricsArePrometheusText() {
    app.get("/api/organizations", null);
    TestApp.Reply r = app.get("/metrics", null);
    assertEquals(200, r.status());
    assertTrue(r.body().contains("vertx_http_server_requests_total"), "has HTTP server metrics");
  }

  /** The sum of the series on /metrics with this name whose labels hold every one given, or null when there is none. */
  static Double series(String metrics, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)$").matcher(metrics);
    Double sum = null;
    while (m.find()) {
      String have = m.group(1) == null ? "" : m.group(1);
      if (java.util.Arrays.stream(labels).allMatch(have::contains)) {
        sum = (sum == null ? 0 : sum) + Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  @Test
  void metricsHaveTheJvmAndTheProductSeries() {
    // exercise each: a live meeting (owner, events, commit), a counted vote, an analysis, a refusal
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, new JsonObject().put("type", "Open")).status());
    assertEquals(200, m.command(chair, new JsonObject().put("type", "Comment").put("text", "请各位发言")).status());
    String staff = app.login("staff");
    long theme = org.xieshang.support.Themes.open(app, staff, org.xieshang.support.Themes.body(app, "指标测试议政", "指标"));
    long statement = app.post("/api/themes/" + theme + "/statements", new JsonObject().put("body", "应当公开办理进度。"),
        app.login("member01")).json().getLong("id");
    assertEquals(204, app.put("/api/statements/" + statement + "/vote", new JsonObject().put("vote", 1), app.login("member02")).status());
    assertTrue(app.get("/api/opinions/analysis?themeId=" + theme, staff).status() / 100 == 2);
    assertEquals(404, app.get("/api/no-such-endpoint", staff).status());
    System.gc(); // the GC pause series appears with the first collection

    String metrics = org.xieshang.support.Await.value("a GC pause on /metrics", 10_000, () -> app.get("/metrics", null).body(),
        body -> series(body, "jvm_gc_pause_seconds_count") != null);
    Map<String, String[]> present = new java.util.LinkedHashMap<>();
    present.put("jvm_memory_used_bytes", new String[]{"area=\"heap\""});
    present.put("jvm_memory_max_bytes", new String[]{"area=\"heap\""});
    present.put("jvm_gc_pause_seconds_max", new String[]{});
    present.put("jvm_threads_live_threads", new String[]{});
    present.put("process_files_open_files", new String[]{});
    present.put("process_files_max_files", new String[]{});
    present.put("process_cpu_usage", new String[]{});
    present.put("process_uptime_seconds", new String[]{});
    present.put("xieshang_opinion_analyses_running", new String[]{});
    present.put("xieshang_live_commit_seconds_count", new String[]{});
    present.forEach((name, labels) -> assertNotNull(series(metrics, name, labels), name + " is on /metrics"));
    assertTrue(series(metrics, "jvm_memory_used_bytes", "area=\"heap\"") > 0);
    assertTrue(series(metrics, "jvm_threads_live_threads") > 0);
    assertTrue(series(metrics, "xieshang_live_sessions_owned") >= 1, "the meeting's owner runs here");
    assertTrue(series(metrics, "xieshang_live_events_published_total") >= 2, "SessionOpened and CommentPosted");
    assertTrue(series(metrics, "xieshang_forum_votes_acknowledged_total") >= 1);
    assertTrue(series(metrics, "xieshang_http_problems_total", "type=\"not-found\"", "status=\"404\"") >= 1);
  }

  @Test
  void theLiveGroupCommitIsTimedOnMetrics() {
    // operators see how long live events wait for their commit: a slow disk shows here first
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, new JsonObject().put("type", "Open")).status());
    assertEquals(200, m.command(chair, new JsonObject().put("type", "Comment").put("text", "请发言")).status());
    Matcher commits = Pattern.compile("(?m)^xieshang_live_commit_seconds_count ([0-9.]+)")
        .matcher(app.get("/metrics", null).body());
    assertTrue(commits.find(), "the commit timer is on /metrics");
    assertTrue(Double.parseDouble(commits.group(1)) >= 2, commits.group(1));
  }

  @Test
  void securityHeadersAndRequestIds() {
    TestApp.Reply r = app.get("/api/organizations", null);
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("DENY", r.header("X-Frame-Options"));
    assertNotNull(r.header("Content-Security-Policy"));
    assertTrue(r.header("Content-Security-Policy").contains("frame-src 'none'"), "no frames without video");
    assertNotNull(r.header("X-Request-Id"));
  }

  @Test
  void aGivenRequestIdIsEchoedAndPutInProblems() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base() + "/api/nothing"))
        .header("X-Request-Id", "trace-42").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, r.statusCode());
    assertEquals("trace-42", r.headers().firstValue("X-Request-Id").orElseThrow());
    assertEquals("urn:xieshang:request:trace-42", new JsonObject(r.body()).getString("instance"));
  }

  @Test
  void corsAllowsOnlyConfiguredOrigins() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(app.base() + "/api/organizations"))
        .header("Origin", "https://allowed.example").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("https://allowed.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(app.base() + "/api/organizations"))
        .header("Origin", "https://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertEquals(403, other.statusCode());
  }

  @Test
  void unknownApiPathsAreProblems() {
    TestApp.Reply r = app.get("/api/does-not-exist", null);
    assertEquals(404, r.status());
    assertTrue(r.isProblem());
    assertEquals("urn:xieshang:problem:not-found", r.json().getString("type"));
  }

  @Test
  void malformedJsonIsRefusedAndWritesNothing() {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    TestApp.Reply r = app.send("POST", "/api/accounts", "application/json", "{\"username\": ".getBytes(), admin);
    assertEquals(400, r.status());
    assertTrue(r.isProblem());
    assertEquals("请求格式错误", r.json().getString("title"));
    assertEquals(before, app.count("SELECT count(*) FROM account"));
  }

  @Test
  void oversizedBodiesAreRefused() {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    String big = new JsonObject().put("username", "big_user").put("displayName", "大".repeat(5000))
        .put("roles", new io.vertx.core.json.JsonArray().add("MEMBER")).encode();
    TestApp.Reply r = app.send("POST", "/api/accounts", "application/json", big.getBytes(), admin);
    assertEquals(413, r.status());
    assertTrue(r.isProblem());
    assertEquals("请求体过大", r.json().getString("title"));
    assertEquals(before, app.count("SELECT count(*) FROM account"));
  }

  @Test
  void invalidFieldsAreAllNamedAndWriteNothing() {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    long audits = app.count("SELECT count(*) FROM audit_log");
    JsonObject body = new JsonObject().put("username", "a").put("displayName", "").put("phone", "12345")
        .put("roles", new io.vertx.core.json.JsonArray().add("KING")).put("organizationId", -3);
    TestApp.Reply r = app.post("/api/accounts", body, admin);
    assertEquals(422, r.status());
    assertEquals("请求内容有误", r.json().getString("title"));
    var fields = r.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")).toList();
    assertTrue(fields.containsAll(java.util.List.of("username", "displayName", "phone", "roles", "organizationId")),
        fields.toString());
    assertEquals(before, app.count("SELECT count(*) FROM account"));
    assertEquals(audits, app.count("SELECT count(*) FROM audit_log"));
  }

  @Test
  void referencesToMissingRowsAreFieldErrors() {
    String admin = app.login("admin");
    JsonObject body = new JsonObject().put("username", "ghost_ref").put("displayName", "测试")
        .put("roles", new io.vertx.core.json.JsonArray().add("MEMBER")).put("organizationId", 99999);
    TestApp.Reply r = app.post("/api/accounts", body, admin);
    assertEquals(422, r.status());
    assertEquals("organizationId", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  /** Raw bytes over HTTP: a body that is not UTF-8 is refused whole (field $), before any JSON is read. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"C328", "FF", "C0AF", "EDA080", "E282", "F4908080"})
  void invalidUtf8IsRefusedAndWritesNothing(String hex) throws Exception {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.write("{\"username\":\"bad_utf8\",\"displayName\":\"张".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    body.write(java.util.HexFormat.of().parseHex(hex));
    body.write("三\",\"roles\":[\"MEMBER\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TestApp.Reply r = app.send("POST", "/api/accounts", "application/json", body.toByteArray(), admin);
    assertEquals(400, r.status(), r.body());
    assertTrue(r.isProblem());
    assertEquals("请求格式错误", r.json().getString("title"));
    assertEquals("$", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(before, app.count("SELECT count(*) FROM account"));
  }

  /** An escaped lone surrogate is refused naming its field; a real pair (an emoji) is kept as sent. */
  @Test
  void loneSurrogatesAreRefusedNamingTheField() {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    String[][] cases = {
        {"{\"username\":\"lone_a\",\"displayName\":\"\\ud800张三\",\"roles\":[\"MEMBER\"]}", "displayName"},
        {"{\"username\":\"lone_b\",\"displayName\":\"张三\\udc00\",\"roles\":[\"MEMBER\"]}", "displayName"},
        {"{\"username\":\"lone_c\",\"displayName\":\"张三\",\"roles\":[\"\\udbff\"]}", "roles[0]"}};
    for (String[] c : cases) {
      TestApp.Reply r = app.send("POST", "/api/accounts", "application/json",
          c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8), admin);
      assertEquals(400, r.status(), c[0] + " → " + r.body());
      assertTrue(r.isProblem());
      assertEquals(c[1], r.json().getJsonArray("errors").getJsonObject(0).getString("field"), r.body());
    }
    assertEquals(before, app.count("SELECT count(*) FROM account"));
    TestApp.Reply ok = app.send("POST", "/api/accounts", "application/json",
        "{\"username\":\"pair_ok\",\"displayName\":\"张三\\ud83d\\ude00\",\"roles\":[\"MEMBER\"]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8), admin);
    assertEquals(201, ok.status(), ok.body());
    assertEquals(1, app.count("SELECT count(*) FROM account WHERE display_name = '张三\uD83D\uDE00'"));
  }

  /** A roster saved by Excel in GBK is refused with what to do, instead of importing names full of U+FFFD. */
  @Test
  void aCsvThatIsNotUtf8IsRefused() throws Exception {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    byte[] gbk = "用户名,姓名,手机,角色\ngbk_user,张三,13800001234,委员\n".getBytes("GBK");
    TestApp.Reply r = app.send("POST", "/api/accounts/import", "text/csv", gbk, admin);
    assertEquals(422, r.status(), r.body());
    assertEquals("file", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(before, app.count("SELECT count(*) FROM account"));
  }

  // ---- found by GeneratedInputTest, each with its own test

  /** U+0000 cannot be stored in PostgreSQL text: refused naming the field or line, not a 500 from the INSERT. */
  @Test
  void theNulCharacterIsRefusedNamingWhereItIs() throws Exception {
    String admin = app.login("admin");
    long before = app.count("SELECT count(*) FROM account");
    TestApp.Reply json = app.send("POST", "/api/accounts", "application/json",
        "{\"username\":\"nul_user\",\"displayName\":\"张\\u0000三\",\"roles\":[\"MEMBER\"]}".getBytes(StandardCharsets.UTF_8), admin);
    assertTrue(json.status() == 400 || json.status() == 422, json.body());
    assertEquals("displayName", json.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply csv = app.send("POST", "/api/accounts/import", "text/csv",
        "用户名,姓名,手机,所属政协,角色\nnul_csv,张\u0000三,13800006666,资阳市政协,委员\n".getBytes(StandardCharsets.UTF_8), admin);
    assertEquals(422, csv.status(), csv.body());
    assertEquals("第 2 行", csv.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(before, app.count("SELECT count(*) FROM account"));
  }

  /** %00 in a query value reached PostgreSQL (a 500): refused naming the parameter. */
  @Test
  void aNulInAQueryValueIsRefusedNamingTheParameter() {
    TestApp.Reply r = app.get("/api/accounts?q=%00&limit=2", app.login("admin"));
    assertEquals(400, r.status(), r.body());
    assertEquals("q", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  /** A GET that claims a form or multipart body is served, not a 500 from the body reader. */
  @Test
  void aGetClaimingAFormBodyIsServed() {
    String admin = app.login("admin");
    for (String type : java.util.List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      TestApp.Reply r = app.send("GET", "/api/me", type, null, admin);
      assertEquals(200, r.status(), type + ": " + r.body());
    }
  }

  /** A body Vert.x itself cannot decode (JSON sent as multipart, said to be gzip) is a 400 naming the body as a whole. */
  @Test
  void anUndecodableBodyIsA400NamingTheBody() throws Exception {
    String admin = app.login("admin");
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
        .newBuilder(URI.create(app.base() + "/api/themes/1/polis")).header("Authorization", "Bearer " + admin)
        .header("Content-Type", "multipart/form-data; boundary=x").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("{\"comments\":[\"" + "长".repeat(20_001) + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
    assertEquals("$", new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0).getString("field"), r.body());
  }

  /** A request line or headers too long for the HTTP codec are refused as problem+json too, in Chinese. */
  @Test
  void tooLongRequestLinesAndHeadersAreProblems() {
    TestApp.Reply longUrl = app.get("/api/organizations?q=" + "x".repeat(10_000), null);
    assertEquals(414, longUrl.status());
    assertTrue(longUrl.isProblem(), longUrl.body());
    assertEquals("请求地址过长", longUrl.json().getString("title"));
    // with a body still being sent: the answer arrives (no reset before the client reads it)
    TestApp.Reply longPost = app.send("POST", "/api/accounts?q=" + "x".repeat(10_000), "application/json",
        new JsonObject().put("username", "y".repeat(50_000)).encode().getBytes(StandardCharsets.UTF_8), null);
    assertEquals(414, longPost.status());
    assertTrue(longPost.isProblem(), longPost.body());
  }

  /** A live command whose type is null or not a text is refused naming type, not a 500 from the handler. */
  @Test
  void aLiveCommandWithoutATextTypeIsRefusedNamingIt() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    for (Object type : new Object[]{null, 7, new JsonObject()}) {
      TestApp.Reply r = m.command(chair, new JsonObject().put("type", type).put("clientId", java.util.UUID.randomUUID().toString()));
      assertEquals(422, r.status(), type + ": " + r.body());
      assertEquals("type", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
  }
}
