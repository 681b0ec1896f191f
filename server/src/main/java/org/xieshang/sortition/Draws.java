package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.identity.Account;
import org.xieshang.identity.IdentityService;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.time.ChinaTime;
import org.xieshang.platform.http.FieldError;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A draw once prepared: its published files, the draw itself (the public value picks the panel, the
 * rest of the eligible form the reserve, the panel is invited), and who was picked with their answers.
 */
public final class Draws {
  private final Pool db;
  private final Invitations invitations;
  private final IdentityService identity;
  private final VolunteerPools pools;

  Draws(Pool db, Invitations invitations, IdentityService identity, VolunteerPools pools) {
    this.db = db;
    this.invitations = invitations;
    this.identity = identity;
    this.pools = pools;
  }

  /**
   * Stores a prepared draw and its commitment, with its audit entry; refused while the pool has a
   * pending draw (the partial unique index also stops two preparing at once).
   */
  Future<Long> store(SortitionStore.NewDraw draw, AuditLog.By by) {
    return db.withTransaction(tx -> SortitionStore.insertDraw(tx, draw)
            .compose(id -> AuditLog.record(tx, by, "sortition.draw.prepare", "sortition_draw", id,
                new JsonObject().put("commitment", draw.lottery().commitment())).map(id)))
        .recover(e -> IdentityService.isUniqueViolation(e)
            ? SortitionStore.pendingDraw(db, draw.poolId()).compose(p -> Future.failedFuture(pending(p.orElse(0L))))
            : Future.failedFuture(e));
  }

  /** Fails when the pool already has a pending draw: its commitment is out, and must be drawn or withdrawn first. */
  Future<Void> noPendingDraw(long poolId) {
    return SortitionStore.pendingDraw(db, poolId)
        .compose(p -> p.isEmpty() ? Future.succeededFuture() : Future.failedFuture(pending(p.get())));
  }

  static DomainError pending(long drawId) {
    return new DomainError(409, "draw-pending", "已有待抽签的抽选",
        "抽选 #" + drawId + " 的种子承诺已经公布：请先抽签，或公开撤回它，再准备新的抽选",
        List.of(new FieldError("poolId", "抽选 #" + drawId + " 待抽签")), new JsonObject().put("drawId", drawId));
  }

  /**
   * The pool's draws for anyone signed in: each with its status, commitment and figures, the
   * withdrawn ones with when and why. Who was picked is staff's ({@link #status}).
   */
  public Future<JsonArray> ofPool(long poolId) {
    return pools.pool(db, poolId)
        .compose(p -> SortitionStore.drawsOf(db, poolId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(summary(r)));
          return out;
        });
  }

  /** Withdraws a pending draw, in public: it stays listed with its commitment and the reason, and its seed is published. */
  public Future<JsonObject> withdraw(long drawId, String reason, long accountId, AuditLog.By by) {
    return row(drawId)
        .compose(r -> DrawStatus.of(r) == DrawStatus.PREPARED ? Future.succeededFuture(r) : Future.failedFuture(notPending(r)))
        .compose(r -> db.withTransaction(tx -> SortitionStore.markWithdrawn(tx, drawId, reason, accountId)
            .compose(done -> done ? Future.succeededFuture() : Future.failedFuture(notPending(r)))
            .compose(x -> AuditLog.record(tx, by, "sortition.draw.withdraw", "sortition_draw", drawId,
                new JsonObject().put("reason", reason).put("commitment", r.getString("commitment"))))))
        .compose(x -> summary(drawId));
  }

  private static DomainError notPending(Row r) {
    return DomainError.conflict("draw-not-pending", DrawStatus.of(r) == DrawStatus.DRAWN ? "已经抽签" : "已经撤回",
        "drawId", "只有待抽签的抽选可以撤回");
  }

  Future<Row> row(long drawId) {
    return SortitionStore.draw(db, drawId)
        .compose(d -> d.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.notFound("抽选 " + drawId))));
  }

  public Future<JsonObject> summary(long drawId) {
    return row(drawId).map(Draws::summary);
  }

  private static JsonObject summary(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id")).put("poolId", r.getLong("pool_id")).put("status", r.getString("status"))
        .put("panelSize", r.getInteger("panel_size")).put("reserveSize", r.getInteger("reserve_size"))
        .put("algorithm", r.getString("algorithm")).put("panels", r.getInteger("panels"))
        .put("quotas", r.getJsonObject("quotas"))
        .put("commitment", r.getString("commitment")).put("lotterySha256", r.getString("lottery_sha256"))
        .put("minProbability", r.getDouble("min_probability")).put("gini", r.getDouble("gini"))
        .put("maxDeviation", r.getDouble("max_deviation"))
        .put("publicValue", r.getString("public_value"))
        .put("publicValueOn", r.getLocalDate("public_value_on") == null ? null : r.getLocalDate("public_value_on").toString())
        .put("panelNumber", r.getInteger("panel_number"))
        .put("preparedAt", instant(r.getOffsetDateTime("created_at"))).put("drawnAt", instant(r.getOffsetDateTime("drawn_at")))
        .put("withdrawnAt", instant(r.getOffsetDateTime("withdrawn_at"))).put("withdrawReason", r.getString("withdraw_reason"));
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  /**
   * The files anyone may read (pseudonyms only); the result only once drawn; the seed once drawn or
   * withdrawn (so anyone can check what a withdrawn draw would have picked with a later public value).
   */
  public Future<String> file(long drawId, String name) {
    return row(drawId).compose(r -> {
      boolean drawn = DrawStatus.of(r) == DrawStatus.DRAWN;
      boolean seedOut = drawn || DrawStatus.of(r) == DrawStatus.WITHDRAWN;
      String text = switch (name) {
        case "lottery.csv" -> r.getString("lottery");
        case "probabilities.csv" -> r.getString("probabilities");
        case "commitment.txt" -> r.getString("commitment") + "\n";
        case "seed.txt" -> seedOut ? r.getString("seed") + "\n" : null;
        case "public-value.txt" -> drawn ? r.getString("public_value") + "\n" : null;
        case "result.json" -> drawn ? result(r).encodePrettily() : null;
        default -> null;
      };
      return text == null ? Future.failedFuture(DomainError.notFound(drawn ? "文件 " + name : "文件 " + name + "（抽签后公布）"))
          : Future.succeededFuture(text);
    });
  }

  static JsonObject result(Row r) {
    int number = r.getInteger("panel_number");
    List<String> members = Lottery.panels(r.getString("lottery")).get(number);
    return new JsonObject().put("panel", number).put("members", new JsonArray(members))
        .put("public_value", r.getString("public_value")).put("commitment", r.getString("commitment"))
        .put("lottery_sha256", r.getString("lottery_sha256"));
  }

  /** What the public value decided: the panel's number and members, the reserve in its published order. */
  record Drawing(long drawId, long poolId, int respondDays, String publicValue, LocalDate publicValueOn, int number, List<String> members,
                 List<Long> panel, List<Long> reserve) {}

  /**
   * The draw: the public value picks the panel; the remaining eligible volunteers form the reserve in
   * an order fixed by the same values; the panel is invited to the activity (roster + link).
   */
  public Future<JsonObject> draw(long drawId, String publicValue, LocalDate publicValueOn, AuditLog.By by) {
    return row(drawId)
        .compose(Draws::prepared)
        .compose(d -> PublicValueDate.refusal(publicValueOn, d.getOffsetDateTime("created_at").toInstant(), LocalDate.now(ChinaTime.ZONE))
            .<Future<Row>>map(Future::failedFuture).orElseGet(() -> Future.succeededFuture(d)))
        .compose(d -> pools.phase(d.getLong("pool_id"))
            .compose(phase -> phase.canDraw() ? Future.succeededFuture(d) : Future.failedFuture(phase.drawingRefused("publicValue"))))
        .map(d -> drawing(d, publicValue, publicValueOn))
        .compose(drawing -> record(drawing, by))
        .compose(drawing -> invitations.invite(drawing.poolId(), drawing.panel(), drawing.respondDays(), by)
            .map(invited -> new JsonObject().put("panel", drawing.number())
                .put("members", new JsonArray(drawing.members())).put("invitations", invited)));
  }

  private static Future<Row> prepared(Row d) {
    return DrawStatus.of(d) == DrawStatus.PREPARED ? Future.succeededFuture(d)
        : Future.failedFuture(DrawStatus.of(d) == DrawStatus.WITHDRAWN
            ? DomainError.conflict("draw-withdrawn", "抽选已撤回", "publicValue", "已撤回的抽选不能再抽签") : alreadyDrawn());
  }

  private static DomainError alreadyDrawn() {
    return DomainError.conflict("already-drawn", "已经抽签", "publicValue", "每次抽选只能抽签一次");
  }

  static Drawing drawing(Row r, String publicValue, LocalDate publicValueOn) {
    String seed = r.getString("seed");
    int number = Lottery.draw(seed, publicValue, r.getString("lottery_sha256"), r.getInteger("panels"));
    Set<String> chosen = Set.copyOf(Lottery.panels(r.getString("lottery")).get(number));
    List<Long> panel = new ArrayList<>();
    List<String[]> others = new ArrayList<>();
    r.getJsonObject("pseudonyms").forEach(e -> {
      if (chosen.contains((String) e.getValue())) {
        panel.add(Long.parseLong(e.getKey()));
      } else {
        // reserve order: by SHA-256(seed:value:reserve:pseudonym), checkable once the seed is out
        others.add(new String[]{e.getKey(), Lottery.sha256Hex(seed + ":" + publicValue.strip() + ":reserve:" + e.getValue())});
      }
    });
    others.sort(Comparator.comparing(a -> a[1]));
    List<Long> reserve = others.stream().limit(r.getInteger("reserve_size")).map(a -> Long.parseLong(a[0])).toList();
    return new Drawing(r.getLong("id"), r.getLong("pool_id"), r.getInteger("respond_days"), publicValue.strip(), publicValueOn, number,
        List.copyOf(chosen), panel, reserve);
  }

  /** The panel invited until the deadline, the reserve waiting, in one transaction with the audit entry. */
  private Future<Drawing> record(Drawing d, AuditLog.By by) {
    OffsetDateTime deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(d.respondDays());
    return db.withTransaction(tx -> SortitionStore.markDrawn(tx, d.drawId(), d.publicValue(), d.publicValueOn(), d.number())
            .compose(marked -> marked ? Future.succeededFuture() : Future.failedFuture(alreadyDrawn()))
            .compose(x -> SortitionStore.insertPicks(tx, d.drawId(), d.panel(), "PANEL", "INVITED", deadline, 0))
            .compose(x -> SortitionStore.insertPicks(tx, d.drawId(), d.reserve(), "RESERVE", "RESERVE", null, 0))
            .compose(x -> AuditLog.record(tx, by, "sortition.draw", "sortition_draw", d.drawId(),
                new JsonObject().put("publicValue", d.publicValue()).put("publicValueOn", d.publicValueOn().toString())
                    .put("panel", d.number()))))
        .map(d);
  }

  /** Everyone picked, with their answers so far (staff). Roster answers are read in first. */
  public Future<JsonObject> status(long drawId) {
    return row(drawId)
        .compose(d -> invitations.readAnswers(d).map(d))
        .compose(d -> SortitionStore.picksWithVolunteers(db, drawId)
            .compose(picks -> identity.accountsById(picks.stream().map(p -> p.getLong("account_id")).toList())
                .map(accounts -> summary(d).put("picks", picksJson(d.getJsonObject("pseudonyms"), picks, accounts)))));
  }

  private static JsonArray picksJson(JsonObject pseudonyms, List<Row> rows, Map<Long, Account> accounts) {
    JsonArray picks = new JsonArray();
    rows.forEach(r -> picks.add(new JsonObject().put("volunteerId", r.getLong("volunteer_id"))
        .put("pseudonym", pseudonyms.getString(Long.toString(r.getLong("volunteer_id"))))
        .put("name", accounts.get(r.getLong("account_id")).displayName()).put("features", r.getJsonObject("features"))
        .put("kind", r.getString("kind")).put("status", r.getString("status"))
        .put("deadline", r.getOffsetDateTime("deadline") == null ? null : r.getOffsetDateTime("deadline").toInstant().toString())
        .put("replacedBy", r.getLong("replaced_by"))));
    return picks;
  }

  /** A draw drawn, with the answers read in from the roster: what replacement starts from. */
  Future<Row> drawnWithAnswers(long drawId) {
    return row(drawId)
        .compose(d -> invitations.readAnswers(d).map(d))
        .compose(d -> DrawStatus.of(d) == DrawStatus.DRAWN ? Future.succeededFuture(d)
            : Future.failedFuture(DomainError.conflict("not-drawn", "尚未抽签", "drawId", "抽签后才能补位")))
        .compose(d -> pools.phase(d.getLong("pool_id"))
            .compose(phase -> phase.canDraw() ? Future.succeededFuture(d) : Future.failedFuture(phase.drawingRefused("drawId"))));
  }
}
