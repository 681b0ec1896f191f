package org.xieshang.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xieshang.App;
import org.xieshang.Main;
import org.xieshang.demo.DemoData;
import org.xieshang.identity.SmsSender;
import org.xieshang.platform.config.AppConfig;
import org.xieshang.platform.config.ConfigLoader;
import org.xieshang.platform.db.DbAddress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole server, started in-process on a free port against a fresh real database, with demo data.
 * A test class holds one as {@code @RegisterExtension static final TestApp app = TestApp.perClass()}:
 * started before its tests, closed after them.
 */
public final class TestApp implements Api, AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public static final String PASSWORD = "demo-pass-2026";
  public Vertx vertx;
  public App app;
  public DbAddress db;
  public AppConfig config;
  public final Map<String, String> smsCodes = new ConcurrentHashMap<>();
  /** Texts the product sent (invitations), per phone. */
  public final Map<String, java.util.List<String>> smsTexts = new ConcurrentHashMap<>();
  // HTTP/1.1 as browsers speak it over plain HTTP (the JDK client would otherwise try an h2c upgrade)
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Map<String, String> env;

  private TestApp(Map<String, String> env) {
    this.env = env;
  }

  public static TestApp start() {
    return start(Map.of());
  }

  /** A server for one test class, with these XIESHANG_* settings. */
  public static TestApp perClass(Map<String, String> env) {
    return new TestApp(env);
  }

  public static TestApp perClass() {
    return perClass(Map.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    boot(TestDatabase.fresh());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Stops this server and starts it again on the same database (a server restart). */
  public void restart() {
    close();
    boot(db);
  }

  /** A second server on this one's database, as another node would be (not clustered: they share only PostgreSQL). */
  public TestApp anotherNode() {
    TestApp node = new TestApp(env);
    node.boot(db);
    return node;
  }

  public long accountId(String username) {
    return count("SELECT id FROM account WHERE username = '" + username + "'");
  }

  public static TestApp start(Map<String, String> env) {
    TestApp started = new TestApp(env);
    started.boot(TestDatabase.fresh());
    return started;
  }

  /** A server on a database of the test's own (migrated here), e.g. one the test will stop or kill. */
  public static TestApp startOn(DbAddress db, Map<String, String> env) {
    org.xieshang.platform.db.Migrations.run(db);
    TestApp started = new TestApp(env);
    started.boot(db);
    return started;
  }

  private void boot(DbAddress db) {
    Map<String, String> all = new HashMap<>();
    all.put("XIESHANG_HTTP_PORT", "0");
    all.put("XIESHANG_HTTP_INSTANCES", "2");
    all.put("XIESHANG_AUTH_BCRYPT_COST", "4");
    all.put("XIESHANG_AUTH_ADDRESS_RATE_PER_MINUTE", "100000");
    all.put("XIESHANG_FORUM_SENSITIVE_WORDS",
        TestDatabase.confFile().toAbsolutePath().getParent().resolve("sensitive-words.txt").toString());
    all.putAll(env);
    Vertx loader = Vertx.vertx();
    AppConfig config;
    Vertx vertx;
    try {
      config = ConfigLoader.load(loader, TestDatabase.confFile(), all).await(20, TimeUnit.SECONDS);
      vertx = Main.createVertx(config);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      loader.close();
    }
    try {
      SmsSender sms = new SmsSender() {
        @Override
        public Future<Void> sendCode(String phone, String code) {
          smsCodes.put(phone, code);
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> sendText(String phone, String text) {
          smsTexts.computeIfAbsent(phone, p -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(text);
          return Future.succeededFuture();
        }
      };
      App app = App.start(vertx, config, db, sms).await(30, TimeUnit.SECONDS);
      DemoData.loadOnce(vertx, app.pool(), PASSWORD).await(60, TimeUnit.SECONDS);
      this.vertx = vertx;
      this.app = app;
      this.db = db;
      this.config = config;
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + app.port();
  }

  public Reply send(String method, String path, String contentType, byte[] body, String token) {
    return send(method, path, contentType, body, token, null);
  }

  public Reply send(String method, String path, String contentType, byte[] body, String token, String idempotencyKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().map());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path, e);
    }
  }

  public Reply get(String path, String token) {
    return send("GET", path, null, null, token);
  }

  public Reply post(String path, Object json, String token) {
    return send("POST", path, "application/json", json == null ? null : json.toString().getBytes(), token);
  }

  public Reply put(String path, Object json, String token) {
    return send("PUT", path, "application/json", json.toString().getBytes(), token);
  }

  /** Logs a demo account in and returns its access token. */
  public String login(String username) {
    Reply r = post("/api/auth/login", new JsonObject().put("username", username).put("password", PASSWORD), null);
    if (r.status() != 200) {
      throw new IllegalStateException("login " + username + ": " + r);
    }
    return r.json().getString("accessToken");
  }

  public long count(String sql) {
    try (Connection c = TestDatabase.jdbc(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    try {
      app.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public io.vertx.core.json.JsonArray array() {
      return new io.vertx.core.json.JsonArray(body);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public boolean isProblem() {
      String type = header("Content-Type");
      return type != null && type.startsWith("application/problem+json");
    }
  }
}
