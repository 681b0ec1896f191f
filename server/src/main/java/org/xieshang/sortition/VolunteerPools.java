package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.xieshang.activity.ActivityService;
import org.xieshang.identity.Caller;
import org.xieshang.identity.IdentityService;
import org.xieshang.identity.Permission;
import org.xieshang.identity.Role;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.UploadedTable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Volunteer pools: staff open them, the public volunteer with consent, staff import lists collected offline. */
public final class VolunteerPools {
  private final Vertx vertx;
  private final Pool db;
  private final IdentityService identity;
  private final ActivityService activities;

  VolunteerPools(Vertx vertx, Pool db, IdentityService identity, ActivityService activities) {
    this.vertx = vertx;
    this.db = db;
    this.identity = identity;
    this.activities = activities;
  }

  public Future<Long> createPool(Caller caller, String title, String topic, Long activityId, String question,
                                 List<String> options, List<String> counties, List<String> ageBands, AuditLog.By by) {
    return db.withTransaction(tx -> SortitionStore.insertPool(tx, title, topic, activityId, question, options, counties,
            ageBands, caller.accountId())
        .recover(e -> Future.failedFuture(String.valueOf(e.getMessage()).contains("foreign key")
            ? DomainError.invalid("activityId", "不存在") : e))
        .compose(id -> AuditLog.record(tx, by, "sortition.pool.create", "sortition_pool", id,
            new JsonObject().put("title", title)).map(id)));
  }

  /** Staff see every pool; the public see the open ones, and whether they have volunteered. */
  public Future<JsonArray> pools(Caller caller) {
    boolean staff = caller.can(Permission.SORTITION_MANAGE);
    return SortitionStore.pools(db, caller.accountId(), staff)
        .compose(listed -> activities.activitiesById(listed.stream().map(l -> l.pool().activityId())
                .filter(java.util.Objects::nonNull).distinct().toList())
            .map(byId -> {
              JsonArray out = new JsonArray();
              listed.forEach(l -> out.add(l.pool().toJson().put("volunteers", staff ? l.volunteers() : null)
                  .put("registered", l.mine())
                  .mergeIn(PoolPhase.of(l.pool(), activityOf(byId, l.pool()), l.drawn()).toJson())));
              return out;
            }));
  }

  private static JsonObject activityOf(Map<Long, JsonObject> byId, VolunteerPool p) {
    return p.activityId() == null ? null : byId.get(p.activityId());
  }

  /** What the pool still allows, from its own state and its activity's. */
  Future<PoolPhase> phase(VolunteerPool p) {
    Future<Map<Long, JsonObject>> activity = p.activityId() == null ? Future.succeededFuture(Map.of())
        : activities.activitiesById(List.of(p.activityId()));
    return Future.all(activity, SortitionStore.drawnSoFar(db, p.id()))
        .map(all -> PoolPhase.of(p, activityOf(all.resultAt(0), p), all.resultAt(1)));
  }

  Future<PoolPhase> phase(long poolId) {
    return pool(db, poolId).compose(this::phase);
  }

  Future<VolunteerPool> pool(SqlClient client, long poolId) {
    return SortitionStore.pool(client, poolId)
        .compose(p -> p.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.notFound("报名池 " + poolId))));
  }

  /** The pool's volunteers who meet its eligibility. */
  Future<List<Volunteer>> eligibleVolunteers(long poolId) {
    return pool(db, poolId)
        .compose(p -> SortitionStore.volunteers(db, poolId).map(p::eligible));
  }

  /** A public user volunteers (or changes their answers), with their consent. */
  public Future<Void> register(Caller caller, long poolId, JsonObject features, String household, AuditLog.By by) {
    if (!caller.has(Role.PUBLIC)) {
      return Future.failedFuture(DomainError.forbidden(
          "随机抽选面向基层群众：政协委员、专家、部门负责人和工作人员不通过报名参加。"));
    }
    return pool(db, poolId)
        .compose(p -> phase(p).compose(phase -> phase.canVolunteer() ? acceptsAnswers(p, features)
            : Future.failedFuture(phase.volunteeringRefused())))
        .compose(x -> identity.me(caller))
        .compose(account -> account.phone() != null ? Future.succeededFuture()
            : Future.failedFuture(DomainError.forbidden("报名需先验证手机号")))
        .compose(x -> db.withTransaction(tx -> SortitionStore.register(tx, poolId, caller.accountId(), features, household)
            .compose(y -> AuditLog.record(tx, by, "sortition.volunteer.register", "sortition_pool", poolId, null))));
  }

  private static Future<Void> acceptsAnswers(VolunteerPool p, JsonObject features) {
    List<String> options = p.viewpointOptions();
    if (!options.isEmpty() && !options.contains(features.getString("viewpoint"))) {
      return Future.failedFuture(DomainError.invalid("features.viewpoint", "请从给定的选项中选择：" + String.join("、", options)));
    }
    return Future.succeededFuture();
  }

  /** Volunteers collected offline (with consent recorded there), each given a public account by phone. */
  public Future<JsonObject> importVolunteers(long poolId, UploadedTable.File file, AuditLog.By by) {
    return pool(db, poolId)
        .compose(p -> vertx.executeBlocking(() -> VolunteerImport.parse(UploadedTable.read(file)), false))
        .compose(rows -> db.withTransaction(tx -> importRows(tx, poolId, rows)
            .compose(n -> AuditLog.record(tx, by, "sortition.volunteer.import", "sortition_pool", poolId,
                new JsonObject().put("rows", n)).map(new JsonObject().put("imported", n)))));
  }

  private Future<Integer> importRows(SqlClient tx, long poolId, List<VolunteerImport.Row> rows) {
    Future<Integer> f = Future.succeededFuture(0);
    for (VolunteerImport.Row row : rows) {
      f = f.compose(n -> identity.publicAccount(tx, row.phone(), row.name(), row.features().getString("county"))
          .compose(accountId -> SortitionStore.importVolunteer(tx, poolId, accountId, row.features(), row.household()))
          .map(n + 1));
    }
    return f;
  }

  /** Every volunteer of the pool, with whether they are eligible (staff). */
  public Future<JsonArray> volunteers(long poolId) {
    return pool(db, poolId)
        .compose(p -> SortitionStore.volunteers(db, poolId)
            .compose(list -> names(list).map(names -> {
              JsonArray out = new JsonArray();
              list.forEach(v -> out.add(new JsonObject().put("id", v.id()).put("name", names.get(v.id()))
                  .put("features", v.features()).put("household", v.household()).put("eligible", p.eligible(v.features()))
                  .put("source", v.source())));
              return out;
            })));
  }

  /** The volunteers' names (their accounts' display names), by volunteer id. */
  Future<Map<Long, String>> names(List<Volunteer> volunteers) {
    return identity.accountsById(volunteers.stream().map(Volunteer::accountId).toList())
        .map(accounts -> {
          Map<Long, String> out = new HashMap<>();
          volunteers.forEach(v -> out.put(v.id(), accounts.get(v.accountId()).displayName()));
          return out;
        });
  }
}
