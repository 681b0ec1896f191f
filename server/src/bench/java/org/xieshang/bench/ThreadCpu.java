package org.xieshang.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process by group of threads (event loops, GC, JIT compiler, …), read from
 * /proc/self/task, so that two phases of a benchmark can be compared by where their CPU went —
 * including the JVM's own threads, which ThreadMXBean does not show. Linux only; empty elsewhere.
 */
final class ThreadCpu {
  private static final double TICK_MS = 10; // USER_HZ is 100 on Linux

  private ThreadCpu() {}

  /** Milliseconds of CPU (user + system) per thread group, since each thread started. */
  static Map<String, Double> snapshot() {
    Map<String, Double> byGroup = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] rest = stat.substring(close + 2).split(" ");
          // fields after the name: state(0) … utime(11) stime(12)
          double ms = (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) * TICK_MS;
          byGroup.merge(group(stat.substring(open + 1, close)), ms, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while being read
        }
      });
    } catch (IOException e) {
      return byGroup;
    }
    return byGroup;
  }

  /** Thread names without their numbers, so that e.g. all event loops form one group. */
  static String group(String name) {
    return name.replaceAll("[#\\-]?\\d+$", "").replaceAll("\\d+", "#").trim();
  }

  /** The CPU per group between two snapshots, in µs per delivery, largest first, as one line. */
  static String perDelivery(Map<String, Double> before, Map<String, Double> after, long deliveries) {
    StringBuilder sb = new StringBuilder();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() > 0)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> sb.append(String.format("%s %.2f; ", e.getKey(), e.getValue() * 1000 / Math.max(1, deliveries))));
    return sb.toString().trim();
  }
}
