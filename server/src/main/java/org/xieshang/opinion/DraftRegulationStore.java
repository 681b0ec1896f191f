package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All SQL of draft regulations (草案) put out for comment: its tables are draft_text and draft_paragraph.
 * The comments themselves are opinion units ({@code opinion_unit.draft_paragraph_id}), written through
 * {@link OpinionService}; here they are only counted and read back.
 */
final class DraftRegulationStore {
  private DraftRegulationStore() {}

  /** A paragraph's place in its article (款), 1 for the article's first line; 0 outside articles. */
  private static final String CLAUSE = """
      (SELECT count(*) FROM draft_paragraph q WHERE q.draft_id = p.draft_id AND q.article = p.article AND q.position <= p.position)""";

  /** A new draft on the activity: its id, or empty when there is no such activity. */
  static Future<Optional<Long>> insertDraft(SqlClient db, long activityId, String title, long createdBy) {
    return db.preparedQuery("""
            INSERT INTO draft_text (activity_id, title, created_by) SELECT id, $2, $3 FROM activity_brief WHERE id = $1 RETURNING id""")
        .execute(Tuple.of(activityId, title, createdBy))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** The draft's paragraphs, numbered from 1 in order. */
  static Future<Void> insertParagraphs(SqlClient db, long draftId, List<DraftRegulationText.Paragraph> paragraphs) {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < paragraphs.size(); i++) {
      batch.add(Tuple.of(draftId, i + 1, paragraphs.get(i).article(), paragraphs.get(i).text()));
    }
    return db.preparedQuery("INSERT INTO draft_paragraph (draft_id, position, article, text) VALUES ($1, $2, $3, $4)")
        .executeBatch(batch).mapEmpty();
  }

  /** The activity's drafts with how many paragraphs and comments each has, oldest first. */
  static Future<RowSet<Row>> list(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT d.id, d.title, d.created_at,
                   (SELECT count(*) FROM draft_paragraph p WHERE p.draft_id = d.id) AS paragraphs,
                   (SELECT count(*) FROM opinion_unit u JOIN draft_paragraph p ON p.id = u.draft_paragraph_id WHERE p.draft_id = d.id) AS comments
              FROM draft_text d WHERE d.activity_id = $1 ORDER BY d.id""")
        .execute(Tuple.of(activityId));
  }

  static Future<Optional<Row>> draft(SqlClient db, long id) {
    return db.preparedQuery("SELECT id, activity_id, title FROM draft_text WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /**
   * The draft's paragraphs in order, each with its clause, its comment count and the comments shown
   * (without the 对《…》第…条： kept in front): all of them when {@code everyone}, else the account's own.
   */
  static Future<RowSet<Row>> paragraphs(SqlClient db, long draftId, long accountId, boolean everyone) {
    return db.preparedQuery("""
            SELECT p.id, p.position, p.article, p.text, %s AS clause,
                   coalesce((SELECT json_agg(json_build_object('id', u.id, 'text', regexp_replace(u.text, '^对《.*?》[^：]*：', ''), 'mine', u.author_id = $2,
                               'authorKind', u.author_kind, 'venue', v.name, 'at', u.at) ORDER BY u.id)
                               FROM opinion_unit u LEFT JOIN activity_venue v ON v.id = u.venue_id
                              WHERE u.draft_paragraph_id = p.id AND ($3 OR u.author_id = $2)), '[]')::text AS comments,
                   (SELECT count(*) FROM opinion_unit u WHERE u.draft_paragraph_id = p.id) AS count
              FROM draft_paragraph p WHERE p.draft_id = $1 ORDER BY p.position""".formatted(CLAUSE))
        .execute(Tuple.of(draftId, accountId, everyone));
  }

  /**
   * The draft's activity and title with one of its paragraphs (article, text, clause): empty when there
   * is no such draft; the paragraph's columns are null when it is not the draft's.
   */
  static Future<Optional<Row>> paragraph(SqlClient db, long draftId, long paragraphId) {
    return db.preparedQuery("""
            SELECT d.activity_id, d.title, p.article, p.text, %s AS clause
              FROM draft_text d LEFT JOIN draft_paragraph p ON p.draft_id = d.id AND p.id = $2
             WHERE d.id = $1""".formatted(CLAUSE))
        .execute(Tuple.of(draftId, paragraphId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }
}
