package org.xieshang.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.opinion.OpinionScope;
import org.xieshang.platform.http.Attachment;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.xieshang.platform.http.Responses.download;
import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.optionalIdQuery;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** Consultation reports over HTTP (REPORT_MANAGE; approval by the chair or a vice chair). */
public final class ReportApi {
  private final ReportService reports;
  private final Access access;

  public ReportApi(ReportService reports, Access access) {
    this.reports = reports;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    var manage = Access.require(Permission.REPORT_MANAGE);
    router.post("/api/reports").handler(auth).handler(manage).handler(guarded(this::create));
    router.get("/api/reports").handler(auth).handler(manage).handler(guarded(ctx -> json(ctx, 200,
        reports.list(Access.caller(ctx), optionalIdQuery(ctx, "activityId"), optionalIdQuery(ctx, "themeId")))));
    router.get("/api/reports/:id").handler(auth).handler(manage)
        .handler(guarded(ctx -> json(ctx, 200, reports.get(idParam(ctx, "id")))));
    router.put("/api/reports/:id").handler(auth).handler(manage).handler(guarded(this::save));
    router.get("/api/reports/:id/sources").handler(auth).handler(manage).handler(guarded(ctx ->
        json(ctx, 200, reports.sources(idParam(ctx, "id"), ids(ctx.request().getParam("ids"))))));
    router.post("/api/reports/:id/comments").handler(auth).handler(manage).handler(guarded(ctx -> {
      JsonBody body = JsonBody.of(ctx);
      String text = body.text("text", 1, 2000);
      body.validate();
      json(ctx, 201, reports.comment(Access.caller(ctx), idParam(ctx, "id"), text));
    }));
    router.post("/api/reports/:id/status").handler(auth).handler(manage).handler(guarded(ctx -> {
      JsonBody body = JsonBody.of(ctx);
      String to = body.text("to", 1, 20);
      if (to != null && !Set.of("DRAFT", "REVIEW", "APPROVED", "SUBMITTED").contains(to)) {
        body.fail("to", "应为 DRAFT、REVIEW、APPROVED 或 SUBMITTED");
      }
      String comment = body.optionalText("comment", 2000);
      body.validate();
      json(ctx, 200, reports.move(Access.caller(ctx), idParam(ctx, "id"), to, comment, Access.by(ctx)));
    }));
    router.get("/api/reports/:id/export.docx").handler(auth).handler(manage).handler(guarded(ctx -> download(ctx,
        reports.docx(idParam(ctx, "id")).map(b -> new Attachment("report-" + idParam(ctx, "id") + ".docx", Attachment.DOCX, b)))));
    router.get("/api/reports/:id/export.pdf").handler(auth).handler(manage).handler(guarded(ctx -> download(ctx,
        reports.pdf(idParam(ctx, "id")).map(b -> new Attachment("report-" + idParam(ctx, "id") + ".pdf", Attachment.PDF, b)))));
    router.get("/api/reports/:id/export.html").handler(auth).handler(manage).handler(guarded(ctx -> download(ctx,
        reports.html(idParam(ctx, "id")).map(h -> new Attachment("report-" + idParam(ctx, "id") + ".html", "text/html; charset=utf-8",
            h.getBytes(StandardCharsets.UTF_8))))));
  }

  static final int SOURCES_AT_ONCE = 200;

  /** ids=1,2,3: up to {@link #SOURCES_AT_ONCE} opinion ids. */
  static List<Long> ids(String param) {
    String[] parts = param == null || param.isBlank() ? new String[0] : param.split(",");
    if (parts.length == 0 || parts.length > SOURCES_AT_ONCE) {
      throw DomainError.invalid("ids", "应为 1 到 " + SOURCES_AT_ONCE + " 个以逗号分隔的意见编号");
    }
    try {
      return Arrays.stream(parts).map(String::trim).map(Long::parseLong).toList();
    } catch (NumberFormatException e) {
      throw DomainError.invalid("ids", "应为以逗号分隔的意见编号");
    }
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    OpinionScope scope = OpinionScope.of(body);
    boolean another = body.bool("another", false);
    body.validate();
    json(ctx, 201, reports.create(Access.caller(ctx), scope, another, Access.by(ctx)));
  }

  private void save(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Integer version = body.integer("version", 1, Integer.MAX_VALUE, null);
    JsonObject content = body.raw().getValue("body") instanceof JsonObject o ? o : null;
    JsonObject clean = content == null ? null : check(body, content);
    if (content == null) {
      body.fail("body", "必填：{sections: [{key, title, paragraphs: [{text, sources}]}]}");
    }
    body.validate();
    json(ctx, 200, reports.save(Access.caller(ctx), id, version, clean, Access.by(ctx)));
  }

  /** The body as it will be kept: sections with titles, paragraphs with text and the ids of their sources. */
  static JsonObject check(JsonBody body, JsonObject content) {
    JsonArray sections = content.getValue("sections") instanceof JsonArray a ? a : null;
    if (sections == null || sections.isEmpty() || sections.size() > 50) {
      body.fail("body.sections", "应为 1 到 50 节");
      return null;
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < sections.size(); i++) {
      String at = "body.sections[" + i + "]";
      if (!(sections.getValue(i) instanceof JsonObject s) || !(s.getValue("title") instanceof String title)
          || title.isBlank() || title.length() > 200 || !(s.getValue("paragraphs") instanceof JsonArray ps) || ps.size() > 5000) {
        body.fail(at, "每节应有标题（200 字以内）和段落列表");
        continue;
      }
      JsonArray paragraphs = new JsonArray();
      for (int j = 0; j < ps.size(); j++) {
        String pat = at + ".paragraphs[" + j + "]";
        if (!(ps.getValue(j) instanceof JsonObject p) || !(p.getValue("text") instanceof String text) || text.length() > 20_000) {
          body.fail(pat, "段落应有文字（20000 字以内）");
          continue;
        }
        JsonArray sources = p.getValue("sources") instanceof JsonArray src ? src : new JsonArray();
        if (sources.stream().anyMatch(x -> !(x instanceof Number n) || n.longValue() <= 0 || n.doubleValue() != n.longValue())) {
          body.fail(pat + ".sources", "应为意见编号列表");
          continue;
        }
        paragraphs.add(new JsonObject().put("text", text).put("sources", new JsonArray(sources.stream()
            .map(x -> ((Number) x).longValue()).distinct().toList())));
      }
      out.add(new JsonObject().put("key", s.getString("key", "s" + i)).put("title", title).put("paragraphs", paragraphs));
    }
    return new JsonObject().put("sections", out);
  }
}
