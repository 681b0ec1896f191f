package org.xieshang.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.inbox.Inbox;
import org.xieshang.opinion.OpinionService;
import org.xieshang.report.ReportService;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.Attachment;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.time.ChinaTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The adoption ledger (台账, RULES.md Art. 22). Staff hand each suggestion of an approved report to the
 * department that handles it (交办), with a due date; the department's officials reply on its adoption,
 * as often as it moves on; chairs put entries under supervision (督办). The department is told of each
 * entry and its supervision, and the proposers (the authors of the opinions behind the suggestion) of
 * each reply: the feedback to the main proposers that the rules ask for.
 */
public final class LedgerService {
  static final int EXCERPT = 40;
  /** Days before the due date when the department is reminded. */
  static final int SOON_DAYS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Inbox inbox;
  private final Clock clock;
  private final OpinionService opinions;

  public LedgerService(Vertx vertx, Pool pool, Inbox inbox, OpinionService opinions, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.inbox = inbox;
    this.clock = clock;
    this.opinions = opinions;
  }

  public Future<Long> assign(Caller caller, long reportId, String suggestion, List<Long> sources, long departmentId,
                             LocalDate dueOn, AuditLog.By by) {
    return handOver(reportId, dueOn, (tx, report) -> {
      if (!new HashSet<>(report.cited()).containsAll(sources)) {
        return Future.failedFuture(DomainError.invalid("sources", "只能引用本报告所引的意见"));
      }
      return LedgerStore.departmentExists(tx, departmentId).compose(exists -> !exists
          ? Future.failedFuture(DomainError.invalid("departmentId", "承办单位不存在"))
          : entry(tx, caller, reportId, report, suggestion, sources, departmentId, dueOn, by)
              .map(NONE::plus));
    }).map(h -> h.ids().get(0));
  }

  /**
   * Hands each commitment a department made in the meeting (承诺事项, marked by the chair) that the report
   * cites, and that is not in its ledger yet, to the department of the official who made it, with the
   * speech it answered among its sources, so that the member who asked hears of each reply. Asking
   * twice adds nothing.
   */
  public Future<List<Long>> assignCommitments(Caller caller, long reportId, LocalDate dueOn, AuditLog.By by) {
    return handOver(reportId, dueOn, (tx, report) -> LedgerStore.commitments(tx, reportId, report.cited())
        .compose(commitments -> {
          Future<HandedOver> all = Future.succeededFuture(NONE);
          for (LedgerStore.Commitment c : commitments) {
            all = all.compose(h -> entry(tx, caller, reportId, report, "会上承诺：" + c.text(), c.sources(),
                c.departmentId(), dueOn, by).map(h::plus));
          }
          return all;
        })).map(HandedOver::ids);
  }

  /** Entries handed over in one transaction, and the notices to push once it commits. */
  private record HandedOver(List<Long> ids, Runnable told) {
    HandedOver plus(Assigned a) {
      List<Long> more = new ArrayList<>(ids);
      more.add(a.id());
      return new HandedOver(more, () -> {
        told.run();
        a.told().run();
      });
    }
  }

  private static final HandedOver NONE = new HandedOver(List.of(), Inbox.NOTHING);

  private record Assigned(long id, Runnable told) {}

  /** Checks the due date and the report, hands over in one transaction, then tells the departments. */
  private Future<HandedOver> handOver(long reportId, LocalDate dueOn,
                                      BiFunction<SqlConnection, LedgerStore.ReportFacts, Future<HandedOver>> work) {
    if (dueOn.isBefore(today())) {
      return Future.failedFuture(DomainError.invalid("dueOn", "办理期限不能早于今天"));
    }
    return pool.withTransaction(tx -> LedgerStore.report(tx, reportId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(DomainError.notFound("报告"));
      }
      LedgerStore.ReportFacts report = found.get();
      if (!report.status().equals("APPROVED") && !report.status().equals("SUBMITTED")) {
        return Future.failedFuture(DomainError.conflict("report-not-approved", "报告批准后才能交办", "reportId",
            "报告当前状态：" + report.status()));
      }
      return work.apply(tx, report);
    })).map(h -> {
      h.told().run();
      return h;
    });
  }

  private Future<Assigned> entry(SqlConnection tx, Caller caller, long reportId, LedgerStore.ReportFacts report,
                                 String suggestion, List<Long> sources, long departmentId, LocalDate dueOn,
                                 AuditLog.By by) {
    return LedgerStore.insert(tx, reportId, suggestion, sources, departmentId, dueOn, caller.accountId())
        .compose(id -> AuditLog.record(tx, by, "ledger.assign", "ledger_entry", id,
                new JsonObject().put("reportId", reportId).put("departmentId", departmentId).put("dueOn", dueOn.toString()))
            .compose(x -> tellOfficials(tx, departmentId, "ledger.assigned", "新的交办事项",
                "「" + report.title() + "」：“" + excerpt(suggestion) + "”，办理期限 " + dueOn + "。", id))
            .map(told -> new Assigned(id, told)));
  }

  /** Entries of one report or all: all for staff, their own department's for its officials. */
  public Future<JsonArray> list(Caller caller, Long reportId) {
    if (caller.can(Permission.REPORT_MANAGE)) {
      return LedgerStore.list(pool, reportId, null).map(this::json);
    }
    return LedgerStore.departmentOf(pool, caller.accountId()).compose(dept -> dept == null
        ? Future.failedFuture(DomainError.forbidden(
            "只有委室工作人员、主席会议成员和承办部门可以查看台账。您的意见交办后，可从通知中打开对应的交办事项。"))
        : LedgerStore.list(pool, reportId, dept).map(this::json));
  }

  /** The whole ledger as an Excel workbook, for staff (newest entries first, as the list shows them). */
  public Future<Attachment> export(Caller caller) {
    return list(caller, null).compose(entries -> vertx.executeBlocking(() -> new Attachment(
        "意见办理台账-" + today() + ".xlsx", LedgerExport.XLSX, LedgerExport.workbook(entries)), false));
  }

  /** One entry with every reply, for staff, the department's officials and the suggestion's proposers. */
  public Future<JsonObject> entry(Caller caller, long id) {
    return found(LedgerStore.entry(pool, id, false)).compose(row -> LedgerStore.departmentOf(pool, caller.accountId())
        .compose(dept -> {
          boolean handles = dept != null && dept.equals(row.getLong("department_id"));
          Future<Boolean> mayRead = handles || caller.can(Permission.REPORT_MANAGE) ? Future.succeededFuture(true)
              : LedgerStore.isProposer(pool, id, caller.accountId());
          return mayRead.compose(ok -> ok
              ? Future.all(LedgerStore.replies(pool, id), opinions.byId(List.of(row.getArrayOfLongs("sources"))))
                  .map(all -> json(row).put("replies", all.resultAt(0)).put("opinions", opinionsJson(all.resultAt(1)))
                      .put("mayReply", handles).put("maySupervise", leads(caller)))
              : Future.failedFuture(DomainError.forbidden("无权查看此台账事项")));
        }));
  }

  /** The opinions behind an entry, as the report cites them: what the department is asked to act on (screen check P5). */
  private static JsonArray opinionsJson(List<JsonObject> units) {
    JsonArray out = new JsonArray();
    units.stream().sorted(Comparator.comparing((JsonObject u) -> u.getString("at")).thenComparing(u -> u.getLong("id")))
        .forEach(u -> out.add(new JsonObject().put("id", u.getLong("id")).put("text", u.getString("text"))
            .put("label", ReportService.sourceLabel(u, OffsetDateTime.parse(u.getString("at"))))));
    return out;
  }

  public Future<Void> reply(Caller caller, long id, Adoption adoption, String text, AuditLog.By by) {
    return pool.withTransaction(tx -> found(LedgerStore.entry(tx, id, true)).compose(row ->
        LedgerStore.departmentOf(tx, caller.accountId()).compose(dept -> {
          if (dept == null || !dept.equals(row.getLong("department_id"))) {
            return Future.failedFuture(DomainError.forbidden("只有承办单位可以答复"));
          }
          return LedgerStore.reply(tx, id, adoption, text, caller.accountId())
              .compose(x -> AuditLog.record(tx, by, "ledger.reply", "ledger_entry", id,
                  new JsonObject().put("adoption", adoption.name())))
              .compose(x -> LedgerStore.proposers(tx, List.of(row.getArrayOfLongs("sources"))))
              .compose(proposers -> inbox.tell(tx, proposers.stream().filter(p -> p != caller.accountId())
                  .map(p -> new Inbox.Notice(p, "ledger.replied",
                  "您提出的意见有了办理答复",
                  row.getString("department") + "答复“" + excerpt(row.getString("suggestion")) + "”：" + adoption.label()
                      + "。" + excerpt(text), link(id))).toList()));
        }))).map(told -> {
          told.run();
          return null;
        });
  }

  public Future<Void> supervise(Caller caller, long id, boolean on, AuditLog.By by) {
    if (!leads(caller)) {
      return Future.failedFuture(DomainError.forbidden("督办需由主席或副主席决定"));
    }
    return pool.withTransaction(tx -> found(LedgerStore.entry(tx, id, true)).compose(row ->
        LedgerStore.supervise(tx, id, on)
            .compose(x -> AuditLog.record(tx, by, on ? "ledger.supervise" : "ledger.unsupervise", "ledger_entry", id, null))
            .compose(x -> on && !row.getBoolean("supervised")
                ? tellOfficials(tx, row.getLong("department_id"), "ledger.supervised", "交办事项列入督办",
                    "“" + excerpt(row.getString("suggestion")) + "”已列入政协领导督办，办理期限 " + row.getLocalDate("due_on") + "。", id)
                : Future.succeededFuture(Inbox.NOTHING))))
        .map(told -> {
          told.run();
          return null;
        });
  }

  /** Looks for reminders due every interval (first after at most 5 s). */
  public long remindEvery(long millis) {
    return vertx.setPeriodic(Math.min(millis, 5_000), millis, t -> remind()
        .onFailure(e -> LOG.warn("ledger reminders failed", e)));
  }

  /** Sends the reminders now due, each once; answers how many entries they were for. */
  Future<Integer> remind() {
    return pool.withTransaction(tx -> LedgerStore.dueReminders(tx, today(), SOON_DAYS)
        .compose(due -> {
          Future<List<Inbox.Notice>> notices = Future.succeededFuture(new ArrayList<>());
          for (LedgerStore.Reminder r : due) {
            notices = notices.compose(all -> LedgerStore.officials(tx, r.departmentId()).map(officials -> {
              all.addAll(reminders(r, officials));
              return all;
            }));
          }
          return notices.compose(all -> inbox.tell(tx, all)).map(told -> new Reminded(due.size(), told));
        }))
        .map(r -> {
          r.told().run();
          return r.entries();
        });
  }

  private record Reminded(int entries, Runnable told) {}

  /** One reminder's notices: to the department's officials, and when overdue to the staff who handed it over. */
  static List<Inbox.Notice> reminders(LedgerStore.Reminder r, List<Long> officials) {
    boolean overdue = r.state().equals("OVERDUE");
    String kind = overdue ? "ledger.overdue" : "ledger.due-soon";
    String title = overdue ? "交办事项已超期" : "交办事项即将到期";
    String body = "“" + excerpt(r.suggestion()) + "”办理期限 " + r.dueOn() + (overdue ? "，已超期，请尽快答复。" : "，请按时答复。");
    List<Inbox.Notice> out = new ArrayList<>();
    officials.forEach(o -> out.add(new Inbox.Notice(o, kind, title, body, link(r.id()))));
    if (overdue && r.createdBy() != null) {
      out.add(new Inbox.Notice(r.createdBy(), kind, title, body, link(r.id())));
    }
    return out;
  }

  private Future<Runnable> tellOfficials(SqlConnection tx, long departmentId, String kind, String title, String body,
                                        long entryId) {
    return LedgerStore.officials(tx, departmentId).compose(officials -> inbox.tell(tx,
        officials.stream().map(o -> new Inbox.Notice(o, kind, title, body, link(entryId))).toList()));
  }

  private static boolean leads(Caller caller) {
    return caller.can(Permission.REPORT_REVIEW);
  }

  private static Future<Row> found(Future<Optional<Row>> row) {
    return row.compose(r -> r.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(DomainError.notFound("台账事项"))));
  }

  static String link(long entryId) {
    return "/ledger/" + entryId;
  }

  static String excerpt(String text) {
    return Inbox.excerpt(text, EXCERPT);
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ChinaTime.ZONE));
  }

  private JsonArray json(List<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(json(r)));
    return out;
  }

  private JsonObject json(Row r) {
    String a = r.getString("adoption");
    Adoption adoption = a == null ? null : Adoption.valueOf(a);
    LocalDate due = r.getLocalDate("due_on");
    boolean settled = adoption != null && adoption != Adoption.IN_PROGRESS;
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("reportId", r.getLong("report_id"))
        .put("reportTitle", r.getString("report_title"))
        .put("suggestion", r.getString("suggestion"))
        .put("sources", r.getArrayOfLongs("sources").length)
        .put("departmentId", r.getLong("department_id"))
        .put("department", r.getString("department"))
        .put("dueOn", due.toString())
        .put("adoption", a)
        .put("adoptionLabel", adoption == null ? "待答复" : adoption.label())
        .put("latestReply", r.getString("latest_reply"))
        .put("repliedAt", r.getOffsetDateTime("replied_at") == null ? null : r.getOffsetDateTime("replied_at").toInstant().toString())
        .put("supervised", r.getBoolean("supervised"))
        .put("overdue", !settled && due.isBefore(today()))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
  }
}
