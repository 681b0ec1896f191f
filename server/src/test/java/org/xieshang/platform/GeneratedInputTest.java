package org.xieshang.platform;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.TestApp;
import org.xieshang.support.TestDatabase;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated input for every /api operation of the OpenAPI document the server serves: bodies built from
 * each operation's request schema and then bent (wrong types, missing fields, hostile texts, bytes that
 * are not UTF-8, not JSON), path ids, query values and headers, sent as each demo role and as nobody.
 * Every answer must be below 500; every refusal problem+json with a Chinese title, naming the field at
 * fault for a 400 or 422; and a refused request must change nothing: the row count and the newest row
 * version (max xmin) of every table, the live event log included, are the same after it as before.
 *
 * The socket's frames get the same promises: generated bridge frames (live commands of every type, forum
 * votes, registrations, publishes, unknown types, texts that are not frames) over the event-bus bridge as
 * each signed-in role are answered, a refusal carries a problem with a Chinese title (and the field), a
 * refused frame changes nothing, and a connection is closed only after the malformed frames it may send.
 *
 * Runs sequentially (the "nothing changed" check needs no other writer) and bounded in time:
 * {@code -Dgenerated.seconds} (default 150) over all properties; 12,500 HTTP requests and 1,000 frames in all.
 * Reproduce a failure with the seed jqwik prints: {@code -Djqwik.seeds.whenfixed=ALLOW} and
 * {@code @Property(seed = "...")}, or rerun: jqwik tries the failed sample first.
 */
class GeneratedInputTest {
  static final long BUDGET_NANOS = Long.getLong("generated.seconds", 150) * 1_000_000_000L;
  static final Pattern CHINESE = Pattern.compile(".*[\\u4e00-\\u9fff].*", Pattern.DOTALL);
  static final List<String> ROLES = List.of("admin", "staff", "chair", "vicechair", "member01", "public01",
      "official-nyj", "host-main", "expert", "(nobody)", "(forged)");
  // refused sign-ins are counted on purpose (the lock-out); live_owner is which node writes a session
  // (taken on first use, by a read too, and touched by every write as a fence): neither is a request's data
  static final Set<String> CHANGES_ON_REFUSAL = Set.of("login_throttle", "live_owner", "flyway_schema_history");

  static TestApp app;
  static Connection db;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final Map<String, String> tokens = new LinkedHashMap<>();
  static List<Op> ops;
  static final Map<String, List<Long>> idsByTable = new ConcurrentHashMap<>();
  static String fingerprintSql;
  static Map<String, String> fingerprint;
  static long xmax;
  static long started;
  static final AtomicInteger requests = new AtomicInteger();
  static final AtomicInteger refused = new AtomicInteger();
  static final Map<String, AtomicInteger> byClass = new ConcurrentHashMap<>();
  static final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
  static final AtomicLong fingerprints = new AtomicLong();

  record Param(String name, String in, Map<String, Object> schema, boolean required) {}

  record Op(String method, String path, List<Param> params, Map<String, Object> body, String contentType) {
    String name() {
      return method.toUpperCase() + " " + path;
    }
  }

  /** One generated request, and which input class it belongs to (for the counts in docs/reliability.md). */
  record Call(String inputClass, Op op, String role, Map<String, String> pathValues, String query,
              Map<String, String> headers, String contentType, byte[] body) {
    @Override
    public String toString() {
      String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return inputClass + " " + role + " " + op.method().toUpperCase() + " " + path() + " " + headers + " "
          + contentType + " " + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown);
    }

    String path() {
      String p = op.path();
      for (var e : pathValues.entrySet()) {
        p = p.replace("{" + e.getKey() + "}", e.getValue());
      }
      return p + (query.isEmpty() ? "" : "?" + query);
    }
  }

  @BeforeContainer
  static void up() throws Exception {
    // 10,000 lines of access log would drown the CI log; the counts are written at the end instead
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.xieshang.access"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    app = TestApp.start(Map.of(
        "XIESHANG_HTTP_API_RATE_PER_MINUTE", "10000000",
        "XIESHANG_FORUM_POST_RATE_PER_MINUTE", "100000",
        "XIESHANG_FORUM_VOTE_RATE_PER_MINUTE", "1000000",
        "XIESHANG_AUTH_ACCESS_TOKEN_MINUTES", "600",
        "XIESHANG_REPORT_LEDGER_REMINDER_SECONDS", "86400"));
    for (String role : ROLES) {
      tokens.put(role, switch (role) {
        case "(nobody)" -> null;
        case "(forged)" -> "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZXMiOlsiQURNSU4iXX0.c2lnbmVkLWJ5LW5vYm9keQ";
        default -> app.login(role);
      });
    }
    ops = operations(app.get("/api/openapi.yaml", null).body());
    db = TestDatabase.jdbc(app.db);
    List<String> tables = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    // a count and the newest row version of each table: an insert, update or delete that committed shows
    fingerprintSql = String.join(" UNION ALL ", tables.stream().filter(t -> !CHANGES_ON_REFUSAL.contains(t))
        .map(t -> "SELECT '" + t + "', count(*) || '/' || coalesce(max(xmin::text::bigint), 0) FROM \"" + t + "\"").toList());
    fingerprint = fingerprint();
    xmax = xmax();
    refreshIds();
    started = System.nanoTime();
  }

  @AfterContainer
  static void down() throws Exception {
    StringBuilder report = new StringBuilder();
    sockets.values().forEach(BusClient::close);
    report.append("requests ").append(requests.get()).append(", refused ").append(refused.get())
        .append(", frames ").append(frames.get()).append(", frames refused ").append(framesRefused.get())
        .append(", fingerprints ").append(fingerprints.get()).append(", seconds ")
        .append((System.nanoTime() - started) / 1_000_000_000L).append('\n');
    new TreeMap<>(byClass).forEach((k, v) -> report.append("class ").append(k).append(' ').append(v.get()).append('\n'));
    new TreeMap<>(byStatus).forEach((k, v) -> report.append("status ").append(k).append(' ').append(v.get()).append('\n'));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "generated-input.txt"), report);
    System.out.println("[generated input] " + report.toString().replace('\n', ';'));
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.xieshang.access")).setLevel(null);
    if (db != null) {
      db.close();
    }
    if (app != null) {
      app.close();
    }
    // the suite is worth its name only with its volume: a budget cut short says so
    assertTrue(requests.get() >= 10_000 || System.nanoTime() - started > BUDGET_NANOS, "only " + requests.get() + " requests");
  }

  // ---- the properties: one per input class

  @Property(tries = TRIES_BODIES, shrinking = ShrinkingMode.OFF)
  void generatedBodies(@ForAll("bodies") Call call) throws Exception {
    check(call);
  }

  @Property(tries = TRIES_OTHER, shrinking = ShrinkingMode.OFF)
  void generatedPathIdsAndQueries(@ForAll("paths") Call call) throws Exception {
    check(call);
  }

  @Property(tries = TRIES_HEADERS, shrinking = ShrinkingMode.OFF)
  void generatedHeadersAndTokens(@ForAll("headers") Call call) throws Exception {
    check(call);
  }

  @Property(tries = TRIES_OTHER, shrinking = ShrinkingMode.OFF)
  void rawBytesThatAreNotJsonOrNotUtf8(@ForAll("raw") Call call) throws Exception {
    check(call);
  }

  static final int TRIES_BODIES = 4_000;
  static final int TRIES_OTHER = 2_000;
  // about a third of these carry a header the JDK client will not send (not ASCII, a control character): not counted
  static final int TRIES_HEADERS = 4_500;

  // ---- the check around one request

  static void check(Call call) throws Exception {
    if (System.nanoTime() - started > BUDGET_NANOS) {
      return; // bounded in time: what was sent is counted in target/generated-input.txt
    }
    HttpResponse<String> r;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base() + call.path())).timeout(Duration.ofSeconds(30));
      b.method(call.op().method().toUpperCase(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(call.body()));
      if (call.contentType() != null) {
        b.header("Content-Type", call.contentType());
      }
      String token = tokens.get(call.role());
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      call.headers().forEach(b::header);
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        if (call.path().length() <= 4096 || call.body() == null) {
          throw e;
        }
        // a request line past the codec's 4,096 bytes is answered 414 at once and the connection closed; the
        // JDK client, still sending the body, may see the reset before the answer: ask again without the body
        r = http.send(HttpRequest.newBuilder(URI.create(app.base() + call.path())).timeout(Duration.ofSeconds(30))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(414, r.statusCode(), call.toString());
      }
    } catch (IllegalArgumentException e) {
      return; // a header or address the JDK client itself refuses to send: nothing reached the server
    }
    requests.incrementAndGet();
    byClass.computeIfAbsent(call.inputClass(), k -> new AtomicInteger()).incrementAndGet();
    byStatus.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
    int status = r.statusCode();
    String what = status + " for " + call + "\n→ " + abbreviate(r.body());
    assertTrue(status < 500, "a 5xx: " + what);

    if (status >= 400) {
      refused.incrementAndGet();
      String type = r.headers().firstValue("Content-Type").orElse("");
      assertTrue(type.startsWith("application/problem+json"), "not problem+json: " + what);
      assertProblem(new JsonObject(r.body()), status, what);
      Map<String, String> changed = moved();
      if (call.op().path().equals("/api/auth/login")) {
        changed.remove("audit_log"); // a refused sign-in is audited (auth.login.failed) and counted for the lock-out, on purpose
      }
      if (!changed.isEmpty()) {
        fail("a refused request changed " + changed + ": " + what);
      }
    } else if (status == 202 && !call.op().path().startsWith("/api/auth/")) {
      fingerprint = settle(300); // accepted work goes on after the answer (an analysis collects opinions): let it finish
      xmax = xmax();
    } else if (!moved().isEmpty() && requests.get() % 50 == 0) {
      refreshIds(); // new rows to aim later requests at
    }
    if (status == 401 && !call.role().startsWith("(") && r.body().contains("problem:unauthorized")) {
      // a generated sign-out (or roles change) revoked this role's token: sign in again (its writes taken
      // into the fingerprint here, not blamed on the next request), so later requests get past the door
      try {
        tokens.put(call.role(), app.login(call.role()));
      } catch (IllegalStateException e) {
        // the account was deactivated by an earlier generated request: it stays refused
      }
      fingerprint = fingerprint();
      xmax = xmax();
    }
  }

  /** A refusal's problem: a Chinese title, and the field at fault for a 400 or 422. */
  static void assertProblem(JsonObject problem, int status, String what) {
    assertTrue(CHINESE.matcher(problem.getString("title", "")).matches(), "title not Chinese: " + what);
    if (status == 400 || status == 422) {
      JsonArray errors = problem.getJsonArray("errors");
      assertTrue(errors != null && !errors.isEmpty() && !errors.getJsonObject(0).getString("field", "").isEmpty(),
          "no field at fault: " + what);
    }
  }

  /** The tables whose row count or newest row version moved since the last look; the look taken now is the next baseline. */
  static Map<String, String> moved() throws Exception {
    long now = xmax();
    Map<String, String> after = now == xmax ? fingerprint : fingerprint();
    Map<String, String> changed = new TreeMap<>();
    after.forEach((t, v) -> {
      if (!v.equals(fingerprint.get(t))) {
        changed.put(t, fingerprint.get(t) + " → " + v);
      }
    });
    fingerprint = after;
    xmax = now;
    return changed;
  }

  /** The fingerprint once it has not changed for a while (at most 5 s): background work started by a request is done. */
  static Map<String, String> settle(long quietMillis) throws Exception {
    Object[] last = {fingerprint()};
    long[] quietSince = {System.nanoTime()};
    long giveUp = System.nanoTime() + 5_000_000_000L;
    Await.until("the database is quiet", 6_000, () -> {
      Map<String, String> now;
      try {
        now = fingerprint();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      if (!now.equals(last[0])) {
        last[0] = now;
        quietSince[0] = System.nanoTime();
      }
      // quiet long enough, or still busy after 5 s: compare what there is
      return System.nanoTime() - quietSince[0] >= quietMillis * 1_000_000L || System.nanoTime() >= giveUp;
    });
    @SuppressWarnings("unchecked") Map<String, String> settled = (Map<String, String>) last[0];
    return settled;
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }

  static long xmax() throws Exception {
    try (Statement s = db.createStatement();
         ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Map<String, String> fingerprint() throws Exception {
    fingerprints.incrementAndGet();
    Map<String, String> out = new TreeMap<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(fingerprintSql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  static final Map<String, String> TABLE_OF = Map.ofEntries(
      Map.entry("accounts", "account"), Map.entry("activities", "activity"), Map.entry("live", "activity"),
      Map.entry("themes", "forum_theme"), Map.entry("threads", "forum_post"), Map.entry("posts", "forum_post"),
      Map.entry("attachments", "forum_attachment"), Map.entry("statements", "forum_statement"),
      Map.entry("pools", "sortition_pool"), Map.entry("draws", "sortition_draw"), Map.entry("opinions", "opinion_unit"),
      Map.entry("drafts", "draft_text"), Map.entry("reports", "report"), Map.entry("ledger", "ledger_entry"));

  static void refreshIds() throws Exception {
    for (String table : new java.util.HashSet<>(TABLE_OF.values())) {
      List<Long> ids = new ArrayList<>();
      try (Statement s = db.createStatement();
           ResultSet rs = s.executeQuery("SELECT id FROM \"" + table + "\" ORDER BY random() LIMIT 40")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      } catch (java.sql.SQLException e) {
        continue; // a table another change renamed: its ids are generated like any number
      }
      if (ids.isEmpty()) {
        ids.add(1L);
      }
      idsByTable.put(table, ids);
    }
  }

  // ---- the OpenAPI document

  @SuppressWarnings("unchecked")
  static List<Op> operations(String yaml) {
    Map<String, Object> doc = new Yaml().load(yaml);
    Map<String, Object> components = (Map<String, Object>) doc.get("components");
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    List<Op> out = new ArrayList<>();
    paths.forEach((path, item) -> item.forEach((method, o) -> {
      if (!Set.of("get", "post", "put", "patch", "delete").contains(method) || !path.startsWith("/api/")) {
        return;
      }
      Map<String, Object> op = (Map<String, Object>) o;
      List<Param> params = new ArrayList<>();
      for (Object p : (List<Object>) op.getOrDefault("parameters", List.of())) {
        Map<String, Object> param = (Map<String, Object>) resolve(p, components);
        params.add(new Param((String) param.get("name"), (String) param.get("in"),
            (Map<String, Object>) resolve(param.getOrDefault("schema", Map.of()), components),
            Boolean.TRUE.equals(param.get("required"))));
      }
      Map<String, Object> body = null;
      String contentType = null;
      Map<String, Object> request = (Map<String, Object>) op.get("requestBody");
      if (request != null) {
        Map<String, Object> content = (Map<String, Object>) request.get("content");
        contentType = content.keySet().iterator().next();
        Object media = content.get(contentType);
        Object schema = media instanceof Map<?, ?> m ? m.get("schema") : null;
        body = schema == null ? Map.of() : (Map<String, Object>) resolveDeep(schema, components);
      }
      out.add(new Op(method, path, params, body, contentType));
    }));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object resolve(Object node, Map<String, Object> components) {
    if (node instanceof Map<?, ?> m && m.get("$ref") instanceof String ref) {
      String[] parts = ref.substring(2).split("/"); // #/components/<kind>/<name>
      return resolve(((Map<String, Object>) components.get(parts[1])).get(parts[2]), components);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  static Object resolveDeep(Object node, Map<String, Object> components) {
    Object n = resolve(node, components);
    if (n instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, resolveDeep(v, components)));
      return copy;
    }
    if (n instanceof List<?> l) {
      return l.stream().map(x -> resolveDeep(x, components)).toList();
    }
    return n;
  }

  // ---- generators

  static Arbitrary<Op> op() {
    return Arbitraries.of(ops);
  }

  static Arbitrary<String> role() {
    // most requests as someone signed in, so they get past the door to the validation behind it
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of(ROLES.subList(0, 9))),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("(nobody)", "(forged)")));
  }

  /** Texts people and attackers type: Chinese, markup, formulas, control characters, very long, any code point. */
  static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withChars("，。、！？ ")
            .ofMinLength(0).ofMaxLength(40)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(30)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("", " ", "\u3000", "<script>alert(1)</script>", "'; DROP TABLE account;--",
            "=cmd|' /C calc'!A0", "@SUM(A1)", "\u202e反转", "\u200b", "😀👍🏽", "null", "true", "0", "-1", "1e309",
            "../../etc/passwd", "%00", "\u0000", "\r\n\t", "a".repeat(5_000), "长".repeat(20_001), "{\"$ne\":1}")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)));
  }

  static Arbitrary<Long> number() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(-3, 200)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1)),
        net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
  }

  static Arbitrary<Long> realId(String table) {
    return Arbitraries.integers().between(0, 39).map(i -> {
      List<Long> ids = idsByTable.getOrDefault(table, List.of(1L));
      return ids.get(i % ids.size());
    });
  }

  /** Any JSON value, of any type: what a field of the wrong type receives. */
  static Arbitrary<Object> anyValue() {
    return Arbitraries.oneOf(text().map(s -> (Object) s), number().map(n -> (Object) n),
        Arbitraries.of(true, false).map(x -> (Object) x), Arbitraries.just(JSON_NULL),
        Arbitraries.of(1.5, -0.0, 1e300, Double.MIN_VALUE).map(x -> (Object) x),
        text().list().ofMaxSize(3).map(l -> (Object) new JsonArray(new ArrayList<Object>(l))),
        Arbitraries.just(new JsonObject().put("x", 1)));
  }

  /** A value for a schema: mostly of its type and range, sometimes a real id, sometimes anything at all. */
  @SuppressWarnings("unchecked")
  static Arbitrary<Object> value(String name, Map<String, Object> schema, int depth) {
    Object type = schema.get("type");
    if (type instanceof List<?> l) {
      type = l.get(0);
    }
    Arbitrary<Object> typed;
    if (schema.get("enum") instanceof List<?> e && !e.isEmpty()) {
      typed = Arbitraries.of((List<Object>) e);
    } else if ("integer".equals(type) || "number".equals(type)) {
      Arbitrary<Object> n = number().map(x -> (Object) x);
      if (name.endsWith("Id") || name.equals("id")) {
        String table = name.equals("activityId") ? "activity" : name.equals("themeId") ? "forum_theme"
            : name.equals("reportId") ? "report" : name.equals("statementId") || name.equals("targetId") ? "forum_statement"
            : name.equals("accountId") || name.equals("hostId") ? "account" : "activity";
        n = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, realId(table).map(x -> (Object) x)), net.jqwik.api.Tuple.of(1, n));
      }
      Number min = (Number) schema.get("minimum");
      Number max = (Number) schema.get("maximum");
      if (min != null || max != null) {
        long lo = min == null ? -1 : min.longValue();
        long hi = max == null ? lo + 1000 : max.longValue();
        n = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(lo, hi).map(x -> (Object) x)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(lo - 1, hi + 1).map(x -> (Object) x)), net.jqwik.api.Tuple.of(1, n));
      }
      typed = n;
    } else if ("boolean".equals(type)) {
      typed = Arbitraries.of(true, false).map(x -> (Object) x);
    } else if ("array".equals(type)) {
      Map<String, Object> items = (Map<String, Object>) schema.getOrDefault("items", Map.of());
      typed = depth > 3 ? Arbitraries.just(new JsonArray())
          : value(name, items, depth + 1).list().ofMaxSize(6)
              .map(l -> (Object) new JsonArray(new ArrayList<>(l.stream().map(x -> x == JSON_NULL ? null : x).toList())));
    } else if ("object".equals(type) || schema.containsKey("properties")) {
      typed = depth > 3 ? Arbitraries.just(new JsonObject()) : object(schema, depth + 1).map(o -> (Object) o);
    } else if ("date-time".equals(schema.get("format"))) {
      typed = Arbitraries.integers().between(-400, 400).map(d -> (Object) OffsetDateTime.now().plusHours(d).toString());
    } else if ("date".equals(schema.get("format"))) {
      typed = Arbitraries.integers().between(-400, 400).map(d -> (Object) java.time.LocalDate.now().plusDays(d).toString());
    } else if (schema.get("pattern") instanceof String p && p.contains("1[3-9]")) {
      typed = Arbitraries.longs().between(0, 99_999_999).map(x -> (Object) String.format("138%08d", x));
    } else {
      typed = text().map(s -> (Object) s);
    }
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, typed), net.jqwik.api.Tuple.of(1, anyValue()));
  }

  /** An object for a schema: each property present or absent (required ones usually present), sometimes an extra one. */
  @SuppressWarnings("unchecked")
  static Arbitrary<JsonObject> object(Map<String, Object> schema, int depth) {
    Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    List<String> required = (List<String>) schema.getOrDefault("required", List.of());
    List<Arbitrary<Optional<Map.Entry<String, Object>>>> fields = new ArrayList<>();
    props.forEach((name, s) -> {
      int present = required.contains(name) ? 19 : 6;
      Arbitrary<Object> v = value(name, (Map<String, Object>) s, depth);
      fields.add(Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(present, v.map(x -> Optional.of(Map.entry(name, x == null ? JSON_NULL : x)))),
          net.jqwik.api.Tuple.of(20 - present, Arbitraries.just(Optional.<Map.Entry<String, Object>>empty()))));
    });
    fields.add(Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.just(Optional.<Map.Entry<String, Object>>empty())),
        net.jqwik.api.Tuple.of(1, anyValue().map(x -> Optional.of(Map.entry("unexpected", x == null ? JSON_NULL : x))))));
    return Combinators.combine(fields).as(list -> {
      JsonObject o = new JsonObject();
      list.forEach(e -> e.ifPresent(kv -> o.put(kv.getKey(), kv.getValue() == JSON_NULL ? null : kv.getValue())));
      return o;
    });
  }

  static final Object JSON_NULL = new Object();

  static Map<String, String> pathValues(Op op, Map<String, Long> ids) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Param p : op.params()) {
      if (p.in().equals("path")) {
        out.put(p.name(), String.valueOf(ids.getOrDefault(p.name(), 1L)));
      }
    }
    return out;
  }

  static String tableOf(Op op, String param) {
    if (param.equals("accountId")) {
      return "account";
    }
    String first = op.path().split("/")[2];
    return TABLE_OF.getOrDefault(first, "activity");
  }

  /** Real ids for the operation's path parameters (so requests reach the handler's checks), sometimes not. */
  static final Map<Op, Arbitrary<Map<String, String>>> goodPaths = new ConcurrentHashMap<>();
  static final Map<Op, Arbitrary<byte[]>> bodiesOf = new ConcurrentHashMap<>();

  static Arbitrary<Map<String, String>> goodPath(Op op) {
    return goodPaths.computeIfAbsent(op, GeneratedInputTest::makeGoodPath);
  }

  static <T> Arbitrary<Map<String, String>> entries(List<Arbitrary<Map.Entry<String, String>>> parts) {
    if (parts.isEmpty()) {
      return Arbitraries.just(Map.of());
    }
    return Combinators.combine(parts).as(list -> {
      Map<String, String> m = new LinkedHashMap<>();
      list.forEach(e -> m.put(e.getKey(), e.getValue()));
      return m;
    });
  }

  static Arbitrary<Map<String, String>> makeGoodPath(Op op) {
    List<Arbitrary<Map.Entry<String, String>>> parts = new ArrayList<>();
    for (Param p : op.params()) {
      if (p.in().equals("path")) {
        Arbitrary<String> v = "integer".equals(p.schema().get("type"))
            ? realId(tableOf(op, p.name())).map(String::valueOf)
            : Arbitraries.of("lottery.csv", "probabilities.csv", "commitment.txt", "seed.txt", "result.json");
        parts.add(v.map(x -> Map.entry(p.name(), x)));
      }
    }
    return entries(parts);
  }

  static Arbitrary<String> badPathValue() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, number().map(String::valueOf)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("abc", "1.5", "1e3", "0x10", "%20", "%00", "-0", "+1", "00001",
            "9223372036854775808", "99999999999999999999999", "%E4%B8%80", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "null",
            "1%3BDROP", "%F0%9F%98%80", "%FF%FE")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789-_.~").ofMinLength(1)
            .ofMaxLength(300)));
  }

  static Arbitrary<String> query(Op op, boolean bad) {
    List<Arbitrary<String>> parts = new ArrayList<>();
    for (Param p : op.params()) {
      if (p.in().equals("query")) {
        Arbitrary<String> v = bad ? Arbitraries.oneOf(badPathValue(), text().map(GeneratedInputTest::enc))
            : value(p.name(), p.schema(), 0).map(x -> x == JSON_NULL ? "" : enc(String.valueOf(x)));
        int present = p.required() ? 9 : 6;
        parts.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(present, v.map(x -> p.name() + "=" + x)),
            net.jqwik.api.Tuple.of(10 - present, Arbitraries.just(""))));
      }
    }
    parts.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(2, text().map(t -> "x" + enc(t) + "=" + enc(t)))));
    return Combinators.combine(parts).as(list -> String.join("&", list.stream().filter(s -> !s.isEmpty()).toList()));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Arbitrary<byte[]> jsonBody(Op op) {
    return op.body() == null ? Arbitraries.<byte[]>just(null)
        : bodiesOf.computeIfAbsent(op, GeneratedInputTest::makeJsonBody);
  }

  static Arbitrary<byte[]> makeJsonBody(Op op) {
    if (op.body() == null) {
      return Arbitraries.just(null);
    }
    if (!op.contentType().equals("application/json")) {
      return csvBody();
    }
    return object(op.body(), 0).map(o -> o.encode().getBytes(StandardCharsets.UTF_8));
  }

  static Arbitrary<byte[]> csvBody() {
    return text().list().ofMinSize(1).ofMaxSize(5).list().ofMaxSize(6).map(rows -> {
      StringBuilder sb = new StringBuilder("用户名,姓名,手机,所属政协,角色\n");
      rows.forEach(r -> sb.append(String.join(",", r)).append('\n'));
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    });
  }

  static Arbitrary<Map<String, String>> plainHeaders(Op op) {
    boolean idempotent = op.params().stream().anyMatch(p -> p.name().equals("Idempotency-Key"));
    return idempotent ? Arbitraries.strings().withCharRange('a', 'z').ofMinLength(8).ofMaxLength(20)
        .map(k -> Map.of("Idempotency-Key", k)) : Arbitraries.just(Map.of());
  }

  @Provide
  Arbitrary<Call> bodies() {
    return op().filter(o -> o.body() != null).flatMap(op -> Combinators.combine(role(), goodPath(op), query(op, false),
        jsonBody(op), plainHeaders(op)).as((role, path, q, body, headers) ->
        new Call("bodies from the request schemas", op, role, path, q, headers, op.contentType(), body)));
  }

  @Provide
  Arbitrary<Call> paths() {
    return op().flatMap(op -> {
      List<Arbitrary<Map.Entry<String, String>>> parts = new ArrayList<>();
      for (Param p : op.params()) {
        if (p.in().equals("path")) {
          parts.add(Arbitraries.oneOf(badPathValue(), goodPath(op).map(m -> m.get(p.name())))
              .map(v -> Map.entry(p.name(), v)));
        }
      }
      Arbitrary<Map<String, String>> path = entries(parts);
      return Combinators.combine(role(), path, query(op, true), jsonBody(op), plainHeaders(op)).as((role, pv, q, body, h) ->
          new Call("path ids and query values", op, role, pv, q, h, op.contentType(), body));
    });
  }

  @Provide
  Arbitrary<Call> headers() {
    Arbitrary<Map<String, String>> extra = Combinators.combine(
        Arbitraries.of("", "x", "a".repeat(65), "合法吗", "key with space", "k\u0001", "abc-DEF_123").map(k -> k),
        Arbitraries.of("", "not-a-uuid", "x".repeat(300), "<script>", "请求"),
        Arbitraries.of("", "application/json", "text/html", "*/*", "application/problem+json;q=0.1"),
        Arbitraries.of("", "gzip", "br", "identity", "x-bogus")).as((key, id, accept, encoding) -> {
          Map<String, String> h = new LinkedHashMap<>();
          if (!key.isEmpty()) {
            h.put("Idempotency-Key", key);
          }
          if (!id.isEmpty()) {
            h.put("X-Request-Id", id);
          }
          if (!accept.isEmpty()) {
            h.put("Accept", accept);
          }
          if (!encoding.isEmpty()) {
            h.put("Content-Encoding", encoding);
          }
          return h;
        });
    Arbitrary<String> badRole = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, role()),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("(nobody)", "(forged)")));
    Arbitrary<String> type = Arbitraries.of("application/json", "application/json; charset=utf-8",
        "application/json; charset=iso-8859-1", "text/plain", "text/csv", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "");
    return op().flatMap(op -> Combinators.combine(badRole, goodPath(op), query(op, false), jsonBody(op), extra, type)
        .as((role, path, q, body, h, t) -> new Call("headers, tokens and content types", op, role, path, q, h,
            t.isEmpty() ? null : t, body)));
  }

  @Provide
  Arbitrary<Call> raw() {
    Arbitrary<byte[]> bytes = Arbitraries.oneOf(
        Arbitraries.of("", " ", "{", "}", "[]", "[1,2]", "\"text\"", "42", "null", "true", "{\"a\":}", "{'a':1}",
            "{\"a\":1,\"a\":2}", "{\"a\":1e999999}", "{\"a\":-}", "\uFEFF{}", "{\"a\":\"\\ud800\"}",
            "{\"title\":\"\\udfff\",\"body\":\"\\ud83d\"}", "{\"text\":\"\\u0000\"}", "[".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        Combinators.combine(op().filter(o -> o.body() != null && o.contentType().equals("application/json"))
                .flatMap(GeneratedInputTest::jsonBody), Arbitraries.of(
                new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xE2, (byte) 0x82}),
            Arbitraries.integers().between(0, 1000))
            .as((body, junk, at) -> {
              // invalid UTF-8 inside a string value, so the JSON around it is otherwise sound
              String s = new String(body, StandardCharsets.UTF_8);
              int quote = s.indexOf(":\"");
              int pos = quote < 0 ? Math.min(at, body.length) : s.substring(0, quote + 2).getBytes(StandardCharsets.UTF_8).length;
              byte[] out = new byte[body.length + junk.length];
              System.arraycopy(body, 0, out, 0, pos);
              System.arraycopy(junk, 0, out, pos, junk.length);
              System.arraycopy(body, pos, out, pos + junk.length, body.length - pos);
              return out;
            }));
    return op().flatMap(op -> Combinators.combine(role(), goodPath(op), bytes, plainHeaders(op)).as((role, path, b, h) ->
        new Call("raw bytes: not JSON, not UTF-8", op, role, path, "", h,
            op.contentType() == null ? "application/json" : op.contentType(), b)));
  }

  // ---- the socket's frames

  static final int TRIES_FRAMES = 1_000;
  static final Map<String, BusClient> sockets = new HashMap<>();
  static final Map<BusClient, Integer> malformedSent = new HashMap<>();
  static final AtomicInteger frames = new AtomicInteger();
  static final AtomicInteger framesRefused = new AtomicInteger();
  static final AtomicLong replies = new AtomicLong();
  static final List<String> LIVE_COMMANDS = List.of("Open", "Pause", "Resume", "Close", "StartItem", "NextItem",
      "CheckIn", "RaiseHand", "LowerHand", "SetQueueMode", "Reorder", "Grant", "Skip", "RemoveHand", "EndFloor", "Extend",
      "CallOfficial", "MarkCommitment", "Summarize", "Comment", "ApproveComment", "RejectComment", "HideComment",
      "SetModeration", "OpenPoll", "Vote", "ClosePoll", "RemoveParticipant", "Tick", "Tally", "Unknown", "");

  /** One generated bridge message as sent, whether it asks for an answer, and who sends it. */
  record Frame(String role, String text, String replyAddress) {
    @Override
    public String toString() {
      return role + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    /** What the bridge counts as malformed: not a JSON object, or no string type. */
    boolean malformed() {
      try {
        return !(Json.decodeValue(text) instanceof JsonObject o && o.getValue("type") instanceof String);
      } catch (DecodeException | IllegalStateException e) {
        return true;
      }
    }
  }

  @Property(tries = TRIES_FRAMES, shrinking = ShrinkingMode.OFF)
  void generatedSocketFrames(@ForAll("frames") Frame frame) throws Exception {
    checkFrame(frame);
  }

  /** The role's connection, opened again when closed; signed in again when a generated sign-out revoked its token. */
  static BusClient socket(String role) throws Exception {
    BusClient c = sockets.get(role);
    if (c != null && !c.closed) {
      return c;
    }
    c = BusClient.connect(app.vertx, app.app.port(), tokens.get(role));
    if (c.closed) {
      try {
        tokens.put(role, app.login(role));
      } catch (IllegalStateException e) {
        return null; // the account was deactivated by an earlier generated request
      }
      moved(); // signing in writes; not the next frame's doing
      c = BusClient.connect(app.vertx, app.app.port(), tokens.get(role));
    }
    sockets.put(role, c);
    return c;
  }

  static void checkFrame(Frame frame) throws Exception {
    if (System.nanoTime() - started > BUDGET_NANOS) {
      return;
    }
    BusClient c = socket(frame.role());
    if (c == null) {
      return;
    }
    String what = frame.toString();
    c.sendMessage(frame.text());
    frames.incrementAndGet();
    byClass.computeIfAbsent("socket frames", k -> new AtomicInteger()).incrementAndGet();
    if (frame.malformed()) {
      framesRefused.incrementAndGet();
      c.await(f -> "err".equals(f.getString("type")) && "invalid_json".equals(f.getString("body")), 10_000);
      if (malformedSent.merge(c, 1, Integer::sum) >= 5) {
        c.awaitClosed(10_000); // the fifth malformed frame closes the connection, as documented; a new one follows
        malformedSent.remove(c);
      }
      assertUnchanged("a malformed frame", what);
      return;
    }
    // a frame with a reply address is answered there; any other is followed by a probe the bridge refuses:
    // frames of one connection are handled in order, so the probe's answer comes after the frame was dealt with
    String reply = frame.replyAddress();
    if (reply == null) {
      reply = "probe-" + replies.incrementAndGet();
      c.sendFrame(new JsonObject().put("type", "send").put("address", "probe.nowhere").put("body", new JsonObject())
          .put("replyAddress", reply));
    }
    String address = reply;
    JsonObject answer = c.await(f -> address.equals(f.getString("address"))
        && ("rec".equals(f.getString("type")) || "err".equals(f.getString("type"))), 15_000);
    assertTrue(!c.closed, "the connection closed after " + what);
    if (frame.replyAddress() == null) {
      JsonObject sent = new JsonObject(frame.text());
      if ("send".equals(sent.getString("type")) && sent.getValue("body") instanceof JsonObject) {
        fingerprint = settle(150); // a command sent without asking for an answer may still be carried out
        xmax = xmax();
      } else {
        assertUnchanged("a frame that asks for nothing", what);
      }
      return;
    }
    if ("err".equals(answer.getString("type"))) {
      framesRefused.incrementAndGet();
      int status = answer.getInteger("failureCode", 0);
      assertTrue(status >= 400 && status < 500, "refused with " + status + ": " + what + "\n→ " + answer.encode());
      assertProblem(new JsonObject(answer.getString("message")), status, what + "\n→ " + answer.encode());
      assertUnchanged("a refused frame", what + "\n→ " + answer.encode());
    } else {
      moved();
    }
  }

  static void assertUnchanged(String kind, String what) throws Exception {
    Map<String, String> changed = moved();
    if (!changed.isEmpty()) {
      fail(kind + " changed " + changed + ": " + what);
    }
  }

  @Provide
  Arbitrary<Frame> frames() {
    Arbitrary<String> address = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, realId("activity").map(id -> "live." + id + ".cmd")),
        net.jqwik.api.Tuple.of(2, realId("forum_theme").map(id -> "forum." + id + ".cmd")),
        net.jqwik.api.Tuple.of(2, realId("activity").map(id -> "live." + id + ".events")),
        net.jqwik.api.Tuple.of(1, realId("forum_theme").map(id -> "forum." + id + ".events")),
        net.jqwik.api.Tuple.of(1, realId("account").map(id -> "user." + id + ".inbox")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("live.1.out", "live..cmd", "live.-1.cmd", "live.99999999999999999999.cmd",
            "forum.1", "user.1.inbox.x", "", "*", "live.*.cmd", "__vertx.reply.1", "live.1.cmd ", "LIVE.1.CMD")),
        net.jqwik.api.Tuple.of(1, text()));
    Arbitrary<Object> body = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, liveCommand().map(o -> (Object) o)),
        net.jqwik.api.Tuple.of(2, forumVote().map(o -> (Object) o)),
        net.jqwik.api.Tuple.of(1, anyValue()));
    Arbitrary<String> type = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, Arbitraries.just("send")),
        net.jqwik.api.Tuple.of(3, Arbitraries.just("register")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("unregister", "publish", "ping", "rec", "err", "SEND", "")));
    // a reply address usually; sometimes none, sometimes not a string (then nothing can be answered)
    Arbitrary<Object> replyTo = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(16, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(JSON_NULL)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(1, true).map(x -> (Object) x)));
    Arbitrary<Frame> framed = Combinators.combine(Arbitraries.of(ROLES.subList(0, 9)), type, address, body, replyTo,
        Arbitraries.of(true, false)).as((role, t, a, b, r, headers) -> {
          JsonObject f = new JsonObject().put("type", t).put("address", a).put("body", b == JSON_NULL ? null : b);
          String reply = null;
          if ("".equals(r)) {
            reply = "gen-" + replies.incrementAndGet();
            f.put("replyAddress", reply);
          } else if (r != JSON_NULL) {
            f.put("replyAddress", r);
          }
          if (headers) {
            f.put("headers", new JsonObject().put("actor", "1").put("roles", "ADMIN")); // ignored: the socket says who
          }
          // which frames are answered at their reply address: sends and anything the bridge refuses by type
          boolean answered = reply != null && !Set.of("register", "unregister", "ping").contains(t);
          return new Frame(role, f.encode(), answered ? reply : null);
        });
    Arbitrary<Frame> unframed = Combinators.combine(Arbitraries.of(ROLES.subList(0, 9)), Arbitraries.oneOf(
        Arbitraries.of("", "not json", "[]", "[1]", "42", "\"send\"", "null", "{}", "{\"type\":1}", "{\"type\":null}",
            "{\"address\":\"live.1.cmd\"}", "{\"type\":[\"send\"]}", "{", "{\"type\":\"send\"", "\u0000", "\uFEFF{}"),
        text())).as((role, text) -> new Frame(role, text, null));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, framed), net.jqwik.api.Tuple.of(1, unframed));
  }

  /** A live command of any type, with its fields present, absent, of their type or of any type. */
  static Arbitrary<JsonObject> liveCommand() {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    Arbitrary<Object> account = realId("account").map(x -> (Object) x);
    Arbitrary<Object> id = Arbitraries.oneOf(Arbitraries.of("s1", "s2", "c1", "c2", "p1", "p2"), text()).map(x -> (Object) x);
    fields.put("accountId", account);
    fields.put("officialId", account);
    fields.put("itemId", realId("activity").map(x -> (Object) x));
    fields.put("note", text().map(x -> (Object) x));
    fields.put("text", text().map(x -> (Object) x));
    fields.put("reason", text().map(x -> (Object) x));
    fields.put("question", text().map(x -> (Object) x));
    fields.put("speechId", id);
    fields.put("commentId", id);
    fields.put("pollId", id);
    fields.put("mode", Arbitraries.of("FIFO", "CHAIR", "ORDER", "").map(x -> (Object) x));
    fields.put("seconds", number().map(x -> (Object) x));
    fields.put("holdPublic", Arbitraries.of(true, false).map(x -> (Object) x));
    fields.put("multiple", Arbitraries.of(true, false).map(x -> (Object) x));
    fields.put("anonymous", Arbitraries.of(true, false).map(x -> (Object) x));
    fields.put("publicMayVote", Arbitraries.of(true, false).map(x -> (Object) x));
    fields.put("order", account.list().ofMaxSize(4).map(l -> (Object) new JsonArray(new ArrayList<>(l))));
    fields.put("options", text().list().ofMaxSize(12).map(l -> (Object) new JsonArray(new ArrayList<Object>(l))));
    fields.put("choices", Arbitraries.integers().between(-1, 12).list().ofMaxSize(4)
        .map(l -> (Object) new JsonArray(new ArrayList<Object>(l))));
    List<Arbitrary<Optional<Map.Entry<String, Object>>>> parts = new ArrayList<>();
    fields.forEach((name, v) -> parts.add(Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, v), net.jqwik.api.Tuple.of(1, anyValue()))
            .map(x -> Optional.of(Map.entry(name, x)))),
        net.jqwik.api.Tuple.of(7, Arbitraries.just(Optional.<Map.Entry<String, Object>>empty())))));
    Arbitrary<Object> clientId = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.create(() -> (Object) UUID.randomUUID().toString())),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("same-client-id", "")),
        net.jqwik.api.Tuple.of(1, anyValue()));
    return Combinators.combine(Arbitraries.of(LIVE_COMMANDS), clientId, Combinators.combine(parts).as(l -> l))
        .as((t, cid, present) -> {
          JsonObject o = new JsonObject().put("type", t).put("clientId", cid == JSON_NULL ? null : cid);
          present.forEach(e -> e.ifPresent(kv -> o.put(kv.getKey(), kv.getValue() == JSON_NULL ? null : kv.getValue())));
          return o;
        });
  }

  static Arbitrary<JsonObject> forumVote() {
    return Combinators.combine(Arbitraries.of("Vote", "vote", "Post", ""),
        Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, realId("forum_statement").map(x -> (Object) x)),
            net.jqwik.api.Tuple.of(1, anyValue())),
        Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.of(-1, 0, 1).map(x -> (Object) x)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(2, -2, 0.5, "1").map(x -> (Object) x)), net.jqwik.api.Tuple.of(1, anyValue())))
        .as((t, statement, vote) -> new JsonObject().put("type", t).put("statementId", statement == JSON_NULL ? null : statement)
            .put("vote", vote == JSON_NULL ? null : vote));
  }
}
