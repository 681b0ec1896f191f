package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.xieshang.platform.http.DomainError;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs a selection (LEXIMIN takes seconds on big pools) on a worker thread within the configured time
 * limit ({@code sortition.time-limit-seconds}); one that runs out of time fails with an answer staff can act on.
 */
final class SelectionRunner {
  private final Vertx vertx;
  private final double timeLimitSeconds;

  SelectionRunner(Vertx vertx, double timeLimitSeconds) {
    this.vertx = vertx;
    this.timeLimitSeconds = timeLimitSeconds;
  }

  double timeLimitSeconds() {
    return timeLimitSeconds;
  }

  <T> Future<T> run(Callable<T> selection) {
    return vertx.executeBlocking(selection, false)
        .recover(e -> Future.failedFuture(e instanceof Leximin.TimeLimit t ? timedOut(t) : e));
  }

  private DomainError timedOut(Leximin.TimeLimit t) {
    return new DomainError(409, "selection-timeout", "抽选计算超时", String.format(Locale.ROOT,
        "%.0f 秒内未算完（已达到的最低抽中概率 %.2f%%，任何抽选方式至多 %.2f%%）：可减少配额类别、放宽配额，或改用 maximin",
        timeLimitSeconds, t.reached() * 100, t.bound() * 100), List.of(), null);
  }
}
