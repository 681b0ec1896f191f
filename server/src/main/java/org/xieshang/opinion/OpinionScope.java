package org.xieshang.opinion;

import io.vertx.ext.web.RoutingContext;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.optionalIdQuery;

/** Whose opinions: an activity's (with its online themes) or one theme's — exactly one of the two. */
public record OpinionScope(Long activityId, Long themeId) {
  private static final String WHICH = "请给出 activityId（活动）或 themeId（网络议政主题）之一";

  public static OpinionScope of(JsonBody body) {
    OpinionScope scope = new OpinionScope(body.optionalId("activityId"), body.optionalId("themeId"));
    if ((scope.activityId == null) == (scope.themeId == null)) {
      body.fail("activityId", WHICH);
    }
    return scope;
  }

  public static OpinionScope ofQuery(RoutingContext ctx) {
    OpinionScope scope = new OpinionScope(optionalIdQuery(ctx, "activityId"), optionalIdQuery(ctx, "themeId"));
    if ((scope.activityId == null) == (scope.themeId == null)) {
      throw DomainError.invalid("activityId", WHICH);
    }
    return scope;
  }

  String key() {
    return activityId != null ? "activity:" + activityId : "theme:" + themeId;
  }
}
