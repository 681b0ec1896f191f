package org.xieshang.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * A failure a user can act on. Services fail their Future with one; the HTTP edge turns it into
 * application/problem+json (RFC 9457) in one place ({@link ProblemHandler}); the event-bus bridge
 * turns it into a reply failure with the same JSON. {@code type} is stable; {@code title} is Chinese.
 */
public final class DomainError extends RuntimeException {
  public static final String TYPE_PREFIX = "urn:xieshang:problem:";

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> fields;
  private final JsonObject extra;

  public DomainError(int status, String type, String title, String detail, List<FieldError> fields, JsonObject extra) {
    super(detail == null ? title : detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.fields = List.copyOf(fields);
    this.extra = extra == null ? new JsonObject() : extra;
  }

  public static DomainError validation(List<FieldError> fields) {
    String detail = fields.isEmpty() ? null : fields.get(0).field() + ": " + fields.get(0).message();
    return new DomainError(422, "validation", "请求内容有误", detail, fields, null);
  }

  public static DomainError invalid(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }

  public static DomainError malformed(String detail) {
    return new DomainError(400, "malformed-request", "请求格式错误", detail, List.of(), null);
  }

  /** A request that cannot be read at all, naming where: a field, or {@code $} for the body as a whole. */
  public static DomainError malformed(String field, String message) {
    return new DomainError(400, "malformed-request", "请求格式错误", field + ": " + message,
        List.of(new FieldError(field, message)), null);
  }

  public static DomainError unauthorized(String detail) {
    return new DomainError(401, "unauthorized", "未登录或登录已失效", detail, List.of(), null);
  }

  public static DomainError forbidden(String detail) {
    return new DomainError(403, "forbidden", "无权执行此操作", detail, List.of(), null);
  }

  public static DomainError notFound(String what) {
    return new DomainError(404, "not-found", "未找到" + what, null, List.of(), null);
  }

  public static DomainError conflict(String type, String title, String detail) {
    return new DomainError(409, type, title, detail, List.of(), null);
  }

  public static DomainError conflict(String type, String title, String field, String message) {
    return new DomainError(409, type, title, message, List.of(new FieldError(field, message)), null);
  }

  public static DomainError unavailable(String type, String title, String detail) {
    return new DomainError(503, type, title, detail, List.of(), null);
  }

  /** Seconds a client is told to wait when the database is away (Retry-After). */
  public static final long DATABASE_RETRY_AFTER_SECONDS = 5;

  /** The database cannot be reached (stopped, restarting, the connection lost): nothing was done that was answered. */
  public static DomainError databaseUnavailable() {
    return new DomainError(503, "database-unavailable", "服务暂时不可用",
        "数据库暂时无法连接，请在 " + DATABASE_RETRY_AFTER_SECONDS + " 秒后重试", List.of(),
        new JsonObject().put("retryAfter", DATABASE_RETRY_AFTER_SECONDS));
  }

  /** A known path asked with a method it does not answer to; {@code allowed} goes in the Allow header. */
  public static DomainError methodNotAllowed(Collection<String> allowed) {
    return new DomainError(405, "method-not-allowed", "不支持此请求方法", "此接口支持：" + String.join("、", allowed), List.of(),
        new JsonObject().put("allow", String.join(", ", allowed)));
  }

  public static DomainError rateLimited(long retryAfterSeconds, String title) {
    return new DomainError(429, "rate-limited", title, "请在 " + retryAfterSeconds + " 秒后重试", List.of(),
        new JsonObject().put("retryAfter", retryAfterSeconds));
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public List<FieldError> fields() {
    return fields;
  }

  public JsonObject extra() {
    return extra;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", TYPE_PREFIX + type)
        .put("title", title)
        .put("status", status);
    if (getMessage() != null && !getMessage().equals(title)) {
      json.put("detail", getMessage());
    }
    if (!fields.isEmpty()) {
      JsonArray errors = new JsonArray();
      fields.forEach(f -> errors.add(f.toJson()));
      json.put("errors", errors);
    }
    extra.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }
}
