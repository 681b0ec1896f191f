package org.xieshang.opinion;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.idempotencyKey;
import static org.xieshang.platform.http.Responses.json;

/** Draft texts commented on paragraph by paragraph, over HTTP. */
public final class DraftRegulationApi {
  private final DraftRegulations drafts;
  private final Access access;

  public DraftRegulationApi(DraftRegulations drafts, Access access) {
    this.drafts = drafts;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    router.post("/api/activities/:id/drafts").handler(auth).handler(Access.require(Permission.ACTIVITY_MANAGE))
        .handler(guarded(this::create));
    router.get("/api/activities/:id/drafts").handler(auth).handler(guarded(ctx ->
        json(ctx, 200, drafts.list(Access.caller(ctx), idParam(ctx, "id")))));
    router.get("/api/drafts/:id").handler(auth).handler(guarded(ctx ->
        json(ctx, 200, drafts.get(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/drafts/:id/comments").handler(auth).handler(guarded(this::comment));
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String title = body.text("title", 2, 200);
    String text = body.text("text", 10, 200_000);
    body.validate();
    json(ctx, 201, drafts.create(Access.caller(ctx), idParam(ctx, "id"), title, text, Access.by(ctx)));
  }

  private void comment(RoutingContext ctx) {
    String key = idempotencyKey(ctx);
    JsonBody body = JsonBody.of(ctx);
    Long paragraph = body.id("paragraphId");
    String text = body.text("text", 2, 5000);
    body.validate();
    json(ctx, 201, drafts.comment(Access.caller(ctx), idParam(ctx, "id"), paragraph, text, key, Access.by(ctx)));
  }
}
