package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.xieshang.activity.ActivityService;
import org.xieshang.activity.SessionRole;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.identity.Role;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.UploadedTable;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drawing public participants in the product (RULES.md Art. 21): volunteer pools, verifiable draws
 * (docs/sortition.md: the same lottery, commitment and files as the command line, so
 * scripts/verify-draw checks a draw made here), invitations to the activity's roster, and replacements
 * that keep the quotas.
 */
public final class SortitionService {
  public static final Set<String> FEATURES = Set.of("county", "township", "sector", "gender", "ageBand", "education",
      "occupation", "viewpoint");

  private final Vertx vertx;
  private final Pool pool;
  private final ActivityService activities;
  private final double timeLimitSeconds;

  public SortitionService(Vertx vertx, Pool pool, ActivityService activities, double timeLimitSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.activities = activities;
    this.timeLimitSeconds = timeLimitSeconds;
  }

  /** A selection that ran out of time, as an answer staff can act on. */
  private DomainError timedOut(Leximin.TimeLimit t) {
    return new DomainError(409, "selection-timeout", "抽选计算超时", String.format(Locale.ROOT,
        "%.0f 秒内未算完（已达到的最低抽中概率 %.2f%%，任何抽选方式至多 %.2f%%）：可减少配额类别、放宽配额，或改用 maximin",
        timeLimitSeconds, t.reached() * 100, t.bound() * 100), List.of(), null);
  }

  // ---- pools and volunteers

  public Future<Long> createPool(Caller caller, String title, String topic, Long activityId, String question,
                                 List<String> options, List<String> counties, List<String> ageBands, AuditLog.By by) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO sortition_pool (title, topic, activity_id, viewpoint_question, viewpoint_options, eligible_counties,
                                        eligible_age_bands, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(Tuple.from(new Object[]{title, topic, activityId, question, options.toArray(new String[0]),
            counties.toArray(new String[0]), ageBands.toArray(new String[0]), caller.accountId()}))
        .recover(e -> Future.failedFuture(String.valueOf(e.getMessage()).contains("foreign key")
            ? DomainError.invalid("activityId", "不存在") : e))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> AuditLog.record(tx, by, "sortition.pool.create", "sortition_pool", id,
            new JsonObject().put("title", title)).map(id)));
  }

  /** Staff see every pool; the public see the open ones, and whether they have volunteered. */
  public Future<JsonArray> pools(Caller caller) {
    boolean staff = caller.can(Permission.SORTITION_MANAGE);
    return pool.preparedQuery("""
            SELECT p.*, (SELECT count(*) FROM pool_volunteer v WHERE v.pool_id = p.id) AS volunteers,
                   EXISTS (SELECT 1 FROM pool_volunteer v WHERE v.pool_id = p.id AND v.account_id = $1) AS mine
              FROM sortition_pool p WHERE p.open OR $2 ORDER BY p.id DESC""")
        .execute(Tuple.of(caller.accountId(), staff))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(poolJson(r).put("volunteers", staff ? r.getLong("volunteers") : null)
              .put("registered", r.getBoolean("mine"))));
          return out;
        });
  }

  static JsonObject poolJson(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title")).put("topic", r.getString("topic"))
        .put("activityId", r.getLong("activity_id")).put("viewpointQuestion", r.getString("viewpoint_question"))
        .put("viewpointOptions", new JsonArray(List.of(r.getArrayOfStrings("viewpoint_options"))))
        .put("eligibleCounties", new JsonArray(List.of(r.getArrayOfStrings("eligible_counties"))))
        .put("eligibleAgeBands", new JsonArray(List.of(r.getArrayOfStrings("eligible_age_bands"))))
        .put("open", r.getBoolean("open"));
  }

  private Future<Row> poolRow(SqlClient db, long poolId) {
    return db.preparedQuery("SELECT * FROM sortition_pool WHERE id = $1").execute(Tuple.of(poolId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(DomainError.notFound("报名池 " + poolId))
            : Future.succeededFuture(rows.iterator().next()));
  }

  /** A public user volunteers (or changes their answers), with their consent. */
  public Future<Void> register(Caller caller, long poolId, JsonObject features, String household, AuditLog.By by) {
    if (!caller.has(Role.PUBLIC)) {
      return Future.failedFuture(DomainError.forbidden("随机抽选面向群众，委员和工作人员无需报名"));
    }
    return poolRow(pool, poolId).compose(p -> {
      if (!p.getBoolean("open")) {
        return Future.failedFuture(DomainError.conflict("pool-closed", "报名已截止", "poolId", "该报名池已关闭"));
      }
      List<String> options = List.of(p.getArrayOfStrings("viewpoint_options"));
      if (!options.isEmpty() && !options.contains(features.getString("viewpoint"))) {
        return Future.failedFuture(DomainError.invalid("features.viewpoint", "请从给定的选项中选择：" + String.join("、", options)));
      }
      return pool.withTransaction(tx -> tx.preparedQuery("SELECT phone IS NOT NULL FROM account WHERE id = $1")
          .execute(Tuple.of(caller.accountId()))
          .compose(rows -> rows.iterator().next().getBoolean(0) ? Future.succeededFuture()
              : Future.failedFuture(DomainError.forbidden("报名需先验证手机号")))
          .compose(x -> tx.preparedQuery("""
                  INSERT INTO pool_volunteer (pool_id, account_id, features, household, consent_at, source)
                  VALUES ($1, $2, $3, $4, now(), 'REGISTERED')
                  ON CONFLICT (pool_id, account_id) DO UPDATE SET features = EXCLUDED.features,
                         household = EXCLUDED.household, consent_at = now()""")
              .execute(Tuple.of(poolId, caller.accountId(), features, household)))
          .compose(x -> AuditLog.record(tx, by, "sortition.volunteer.register", "sortition_pool", poolId, null)));
    });
  }

  /** Volunteers collected offline (with consent recorded there), each given a public account by phone. */
  public Future<JsonObject> importVolunteers(long poolId, UploadedTable.File file, AuditLog.By by) {
    return poolRow(pool, poolId)
        .compose(p -> vertx.executeBlocking(() -> VolunteerImport.parse(UploadedTable.read(file)), false))
        .compose(rows -> pool.withTransaction(tx -> {
      Future<Integer> f = Future.succeededFuture(0);
      for (VolunteerImport.Row row : rows) {
        f = f.compose(n -> tx.preparedQuery("""
                INSERT INTO account (username, display_name, roles, phone, organization_id)
                VALUES ('p' || $1, $2, ARRAY['PUBLIC'], $1,
                        (SELECT id FROM organization WHERE name = $3 || '政协' OR name = $3 LIMIT 1))
                ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone RETURNING id""")
            .execute(Tuple.of(row.phone(), row.name(), row.features().getString("county")))
            .compose(acc -> tx.preparedQuery("""
                    INSERT INTO pool_volunteer (pool_id, account_id, features, household, consent_at, source)
                    VALUES ($1, $2, $3, $4, now(), 'IMPORTED')
                    ON CONFLICT (pool_id, account_id) DO UPDATE SET features = EXCLUDED.features, household = EXCLUDED.household""")
                .execute(Tuple.of(poolId, acc.iterator().next().getLong(0), row.features(), row.household())))
            .map(n + 1));
      }
      return f.compose(n -> AuditLog.record(tx, by, "sortition.volunteer.import", "sortition_pool", poolId,
          new JsonObject().put("rows", n)).map(new JsonObject().put("imported", n)));
    }));
  }

  public Future<JsonArray> volunteers(long poolId) {
    return poolRow(pool, poolId).compose(p -> volunteerRows(pool, poolId).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(v -> out.add(new JsonObject().put("id", v.id).put("name", v.name).put("features", v.features)
          .put("household", v.household).put("eligible", eligible(p, v.features)).put("source", v.source)));
      return out;
    }));
  }

  record Volunteer(long id, long accountId, String name, JsonObject features, String household, String source,
                   Long organizationId) {
    Respondent respondent() {
      Map<String, String> f = new LinkedHashMap<>();
      features.forEach(e -> f.put(e.getKey(), String.valueOf(e.getValue())));
      return new Respondent(Long.toString(id), f, household);
    }
  }

  private static Future<List<Volunteer>> volunteerRows(SqlClient db, long poolId) {
    return db.preparedQuery("""
            SELECT v.id, v.account_id, a.display_name, v.features, v.household, v.source, a.organization_id
              FROM pool_volunteer v JOIN account a ON a.id = v.account_id WHERE v.pool_id = $1 ORDER BY v.id""")
        .execute(Tuple.of(poolId))
        .map(rows -> {
          List<Volunteer> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Volunteer(r.getLong("id"), r.getLong("account_id"), r.getString("display_name"),
              r.getJsonObject("features"), r.getString("household"), r.getString("source"), r.getLong("organization_id"))));
          return out;
        });
  }

  static boolean eligible(Row pool, JsonObject features) {
    List<String> counties = List.of(pool.getArrayOfStrings("eligible_counties"));
    List<String> bands = List.of(pool.getArrayOfStrings("eligible_age_bands"));
    return (counties.isEmpty() || counties.contains(features.getString("county")))
        && (bands.isEmpty() || bands.contains(features.getString("ageBand")));
  }

  // ---- draws

  /**
   * Computes the distribution over the eligible volunteers, rounds it to a lottery of M numbered
   * panels and commits to a secret seed. Runs on a worker thread: LEXIMIN takes seconds on big pools.
   */
  public Future<JsonObject> prepareDraw(Caller caller, long poolId, int panelSize, int reserveSize, Quotas quotas,
                                        String algorithm, int panels, int respondDays, AuditLog.By by) {
    return poolRow(pool, poolId).compose(p -> volunteerRows(pool, poolId).compose(all -> {
      List<Volunteer> eligible = all.stream().filter(v -> eligible(p, v.features)).toList();
      return vertx.executeBlocking(() -> lottery(eligible, quotas, panelSize, algorithm, panels, timeLimitSeconds), false)
          .recover(e -> Future.failedFuture(e instanceof Leximin.TimeLimit t ? timedOut(t) : e));
    })).compose(made -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO sortition_draw (pool_id, panel_size, reserve_size, quotas, algorithm, panels, lottery, probabilities,
                                        lottery_sha256, commitment, seed, pseudonyms, min_probability, gini, max_deviation,
                                        respond_days, status, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'PREPARED', $17) RETURNING id""")
        .execute(Tuple.from(new Object[]{poolId, panelSize, reserveSize, quotasJson(quotas), algorithm, panels,
            made.published().lotteryCsv(), made.published().probabilitiesCsv(), made.published().lotterySha256(),
            made.published().commitment(), made.published().seed(), new JsonObject(new LinkedHashMap<>(made.published().pseudonyms())),
            made.minimum(), made.gini(), made.published().maxDeviation(), respondDays, caller.accountId()}))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> AuditLog.record(tx, by, "sortition.draw.prepare", "sortition_draw", id,
            new JsonObject().put("commitment", made.published().commitment())).map(id))))
        .compose(this::summary);
  }

  /** How many LEGACY draws estimate its probabilities when staff compare algorithms. */
  static final int LEGACY_DRAWS = 2000;

  /**
   * LEXIMIN, MAXIMIN and LEGACY on the eligible volunteers with these quotas, before a draw is prepared:
   * each algorithm's smallest probability, Gini coefficient and time, and every volunteer's probability
   * under each (LEGACY's estimated from repeated draws). Staff see what the fair algorithms buy.
   */
  public Future<JsonObject> compare(long poolId, int panelSize, Quotas quotas) {
    return poolRow(pool, poolId).compose(p -> volunteerRows(pool, poolId).compose(all -> {
      List<Volunteer> eligible = all.stream().filter(v -> eligible(p, v.features)).toList();
      return vertx.executeBlocking(() -> comparison(eligible, quotas, panelSize, timeLimitSeconds), false)
          .recover(e -> Future.failedFuture(e instanceof Leximin.TimeLimit t ? timedOut(t) : e));
    }));
  }

  static JsonObject comparison(List<Volunteer> eligible, Quotas quotas, int k, double seconds) {
    List<Respondent> respondents = eligible.stream().map(Volunteer::respondent).toList();
    org.xieshang.sortition.Pool types = org.xieshang.sortition.Pool.of(respondents, quotas);
    JsonArray algorithms = new JsonArray();
    Map<String, Map<String, Double>> chances = new LinkedHashMap<>();
    for (String algorithm : List.of("leximin", "maximin", "legacy")) {
      long start = System.nanoTime();
      Map<String, Double> p;
      if (algorithm.equals("legacy")) {
        p = Legacy.estimate(respondents, quotas, k, LEGACY_DRAWS, 1);
      } else {
        p = Leximin.within(types, quotas, k, algorithm.equals("maximin"), seconds).byRespondent();
      }
      double[] values = p.values().stream().mapToDouble(Double::doubleValue).toArray();
      algorithms.add(new JsonObject().put("algorithm", algorithm)
          .put("minProbability", java.util.Arrays.stream(values).min().orElse(0))
          .put("gini", Distribution.gini(values))
          .put("seconds", (System.nanoTime() - start) / 1e9));
      chances.put(algorithm, p);
    }
    JsonArray volunteers = new JsonArray();
    for (Volunteer v : eligible) {
      String id = Long.toString(v.id);
      JsonObject row = new JsonObject().put("id", v.id).put("name", v.name).put("county", v.features.getString("county"));
      chances.forEach((algorithm, p) -> row.put(algorithm, p.getOrDefault(id, 0.0)));
      volunteers.add(row);
    }
    return new JsonObject().put("panelSize", k).put("legacyDraws", LEGACY_DRAWS).put("algorithms", algorithms)
        .put("volunteers", volunteers);
  }

  record Made(Lottery.Published published, double minimum, double gini) {}

  static Made lottery(List<Volunteer> eligible, Quotas quotas, int k, String algorithm, int m, double seconds) {
    List<Respondent> respondents = eligible.stream().map(Volunteer::respondent).toList();
    org.xieshang.sortition.Pool types = org.xieshang.sortition.Pool.of(respondents, quotas);
    Distribution d = Leximin.within(types, quotas, k, algorithm.equals("maximin"), seconds);
    return new Made(Lottery.publish(d, respondents, m), d.minimum(), d.gini());
  }

  static JsonObject quotasJson(Quotas q) {
    JsonObject out = new JsonObject();
    q.categories().forEach((c, f) -> {
      JsonObject values = new JsonObject();
      f.forEach((v, b) -> values.put(v, new JsonObject().put("min", b.min()).put("max", b.max())));
      out.put(c, values);
    });
    return out;
  }

  static Quotas quotasOf(JsonObject json) {
    Map<String, Map<String, Quotas.Bounds>> out = new LinkedHashMap<>();
    json.forEach(c -> {
      Map<String, Quotas.Bounds> values = new LinkedHashMap<>();
      ((JsonObject) c.getValue()).forEach(v -> {
        JsonObject b = (JsonObject) v.getValue();
        values.put(v.getKey(), new Quotas.Bounds(b.getInteger("min"), b.getInteger("max")));
      });
      out.put(c.getKey(), values);
    });
    return new Quotas(out);
  }

  public Future<JsonObject> summary(long drawId) {
    return drawRow(drawId).map(r -> new JsonObject()
        .put("id", r.getLong("id")).put("poolId", r.getLong("pool_id")).put("status", r.getString("status"))
        .put("panelSize", r.getInteger("panel_size")).put("reserveSize", r.getInteger("reserve_size"))
        .put("algorithm", r.getString("algorithm")).put("panels", r.getInteger("panels"))
        .put("quotas", r.getJsonObject("quotas"))
        .put("commitment", r.getString("commitment")).put("lotterySha256", r.getString("lottery_sha256"))
        .put("minProbability", r.getDouble("min_probability")).put("gini", r.getDouble("gini"))
        .put("maxDeviation", r.getDouble("max_deviation"))
        .put("publicValue", r.getString("public_value")).put("panelNumber", r.getInteger("panel_number")));
  }

  private Future<Row> drawRow(long drawId) {
    return pool.preparedQuery("SELECT * FROM sortition_draw WHERE id = $1").execute(Tuple.of(drawId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(DomainError.notFound("抽选 " + drawId))
            : Future.succeededFuture(rows.iterator().next()));
  }

  /** The files anyone may read (pseudonyms only); the seed and the result only once drawn. */
  public Future<String> file(long drawId, String name) {
    return drawRow(drawId).compose(r -> {
      boolean drawn = "DRAWN".equals(r.getString("status"));
      String text = switch (name) {
        case "lottery.csv" -> r.getString("lottery");
        case "probabilities.csv" -> r.getString("probabilities");
        case "commitment.txt" -> r.getString("commitment") + "\n";
        case "seed.txt" -> drawn ? r.getString("seed") + "\n" : null;
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

  /**
   * The draw: the public value picks the panel; the remaining eligible volunteers form the reserve in
   * an order fixed by the same values; the panel is invited to the activity (roster + link).
   */
  public Future<JsonObject> draw(long drawId, String publicValue, AuditLog.By by) {
    return drawRow(drawId).compose(r -> {
      if (!"PREPARED".equals(r.getString("status"))) {
        return Future.failedFuture(DomainError.conflict("already-drawn", "已经抽签", "publicValue", "每次抽选只能抽签一次"));
      }
      int m = r.getInteger("panels");
      int number = Lottery.draw(r.getString("seed"), publicValue, r.getString("lottery_sha256"), m);
      Set<String> chosen = Set.copyOf(Lottery.panels(r.getString("lottery")).get(number));
      JsonObject pseudonyms = r.getJsonObject("pseudonyms");
      List<Long> panel = new ArrayList<>();
      List<String[]> others = new ArrayList<>();
      pseudonyms.forEach(e -> {
        if (chosen.contains((String) e.getValue())) {
          panel.add(Long.parseLong(e.getKey()));
        } else {
          // reserve order: by SHA-256(seed:value:reserve:pseudonym), checkable once the seed is out
          others.add(new String[]{e.getKey(), Lottery.sha256Hex(r.getString("seed") + ":" + publicValue.strip()
              + ":reserve:" + e.getValue())});
        }
      });
      others.sort(Comparator.comparing(a -> a[1]));
      List<Long> reserve = others.stream().limit(r.getInteger("reserve_size")).map(a -> Long.parseLong(a[0])).toList();
      OffsetDateTime deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(r.getInteger("respond_days"));
      return pool.withTransaction(tx -> tx.preparedQuery("""
                  UPDATE sortition_draw SET status = 'DRAWN', public_value = $2, panel_number = $3, drawn_at = now()
                   WHERE id = $1 AND status = 'PREPARED'""")
              .execute(Tuple.of(drawId, publicValue.strip(), number))
              .compose(u -> u.rowCount() == 0 ? Future.failedFuture(DomainError.conflict("already-drawn", "已经抽签",
                  "publicValue", "每次抽选只能抽签一次")) : Future.succeededFuture())
              .compose(x -> insertPicks(tx, drawId, panel, "PANEL", "INVITED", deadline, 0))
              .compose(x -> insertPicks(tx, drawId, reserve, "RESERVE", "RESERVE", null, 0))
              .compose(x -> AuditLog.record(tx, by, "sortition.draw", "sortition_draw", drawId,
                  new JsonObject().put("publicValue", publicValue.strip()).put("panel", number))))
          .compose(x -> invite(r.getLong("pool_id"), panel, r.getInteger("respond_days"), by))
          .map(invitations -> new JsonObject().put("panel", number).put("members", new JsonArray(List.copyOf(chosen)))
              .put("invitations", invitations));
    });
  }

  private static Future<Void> insertPicks(SqlClient tx, long drawId, List<Long> volunteers, String kind, String status,
                                          OffsetDateTime deadline, int from) {
    Future<Void> f = Future.succeededFuture();
    for (int i = 0; i < volunteers.size(); i++) {
      int position = from + i;
      long v = volunteers.get(i);
      f = f.compose(x -> tx.preparedQuery("""
              INSERT INTO draw_pick (draw_id, volunteer_id, kind, position, status, deadline) VALUES ($1, $2, $3, $4, $5, $6)
              ON CONFLICT (draw_id, volunteer_id) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status,
                     deadline = EXCLUDED.deadline""")
          .execute(Tuple.of(drawId, v, kind, position, status, deadline)).mapEmpty());
    }
    return f;
  }

  /** Puts the volunteers on the pool's activity roster as public representatives at their county's venue, with a link each. */
  private Future<JsonArray> invite(long poolId, List<Long> volunteerIds, int days, AuditLog.By by) {
    return poolRow(pool, poolId).compose(p -> {
      Long activity = p.getLong("activity_id");
      if (activity == null || volunteerIds.isEmpty()) {
        return Future.succeededFuture(new JsonArray());
      }
      return pool.preparedQuery("""
              SELECT v.id, v.account_id, a.display_name, a.phone,
                     coalesce((SELECT ve.id FROM venue ve WHERE ve.activity_id = $2 AND ve.organization_id = a.organization_id
                                ORDER BY ve.id LIMIT 1),
                              (SELECT ve.id FROM venue ve WHERE ve.activity_id = $2 ORDER BY (ve.kind = 'MAIN') DESC, ve.id LIMIT 1))
                       AS venue_id
                FROM pool_volunteer v JOIN account a ON a.id = v.account_id WHERE v.id = ANY($1)""")
          .execute(Tuple.of(volunteerIds.toArray(new Long[0]), activity))
          .compose(rows -> {
            JsonArray out = new JsonArray();
            Future<Void> f = Future.succeededFuture();
            for (Row r : rows) {
              f = f.compose(x -> activities.putRosterEntry(activity, r.getLong("account_id"), SessionRole.PUBLIC_REP,
                      r.getLong("venue_id"), by)
                  .compose(y -> activities.createLink(activity, r.getLong("account_id"), days, by))
                  .map(link -> {
                    out.add(new JsonObject().put("volunteerId", r.getLong("id")).put("name", r.getString("display_name"))
                        .put("phone", r.getString("phone")).put("link", link.getString("path"))
                        .put("expiresAt", link.getString("expiresAt")));
                    return null;
                  }));
            }
            return f.map(out);
          });
    });
  }

  /** Everyone picked, with their answers so far (staff). Roster answers are read in first. */
  public Future<JsonObject> status(long drawId) {
    return sync(drawId).compose(x -> drawRow(drawId)).compose(d -> pool.preparedQuery("""
            SELECT p.volunteer_id, p.kind, p.position, p.status, p.deadline, p.replaced_by, a.display_name, v.features
              FROM draw_pick p JOIN pool_volunteer v ON v.id = p.volunteer_id JOIN account a ON a.id = v.account_id
             WHERE p.draw_id = $1 ORDER BY p.kind <> 'PANEL', p.kind <> 'FRESH', p.position""").execute(Tuple.of(drawId))
        .compose(rows -> summary(drawId).map(s -> {
          JsonArray picks = new JsonArray();
          JsonObject pseudonyms = d.getJsonObject("pseudonyms");
          rows.forEach(r -> picks.add(new JsonObject().put("volunteerId", r.getLong("volunteer_id"))
              .put("pseudonym", pseudonyms.getString(Long.toString(r.getLong("volunteer_id"))))
              .put("name", r.getString("display_name")).put("features", r.getJsonObject("features"))
              .put("kind", r.getString("kind")).put("status", r.getString("status"))
              .put("deadline", r.getOffsetDateTime("deadline") == null ? null : r.getOffsetDateTime("deadline").toInstant().toString())
              .put("replacedBy", r.getLong("replaced_by"))));
          return s.put("picks", picks);
        })));
  }

  /** Reads the invitees' answers from the roster, and marks those past their deadline without one. */
  private Future<Void> sync(long drawId) {
    return pool.preparedQuery("""
            UPDATE draw_pick p SET status = CASE r.invitation WHEN 'ACCEPTED' THEN 'ACCEPTED' WHEN 'DECLINED' THEN 'DECLINED'
                                                 ELSE CASE WHEN p.deadline < now() THEN 'EXPIRED' ELSE 'INVITED' END END
              FROM sortition_draw d, sortition_pool sp, pool_volunteer v, roster_entry r
             WHERE p.draw_id = $1 AND d.id = p.draw_id AND sp.id = d.pool_id AND v.id = p.volunteer_id
               AND r.activity_id = sp.activity_id AND r.account_id = v.account_id
               AND p.status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'EXPIRED')""").execute(Tuple.of(drawId))
        .compose(x -> pool.preparedQuery("""
            UPDATE draw_pick SET status = 'EXPIRED' WHERE draw_id = $1 AND status = 'INVITED' AND deadline < now()""")
            .execute(Tuple.of(drawId)))
        .mapEmpty();
  }

  /**
   * Fills every place left open (declined, or no answer by the deadline): the first reserve who keeps
   * the quotas, else a fresh LEXIMIN draw among the volunteers not yet picked for the open places with
   * what the quotas still need. The newcomers are invited like the panel.
   */
  public Future<JsonObject> replace(long drawId, AuditLog.By by) {
    return sync(drawId).compose(x -> drawRow(drawId)).compose(d -> {
      if (!"DRAWN".equals(d.getString("status"))) {
        return Future.failedFuture(DomainError.conflict("not-drawn", "尚未抽签", "drawId", "抽签后才能补位"));
      }
      long poolId = d.getLong("pool_id");
      Quotas quotas = quotasOf(d.getJsonObject("quotas"));
      return poolRow(pool, poolId).compose(p -> volunteerRows(pool, poolId).compose(all -> pool.preparedQuery(
              "SELECT volunteer_id, kind, position, status, replaced_by FROM draw_pick WHERE draw_id = $1 ORDER BY position")
          .execute(Tuple.of(drawId)).compose(rows -> {
            Map<Long, Volunteer> byId = new HashMap<>();
            all.forEach(v -> byId.put(v.id, v));
            List<Respondent> seated = new ArrayList<>();
            List<Long> open = new ArrayList<>();
            List<Respondent> reserve = new ArrayList<>();
            Set<Long> picked = new java.util.HashSet<>();
            for (Row r : rows) {
              long v = r.getLong("volunteer_id");
              picked.add(v);
              String status = r.getString("status");
              if (status.equals("INVITED") || status.equals("ACCEPTED")) {
                seated.add(byId.get(v).respondent());
              } else if ((status.equals("DECLINED") || status.equals("EXPIRED")) && r.getValue("replaced_by") == null) {
                open.add(v);
              } else if (status.equals("RESERVE")) {
                reserve.add(byId.get(v).respondent());
              }
            }
            List<Long[]> pairs = new ArrayList<>(); // [left, newcomer]
            List<Long> fromReserve = new ArrayList<>();
            int k = 0;
            for (; k < open.size(); k++) {
              Optional<Respondent> next = Replacement.fromReserve(seated, open.size() - k, reserve, quotas);
              if (next.isEmpty()) {
                break;
              }
              reserve.remove(next.get());
              seated.add(next.get());
              long newcomer = Long.parseLong(next.get().id());
              fromReserve.add(newcomer);
              pairs.add(new Long[]{open.get(k), newcomer});
            }
            List<Long> left = open.subList(k, open.size());
            List<Long> fresh = new ArrayList<>();
            if (!left.isEmpty()) {
              List<Respondent> candidates = all.stream().filter(v -> !picked.contains(v.id) && eligible(p, v.features))
                  .map(Volunteer::respondent).toList();
              Quotas residual = Replacement.residual(seated, quotas);
              org.xieshang.sortition.Pool types = org.xieshang.sortition.Pool.of(candidates, residual);
              Distribution dist;
              try {
                dist = Leximin.within(types, residual, left.size(), false, timeLimitSeconds);
              } catch (Leximin.TimeLimit t) {
                return Future.failedFuture(timedOut(t));
              }
              long seed = new java.math.BigInteger(1, HexFormat.of().parseHex(
                  Lottery.sha256Hex(d.getString("seed") + ":fresh:" + rows.size()))).longValue();
              dist.draw(seed).forEach(r -> fresh.add(Long.parseLong(r.id())));
              for (int i = 0; i < left.size(); i++) {
                pairs.add(new Long[]{left.get(i), fresh.get(i)});
              }
            }
            OffsetDateTime deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(d.getInteger("respond_days"));
            List<Long> newcomers = new ArrayList<>(fromReserve);
            newcomers.addAll(fresh);
            return pool.withTransaction(tx -> {
                  Future<Void> f = insertPicks(tx, drawId, fresh, "FRESH", "INVITED", deadline, rows.size());
                  for (Long v : fromReserve) {
                    f = f.compose(x -> tx.preparedQuery(
                            "UPDATE draw_pick SET status = 'INVITED', deadline = $3 WHERE draw_id = $1 AND volunteer_id = $2")
                        .execute(Tuple.of(drawId, v, deadline)).mapEmpty());
                  }
                  for (Long[] pair : pairs) {
                    f = f.compose(x -> tx.preparedQuery(
                            "UPDATE draw_pick SET replaced_by = $3 WHERE draw_id = $1 AND volunteer_id = $2")
                        .execute(Tuple.of(drawId, pair[0], pair[1])).mapEmpty());
                  }
                  return f.compose(x -> AuditLog.record(tx, by, "sortition.replace", "sortition_draw", drawId,
                      new JsonObject().put("fromReserve", fromReserve.size()).put("fresh", fresh.size())));
                })
                .compose(x -> invite(poolId, newcomers, d.getInteger("respond_days"), by))
                .map(inv -> new JsonObject().put("replaced", pairs.size()).put("fromReserve", fromReserve.size())
                    .put("fresh", fresh.size()).put("invitations", inv));
          })));
    });
  }
}
