package org.xieshang;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.activity.ActivityApi;
import org.xieshang.activity.Minutes;
import org.xieshang.activity.MinutesApi;
import org.xieshang.activity.ActivityService;
import org.xieshang.forum.Forum;
import org.xieshang.forum.ForumApi;
import org.xieshang.forum.ForumChannel;
import org.xieshang.inbox.Inbox;
import org.xieshang.inbox.InboxApi;
import org.xieshang.inbox.InboxChannel;
import org.xieshang.ledger.LedgerApi;
import org.xieshang.ledger.LedgerService;
import org.xieshang.plan.PlanApi;
import org.xieshang.plan.PlanService;
import org.xieshang.forum.SensitiveWords;
import org.xieshang.identity.Access;
import org.xieshang.opinion.AnalysisRunner;
import org.xieshang.opinion.DraftRegulationApi;
import org.xieshang.opinion.DraftRegulations;
import org.xieshang.opinion.OpinionApi;
import org.xieshang.opinion.OpinionService;
import org.xieshang.platform.config.ConfigException;
import org.xieshang.report.ChineseFont;
import org.xieshang.report.ReportApi;
import org.xieshang.report.ReportService;
import org.xieshang.sortition.Sortition;
import org.xieshang.sortition.SortitionApi;
import org.xieshang.video.JitsiVideo;
import org.xieshang.video.VideoApi;
import org.xieshang.video.VideoProvider;
import org.xieshang.video.VideoService;
import org.xieshang.live.LiveApi;
import org.xieshang.live.LiveChannel;
import org.xieshang.live.LiveSessions;
import org.xieshang.live.Presence;
import org.xieshang.live.RosterCache;
import org.xieshang.identity.AdminApi;
import org.xieshang.identity.AuthApi;
import org.xieshang.identity.IdentityService;
import org.xieshang.identity.LogSmsSender;
import org.xieshang.identity.SmsSender;
import org.xieshang.identity.TokenDenyList;
import org.xieshang.identity.Tokens;
import org.xieshang.platform.config.AppConfig;
import org.xieshang.platform.db.DbAddress;
import org.xieshang.platform.db.Durability;
import org.xieshang.platform.realtime.Fanout;
import org.xieshang.platform.realtime.Realtime;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.HttpVerticle;
import org.xieshang.platform.http.AllowedMethods;
import org.xieshang.platform.metrics.Metrics;
import org.xieshang.platform.http.ProblemHandler;
import org.xieshang.platform.http.RateLimiter;
import org.xieshang.platform.http.RequestIds;
import org.xieshang.platform.http.SecurityHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The running product on one node: the database pool, the services, and the HTTP verticles.
 * The router is assembled here, in one place, from each capability's routes.
 */
public final class App {
  private static final Logger LOG = LoggerFactory.getLogger(App.class);
  public static final long IMPORT_BODY_LIMIT = 10L * 1024 * 1024;

  private final Vertx vertx;
  private final AppConfig config;
  private final Pool pool;
  private final IdentityService identity;
  private final Access access;
  private final RateLimiter apiLimiter;
  private final RateLimiter authLimiter;
  private final byte[] openApi;
  private final Tokens tokens;
  private final ActivityService activities;
  private final Inbox inbox;
  private final LedgerService ledger;
  private final PlanService plans;
  private long reminders = -1;
  private final LiveSessions sessions;
  private final RosterCache rosters;
  private final Realtime realtime;
  private final Presence presence;
  private final Forum forum;
  private final VideoService video;
  private final Sortition sortition;
  private final OpinionService opinions;
  private final DraftRegulations drafts;
  private final ReportService reports;
  private final Minutes minutes;
  private int port;
  private String deploymentId;

  private App(Vertx vertx, AppConfig config, DbAddress db, SmsSender sms) {
    this.vertx = vertx;
    this.config = config;
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.db().poolSize()).setShared(false))
        .connectingTo(db.connectOptions())
        .using(vertx)
        .build();
    String secret = config.auth().jwtSecret().isEmpty() ? Tokens.randomSecret() : config.auth().jwtSecret();
    this.tokens = new Tokens(vertx, secret, config.auth().accessTokenMinutes(), new TokenDenyList(vertx, pool));
    this.identity = new IdentityService(vertx, pool, config.auth(), tokens, sms, Clock.systemUTC());
    this.access = new Access(tokens);
    this.apiLimiter = new RateLimiter(config.http().apiRatePerMinute(), Duration.ofMinutes(1), System::currentTimeMillis);
    this.authLimiter = new RateLimiter(config.auth().addressRatePerMinute(), Duration.ofMinutes(1), System::currentTimeMillis);
    this.openApi = resource("/openapi.yaml");
    this.inbox = new Inbox(vertx, pool);
    this.activities = new ActivityService(vertx, pool, inbox);
    this.plans = new PlanService(pool, config.plan().supervisionShareMin(), Clock.systemUTC());
    this.sortition = Sortition.create(vertx, pool, identity, activities, config.sortition().timeLimitSeconds(),
        config.http().siteUrl());
    this.sessions = new LiveSessions(vertx, pool, inbox, Clock.systemUTC(), config.cluster().quorum());
    this.rosters = new RosterCache(vertx, pool);
    this.presence = new Presence(vertx);
    var f = config.forum();
    this.forum = Forum.create(vertx, pool, inbox, Clock.systemUTC(), sensitiveWords(f.sensitiveWords()),
        new Forum.Limits(f.postRatePerMinute(), f.voteRatePerMinute(), f.attachmentMaxBytes(),
            f.attachmentsPerPost(), f.reportsToHold()));
    VideoProvider videoProvider = config.video().jitsi() ? new JitsiVideo(vertx, config.video(), Clock.systemUTC())
        : new VideoProvider.None();
    // built here, once: router() runs once per HTTP instance, and a service built there (the analysis
    // runner with its running jobs and kept results) would be one per instance
    this.opinions = new OpinionService(vertx, pool, new AnalysisRunner(vertx, pool));
    this.ledger = new LedgerService(vertx, pool, inbox, opinions, Clock.systemUTC());
    this.drafts = new DraftRegulations(pool, opinions, activities);
    Optional<ChineseFont> font = ChineseFont.find(config.report().fontFile());
    if (font.isEmpty()) {
      LOG.warn("no Chinese TrueType font (report.font-file, or install fonts-droid-fallback): report exports have no charts "
          + "and PDF export is unavailable");
    }
    this.reports = new ReportService(vertx, pool, opinions, font, inbox, identity, activities, forum.themes());
    this.minutes = new Minutes(vertx, pool, activities, font);
    this.video = new VideoService(videoProvider, rosters, pool, config.video().observerAccess().equals("view-only"));
    this.realtime = new Realtime(vertx, tokens, config.http().allowedOrigins(), config.http().socketBacklogBytes(),
        List.of(new LiveChannel(rosters, sessions, presence), new ForumChannel(forum.participation(), forum.statements()),
            new InboxChannel()));
  }

  public static Future<App> start(Vertx vertx, AppConfig config, DbAddress db) {
    return start(vertx, config, db, new LogSmsSender());
  }

  public static Future<App> start(Vertx vertx, AppConfig config, DbAddress db, SmsSender sms) {
    Metrics.bindJvm();
    App app = new App(vertx, config, db, sms);
    int instances = config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
    app.port = config.http().port() > 0 ? config.http().port() : freePort();
    Duration grace = Duration.ofSeconds(config.http().shutdownGraceSeconds());
    return vertx.deployVerticle(() -> new HttpVerticle(app::router, config.http().host(), app.port, grace),
            new DeploymentOptions().setInstances(instances))
        .compose(id -> {
          app.deploymentId = id;
          LOG.info("serving on port {} with {} HTTP instances ({})", app.port, instances,
              vertx.isNativeTransportEnabled() ? "epoll" : "Java NIO");
          app.reminders = app.ledger.remindEvery(config.report().reminderSeconds() * 1000L);
          if (config.cluster().enabled()) {
            // a node that dies takes its sessions' owners with it: every node offers to take over the
            // running sessions nobody owns (the cluster-wide lock lets one win); takeover time is
            // Hazelcast's failure detection plus at most this period
            vertx.setPeriodic(LiveSessions.TAKEOVER_CHECK_MILLIS, t -> app.sessions.resumeRunning());
          }
          return app.sessions.resumeRunning();
        })
        .map(app);
  }

  public int port() {
    return port;
  }

  public Pool pool() {
    return pool;
  }

  public Fanout fanout() {
    return realtime.fanout();
  }

  /** Stops the HTTP verticles (finishing in-flight requests), then closes the pool. */
  public Future<Void> close() {
    vertx.cancelTimer(reminders);
    Future<Void> undeploy = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    return undeploy.eventually(sessions::close).eventually(pool::close);
  }

  /** Every concrete API endpoint as "METHOD /path/{param}", for checking the OpenAPI document. */
  public SortedSet<String> endpoints() {
    SortedSet<String> out = new TreeSet<>();
    for (var route : router(vertx).getRoutes()) {
      String path = route.getPath();
      if (path == null || !path.startsWith("/api/") || !route.isExactPath() || route.methods() == null) {
        continue;
      }
      for (HttpMethod m : route.methods()) {
        out.add(m.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    return out;
  }

  /** Mounts the routes on the services built once in the constructor; runs once per HTTP instance. */
  Router router(Vertx v) {
    Router router = Router.router(v);
    if (config.http().trustForwarded()) {
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    router.route().handler(RequestIds::handle);
    SecurityHeaders headers = new SecurityHeaders(config.video().jitsi() ? "https://" + config.video().domain() : "");
    router.route().handler(headers::handle);
    if (!config.http().allowedOrigins().isEmpty()) {
      router.route().handler(CorsHandler.create()
          .addOrigins(config.http().allowedOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"))
          .exposedHeaders(Set.of("X-Request-Id", "Retry-After")));
    }

    HealthChecks checks = HealthChecks.create(v).register("database", Duration.ofSeconds(2).toMillis(),
        promise -> pool.query(Durability.SQL).execute()
            .onSuccess(rows -> {
              var row = rows.iterator().next();
              Durability d = new Durability(row.getString(0), row.getString(1), row.getString(2));
              // still up (it serves), but an operator reading /health is told the writes are not safe
              JsonObject data = new JsonObject().put("fsync", d.fsync()).put("synchronous_commit", d.synchronousCommit())
                  .put("full_page_writes", d.fullPageWrites());
              if (!d.durable()) {
                data.put("warning", d.warning());
              }
              promise.complete(Status.OK(data));
            })
            .onFailure(e -> promise.complete(Status.KO())));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());

    router.route("/api/*").handler(ctx -> {
      long wait = apiLimiter.acquire(ctx.request().remoteAddress().hostAddress());
      if (wait > 0) {
        ctx.fail(DomainError.rateLimited(wait, "请求过于频繁，请稍后再试"));
      } else {
        ctx.next();
      }
    });
    router.post("/api/accounts/import").handler(BodyHandler.create(false).setBodyLimit(IMPORT_BODY_LIMIT));
    ForumApi forumApi = new ForumApi(forum, access, config.forum().attachmentMaxBytes());
    forumApi.mountBodyLimits(router, IMPORT_BODY_LIMIT);
    router.post("/api/pools/:id/import").handler(BodyHandler.create(false).setBodyLimit(IMPORT_BODY_LIMIT));
    OpinionApi.mountBodyLimits(router);
    // a report drafted from many opinions cites them all; its edits must fit
    router.put("/api/reports/:id").handler(BodyHandler.create(false).setBodyLimit(IMPORT_BODY_LIMIT));
    router.route("/api/*").handler(App::refuseNulInQuery);
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes());
    router.route("/api/*").handler(ctx -> {
      // a GET carries no body to read, and BodyHandler throws (a 500) on a GET that claims a form or multipart one
      if (ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD) {
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(Buffer.buffer(openApi)));

    new AuthApi(identity, access, authLimiter).mount(router);
    new AdminApi(identity, access, pool).mount(router);
    new ActivityApi(activities, identity, access).mount(router);
    new MinutesApi(minutes, access).mount(router);
    new LiveApi(sessions, rosters, access, pool, presence).mount(router);
    forumApi.mount(router);
    new InboxApi(inbox, access).mount(router);
    new LedgerApi(ledger, access).mount(router);
    new PlanApi(plans, access).mount(router);
    new VideoApi(video, access, config.video().webhookSecret()).mount(router);
    new SortitionApi(sortition, access).mount(router);
    new OpinionApi(opinions, access).mount(router);
    new DraftRegulationApi(drafts, access).mount(router);
    new ReportApi(reports, access).mount(router);

    // what no route served: 405 with Allow on a known path, else 404 (problem+json either way)
    AllowedMethods unserved = new AllowedMethods(router);
    router.route("/api/*").handler(unserved::handle);
    realtime.mount(router);
    mountWebClient(router);
    router.route().handler(unserved::handle);
    router.route().failureHandler(ProblemHandler::handle);
    return router;
  }

  /** The built web client, with every other path answered by index.html (client-side routes). */
  private void mountWebClient(Router router) {
    Path root = Path.of(config.http().webRoot()).toAbsolutePath().normalize();
    Path index = root.resolve("index.html");
    if (!Files.isRegularFile(index)) {
      LOG.warn("web client not built: {} is missing (scripts/run builds it)", index);
      router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
          .end("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>协商</title>"
              + "<p>网页客户端尚未构建。请运行 scripts/run。(The web client is not built: run scripts/run.)</p></html>"));
      return;
    }
    router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, root.toString())
        .setCachingEnabled(true).setIndexPage("index.html"));
    router.get().handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile(index.toString()));
  }

  private static SensitiveWords sensitiveWords(String file) {
    if (file.isBlank()) {
      return new SensitiveWords(List.of());
    }
    try {
      SensitiveWords words = SensitiveWords.load(Path.of(file));
      LOG.info("sensitive-word list {}: {} words", file, words.size());
      return words;
    } catch (IOException e) {
      throw new ConfigException("配置项 forum.sensitive-words 指向的文件无法读取：" + file
          + " (forum.sensitive-words: cannot read " + file + ")");
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = App.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** U+0000 in a query value (%00) would reach PostgreSQL, which refuses it in text: a 400 naming the parameter instead. */
  static void refuseNulInQuery(RoutingContext ctx) {
    MultiMap query;
    try {
      query = ctx.queryParams();
    } catch (RuntimeException e) {
      ctx.fail(DomainError.malformed("$query", "查询参数无法解析"));
      return;
    }
    for (var e : query) {
      if (e.getValue().indexOf('\u0000') >= 0 || e.getKey().indexOf('\u0000') >= 0) {
        ctx.fail(DomainError.malformed(e.getKey(), "含有不允许的空字符（U+0000）"));
        return;
      }
    }
    ctx.next();
  }
}
