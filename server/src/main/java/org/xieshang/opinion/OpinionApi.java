package org.xieshang.opinion;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import io.vertx.core.Future;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idempotencyKey;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** The opinion store over HTTP: collecting and reading opinions (staff), written submissions (participants). */
public final class OpinionApi {
  private final OpinionService opinions;
  private final Access access;

  public OpinionApi(OpinionService opinions, Access access) {
    this.opinions = opinions;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    var manage = Access.require(Permission.REPORT_MANAGE);
    router.post("/api/opinions/collect").handler(auth).handler(manage).handler(guarded(this::collect));
    router.get("/api/opinions").handler(auth).handler(manage).handler(guarded(this::list));
    router.get("/api/opinions/analysis").handler(auth).handler(manage).handler(guarded(ctx ->
        opinions.analysis(OpinionScope.ofQuery(ctx)).onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else {
            json(ctx, "done".equals(ar.result().getString("status")) ? 200 : 202, Future.succeededFuture(ar.result()));
          }
        })));
    router.post("/api/activities/:id/submissions").handler(auth).handler(guarded(this::submit));
  }

  private void collect(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    OpinionScope scope = OpinionScope.of(body);
    body.validate();
    json(ctx, 200, opinions.collect(scope.activityId(), scope.themeId(), Access.by(ctx)));
  }

  private void list(RoutingContext ctx) {
    OpinionScope scope = OpinionScope.ofQuery(ctx);
    json(ctx, 200, opinions.units(scope.activityId(), scope.themeId()));
  }

  private void submit(RoutingContext ctx) {
    long activityId = idParam(ctx, "id");
    String key = idempotencyKey(ctx);
    JsonBody body = JsonBody.of(ctx);
    String text = body.text("text", 5, 20_000);
    body.validate();
    json(ctx, 201, opinions.submit(Access.caller(ctx), activityId, text, key, Access.by(ctx)));
  }
}
