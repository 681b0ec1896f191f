package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.xieshang.platform.http.Attachment;
import org.xieshang.activity.SessionRole;
import org.xieshang.forum.AuthorKind;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one opinion store (RULES.md Art. 16, 22): opinions from live meetings, online themes and written
 * submissions in one shape — channel, author kind, county, venue, sector, activity, theme, agenda item,
 * time — each traceable to its source, with counts for the report's 基本情况.
 */
public final class OpinionService {
  private final Vertx vertx;
  private final Pool pool;
  private final AnalysisRunner runner;

  public OpinionService(Vertx vertx, Pool pool, AnalysisRunner runner) {
    this.vertx = vertx;
    this.pool = pool;
    this.runner = runner;
  }

  /**
   * The analysis of the scope's opinions when it is ready ({status: done, analysedAt, analysis}); else it is started
   * (or already running) and its progress is returned ({status: running, stage, progress}).
   */
  public Future<JsonObject> analysis(OpinionScope scope) {
    JsonObject progress = runner.progress(scope);
    if (progress != null) {
      return Future.succeededFuture(progress.copy().put("status", "running"));
    }
    return OpinionStore.version(pool, scope.activityId(), scope.themeId())
        .compose(version -> runner.kept(scope, version) // when kept, the units need not be read at all
            .compose(kept -> kept != null ? Future.succeededFuture(done(kept)) : start(scope, version)));
  }

  /** Starts the analysis (or joins it, here or on another node): its result if that is at hand, else how far it has got. */
  private Future<JsonObject> start(OpinionScope scope, String version) {
    return units(scope.activityId(), scope.themeId()).compose(store -> {
      Future<AnalysisRunner.Result> analysis = runner.analyse(scope, version, list(store.getJsonArray("units")));
      if (analysis.failed()) { // this version of the opinions failed before: say so, do not start again
        return Future.failedFuture(analysis.cause());
      }
      if (analysis.succeeded()) {
        return Future.succeededFuture(done(analysis.result()));
      }
      JsonObject now = runner.progress(scope);
      return Future.succeededFuture(
          (now == null ? new JsonObject().put("stage", "queued").put("progress", 0.0) : now.copy()).put("status", "running"));
    });
  }

  private static JsonObject done(AnalysisRunner.Result result) {
    return new JsonObject().put("status", "done").put("analysedAt", result.at().toString()).put("analysis", result.analysis());
  }

  /** The analysis of the units {@link #units} or {@link #collect} listed, waiting for it if it has to be computed. */
  public Future<JsonObject> analyse(OpinionScope scope, JsonObject store) {
    return runner.analyse(scope, store.getString("version"), list(store.getJsonArray("units")))
        .map(AnalysisRunner.Result::analysis);
  }

  /**
   * The opinion map of the votes on the statements among these units, statements named by unit id; without a
   * map when there are fewer than two statements (nothing to say), and with the reason why when too few people
   * voted (fewer than four, or fewer than three who voted on enough statements).
   */
  public Future<OpinionMap.Drawn> map(JsonArray units) {
    // forum statement id → the unit that holds it (its source reference says which statement)
    Map<Long, Long> unitOf = new HashMap<>();
    List<Long> statements = new ArrayList<>();
    for (JsonObject u : list(units)) {
      if ("STATEMENT".equals(u.getString("channel"))
          && SourceRef.parse(u.getString("sourceRef")) instanceof SourceRef.Forum f && f.part() == SourceRef.ForumPart.STATEMENT) {
        unitOf.put(f.id(), u.getLong("id"));
        statements.add(u.getLong("id"));
      }
    }
    if (statements.size() < 2) {
      return Future.succeededFuture(OpinionMap.Drawn.NOTHING);
    }
    return OpinionStore.statementVotes(pool, List.copyOf(unitOf.keySet()))
        .map(rows -> rows.stream().map(v -> new long[]{unitOf.get(v[0]), v[1], v[2]}).toList())
        .compose(rows -> {
          List<OpinionMap.Vote> votes = new ArrayList<>();
          Set<Long> voters = new HashSet<>();
          rows.forEach(r -> {
            votes.add(new OpinionMap.Vote(Long.toString(r[1]), Long.toString(r[0]), (int) r[2]));
            voters.add(r[1]);
          });
          if (voters.isEmpty()) {
            return Future.succeededFuture(OpinionMap.Drawn.NOTHING);
          }
          if (voters.size() < 4) {
            return Future.succeededFuture(new OpinionMap.Drawn(null,
                "参与表态的仅 " + voters.size() + " 人（至少需要 4 人），本稿未作观点群体分析。"));
          }
          return runner.map(statements.stream().map(String::valueOf).toList(), votes)
              .map(map -> new OpinionMap.Drawn(map, null))
              .recover(e -> e instanceof OpinionMap.TooFewVoters few
                  ? Future.succeededFuture(new OpinionMap.Drawn(null, few.sentence()))
                  : Future.failedFuture(e));
        });
  }

  private static List<JsonObject> list(JsonArray units) {
    List<JsonObject> out = new ArrayList<>(units.size());
    units.forEach(o -> out.add((JsonObject) o));
    return out;
  }

  /** Gathers an activity's opinions (its live session and its themes), or a theme's. */
  public Future<JsonObject> collect(Long activityId, Long themeId, AuditLog.By by) {
    Future<Integer> done;
    if (activityId != null) {
      // a scope that does not exist is refused before anything is written (no audit entry of a collection of nothing)
      done = pool.withTransaction(tx -> exists(OpinionStore.activityExists(tx, activityId), "活动 " + activityId)
          .compose(x -> OpinionStore.collectLive(tx, activityId))
          .compose(n -> OpinionStore.themesOf(tx, activityId)
              .compose(themes -> {
                Future<Integer> f = Future.succeededFuture(n);
                for (long t : themes) {
                  f = f.compose(m -> OpinionStore.collectTheme(tx, t).map(k -> m + k));
                }
                return f;
              }))
          .compose(n -> AuditLog.record(tx, by, "opinion.collect", "activity", activityId, null).map(n)));
    } else {
      done = pool.withTransaction(tx -> exists(OpinionStore.themeExists(tx, themeId), "主题 " + themeId)
          .compose(x -> OpinionStore.collectTheme(tx, themeId))
          .compose(n -> AuditLog.record(tx, by, "opinion.collect", "forum_theme", themeId, null).map(n)));
    }
    return done.compose(n -> units(activityId, themeId).map(u -> u.put("collected", n)));
  }

  private static Future<Void> exists(Future<Boolean> found, String what) {
    return found.compose(yes -> yes ? Future.succeededFuture() : Future.failedFuture(DomainError.notFound(what)));
  }

  /** Opinions by id with their venue, organisation and department names (for a report's sources). */
  public Future<List<JsonObject>> byId(Collection<Long> ids) {
    return OpinionStore.byId(pool, ids);
  }

  /** Whether every one of these opinions belongs to the scope, so a report cites only its own. */
  public Future<Boolean> allInScope(Collection<Long> ids, OpinionScope scope) {
    return OpinionStore.countInScope(pool, ids, scope.activityId(), scope.themeId()).map(n -> n == ids.size());
  }

  /**
   * The units with counts by channel, author kind, county, venue and sector; {@code more} when the scope
   * has more than the {@link OpinionStore#UNITS_AT_MOST} oldest listed (and analysed).
   */
  public Future<JsonObject> units(Long activityId, Long themeId) {
    return OpinionStore.version(pool, activityId, themeId)
        .compose(version -> OpinionStore.units(pool, activityId, themeId).map(units -> listed(version, units)));
  }

  private static JsonObject listed(String version, JsonArray units) {
    boolean more = units.size() > OpinionStore.UNITS_AT_MOST;
    if (more) {
      units.remove(units.size() - 1);
    }
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Object o : units) {
      JsonObject u = (JsonObject) o;
      for (String key : new String[]{"channel", "authorKind", "organization", "venue", "sector"}) {
        String value = u.getString(key);
        counts.computeIfAbsent(key, k -> new TreeMap<>()).merge(value == null ? "—" : value, 1, Integer::sum);
      }
    }
    JsonObject c = new JsonObject();
    counts.forEach((k, v) -> {
      JsonObject values = new JsonObject();
      v.forEach(values::put);
      c.put(k, values);
    });
    // version: changes whenever the scope's opinions do (OpinionStore.version)
    return new JsonObject().put("total", units.size()).put("more", more).put("version", version).put("counts", c)
        .put("units", units);
  }

  /**
   * What someone writes to the store: a written opinion (书面意见, SUBMISSION) or a research finding
   * (调研成果, RESEARCH), as text or as a DOCX or PDF file whose text is read; or a comment on a paragraph of
   * a draft text (DRAFT_COMMENT, see {@link DraftRegulations}).
   */
  public record Written(String channel, String text, Attachment file, Long paragraphId) {
    public Written(String channel, String text, Attachment file) {
      this(channel, text, file, null);
    }
  }

  /**
   * A written opinion on an activity from someone on its roster (not an observer), a department or staff;
   * research findings from staff only. An idempotency key makes a resent submission count once.
   */
  public Future<JsonObject> submit(Caller caller, long activityId, Written written, String idempotencyKey, AuditLog.By by) {
    return OpinionStore.seat(pool, activityId, caller.accountId())
        .compose(seat -> {
          if (seat.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("活动 " + activityId));
          }
          String role = seat.get().role();
          boolean allowed = "RESEARCH".equals(written.channel()) ? caller.can(Permission.REPORT_MANAGE)
              : SessionRole.mayWriteOpinion(caller, role == null ? null : SessionRole.valueOf(role));
          if (!allowed) {
            return Future.failedFuture(DomainError.forbidden("RESEARCH".equals(written.channel())
                ? "调研成果由协商报告工作人员录入" : "只有参加本次活动的人员和相关部门可以提交书面意见"));
          }
          String kind = AuthorKind.of(caller, "PUBLIC_REP".equals(role)).name();
          Future<String> text = written.file() == null ? Future.succeededFuture(written.text())
              : vertx.executeBlocking(() -> WrittenFile.text(written.file()), false);
          String ref = new SourceRef.Written(written.channel(), caller.accountId(),
              idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey).text();
          return text.compose(t -> pool.withTransaction(tx -> OpinionStore.insertWritten(tx, ref, written.channel(), activityId,
                  written.paragraphId(),
                  caller.accountId(), kind, t)
              .compose(id -> (written.file() == null ? Future.<Void>succeededFuture() : OpinionStore.insertFile(tx, id, written.file()))
                  .compose(x -> AuditLog.record(tx, by, "opinion.submit", "activity", activityId,
                      new JsonObject().put("unitId", id).put("channel", written.channel())))
                  .map(x -> new JsonObject().put("id", id).put("authorKind", kind).put("channel", written.channel())
                      .put("text", t)))));
        });
  }

  /** The file a written opinion was uploaded as, for staff and its author. */
  public Future<Attachment> file(Caller caller, long unitId) {
    return OpinionStore.file(pool, unitId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("意见原件 " + unitId));
          }
          var r = found.get();
          if (!caller.can(Permission.REPORT_MANAGE) && r.getLong("author_id") != caller.accountId()) {
            return Future.failedFuture(DomainError.forbidden("只有提交人和协商报告工作人员可以查看原件"));
          }
          return Future.succeededFuture(new Attachment(r.getString("file_name"), r.getString("media_type"),
              r.getBuffer("data").getBytes()));
        });
  }
}
