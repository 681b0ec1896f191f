package org.xieshang.opinion;

import io.micrometer.core.instrument.Gauge;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.xieshang.platform.metrics.Metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the opinion analysis off the event loop, one at a time, shows how far each has got, and keeps
 * each scope's latest analysis until its opinions change (new, edited or removed units).
 */
public final class AnalysisRunner {
  /** An analysis and when it was made: the same time again means it was kept, not redone. */
  public record Result(JsonObject analysis, Instant at) {}

  private record Job(String version, Promise<Result> result, AtomicReference<JsonObject> progress) {}

  private record Done(String version, Result result) {}

  /** An analysis that failed: asked again for the same opinions, the failure is answered, not retried. */
  private record Failed(String version, Throwable cause) {}

  private final WorkerExecutor worker;
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final Map<String, Failed> failed = new ConcurrentHashMap<>();
  /** Kept analyses, weighed by the opinions they cover (each lists its units' ids): at most 300,000 in all. */
  private final Cache<String, Done> done = Caffeine.newBuilder().maximumWeight(300_000)
      .weigher((String key, Done d) -> 1 + d.result.analysis().getInteger("total", 0)).build();

  public AnalysisRunner(Vertx vertx) {
    // one analysis at a time: it uses every core for segmentation, and a second would only slow the first
    this.worker = vertx.createSharedWorkerExecutor("opinion-analysis", 1, 10, TimeUnit.MINUTES);
    Gauge.builder("xieshang.opinion.analyses.running", running, Map::size)
        .description("opinion analyses running or queued (one runs at a time)").strongReference(true)
        .register(Metrics.registry());
  }

  /** The scope's kept analysis if its opinions are still at this version ({@link OpinionStore#version}), else null. */
  public Result kept(OpinionScope scope, String version) {
    Done cached = done.getIfPresent(scope.key());
    return cached != null && cached.version.equals(version) ? cached.result : null;
  }

  /**
   * The analysis of these units, at this version of the scope's opinions (read before the units, so
   * that a unit added in between only makes the next request analyse again): kept, or computed, or
   * joined when already running.
   */
  public Future<Result> analyse(OpinionScope scope, String version, List<JsonObject> units) {
    Result kept = kept(scope, version);
    if (kept != null) {
      return Future.succeededFuture(kept);
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
      start(scope.key(), created[0], units); // outside compute: a quick analysis may complete at once
    }
    return job.result.future();
  }

  private void start(String key, Job job, List<JsonObject> units) {
    worker.executeBlocking(() -> new Result(OpinionAnalysis.analyse(units, (stage, share) ->
            job.progress.set(new JsonObject().put("stage", stage).put("progress", Math.round(share * 100) / 100.0))),
            Instant.now()), false)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            done.put(key, new Done(job.version, ar.result()));
            failed.remove(key);
          } else {
            failed.put(key, new Failed(job.version, ar.cause()));
          }
          running.remove(key, job);
          job.result.handle(ar);
        });
  }

  /** The opinion map (Pol.is method) of statement votes, computed on the same worker. */
  public Future<OpinionMap.Result> map(List<String> statements, List<OpinionMap.Vote> votes) {
    return worker.executeBlocking(() -> OpinionMap.compute(statements, votes, 1), false);
  }

  /** The analysis in progress for the scope ({stage, progress}), or null when none is running. */
  public JsonObject progress(OpinionScope scope) {
    Job job = running.get(scope.key());
    return job == null || job.result.future().isComplete() ? null : job.progress.get();
  }
}
