package org.xieshang.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Ends a request with the outcome of a Future: JSON on success, problem+json on failure. */
public final class Responses {
  private Responses() {}

  public static void json(RoutingContext ctx, int status, Future<?> result) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Object body = ar.result();
      if (body == null) {
        ctx.response().setStatusCode(status == 200 ? 204 : status).end();
        return;
      }
      String encoded = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode()
          : Json.encode(body);
      ctx.response().setStatusCode(status)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(encoded);
    });
  }

  /** Ends a request with a file to save (its name in RFC 5987 form, so Chinese names survive), or problem+json. */
  public static void download(RoutingContext ctx, Future<Attachment> file) {
    file.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Attachment a = ar.result();
      String encoded = URLEncoder.encode(a.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
      ctx.response().putHeader("Content-Type", a.mediaType())
          .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encoded)
          .putHeader("Cache-Control", "private, no-store")
          .end(Buffer.buffer(a.data()));
    });
  }

  /** Wraps a handler so that a DomainError thrown while reading the request becomes problem+json. */
  public static Handler<RoutingContext> guarded(Handler<RoutingContext> handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (DomainError e) {
        ctx.fail(e);
      }
    };
  }

  public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw DomainError.invalid(name, "应为 " + min + " 到 " + max + " 之间的整数");
  }

  public static long idParam(RoutingContext ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      long id = Long.parseLong(v);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw DomainError.invalid(name, "应为正整数编号");
  }

  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The Idempotency-Key header (a retried submission with the same key makes nothing new), or null. */
  public static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw DomainError.invalid("Idempotency-Key", "应为 1 到 64 个字母、数字、- 或 _");
    }
    return key;
  }

  /** An optional positive id in the query string, or null when absent. */
  public static Long optionalIdQuery(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(v.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw DomainError.invalid(name, "应为正整数编号");
  }
}
