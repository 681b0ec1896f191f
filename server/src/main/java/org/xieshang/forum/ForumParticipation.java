package org.xieshang.forum;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.RateLimiter;

import java.time.Clock;
import java.time.Duration;

/**
 * Who may read a theme and take part in it (Participant), as which participant, within which rate:
 * the standing every forum act starts from. Themes and standings are cached for a few seconds,
 * participant ids for good (a participant never changes theme).
 */
public final class ForumParticipation {
  /** A caller's standing in a theme, with the theme itself. */
  record Standing(Theme theme, Participant me) {}

  private final Pool db;
  private final Clock clock;
  private final RateLimiter postLimiter;
  private final RateLimiter voteLimiter;
  private final Cache<Long, Theme> themes = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5))
      .maximumSize(10_000).build();
  private final Cache<String, Participant> standings = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30))
      .maximumSize(200_000).build();
  private final Cache<String, Long> participantIds = Caffeine.newBuilder().maximumSize(200_000).build();

  ForumParticipation(Pool db, Clock clock, Forum.Limits limits) {
    this.db = db;
    this.clock = clock;
    this.postLimiter = new RateLimiter(limits.postsPerMinute(), Duration.ofMinutes(1), clock::millis);
    this.voteLimiter = new RateLimiter(limits.votesPerMinute(), Duration.ofMinutes(1), clock::millis);
  }

  /** Loads (or takes from the cache) the caller's standing; fails when they may not read the theme. */
  Future<Standing> standing(Caller caller, long themeId) {
    return theme(themeId)
        .compose(theme -> participant(caller, theme).map(me -> new Standing(theme, me)))
        .compose(ForumParticipation::mayRead);
  }

  /** The caller's standing when they moderate the theme. */
  Future<Standing> moderator(Caller caller, long themeId) {
    return standing(caller, themeId)
        .compose(s -> s.me().moderator() ? Future.succeededFuture(s)
            : Future.failedFuture(DomainError.forbidden(Permission.FORUM_MANAGE.refusal())));
  }

  /** Writing a post or a statement: the theme open, the caller allowed, within the posting rate. */
  Future<Standing> posting(Caller caller, long themeId) {
    return takingPart(caller, themeId, postLimiter);
  }

  /** Voting on a statement: the theme open, the caller allowed, within the voting rate. */
  Future<Standing> voting(Caller caller, long themeId) {
    return takingPart(caller, themeId, voteLimiter);
  }

  /** The caller's participant id in the theme, made on their first act there. */
  Future<Long> participantId(Standing s) {
    String key = s.theme().id() + ":" + s.me().accountId();
    Long cached = participantIds.getIfPresent(key);
    return cached != null ? Future.succeededFuture(cached)
        : ForumStore.participant(db, s.theme().id(), s.me()).onSuccess(id -> participantIds.put(key, id));
  }

  private Future<Theme> theme(long themeId) {
    Theme cached = themes.getIfPresent(themeId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return ForumStore.theme(db, themeId)
        .compose(row -> Forum.found(row, "主题 " + themeId))
        .map(Theme::of)
        .onSuccess(t -> themes.put(themeId, t));
  }

  private Future<Participant> participant(Caller caller, Theme theme) {
    String key = theme.id() + ":" + caller.accountId();
    Participant cached = standings.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return ForumStore.facts(db, caller.accountId(), theme.activityId())
        .map(f -> Participant.of(theme, caller, f.phoneVerified(), f.drawn(), f.organizationId(), f.sectorId()))
        .onSuccess(p -> standings.put(key, p));
  }

  private static Future<Standing> mayRead(Standing s) {
    return s.me().mayTakePart() || s.me().moderator() ? Future.succeededFuture(s)
        : Future.failedFuture(DomainError.forbidden(s.theme().publicVisible()
            ? "参与网络议政需先验证手机号" : "该主题仅向政协委员开放"));
  }

  private Future<Standing> takingPart(Caller caller, long themeId, RateLimiter limiter) {
    return standing(caller, themeId)
        .compose(this::open)
        .compose(ForumParticipation::mayTakePart)
        .compose(s -> withinRate(s, caller, limiter));
  }

  private Future<Standing> open(Standing s) {
    return s.theme().isOpen(clock.instant()) ? Future.succeededFuture(s)
        : Future.failedFuture(DomainError.conflict("theme-closed",
            "NOT_OPEN".equals(s.theme().state(clock.instant())) ? "主题尚未开始" : "主题已结束", "themeId", "主题不在开放时间内"));
  }

  private static Future<Standing> mayTakePart(Standing s) {
    return s.me().mayTakePart() ? Future.succeededFuture(s)
        : Future.failedFuture(DomainError.forbidden("不能在该主题发言"));
  }

  private static Future<Standing> withinRate(Standing s, Caller caller, RateLimiter limiter) {
    long wait = limiter.acquire(Long.toString(caller.accountId()));
    return wait > 0 ? Future.failedFuture(DomainError.rateLimited(wait, "操作过于频繁，请稍后再试"))
        : Future.succeededFuture(s);
  }
}
