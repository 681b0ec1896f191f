package org.xieshang.live;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.xieshang.activity.ActivityService;

import java.time.Duration;
import java.util.Optional;

/**
 * Who is on each session's roster, for checking bridge registrations and API calls without a query
 * each time. Invalidated on every roster change (cluster-wide event); expires after a while anyway.
 */
public final class RosterCache {
  private final AsyncLoadingCache<Long, SessionRoster> cache;

  public RosterCache(Vertx vertx, Pool pool) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(1000)
        .expireAfterWrite(Duration.ofMinutes(10))
        .buildAsync((id, executor) -> LiveStore.roster(pool, id).toCompletionStage().toCompletableFuture());
    vertx.eventBus().<Long>consumer(ActivityService.ROSTER_CHANGED, m -> cache.synchronous().invalidate(m.body()));
  }

  public Future<SessionRoster> roster(long sessionId) {
    return Future.fromCompletionStage(cache.get(sessionId));
  }

  /** Who may read the session: on its roster and not removed by the chair. */
  public Future<Optional<SessionRoster.Participant>> participant(long sessionId, long accountId) {
    return Future.fromCompletionStage(cache.get(sessionId))
        .map(r -> r.reader(accountId));
  }
}
