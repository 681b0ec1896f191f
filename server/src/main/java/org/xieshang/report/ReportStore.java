package org.xieshang.report;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All SQL of consultation reports: its tables are report, report_version and report_event, and no other
 * class reads them. To draft and cite it also reads (never writes) what others own: the activity, its
 * venues, roster and agenda and the online theme for a report's subject, opinion_unit for the sources,
 * and account, organization and department for names.
 */
final class ReportStore {
  private ReportStore() {}

  // ---- the report and its versions

  static Future<Optional<Row>> report(SqlClient db, long id) {
    return db.preparedQuery("SELECT * FROM report WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** A new report in DRAFT at version 1. */
  static Future<Long> insertReport(SqlClient db, Long activityId, Long themeId, String title, JsonObject body,
                                   long createdBy, JsonObject figures) {
    return db.preparedQuery("""
            INSERT INTO report (activity_id, theme_id, title, status, version, body, created_by, figures)
            VALUES ($1, $2, $3, 'DRAFT', 1, $4, $5, $6) RETURNING id""")
        .execute(Tuple.of(activityId, themeId, title, body, createdBy, figures))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Void> insertVersion(SqlClient db, long id, int version, JsonObject body, long savedBy) {
    return db.preparedQuery("INSERT INTO report_version (report_id, version, body, saved_by) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(id, version, body, savedBy)).mapEmpty();
  }

  /** The body saved over {@code baseVersion} of a draft: the new version, or empty when someone saved in between. */
  static Future<Optional<Integer>> saveBody(SqlClient db, long id, int baseVersion, JsonObject body) {
    return db.preparedQuery("""
            UPDATE report SET body = $3, version = version + 1, updated_at = now()
             WHERE id = $1 AND version = $2 AND status = 'DRAFT' RETURNING version""")
        .execute(Tuple.of(id, baseVersion, body))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getInteger(0)));
  }

  /** Moves the report from one status to another: whether it was still in {@code from}. */
  static Future<Boolean> move(SqlClient db, long id, String from, String to) {
    return db.preparedQuery("UPDATE report SET status = $3, updated_at = now() WHERE id = $1 AND status = $2")
        .execute(Tuple.of(id, from, to))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The reports (of an activity or theme when given) with their authors' names, newest first. */
  static Future<RowSet<Row>> list(SqlClient db, Long activityId, Long themeId) {
    return db.preparedQuery("""
            SELECT r.id, r.title, r.status, r.version, r.updated_at, r.activity_id, r.theme_id, r.created_by,
                   a.display_name AS author FROM report r LEFT JOIN identity_person a ON a.id = r.created_by
             WHERE ($1::bigint IS NULL OR r.activity_id = $1) AND ($2::bigint IS NULL OR r.theme_id = $2) ORDER BY r.id DESC""")
        .execute(Tuple.of(activityId, themeId));
  }

  /** The saved versions, oldest first, with who saved each. */
  static Future<RowSet<Row>> versions(SqlClient db, long id) {
    return db.preparedQuery("""
            SELECT rv.version, rv.saved_at, a.display_name FROM report_version rv LEFT JOIN identity_person a ON a.id = rv.saved_by
             WHERE rv.report_id = $1 ORDER BY rv.version""").execute(Tuple.of(id));
  }

  // ---- history

  static Future<Void> event(SqlClient db, long id, String action, String from, String to, String comment, long actorId) {
    return db.preparedQuery("""
            INSERT INTO report_event (report_id, action, from_status, to_status, comment, actor_id) VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.of(id, action, from, to, comment, actorId)).mapEmpty();
  }

  /** What happened to the report, in order, with who did it. */
  static Future<RowSet<Row>> history(SqlClient db, long id) {
    return db.preparedQuery("""
            SELECT e.action, e.from_status, e.to_status, e.comment, e.at, a.display_name FROM report_event e
              LEFT JOIN identity_person a ON a.id = e.actor_id WHERE e.report_id = $1 ORDER BY e.id""").execute(Tuple.of(id));
  }

  /** Everyone who has sent the report for review. */
  static Future<List<Long>> sentForReview(SqlClient db, long id) {
    return db.preparedQuery("""
            SELECT actor_id FROM report_event WHERE report_id = $1 AND action = 'MOVE' AND to_status = 'REVIEW'
             AND actor_id IS NOT NULL""").execute(Tuple.of(id))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }
}
