package org.xieshang.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Headers that keep browsers from sniffing, framing or leaking; the CSP allows only our own origin. */
public final class SecurityHeaders {
  private SecurityHeaders() {}

  public static void handle(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Permissions-Policy", "geolocation=()");
    // Element Plus sets inline styles; scripts stay same-origin only.
    h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; "
        + "form-action 'self'");
    ctx.next();
  }
}
