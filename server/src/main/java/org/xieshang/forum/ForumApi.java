package org.xieshang.forum;

import org.xieshang.platform.http.Attachment;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;

import static org.xieshang.platform.http.Responses.download;
import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idempotencyKey;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** Online themes: threads and posts, statements and votes, moderation, search, Pol.is transfer. */
public final class ForumApi {
  public static final int STATEMENT_MAX = 300;
  public static final int POST_MAX = 5000;

  private final Forum forum;
  private final PolisTransfer polis;
  private final Access access;
  private final int attachmentMaxBytes;

  public ForumApi(Forum forum, Access access, int attachmentMaxBytes) {
    this.forum = forum;
    this.polis = forum.polis();
    this.access = access;
    this.attachmentMaxBytes = attachmentMaxBytes;
  }

  /** Routes that need a larger body than the default; mount before the general body handler. */
  public void mountBodyLimits(Router router, long importLimit) {
    router.post("/api/posts/:id/attachments").handler(BodyHandler.create(false)
        .setBodyLimit(attachmentMaxBytes / 3L * 4 + 4096));
    router.post("/api/themes/:id/polis").handler(BodyHandler.create(false).setBodyLimit(importLimit));
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    router.get("/api/themes").handler(auth).handler(ctx -> json(ctx, 200, forum.themes().themes(Access.caller(ctx))));
    router.post("/api/themes").handler(auth).handler(Access.require(Permission.FORUM_MANAGE))
        .handler(guarded(this::createTheme));
    router.get("/api/themes/:id").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, forum.themes().theme(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/themes/:id/posts").handler(auth).handler(guarded(this::createPost));
    router.get("/api/threads/:id").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, forum.posts().thread(Access.caller(ctx), idParam(ctx, "id")))));
    router.put("/api/posts/:id").handler(auth).handler(guarded(this::editPost));
    router.delete("/api/posts/:id").handler(auth).handler(guarded(ctx ->
        json(ctx, 204, forum.posts().withdrawPost(Access.caller(ctx), idParam(ctx, "id"), Access.by(ctx)))));
    router.get("/api/posts/:id/versions").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, forum.posts().versions(Access.caller(ctx), idParam(ctx, "id")))));
    router.put("/api/posts/:id/featured").handler(auth).handler(guarded(this::feature));
    router.post("/api/posts/:id/attachments").handler(auth).handler(guarded(this::attach));
    router.get("/api/attachments/:id").handler(auth)
        .handler(guarded(ctx -> download(ctx, forum.posts().attachment(Access.caller(ctx), idParam(ctx, "id")))));
    router.get("/api/themes/:id/statements").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, forum.statements().statements(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/themes/:id/statements").handler(auth).handler(guarded(this::createStatement));
    router.get("/api/themes/:id/statements/next").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, forum.statements().next(Access.caller(ctx), idParam(ctx, "id")))));
    router.put("/api/statements/:id/vote").handler(auth).handler(guarded(this::vote));
    router.post("/api/themes/:id/reports").handler(auth).handler(guarded(this::report));
    router.get("/api/themes/:id/moderation").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, forum.moderation().moderationQueue(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/themes/:id/moderation").handler(auth).handler(guarded(this::moderate));
    router.get("/api/themes/:id/search").handler(auth).handler(guarded(this::search));
    router.post("/api/themes/:id/polis").handler(auth).handler(Access.require(Permission.FORUM_MANAGE))
        .handler(guarded(this::importPolis));
    router.get("/api/themes/:id/polis/comments.csv").handler(auth).handler(Access.require(Permission.FORUM_MANAGE))
        .handler(guarded(ctx -> exportPolis(ctx, "comments.csv")));
    router.get("/api/themes/:id/polis/votes.csv").handler(auth).handler(Access.require(Permission.FORUM_MANAGE))
        .handler(guarded(ctx -> exportPolis(ctx, "votes.csv")));
  }

  private void createTheme(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String title = body.text("title", 2, 100);
    String topic = body.text("topic", 2, 200);
    String description = body.optionalText("description", 5000);
    Long activityId = body.optionalId("activityId");
    Long committeeId = body.id("committeeId");
    OffsetDateTime opens = body.time("opensAt");
    OffsetDateTime closes = body.time("closesAt");
    if (opens != null && closes != null && !closes.isAfter(opens)) {
      body.fail("closesAt", "结束时间应晚于开始时间");
    }
    String visibility = body.text("visibility", 1, 10);
    if (visibility != null && !visibility.equals("MEMBERS") && !visibility.equals("PUBLIC")) {
      body.fail("visibility", "应为 MEMBERS（仅委员）或 PUBLIC（委员和公众）");
    }
    boolean premoderate = body.bool("premoderatePublic", true);
    body.validate();
    json(ctx, 201, forum.themes().createTheme(Access.caller(ctx), title, topic, description == null ? "" : description,
        activityId, committeeId, opens, closes, visibility, premoderate, Access.by(ctx))
        .map(id -> new JsonObject().put("id", id)));
  }

  private void createPost(RoutingContext ctx) {
    long themeId = idParam(ctx, "id");
    String key = idempotencyKey(ctx);
    JsonBody body = JsonBody.of(ctx);
    Long parentId = body.optionalId("parentId");
    boolean guidance = body.bool("guidance", false);
    String title = parentId == null ? body.text("title", 2, 100) : null;
    String text = body.text("body", 1, POST_MAX);
    if (guidance && parentId != null) {
      body.fail("guidance", "引导帖不能是回复");
    }
    body.validate();
    json(ctx, 201, forum.posts().createPost(Access.caller(ctx), themeId, parentId, title, text, guidance, key, Access.by(ctx)));
  }

  private void editPost(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String title = body.raw().containsKey("title") ? body.text("title", 2, 100) : null;
    String text = body.text("body", 1, POST_MAX);
    body.validate();
    json(ctx, 200, forum.posts().editPost(Access.caller(ctx), id, title, text, Access.by(ctx)));
  }

  private void feature(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    if (!(body.raw().getValue("featured") instanceof Boolean)) {
      body.fail("featured", "应为 true 或 false");
    }
    body.validate();
    json(ctx, 204, forum.posts().feature(Access.caller(ctx), id, body.raw().getBoolean("featured"), Access.by(ctx)));
  }

  private static final Set<String> ACCEPTED = Set.of(Attachment.PDF, Attachment.DOCX, "image/png", "image/jpeg");

  private void attach(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Attachment file = Attachment.read(body, attachmentMaxBytes, ACCEPTED, "PDF、DOCX、PNG、JPEG");
    body.validate();
    json(ctx, 201, file.checked(ctx.vertx()).compose(f -> forum.posts().attach(Access.caller(ctx), id, f, Access.by(ctx))));
  }

  private void createStatement(RoutingContext ctx) {
    long themeId = idParam(ctx, "id");
    String key = idempotencyKey(ctx);
    JsonBody body = JsonBody.of(ctx);
    String text = body.text("body", 2, STATEMENT_MAX);
    body.validate();
    json(ctx, 201, forum.statements().createStatement(Access.caller(ctx), themeId, text, key, Access.by(ctx)));
  }

  private void vote(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Integer value = body.integer("vote", -1, 1, null);
    body.validate();
    json(ctx, 204, forum.statements().vote(Access.caller(ctx), null, id, value));
  }

  private void report(RoutingContext ctx) {
    long themeId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String type = targetType(body);
    Long targetId = body.id("targetId");
    String reason = body.text("reason", 2, 500);
    body.validate();
    json(ctx, 204, forum.moderation().report(Access.caller(ctx), themeId, type, targetId, reason, Access.by(ctx)));
  }

  private void moderate(RoutingContext ctx) {
    long themeId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String type = targetType(body);
    Long targetId = body.id("targetId");
    String named = body.text("action", 1, 20);
    Moderation.Action action = Arrays.stream(Moderation.Action.values()).filter(a -> a.name().equals(named))
        .findFirst().orElse(null);
    if (named != null && action == null) {
      body.fail("action", "应为 APPROVE（通过）、HIDE（隐藏）、RESTORE（恢复）或 DISMISS（驳回举报）");
    }
    String reason = action == Moderation.Action.HIDE ? body.text("reason", 2, 200) : body.optionalText("reason", 200);
    body.validate();
    json(ctx, 204, forum.moderation().moderate(Access.caller(ctx), themeId, type, targetId, action, reason, Access.by(ctx)));
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank() || q.length() > 100) {
      throw DomainError.invalid("q", "请输入 1 到 100 个字的搜索词");
    }
    json(ctx, 200, forum.search().search(Access.caller(ctx), idParam(ctx, "id"), q));
  }

  private void importPolis(RoutingContext ctx) {
    long themeId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    if (!(body.raw().getValue("comments") instanceof String)) {
      body.fail("comments", "必填：comments.csv 的内容");
    }
    if (!(body.raw().getValue("votes") instanceof String)) {
      body.fail("votes", "必填：votes.csv 的内容");
    }
    body.validate();
    json(ctx, 200, polis.importInto(Access.caller(ctx), themeId, body.raw().getString("comments"),
        body.raw().getString("votes"), Access.by(ctx)));
  }

  private void exportPolis(RoutingContext ctx, String file) {
    polis.export(Access.caller(ctx), idParam(ctx, "id")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
          .end(ar.result().get(file));
    });
  }

  private static String targetType(JsonBody body) {
    String type = body.text("targetType", 1, 10);
    if (type != null && !type.equals("POST") && !type.equals("STATEMENT")) {
      body.fail("targetType", "应为 POST（帖子）或 STATEMENT（表述）");
    }
    return type;
  }
}
