package org.xieshang.sortition;

import java.time.Instant;
import org.xieshang.platform.time.ChinaTime;
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
  /** The address people open (http.public-url): invitation texts carry absolute links under it. */
  private final String siteUrl;

  Invitations(Pool db, VolunteerPools pools, ActivityService activities, IdentityService identity, String siteUrl) {
    this.db = db;
    this.pools = pools;
    this.activities = activities;
    this.identity = identity;
    this.siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
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
        .compose(link -> {
          String url = siteUrl + link.getString("path");
          JsonObject out = new JsonObject().put("volunteerId", invitee.volunteerId()).put("name", account.displayName())
              .put("phone", account.phone()).put("link", link.getString("path")).put("url", url)
              .put("expiresAt", link.getString("expiresAt"));
          // the invitation is on the roster either way: a text that could not be sent is said, for staff to call
          return identity.sendText(account.phone(), invitationText(account.displayName(), url, link.getString("expiresAt")))
              .map(x -> out.put("texted", true))
              .otherwise(e -> out.put("texted", false));
        });
  }

  private static final java.time.format.DateTimeFormatter UNTIL = java.time.format.DateTimeFormatter
      .ofPattern("M月d日 HH:mm").withZone(ChinaTime.ZONE);

  /** What the invitee reads on their phone. */
  static String invitationText(String name, String url, String expiresAt) {
    return name + "您好：您已被随机抽选为界别群众代表，受邀参加政协协商活动。请于" + UNTIL.format(Instant.parse(expiresAt))
        + "前打开 " + url + " 确认是否参加。";
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
