package org.xieshang.support;

import io.vertx.core.json.JsonObject;
import org.xieshang.platform.db.DbAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The product as scripts/run starts it ({@code java … org.xieshang.Main}, demo data, embedded
 * PostgreSQL under its own data folder unless given a database), as a child process on free ports,
 * so that a test can kill it with SIGKILL and start it again. Each start is one attempt: no retry.
 */
public final class ProductProcess implements Api, AutoCloseable {
  public final Path dir;
  public final int port;
  private final DbAddress external;
  private final Map<String, String> env = new HashMap<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(3)).build();
  private Process process;
  private int starts;
  /** the address its HTTP port is reached at, and what its command is run under (ip netns exec …) */
  private String host = "127.0.0.1";
  private List<String> prefix = List.of();
  /** quick to start (C1 only), small: right for tests; a benchmark measures the server as it runs (C2) */
  private List<String> jvm = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

  private ProductProcess(Path dir, DbAddress external) {
    this.dir = dir;
    this.port = freePort();
    this.external = external;
    env.put("XIESHANG_HTTP_PORT", Integer.toString(port));
    env.put("XIESHANG_HTTP_INSTANCES", "2");
    env.put("XIESHANG_HTTP_API_RATE_PER_MINUTE", "1000000");
    env.put("XIESHANG_AUTH_ADDRESS_RATE_PER_MINUTE", "100000");
    env.put("XIESHANG_AUTH_BCRYPT_COST", "4");
    env.put("XIESHANG_AUTH_JWT_SECRET", "fault-test-secret-0123456789abcdef0123456789");
    env.put("XIESHANG_FORUM_VOTE_RATE_PER_MINUTE", "1000000");
    env.put("XIESHANG_FORUM_SENSITIVE_WORDS",
        TestDatabase.confFile().toAbsolutePath().getParent().resolve("sensitive-words.txt").toString());
    env.put("XIESHANG_DEMO_LOAD", "true");
    env.put("XIESHANG_DEMO_PASSWORD", TestApp.PASSWORD);
    if (external == null) {
      env.put("XIESHANG_DB_EMBEDDED_DIR", dir.resolve("pg").toString());
      // port 0 as in conf/application.yaml: a fixed port would let a left-over postmaster answer in its place
      env.put("XIESHANG_DB_EMBEDDED_PORT", "0");
    } else {
      env.put("XIESHANG_DB_URL", "postgresql://" + external.user() + "@" + external.host() + ":" + external.port()
          + "/" + external.database());
    }
  }

  /** With the embedded PostgreSQL under dir/pg, as scripts/run --data-dir dir. */
  public static ProductProcess embedded(Path dir) {
    return new ProductProcess(dir, null);
  }

  /** With a PostgreSQL of the test's own (XIESHANG_DB_URL). */
  public static ProductProcess on(Path dir, DbAddress db) {
    return new ProductProcess(dir, db);
  }

  public ProductProcess with(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Runs in a network namespace of the test's own, reached at the given address of it. */
  public ProductProcess inNamespace(String namespace, String address) {
    this.prefix = List.of("ip", "netns", "exec", namespace);
    this.host = address;
    return this;
  }

  /** The JVM's options in place of the tests' (-Xmx512m, C1 only). */
  public ProductProcess jvmOptions(String... options) {
    this.jvm = List.of(options);
    return this;
  }

  public String host() {
    return host;
  }

  public DbAddress db() {
    if (external != null) {
      return external;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("embedded PostgreSQL started on port (\\d+)").matcher(logText());
    int pgPort = -1;
    while (m.find()) {
      pgPort = Integer.parseInt(m.group(1));
    }
    return new DbAddress("127.0.0.1", pgPort, "postgres", "postgres", "");
  }

  public Path log() {
    return dir.resolve("server-" + starts + ".log");
  }

  /** Starts the product and waits until it says it is running; fails (with its log) if it does not. Returns how long it took. */
  public Duration start() {
    starts++;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    // ip netns exec execs the command: the process is the JVM itself, so kill9() kills the server
    List<String> command = new java.util.ArrayList<>(prefix);
    command.add(java);
    command.addAll(jvm);
    command.addAll(List.of("-Dxieshang.conf=" + TestDatabase.confFile().toAbsolutePath(), "-cp", classpath, "org.xieshang.Main"));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(log().toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("XIESHANG_"));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir);
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until("start " + starts + " finishes (log: " + log() + ")", 120_000, () -> {
      if (logText().contains("is running at http://localhost:" + port)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError("start " + starts + " failed (exit " + process.exitValue() + "):\n" + tail(logText()));
      }
      return false;
    });
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  public String logText() {
    try {
      return Files.readString(log(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String s) {
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** kill -9 of the server process alone (its children, such as the database's watchdog, live on). */
  public void kill9() {
    process.destroyForcibly();
    waitGone(process.toHandle());
  }

  /** kill -9 of the server and of its own children: nothing of ours is left to stop the database. */
  public void kill9WithChildren() {
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    waitGone(process.toHandle());
    children.forEach(ProcessHandle::destroyForcibly);
    children.forEach(ProductProcess::waitGone);
  }

  /** SIGTERM, as Ctrl-C or systemd would: the shutdown hook runs. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The embedded postmaster's process id (from its lock file), if one holds the folder. */
  public Optional<Long> postmasterPid() {
    try {
      return Optional.of(Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).get(0).trim()))
          .filter(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
              .flatMap(h -> h.info().command()).map(c -> c.endsWith("/postgres")).orElse(false));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void waitGone(ProcessHandle p) {
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("process " + p.pid() + " did not end", e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String base() {
    return "http://" + host + ":" + port;
  }

  /** One request; throws IOException when the server cannot be reached (killed, not yet up). */
  public TestApp.Reply send(String method, String path, Object json, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.toString(), StandardCharsets.UTF_8));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new TestApp.Reply(r.statusCode(), r.body(), r.headers().map());
  }

  private TestApp.Reply must(String method, String path, Object json, String token) {
    try {
      return send(method, path, json, token);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public TestApp.Reply get(String path, String token) {
    return must("GET", path, null, token);
  }

  @Override
  public TestApp.Reply post(String path, Object json, String token) {
    return must("POST", path, json, token);
  }

  @Override
  public TestApp.Reply put(String path, Object json, String token) {
    return must("PUT", path, json, token);
  }

  @Override
  public String login(String username) {
    TestApp.Reply r = post("/api/auth/login", new JsonObject().put("username", username).put("password", TestApp.PASSWORD), null);
    if (r.status() != 200) {
      throw new IllegalStateException("login " + username + ": " + r);
    }
    return r.json().getString("accessToken");
  }

  @Override
  public long accountId(String username) {
    return count("SELECT id FROM account WHERE username = '" + username + "'");
  }

  @Override
  public long count(String sql) {
    try (Connection c = DriverManager.getConnection(db().jdbcUrl(), db().user(), db().password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Every row of a one-column query, as text. */
  public List<String> strings(String sql) {
    try (Connection c = DriverManager.getConnection(db().jdbcUrl(), db().user(), db().password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Runs statements against the product's database (test set-up). */
  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(db().jdbcUrl(), db().user(), db().password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Stops the server, any postmaster still in its folder (a test that failed half-way), and removes the folder. */
  @Override
  public void close() {
    stop();
    if (external == null) {
      postmasterPid().flatMap(ProcessHandle::of).ifPresent(p -> {
        p.destroy();
        try {
          p.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          p.destroyForcibly();
        }
      });
    }
    if (System.getenv("FAULT_KEEP_DIRS") == null) { // FAULT_KEEP_DIRS=1 keeps the logs and data of a run
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temp folder left behind
      }
    }
  }
}
