package org.xieshang.ledger;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import org.xieshang.opinion.SourceRef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All the ledger's SQL. */
final class LedgerStore {
  private LedgerStore() {}

  /** The report's status and title, and every opinion unit its paragraphs cite. */
  record ReportFacts(String status, String title, List<Long> cited) {}

  static Future<Optional<ReportFacts>> report(SqlClient db, long reportId) {
    return db.preparedQuery("""
            SELECT r.status, r.title, r.cited FROM report_brief r WHERE r.id = $1""")
        .execute(Tuple.of(reportId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
            new ReportFacts(r.getString("status"), r.getString("title"), List.of(r.getArrayOfLongs("cited")))));
  }

  static Future<Boolean> departmentExists(SqlClient db, long departmentId) {
    return db.preparedQuery("SELECT 1 FROM identity_department WHERE id = $1").execute(Tuple.of(departmentId))
        .map(rows -> rows.size() > 0);
  }

  static Future<Long> insert(SqlClient db, long reportId, String suggestion, List<Long> sources, long departmentId,
                             LocalDate dueOn, long by) {
    return db.preparedQuery("""
            INSERT INTO ledger_entry (report_id, suggestion, sources, department_id, due_on, created_by)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
        .execute(Tuple.of(reportId, suggestion, sources.toArray(new Long[0]), departmentId, dueOn, by))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  private static final String SELECT = """
      SELECT e.id, e.report_id, r.title AS report_title, e.suggestion, e.sources, e.department_id,
             d.name AS department, e.due_on, e.adoption, e.replied_at, e.supervised, e.created_at,
             (SELECT l.text FROM ledger_reply l WHERE l.entry_id = e.id ORDER BY l.id DESC LIMIT 1) AS latest_reply
        FROM ledger_entry e JOIN report_brief r ON r.id = e.report_id JOIN identity_department d ON d.id = e.department_id
      """;

  /** Entries, newest first: of one report, of one department, or (both null) all. */
  static Future<List<Row>> list(SqlClient db, Long reportId, Long departmentId) {
    return db.preparedQuery(SELECT + """
             WHERE ($1::bigint IS NULL OR e.report_id = $1) AND ($2::bigint IS NULL OR e.department_id = $2)
             ORDER BY e.id DESC LIMIT 500""")
        .execute(Tuple.of(reportId, departmentId)).map(LedgerStore::rows);
  }

  static Future<Optional<Row>> entry(SqlClient db, long id, boolean forUpdate) {
    return db.preparedQuery(SELECT + " WHERE e.id = $1" + (forUpdate ? " FOR UPDATE OF e" : ""))
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  static Future<JsonArray> replies(SqlClient db, long entryId) {
    return db.preparedQuery("""
            SELECT l.adoption, l.text, l.at, a.display_name FROM ledger_reply l JOIN identity_person a ON a.id = l.by_id
             WHERE l.entry_id = $1 ORDER BY l.id""")
        .execute(Tuple.of(entryId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            Adoption a = Adoption.valueOf(r.getString("adoption"));
            out.add(new JsonObject().put("adoption", a.name()).put("adoptionLabel", a.label())
                .put("text", r.getString("text")).put("by", r.getString("display_name"))
                .put("at", r.getOffsetDateTime("at").toInstant().toString()));
          }
          return out;
        });
  }

  static Future<Void> reply(SqlClient db, long entryId, Adoption adoption, String text, long by) {
    return db.preparedQuery("INSERT INTO ledger_reply (entry_id, adoption, text, by_id) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(entryId, adoption.name(), text, by))
        .compose(x -> db.preparedQuery("UPDATE ledger_entry SET adoption = $2, replied_at = now() WHERE id = $1")
            .execute(Tuple.of(entryId, adoption.name())))
        .mapEmpty();
  }

  static Future<Void> supervise(SqlClient db, long entryId, boolean on) {
    return db.preparedQuery("UPDATE ledger_entry SET supervised = $2 WHERE id = $1").execute(Tuple.of(entryId, on))
        .mapEmpty();
  }

  /** An entry whose reminder is now due: SOON (due within {@code soonDays}) or OVERDUE. */
  record Reminder(long id, String suggestion, long departmentId, LocalDate dueOn, Long createdBy, String state) {}

  /**
   * Marks the entries without a final answer whose next reminder is due, and answers them. Two nodes
   * running this at once remind each entry once: the second's update re-checks the row it waited for.
   */
  static Future<List<Reminder>> dueReminders(SqlClient db, LocalDate today, int soonDays) {
    return db.preparedQuery("""
            WITH due AS (
              SELECT id, CASE WHEN due_on < $1 THEN 'OVERDUE' ELSE 'SOON' END AS state
                FROM ledger_entry
               WHERE (adoption IS NULL OR adoption = 'IN_PROGRESS') AND due_on <= $1 + $2::int
                 AND reminded IS DISTINCT FROM 'OVERDUE'
               ORDER BY id LIMIT 500
            )
            UPDATE ledger_entry e SET reminded = due.state FROM due
             WHERE e.id = due.id AND e.reminded IS DISTINCT FROM due.state
            RETURNING e.id, e.suggestion, e.department_id, e.due_on, e.created_by, e.reminded""")
        .execute(Tuple.of(today, soonDays))
        .map(rows -> {
          List<Reminder> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Reminder(r.getLong("id"), r.getString("suggestion"), r.getLong("department_id"),
              r.getLocalDate("due_on"), r.getLong("created_by"), r.getString("reminded"))));
          return out;
        });
  }

  /**
   * A commitment made in a meeting (承诺事项), the department of the official who made it, and the
   * speech it answered, when the report cites that speech (its speaker is a proposer too).
   */
  record Commitment(long unitId, String text, long departmentId, Long questionUnitId) {
    List<Long> sources() {
      return questionUnitId == null ? List.of(unitId) : List.of(unitId, questionUnitId);
    }
  }

  /**
   * The commitments among the cited opinions that are not yet the source of an entry of this report.
   * Live's read model says which speech each commitment's answer replied to (live_commitment); the
   * question is that speech's unit among the cited.
   */
  static Future<List<Commitment>> commitments(SqlClient db, long reportId, List<Long> cited) {
    return db.preparedQuery("""
            SELECT u.id, u.text, a.department_id, q.id AS question
              FROM opinion_unit_brief u JOIN identity_person a ON a.id = u.author_id
              LEFT JOIN LATERAL (
                SELECT qu.id
                  FROM live_commitment m
                  JOIN opinion_unit_brief qu ON qu.source_ref = %s
                 WHERE m.session_id = u.activity_id AND %s = u.source_ref AND qu.id = ANY($1)
                 LIMIT 1) q ON true
             WHERE u.id = ANY($1) AND u.channel = 'COMMITMENT' AND a.department_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.report_id = $2 AND e.sources @> ARRAY[u.id])
             ORDER BY u.id""".formatted(
                SourceRef.liveSql(SourceRef.LivePart.SPEECH, "m.session_id", "m.answers_speech_id"),
                SourceRef.liveSql(SourceRef.LivePart.COMMITMENT, "m.session_id", "m.commitment_id")))
        .execute(Tuple.of(cited.toArray(new Long[0]), reportId))
        .map(rows -> {
          List<Commitment> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Commitment(r.getLong("id"), r.getString("text"), r.getLong("department_id"),
              r.getLong("question"))));
          return out;
        });
  }

  /** The department an account answers for, if any. */
  static Future<Long> departmentOf(SqlClient db, long accountId) {
    return db.preparedQuery("SELECT department_id FROM identity_person WHERE id = $1").execute(Tuple.of(accountId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("department_id"));
  }

  /** The proposers: authors (with an account) of the opinion units behind a suggestion. */
  static Future<List<Long>> proposers(SqlClient db, List<Long> sources) {
    return db.preparedQuery("SELECT DISTINCT author_id FROM opinion_unit_brief WHERE id = ANY($1) AND author_id IS NOT NULL")
        .execute(Tuple.of(sources.toArray(new Long[0])))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong("author_id")));
          return out;
        });
  }

  /** Whether the account wrote one of the opinion units behind an entry. */
  static Future<Boolean> isProposer(SqlClient db, long entryId, long accountId) {
    return db.preparedQuery("""
            SELECT 1 FROM ledger_entry e JOIN opinion_unit_brief u ON u.id = ANY(e.sources)
             WHERE e.id = $1 AND u.author_id = $2 LIMIT 1""")
        .execute(Tuple.of(entryId, accountId)).map(rows -> rows.size() > 0);
  }

  /** Active accounts answering for a department (its officials). */
  static Future<List<Long>> officials(SqlClient db, long departmentId) {
    return db.preparedQuery("SELECT id FROM identity_person WHERE department_id = $1 AND active")
        .execute(Tuple.of(departmentId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong("id")));
          return out;
        });
  }

  private static List<Row> rows(RowSet<Row> rows) {
    List<Row> out = new ArrayList<>();
    rows.forEach(out::add);
    return out;
  }
}
