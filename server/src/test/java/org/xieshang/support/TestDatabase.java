package org.xieshang.support;

import org.xieshang.platform.db.DbAddress;
import org.xieshang.platform.db.EmbeddedDatabase;
import org.xieshang.platform.db.Migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real PostgreSQL the tests use: the server on 127.0.0.1:5432 when one answers, else an embedded
 * one. Migrations run once into a template database; each test class gets a fresh copy of it. Every
 * database made here is dropped when the test JVM ends.
 */
public final class TestDatabase {
  private static DbAddress server;
  private static String template;
  private static final List<String> CREATED = new ArrayList<>();
  private static EmbeddedDatabase embedded;

  private TestDatabase() {}

  private static synchronized void init() {
    if (server != null) {
      return;
    }
    String url = System.getenv().getOrDefault("XIESHANG_TEST_DB_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    DbAddress candidate = DbAddress.fromUrl(url);
    if (answers(candidate)) {
      server = candidate;
    } else {
      try {
        // throwaway on purpose: these databases are dropped at exit, so fsync would only slow the tests
        embedded = EmbeddedDatabase.start(Files.createTempDirectory("xieshang-test-pg"), 0, EmbeddedDatabase.Mode.THROWAWAY);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      server = embedded.address();
    }
    template = "xs_tpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + template);
    CREATED.add(template);
    Migrations.run(server.withDatabase(template));
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll));
  }

  /** A new, migrated, empty database. */
  public static synchronized DbAddress fresh() {
    init();
    String name = "xs_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name + " TEMPLATE " + template);
    CREATED.add(name);
    return server.withDatabase(name);
  }

  /** A new database with no schema at all (to test migrations from nothing). */
  public static synchronized DbAddress empty() {
    init();
    String name = "xs_e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name);
    CREATED.add(name);
    return server.withDatabase(name);
  }

  public static Connection jdbc(DbAddress db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static boolean answers(DbAddress db) {
    DriverManager.setLoginTimeout(2);
    try (Connection c = jdbc(db)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void execute(DbAddress db, String sql) {
    try (Connection c = jdbc(db); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static synchronized void dropAll() {
    for (String name : CREATED) {
      try {
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (RuntimeException ignored) {
        // best effort at JVM exit
      }
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  public static Path confFile() {
    return Path.of(System.getProperty("xieshang.conf", "../conf/application.yaml"));
  }
}
