package org.xieshang.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers that keep browsers from sniffing, framing or leaking. The CSP allows only our own origin,
 * and, when video is on, the Jitsi Meet origin for its IFrame API script and the meeting frame, which
 * may then use the camera and microphone.
 */
public final class SecurityHeaders {
  private final String csp;
  private final String permissions;

  /** @param videoOrigin e.g. https://meet.example.org, or empty when there is no video */
  public SecurityHeaders(String videoOrigin) {
    boolean video = !videoOrigin.isEmpty();
    String extra = video ? " " + videoOrigin : "";
    // Element Plus sets inline styles; scripts stay same-origin only (plus the video origin's).
    this.csp = "default-src 'self'; script-src 'self'" + extra + "; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-src " + (video ? videoOrigin : "'none'")
        + "; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    String media = "(self \"" + videoOrigin + "\")";
    this.permissions = video
        ? "geolocation=(), camera=" + media + ", microphone=" + media + ", display-capture=" + media
        : "geolocation=()";
  }

  public void handle(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Permissions-Policy", permissions);
    h.set("Content-Security-Policy", csp);
    ctx.next();
  }
}
