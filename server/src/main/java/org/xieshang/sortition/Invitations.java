package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.xieshang.activity.ActivityService;
import org.xieshang.activity.SessionRole;
import org.xieshang.platform.audit.AuditLog;

import java.util.List;

/**
 * Invites those drawn to the pool's activity: each joins its roster as a public representative
 * (界别群众代表) at their county's venue (else the main venue) and gets a sign-in link until the deadline.
 */
final class Invitations {
  private final Pool db;
  private final VolunteerPools pools;
  private final ActivityService activities;

  Invitations(Pool db, VolunteerPools pools, ActivityService activities) {
    this.db = db;
    this.pools = pools;
    this.activities = activities;
  }

  /** One entry per invitee (name, phone, link); none when the pool has no activity. */
  Future<JsonArray> invite(long poolId, List<Long> volunteerIds, int days, AuditLog.By by) {
    return pools.pool(db, poolId)
        .compose(p -> p.activityId() == null || volunteerIds.isEmpty() ? Future.succeededFuture(new JsonArray())
            : SortitionStore.invitees(db, volunteerIds, p.activityId())
                .compose(invitees -> inviteEach(p.activityId(), invitees, days, by)));
  }

  /** One after another: each roster entry and link is its own transaction in activity. */
  private Future<JsonArray> inviteEach(long activityId, List<SortitionStore.Invitee> invitees, int days, AuditLog.By by) {
    JsonArray out = new JsonArray();
    Future<Void> f = Future.succeededFuture();
    for (SortitionStore.Invitee invitee : invitees) {
      f = f.compose(x -> inviteOne(activityId, invitee, days, by)).map(out::add).mapEmpty();
    }
    return f.map(out);
  }

  private Future<JsonObject> inviteOne(long activityId, SortitionStore.Invitee invitee, int days, AuditLog.By by) {
    return activities.putRosterEntry(activityId, invitee.accountId(), SessionRole.PUBLIC_REP, invitee.venueId(), by)
        .compose(x -> activities.createLink(activityId, invitee.accountId(), days, by))
        .map(link -> new JsonObject().put("volunteerId", invitee.volunteerId()).put("name", invitee.name())
            .put("phone", invitee.phone()).put("link", link.getString("path")).put("expiresAt", link.getString("expiresAt")));
  }
}
