package org.xieshang.opinion;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;
import org.xieshang.platform.metrics.Metrics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the opinion analysis off the event loop, one at a time per node and once in the whole cluster
 * for the same opinions, shows how far it has got on every node, and keeps each scope's latest analysis
 * (in opinion_analysis, for every node, and in memory here) until its opinions change.
 *
 * <p>Cluster-wide: the node that takes the lock {@code opinion.analysis.<scope>} runs it and writes its
 * progress to the cluster map {@value #PROGRESS} every half second (with a time to live, so a dead
 * node's progress goes away); a node asked meanwhile shows that progress and looks again every half
 * second for the kept result or the free lock (the runner died: it runs the analysis itself).
 * Without a cluster the lock and the map are this process's own, and the same holds.
 */
public final class AnalysisRunner {
  /** An analysis and when it was made: the same time again means it was kept, not redone. */
  public record Result(JsonObject analysis, Instant at) {}

  private record Job(String version, Promise<Result> result, AtomicReference<JsonObject> progress) {}

  private record Done(String version, Result result) {}

  /** An analysis that failed: asked again for the same opinions, the failure is answered, not retried. */
  private record Failed(String version, Throwable cause) {}

  static final String PROGRESS = "opinion.analysis.progress";
  private static final long LOOK_EVERY_MS = 500;
  /** a progress not refreshed for this long belongs to a node that is gone */
  private static final long PROGRESS_TTL_MS = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final WorkerExecutor worker;
  private final Counter runs;
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final Map<String, Failed> failed = new ConcurrentHashMap<>();
  /** Kept analyses, weighed by the opinions they cover (each lists its units' ids): at most 300,000 in all. */
  private final Cache<String, Done> done = Caffeine.newBuilder().maximumWeight(300_000)
      .weigher((String key, Done d) -> 1 + d.result.analysis().getInteger("total", 0)).build();

  public AnalysisRunner(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    // one analysis at a time: it uses every core for segmentation, and a second would only slow the first
    this.worker = vertx.createSharedWorkerExecutor("opinion-analysis", 1, 10, TimeUnit.MINUTES);
    Gauge.builder("xieshang.opinion.analyses.running", running, Map::size)
        .description("opinion analyses running or waited for on this node").strongReference(true)
        .register(Metrics.registry());
    this.runs = Counter.builder("xieshang.opinion.analyses.run")
        .description("opinion analyses this node has run (not kept ones, not those run by another node)")
        .register(Metrics.registry());
  }

  /** The scope's kept analysis if its opinions are still at this version ({@link OpinionStore#version}), else null. */
  public Future<Result> kept(OpinionScope scope, String version) {
    Done cached = done.getIfPresent(scope.key());
    if (cached != null && cached.version.equals(version)) {
      return Future.succeededFuture(cached.result);
    }
    return OpinionStore.keptAnalysis(pool, scope.key(), version).map(found -> found.map(result -> {
      done.put(scope.key(), new Done(version, result));
      return result;
    }).orElse(null));
  }

  /**
   * The analysis of these units, at this version of the scope's opinions (read before the units, so
   * that a unit added in between only makes the next request analyse again): kept, or computed, or
   * joined when already running here or on another node.
   */
  public Future<Result> analyse(OpinionScope scope, String version, List<JsonObject> units) {
    Done cached = done.getIfPresent(scope.key());
    if (cached != null && cached.version.equals(version)) {
      return Future.succeededFuture(cached.result);
    }
    Failed failure = failed.get(scope.key());
    if (failure != null && failure.version.equals(version)) {
      return Future.failedFuture(failure.cause);
    }
    Job[] created = new Job[1];
    Job job = running.compute(scope.key(), (key, j) -> {
      if (j != null && j.version.equals(version)) {
        return j;
      }
      created[0] = new Job(version, Promise.promise(),
          new AtomicReference<>(new JsonObject().put("stage", "queued").put("progress", 0.0)));
      return created[0];
    });
    if (created[0] != null) {
      look(scope, created[0], units); // outside compute: a kept analysis may complete it at once
    }
    return job.result.future();
  }

  /** Kept by now? Else take the lock and run it, or watch the node that holds it. */
  private void look(OpinionScope scope, Job job, List<JsonObject> units) {
    OpinionStore.keptAnalysis(pool, scope.key(), job.version)
        .onFailure(e -> finish(scope, job, Future.failedFuture(e), false))
        .onSuccess(kept -> {
          if (kept.isPresent()) {
            finish(scope, job, Future.succeededFuture(kept.get()), false);
            return;
          }
          vertx.sharedData().getLockWithTimeout("opinion.analysis." + scope.key(), 50)
              .onSuccess(lock -> OpinionStore.keptAnalysis(pool, scope.key(), job.version) // done while we waited?
                  .onFailure(e -> release(lock, () -> finish(scope, job, Future.failedFuture(e), false)))
                  .onSuccess(again -> {
                    if (again.isPresent()) {
                      release(lock, () -> finish(scope, job, Future.succeededFuture(again.get()), false));
                    } else {
                      run(scope, job, units, lock);
                    }
                  }))
              .onFailure(busy -> watch(scope, job, units));
        });
  }

  /** Another node runs it: show its progress here, and look again shortly. */
  private void watch(OpinionScope scope, Job job, List<JsonObject> units) {
    vertx.setTimer(LOOK_EVERY_MS, t -> progressMap()
        .compose(map -> map.get(scope.key()))
        .onComplete(p -> {
          if (p.succeeded() && p.result() != null && job.version.equals(p.result().getString("version"))) {
            JsonObject seen = p.result().copy();
            seen.remove("version");
            job.progress.set(seen);
          }
          look(scope, job, units);
        }));
  }

  private void run(OpinionScope scope, Job job, List<JsonObject> units, Lock lock) {
    long publishing = vertx.setPeriodic(1, LOOK_EVERY_MS, t -> publish(scope, job));
    worker.executeBlocking(() -> new Result(OpinionAnalysis.analyse(units, (stage, share) ->
            job.progress.set(new JsonObject().put("stage", stage).put("progress", Math.round(share * 100) / 100.0))),
            Instant.now().truncatedTo(ChronoUnit.MICROS)), false) // as the database keeps it: one moment on every node
        .onComplete(analysed -> {
          runs.increment();
          vertx.cancelTimer(publishing);
          Future<Result> kept = analysed.failed() ? Future.failedFuture(analysed.cause())
              : OpinionStore.keepAnalysis(pool, scope.key(), job.version, analysed.result()).map(analysed.result());
          kept.onComplete(k -> progressMap().compose(map -> map.remove(scope.key()))
              .onComplete(x -> release(lock, () -> finish(scope, job, k, analysed.failed()))));
        });
  }

  private void publish(OpinionScope scope, Job job) {
    progressMap().compose(map -> map.put(scope.key(), job.progress.get().copy().put("version", job.version), PROGRESS_TTL_MS));
  }

  private Future<AsyncMap<String, JsonObject>> progressMap() {
    return vertx.sharedData().getAsyncMap(PROGRESS);
  }

  private static void release(Lock lock, Runnable then) {
    lock.release();
    then.run();
  }

  /** @param analysisFailed the analysis itself failed (kept as failed for this version); not a database error */
  private void finish(OpinionScope scope, Job job, AsyncResult<Result> outcome, boolean analysisFailed) {
    String key = scope.key();
    if (outcome.succeeded()) {
      done.put(key, new Done(job.version, outcome.result()));
      failed.remove(key);
    } else if (analysisFailed) {
      failed.put(key, new Failed(job.version, outcome.cause()));
    }
    running.remove(key, job);
    job.result.handle(outcome);
  }

  /** The opinion map (Pol.is method) of statement votes, computed on the same worker. */
  public Future<OpinionMap.Result> map(List<String> statements, List<OpinionMap.Vote> votes) {
    return worker.executeBlocking(() -> OpinionMap.compute(statements, votes, 1), false);
  }

  /** The analysis in progress for the scope ({stage, progress}), here or on another node, or null when none is waited for here. */
  public JsonObject progress(OpinionScope scope) {
    Job job = running.get(scope.key());
    return job == null || job.result.future().isComplete() ? null : job.progress.get();
  }
}
