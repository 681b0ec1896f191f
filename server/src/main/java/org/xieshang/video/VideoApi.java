package org.xieshang.video;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/**
 * Video over HTTP: a participant's rooms and tokens, presence per venue, the chair's recording, and
 * the webhooks Jitsi's mod_event_sync calls (authenticated with the configured bearer secret).
 */
public final class VideoApi {
  static final List<String> EVENTS = List.of("room/created", "occupant/joined", "occupant/left",
      "room/destroyed");

  private final VideoService video;
  private final Access access;
  private final byte[] webhookSecret;

  public VideoApi(VideoService video, Access access, String webhookSecret) {
    this.video = video;
    this.access = access;
    this.webhookSecret = webhookSecret.getBytes(StandardCharsets.UTF_8);
  }

  public void mount(Router router) {
    router.get("/api/live/:id/video").handler(access.authenticated())
        .handler(guarded(ctx -> json(ctx, 200, video.join(Access.caller(ctx), idParam(ctx, "id")))));
    router.get("/api/live/:id/video/presence").handler(access.authenticated())
        .handler(guarded(ctx -> json(ctx, 200, video.presence(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/live/:id/video/recording").handler(access.authenticated()).handler(guarded(this::recording));
    for (String event : EVENTS) {
      router.post("/api/video/events/" + event).handler(guarded(ctx -> webhook(ctx, event)));
    }
  }

  private void recording(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String action = body.text("action", 1, 10);
    if (action != null && !action.equals("start") && !action.equals("stop")) {
      body.fail("action", "应为 start（开始录制）或 stop（停止录制）");
    }
    body.validate();
    json(ctx, 200, action.equals("start") ? video.startRecording(Access.caller(ctx), id, Access.by(ctx))
        : video.stopRecording(Access.caller(ctx), id, Access.by(ctx)));
  }

  private void webhook(RoutingContext ctx, String event) {
    String header = ctx.request().getHeader("Authorization");
    byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (webhookSecret.length == 0 || !MessageDigest.isEqual(webhookSecret, given)) {
      throw DomainError.unauthorized("视频服务回调未通过认证");
    }
    JsonObject body = JsonBody.of(ctx).raw();
    json(ctx, 204, video.webhook(event, body));
  }
}
