package org.xieshang.platform.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The three PostgreSQL settings that decide whether an acknowledged write survives a crash of the
 * database or of the machine: fsync, synchronous_commit and full_page_writes. Read back from the
 * server itself (what it runs with, not what we asked for).
 */
public record Durability(String fsync, String synchronousCommit, String fullPageWrites) {
  private static final Logger LOG = LoggerFactory.getLogger(Durability.class);
  public static final String SQL = "SELECT current_setting('fsync'), current_setting('synchronous_commit'), "
      + "current_setting('full_page_writes')";

  /** Durable: a commit is on disk before it is answered, and a torn page can be repaired. */
  public boolean durable() {
    return "on".equals(fsync) && !"off".equals(synchronousCommit) && !"local".equals(synchronousCommit)
        && "on".equals(fullPageWrites);
  }

  /** What an operator must be told when the database is not durable, or null when it is. */
  public String warning() {
    if (durable()) {
      return null;
    }
    return "数据库未开启持久化设置（fsync=" + fsync + ", synchronous_commit=" + synchronousCommit
        + ", full_page_writes=" + fullPageWrites + "）：数据库崩溃或断电时已确认的写入可能丢失";
  }

  public static Durability read(DbAddress db) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
      rs.next();
      return new Durability(rs.getString(1), rs.getString(2), rs.getString(3));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the durability settings of " + db, e);
    }
  }

  /** Reads the settings back and logs them; when they are not durable, says so as loudly as a log can. */
  public static Durability check(DbAddress db) {
    Durability d = read(db);
    if (d.durable()) {
      LOG.info("database {} is durable: fsync={}, synchronous_commit={}, full_page_writes={}",
          db, d.fsync, d.synchronousCommit, d.fullPageWrites);
    } else {
      String line = "!".repeat(100);
      LOG.error("\n{}\n!! {}\n!! database {}: fsync={}, synchronous_commit={}, full_page_writes={}\n"
              + "!! acknowledged writes can be lost if PostgreSQL or the machine crashes; set fsync = on,\n"
              + "!! synchronous_commit = on and full_page_writes = on in its postgresql.conf\n{}",
          line, d.warning(), db, d.fsync, d.synchronousCommit, d.fullPageWrites, line);
    }
    return d;
  }
}
