package org.xieshang.support;

import org.xieshang.platform.db.DbAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * N server processes on this machine clustered through Hazelcast (conf/cluster.xml with this run's own
 * cluster name and ports, every member listed), on one database, as scripts/cluster starts them; the
 * first loads the demo data. For benchmarks; {@link LoadBalancer} puts nginx in front.
 */
public final class LocalCluster implements AutoCloseable {
  public final List<ProductProcess> nodes = new ArrayList<>();
  public final Path dir;

  private LocalCluster(Path dir) {
    this.dir = dir;
  }

  public static LocalCluster start(int n, Path dir, DbAddress db, Map<String, String> env) {
    return start(n, dir, db, env, null);
  }

  /** jvm: the nodes' JVM options, or null for the tests' */
  public static LocalCluster start(int n, Path dir, DbAddress db, Map<String, String> env, String[] jvm) {
    LocalCluster c = new LocalCluster(dir);
    try {
      int hz = freeRun(n);
      StringBuilder members = new StringBuilder();
      for (int i = 0; i < n; i++) {
        members.append("<member>127.0.0.1:").append(hz + i).append("</member>");
      }
      String xml = Files.readString(TestDatabase.confFile().toAbsolutePath().getParent().resolve("cluster.xml"))
          .replace("<cluster-name>xieshang</cluster-name>", "<cluster-name>local-" + UUID.randomUUID() + "</cluster-name>")
          .replace("<port auto-increment=\"true\" port-count=\"20\">5701</port>",
              "<port auto-increment=\"true\" port-count=\"" + n + "\">" + hz + "</port>")
          .replace("<member>127.0.0.1</member>", members);
      Files.createDirectories(dir);
      Path clusterXml = dir.resolve("cluster.xml");
      Files.writeString(clusterXml, xml);
      for (int i = 0; i < n; i++) {
        // one at a time: the first loads the demo data into the empty database
        ProductProcess node = ProductProcess.on(dir.resolve("node-" + i), db)
            .with("XIESHANG_CLUSTER_ENABLED", "true").with("XIESHANG_CLUSTER_CONFIG", clusterXml.toString())
            .with("XIESHANG_HTTP_TRUST_FORWARDED", "true").with("XIESHANG_DEMO_LOAD", i == 0 ? "true" : "false");
        env.forEach(node::with);
        if (jvm != null) {
          node.jvmOptions(jvm);
        }
        node.start();
        c.nodes.add(node);
      }
    } catch (IOException e) {
      c.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public List<Integer> ports() {
    return nodes.stream().map(p -> p.port).toList();
  }

  /** The node whose process id is written in live_owner for the session, or -1. */
  public int owner(long sessionId) {
    ProductProcess any = nodes.stream().filter(ProductProcess::alive).findFirst().orElseThrow();
    List<String> owner = any.strings("SELECT node FROM live_owner WHERE session_id = " + sessionId);
    if (owner.isEmpty()) {
      return -1;
    }
    long pid = Long.parseLong(owner.get(0).substring(0, owner.get(0).indexOf('@')));
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).alive() && nodes.get(i).pid() == pid) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    nodes.forEach(ProductProcess::close);
  }

  static int freeRun(int n) {
    for (int base = 21000 + (int) (Math.random() * 20000); ; base += n) {
      boolean free = true;
      for (int i = 0; i < n && free; i++) {
        try (ServerSocket s = new ServerSocket(base + i)) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
  }
}
