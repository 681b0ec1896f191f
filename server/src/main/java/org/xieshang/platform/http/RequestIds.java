package org.xieshang.platform.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.regex.Pattern;

/** Gives every request an id (the caller's X-Request-Id when well formed), echoes it, and logs the request with it. */
public final class RequestIds {
  private static final Logger ACCESS = LoggerFactory.getLogger("org.xieshang.access");
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String KEY = "requestId";

  private RequestIds() {}

  public static void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String id = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      if (ACCESS.isInfoEnabled() && ctx.request().path().startsWith("/api")) {
        ACCESS.info("{} {} {} {} {}ms", id, ctx.request().method(), ctx.request().path(),
            ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
      }
    });
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
