package org.xieshang.platform;

import org.junit.jupiter.api.Test;
import org.xieshang.platform.db.DbAddress;
import org.xieshang.platform.db.Migrations;
import org.xieshang.support.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.*;

class MigrationsTest {
  @Test
  void migratesAnEmptyDatabaseAndIsIdempotent() throws Exception {
    DbAddress db = TestDatabase.empty();
    Migrations.run(db);
    Migrations.run(db);
    try (Connection c = TestDatabase.jdbc(db); Statement s = c.createStatement()) {
      for (String table : new String[]{"organization", "sector", "committee", "department", "account",
          "refresh_token", "login_throttle", "phone_code", "audit_log", "app_meta"}) {
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
          rs.next();
          assertTrue(rs.getBoolean(1), table + " exists");
        }
      }
    }
  }

  @Test
  void theAuditLogCannotBeRewritten() throws Exception {
    DbAddress db = TestDatabase.fresh();
    try (Connection c = TestDatabase.jdbc(db); Statement s = c.createStatement()) {
      s.execute("INSERT INTO audit_log (action) VALUES ('test.act')");
      SQLException update = assertThrows(SQLException.class, () -> s.execute("UPDATE audit_log SET action = 'x'"));
      assertTrue(update.getMessage().contains("append-only"));
      assertThrows(SQLException.class, () -> s.execute("DELETE FROM audit_log"));
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log WHERE action = 'test.act'")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
      }
    }
  }
}
