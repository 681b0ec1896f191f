package org.xieshang.platform.db;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL on its own, durable, for several nodes to share (scripts/cluster when no
 * XIESHANG_DB_URL is given): {@code java -cp xieshang-server.jar org.xieshang.platform.db.StandaloneDatabase DIR PORT}.
 * Prints the URL, runs until stopped (SIGTERM stops PostgreSQL cleanly).
 */
public final class StandaloneDatabase {
  private StandaloneDatabase() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
    DbAddress a = db.address();
    System.out.println("postgresql://" + a.user() + "@" + a.host() + ":" + a.port() + "/" + a.database());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      db.close();
      stopped.countDown();
    }, "database-shutdown"));
    stopped.await();
  }
}
