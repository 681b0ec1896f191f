package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All SQL of sortition: its tables are sortition_pool, pool_volunteer, sortition_draw and draw_pick, and
 * it reads no other. A volunteer's account (name, phone, organisation) is identity's
 * ({@code IdentityService.publicAccount}, {@code accountsById}); roster entries, links, venues and the
 * invitees' answers are activity's.
 */
final class SortitionStore {
  private SortitionStore() {}

  // ---- pools and volunteers

  static Future<Long> insertPool(SqlClient db, String title, String topic, Long activityId, String question,
                                 List<String> options, List<String> counties, List<String> ageBands, long createdBy) {
    return db.preparedQuery("""
            INSERT INTO sortition_pool (title, topic, activity_id, viewpoint_question, viewpoint_options, eligible_counties,
                                        eligible_age_bands, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(Tuple.from(new Object[]{title, topic, activityId, question, options.toArray(new String[0]),
            counties.toArray(new String[0]), ageBands.toArray(new String[0]), createdBy}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Optional<VolunteerPool>> pool(SqlClient db, long poolId) {
    return db.preparedQuery("SELECT * FROM sortition_pool WHERE id = $1").execute(Tuple.of(poolId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(volunteerPool(rows.iterator().next())));
  }

  /** A pool listed with its number of volunteers, whether the account is one of them, and how far its draws went. */
  record Listed(VolunteerPool pool, long volunteers, boolean mine, DrawStatus drawn) {}

  /** How far a pool's draws went, withdrawn ones aside: DRAWN if one was drawn, else PREPARED if one is pending, else none. */
  private static final String DRAWN_SO_FAR = """
      (SELECT d.status FROM sortition_draw d WHERE d.pool_id = p.id AND d.status <> 'WITHDRAWN'
        ORDER BY d.status = 'DRAWN' DESC LIMIT 1)""";

  private static DrawStatus drawStatus(Row r) {
    String s = r.getString("drawn");
    return s == null ? null : DrawStatus.valueOf(s);
  }

  /** How far the pool's draws went (see {@link #DRAWN_SO_FAR}); null when none is pending or drawn. */
  static Future<DrawStatus> drawnSoFar(SqlClient db, long poolId) {
    return db.preparedQuery("SELECT " + DRAWN_SO_FAR + " AS drawn FROM sortition_pool p WHERE p.id = $1").execute(Tuple.of(poolId))
        .map(rows -> rows.size() == 0 ? null : drawStatus(rows.iterator().next()));
  }

  /** The open pools, or every pool when {@code all}; newest first. */
  static Future<List<Listed>> pools(SqlClient db, long accountId, boolean all) {
    return db.preparedQuery("""
            SELECT p.*, (SELECT count(*) FROM pool_volunteer v WHERE v.pool_id = p.id) AS volunteers,
                   EXISTS (SELECT 1 FROM pool_volunteer v WHERE v.pool_id = p.id AND v.account_id = $1) AS mine,
                   """ + DRAWN_SO_FAR + """
                    AS drawn
              FROM sortition_pool p WHERE p.open OR $2 ORDER BY p.id DESC""")
        .execute(Tuple.of(accountId, all))
        .map(rows -> {
          List<Listed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Listed(volunteerPool(r), r.getLong("volunteers"), r.getBoolean("mine"), drawStatus(r))));
          return out;
        });
  }

  private static VolunteerPool volunteerPool(Row r) {
    return new VolunteerPool(r.getLong("id"), r.getString("title"), r.getString("topic"), r.getLong("activity_id"),
        r.getString("viewpoint_question"), List.of(r.getArrayOfStrings("viewpoint_options")),
        List.of(r.getArrayOfStrings("eligible_counties")), List.of(r.getArrayOfStrings("eligible_age_bands")),
        r.getBoolean("open"));
  }

  /** A volunteer registering themselves: a second registration replaces the answers and renews the consent. */
  static Future<Void> register(SqlClient db, long poolId, long accountId, JsonObject features, String household) {
    return db.preparedQuery("""
            INSERT INTO pool_volunteer (pool_id, account_id, features, household, consent_at, source)
            VALUES ($1, $2, $3, $4, now(), 'REGISTERED')
            ON CONFLICT (pool_id, account_id) DO UPDATE SET features = EXCLUDED.features,
                   household = EXCLUDED.household, consent_at = now()""")
        .execute(Tuple.of(poolId, accountId, features, household))
        .mapEmpty();
  }

  /** A volunteer from an offline list (consent recorded there): a second import replaces the answers. */
  static Future<Void> importVolunteer(SqlClient db, long poolId, long accountId, JsonObject features, String household) {
    return db.preparedQuery("""
            INSERT INTO pool_volunteer (pool_id, account_id, features, household, consent_at, source)
            VALUES ($1, $2, $3, $4, now(), 'IMPORTED')
            ON CONFLICT (pool_id, account_id) DO UPDATE SET features = EXCLUDED.features, household = EXCLUDED.household""")
        .execute(Tuple.of(poolId, accountId, features, household))
        .mapEmpty();
  }

  /** Every volunteer of the pool, in the order they joined. */
  static Future<List<Volunteer>> volunteers(SqlClient db, long poolId) {
    return db.preparedQuery("""
            SELECT id, account_id, features, household, source FROM pool_volunteer WHERE pool_id = $1 ORDER BY id""")
        .execute(Tuple.of(poolId))
        .map(rows -> {
          List<Volunteer> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Volunteer(r.getLong("id"), r.getLong("account_id"), r.getJsonObject("features"),
              r.getString("household"), r.getString("source"))));
          return out;
        });
  }

  // ---- draws

  /** What a prepared draw stores: the lottery, its commitment and how fair it is. */
  record NewDraw(long poolId, int panelSize, int reserveSize, JsonObject quotas, String algorithm, int panels,
                 Lottery.Published lottery, double minProbability, double gini, int respondDays, long createdBy) {}

  static Future<Long> insertDraw(SqlClient db, NewDraw d) {
    Lottery.Published l = d.lottery();
    return db.preparedQuery("""
            INSERT INTO sortition_draw (pool_id, panel_size, reserve_size, quotas, algorithm, panels, lottery, probabilities,
                                        lottery_sha256, commitment, seed, pseudonyms, min_probability, gini, max_deviation,
                                        respond_days, status, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'PREPARED', $17) RETURNING id""")
        .execute(Tuple.from(new Object[]{d.poolId(), d.panelSize(), d.reserveSize(), d.quotas(), d.algorithm(), d.panels(),
            l.lotteryCsv(), l.probabilitiesCsv(), l.lotterySha256(), l.commitment(), l.seed(),
            new JsonObject(new LinkedHashMap<>(l.pseudonyms())), d.minProbability(), d.gini(), l.maxDeviation(),
            d.respondDays(), d.createdBy()}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Optional<Row>> draw(SqlClient db, long drawId) {
    return db.preparedQuery("SELECT * FROM sortition_draw WHERE id = $1").execute(Tuple.of(drawId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** The pool's draws, newest first: pending, drawn and withdrawn alike (each stays listed with its commitment). */
  static Future<List<Row>> drawsOf(SqlClient db, long poolId) {
    return db.preparedQuery("SELECT * FROM sortition_draw WHERE pool_id = $1 ORDER BY id DESC")
        .execute(Tuple.of(poolId))
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }

  /** The pool's pending (prepared, not drawn or withdrawn) draw, if any: at most one (a partial unique index). */
  static Future<Optional<Long>> pendingDraw(SqlClient db, long poolId) {
    return db.preparedQuery("SELECT id FROM sortition_draw WHERE pool_id = $1 AND status = 'PREPARED'")
        .execute(Tuple.of(poolId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** Withdraws a pending draw with the reason; false when it was drawn or withdrawn meanwhile. */
  static Future<Boolean> markWithdrawn(SqlClient db, long drawId, String reason, long by) {
    return db.preparedQuery("""
            UPDATE sortition_draw SET status = 'WITHDRAWN', withdrawn_at = now(), withdrawn_by = $3, withdraw_reason = $2
             WHERE id = $1 AND status = 'PREPARED'""")
        .execute(Tuple.of(drawId, reason, by))
        .map(u -> u.rowCount() == 1);
  }

  /** Records the public value and the panel it picked; false when the draw was drawn meanwhile. */
  static Future<Boolean> markDrawn(SqlClient db, long drawId, String publicValue, LocalDate publicValueOn, int panelNumber) {
    return db.preparedQuery("""
            UPDATE sortition_draw SET status = 'DRAWN', public_value = $2, public_value_on = $4, panel_number = $3, drawn_at = now()
             WHERE id = $1 AND status = 'PREPARED'""")
        .execute(Tuple.of(drawId, publicValue, panelNumber, publicValueOn))
        .map(u -> u.rowCount() == 1);
  }

  /** Adds volunteers to the draw's picks at positions {@code from}, {@code from + 1}, … (a pick already there is overwritten). */
  static Future<Void> insertPicks(SqlClient db, long drawId, List<Long> volunteers, String kind, String status,
                                  OffsetDateTime deadline, int from) {
    Future<Void> f = Future.succeededFuture();
    for (int i = 0; i < volunteers.size(); i++) {
      int position = from + i;
      long v = volunteers.get(i);
      f = f.compose(x -> db.preparedQuery("""
              INSERT INTO draw_pick (draw_id, volunteer_id, kind, position, status, deadline) VALUES ($1, $2, $3, $4, $5, $6)
              ON CONFLICT (draw_id, volunteer_id) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status,
                     deadline = EXCLUDED.deadline""")
          .execute(Tuple.of(drawId, v, kind, position, status, deadline)).mapEmpty());
    }
    return f;
  }

  /** A pick as replacement reads it. */
  record Pick(long volunteerId, String kind, int position, String status, Long replacedBy) {}

  static Future<List<Pick>> picks(SqlClient db, long drawId) {
    return db.preparedQuery(
            "SELECT volunteer_id, kind, position, status, replaced_by FROM draw_pick WHERE draw_id = $1 ORDER BY position")
        .execute(Tuple.of(drawId))
        .map(rows -> {
          List<Pick> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Pick(r.getLong("volunteer_id"), r.getString("kind"), r.getInteger("position"),
              r.getString("status"), r.getLong("replaced_by"))));
          return out;
        });
  }

  /** Everyone picked with their account and answers: the panel first, then fresh draws, then the reserve. */
  static Future<List<Row>> picksWithVolunteers(SqlClient db, long drawId) {
    return db.preparedQuery("""
            SELECT p.volunteer_id, p.kind, p.position, p.status, p.deadline, p.replaced_by, v.account_id, v.features
              FROM draw_pick p JOIN pool_volunteer v ON v.id = p.volunteer_id
             WHERE p.draw_id = $1 ORDER BY p.kind <> 'PANEL', p.kind <> 'FRESH', p.position""")
        .execute(Tuple.of(drawId))
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }

  /** The accounts of those invited (or who answered): whose answers to read from the roster. */
  static Future<List<Long>> invitedAccounts(SqlClient db, long drawId) {
    return db.preparedQuery("""
            SELECT v.account_id FROM draw_pick p JOIN pool_volunteer v ON v.id = p.volunteer_id
             WHERE p.draw_id = $1 AND p.status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'EXPIRED')""")
        .execute(Tuple.of(drawId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /**
   * Takes in the answers on the roster (account → INVITED, ACCEPTED or DECLINED): an acceptance or a
   * refusal stands, no answer past the deadline is EXPIRED; then expires every invitation past its
   * deadline, also of those not on the roster.
   */
  static Future<Void> applyAnswers(SqlClient db, long drawId, Map<Long, String> answers) {
    Long[] accounts = answers.keySet().toArray(new Long[0]);
    String[] values = Arrays.stream(accounts).map(answers::get).toArray(String[]::new);
    return db.preparedQuery("""
            UPDATE draw_pick p SET status = CASE r.invitation WHEN 'ACCEPTED' THEN 'ACCEPTED' WHEN 'DECLINED' THEN 'DECLINED'
                                                 ELSE CASE WHEN p.deadline < now() THEN 'EXPIRED' ELSE 'INVITED' END END
              FROM pool_volunteer v, unnest($2::bigint[], $3::text[]) AS r(account_id, invitation)
             WHERE p.draw_id = $1 AND v.id = p.volunteer_id AND r.account_id = v.account_id
               AND p.status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'EXPIRED')""")
        .execute(Tuple.of(drawId, (Object) accounts, (Object) values))
        .compose(x -> db.preparedQuery("""
            UPDATE draw_pick SET status = 'EXPIRED' WHERE draw_id = $1 AND status = 'INVITED' AND deadline < now()""")
            .execute(Tuple.of(drawId)))
        .mapEmpty();
  }

  /** A reserve called up: invited, with a new deadline. */
  static Future<Void> invitePick(SqlClient db, long drawId, long volunteerId, OffsetDateTime deadline) {
    return db.preparedQuery("UPDATE draw_pick SET status = 'INVITED', deadline = $3 WHERE draw_id = $1 AND volunteer_id = $2")
        .execute(Tuple.of(drawId, volunteerId, deadline)).mapEmpty();
  }

  static Future<Void> replacedBy(SqlClient db, long drawId, long left, long newcomer) {
    return db.preparedQuery("UPDATE draw_pick SET replaced_by = $3 WHERE draw_id = $1 AND volunteer_id = $2")
        .execute(Tuple.of(drawId, left, newcomer)).mapEmpty();
  }

  // ---- invitations

  /** A volunteer to invite and their account. */
  record Invitee(long volunteerId, long accountId) {}

  static Future<List<Invitee>> invitees(SqlClient db, List<Long> volunteerIds) {
    return db.preparedQuery("SELECT id, account_id FROM pool_volunteer WHERE id = ANY($1) ORDER BY id")
        .execute(Tuple.of((Object) volunteerIds.toArray(new Long[0])))
        .map(rows -> {
          List<Invitee> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Invitee(r.getLong("id"), r.getLong("account_id"))));
          return out;
        });
  }
}
