package org.xieshang.activity;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.IdentityService;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.JsonBody;

import java.time.OffsetDateTime;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** Activities, their agenda, documents, venues, roster and invitations. */
public final class ActivityApi {
  private final ActivityService activities;
  private final IdentityService identity;
  private final Access access;

  public ActivityApi(ActivityService activities, IdentityService identity, Access access) {
    this.activities = activities;
    this.identity = identity;
    this.access = access;
  }

  public void mount(Router router) {
    var manage = Access.require(Permission.ACTIVITY_MANAGE);
    router.get("/api/activities").handler(access.authenticated())
        .handler(ctx -> json(ctx, 200, activities.list(Access.caller(ctx))));
    router.post("/api/activities").handler(access.authenticated()).handler(manage).handler(guarded(this::create));
    router.get("/api/activities/:id").handler(access.authenticated())
        .handler(guarded(ctx -> json(ctx, 200, activities.detail(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/activities/:id/agenda").handler(access.authenticated()).handler(manage)
        .handler(guarded(this::addAgendaItem));
    router.post("/api/activities/:id/documents").handler(access.authenticated()).handler(manage)
        .handler(guarded(this::addDocument));
    router.post("/api/activities/:id/venues").handler(access.authenticated()).handler(manage)
        .handler(guarded(this::addVenue));
    router.get("/api/activities/:id/roster").handler(access.authenticated())
        .handler(guarded(ctx -> json(ctx, 200, activities.roster(Access.caller(ctx), idParam(ctx, "id")))));
    router.put("/api/activities/:id/roster/:accountId").handler(access.authenticated()).handler(manage)
        .handler(guarded(this::putRosterEntry));
    router.post("/api/activities/:id/roster/:accountId/link").handler(access.authenticated()).handler(manage)
        .handler(guarded(this::createLink));
    router.post("/api/activities/:id/invitation").handler(access.authenticated()).handler(guarded(this::respond));
    // under /api/auth/ (its rate limit per address, set by AuthApi), but the link is the activity's
    router.post("/api/auth/invitation").handler(guarded(this::redeemLink));
  }

  /** Opens an invitation link: signs its person in and says which activity it is for. */
  private void redeemLink(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String token = body.text("token", 20, 100);
    body.validate();
    json(ctx, 200, activities.redeemLink(token)
        .compose(link -> identity.sessionFor(link.accountId(), "invitation", Access.by(ctx))
            .map(session -> session.put("activityId", link.activityId()))));
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    ActivityType type = body.enumValue("type", ActivityType.class, null);
    String title = body.text("title", 2, 100);
    String topic = body.text("topic", 2, 200);
    String description = body.optionalText("description", 5000);
    Long organizationId = body.id("organizationId");
    Long committeeId = body.optionalId("committeeId");
    OffsetDateTime start = body.time("scheduledStart");
    OffsetDateTime end = body.time("scheduledEnd");
    if (start != null && end != null && !end.isAfter(start)) {
      body.fail("scheduledEnd", "结束时间应晚于开始时间");
    }
    body.validate();
    json(ctx, 201, activities.create(Access.caller(ctx), type, title, topic, description == null ? "" : description,
        organizationId, committeeId, start, end, Access.by(ctx)).map(id -> new JsonObject().put("id", id)));
  }

  private void addAgendaItem(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String title = body.text("title", 1, 200);
    Integer planned = body.integer("plannedMinutes", 1, 600, null);
    Integer speaking = body.integer("speakingSeconds", 10, 3600, 300);
    body.validate();
    json(ctx, 201, activities.addAgendaItem(id, title, planned, speaking, Access.by(ctx))
        .map(itemId -> new JsonObject().put("id", itemId)));
  }

  private void addDocument(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String title = body.text("title", 1, 200);
    String text = body.text("body", 1, 200_000);
    body.validate();
    json(ctx, 201, activities.addDocument(id, title, text, Access.by(ctx)).map(docId -> new JsonObject().put("id", docId)));
  }

  private void addVenue(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String name = body.text("name", 1, 60);
    String kind = body.text("kind", 1, 10);
    if (kind != null && !kind.equals("MAIN") && !kind.equals("BRANCH")) {
      body.fail("kind", "应为 MAIN（主会场）或 BRANCH（分会场）");
    }
    Long organizationId = body.id("organizationId");
    Long hostId = body.optionalId("hostId");
    body.validate();
    json(ctx, 201, activities.addVenue(id, name, kind, organizationId, hostId, Access.by(ctx))
        .map(venueId -> new JsonObject().put("id", venueId)));
  }

  private void putRosterEntry(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    long accountId = idParam(ctx, "accountId");
    JsonBody body = JsonBody.of(ctx);
    SessionRole role = body.enumValue("role", SessionRole.class, null);
    Long venueId = body.id("venueId");
    body.validate();
    json(ctx, 204, activities.putRosterEntry(id, accountId, role, venueId, Access.by(ctx)));
  }

  private void createLink(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    long accountId = idParam(ctx, "accountId");
    boolean empty = ctx.body() == null || ctx.body().length() == 0;
    JsonBody body = empty ? JsonBody.of(new JsonObject()) : JsonBody.of(ctx);
    Integer days = body.integer("days", 1, 60, 7);
    body.validate();
    json(ctx, 201, activities.createLink(id, accountId, days, Access.by(ctx)));
  }

  private void respond(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    if (!(body.raw().getValue("accept") instanceof Boolean)) {
      body.fail("accept", "应为 true（接受）或 false（谢绝）");
    }
    body.validate();
    json(ctx, 204, activities.respond(Access.caller(ctx), id, body.raw().getBoolean("accept"), Access.by(ctx)));
  }
}
