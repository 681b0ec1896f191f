package org.xieshang.platform.db;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway migrations from classpath:db/migration, run at start-up before anything serves. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void run(DbAddress address) {
    var result = Flyway.configure()
        .dataSource(address.jdbcUrl(), address.user(), address.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("database {} at schema version {} ({} migrations applied)",
        address, result.targetSchemaVersion, result.migrationsExecuted);
  }
}
