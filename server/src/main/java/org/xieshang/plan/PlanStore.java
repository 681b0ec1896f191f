package org.xieshang.plan;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All the plan's SQL; it reads and writes only the plan's tables (plan, plan_step, plan_suggestion, plan_topic, plan_topic_activity). */
final class PlanStore {
  private PlanStore() {}

  /** A plan's own facts. */
  record Plan(long id, long organizationId, int year, String title, PlanStep status) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("organizationId", organizationId).put("year", year).put("title", title)
          .put("status", status.name()).put("statusLabel", status.label());
    }
  }

  /** A new plan and its first step (草拟), recorded by its creator. */
  static Future<Long> insert(SqlClient db, long organizationId, int year, String title, LocalDate on, long by) {
    return db.preparedQuery("""
            INSERT INTO plan (organization_id, year, title, created_by) VALUES ($1, $2, $3, $4) RETURNING id""")
        .execute(Tuple.of(organizationId, year, title, by))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> insertStep(db, id, PlanStep.DRAFT, on, "", by).map(id));
  }

  private static final String SELECT_PLAN = "SELECT id, organization_id, year, title, status FROM plan\n";

  static Future<Optional<Plan>> plan(SqlClient db, long id, boolean forUpdate) {
    return db.preparedQuery(SELECT_PLAN + " WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(plan(rows.iterator().next())));
  }

  /** Plans, newest year first; of one year when given. */
  static Future<List<Plan>> list(SqlClient db, Integer year) {
    return db.preparedQuery(SELECT_PLAN + """
             WHERE ($1::int IS NULL OR year = $1)
             ORDER BY year DESC, id LIMIT 500""")
        .execute(Tuple.of(year))
        .map(rows -> {
          List<Plan> out = new ArrayList<>();
          rows.forEach(r -> out.add(plan(r)));
          return out;
        });
  }

  /** The latest step's date, to keep the steps in date order. */
  static Future<LocalDate> lastStepOn(SqlClient db, long planId) {
    return db.preparedQuery("SELECT max(on_date) AS on_date FROM plan_step WHERE plan_id = $1")
        .execute(Tuple.of(planId))
        .map(rows -> rows.iterator().next().getLocalDate("on_date"));
  }

  static Future<Void> insertStep(SqlClient db, long planId, PlanStep step, LocalDate on, String note, long by) {
    return db.preparedQuery("""
            INSERT INTO plan_step (plan_id, step, on_date, note, recorded_by) VALUES ($1, $2, $3, $4, $5)""")
        .execute(Tuple.of(planId, step.name(), on, note, by))
        .compose(x -> db.preparedQuery("UPDATE plan SET status = $2 WHERE id = $1").execute(Tuple.of(planId, step.name())))
        .mapEmpty();
  }

  static Future<JsonArray> steps(SqlClient db, long planId) {
    return db.preparedQuery("""
            SELECT step, on_date, note, recorded_by, recorded_at FROM plan_step WHERE plan_id = $1 ORDER BY id""")
        .execute(Tuple.of(planId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            PlanStep step = PlanStep.valueOf(r.getString("step"));
            out.add(new JsonObject().put("step", step.name()).put("stepLabel", step.label())
                .put("on", r.getLocalDate("on_date").toString()).put("note", r.getString("note"))
                .put("recordedBy", r.getLong("recorded_by"))
                .put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString()));
          }
          return out;
        });
  }

  static Future<Long> insertSuggestion(SqlClient db, long planId, SuggestionSource source, long proposerId, String title,
                                       String reasons) {
    return db.preparedQuery("""
            INSERT INTO plan_suggestion (plan_id, source, proposer_id, title, reasons) VALUES ($1, $2, $3, $4, $5)
            RETURNING id""")
        .execute(Tuple.of(planId, source.name(), proposerId, title, reasons))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** A plan's suggestions, oldest first: all, or (proposer given) only that person's. */
  static Future<JsonArray> suggestions(SqlClient db, long planId, Long proposerId) {
    return db.preparedQuery("""
            SELECT id, source, proposer_id, title, reasons, status, created_at FROM plan_suggestion
             WHERE plan_id = $1 AND ($2::bigint IS NULL OR proposer_id = $2) ORDER BY id""")
        .execute(Tuple.of(planId, proposerId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            SuggestionSource source = SuggestionSource.valueOf(r.getString("source"));
            out.add(new JsonObject().put("id", r.getLong("id")).put("source", source.name())
                .put("sourceLabel", source.label()).put("proposerId", r.getLong("proposer_id"))
                .put("title", r.getString("title")).put("reasons", r.getString("reasons"))
                .put("status", r.getString("status"))
                .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString()));
          }
          return out;
        });
  }

  /** How many of the ids are suggestions of this plan. */
  static Future<Integer> countSuggestions(SqlClient db, long planId, List<Long> ids) {
    return db.preparedQuery("SELECT count(*) AS n FROM plan_suggestion WHERE plan_id = $1 AND id = ANY($2)")
        .execute(Tuple.tuple().addLong(planId).addArrayOfLong(ids.toArray(new Long[0])))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** A topic to add to a plan. */
  record NewTopic(String title, String form, long committeeId, long leaderId, Integer quarter, Integer month,
                  boolean supervision, boolean keyProposal, List<Long> suggestions) {}

  /** Adds the topic and marks the suggestions it was shortlisted from. */
  static Future<Long> insertTopic(SqlClient db, long planId, NewTopic t, long by) {
    return db.preparedQuery("""
            INSERT INTO plan_topic (plan_id, title, form, committee_id, leader_id, planned_quarter, planned_month,
                                    supervision, key_proposal, suggestions, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
        .execute(Tuple.from(new Object[] {planId, t.title(), t.form(), t.committeeId(), t.leaderId(),
            t.quarter() == null ? null : t.quarter().shortValue(), t.month() == null ? null : t.month().shortValue(),
            t.supervision(), t.keyProposal(), t.suggestions().toArray(new Long[0]), by}))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> db.preparedQuery("""
                UPDATE plan_suggestion SET status = 'SHORTLISTED' WHERE plan_id = $1 AND id = ANY($2)""")
            .execute(Tuple.tuple().addLong(planId).addArrayOfLong(t.suggestions().toArray(new Long[0])))
            .map(id));
  }

  static Future<JsonArray> topics(SqlClient db, long planId) {
    return db.preparedQuery("""
            SELECT t.id, t.title, t.form, t.committee_id, t.leader_id, t.planned_quarter, t.planned_month,
                   t.supervision, t.key_proposal, t.suggestions,
                   array(SELECT a.activity_id FROM plan_topic_activity a WHERE a.topic_id = t.id ORDER BY a.activity_id)
                     AS activities
              FROM plan_topic t WHERE t.plan_id = $1 ORDER BY t.id""")
        .execute(Tuple.of(planId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            Short quarter = r.getShort("planned_quarter");
            Short month = r.getShort("planned_month");
            out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
                .put("form", r.getString("form")).put("committeeId", r.getLong("committee_id"))
                .put("leaderId", r.getLong("leader_id"))
                .put("quarter", quarter == null ? null : quarter.intValue())
                .put("month", month == null ? null : month.intValue())
                .put("supervision", r.getBoolean("supervision")).put("keyProposal", r.getBoolean("key_proposal"))
                .put("suggestions", new JsonArray(List.of(r.getArrayOfLongs("suggestions"))))
                .put("activities", new JsonArray(List.of(r.getArrayOfLongs("activities")))));
          }
          return out;
        });
  }

  /** The plan's topics and how many of them are democratic-supervision topics, counted from what is stored. */
  static Future<int[]> supervisionCounts(SqlClient db, long planId) {
    return db.preparedQuery("""
            SELECT count(*) AS topics, count(*) FILTER (WHERE supervision) AS supervision
              FROM plan_topic WHERE plan_id = $1""")
        .execute(Tuple.of(planId))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new int[] {r.getInteger("topics"), r.getInteger("supervision")};
        });
  }

  /** Links an activity to a topic that holds it (once; linking twice changes nothing). */
  static Future<Void> linkActivity(SqlClient db, long topicId, long activityId) {
    return db.preparedQuery("""
            INSERT INTO plan_topic_activity (topic_id, activity_id) VALUES ($1, $2) ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(topicId, activityId))
        .mapEmpty();
  }

  private static Plan plan(Row r) {
    return new Plan(r.getLong("id"), r.getLong("organization_id"), r.getInteger("year"), r.getString("title"),
        PlanStep.valueOf(r.getString("status")));
  }
}
