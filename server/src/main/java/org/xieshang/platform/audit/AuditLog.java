package org.xieshang.platform.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The append-only record of who did what and when. Writes go through the caller's connection so an
 * act and its audit entry commit together; the table refuses UPDATE and DELETE (V1 trigger).
 */
public final class AuditLog {
  private AuditLog() {}

  /** Who acts, and the request it came in (for correlating with the access log). */
  public record By(Long actorId, String requestId) {
    public static By system() {
      return new By(null, null);
    }
  }

  public static Future<Void> record(SqlClient db, By by, String action, String targetType, Object targetId,
                                    JsonObject detail) {
    return db.preparedQuery("""
            INSERT INTO audit_log (actor_id, action, target_type, target_id, detail, request_id)
            VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.of(by.actorId(), action, targetType, targetId == null ? null : targetId.toString(),
            detail == null ? new JsonObject() : detail, by.requestId()))
        .mapEmpty();
  }

  /** Newest first; {@code beforeId} pages backwards. */
  public static Future<JsonArray> list(SqlClient db, int limit, Long beforeId, String action) {
    return db.preparedQuery("""
            SELECT l.id, l.at, l.actor_id, a.display_name AS actor_name, l.action, l.target_type, l.target_id,
                   l.detail, l.request_id
              FROM audit_log l LEFT JOIN identity_person a ON a.id = l.actor_id
             WHERE ($1::bigint IS NULL OR l.id < $1) AND ($2::text IS NULL OR l.action = $2)
             ORDER BY l.id DESC
             LIMIT $3""")
        .execute(Tuple.of(beforeId, action, limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject()
                .put("id", r.getLong("id"))
                .put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("actorId", r.getLong("actor_id"))
                .put("actorName", r.getString("actor_name"))
                .put("action", r.getString("action"))
                .put("targetType", r.getString("target_type"))
                .put("targetId", r.getString("target_id"))
                .put("detail", r.getJsonObject("detail"))
                .put("requestId", r.getString("request_id")));
          }
          return out;
        });
  }
}
