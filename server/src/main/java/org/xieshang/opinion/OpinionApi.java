package org.xieshang.opinion;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idempotencyKey;
import static org.xieshang.platform.http.Responses.optionalIdQuery;
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
    router.post("/api/activities/:id/submissions").handler(auth).handler(guarded(this::submit));
  }

  private void collect(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    Long activityId = body.optionalId("activityId");
    Long themeId = body.optionalId("themeId");
    if ((activityId == null) == (themeId == null)) {
      body.fail("activityId", "请给出 activityId（活动）或 themeId（网络议政主题）之一");
    }
    body.validate();
    json(ctx, 200, opinions.collect(activityId, themeId, Access.by(ctx)));
  }

  private void list(RoutingContext ctx) {
    Long activityId = optionalIdQuery(ctx, "activityId");
    Long themeId = optionalIdQuery(ctx, "themeId");
    if ((activityId == null) == (themeId == null)) {
      throw DomainError.invalid("activityId", "请给出 activityId 或 themeId 之一");
    }
    json(ctx, 200, opinions.units(activityId, themeId));
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
