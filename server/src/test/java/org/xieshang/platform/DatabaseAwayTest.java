package org.xieshang.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xieshang.platform.db.EmbeddedDatabase;
import org.xieshang.support.TestApp;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 17: while the database is away the server says so (503, problem+json, Retry-After), then serves again by itself. */
class DatabaseAwayTest {

  @Test
  void aStoppedDatabaseIsAnswered503WithRetryAfterAndTheServerRecoversWhenItIsBack(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // a database of this test's own, fast on purpose (nothing here is about surviving a crash)
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir, port, EmbeddedDatabase.Mode.THROWAWAY);
    try (TestApp app = TestApp.startOn(pg.address(), Map.of())) {
      String staff = app.login("staff");
      assertEquals(200, app.get("/api/activities", staff).status());

      pg.close();
      TestApp.Reply away = app.get("/api/activities", staff);
      assertEquals(503, away.status(), away.body());
      assertTrue(away.isProblem(), away.toString());
      JsonObject problem = away.json();
      assertEquals("服务暂时不可用", problem.getString("title"));
      assertEquals("urn:xieshang:problem:database-unavailable", problem.getString("type"));
      assertEquals("5", away.header("Retry-After"));
      assertEquals(503, app.post("/api/auth/login", new JsonObject().put("username", "staff")
          .put("password", TestApp.PASSWORD), null).status(), "a write is refused the same way");

      pg = EmbeddedDatabase.start(dir, port, EmbeddedDatabase.Mode.THROWAWAY);
      assertEquals(200, app.get("/api/activities", staff).status(), "served again without a restart");
    } finally {
      pg.close();
    }
  }
}
