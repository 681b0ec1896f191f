package org.xieshang.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fixed-window request counter per key (client address, phone, user). Kept per node in a Caffeine
 * cache: it protects a node from floods; limits that must hold across nodes (login lock-out) live in
 * PostgreSQL instead.
 */
public final class RateLimiter {
  private final int limit;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Cache<String, AtomicInteger> windows;

  public RateLimiter(int limit, Duration window, LongSupplier clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.windows = Caffeine.newBuilder().expireAfterWrite(window.multipliedBy(2)).maximumSize(200_000).build();
  }

  /** Seconds to wait before the key may act again, or 0 when this act is allowed (and counted). */
  public long acquire(String key) {
    long now = clock.getAsLong();
    long window = now / windowMillis;
    AtomicInteger count = windows.get(key + "@" + window, k -> new AtomicInteger());
    if (count.incrementAndGet() <= limit) {
      return 0;
    }
    long windowEnd = (window + 1) * windowMillis;
    return Math.max(1, (windowEnd - now + 999) / 1000);
  }
}
