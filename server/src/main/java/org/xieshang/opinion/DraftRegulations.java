package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.activity.ActivityService;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.util.List;

/**
 * Draft texts commented on paragraph by paragraph (RULES.md Art. 15): staff post a draft on an activity,
 * it is split into articles and paragraphs ({@link DraftRegulationText}), and those who may write opinions on the
 * activity comment on any paragraph. Each comment is an opinion unit (DRAFT_COMMENT) naming its
 * paragraph, so it reaches the report with the rest.
 */
public final class DraftRegulations {
  static final int MAX_PARAGRAPHS = 2000;

  private final Pool pool;
  private final OpinionService opinions;
  private final ActivityService activities;

  public DraftRegulations(Pool pool, OpinionService opinions, ActivityService activities) {
    this.pool = pool;
    this.opinions = opinions;
    this.activities = activities;
  }

  public Future<JsonObject> create(Caller caller, long activityId, String title, String text, AuditLog.By by) {
    List<DraftRegulationText.Paragraph> paragraphs = DraftRegulationText.split(text);
    if (paragraphs.size() > MAX_PARAGRAPHS) {
      return Future.failedFuture(DomainError.invalid("text", "草案超过 " + MAX_PARAGRAPHS + " 段，请分开发布"));
    }
    return pool.withTransaction(tx -> DraftRegulationStore.insertDraft(tx, activityId, title, caller.accountId())
            .compose(made -> {
              if (made.isEmpty()) {
                return Future.failedFuture(DomainError.notFound("活动 " + activityId));
              }
              long id = made.get();
              return DraftRegulationStore.insertParagraphs(tx, id, paragraphs)
                  .compose(x -> AuditLog.record(tx, by, "draft.create", "activity", activityId, new JsonObject().put("draftId", id)))
                  .map(id);
            }))
        .compose(id -> get(caller, id));
  }

  private static String label(Row p) {
    return new DraftRegulationText.Paragraph(p.getString("article"), p.getLong("clause").intValue(), p.getString("text")).label();
  }

  /** The activity's drafts, for those who may read the activity (its roster, or those who manage activities). */
  public Future<JsonArray> list(Caller caller, long activityId) {
    return activities.readable(caller, activityId).compose(a -> DraftRegulationStore.list(pool, activityId)
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
    return DraftRegulationStore.draft(pool, id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("草案 " + id));
          }
          Row d = found.get();
          return activities.readable(caller, d.getLong("activity_id"))
              .compose(a -> DraftRegulationStore.paragraphs(pool, id, caller.accountId(), staff))
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
              });
        });
  }

  /** A comment on one paragraph, stored as "对《草案》第三条第2款：…" so the report reads it in context. */
  public Future<JsonObject> comment(Caller caller, long draftId, long paragraphId, String text, String idempotencyKey,
                                    AuditLog.By by) {
    return DraftRegulationStore.paragraph(pool, draftId, paragraphId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("草案 " + draftId));
          }
          Row r = found.get();
          if (r.getString("text") == null) {
            return Future.failedFuture(DomainError.invalid("paragraphId", "不是本草案的段落"));
          }
          String stored = "对《" + r.getString("title") + "》" + label(r) + "：" + text;
          return opinions.submit(caller, r.getLong("activity_id"), new OpinionService.Written("DRAFT_COMMENT", stored, null, paragraphId),
              idempotencyKey, by);
        });
  }
}
