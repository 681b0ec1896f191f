package org.xieshang.bench;

import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How long the disk under PostgreSQL takes to make 8 KB durable (a write and fdatasync every 5 ms, as
 * a commit does): every live event waits for one, so a stall here is a stall in every meeting. No
 * baseline: this measures the machine, not the product (docs/benchmarks.md, live meetings).
 */
public final class FsyncBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    double seconds = Double.parseDouble(opts.getOrDefault("seconds", "40"));
    Path dir = Path.of(opts.getOrDefault("dir", "/var/lib/postgresql"));
    Path file = Files.createTempFile(dir, "xieshang-fsync-", ".probe");
    long[] micros = new long[(int) (seconds * 1000) + 10];
    int n = 0;
    ByteBuffer page = ByteBuffer.allocate(8192);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < end && n < micros.length) {
        long t = System.nanoTime();
        page.clear();
        ch.write(page);
        ch.force(false);
        micros[n] = (System.nanoTime() - t) / 1000;
        if (micros[n] > 50_000) {
          System.out.printf("%.1f s: %d ms%n", seconds - (end - t) / 1e9, micros[n] / 1000);
        }
        n++;
        Thread.sleep(5);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    long[] sorted = Arrays.copyOf(micros, n);
    Arrays.sort(sorted);
    System.out.println(new JsonObject().put("dir", dir.toString()).put("syncs", n)
        .put("p50_ms", sorted[n / 2] / 1000.0).put("p99_ms", sorted[(int) (n * 0.99)] / 1000.0)
        .put("max_ms", sorted[n - 1] / 1000.0)
        .put("over_100ms", Arrays.stream(sorted).filter(m -> m > 100_000).count())
        .put("over_250ms", Arrays.stream(sorted).filter(m -> m > 250_000).count()).encode());
  }
}
