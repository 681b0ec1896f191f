package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.identity.Permission;
import org.xieshang.platform.http.Attachment;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;
import org.xieshang.platform.http.UploadedTable;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.xieshang.platform.http.Responses.download;
import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** Volunteer pools, verifiable draws, replacements over HTTP; the published files of a draw for anyone. */
public final class SortitionApi {
  static final Set<String> FILES = Set.of("lottery.csv", "probabilities.csv", "commitment.txt", "seed.txt",
      "public-value.txt", "result.json");

  private final Sortition sortition;
  private final Access access;

  public SortitionApi(Sortition sortition, Access access) {
    this.sortition = sortition;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    var manage = Access.require(Permission.SORTITION_MANAGE);
    router.get("/api/pools").handler(auth).handler(ctx -> json(ctx, 200, sortition.pools().pools(Access.caller(ctx))));
    router.post("/api/pools").handler(auth).handler(manage).handler(guarded(this::createPool));
    router.post("/api/pools/:id/volunteers").handler(auth).handler(guarded(this::register));
    router.get("/api/pools/:id/volunteers").handler(auth).handler(manage)
        .handler(guarded(ctx -> json(ctx, 200, sortition.pools().volunteers(idParam(ctx, "id")))));
    router.post("/api/pools/:id/import").handler(auth).handler(manage).handler(guarded(this::importVolunteers));
    router.post("/api/pools/:id/draws").handler(auth).handler(manage).handler(guarded(this::prepare));
    router.post("/api/pools/:id/compare").handler(auth).handler(manage).handler(guarded(this::compare));
    router.get("/api/draws/:id").handler(auth).handler(manage)
        .handler(guarded(ctx -> json(ctx, 200, sortition.draws().status(idParam(ctx, "id")))));
    router.post("/api/draws/:id/draw").handler(auth).handler(manage).handler(guarded(this::draw));
    // every draw of a pool stays listed (pending, drawn, withdrawn) with its commitment, for anyone signed in
    router.get("/api/pools/:id/draws").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, sortition.draws().ofPool(idParam(ctx, "id")))));
    router.post("/api/draws/:id/withdraw").handler(auth).handler(manage).handler(guarded(this::withdraw));
    router.post("/api/draws/:id/replacements").handler(auth).handler(manage)
        .handler(guarded(ctx -> json(ctx, 200, infeasible(sortition.refill().replace(idParam(ctx, "id"), Access.by(ctx))))));
    // published for anyone to check the draw (pseudonyms only; the seed only after the draw)
    router.get("/api/draws/:id/files/:name").handler(guarded(this::file));
  }

  private void createPool(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String title = body.text("title", 2, 100);
    String topic = body.text("topic", 2, 200);
    Long activityId = body.optionalId("activityId");
    String question = body.optionalText("viewpointQuestion", 200);
    List<String> options = body.texts("viewpointOptions", 0, 10, 50);
    if (question != null && options.size() < 2) {
      body.fail("viewpointOptions", "有观点问题时至少给出 2 个选项");
    }
    List<String> counties = body.texts("eligibleCounties", 0, 50, 30);
    List<String> bands = body.texts("eligibleAgeBands", 0, 20, 20);
    body.validate();
    json(ctx, 201, sortition.pools().createPool(Access.caller(ctx), title, topic, activityId, question, options, counties, bands,
        Access.by(ctx)).map(id -> new JsonObject().put("id", id)));
  }

  private void register(RoutingContext ctx) {
    long poolId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    JsonObject given = body.raw().getValue("features") instanceof JsonObject f ? f : null;
    JsonObject features = new JsonObject();
    if (given == null) {
      body.fail("features", "必填：区县、性别、年龄段等");
    } else {
      for (String key : given.fieldNames()) {
        Object v = given.getValue(key);
        if (!Volunteer.FEATURES.contains(key)) {
          body.fail("features." + key, "未知的项目");
        } else if (!(v instanceof String s) || s.isBlank() || s.length() > 50) {
          body.fail("features." + key, "应为 1 到 50 个字");
        } else {
          features.put(key, s.strip());
        }
      }
      for (String required : List.of("county", "gender", "ageBand")) {
        if (!features.containsKey(required) && !given.containsKey(required)) {
          body.fail("features." + required, "必填");
        }
      }
    }
    String household = body.optionalText("household", 100);
    if (!Boolean.TRUE.equals(body.raw().getValue("consent"))) {
      body.fail("consent", "报名需同意将所填信息用于随机抽选");
    }
    body.validate();
    json(ctx, 204, sortition.pools().register(Access.caller(ctx), poolId, features, household, Access.by(ctx)));
  }

  private void importVolunteers(RoutingContext ctx) {
    long poolId = idParam(ctx, "id");
    json(ctx, 200, sortition.pools().importVolunteers(poolId, UploadedTable.of(ctx), Access.by(ctx)));
  }

  private void prepare(RoutingContext ctx) {
    long poolId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Integer k = body.integer("panelSize", 1, 1000, null);
    Integer reserve = body.integer("reserveSize", 0, 1000, 0);
    Integer panels = body.integer("panels", 10, 100_000, 1000);
    Integer days = body.integer("respondDays", 1, 60, 7);
    // absent means LEXIMIN; null, a number or an unknown name is the caller's error, never a 500
    Object named = body.raw().getValue("algorithm", "leximin");
    String algorithm = named instanceof String a ? a : "";
    if (!Algorithms.DISTRIBUTIONS.contains(algorithm)) {
      body.fail("algorithm", "应为 leximin、maximin、nash 或 diversimax");
    }
    Quotas quotas = k == null ? null : quotas(body, k);
    body.validate();
    json(ctx, 201, infeasible(sortition.preparation().prepareDraw(Access.caller(ctx), poolId, k, reserve, quotas, algorithm, panels, days,
        Access.by(ctx))));
  }

  private void compare(RoutingContext ctx) {
    long poolId = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Integer k = body.integer("panelSize", 1, 1000, null);
    Quotas quotas = k == null ? null : quotas(body, k);
    body.validate();
    json(ctx, 200, infeasible(sortition.preparation().compare(poolId, k, quotas)));
  }

  /** Quotas given directly ({category: {value: {min, max}}}), or from shares with a tolerance. */
  static Quotas quotas(JsonBody body, int k) {
    JsonObject q = body.raw().getValue("quotas") instanceof JsonObject o ? o : null;
    JsonObject shares = body.raw().getValue("shares") instanceof JsonObject o ? o : null;
    if ((q == null) == (shares == null)) {
      body.fail("quotas", "请给出 quotas（每项的最少与最多人数）或 shares（人口占比）之一");
      return null;
    }
    Map<String, Map<String, Quotas.Bounds>> out = new LinkedHashMap<>();
    try {
      if (q != null) {
        return QuotaJson.fromJson(q);
      }
      double tolerance = body.raw().getDouble("tolerance", 0.05);
      shares.forEach(c -> {
        Map<String, Quotas.Bounds> values = new LinkedHashMap<>();
        ((JsonObject) c.getValue()).forEach(v -> {
          double share = ((Number) v.getValue()).doubleValue();
          values.put(v.getKey(), new Quotas.Bounds((int) Math.max(0, Math.floor((share - tolerance) * k)),
              (int) Math.min(k, Math.ceil((share + tolerance) * k))));
        });
        out.put(c.getKey(), values);
      });
      return new Quotas(out);
    } catch (ClassCastException | NullPointerException e) {
      body.fail(q != null ? "quotas" : "shares", q != null ? "格式应为 {类别: {取值: {min, max}}}" : "格式应为 {类别: {取值: 占比}}");
      return null;
    }
  }

  private static <T> Future<T> infeasible(Future<T> f) {
    return f.recover(e -> Future.failedFuture(e instanceof SelectionError s
        ? new DomainError(409, "quotas-infeasible", "无法按配额抽选", s.getMessage(), List.of(),
            new JsonObject().put("relaxations", new JsonArray(s.relaxations())))
        : e));
  }

  private void draw(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String value = body.text("publicValue", 1, 200);
    LocalDate on = body.date("publicValueOn");
    body.validate();
    json(ctx, 200, sortition.draws().draw(id, value, on, Access.by(ctx)));
  }

  private void withdraw(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String reason = body.text("reason", 2, 200);
    body.validate();
    json(ctx, 200, sortition.draws().withdraw(id, reason, Access.caller(ctx).accountId(), Access.by(ctx)));
  }

  private void file(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!FILES.contains(name)) {
      throw DomainError.notFound("文件 " + name);
    }
    String type = (name.endsWith(".csv") ? "text/csv" : name.endsWith(".json") ? "application/json" : "text/plain")
        + "; charset=utf-8";
    download(ctx, sortition.draws().file(idParam(ctx, "id"), name).map(text -> new Attachment(name, type,
        text.getBytes(StandardCharsets.UTF_8))));
  }
}
