package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import org.xieshang.platform.audit.AuditLog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills every place a drawn panel left open (declined, or no answer by the deadline): the first reserve
 * who keeps the quotas, else a fresh LEXIMIN draw among the volunteers not yet picked for the open places
 * with what the quotas still need (the rules: {@link Replacement}). The newcomers are invited like the panel.
 */
public final class PanelRefill {
  private final Pool db;
  private final VolunteerPools pools;
  private final Draws draws;
  private final Invitations invitations;
  private final SelectionRunner runner;

  PanelRefill(Pool db, VolunteerPools pools, Draws draws, Invitations invitations,
              SelectionRunner runner) {
    this.db = db;
    this.pools = pools;
    this.draws = draws;
    this.invitations = invitations;
    this.runner = runner;
  }

  /** Where a drawn panel stands: who sits (invited or accepted), the places open, the reserve in order, who else may be drawn. */
  record Seating(Row draw, Quotas quotas, List<Respondent> seated, List<Long> open, List<Respondent> reserve,
                 List<Respondent> candidates, int picks) {}

  /** Who takes each open place: reserves first, then those freshly drawn. */
  record Filling(Seating seating, List<Long> fromReserve, List<Long> fresh, List<Replaced> replaced) {}

  /** The volunteer who left and the one who takes their place. */
  record Replaced(long left, long newcomer) {}

  public Future<JsonObject> replace(long drawId, AuditLog.By by) {
    return draws.drawnWithAnswers(drawId)
        .compose(this::seating)
        .compose(this::fill)
        .compose(filling -> record(filling, by))
        .compose(filling -> invite(filling, by));
  }

  private Future<Seating> seating(Row draw) {
    long poolId = draw.getLong("pool_id");
    Future<VolunteerPool> pool = pools.pool(db, poolId);
    Future<List<Volunteer>> volunteers = SortitionStore.volunteers(db, poolId);
    Future<List<SortitionStore.Pick>> picks = SortitionStore.picks(db, draw.getLong("id"));
    return Future.all(pool, volunteers, picks)
        .map(x -> seating(draw, pool.result(), volunteers.result(), picks.result()));
  }

  static Seating seating(Row draw, VolunteerPool pool, List<Volunteer> volunteers, List<SortitionStore.Pick> picks) {
    Map<Long, Volunteer> byId = new HashMap<>();
    volunteers.forEach(v -> byId.put(v.id(), v));
    List<Respondent> seated = new ArrayList<>();
    List<Long> open = new ArrayList<>();
    List<Respondent> reserve = new ArrayList<>();
    Set<Long> picked = new HashSet<>();
    for (SortitionStore.Pick p : picks) {
      long v = p.volunteerId();
      picked.add(v);
      switch (p.status()) {
        case "INVITED", "ACCEPTED" -> seated.add(byId.get(v).respondent());
        case "DECLINED", "EXPIRED" -> {
          if (p.replacedBy() == null) {
            open.add(v);
          }
        }
        case "RESERVE" -> reserve.add(byId.get(v).respondent());
        default -> { }
      }
    }
    List<Respondent> candidates = volunteers.stream().filter(v -> !picked.contains(v.id()) && pool.eligible(v.features()))
        .map(Volunteer::respondent).toList();
    return new Seating(draw, QuotaJson.fromJson(draw.getJsonObject("quotas")), seated, open, reserve, candidates,
        picks.size());
  }

  /** Reserves while one fits; a fresh draw (on a worker thread, within the time limit) for the places left. */
  private Future<Filling> fill(Seating s) {
    List<Respondent> fromReserve = Replacement.reservesFor(s.seated(), s.open().size(), s.reserve(), s.quotas());
    int left = s.open().size() - fromReserve.size();
    if (left == 0) {
      return Future.succeededFuture(filling(s, fromReserve, List.of()));
    }
    List<Respondent> seated = new ArrayList<>(s.seated());
    seated.addAll(fromReserve);
    return runner.run(() -> Replacement.freshDraw(s.candidates(), seated, left, s.quotas(), s.draw().getString("seed"),
            s.picks(), runner.timeLimitSeconds()))
        .map(fresh -> filling(s, fromReserve, fresh));
  }

  private static Filling filling(Seating s, List<Respondent> fromReserve, List<Respondent> fresh) {
    List<Long> newcomers = new ArrayList<>();
    fromReserve.forEach(r -> newcomers.add(Long.parseLong(r.id())));
    fresh.forEach(r -> newcomers.add(Long.parseLong(r.id())));
    List<Replaced> replaced = new ArrayList<>();
    for (int i = 0; i < s.open().size(); i++) {
      replaced.add(new Replaced(s.open().get(i), newcomers.get(i)));
    }
    return new Filling(s, newcomers.subList(0, fromReserve.size()), newcomers.subList(fromReserve.size(), newcomers.size()),
        replaced);
  }

  /** The newcomers invited until a new deadline, each open place marked with who took it, one transaction. */
  private Future<Filling> record(Filling f, AuditLog.By by) {
    long drawId = f.seating().draw().getLong("id");
    OffsetDateTime deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(f.seating().draw().getInteger("respond_days"));
    return db.withTransaction(tx -> SortitionStore.insertPicks(tx, drawId, f.fresh(), "FRESH", "INVITED", deadline,
                f.seating().picks())
            .compose(x -> inviteReserves(tx, drawId, f.fromReserve(), deadline))
            .compose(x -> markReplaced(tx, drawId, f.replaced()))
            .compose(x -> AuditLog.record(tx, by, "sortition.replace", "sortition_draw", drawId,
                new JsonObject().put("fromReserve", f.fromReserve().size()).put("fresh", f.fresh().size()))))
        .map(f);
  }

  private static Future<Void> inviteReserves(SqlClient tx, long drawId, List<Long> reserves, OffsetDateTime deadline) {
    Future<Void> f = Future.succeededFuture();
    for (long v : reserves) {
      f = f.compose(x -> SortitionStore.invitePick(tx, drawId, v, deadline));
    }
    return f;
  }

  private static Future<Void> markReplaced(SqlClient tx, long drawId, List<Replaced> replaced) {
    Future<Void> f = Future.succeededFuture();
    for (Replaced r : replaced) {
      f = f.compose(x -> SortitionStore.replacedBy(tx, drawId, r.left(), r.newcomer()));
    }
    return f;
  }

  private Future<JsonObject> invite(Filling f, AuditLog.By by) {
    List<Long> newcomers = new ArrayList<>(f.fromReserve());
    newcomers.addAll(f.fresh());
    Row draw = f.seating().draw();
    return invitations.invite(draw.getLong("pool_id"), newcomers, draw.getInteger("respond_days"), by)
        .map(invited -> new JsonObject().put("replaced", f.replaced().size()).put("fromReserve", f.fromReserve().size())
            .put("fresh", f.fresh().size()).put("invitations", invited));
  }
}
