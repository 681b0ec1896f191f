package org.xieshang.opinion;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.xieshang.platform.http.Attachment;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import io.vertx.core.Future;
import org.xieshang.platform.http.JsonBody;

import java.util.Set;

import static org.xieshang.platform.http.Responses.download;
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

  /** A written opinion or research report uploaded as DOCX or PDF may be this large. */
  public static final long FILE_MAX_BYTES = 10L * 1024 * 1024;

  /** Submissions carry files (Base64 in JSON): their own body limit, mounted before the general one. */
  public static void mountBodyLimits(Router router) {
    router.post("/api/activities/:id/submissions").handler(BodyHandler.create(false).setBodyLimit(FILE_MAX_BYTES / 3 * 4 + 4096));
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
    router.get("/api/opinions/:id/file").handler(auth).handler(guarded(ctx ->
        download(ctx, opinions.file(Access.caller(ctx), idParam(ctx, "id")))));
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

  /** {text} or {fileName, data} (DOCX or PDF, Base64), and kind SUBMISSION (default) or RESEARCH. */
  private void submit(RoutingContext ctx) {
    long activityId = idParam(ctx, "id");
    String key = idempotencyKey(ctx);
    JsonBody body = JsonBody.of(ctx);
    String kind = body.optionalText("kind", 20);
    if (kind != null && !kind.equals("SUBMISSION") && !kind.equals("RESEARCH")) {
      body.fail("kind", "应为 SUBMISSION（书面意见）或 RESEARCH（调研成果）");
    }
    boolean hasFile = body.raw().containsKey("data") || body.raw().containsKey("fileName");
    if (hasFile && body.raw().containsKey("text")) {
      body.fail("text", "请填写意见，或上传文件，二者选一");
    }
    String text = hasFile ? null : body.text("text", 5, 20_000);
    Attachment file = hasFile ? Attachment.read(body, FILE_MAX_BYTES, FILE_TYPES, "DOCX、PDF") : null;
    body.validate();
    String channel = kind == null ? "SUBMISSION" : kind;
    json(ctx, 201, (file == null ? Future.<Attachment>succeededFuture(null) : file.checked(ctx.vertx()))
        .compose(f -> opinions.submit(Access.caller(ctx), activityId, new OpinionService.Written(channel, text, f), key,
            Access.by(ctx))));
  }

  private static final Set<String> FILE_TYPES = Set.of(Attachment.DOCX, Attachment.PDF);
}
