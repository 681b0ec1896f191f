package org.xieshang.sortition;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.xieshang.activity.ActivityService;
import org.xieshang.identity.IdentityService;

/**
 * Drawing public participants in the product (RULES.md Art. 21), built once and wired here: volunteer
 * pools, draw preparation (and comparing algorithms), verifiable draws (docs/sortition.md: the same
 * lottery, commitment and files as the command line, so scripts/verify-draw checks a draw made here),
 * invitations to the activity's roster, and replacements that keep the quotas.
 */
public record Sortition(VolunteerPools pools, DrawPreparation preparation, Draws draws, PanelRefill refill) {

  public static Sortition create(Vertx vertx, Pool db, IdentityService identity, ActivityService activities,
                                 double timeLimitSeconds, String siteUrl) {
    SelectionRunner runner = new SelectionRunner(vertx, timeLimitSeconds);
    VolunteerPools pools = new VolunteerPools(vertx, db, identity, activities);
    Invitations invitations = new Invitations(db, pools, activities, identity, siteUrl);
    Draws draws = new Draws(db, invitations, identity, pools);
    return new Sortition(pools, new DrawPreparation(pools, draws, runner), draws,
        new PanelRefill(db, pools, draws, invitations, runner));
  }
}
