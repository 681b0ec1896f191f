package org.xieshang.activity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.identity.Tokens;
import org.xieshang.inbox.Inbox;
import org.xieshang.plan.PlanRules;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.time.ChinaTime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Activities and their preparation (Art. 6): agenda, documents, venues, roster, invitations.
 * Those who manage activities see and edit all of them; everyone else sees the ones they are on.
 * A roster change is announced on {@link #ROSTER_CHANGED} so caches and the live engine reload it.
 */
public final class ActivityService {
  public static final String ROSTER_CHANGED = "activity.roster.changed";

  /** Live moves a session's status (LIVE, PAUSED, CLOSED) in its own transaction, beside the events that did it. */
  public static Future<Void> recordSessionStatus(SqlClient tx, long sessionId, String status) {
    return ActivityStore.setStatus(tx, sessionId, status);
  }

  /** The minutes live drafts when a session closes (the first version), in live's transaction. */
  public static Future<Void> recordMinutesDraft(SqlClient tx, long sessionId, JsonObject body, String text) {
    return ActivityStore.insertMinutes(tx, sessionId, body, text);
  }

  /** Sessions that were running when the server stopped: they resume at start-up. */
  public static Future<List<Long>> runningSessions(SqlClient db) {
    return ActivityStore.running(db);
  }
  private final Vertx vertx;
  private final Pool pool;

  private final Inbox inbox;

  public ActivityService(Vertx vertx, Pool pool, Inbox inbox) {
    this.vertx = vertx;
    this.pool = pool;
    this.inbox = inbox;
  }

  public Future<Long> create(Caller caller, ActivityType type, String title, String topic, String description,
                             long organizationId, Long committeeId, OffsetDateTime start, OffsetDateTime end,
                             AuditLog.By by) {
    return pool.withTransaction(tx -> ActivityStore.insert(tx, type, title, topic, description, organizationId,
            committeeId, start, end, caller.accountId())
        .recover(e -> Future.failedFuture(isForeignKey(e)
            ? DomainError.invalid(e.getMessage().contains("committee") ? "committeeId" : "organizationId", "不存在")
            : e))
        .compose(id -> AuditLog.record(tx, by, "activity.create", "activity", id,
            new JsonObject().put("type", type.name()).put("title", title)).map(id)));
  }

  public Future<JsonArray> list(Caller caller) {
    return caller.can(Permission.ACTIVITY_MANAGE)
        ? ActivityStore.all(pool, caller.accountId())
        : ActivityStore.mine(pool, caller.accountId());
  }

  /** The activity with agenda, documents, venues and the caller's own roster entry. */
  public Future<JsonObject> detail(Caller caller, long id) {
    return readable(caller, id)
        .compose(activity -> Future.all(ActivityStore.agenda(pool, id), ActivityStore.documents(pool, id),
                ActivityStore.venues(pool, id), ActivityStore.rosterEntry(pool, id, caller.accountId()),
                ActivityStore.planTopic(pool, id))
            .map(all -> {
              JsonObject me = all.<Optional<JsonObject>>resultAt(3).orElse(null);
              SessionRole role = me == null ? null : SessionRole.valueOf(me.getString("role"));
              return activity
                  .put("agenda", all.<JsonArray>resultAt(0))
                  .put("documents", all.<JsonArray>resultAt(1))
                  .put("venues", all.<JsonArray>resultAt(2))
                  .put("me", me)
                  .put("planTopic", all.<Optional<JsonObject>>resultAt(4)
                      .filter(t -> PlanRules.topicNamedTo(t.getString("planStatus"), caller.can(Permission.PLAN_MANAGE)))
                      .orElse(null))
                  .put("canManage", caller.can(Permission.ACTIVITY_MANAGE))
                  .put("may", new JsonObject().put("writeOpinion", SessionRole.mayWriteOpinion(caller, role)));
            }));
  }

  public Future<JsonArray> roster(Caller caller, long id) {
    return readable(caller, id).compose(a -> ActivityStore.roster(pool, id));
  }

  public Future<Long> addAgendaItem(long id, String title, int plannedMinutes, int speakingSeconds, AuditLog.By by) {
    return pool.withTransaction(tx -> editable(tx, id, true)
        .compose(a -> ActivityStore.insertAgendaItem(tx, id, title, plannedMinutes, speakingSeconds))
        .compose(itemId -> AuditLog.record(tx, by, "activity.agenda.add", "activity", id,
            new JsonObject().put("itemId", itemId).put("title", title)).map(itemId)));
  }

  public Future<Long> addDocument(long id, String title, String body, AuditLog.By by) {
    return pool.withTransaction(tx -> editable(tx, id, false)
        .compose(a -> ActivityStore.insertDocument(tx, id, title, body))
        .compose(docId -> AuditLog.record(tx, by, "activity.document.add", "activity", id,
            new JsonObject().put("documentId", docId).put("title", title)).map(docId)));
  }

  /** Adds a venue; its host joins the roster as the venue's host. */
  public Future<Long> addVenue(long id, String name, String kind, long organizationId, Long hostId, AuditLog.By by) {
    return pool.withTransaction(tx -> editable(tx, id, false).compose(a -> (hostId == null ? Future.succeededFuture(true)
                : ActivityStore.accountExists(tx, hostId))
            .compose(ok -> ok ? ActivityStore.insertVenue(tx, id, name, kind, organizationId, hostId)
                : Future.failedFuture(DomainError.invalid("hostId", "账号不存在")))
            .recover(e -> Future.failedFuture(uniqueOrForeign(e, kind)))
            .compose(venueId -> (hostId == null ? Future.succeededFuture(Inbox.NOTHING)
                : invite(tx, a, hostId, SessionRole.VENUE_HOST, venueId))
                .compose(told -> AuditLog.record(tx, by, "activity.venue.add", "activity", id,
                    new JsonObject().put("venueId", venueId).put("name", name)).map(v -> told))
                .map(told -> new Added(venueId, told)))))
        .map(added -> {
          rosterChanged(id);
          added.told().run();
          return added.venueId();
        });
  }

  public Future<Void> putRosterEntry(long id, long accountId, SessionRole role, long venueId, AuditLog.By by) {
    return pool.withTransaction(tx -> editable(tx, id, false).compose(a -> ActivityStore.venueBelongs(tx, id, venueId)
            .compose(ok -> ok ? ActivityStore.accountExists(tx, accountId)
                : Future.failedFuture(DomainError.invalid("venueId", "该会场不属于此活动")))
            .compose(ok -> ok ? invite(tx, a, accountId, role, venueId)
                : Future.failedFuture(DomainError.notFound("账号")))
            .compose(told -> AuditLog.record(tx, by, "activity.roster.put", "activity", id,
                new JsonObject().put("accountId", accountId).put("role", role.name()).put("venueId", venueId))
                .map(v -> told))))
        .map(told -> {
          rosterChanged(id);
          told.run();
          return null;
        });
  }

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm")
      .withZone(ChinaTime.ZONE);

  private record Added(long venueId, Runnable told) {}

  /**
   * Puts a person on the roster; someone new to it is told of the invitation (通知) in the same
   * transaction. Answers how to push the notice once it commits.
   */
  private Future<Runnable> invite(SqlConnection tx, JsonObject activity, long accountId, SessionRole role, long venueId) {
    long id = activity.getLong("id");
    return ActivityStore.putRosterEntry(tx, id, accountId, role, venueId).compose(inserted -> !inserted
        ? Future.succeededFuture(Inbox.NOTHING)
        : inbox.tell(tx, List.of(new Inbox.Notice(accountId, "activity.invited", "邀请您参加" + activity.getString("typeLabel"),
            "「" + activity.getString("title") + "」，" + WHEN.format(Instant.parse(activity.getString("scheduledStart")))
                + " 开始，您的身份：" + role.label() + "。请在活动页面确认是否参加。", "/activities/" + id))));
  }

  /**
   * The activities with these ids as every capability tied to one reads them (title, status, times),
   * without the read rule: for showing what is still possible (a pool after its meeting closed).
   */
  public Future<Map<Long, JsonObject>> activitiesById(Collection<Long> ids) {
    return ids.isEmpty() ? Future.succeededFuture(Map.of()) : ActivityStore.byIds(pool, ids);
  }

  /** The activity's outline for its report, or empty when there is no such activity. */
  public Future<Optional<ActivityOutline>> outline(long id) {
    return ActivityStore.outline(pool, id);
  }

  /** A link by which a person on the roster joins without a password, valid for the given number of days. */
  public Future<JsonObject> createLink(long id, long accountId, int days, AuditLog.By by) {
    String token = Tokens.newRefreshToken();
    OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(days);
    return pool.withTransaction(tx -> editable(tx, id, false)
        .compose(a -> ActivityStore.rosterEntry(tx, id, accountId))
        .compose(entry -> entry.isEmpty() ? Future.failedFuture(DomainError.invalid("accountId", "不在此活动的名单中"))
            : ActivityStore.insertLink(tx, Tokens.sha256(token), id, accountId, expires, by.actorId()))
        .compose(v -> AuditLog.record(tx, by, "activity.link.create", "activity", id,
            new JsonObject().put("accountId", accountId).put("expiresAt", expires.toString()))))
        .map(v -> new JsonObject().put("path", "/join/" + token).put("token", token)
            .put("expiresAt", expires.toInstant().toString()));
  }

  /**
   * Where a person of this organisation is seated in the activity: the venue of their organisation,
   * else the main venue (else the first); empty when the activity has no venue.
   */
  public Future<Optional<Long>> venueFor(long activityId, Long organizationId) {
    return ActivityStore.venueFor(pool, activityId, organizationId);
  }

  /** The invitation answers of those of these accounts who are on the activity's roster (sortition reads its invitees'). */
  public Future<Map<Long, String>> invitationAnswers(long activityId, Collection<Long> accountIds) {
    return accountIds.isEmpty() ? Future.succeededFuture(Map.of())
        : ActivityStore.invitationAnswers(pool, activityId, accountIds.toArray(new Long[0]));
  }

  /** The activity and account an invitation link stands for; fails when it is unknown or expired. */
  public Future<ActivityStore.RedeemedLink> redeemLink(String token) {
    return ActivityStore.redeemLink(pool, Tokens.sha256(token))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.unauthorized("邀请链接无效或已过期，请联系会务人员"))));
  }

  public Future<Void> respond(Caller caller, long id, boolean accept, AuditLog.By by) {
    return pool.withTransaction(tx -> ActivityStore.respond(tx, id, caller.accountId(), accept)
        .compose(n -> n == 0 ? Future.failedFuture(DomainError.notFound("邀请"))
            : AuditLog.record(tx, by, accept ? "activity.invitation.accept" : "activity.invitation.decline",
                "activity", id, null)));
  }

  /**
   * The activity's read rule, for every capability that shows something of an activity (drafts, minutes,
   * roster): those who manage activities read all of them, everyone else only those whose roster they are on.
   * Fails 404 for an unknown activity, 403 for someone not on its roster.
   */
  public Future<JsonObject> readable(Caller caller, long id) {
    return ActivityStore.find(pool, id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("活动"));
          }
          if (caller.can(Permission.ACTIVITY_MANAGE)) {
            return Future.succeededFuture(found.get());
          }
          return ActivityStore.rosterEntry(pool, id, caller.accountId())
              .compose(entry -> entry.isPresent() ? Future.succeededFuture(found.get())
                  : Future.failedFuture(DomainError.forbidden("您不在此活动的名单中")));
        });
  }

  /** Preparation can change until the activity closes; the agenda only before it starts. */
  private Future<JsonObject> editable(SqlClient tx, long id, boolean agenda) {
    return ActivityStore.find(tx, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(DomainError.notFound("活动"));
      }
      String status = found.get().getString("status");
      if (status.equals("CLOSED") || (agenda && !status.equals("SCHEDULED"))) {
        return Future.failedFuture(DomainError.conflict("wrong-state", "活动状态不允许此操作",
            agenda ? "会议开始后不能再修改议程" : "活动已结束"));
      }
      return Future.succeededFuture(found.get());
    });
  }

  private void rosterChanged(long id) {
    vertx.eventBus().publish(ROSTER_CHANGED, id);
  }

  private static boolean isForeignKey(Throwable e) {
    return e instanceof PgException pg && "23503".equals(pg.getSqlState());
  }

  private static Throwable uniqueOrForeign(Throwable e, String kind) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return pg.getMessage().contains("venue_one_main")
          ? DomainError.conflict("main-venue-exists", "已有主会场", "kind", "一个活动只能有一个主会场")
          : DomainError.conflict("name-taken", "名称已存在", "name", "此活动已有同名会场");
    }
    if (isForeignKey(e)) {
      return DomainError.invalid("organizationId", "组织不存在");
    }
    return e;
  }
}
