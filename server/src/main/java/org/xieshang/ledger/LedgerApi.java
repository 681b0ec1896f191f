package org.xieshang.ledger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.JsonBody;

import java.time.LocalDate;
import java.util.List;

import static org.xieshang.platform.http.Responses.download;
import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;
import static org.xieshang.platform.http.Responses.optionalIdQuery;

/** The adoption ledger (台账): hand suggestions to departments, their replies, supervision. */
public final class LedgerApi {
  static final int SUGGESTION_MAX = 2000;
  static final int REPLY_MAX = 5000;

  private final LedgerService ledger;
  private final Access access;

  public LedgerApi(LedgerService ledger, Access access) {
    this.ledger = ledger;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    router.get("/api/ledger").handler(auth).handler(guarded(ctx ->
        json(ctx, 200, ledger.list(Access.caller(ctx), optionalIdQuery(ctx, "reportId")))));
    router.post("/api/reports/:id/ledger").handler(auth).handler(Access.require(Permission.REPORT_MANAGE))
        .handler(guarded(this::assign));
    router.post("/api/reports/:id/ledger/commitments").handler(auth).handler(Access.require(Permission.REPORT_MANAGE))
        .handler(guarded(this::assignCommitments));
    router.get("/api/ledger/export.xlsx").handler(auth).handler(Access.require(Permission.REPORT_MANAGE))
        .handler(guarded(ctx -> download(ctx, ledger.export(Access.caller(ctx)))));
    router.get("/api/ledger/:id").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, ledger.entry(Access.caller(ctx), idParam(ctx, "id")))));
    router.post("/api/ledger/:id/replies").handler(auth).handler(guarded(this::reply));
    router.put("/api/ledger/:id/supervision").handler(auth).handler(guarded(this::supervise));
  }

  private void assign(RoutingContext ctx) {
    long reportId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String suggestion = body.text("suggestion", 2, SUGGESTION_MAX);
    List<Long> sources = body.ids("sources", 10_000);
    Long departmentId = body.id("departmentId");
    LocalDate dueOn = body.date("dueOn");
    body.validate();
    json(ctx, 201, ledger.assign(Access.caller(ctx), reportId, suggestion, sources, departmentId, dueOn, Access.by(ctx))
        .map(id -> new JsonObject().put("id", id)));
  }

  private void assignCommitments(RoutingContext ctx) {
    long reportId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    LocalDate dueOn = body.date("dueOn");
    body.validate();
    json(ctx, 200, ledger.assignCommitments(Access.caller(ctx), reportId, dueOn, Access.by(ctx))
        .map(ids -> new JsonObject().put("created", ids.size()).put("ids", new JsonArray(ids))));
  }

  private void reply(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Adoption adoption = body.enumValue("adoption", Adoption.class, null);
    String text = body.text("text", 2, REPLY_MAX);
    body.validate();
    json(ctx, 204, ledger.reply(Access.caller(ctx), id, adoption, text, Access.by(ctx)));
  }

  private void supervise(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Object on = body.raw().getValue("supervised");
    if (!(on instanceof Boolean)) {
      body.fail("supervised", "应为 true 或 false");
    }
    body.validate();
    json(ctx, 204, ledger.supervise(Access.caller(ctx), id, (Boolean) on, Access.by(ctx)));
  }
}
