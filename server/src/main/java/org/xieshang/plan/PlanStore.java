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

/**
 * All the plan's SQL. It writes only the plan's tables (plan, plan_step, plan_suggestion, plan_topic,
 * plan_topic_activity, plan_topic_theme) and reads others' only through their published views
 * (identity_person, identity_chair_council, identity_committee, activity_brief, forum_theme_brief).
 */
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
            SELECT s.step, s.on_date, s.note, s.recorded_by, p.display_name AS recorded_by_name, s.recorded_at
              FROM plan_step s LEFT JOIN identity_person p ON p.id = s.recorded_by
             WHERE s.plan_id = $1 ORDER BY s.id""")
        .execute(Tuple.of(planId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            PlanStep step = PlanStep.valueOf(r.getString("step"));
            out.add(new JsonObject().put("step", step.name()).put("stepLabel", step.label())
                .put("on", r.getLocalDate("on_date").toString()).put("note", r.getString("note"))
                .put("recordedBy", r.getLong("recorded_by")).put("recordedByName", r.getString("recorded_by_name"))
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
            SELECT s.id, s.source, s.proposer_id, p.display_name AS proposer_name, s.title, s.reasons, s.status,
                   s.created_at
              FROM plan_suggestion s LEFT JOIN identity_person p ON p.id = s.proposer_id
             WHERE s.plan_id = $1 AND ($2::bigint IS NULL OR s.proposer_id = $2) ORDER BY s.id""")
        .execute(Tuple.of(planId, proposerId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            SuggestionSource source = SuggestionSource.valueOf(r.getString("source"));
            out.add(new JsonObject().put("id", r.getLong("id")).put("source", source.name())
                .put("sourceLabel", source.label()).put("proposerId", r.getLong("proposer_id"))
                .put("proposerName", r.getString("proposer_name"))
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

  /** A plan's topics with the names of their committee and leader, and the activities and themes holding each. */
  static Future<JsonArray> topics(SqlClient db, long planId) {
    return db.preparedQuery("""
            SELECT t.id, t.title, t.form, t.committee_id, c.name AS committee, t.leader_id, l.display_name AS leader,
                   t.planned_quarter, t.planned_month, t.supervision, t.key_proposal, t.suggestions,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title) ORDER BY a.id)
                               FROM plan_topic_activity h JOIN activity_brief a ON a.id = h.activity_id
                              WHERE h.topic_id = t.id), '[]') AS activities,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('id', f.id, 'title', f.title) ORDER BY f.id)
                               FROM plan_topic_theme h JOIN forum_theme_brief f ON f.id = h.theme_id
                              WHERE h.topic_id = t.id), '[]') AS themes
              FROM plan_topic t
              LEFT JOIN identity_committee c ON c.id = t.committee_id
              LEFT JOIN identity_person l ON l.id = t.leader_id
             WHERE t.plan_id = $1 ORDER BY t.id""")
        .execute(Tuple.of(planId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            Short quarter = r.getShort("planned_quarter");
            Short month = r.getShort("planned_month");
            out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
                .put("form", r.getString("form")).put("committeeId", r.getLong("committee_id"))
                .put("committee", r.getString("committee"))
                .put("leaderId", r.getLong("leader_id")).put("leader", r.getString("leader"))
                .put("quarter", quarter == null ? null : quarter.intValue())
                .put("month", month == null ? null : month.intValue())
                .put("supervision", r.getBoolean("supervision")).put("keyProposal", r.getBoolean("key_proposal"))
                .put("suggestions", new JsonArray(List.of(r.getArrayOfLongs("suggestions"))))
                .put("activities", jsonArray(r.getValue("activities")))
                .put("themes", jsonArray(r.getValue("themes"))));
          }
          return out;
        });
  }

  private static JsonArray jsonArray(Object value) {
    return value instanceof JsonArray a ? a : new JsonArray(String.valueOf(value));
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

  /** Whether the topic is one of the plan's. */
  static Future<Boolean> topicOf(SqlClient db, long planId, long topicId) {
    return db.preparedQuery("SELECT 1 FROM plan_topic WHERE id = $1 AND plan_id = $2").execute(Tuple.of(topicId, planId))
        .map(rows -> rows.size() > 0);
  }

  /** What may hold a topic: an activity or an online theme; how to find the CPPCC body it belongs to. */
  enum Held {
    ACTIVITY("SELECT organization_id FROM activity_brief WHERE id = $1"),
    THEME("""
        SELECT c.organization_id FROM forum_theme_brief f JOIN identity_committee c ON c.id = f.committee_id
         WHERE f.id = $1""");

    private final String organization;

    Held(String organization) {
      this.organization = organization;
    }
  }

  /** The CPPCC body an activity or theme belongs to; empty when there is none. */
  static Future<Optional<Long>> organizationOf(SqlClient db, Held kind, long id) {
    return db.preparedQuery(kind.organization).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** The topic an activity or theme holds already, if any. */
  static Future<Optional<Long>> heldBy(SqlClient db, Held kind, long id) {
    String sql = switch (kind) {
      case ACTIVITY -> "SELECT topic_id FROM plan_topic_activity WHERE activity_id = $1";
      case THEME -> "SELECT topic_id FROM plan_topic_theme WHERE theme_id = $1";
    };
    return db.preparedQuery(sql).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** Links an activity or theme to the topic that holds it (once; linking twice changes nothing). */
  static Future<Void> link(SqlClient db, Held kind, long topicId, long id) {
    String sql = switch (kind) {
      case ACTIVITY -> "INSERT INTO plan_topic_activity (topic_id, activity_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
      case THEME -> "INSERT INTO plan_topic_theme (topic_id, theme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    };
    return db.preparedQuery(sql).execute(Tuple.of(topicId, id)).mapEmpty();
  }

  /** Links an activity to a topic that holds it (once; linking twice changes nothing). */
  static Future<Void> linkActivity(SqlClient db, long topicId, long activityId) {
    return link(db, Held.ACTIVITY, topicId, activityId);
  }

  /** Whether the account is an active member of the body's chair council (CHAIR or VICE_CHAIR). */
  static Future<Boolean> chairCouncilMember(SqlClient db, long accountId, long organizationId) {
    return db.preparedQuery("SELECT 1 FROM identity_chair_council WHERE id = $1 AND organization_id = $2")
        .execute(Tuple.of(accountId, organizationId))
        .map(rows -> rows.size() > 0);
  }

  /** The CPPCC body of a committee; empty when there is no such committee. */
  static Future<Optional<Long>> committeeOrganization(SqlClient db, long committeeId) {
    return db.preparedQuery("SELECT organization_id FROM identity_committee WHERE id = $1").execute(Tuple.of(committeeId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /**
   * What a plan's makers choose from, of the plan's body: the chair council (leaders), its committees, its
   * activities and its online themes (newest first, at most 200 each).
   */
  static Future<JsonObject> choices(SqlClient db, long organizationId) {
    return db.preparedQuery("""
            SELECT jsonb_build_object(
              'leaders', coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'name', display_name) ORDER BY id)
                                     FROM identity_chair_council WHERE organization_id = $1), '[]'),
              'committees', coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name) ORDER BY id)
                                        FROM identity_committee WHERE organization_id = $1), '[]'),
              'activities', coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'title', title) ORDER BY id DESC)
                                        FROM (SELECT id, title FROM activity_brief WHERE organization_id = $1
                                               ORDER BY id DESC LIMIT 200) a), '[]'),
              'themes', coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'title', title) ORDER BY id DESC)
                                    FROM (SELECT f.id, f.title FROM forum_theme_brief f
                                            JOIN identity_committee c ON c.id = f.committee_id
                                           WHERE c.organization_id = $1 ORDER BY f.id DESC LIMIT 200) t), '[]')) AS c""")
        .execute(Tuple.of(organizationId))
        .map(rows -> {
          Object c = rows.iterator().next().getValue("c");
          return c instanceof JsonObject o ? o : new JsonObject(String.valueOf(c));
        });
  }

  private static Plan plan(Row r) {
    return new Plan(r.getLong("id"), r.getLong("organization_id"), r.getInteger("year"), r.getString("title"),
        PlanStep.valueOf(r.getString("status")));
  }
}
