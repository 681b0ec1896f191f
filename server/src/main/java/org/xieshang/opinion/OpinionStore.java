package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.xieshang.platform.http.Attachment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * All SQL of the opinion store. Collecting reads each channel's own records and upserts one unit per
 * source (by source_ref), so it can run again whenever new opinions arrive and changes only what
 * changed (a moderator's decision, an edit, new votes). Only what is public in its channel is
 * collected: visible posts and statements, comments not held or rejected.
 */
final class OpinionStore {
  private OpinionStore() {}

  /** Author kind from a live roster role, as the report counts them. */
  private static final String ROLE_KIND = """
      CASE r.role WHEN 'PUBLIC_REP' THEN 'DRAWN_PUBLIC' WHEN 'OFFICIAL' THEN 'DEPARTMENT' WHEN 'EXPERT' THEN 'EXPERT'
                  WHEN 'SECRETARY' THEN 'STAFF' WHEN 'OBSERVER' THEN 'OPEN_PUBLIC' ELSE 'MEMBER' END""";

  private static final String UPSERT = """
      ON CONFLICT (source_ref) DO UPDATE SET text = EXCLUDED.text, agree = EXCLUDED.agree,
             disagree = EXCLUDED.disagree, pass = EXCLUDED.pass, collected_at = now()""";

  /**
   * Speeches (with the summary written for them), comments everyone may read, commitments and poll results
   * of a live session, from live's read model (the live_speech, live_comment, live_commitment and
   * live_poll_result views; docs/live.md).
   */
  static Future<Integer> collectLive(SqlClient db, long sessionId) {
    String speeches = """
        INSERT INTO opinion_unit (source_ref, channel, activity_id, agenda_item_id, author_id, author_kind, organization_id,
                                  venue_id, sector_id, text, at)
        SELECT %s, 'SPEECH', s.session_id, s.item_id, a.id, %s, a.organization_id, s.venue_id, a.sector_id,
               s.summary, s.granted_at
          FROM live_speech s
          JOIN identity_person a ON a.id = s.account_id
          LEFT JOIN activity_roster r ON r.activity_id = s.session_id AND r.account_id = a.id
         WHERE s.session_id = $1 AND s.summary IS NOT NULL
        """.formatted(SourceRef.liveSql(SourceRef.LivePart.SPEECH, "s.session_id", "s.speech_id"), ROLE_KIND) + UPSERT;
    String comments = """
        INSERT INTO opinion_unit (source_ref, channel, activity_id, agenda_item_id, author_id, author_kind, organization_id,
                                  venue_id, sector_id, text, at)
        SELECT %s, 'COMMENT', c.session_id, c.item_id, a.id, %s, a.organization_id, c.venue_id, a.sector_id, c.text, c.at
          FROM live_comment c
          JOIN identity_person a ON a.id = c.account_id
          LEFT JOIN activity_roster r ON r.activity_id = c.session_id AND r.account_id = a.id
         WHERE c.session_id = $1 AND c.shown
        """.formatted(SourceRef.liveSql(SourceRef.LivePart.COMMENT, "c.session_id", "c.comment_id"), ROLE_KIND) + UPSERT;
    String commitments = """
        INSERT INTO opinion_unit (source_ref, channel, activity_id, author_id, author_kind, organization_id, sector_id, text, at)
        SELECT %s, 'COMMITMENT', m.session_id, a.id, 'DEPARTMENT', a.organization_id, a.sector_id, m.text, m.at
          FROM live_commitment m JOIN identity_person a ON a.id = m.official_id
         WHERE m.session_id = $1
        """.formatted(SourceRef.liveSql(SourceRef.LivePart.COMMITMENT, "m.session_id", "m.commitment_id")) + UPSERT;
    // a closed poll's result: the meeting's collective view on its question
    String polls = """
        INSERT INTO opinion_unit (source_ref, channel, activity_id, author_id, author_kind, text, at)
        SELECT %s, 'POLL', o.session_id, o.opened_by, 'COLLECTIVE',
               '表决“' || o.question || '”（' || o.voters || ' 人参加）：'
               || (SELECT string_agg(opt.value || ' ' || o.votes[opt.n] || ' 票', '，' ORDER BY opt.n)
                     FROM unnest(o.options) WITH ORDINALITY AS opt(value, n)),
               o.closed_at
          FROM live_poll_result o
         WHERE o.session_id = $1
        """.formatted(SourceRef.liveSql(SourceRef.LivePart.POLL, "o.session_id", "o.poll_id")) + UPSERT;
    return run(db, speeches, sessionId).compose(a -> run(db, comments, sessionId).map(b -> a + b))
        .compose(ab -> run(db, commitments, sessionId).map(c -> ab + c))
        .compose(abc -> run(db, polls, sessionId).map(d -> abc + d));
  }

  /** Visible posts (not guidance) and statements of a theme, with each statement's votes. */
  static Future<Integer> collectTheme(SqlClient db, long themeId) {
    String posts = """
        INSERT INTO opinion_unit (source_ref, channel, activity_id, theme_id, author_id, author_kind, organization_id,
                                  sector_id, text, at)
        SELECT %s, 'POST', p.activity_id, p.theme_id, p.account_id, p.author_kind, p.organization_id,
               p.sector_id, p.text, p.created_at
          FROM forum_opinion_post p
         WHERE p.theme_id = $1 AND p.visible
        """.formatted(SourceRef.forumSql(SourceRef.ForumPart.POST, "p.id")) + UPSERT;
    String statements = """
        INSERT INTO opinion_unit (source_ref, channel, activity_id, theme_id, author_id, author_kind, organization_id,
                                  sector_id, text, agree, disagree, pass, at)
        SELECT %s, 'STATEMENT', s.activity_id, s.theme_id, s.account_id, s.author_kind,
               s.organization_id, s.sector_id, s.text, s.agree, s.disagree, s.pass, s.created_at
          FROM forum_opinion_statement s
         WHERE s.theme_id = $1 AND s.visible
        """.formatted(SourceRef.forumSql(SourceRef.ForumPart.STATEMENT, "s.id")) + UPSERT;
    // what was withdrawn or hidden since the last collection leaves the store
    String gone = """
        DELETE FROM opinion_unit u WHERE u.theme_id = $1 AND (
          (u.channel = 'POST' AND NOT EXISTS (SELECT 1 FROM forum_opinion_post p WHERE %s = u.source_ref
                                                AND p.visible))
          OR (u.channel = 'STATEMENT' AND NOT EXISTS (SELECT 1 FROM forum_opinion_statement s
                                                WHERE %s = u.source_ref AND s.visible)))"""
        .formatted(SourceRef.forumSql(SourceRef.ForumPart.POST, "p.id"), SourceRef.forumSql(SourceRef.ForumPart.STATEMENT, "s.id"));
    return run(db, gone, themeId).compose(x -> run(db, posts, themeId))
        .compose(a -> run(db, statements, themeId).map(b -> a + b));
  }

  /**
   * A written opinion (SUBMISSION), research finding (RESEARCH) or draft comment (DRAFT_COMMENT) made
   * directly in the store; the same source_ref again (a resend) returns the unit already there.
   */
  static Future<Long> insertWritten(SqlClient db, String ref, String channel, long activityId, Long paragraphId, long authorId,
                                    String kind, String text) {
    return db.preparedQuery("""
            INSERT INTO opinion_unit (source_ref, channel, activity_id, draft_paragraph_id, author_id, author_kind, organization_id,
                                      sector_id, venue_id, text, at)
            SELECT $1, $2, $3, $4, a.id, $6, a.organization_id, a.sector_id,
                   (SELECT r.venue_id FROM activity_roster r WHERE r.activity_id = $3 AND r.account_id = a.id), $7, now()
              FROM identity_person a WHERE a.id = $5
            ON CONFLICT (source_ref) DO NOTHING RETURNING id""")
        .execute(Tuple.of(ref, channel, activityId, paragraphId, authorId, kind, text))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getLong(0))
            : db.preparedQuery("SELECT id FROM opinion_unit WHERE source_ref = $1").execute(Tuple.of(ref))
                .map(r -> r.iterator().next().getLong(0)));
  }

  /** The uploaded file a written opinion's text was read from, kept for readers of the report. */
  static Future<Void> insertFile(SqlClient db, long unitId, Attachment file) {
    return db.preparedQuery("""
            INSERT INTO opinion_file (unit_id, file_name, media_type, data, sha256) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (unit_id) DO NOTHING""")
        .execute(Tuple.of(unitId, file.fileName(), file.mediaType(), Buffer.buffer(file.data()),
            HexFormat.of().formatHex(sha256(file.data()))))
        .mapEmpty();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Future<Integer> run(SqlClient db, String sql, long id) {
    return db.preparedQuery(sql).execute(Tuple.of(id)).map(r -> r.rowCount());
  }

  /** What one analysis and report take at most (memory: about 1 KB a unit); a larger scope is flagged. */
  static final int UNITS_AT_MOST = 100_000;

  /** The units of an activity (with its themes) or of a theme: the one scope every query here shares. */
  private static final String SCOPE = """
      ($1::bigint IS NOT NULL AND (u.activity_id = $1 OR u.theme_id IN (SELECT id FROM forum_theme_brief WHERE activity_id = $1)))
         OR ($2::bigint IS NOT NULL AND u.theme_id = $2)""";

  /** The scope's kept analysis if it was made of this version of its opinions. */
  static Future<Optional<AnalysisRunner.Result>> keptAnalysis(SqlClient db, String scopeKey, String version) {
    return db.preparedQuery("SELECT analysis, analysed_at FROM opinion_analysis WHERE scope_key = $1 AND version = $2")
        .execute(Tuple.of(scopeKey, version))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new AnalysisRunner.Result(
            (JsonObject) rows.iterator().next().getJson("analysis"), rows.iterator().next().getOffsetDateTime("analysed_at").toInstant())));
  }

  /** Keeps the scope's latest analysis, in place of an older one. */
  static Future<Void> keepAnalysis(SqlClient db, String scopeKey, String version, AnalysisRunner.Result result) {
    return db.preparedQuery("""
            INSERT INTO opinion_analysis (scope_key, version, analysis, analysed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (scope_key) DO UPDATE SET version = EXCLUDED.version, analysis = EXCLUDED.analysis,
                                                  analysed_at = EXCLUDED.analysed_at""")
        .execute(Tuple.of(scopeKey, version, result.analysis(), result.at().atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /**
   * A version of the scope's opinions that changes when any unit is added, removed, or has its text,
   * channel or author kind changed: the count and a sum of hashes, computed in the database, so that a
   * kept analysis is found without reading every unit.
   */
  static Future<String> version(SqlClient db, Long activityId, Long themeId) {
    return db.preparedQuery("""
            SELECT count(*), coalesce(sum(hashtextextended(
                     u.id || '|' || u.channel || '|' || coalesce(u.author_kind, '') || '|' || u.text, 0)), 0)
              FROM opinion_unit u WHERE""" + SCOPE)
        .execute(Tuple.of(activityId, themeId))
        .map(rows -> {
          Row r = rows.iterator().next();
          return r.getLong(0) + ":" + r.getValue(1);
        });
  }

  /**
   * The units of an activity (with its themes) or of a theme, oldest first, with names for the report:
   * at most {@link #UNITS_AT_MOST} + 1, so that the caller can tell there are more.
   */
  /** Opinions by id, with the names of their venue, organisation and (for answers) department: what a report cites. */
  static Future<List<JsonObject>> byId(SqlClient db, Collection<Long> ids) {
    return db.preparedQuery("""
            SELECT u.id, u.source_ref, u.channel, u.author_kind, u.text, u.at, v.name AS venue, o.name AS organization,
                   a.department
              FROM opinion_unit u LEFT JOIN activity_venue v ON v.id = u.venue_id
              LEFT JOIN identity_organization o ON o.id = u.organization_id
              LEFT JOIN identity_person a ON a.id = u.author_id
             WHERE u.id = ANY($1)""").execute(Tuple.of((Object) ids.toArray(new Long[0])))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row u : rows) {
            out.add(new JsonObject().put("id", u.getLong("id")).put("sourceRef", u.getString("source_ref"))
                .put("channel", u.getString("channel")).put("authorKind", u.getString("author_kind"))
                .put("venue", u.getString("venue")).put("organization", u.getString("organization"))
                .put("department", u.getString("department")).put("text", u.getString("text"))
                .put("at", u.getOffsetDateTime("at").toInstant().toString()));
          }
          return out;
        });
  }

  /** How many of these opinions belong to the scope (the activity and its themes, or the theme). */
  static Future<Long> countInScope(SqlClient db, Collection<Long> ids, Long activityId, Long themeId) {
    return db.preparedQuery("SELECT count(*) FROM opinion_unit u WHERE u.id = ANY($3) AND (" + SCOPE + ")")
        .execute(Tuple.of(activityId, themeId, ids.toArray(new Long[0])))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<JsonArray> units(SqlClient db, Long activityId, Long themeId) {
    return db.preparedQuery("""
            SELECT u.*, a.display_name AS author_name, o.name AS organization, v.name AS venue, s.name AS sector,
                   a.department
              FROM opinion_unit u
              LEFT JOIN identity_person a ON a.id = u.author_id
              LEFT JOIN identity_organization o ON o.id = u.organization_id
              LEFT JOIN activity_venue v ON v.id = u.venue_id
              LEFT JOIN identity_sector s ON s.id = u.sector_id
             WHERE""" + SCOPE + """

             ORDER BY u.at, u.id LIMIT $3""")
        .execute(Tuple.of(activityId, themeId, UNITS_AT_MOST + 1))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getLong("id")).put("sourceRef", r.getString("source_ref"))
                .put("channel", r.getString("channel")).put("activityId", r.getLong("activity_id"))
                .put("themeId", r.getLong("theme_id")).put("agendaItemId", r.getLong("agenda_item_id"))
                .put("authorName", r.getString("author_name")).put("authorKind", r.getString("author_kind"))
                .put("organization", r.getString("organization")).put("venue", r.getString("venue"))
                .put("sector", r.getString("sector")).put("department", r.getString("department")).put("text", r.getString("text"))
                .put("agree", r.getInteger("agree")).put("disagree", r.getInteger("disagree")).put("pass", r.getInteger("pass"))
                .put("at", r.getOffsetDateTime("at").toInstant().toString()));
          }
          return out;
        });
  }

  /** The votes on forum statements, each as {statement id, participant id, vote} (the forum's forum_statement_vote). */
  static Future<List<long[]>> statementVotes(SqlClient db, List<Long> statementIds) {
    return db.preparedQuery("SELECT statement_id, participant_id, vote FROM forum_statement_vote WHERE statement_id = ANY($1)")
        .execute(Tuple.of((Object) statementIds.toArray(new Long[0])))
        .map(rows -> {
          List<long[]> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(new long[]{r.getLong(0), r.getLong(1), r.getInteger(2)}));
          return out;
        });
  }

  static Future<Boolean> activityExists(SqlClient db, long activityId) {
    return db.preparedQuery("SELECT 1 FROM activity_brief WHERE id = $1").execute(Tuple.of(activityId)).map(r -> r.size() > 0);
  }

  static Future<Boolean> themeExists(SqlClient db, long themeId) {
    return db.preparedQuery("SELECT 1 FROM forum_theme_brief WHERE id = $1").execute(Tuple.of(themeId)).map(r -> r.size() > 0);
  }

  /** The themes held for an activity, whose opinions are the activity's too. */
  static Future<List<Long>> themesOf(SqlClient db, long activityId) {
    return db.preparedQuery("SELECT id FROM forum_theme_brief WHERE activity_id = $1 ORDER BY id").execute(Tuple.of(activityId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** An account's place on an activity: its roster role, or null when it is not on the roster. */
  record Seat(String role) {}

  /** The account's seat on the activity; empty when the activity does not exist. */
  static Future<Optional<Seat>> seat(SqlClient db, long activityId, long accountId) {
    return db.preparedQuery("""
            SELECT (SELECT role FROM activity_roster WHERE activity_id = a.id AND account_id = $2) AS role
              FROM activity_brief a WHERE a.id = $1""")
        .execute(Tuple.of(activityId, accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new Seat(rows.iterator().next().getString("role"))));
  }

  /** A written opinion's uploaded file with its unit's author. */
  static Future<Optional<Row>> file(SqlClient db, long unitId) {
    return db.preparedQuery("""
            SELECT f.file_name, f.media_type, f.data, u.author_id FROM opinion_file f JOIN opinion_unit u ON u.id = f.unit_id
             WHERE f.unit_id = $1""").execute(Tuple.of(unitId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }
}
