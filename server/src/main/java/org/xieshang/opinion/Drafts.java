package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.xieshang.activity.ActivityService;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.util.List;

/**
 * Draft texts commented on paragraph by paragraph (RULES.md Art. 15): staff post a draft on an activity,
 * it is split into articles and paragraphs ({@link DraftText}), and those who may write opinions on the
 * activity comment on any paragraph. Each comment is an opinion unit (DRAFT_COMMENT) naming its
 * paragraph, so it reaches the report with the rest.
 */
public final class Drafts {
  static final int MAX_PARAGRAPHS = 2000;
  /** A paragraph's place in its article (款), 1 for the article's first line; 0 outside articles. */
  private static final String CLAUSE = """
      (SELECT count(*) FROM draft_paragraph q WHERE q.draft_id = p.draft_id AND q.article = p.article AND q.position <= p.position)""";

  private final Pool pool;
  private final OpinionService opinions;
  private final ActivityService activities;

  public Drafts(Pool pool, OpinionService opinions, ActivityService activities) {
    this.pool = pool;
    this.opinions = opinions;
    this.activities = activities;
  }

  public Future<JsonObject> create(Caller caller, long activityId, String title, String text, AuditLog.By by) {
    List<DraftText.Paragraph> paragraphs = DraftText.split(text);
    if (paragraphs.size() > MAX_PARAGRAPHS) {
      return Future.failedFuture(DomainError.invalid("text", "草案超过 " + MAX_PARAGRAPHS + " 段，请分开发布"));
    }
    return pool.withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO draft_text (activity_id, title, created_by) SELECT id, $2, $3 FROM activity WHERE id = $1 RETURNING id""")
            .execute(Tuple.of(activityId, title, caller.accountId()))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainError.notFound("活动 " + activityId));
              }
              long id = rows.iterator().next().getLong(0);
              List<Tuple> batch = new java.util.ArrayList<>();
              for (int i = 0; i < paragraphs.size(); i++) {
                batch.add(Tuple.of(id, i + 1, paragraphs.get(i).article(), paragraphs.get(i).text()));
              }
              return tx.preparedQuery("INSERT INTO draft_paragraph (draft_id, position, article, text) VALUES ($1, $2, $3, $4)")
                  .executeBatch(batch)
                  .compose(x -> AuditLog.record(tx, by, "draft.create", "activity", activityId, new JsonObject().put("draftId", id)))
                  .map(id);
            }))
        .compose(id -> get(caller, id));
  }

  private static String label(Row p) {
    return new DraftText.Paragraph(p.getString("article"), p.getLong("clause").intValue(), p.getString("text")).label();
  }

  /** The activity's drafts, for those who may read the activity (its roster, or those who manage activities). */
  public Future<JsonArray> list(Caller caller, long activityId) {
    return activities.readable(caller, activityId).compose(a -> pool.preparedQuery("""
            SELECT d.id, d.title, d.created_at,
                   (SELECT count(*) FROM draft_paragraph p WHERE p.draft_id = d.id) AS paragraphs,
                   (SELECT count(*) FROM opinion_unit u JOIN draft_paragraph p ON p.id = u.draft_paragraph_id WHERE p.draft_id = d.id) AS comments
              FROM draft_text d WHERE d.activity_id = $1 ORDER BY d.id""")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
              .put("paragraphs", r.getLong("paragraphs")).put("comments", r.getLong("comments"))
              .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())));
          return out;
        }));
  }

  /**
   * The draft with its paragraphs, how many comments each has and the caller's own (without the 对《…》第…条：
   * the store keeps in front); staff (REPORT_MANAGE) see every comment with who made it.
   */
  public Future<JsonObject> get(Caller caller, long id) {
    boolean staff = caller.can(Permission.REPORT_MANAGE);
    return pool.preparedQuery("SELECT id, activity_id, title FROM draft_text WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(DomainError.notFound("草案 " + id));
          }
          Row d = rows.iterator().next();
          return activities.readable(caller, d.getLong("activity_id")).compose(a -> pool.preparedQuery("""
                  SELECT p.id, p.position, p.article, p.text, %s AS clause,
                         coalesce((SELECT json_agg(json_build_object('id', u.id, 'text', regexp_replace(u.text, '^对《.*?》[^：]*：', ''), 'mine', u.author_id = $2,
                                     'authorKind', u.author_kind, 'venue', v.name, 'at', u.at) ORDER BY u.id)
                                     FROM opinion_unit u LEFT JOIN venue v ON v.id = u.venue_id
                                    WHERE u.draft_paragraph_id = p.id AND ($3 OR u.author_id = $2)), '[]')::text AS comments,
                         (SELECT count(*) FROM opinion_unit u WHERE u.draft_paragraph_id = p.id) AS count
                    FROM draft_paragraph p WHERE p.draft_id = $1 ORDER BY p.position""".formatted(CLAUSE))
              .execute(Tuple.of(id, caller.accountId(), staff))
              .map(ps -> {
                JsonArray paragraphs = new JsonArray();
                for (Row p : ps) {
                  paragraphs.add(new JsonObject().put("id", p.getLong("id")).put("position", p.getInteger("position"))
                      .put("article", p.getString("article")).put("label", label(p))
                      .put("text", p.getString("text")).put("count", p.getLong("count"))
                      .put("comments", new JsonArray(p.getString("comments"))));
                }
                return new JsonObject().put("id", id).put("activityId", d.getLong("activity_id")).put("title", d.getString("title"))
                    .put("paragraphs", paragraphs);
              }));
        });
  }

  /** A comment on one paragraph, stored as "对《草案》第三条第2款：…" so the report reads it in context. */
  public Future<JsonObject> comment(Caller caller, long draftId, long paragraphId, String text, String idempotencyKey,
                                    AuditLog.By by) {
    return pool.preparedQuery("""
            SELECT d.activity_id, d.title, p.article, p.text, %s AS clause
              FROM draft_text d LEFT JOIN draft_paragraph p ON p.draft_id = d.id AND p.id = $2
             WHERE d.id = $1""".formatted(CLAUSE))
        .execute(Tuple.of(draftId, paragraphId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(DomainError.notFound("草案 " + draftId));
          }
          Row r = rows.iterator().next();
          if (r.getString("text") == null) {
            return Future.failedFuture(DomainError.invalid("paragraphId", "不是本草案的段落"));
          }
          String stored = "对《" + r.getString("title") + "》" + label(r) + "：" + text;
          return opinions.submit(caller, r.getLong("activity_id"), new OpinionService.Written("DRAFT_COMMENT", stored, null, paragraphId),
              idempotencyKey, by);
        });
  }
}
