package org.xieshang.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Network namespaces of the test's own, one per node, on a bridge of their own: each node has its own
 * address (10.a.b.11, .12, …), the host side of the bridge is 10.a.b.1 (nginx, the test's clients and
 * a relay to PostgreSQL are reached there). {@link #partition} cuts one node off from the other nodes
 * with nftables rules in its namespace (all traffic to and from their addresses dropped, silently),
 * while it still reaches PostgreSQL and nginx still reaches it. Needs root, iproute2 and nft (scripts/test
 * installs nftables). Everything is removed by {@link #close}, also at JVM exit.
 */
public final class Namespaces implements AutoCloseable {
  private final String tag;
  private final String subnet;
  private final int count;
  private final List<ServerSocket> relays = new ArrayList<>();
  private boolean closed;

  private Namespaces(String tag, String subnet, int count) {
    this.tag = tag;
    this.subnet = subnet;
    this.count = count;
  }

  /** Why the namespaces cannot be made here, or null when they can. */
  public static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root (the tests run as " + System.getProperty("user.name") + ")";
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/nft")) && !Files.isExecutable(Path.of("/sbin/nft"))) {
      return "nft is missing (scripts/test installs Debian's nftables)";
    }
    return null;
  }

  public static Namespaces create(int count) {
    String tag = Long.toHexString(System.nanoTime() & 0xfffff);
    int a = 200 + (int) (Math.random() * 50);
    int b = (int) (Math.random() * 250);
    Namespaces n = new Namespaces(tag, "10." + a + "." + b, count);
    Runtime.getRuntime().addShutdownHook(new Thread(n::close));
    try {
      n.run("ip", "link", "add", n.bridge(), "type", "bridge");
      n.run("ip", "addr", "add", n.hostAddress() + "/24", "dev", n.bridge());
      n.run("ip", "link", "set", n.bridge(), "up");
      for (int i = 0; i < count; i++) {
        String ns = n.namespace(i);
        n.run("ip", "netns", "add", ns);
        n.run("ip", "link", "add", "xs" + tag + "h" + i, "type", "veth", "peer", "name", "xs" + tag + "p" + i);
        n.run("ip", "link", "set", "xs" + tag + "p" + i, "netns", ns);
        n.run("ip", "link", "set", "xs" + tag + "h" + i, "master", n.bridge());
        n.run("ip", "link", "set", "xs" + tag + "h" + i, "up");
        n.run("ip", "-n", ns, "addr", "add", n.address(i) + "/24", "dev", "xs" + tag + "p" + i);
        n.run("ip", "-n", ns, "link", "set", "xs" + tag + "p" + i, "up");
        n.run("ip", "-n", ns, "link", "set", "lo", "up");
      }
    } catch (RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  public String namespace(int i) {
    return "xs" + tag + "-n" + i;
  }

  private String bridge() {
    return "xs" + tag + "br";
  }

  /** The host's address on the bridge. */
  public String hostAddress() {
    return subnet + ".1";
  }

  public String address(int i) {
    return subnet + "." + (11 + i);
  }

  /** The pattern of the nodes' addresses, for Hazelcast's interfaces. */
  public String addressPattern() {
    return subnet + ".*";
  }

  /** Drops, silently, every packet between node i and the other nodes; PostgreSQL and nginx stay reachable. */
  public void partition(int i) {
    String others = java.util.stream.IntStream.range(0, count).filter(j -> j != i).mapToObj(this::address)
        .collect(Collectors.joining(", "));
    String rules = """
        table inet xs_partition {
          chain in { type filter hook input priority 0; policy accept; ip saddr { %1$s } drop; }
          chain out { type filter hook output priority 0; policy accept; ip daddr { %1$s } drop; }
        }
        """.formatted(others);
    run(List.of("ip", "netns", "exec", namespace(i), "nft", "-f", "-"), rules);
  }

  public void heal(int i) {
    run("ip", "netns", "exec", namespace(i), "nft", "delete", "table", "inet", "xs_partition");
  }

  /**
   * A TCP relay on the host's bridge address to a server the namespaces cannot reach (PostgreSQL
   * listening on 127.0.0.1 only); returns its port. Each connection is piped both ways by two threads.
   */
  public int relay(String targetHost, int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(hostAddress()), 0));
      relays.add(server);
      Thread accept = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket in = server.accept();
            Socket out = new Socket(targetHost, targetPort);
            in.setTcpNoDelay(true);
            out.setTcpNoDelay(true);
            pipe(in, out);
            pipe(out, in);
          } catch (IOException e) {
            // closed, or the target refused: the client sees its connection end
          }
        }
      }, "relay-" + server.getLocalPort());
      accept.setDaemon(true);
      accept.start();
      return server.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private void run(String... command) {
    run(List.of(command), null);
  }

  private void run(List<String> command, String input) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + ": " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Removes the namespaces (their veth pairs go with them), the bridge and the relays. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    relays.forEach(s -> {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    });
    for (int i = 0; i < count; i++) {
      quietly("ip", "netns", "del", namespace(i));
    }
    quietly("ip", "link", "del", bridge());
  }

  private static void quietly(String... command) {
    try {
      new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // best effort
    }
  }
}
