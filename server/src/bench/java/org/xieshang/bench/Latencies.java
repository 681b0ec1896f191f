package org.xieshang.bench;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, kept in a growing primitive array. The load runs in the server's JVM, so
 * what it keeps weighs on the server's collections: a queue of boxed samples (two objects per vote,
 * 900,000 in a run) grew the old generation by 40 MB and the young pauses to 60 ms, which the
 * acknowledgement p99 then measured.
 */
final class Latencies {
  private long[] nanos = new long[1 << 16];
  private int size;

  synchronized void add(long sample) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = sample;
  }

  synchronized int size() {
    return size;
  }

  /** The p-th percentile in milliseconds (p = 100: the maximum); NaN when empty. */
  synchronized double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] s = Arrays.copyOf(nanos, size);
    Arrays.sort(s);
    return s[Math.min(size - 1, Math.max(0, (int) Math.ceil(p / 100.0 * size) - 1))] / 1e6;
  }
}
