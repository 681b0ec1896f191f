package org.xieshang.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.RequestIds;

/** HTTP handlers that authenticate the caller from the Bearer token and check permissions. */
public final class Access {
  private static final String CALLER = "caller";
  private static final String TOKEN = "accessToken";
  private final Tokens tokens;

  public Access(Tokens tokens) {
    this.tokens = tokens;
  }

  /** Requires a valid access token; puts the Caller in the context. */
  public Handler<RoutingContext> authenticated() {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
      tokens.verified(token)
          .onSuccess(verified -> {
            ctx.put(CALLER, verified.caller());
            ctx.put(TOKEN, verified);
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }

  /** Requires a permission of the platform-wide table (run after {@link #authenticated()}). */
  public static Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      Caller caller = caller(ctx);
      if (caller != null && caller.can(permission)) {
        ctx.next();
      } else {
        ctx.fail(DomainError.forbidden(permission.refusal()));
      }
    };
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The verified access token of the request (its id and expiry, for sign-out). */
  public static Tokens.Verified token(RoutingContext ctx) {
    return ctx.get(TOKEN);
  }

  public static AuditLog.By by(RoutingContext ctx) {
    Caller caller = caller(ctx);
    return new AuditLog.By(caller == null ? null : caller.accountId(), RequestIds.of(ctx));
  }
}
