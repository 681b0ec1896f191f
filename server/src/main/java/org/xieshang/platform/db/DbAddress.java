package org.xieshang.platform.db;

import io.vertx.pgclient.PgConnectOptions;

/** Where the PostgreSQL server is: the one form both the reactive pool and Flyway (JDBC) are built from. */
public record DbAddress(String host, int port, String database, String user, String password) {

  public static DbAddress fromUrl(String url) {
    PgConnectOptions o = PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
    return new DbAddress(o.getHost(), o.getPort(), o.getDatabase(), o.getUser(), o.getPassword());
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password == null ? "" : password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  public DbAddress withDatabase(String name) {
    return new DbAddress(host, port, name, user, password);
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
