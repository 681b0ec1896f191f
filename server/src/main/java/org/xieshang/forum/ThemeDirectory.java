package org.xieshang.forum;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.plan.PlanRules;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.xieshang.forum.ForumViews.postJson;
import static org.xieshang.forum.ForumViews.visibleTo;

/** The themes: opening one, those the caller may read, and one theme with its threads and the caller's standing. */
public final class ThemeDirectory {
  private final Pool db;
  private final Clock clock;
  private final ForumParticipation participation;

  ThemeDirectory(Pool db, Clock clock, ForumParticipation participation) {
    this.db = db;
    this.clock = clock;
    this.participation = participation;
  }

  public Future<Long> createTheme(Caller caller, String title, String topic, String description, Long activityId,
                                  long committeeId, OffsetDateTime opensAt, OffsetDateTime closesAt,
                                  String visibility, boolean premoderatePublic, AuditLog.By by) {
    return db.withTransaction(tx -> ForumStore.insertTheme(tx, title, topic, description, activityId, committeeId,
            opensAt, closesAt, visibility, premoderatePublic, caller.accountId())
        .recover(ThemeDirectory::missingReference)
        .compose(id -> AuditLog.record(tx, by, "forum.theme.create", "forum_theme", id,
            new JsonObject().put("title", title).put("visibility", visibility)).map(id)));
  }

  /** An activity or committee that does not exist is the caller's error (422), not the server's. */
  private static Future<Long> missingReference(Throwable e) {
    return Future.failedFuture(e.getMessage() != null && e.getMessage().contains("foreign key")
        ? DomainError.invalid(e.getMessage().contains("activity") ? "activityId" : "committeeId", "不存在")
        : e);
  }

  /** The themes the caller may read, newest first. */
  public Future<JsonArray> themes(Caller caller) {
    return ForumStore.themes(db, caller.accountId())
        .compose(rows -> ForumStore.facts(db, caller.accountId(), null).map(facts -> readable(caller, rows, facts)));
  }

  private JsonArray readable(Caller caller, List<Row> rows, ForumStore.AccountFacts facts) {
    JsonArray out = new JsonArray();
    Instant now = clock.instant();
    for (Row r : rows) {
      Participant p = Participant.of(Theme.of(r), caller, facts.phoneVerified(), r.getBoolean("drawn"),
          facts.organizationId(), facts.sectorId());
      if (p.mayTakePart() || p.moderator()) {
        out.add(Theme.json(r, now).put("posts", r.getLong("posts")).put("statements", r.getLong("statements")));
      }
    }
    return out;
  }

  /** A theme with its threads as the caller sees them, and the caller's standing in it. */
  public Future<JsonObject> theme(Caller caller, long themeId) {
    return participation.standing(caller, themeId)
        .compose(s -> Future.all(ForumStore.theme(db, themeId), ForumStore.threads(db, themeId),
                ForumStore.planTopic(db, themeId))
            .map(all -> json(s, all).put("planTopic", all.<Optional<JsonObject>>resultAt(2)
                .filter(t -> PlanRules.topicNamedTo(t.getString("planStatus"), caller.can(Permission.PLAN_MANAGE)))
                .orElse(null))));
  }

  private JsonObject json(ForumParticipation.Standing s, CompositeFuture all) {
    Row themeRow = all.<Optional<Row>>resultAt(0).orElseThrow();
    JsonArray threads = new JsonArray();
    for (Row r : all.<List<Row>>resultAt(1)) {
      if (visibleTo(r, s.me())) {
        threads.add(postJson(r, s.me()).put("replies", r.getLong("replies")));
      }
    }
    return Theme.json(themeRow, clock.instant())
        .put("threads", threads)
        .put("me", new JsonObject().put("authorKind", s.me().kind().name())
            .put("authorKindLabel", s.me().kind().label())
            .put("moderator", s.me().moderator()).put("guide", s.me().guide())
            .put("heldForModeration", s.me().heldForModeration(s.theme())));
  }

  /** A theme's outline (title, topic, when open), or empty when there is none: what its report says it was. */
  public Future<Optional<ThemeOutline>> outline(long themeId) {
    return ForumStore.outline(db, themeId);
  }

  /** The online themes held as part of an activity, oldest first. */
  public Future<List<ThemeOutline>> ofActivity(long activityId) {
    return ForumStore.outlinesOfActivity(db, activityId);
  }
}
