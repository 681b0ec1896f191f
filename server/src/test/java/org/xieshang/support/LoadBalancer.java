package org.xieshang.support;

import io.vertx.core.json.JsonObject;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in front of several nodes, configured as scripts/cluster configures it (no sticky
 * sessions, WebSocket upgrades passed through, no buffering), on a free port; an {@link Api} whose
 * requests go through it. Database reads go to the nodes' database.
 */
public final class LoadBalancer implements Api, AutoCloseable {
  public final int port;
  private final Path dir;
  private final Process nginx;
  private final Api database;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(3)).build();

  private LoadBalancer(int port, Path dir, Process nginx, Api database) {
    this.port = port;
    this.dir = dir;
    this.nginx = nginx;
    this.database = database;
  }

  public static LoadBalancer start(Path dir, List<Integer> nodePorts, Api database) {
    return startAt(dir, nodePorts.stream().map(p -> "127.0.0.1:" + p).toList(), database);
  }

  /** In front of nodes at the given host:port addresses. */
  public static LoadBalancer startAt(Path dir, List<String> nodes, Api database) {
    int port = freePort();
    StringBuilder upstreams = new StringBuilder();
    nodes.forEach(a -> upstreams.append("    server ").append(a).append(" max_fails=1 fail_timeout=2s;\n"));
    String conf = """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/nginx-error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
          upstream xieshang {
        %2$s    keepalive 16;
          }
          server {
            listen 127.0.0.1:%3$d;
            location / {
              proxy_pass http://xieshang;
              proxy_http_version 1.1;
              proxy_set_header Upgrade $http_upgrade;
              proxy_set_header Connection $connection_upgrade;
              proxy_set_header Host $http_host;
              proxy_set_header X-Forwarded-For $remote_addr;
              proxy_buffering off;
              proxy_read_timeout 1h;
              proxy_next_upstream error timeout http_502;
            }
          }
        }
        """.formatted(dir.toAbsolutePath(), upstreams, port);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("nginx.conf"), conf);
      String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
      Process p = new ProcessBuilder(binary, "-c", dir.resolve("nginx.conf").toAbsolutePath().toString(),
          "-p", dir.toAbsolutePath().toString()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("nginx.out").toFile()).start();
      LoadBalancer lb = new LoadBalancer(port, dir, p, database);
      Await.until("nginx listens on " + port, 10_000, () -> {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
          return true;
        } catch (IOException notYet) {
          if (!p.isAlive()) {
            throw new AssertionError("nginx did not start (scripts/test installs Debian's nginx): " + read(dir.resolve("nginx.out")));
          }
          return false;
        }
      });
      return lb;
    } catch (IOException e) {
      throw new UncheckedIOException("nginx (scripts/test installs Debian's nginx)", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }

  public TestApp.Reply send(String method, String path, Object json, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
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
  public long count(String sql) {
    return database.count(sql);
  }

  @Override
  public long accountId(String username) {
    return database.accountId(username);
  }

  @Override
  public void close() {
    nginx.destroy();
    try {
      nginx.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nginx.destroyForcibly();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
