package org.xieshang.platform.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.xieshang.platform.metrics.Metrics;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The one place where failures become application/problem+json responses. */
public final class ProblemHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  public static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";

  private ProblemHandler() {}

  public static void handle(RoutingContext ctx) {
    DomainError error = toDomainError(ctx);
    if (ctx.response().ended()) {
      return;
    }
    // errors by type and status: a rise of one type (internal, database-unavailable, rate-limited …) is the signal
    Metrics.registry().counter("xieshang.http.problems", "type", error.type(), "status", Integer.toString(error.status()))
        .increment();
    JsonObject body = error.toJson();
    String requestId = RequestIds.of(ctx);
    if (requestId != null) {
      body.put("instance", "urn:xieshang:request:" + requestId);
    }
    if ((error.status() == 429 || error.status() == 503) && error.extra().containsKey("retryAfter")) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.extra().getLong("retryAfter")));
    }
    if (error.status() == 405 && error.extra().containsKey("allow")) {
      ctx.response().putHeader("Allow", error.extra().getString("allow"));
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(body.encode());
  }

  /**
   * A failure that means the database is away rather than that the request is wrong: the connection
   * refused or lost, or the server shutting down or starting up (SQLSTATE classes 08 and 57P).
   * The client may retry; an acknowledged write is never answered this way.
   */
  public static boolean databaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // network failures only: an IOException from reading a file or a workbook is a bug, not an outage
      if (t instanceof SocketException || t instanceof ClosedChannelException
          || t instanceof io.netty.channel.ConnectTimeoutException || t instanceof ClosedConnectionException
          || (t instanceof IOException && t.getClass().getName().startsWith("io.netty."))) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  private static final AtomicLong LAST_LOGGED = new AtomicLong();
  private static final AtomicLong UNLOGGED = new AtomicLong();

  // one line every few seconds while the database is away, not a stack trace per request
  private static void logUnavailable(RoutingContext ctx, Throwable failure) {
    long now = System.nanoTime();
    long last = LAST_LOGGED.get();
    if (now - last > 5_000_000_000L && LAST_LOGGED.compareAndSet(last, now)) {
      LOG.warn("database unavailable: {} {} [{}] answered 503 ({} more since the last line): {}", ctx.request().method(),
          ctx.request().path(), RequestIds.of(ctx), UNLOGGED.getAndSet(0), failure.toString());
    } else {
      UNLOGGED.incrementAndGet();
    }
  }

  private static DomainError toDomainError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof DomainError d) {
      return d;
    }
    if (failure != null && failure.getCause() instanceof DomainError d) {
      return d;
    }
    if (databaseUnavailable(failure)) {
      logUnavailable(ctx, failure);
      return DomainError.databaseUnavailable();
    }
    int status = ctx.statusCode();
    return switch (status) {
      // Vert.x's own 400s (a multipart or form body it cannot decode): the body as a whole is at fault
      case 400 -> DomainError.malformed(JsonBody.WHOLE_BODY, "请求体无法解析" + (failure == null || failure.getMessage() == null
          ? "" : "：" + failure.getMessage()));
      case 401 -> DomainError.unauthorized(null);
      case 403 -> DomainError.forbidden(null);
      case 404 -> DomainError.notFound("资源");
      case 405 -> new DomainError(405, "method-not-allowed", "不支持此请求方法", null, List.of(), null);
      case 413 -> new DomainError(413, "payload-too-large", "请求体过大", "请求体超过服务器允许的大小", List.of(), null);
      case 415 -> new DomainError(415, "unsupported-media-type", "不支持的内容类型", null, List.of(), null);
      default -> {
        LOG.error("request {} {} failed [{}]", ctx.request().method(), ctx.request().path(), RequestIds.of(ctx), failure);
        yield new DomainError(500, "internal", "服务器内部错误", "请稍后重试；如果问题持续，请联系管理员并提供请求编号",
            List.of(), null);
      }
    };
  }
}
