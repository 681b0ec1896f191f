package org.xieshang.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition the system reaches asynchronously, polling with a bound; fails when it is not reached. */
public final class Await {
  private Await() {}

  public static void until(String what, long millis, BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within " + millis + " ms: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Polls a value until it satisfies the test; returns it. */
  public static <T> T value(String what, long millis, Supplier<T> value, java.util.function.Predicate<T> test) {
    Object[] last = new Object[1];
    until(what + " (last: " + last[0] + ")", millis, () -> test.test((T) (last[0] = value.get())));
    @SuppressWarnings("unchecked") T result = (T) last[0];
    return result;
  }
}
