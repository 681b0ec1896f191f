package org.xieshang.report;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import org.xieshang.identity.Account;
import org.xieshang.identity.Caller;
import org.xieshang.forum.ThemeDirectory;
import org.xieshang.forum.ThemeOutline;
import org.xieshang.identity.IdentityService;
import org.xieshang.activity.ActivityService;
import org.xieshang.activity.ActivityOutline;
import org.xieshang.identity.Permission;
import org.xieshang.inbox.Inbox;
import org.xieshang.identity.Role;
import org.xieshang.opinion.OpinionMap;
import org.xieshang.opinion.OpinionScope;
import org.xieshang.opinion.OpinionService;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.time.ChinaTime;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consultation reports (RULES.md Art. 22): drafted from the opinion store (collected afresh first),
 * edited by staff in versions that keep each paragraph's sources, commented on, and moved through
 * review (staff), approval (chair or vice chair) and submission, with who did what and when.
 */
public final class ReportService {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日").withZone(ZoneId.of("Asia/Shanghai"));
  /** status → the states it may move to */
  static final Map<String, Set<String>> MOVES = Map.of(
      "DRAFT", Set.of("REVIEW"),
      "REVIEW", Set.of("DRAFT", "APPROVED"),
      "APPROVED", Set.of("SUBMITTED"),
      "SUBMITTED", Set.of());

  /** Points of the opinion map kept for its chart: enough to show the groups' shapes. */
  static final int MAP_POINTS = 3000;

  private final Vertx vertx;
  private final Pool pool;
  private final OpinionService opinions;
  private final Optional<ChineseFont> font;
  private final Inbox inbox;
  private final IdentityService identity;
  private final ActivityService activities;
  private final ThemeDirectory themes;

  public ReportService(Vertx vertx, Pool pool, OpinionService opinions, Optional<ChineseFont> font, Inbox inbox,
                       IdentityService identity, ActivityService activities, ThemeDirectory themes) {
    this.vertx = vertx;
    this.pool = pool;
    this.opinions = opinions;
    this.font = font;
    this.inbox = inbox;
    this.identity = identity;
    this.activities = activities;
    this.themes = themes;
  }

  /**
   * Who acts next on a report in this status: staff edit a draft and send it for review, the chair or a
   * vice chair review it (approve or return), staff submit it once approved; nobody once submitted.
   */
  static String nextActor(String status) {
    return switch (status) {
      case "DRAFT", "APPROVED" -> "STAFF";
      case "REVIEW" -> "LEADERS";
      default -> null;
    };
  }

  /** Whether the report waits for this caller: the leaders for one under review, staff (or its author) otherwise. */
  static boolean waitsFor(Caller caller, String status, Long author) {
    String next = nextActor(status);
    if ("LEADERS".equals(next)) {
      return caller.can(Permission.REPORT_REVIEW);
    }
    return "STAFF".equals(next) && (caller.has(Role.STAFF) || (author != null && author == caller.accountId()));
  }

  /**
   * Collects the scope's opinions afresh, analyses them (off the event loop; the analysis's progress is
   * visible at GET /api/opinions/analysis meanwhile) and saves the first draft as version 1. When the scope
   * has a report already, that one is meant (409 naming it), unless another is asked for explicitly.
   */
  public Future<JsonObject> create(Caller caller, OpinionScope scope, boolean another, AuditLog.By by) {
    Long activityId = scope.activityId();
    Long themeId = scope.themeId();
    Future<Void> none = another ? Future.succeededFuture() : list(caller, activityId, themeId).compose(existing ->
        existing.isEmpty() ? Future.succeededFuture()
            : Future.failedFuture(new DomainError(409, "report-exists", "已有协商报告",
                "请打开已有的报告；如需另起一份，请明确选择“另起一份报告”", List.of(),
                new JsonObject().put("existing", existing.getJsonObject(0).getLong("id")))));
    return none.compose(v -> opinions.collect(activityId, themeId, by))
        .map(ReportService::plain)
        .compose(store -> Future.all(opinions.analyse(scope, store), opinions.map(store.getJsonArray("units")),
                subject(activityId, themeId))
            .map(all -> draft(all.resultAt(2), store, all.resultAt(0), all.resultAt(1))))
        .compose(d -> pool.withTransaction(tx -> ReportStore.insertReport(tx, activityId, themeId, d.title(), d.body(), caller.accountId(), d.figures())
            .compose(id -> ReportStore.insertVersion(tx, id, 1, d.body(), caller.accountId())
                .compose(x -> ReportStore.event(tx, id, "CREATE", null, "DRAFT", null, caller.accountId()))
                .compose(x -> AuditLog.record(tx, by, "report.create", "report", id, null)).map(id))))
        .compose(this::get);
  }

  /** The collected opinions with their plain text (markup typed by users dropped), so grouping never sees tags. */
  private static JsonObject plain(JsonObject store) {
    JsonArray units = new JsonArray();
    store.getJsonArray("units").forEach(o -> units.add(ReportDraft.plain((JsonObject) o)));
    return store.copy().put("units", units);
  }

  private record Subject(JsonObject subject, Map<String, String> groups) {}

  /** A first draft as it will be saved: its title, its body and the figures kept beside it. */
  private record FirstDraft(String title, JsonObject body, JsonObject figures) {}

  private static FirstDraft draft(Subject s, JsonObject store, JsonObject analysis, OpinionMap.Drawn drawn) {
    List<JsonObject> units = new ArrayList<>();
    store.getJsonArray("units").forEach(o -> units.add((JsonObject) o));
    s.subject.put("more", store.getBoolean("more", false));
    return new FirstDraft(s.subject.getString("title") + "协商情况报告", ReportDraft.build(s.subject, units, s.groups, analysis, drawn),
        figures(units, drawn.map()));
  }

  /** What the charts are drawn from: opinions by venue (else county) and by sector, and the map's points. */
  static JsonObject figures(List<JsonObject> units, OpinionMap.Result map) {
    Map<String, Integer> byBody = new TreeMap<>();
    Map<String, Integer> bySector = new TreeMap<>();
    for (JsonObject u : units) {
      String body = Attribution.body(u); // CPPCC bodies only: a venue is where someone sat, a department answers
      if (body != null) {
        byBody.merge(body, 1, Integer::sum);
      }
      if (u.getString("sector") != null) {
        bySector.merge(u.getString("sector"), 1, Integer::sum);
      }
    }
    JsonObject out = new JsonObject().put("byBody", new JsonObject(new LinkedHashMap<>(byBody)))
        .put("bySector", new JsonObject(new LinkedHashMap<>(bySector)));
    if (map != null && map.k() >= 2) {
      JsonArray points = new JsonArray();
      int step = Math.max(1, map.points().size() / MAP_POINTS); // every step-th voter: the same each time
      for (int i = 0; i < map.points().size(); i += step) {
        OpinionMap.Point p = map.points().get(i);
        points.add(new JsonArray().add(Math.round(p.x() * 1000) / 1000.0).add(Math.round(p.y() * 1000) / 1000.0).add(p.group()));
      }
      out.put("map", new JsonObject().put("k", map.k()).put("points", points));
    }
    return out;
  }

  private Future<Subject> subject(Long activityId, Long themeId) {
    Map<String, String> groups = new HashMap<>();
    if (activityId != null) {
      return Future.all(activities.outline(activityId), themes.ofActivity(activityId))
          .compose(all -> {
            Optional<ActivityOutline> found = all.resultAt(0);
            if (found.isEmpty()) {
              return Future.failedFuture(DomainError.notFound("活动 " + activityId));
            }
            ActivityOutline a = found.get();
            a.items().forEach(o -> groups.put("item:" + ((JsonObject) o).getLong("id"),
                "议程“" + ((JsonObject) o).getString("title") + "”"));
            all.<List<ThemeOutline>>resultAt(1).forEach(t -> groups.put("theme:" + t.id(), ReportDraft.themeName(t.title())));
            return Future.succeededFuture(new Subject(new JsonObject().put("title", a.title())
                .put("topic", a.topic())
                .put("dates", DAY.format(a.start()))
                .put("venues", a.venues()), groups));
          });
    }
    return themes.outline(themeId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("主题 " + themeId));
          }
          ThemeOutline t = found.get();
          groups.put("theme:" + themeId, ReportDraft.themeName(t.title()));
          return Future.succeededFuture(new Subject(new JsonObject().put("title", t.title()).put("topic", t.topic())
              .put("dates", DAY.format(t.opensAt()) + "至" + DAY.format(t.closesAt()))
              .put("venues", new JsonArray()), groups));
        });
  }

  /** Sources shown beside each paragraph at first; the rest are fetched on request ({@link #sources}). */
  static final int SHOWN = 8;

  /**
   * The report with the first {@link #SHOWN} opinions each paragraph cites (so a reader can open them),
   * its versions and its history.
   */
  public Future<JsonObject> get(long id) {
    return row(id).compose(r -> {
      JsonObject body = r.getJsonObject("body");
      return Future.all(
              opinions.byId(cited(body, SHOWN)), ReportStore.history(pool, id), ReportStore.versions(pool, id))
          .map(all -> {
            JsonObject sources = sourceJson(all.resultAt(0));
            JsonArray history = new JsonArray();
            for (Row e : all.<RowSet<Row>>resultAt(1)) {
              history.add(new JsonObject().put("action", e.getString("action")).put("from", e.getString("from_status"))
                  .put("to", e.getString("to_status")).put("comment", e.getString("comment"))
                  .put("by", e.getString("display_name")).put("at", e.getOffsetDateTime("at").toInstant().toString()));
            }
            JsonArray versions = new JsonArray();
            for (Row v : all.<RowSet<Row>>resultAt(2)) {
              versions.add(new JsonObject().put("version", v.getInteger("version")).put("by", v.getString("display_name"))
                  .put("at", v.getOffsetDateTime("saved_at").toInstant().toString()));
            }
            return new JsonObject().put("id", id).put("title", r.getString("title")).put("status", r.getString("status"))
                .put("version", r.getInteger("version")).put("activityId", r.getLong("activity_id"))
                .put("themeId", r.getLong("theme_id")).put("body", body).put("sources", sources)
                .put("history", history).put("versions", versions);
          });
    });
  }

  /** Opinions the report cites (any of them, also beyond the first shown), by id. */
  public Future<JsonObject> sources(long id, List<Long> wanted) {
    return row(id).compose(r -> {
      Set<Long> cited = cited(r.getJsonObject("body"), Integer.MAX_VALUE);
      List<Long> ids = wanted.stream().filter(cited::contains).toList();
      return opinions.byId(ids).map(ReportService::sourceJson);
    });
  }

  /** The opinions a body cites, at most {@code perParagraph} of each paragraph's. */
  static Set<Long> cited(JsonObject body, int perParagraph) {
    Set<Long> cited = new LinkedHashSet<>();
    body.getJsonArray("sections").forEach(s -> ((JsonObject) s).getJsonArray("paragraphs")
        .forEach(p -> ((JsonObject) p).getJsonArray("sources").stream().limit(perParagraph)
            .forEach(x -> cited.add(((Number) x).longValue()))));
    return cited;
  }

  private static JsonObject sourceJson(List<JsonObject> units) {
    JsonObject sources = new JsonObject();
    for (JsonObject u : units) {
      JsonObject source = u.copy();
      source.remove("id");
      sources.put(Long.toString(u.getLong("id")), source.put("label", sourceLabel(source, OffsetDateTime.parse(u.getString("at")))));
    }
    return sources;
  }

  private static final DateTimeFormatter SAID_AT = DateTimeFormatter
      .ofPattern("yyyy年M月d日 HH:mm").withZone(ChinaTime.ZONE);

  /** How the source reads to staff: 会议发言 · 雁江区政协委员 · 雁江区分会场 · 2026年12月3日 09:41 (no internal ids). */
  public static String sourceLabel(JsonObject source, OffsetDateTime at) {
    List<String> parts = new ArrayList<>();
    parts.add(ReportDraft.CHANNELS.getOrDefault(source.getString("channel"), "意见"));
    String who = Attribution.who(source);
    if (!who.isEmpty()) {
      parts.add(who);
    }
    if (source.getString("venue") != null) {
      parts.add(source.getString("venue"));
    }
    parts.add(SAID_AT.format(at));
    return String.join(" · ", parts);
  }

  private Future<Row> row(long id) {
    return ReportStore.report(pool, id)
        .compose(found -> found.isEmpty() ? Future.failedFuture(DomainError.notFound("报告 " + id))
            : Future.succeededFuture(found.get()));
  }

  /**
   * Saves an edited body as the next version, only in DRAFT and only over the version the editor
   * started from (else 409: someone saved in between). Sources may only name opinions of this report's
   * activity or theme, so links stay true.
   */
  public Future<JsonObject> save(Caller caller, long id, int baseVersion, JsonObject body, AuditLog.By by) {
    return row(id).compose(r -> {
      if (!"DRAFT".equals(r.getString("status"))) {
        return Future.failedFuture(DomainError.conflict("report-locked", "报告已提交审核，不能修改", "status", "只有草稿可以修改"));
      }
      Set<Long> cited = cited(body, Integer.MAX_VALUE);
      return opinions.allInScope(cited, new OpinionScope(r.getLong("activity_id"), r.getLong("theme_id")))
          .compose(citable -> !citable
              ? Future.failedFuture(DomainError.invalid("body", "引用了不属于本报告的意见"))
              : pool.withTransaction(tx -> ReportStore.saveBody(tx, id, baseVersion, body)
                  .compose(saved -> saved.isEmpty() ? Future.failedFuture(DomainError.conflict("report-stale", "报告已被他人修改",
                          "version", "请刷新后在最新版本上修改"))
                      : Future.succeededFuture(saved.get()))
                  .compose(v -> ReportStore.insertVersion(tx, id, v, body, caller.accountId())
                      .compose(x -> ReportStore.event(tx, id, "EDIT", "DRAFT", "DRAFT", null, caller.accountId()))
                      .compose(x -> AuditLog.record(tx, by, "report.edit", "report", id, new JsonObject().put("version", v))))))
          .compose(x -> get(id));
    });
  }

  public Future<JsonObject> comment(Caller caller, long id, String text) {
    return row(id).compose(r -> pool.withTransaction(tx -> ReportStore.event(tx, id, "COMMENT", r.getString("status"),
        r.getString("status"), text, caller.accountId()))).compose(x -> get(id));
  }

  /** Review (staff), return or approve (chair, vice chair), submit (staff once approved). */
  public Future<JsonObject> move(Caller caller, long id, String to, String comment, AuditLog.By by) {
    return row(id).compose(r -> {
      String from = r.getString("status");
      if (!MOVES.get(from).contains(to)) {
        return Future.failedFuture(DomainError.conflict("report-move", "报告当前状态不能进行此操作", "to",
            "从 " + from + " 不能到 " + to));
      }
      boolean leaders = caller.can(Permission.REPORT_REVIEW);
      if (from.equals("REVIEW") && !leaders) {
        return Future.failedFuture(DomainError.forbidden("审核（通过或退回）由主席、副主席进行"));
      }
      return pool.withTransaction(tx -> ReportStore.move(tx, id, from, to)
              .compose(moved -> moved ? Future.succeededFuture() : Future.failedFuture(DomainError.conflict("report-stale",
                  "报告状态已变化", "to", "请刷新")))
              .compose(x -> ReportStore.event(tx, id, "MOVE", from, to, comment, caller.accountId()))
              .compose(x -> AuditLog.record(tx, by, "report." + to.toLowerCase(Locale.ROOT), "report", id,
                  new JsonObject().put("from", from)))
              .compose(x -> whoActsNext(tx, r, to, caller))
              .compose(next -> inbox.tell(tx, notices(r, id, to, comment, caller, next))))
          .map(told -> {
            told.run();
            return told;
          })
          .compose(x -> get(id));
    });
  }

  /**
   * Those who must act next once the report is in {@code to}: under review the chair and vice chairs;
   * returned or approved its author and whoever sent it for review; the one moving it is not told.
   */
  private Future<Set<Long>> whoActsNext(SqlClient tx, Row r, String to, Caller caller) {
    Future<Set<Long>> people;
    if (to.equals("REVIEW")) {
      people = Future.all(identity.accounts("CHAIR", null, 100, 0), identity.accounts("VICE_CHAIR", null, 100, 0))
          .map(all -> {
            Set<Long> ids = new TreeSet<>();
            for (int i = 0; i < 2; i++) {
              all.<List<Account>>resultAt(i).stream().filter(Account::active)
                  .forEach(a -> ids.add(a.id()));
            }
            return ids;
          });
    } else if (to.equals("DRAFT") || to.equals("APPROVED")) {
      people = ReportStore.sentForReview(tx, r.getLong("id"))
          .map(senders -> {
            Set<Long> ids = new TreeSet<>();
            if (r.getLong("created_by") != null) {
              ids.add(r.getLong("created_by"));
            }
            ids.addAll(senders);
            return ids;
          });
    } else {
      people = Future.succeededFuture(new TreeSet<>());
    }
    return people.map(ids -> {
      ids.remove(caller.accountId());
      return ids;
    });
  }

  private static List<Inbox.Notice> notices(Row r, long id, String to, String comment, Caller caller, Set<Long> people) {
    String title = r.getString("title");
    String what = switch (to) {
      case "REVIEW" -> "协商报告待您审核";
      case "DRAFT" -> "协商报告被退回修改";
      case "APPROVED" -> "协商报告已批准，待报送";
      default -> null;
    };
    if (what == null) {
      return List.of();
    }
    String body = "「" + title + "」" + switch (to) {
      case "REVIEW" -> "已提交审核，请审核后批准或退回。";
      case "DRAFT" -> "已退回修改" + (comment == null || comment.isBlank() ? "。" : "：" + Inbox.excerpt(comment, 80));
      default -> "已批准，请报送并交办。";
    };
    return people.stream().map(p -> new Inbox.Notice(p, "report." + to.toLowerCase(Locale.ROOT), what, body,
        "/reports/" + id)).toList();
  }

  /**
   * The reports (of an activity or theme when given), newest first: status, scope, author, who acts next
   * and whether that is the caller.
   */
  public Future<JsonArray> list(Caller caller, Long activityId, Long themeId) {
    return ReportStore.list(pool, activityId, themeId)
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
              .put("status", r.getString("status")).put("version", r.getInteger("version"))
              .put("updatedAt", r.getOffsetDateTime("updated_at").toInstant().toString())
              .put("activityId", r.getLong("activity_id")).put("themeId", r.getLong("theme_id"))
              .put("author", r.getString("author")).put("nextActor", nextActor(r.getString("status")))
              .put("waitingForMe", waitsFor(caller, r.getString("status"), r.getLong("created_by")))));
          return out;
        });
  }

  /** Word, with the charts when a Chinese font is at hand (drawn off the event loop). */
  public Future<byte[]> docx(long id) {
    return row(id).compose(r -> vertx.executeBlocking(() -> ReportExport.docx(r.getString("title"), r.getJsonObject("body"),
        charts(r)), false));
  }

  public Future<String> html(long id) {
    return row(id).compose(r -> vertx.executeBlocking(() -> ReportExport.html(r.getString("title"), r.getJsonObject("body"),
        charts(r)), false));
  }

  /** PDF needs the Chinese font embedded: without one, 503 naming what to install. */
  public Future<byte[]> pdf(long id) {
    return ChineseFont.forPdf(font).compose(f -> row(id).compose(r -> vertx.executeBlocking(() ->
        ReportExport.pdf(r.getString("title"), r.getJsonObject("body"), charts(r), f), false)));
  }

  private List<ReportCharts.Chart> charts(Row r) {
    return font.map(f -> ReportCharts.of(r.getJsonObject("figures"), f)).orElse(List.of());
  }
}
