package org.xieshang.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xieshang.platform.db.Durability;
import org.xieshang.platform.db.EmbeddedDatabase;
import org.xieshang.support.TestApp;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 17, defect 1: the embedded PostgreSQL the product starts keeps what it acknowledged. */
class DurableDatabaseTest {

  static JsonObject databaseCheck(TestApp app) {
    TestApp.Reply health = app.get("/health", null);
    assertEquals(200, health.status(), health.body());
    return health.json().getJsonArray("checks").stream().map(o -> (JsonObject) o)
        .filter(c -> "database".equals(c.getString("id"))).findFirst().orElseThrow().getJsonObject("data");
  }

  @Test
  void theEmbeddedDatabaseAsTheProductStartsItRunsWithFsyncSynchronousCommitAndFullPageWrites(@TempDir Path dir) {
    // the same call as Main makes for scripts/run
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"), 0)) {
      Durability d = Durability.read(pg.address());
      assertEquals(new Durability("on", "on", "on"), d);
      assertTrue(d.durable());
      assertNull(d.warning());
      try (TestApp app = TestApp.startOn(pg.address(), Map.of())) {
        JsonObject data = databaseCheck(app);
        assertEquals("on", data.getString("fsync"));
        assertEquals("on", data.getString("synchronous_commit"));
        assertEquals("on", data.getString("full_page_writes"));
        assertFalse(data.containsKey("warning"), data.encode());
      }
    }
  }

  @Test
  void aDatabaseWithFsyncOffIsReportedOnHealth(@TempDir Path dir) {
    // a test database, fast on purpose: what an external server configured that way looks like
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"), 0, EmbeddedDatabase.Mode.THROWAWAY)) {
      Durability d = Durability.check(pg.address());
      assertEquals("off", d.fsync());
      assertFalse(d.durable());
      try (TestApp app = TestApp.startOn(pg.address(), Map.of())) {
        JsonObject data = databaseCheck(app);
        assertEquals("off", data.getString("fsync"));
        assertTrue(data.getString("warning").contains("fsync=off"), data.encode());
      }
    }
  }
}
