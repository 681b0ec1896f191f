package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.activity.ActivityService;
import org.xieshang.activity.SessionRole;
import org.xieshang.identity.Account;
import org.xieshang.identity.IdentityService;
import org.xieshang.platform.audit.AuditLog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invites those drawn to the pool's activity: each joins its roster as a public representative
 * (界别群众代表) at their county's venue (else the main venue) and gets a sign-in link until the deadline;
 * and reads their answers back from the roster. The roster, venues and links are activity's, the
 * names and phones identity's.
 */
final class Invitations {
  private final Pool db;
  private final VolunteerPools pools;
  private final ActivityService activities;
  private final IdentityService identity;

  Invitations(Pool db, VolunteerPools pools, ActivityService activities, IdentityService identity) {
    this.db = db;
    this.pools = pools;
    this.activities = activities;
    this.identity = identity;
  }

  /** One entry per invitee (name, phone, link); none when the pool has no activity. */
  Future<JsonArray> invite(long poolId, List<Long> volunteerIds, int days, AuditLog.By by) {
    return pools.pool(db, poolId)
        .compose(p -> p.activityId() == null || volunteerIds.isEmpty() ? Future.succeededFuture(new JsonArray())
            : SortitionStore.invitees(db, volunteerIds)
                .compose(invitees -> inviteEach(p.activityId(), invitees, days, by)));
  }

  /** One after another: each roster entry and link is its own transaction in activity. */
  private Future<JsonArray> inviteEach(long activityId, List<SortitionStore.Invitee> invitees, int days, AuditLog.By by) {
    JsonArray out = new JsonArray();
    return identity.accountsById(invitees.stream().map(SortitionStore.Invitee::accountId).toList())
        .compose(accounts -> {
          Future<Void> f = Future.succeededFuture();
          for (SortitionStore.Invitee invitee : invitees) {
            Account account = accounts.get(invitee.accountId());
            f = f.compose(x -> inviteOne(activityId, invitee, account, days, by)).map(out::add).mapEmpty();
          }
          return f;
        })
        .map(out);
  }

  private Future<JsonObject> inviteOne(long activityId, SortitionStore.Invitee invitee, Account account, int days,
                                       AuditLog.By by) {
    return activities.venueFor(activityId, account.organizationId())
        .map(Optional::orElseThrow)
        .compose(venueId -> activities.putRosterEntry(activityId, invitee.accountId(), SessionRole.PUBLIC_REP, venueId, by))
        .compose(x -> activities.createLink(activityId, invitee.accountId(), days, by))
        .map(link -> new JsonObject().put("volunteerId", invitee.volunteerId()).put("name", account.displayName())
            .put("phone", account.phone()).put("link", link.getString("path")).put("expiresAt", link.getString("expiresAt")));
  }

  /** Reads the invitees' answers from the roster, and marks those past their deadline without one. */
  Future<Void> readAnswers(Row draw) {
    long drawId = draw.getLong("id");
    return pools.pool(db, draw.getLong("pool_id"))
        .compose(p -> p.activityId() == null ? Future.succeededFuture(Map.<Long, String>of())
            : SortitionStore.invitedAccounts(db, drawId).compose(accounts -> activities.invitationAnswers(p.activityId(), accounts)))
        .compose(answers -> SortitionStore.applyAnswers(db, drawId, answers));
  }
}
