package org.xieshang.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server run from the io.zonky.test binaries under a data folder of ours, so that
 * scripts/run needs nothing installed. The data folder is kept between runs.
 *
 * <p>The library's defaults are made for throwaway test databases (fsync off, synchronous_commit off);
 * the product runs {@link Mode#DURABLE}: a commit is on disk before anyone is told it happened.
 * A postmaster left running on the folder by a crashed server is stopped before starting, and a
 * watchdog process stops ours when this JVM dies without running its shutdown hook (kill -9).
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  /** How the server is started: durable for real use; fast only where a test says so. */
  public enum Mode { DURABLE, THROWAWAY }

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Process watchdog;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, Process watchdog) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.watchdog = watchdog;
  }

  /** The product's database: durable. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    return start(dataDir, port, Mode.DURABLE);
  }

  public static EmbeddedDatabase start(Path dataDir, int port, Mode mode) {
    try {
      Files.createDirectories(dataDir);
      Path dir = dataDir.toRealPath();
      stopLeftover(dir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setServerConfig("timezone", "UTC");
      // The library passes -F (fsync off) and synchronous_commit=off; a later -c wins on the command line.
      if (mode == Mode.DURABLE) {
        builder.setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on");
      } else {
        builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off");
      }
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder.start();
      Process watchdog = postmasterPid(dir).map(pid -> watch(pid, dir)).orElse(null);
      LOG.info("embedded PostgreSQL started on port {} with data in {} ({})", pg.getPort(), dir, mode);
      return new EmbeddedDatabase(pg, dir, watchdog);
    } catch (IOException e) {
      throw new UncheckedIOException("嵌入式 PostgreSQL 无法启动 (embedded PostgreSQL failed to start)", e);
    }
  }

  public DbAddress address() {
    return new DbAddress("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
  }

  /** The running postmaster's process id, from its lock file. */
  public Optional<Long> pid() {
    return postmasterPid(dataDir);
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly", e);
    }
    if (watchdog != null) {
      watchdog.destroy();
    }
  }

  /**
   * A postmaster still running on this folder (its parent was killed) holds the folder and its port:
   * stop it cleanly (SIGINT: fast shutdown, every committed transaction kept) before starting.
   * Only a process that is a postgres and works in this very folder is touched.
   */
  static void stopLeftover(Path dir) {
    Optional<Long> pid = postmasterPid(dir);
    if (pid.isPresent() && isPostgresIn(pid.get(), dir)) {
      LOG.warn("a PostgreSQL (pid {}) left by an earlier run still holds {}: stopping it (fast shutdown)", pid.get(), dir);
      signal("INT", pid.get());
      if (!waitExit(pid.get(), STOP_WAIT)) {
        LOG.warn("PostgreSQL pid {} did not stop within {} s: immediate shutdown", pid.get(), STOP_WAIT.toSeconds());
        signal("QUIT", pid.get());
        waitExit(pid.get(), Duration.ofSeconds(10));
      }
    }
    // backends of a postmaster that was killed outright leave on their own; the next start
    // refuses to run while they still hold its shared memory, so wait for them (then end them)
    List<ProcessHandle> orphans = postgresProcessesIn(dir);
    if (!orphans.isEmpty()) {
      LOG.warn("{} PostgreSQL processes of a killed postmaster still work in {}: waiting for them", orphans.size(), dir);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (ProcessHandle p : orphans) {
        if (!waitExit(p.pid(), Duration.ofNanos(Math.max(0, end - System.nanoTime())))) {
          p.destroyForcibly();
          waitExit(p.pid(), Duration.ofSeconds(5));
        }
      }
    }
  }

  static Optional<Long> postmasterPid(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostgresIn(long pid, Path dir) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> isPostgresIn(p, dir)).orElse(false);
  }

  // postgres changes its working directory to the data folder: a pid reused by anything else fails this
  private static boolean isPostgresIn(ProcessHandle p, Path dir) {
    boolean postgres = p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false);
    if (!postgres) {
      return false;
    }
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(dir);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static List<ProcessHandle> postgresProcessesIn(Path dir) {
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.pid() != ProcessHandle.current().pid() && isPostgresIn(p, dir)).toList();
    }
  }

  private static void signal(String name, long pid) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean waitExit(long pid, Duration wait) {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty()) {
      return true;
    }
    try {
      p.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !p.get().isAlive();
    } catch (Exception e) {
      return !p.get().isAlive();
    }
  }

  /**
   * A shell that waits on a pipe from this JVM. The pipe closes when the JVM ends however it ends;
   * if our postmaster still holds the folder then (kill -9: no shutdown hook ran), it is stopped fast.
   */
  private static Process watch(long pid, Path dir) {
    // only if that pid still is a process working in our folder (a postmaster killed outright leaves
    // its pid file behind, and the pid may since belong to anyone)
    String script = "read -r _; [ \"$(readlink /proc/$1/cwd 2>/dev/null)\" = \"$2\" ] && kill -INT \"$1\"; exit 0";
    try {
      return new ProcessBuilder("/bin/sh", "-c", script, "xieshang-pg-watchdog", Long.toString(pid), dir.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
    } catch (IOException e) {
      LOG.warn("no watchdog for the embedded PostgreSQL: it will outlive a killed server until the next start", e);
      return null;
    }
  }
}
