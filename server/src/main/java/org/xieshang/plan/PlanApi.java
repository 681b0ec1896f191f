package org.xieshang.plan;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.activity.ActivityType;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.JsonBody;

import java.time.LocalDate;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.intParam;
import static org.xieshang.platform.http.Responses.json;

/** The annual consultation plan (年度协商计划): plans, their steps, topic suggestions and topics. */
public final class PlanApi {
  static final int TITLE_MAX = 200;
  static final int TEXT_MAX = 5000;

  private final PlanService plans;
  private final Access access;

  public PlanApi(PlanService plans, Access access) {
    this.plans = plans;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    router.get("/api/plans").handler(auth).handler(guarded(ctx -> json(ctx, 200,
        plans.list(Access.caller(ctx), ctx.request().getParam("year") == null ? null
            : intParam(ctx, "year", 0, 2000, 2100)))));
    router.post("/api/plans").handler(auth).handler(Access.require(Permission.PLAN_MANAGE)).handler(guarded(this::create));
    router.get("/api/plans/:id").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, plans.plan(Access.caller(ctx), idParam(ctx, "id")))));
    // the chair council records its review, staff the other steps: the service tells which step needs which
    router.post("/api/plans/:id/steps").handler(auth).handler(guarded(this::step));
    router.post("/api/plans/:id/suggestions").handler(auth).handler(guarded(this::suggest));
    router.post("/api/plans/:id/topics").handler(auth).handler(Access.require(Permission.PLAN_MANAGE))
        .handler(guarded(this::topic));
    router.post("/api/plans/:id/topics/:topicId/activities").handler(auth).handler(Access.require(Permission.PLAN_MANAGE))
        .handler(guarded(ctx -> link(ctx, PlanStore.Held.ACTIVITY, "activityId")));
    router.post("/api/plans/:id/topics/:topicId/themes").handler(auth).handler(Access.require(Permission.PLAN_MANAGE))
        .handler(guarded(ctx -> link(ctx, PlanStore.Held.THEME, "themeId")));
  }

  private void link(RoutingContext ctx, PlanStore.Held kind, String field) {
    long id = idParam(ctx, "id");
    long topicId = idParam(ctx, "topicId");
    JsonBody body = JsonBody.of(ctx);
    Long heldId = body.id(field);
    body.validate();
    json(ctx, 204, plans.link(id, topicId, kind, heldId, Access.by(ctx)));
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    Integer year = body.integer("year", 2000, 2100, null);
    Long organizationId = body.optionalId("organizationId");
    String title = body.optionalText("title", TITLE_MAX);
    body.validate();
    String t = title != null ? title : year + "年度协商计划";
    json(ctx, 201, plans.create(Access.caller(ctx), organizationId, year, t, Access.by(ctx))
        .map(id -> new JsonObject().put("id", id)));
  }

  private void step(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    PlanStep step = body.enumValue("step", PlanStep.class, null);
    LocalDate on = body.date("on");
    String note = body.optionalText("note", TEXT_MAX);
    body.validate();
    json(ctx, 204, plans.recordStep(Access.caller(ctx), id, step, on, note, Access.by(ctx)));
  }

  private void suggest(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    SuggestionSource source = body.enumValue("source", SuggestionSource.class, null);
    String title = body.text("title", 2, TITLE_MAX);
    String reasons = body.text("reasons", 2, TEXT_MAX);
    body.validate();
    json(ctx, 201, plans.suggest(Access.caller(ctx), id, source, title, reasons, Access.by(ctx))
        .map(s -> new JsonObject().put("id", s)));
  }

  private void topic(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String title = body.text("title", 2, TITLE_MAX);
    ActivityType form = body.enumValue("form", ActivityType.class, null);
    Long committeeId = body.id("committeeId");
    Long leaderId = body.id("leaderId");
    Integer quarter = body.integer("quarter", 1, 4, 0);
    Integer month = body.integer("month", 1, 12, 0);
    Integer q = quarter == null || quarter == 0 ? null : quarter;
    Integer m = month == null || month == 0 ? null : month;
    if (quarter != null && month != null) {
      PlanRules.timingProblem(q, m).ifPresent(problem -> body.fail("quarter", problem));
    }
    boolean supervision = body.bool("supervision", false);
    boolean keyProposal = body.bool("keyProposal", false);
    var suggestions = body.ids("suggestions", 100);
    body.validate();
    PlanStore.NewTopic topic = new PlanStore.NewTopic(title, form.name(), committeeId, leaderId, q, m, supervision,
        keyProposal, suggestions);
    json(ctx, 201, plans.addTopic(Access.caller(ctx), id, topic, Access.by(ctx)).map(t -> new JsonObject().put("id", t)));
  }
}
