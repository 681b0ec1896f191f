package org.xieshang.activity;

import io.vertx.ext.web.Router;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.Attachment;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.download;
import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** A meeting's minutes: read by those who may read the activity, edited and finalised by those who manage activities. */
public final class MinutesApi {
  private final Minutes minutes;
  private final Access access;

  public MinutesApi(Minutes minutes, Access access) {
    this.minutes = minutes;
    this.access = access;
  }

  public void mount(Router router) {
    var manage = Access.require(Permission.ACTIVITY_MANAGE);
    router.get("/api/activities/:id/minutes").handler(access.authenticated())
        .handler(guarded(ctx -> json(ctx, 200, minutes.read(Access.caller(ctx), idParam(ctx, "id")))));
    router.put("/api/activities/:id/minutes").handler(access.authenticated()).handler(manage).handler(guarded(ctx -> {
      JsonBody body = JsonBody.of(ctx);
      Integer version = body.integer("version", 1, 100_000, null);
      String text = body.text("text", 1, Minutes.MAX_CHARS);
      body.validate();
      json(ctx, 200, minutes.save(Access.caller(ctx), idParam(ctx, "id"), version, text, Access.by(ctx)));
    }));
    router.post("/api/activities/:id/minutes/final").handler(access.authenticated()).handler(manage).handler(guarded(ctx -> {
      JsonBody body = JsonBody.of(ctx);
      Integer version = body.integer("version", 1, 100_000, null);
      body.validate();
      json(ctx, 200, minutes.finalise(Access.caller(ctx), idParam(ctx, "id"), version, Access.by(ctx)));
    }));
    router.get("/api/activities/:id/minutes.docx").handler(access.authenticated()).handler(guarded(ctx -> download(ctx,
        minutes.docx(Access.caller(ctx), idParam(ctx, "id"))
            .map(b -> new Attachment("minutes-" + idParam(ctx, "id") + ".docx", Attachment.DOCX, b)))));
    router.get("/api/activities/:id/minutes.pdf").handler(access.authenticated()).handler(guarded(ctx -> download(ctx,
        minutes.pdf(Access.caller(ctx), idParam(ctx, "id"))
            .map(b -> new Attachment("minutes-" + idParam(ctx, "id") + ".pdf", Attachment.PDF, b)))));
  }
}
