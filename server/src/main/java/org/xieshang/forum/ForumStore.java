package org.xieshang.forum;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All SQL of online themes. */
final class ForumStore {
  private ForumStore() {}

  /** What the rules need to know about an account in a theme. */
  record AccountFacts(boolean phoneVerified, boolean drawn, Long organizationId, Long sectorId) {}

  static Future<Long> insertTheme(SqlClient db, String title, String topic, String description, Long activityId,
                                  long committeeId, OffsetDateTime opensAt, OffsetDateTime closesAt,
                                  String visibility, boolean premoderatePublic, long createdBy) {
    return db.preparedQuery("""
            INSERT INTO forum_theme (title, topic, description, activity_id, committee_id, opens_at, closes_at,
                                     visibility, premoderate_public, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id""")
        .execute(Tuple.from(new Object[]{title, topic, description, activityId, committeeId, opensAt, closesAt,
            visibility, premoderatePublic, createdBy}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Optional<Row>> theme(SqlClient db, long id) {
    return db.preparedQuery("SELECT " + Theme.COLUMNS + " FROM forum_theme t WHERE t.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** Every theme with its counts and whether the account was drawn for its activity; newest first. */
  static Future<List<Row>> themes(SqlClient db, long accountId) {
    return db.preparedQuery("SELECT " + Theme.COLUMNS + """
            , EXISTS (SELECT 1 FROM activity_roster r WHERE r.activity_id = t.activity_id AND r.account_id = $1
                        AND r.role = 'PUBLIC_REP') AS drawn,
              (SELECT count(*) FROM forum_post p WHERE p.theme_id = t.id AND p.status = 'VISIBLE') AS posts,
              (SELECT count(*) FROM forum_statement s WHERE s.theme_id = t.id AND s.status = 'VISIBLE') AS statements
             FROM forum_theme t ORDER BY t.opens_at DESC, t.id DESC LIMIT 500""")
        .execute(Tuple.of(accountId))
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }

  static Future<AccountFacts> facts(SqlClient db, long accountId, Long activityId) {
    return db.preparedQuery("""
            SELECT a.phone_verified, a.organization_id, a.sector_id,
                   EXISTS (SELECT 1 FROM activity_roster r WHERE r.activity_id = $2 AND r.account_id = a.id
                             AND r.role = 'PUBLIC_REP') AS drawn
              FROM identity_person a WHERE a.id = $1 AND a.active""")
        .execute(Tuple.of(accountId, activityId))
        .map(rows -> {
          if (rows.size() == 0) {
            return new AccountFacts(false, false, null, null);
          }
          Row r = rows.iterator().next();
          return new AccountFacts(r.getBoolean("phone_verified"), r.getBoolean("drawn"), r.getLong("organization_id"),
              r.getLong("sector_id"));
        });
  }

  /** The participant row of an account in a theme, made on first use. */
  static Future<Long> participant(SqlClient db, long themeId, Participant p) {
    return db.preparedQuery("""
            INSERT INTO forum_participant (theme_id, account_id, author_kind, organization_id, sector_id)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (theme_id, account_id) DO UPDATE SET theme_id = EXCLUDED.theme_id
            RETURNING id""")
        .execute(Tuple.of(themeId, p.accountId(), p.kind().name(), p.organizationId(), p.sectorId()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  // ---- posts

  record NewPost(long themeId, Long threadId, Long parentId, int depth, String kind, String title, String body,
                 long participantId, PostStatus status, List<String> flagged, String idempotencyKey) {}

  /** Inserts the post, or finds the one already made with the same idempotency key. */
  static Future<Long> insertPost(SqlClient db, NewPost p) {
    String terms = SearchText.terms((p.title() == null ? "" : p.title() + " ") + p.body());
    return db.preparedQuery("""
            INSERT INTO forum_post (theme_id, thread_id, parent_id, depth, kind, title, body, participant_id, status,
                                    flagged, search, idempotency_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_tsvector('simple', $11), $12)
            ON CONFLICT (participant_id, idempotency_key) DO NOTHING RETURNING id""")
        .execute(Tuple.from(new Object[]{p.themeId(), p.threadId(), p.parentId(), (short) p.depth(), p.kind(),
            p.title(), p.body(), p.participantId(), p.status().name(), p.flagged().toArray(new String[0]), terms,
            p.idempotencyKey()}))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getLong(0))
            : db.preparedQuery("SELECT id FROM forum_post WHERE participant_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(p.participantId(), p.idempotencyKey()))
                .map(rows2 -> rows2.iterator().next().getLong(0)));
  }

  static final String POST_SELECT = """
      SELECT p.id, p.theme_id, p.thread_id, p.parent_id, p.depth, p.kind, p.title, p.body, p.status, p.hidden_reason,
             p.flagged, p.featured, p.version, p.created_at, p.edited_at, fp.account_id, fp.author_kind,
             coalesce(a.display_name, '参与者 ' || fp.external_id) AS author_name, o.name AS organization, s.name AS sector,
             (SELECT coalesce(json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'mediaType', f.media_type,
                                                         'size', f.size_bytes) ORDER BY f.id), '[]')
                FROM forum_attachment f WHERE f.post_id = p.id)::text AS attachments
        FROM forum_post p
        JOIN forum_participant fp ON fp.id = p.participant_id
        LEFT JOIN identity_person a ON a.id = fp.account_id
        LEFT JOIN identity_organization o ON o.id = fp.organization_id
        LEFT JOIN identity_sector s ON s.id = fp.sector_id
      """;

  static Future<Optional<Row>> post(SqlClient db, long id) {
    return db.preparedQuery(POST_SELECT + " WHERE p.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** Threads and guidance of a theme (pinned guidance first, then featured, then newest). */
  static Future<List<Row>> threads(SqlClient db, long themeId) {
    return db.preparedQuery(POST_SELECT.replace("FROM forum_post p", """
            , (SELECT count(*) FROM forum_post r WHERE r.thread_id = p.id AND r.status = 'VISIBLE') AS replies
            FROM forum_post p""") + """
             WHERE p.theme_id = $1 AND p.parent_id IS NULL
             ORDER BY (p.kind = 'GUIDANCE') DESC, p.featured DESC, p.id DESC LIMIT 500""")
        .execute(Tuple.of(themeId))
        .map(ForumStore::list);
  }

  static Future<List<Row>> thread(SqlClient db, long threadId) {
    return db.preparedQuery(POST_SELECT + " WHERE p.id = $1 OR p.thread_id = $1 ORDER BY p.id LIMIT 2000")
        .execute(Tuple.of(threadId))
        .map(ForumStore::list);
  }

  static Future<Void> editPost(SqlClient db, long id, String title, String body, PostStatus status, List<String> flagged) {
    String terms = SearchText.terms((title == null ? "" : title + " ") + body);
    return db.preparedQuery("""
            INSERT INTO forum_post_version (post_id, version, title, body, written_at)
            SELECT id, version, title, body, coalesce(edited_at, created_at) FROM forum_post WHERE id = $1""")
        .execute(Tuple.of(id))
        .compose(x -> db.preparedQuery("""
                UPDATE forum_post SET title = $2, body = $3, status = $4, flagged = $5, search = to_tsvector('simple', $6),
                       version = version + 1, edited_at = now()
                 WHERE id = $1""")
            .execute(Tuple.of(id, title, body, status.name(), flagged.toArray(new String[0]), terms)))
        .mapEmpty();
  }

  static Future<JsonArray> versions(SqlClient db, long postId) {
    return db.preparedQuery("""
            SELECT version, title, body, written_at FROM forum_post_version WHERE post_id = $1
            UNION ALL SELECT version, title, body, coalesce(edited_at, created_at) FROM forum_post WHERE id = $1
            ORDER BY version""")
        .execute(Tuple.of(postId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("version", r.getInteger("version"))
              .put("title", r.getString("title")).put("body", r.getString("body"))
              .put("writtenAt", r.getOffsetDateTime("written_at").toInstant().toString())));
          return out;
        });
  }

  /** The table of a moderation target: POST or STATEMENT. */
  static String table(String targetType) {
    return targetType.equals("POST") ? "forum_post" : "forum_statement";
  }

  /** Sets a post's or statement's status; the reason is shown to its author and moderators. */
  static Future<Void> setStatus(SqlClient db, String targetType, long id, PostStatus status, String reason) {
    return db.preparedQuery("UPDATE " + table(targetType) + " SET status = $2, hidden_reason = $3 WHERE id = $1")
        .execute(Tuple.of(id, status.name(), reason)).mapEmpty();
  }

  /** Locks a post or statement for the transaction and reads its status. */
  static Future<PostStatus> lockStatus(SqlClient db, String targetType, long id) {
    return db.preparedQuery("SELECT status FROM " + table(targetType) + " WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id)).map(rows -> PostStatus.of(rows.iterator().next()));
  }

  static Future<Void> feature(SqlClient db, long id, boolean featured) {
    return db.preparedQuery("UPDATE forum_post SET featured = $2 WHERE id = $1").execute(Tuple.of(id, featured))
        .mapEmpty();
  }

  static Future<Long> insertAttachment(SqlClient db, long postId, String fileName, String mediaType, byte[] data) {
    return db.preparedQuery("""
            INSERT INTO forum_attachment (post_id, file_name, media_type, size_bytes, data)
            VALUES ($1, $2, $3, $4, $5) RETURNING id""")
        .execute(Tuple.of(postId, fileName, mediaType, data.length, Buffer.buffer(data)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Integer> attachmentCount(SqlClient db, long postId) {
    return db.preparedQuery("SELECT count(*) FROM forum_attachment WHERE post_id = $1").execute(Tuple.of(postId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  static Future<Optional<Row>> attachment(SqlClient db, long id) {
    return db.preparedQuery("""
            SELECT f.id, f.post_id, f.file_name, f.media_type, f.data, p.theme_id
              FROM forum_attachment f JOIN forum_post p ON p.id = f.post_id WHERE f.id = $1""")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  // ---- statements

  static Future<Long> insertStatement(SqlClient db, long themeId, long participantId, String body, PostStatus status,
                                      List<String> flagged, String externalId, String idempotencyKey,
                                      OffsetDateTime createdAt) {
    return db.preparedQuery("""
            INSERT INTO forum_statement (theme_id, participant_id, body, status, flagged, external_id, search,
                                         idempotency_key, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, to_tsvector('simple', $7), $8, coalesce($9, now()))
            ON CONFLICT (participant_id, idempotency_key) DO NOTHING RETURNING id""")
        .execute(Tuple.from(new Object[]{themeId, participantId, body, status.name(), flagged.toArray(new String[0]),
            externalId, SearchText.terms(body), idempotencyKey, createdAt}))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getLong(0))
            : db.preparedQuery("SELECT id FROM forum_statement WHERE participant_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(participantId, idempotencyKey))
                .map(rows2 -> rows2.iterator().next().getLong(0)));
  }

  static final String STATEMENT_SELECT = """
      SELECT s.id, s.theme_id, s.body, s.status, s.hidden_reason, s.flagged, s.agree, s.disagree, s.pass,
             s.created_at, fp.author_kind, fp.account_id,
             (SELECT v.vote FROM forum_vote v WHERE v.statement_id = s.id AND v.participant_id = $2) AS my_vote
        FROM forum_statement s JOIN forum_participant fp ON fp.id = s.participant_id
      """;

  /** Statements of a theme, with the participant's own vote ($2; -1 for none). */
  static Future<List<Row>> statements(SqlClient db, long themeId, long participantId) {
    return db.preparedQuery(STATEMENT_SELECT + " WHERE s.theme_id = $1 ORDER BY s.id LIMIT 5000")
        .execute(Tuple.of(themeId, participantId))
        .map(ForumStore::list);
  }

  static Future<Optional<Row>> statement(SqlClient db, long id) {
    return db.preparedQuery(STATEMENT_SELECT + " WHERE s.id = $1").execute(Tuple.of(id, -1L))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** Visible statements the participant has not voted on. */
  static Future<List<Row>> unvoted(SqlClient db, long themeId, long participantId) {
    return db.preparedQuery(STATEMENT_SELECT + """
             WHERE s.theme_id = $1 AND s.status = 'VISIBLE'
               AND NOT EXISTS (SELECT 1 FROM forum_vote v WHERE v.statement_id = s.id AND v.participant_id = $2)
             LIMIT 5000""")
        .execute(Tuple.of(themeId, participantId))
        .map(ForumStore::list);
  }

  // ---- moderation

  static Future<Void> insertReport(SqlClient db, long themeId, String targetType, long targetId, long reporterId,
                                   String reason) {
    return db.preparedQuery("""
            INSERT INTO forum_report (theme_id, target_type, target_id, reporter_id, reason)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (target_type, target_id, reporter_id) DO UPDATE SET reason = EXCLUDED.reason""")
        .execute(Tuple.of(themeId, targetType, targetId, reporterId, reason)).mapEmpty();
  }

  static Future<Integer> resolveReports(SqlClient db, String targetType, long targetId, long by) {
    return db.preparedQuery("""
            UPDATE forum_report SET resolved_at = now(), resolved_by = $3
             WHERE target_type = $1 AND target_id = $2 AND resolved_at IS NULL""")
        .execute(Tuple.of(targetType, targetId, by)).map(rows -> rows.rowCount());
  }

  /** Open reports on a post or statement (one per reporter). */
  static Future<Long> openReportCount(SqlClient db, String targetType, long targetId) {
    return db.preparedQuery("SELECT count(*) AS n FROM forum_report WHERE target_type = $1 AND target_id = $2"
            + " AND resolved_at IS NULL")
        .execute(Tuple.of(targetType, targetId)).map(rows -> rows.iterator().next().getLong("n"));
  }

  static Future<JsonArray> openReports(SqlClient db, long themeId) {
    return db.preparedQuery("""
            SELECT target_type, target_id, count(*) AS reports, json_agg(reason ORDER BY id)::text AS reasons,
                   min(created_at) AS first_at
              FROM forum_report WHERE theme_id = $1 AND resolved_at IS NULL
             GROUP BY target_type, target_id ORDER BY count(*) DESC, min(created_at)""")
        .execute(Tuple.of(themeId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("targetType", r.getString("target_type"))
              .put("targetId", r.getLong("target_id")).put("reports", r.getLong("reports"))
              .put("reasons", new JsonArray(r.getString("reasons")))
              .put("firstAt", r.getOffsetDateTime("first_at").toInstant().toString())));
          return out;
        });
  }

  static Future<List<Row>> pendingPosts(SqlClient db, long themeId) {
    return db.preparedQuery(POST_SELECT + " WHERE p.theme_id = $1 AND p.status = 'PENDING' ORDER BY p.id LIMIT 500")
        .execute(Tuple.of(themeId)).map(ForumStore::list);
  }

  static Future<List<Row>> pendingStatements(SqlClient db, long themeId) {
    return db.preparedQuery(STATEMENT_SELECT + " WHERE s.theme_id = $1 AND s.status = 'PENDING' ORDER BY s.id LIMIT 500")
        .execute(Tuple.of(themeId, -1L)).map(ForumStore::list);
  }

  // ---- search

  /** Posts matching the query (tsquery text, SearchText.query); those holding the typed text as it is come first. */
  static Future<List<Row>> searchPosts(SqlClient db, long themeId, String query, String typed) {
    return db.preparedQuery(POST_SELECT.replace("FROM forum_post p",
            ", ts_rank(p.search, to_tsquery('simple', $2)) AS rank FROM forum_post p") + """
             WHERE p.theme_id = $1 AND p.search @@ to_tsquery('simple', $2)
             ORDER BY strpos(coalesce(p.title, '') || p.body, $3) > 0 DESC, rank DESC, p.id DESC LIMIT 50""")
        .execute(Tuple.of(themeId, query, typed)).map(ForumStore::list);
  }

  static Future<List<Row>> searchStatements(SqlClient db, long themeId, String query, String typed) {
    return db.preparedQuery("""
            SELECT s.id, s.theme_id, s.body, s.status, s.hidden_reason, s.flagged, s.agree, s.disagree, s.pass,
                   s.created_at, fp.author_kind, fp.account_id, NULL::smallint AS my_vote
              FROM forum_statement s JOIN forum_participant fp ON fp.id = s.participant_id
             WHERE s.theme_id = $1 AND s.search @@ to_tsquery('simple', $2)
             ORDER BY strpos(s.body, $3) > 0 DESC, ts_rank(s.search, to_tsquery('simple', $2)) DESC, s.id DESC LIMIT 50""")
        .execute(Tuple.of(themeId, query, typed)).map(ForumStore::list);
  }

  static List<Row> list(Iterable<Row> rows) {
    List<Row> out = new ArrayList<>();
    rows.forEach(out::add);
    return out;
  }

  // ---- outlines other capabilities read (report)

  private static ThemeOutline outline(Row r) {
    return new ThemeOutline(r.getLong("id"), r.getString("title"), r.getString("topic"), r.getOffsetDateTime("opens_at"),
        r.getOffsetDateTime("closes_at"));
  }

  /** The annual plan's topic the theme holds (the plan's view plan_theme_topic), with its plan's step. */
  static Future<Optional<JsonObject>> planTopic(SqlClient db, long themeId) {
    return db.preparedQuery("""
            SELECT topic_id, topic_title, supervision, plan_id, plan_year, plan_title, plan_status
              FROM plan_theme_topic WHERE theme_id = $1""")
        .execute(Tuple.of(themeId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.<JsonObject>empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new JsonObject().put("topicId", r.getLong("topic_id")).put("title", r.getString("topic_title"))
              .put("supervision", r.getBoolean("supervision")).put("planId", r.getLong("plan_id"))
              .put("planYear", r.getInteger("plan_year")).put("planTitle", r.getString("plan_title"))
              .put("planStatus", r.getString("plan_status")));
        });
  }

  static Future<Optional<ThemeOutline>> outline(SqlClient db, long themeId) {
    return db.preparedQuery("SELECT id, title, topic, opens_at, closes_at FROM forum_theme WHERE id = $1").execute(Tuple.of(themeId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(outline(rows.iterator().next())));
  }

  static Future<List<ThemeOutline>> outlinesOfActivity(SqlClient db, long activityId) {
    return db.preparedQuery("SELECT id, title, topic, opens_at, closes_at FROM forum_theme WHERE activity_id = $1 ORDER BY id")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          List<ThemeOutline> out = new ArrayList<>();
          rows.forEach(r -> out.add(outline(r)));
          return out;
        });
  }
}
