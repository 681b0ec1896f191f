package org.xieshang.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * Lock-out after repeated failed logins: after {@code maxFailures} consecutive failures the name is
 * locked for {@code firstLock}, doubling with every further failure up to {@code maxLock}.
 */
public record LoginThrottle(int maxFailures, Duration firstLock, Duration maxLock) {

  /** When the name unlocks after its {@code failures}-th consecutive failure at {@code now}, or null. */
  public Instant lockedUntil(int failures, Instant now) {
    if (failures < maxFailures) {
      return null;
    }
    int doublings = Math.min(failures - maxFailures, 30);
    long seconds = Math.min(firstLock.getSeconds() << doublings, maxLock.getSeconds());
    return now.plusSeconds(seconds);
  }
}
