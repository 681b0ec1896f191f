package org.xieshang.forum;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.xieshang.identity.Caller;
import org.xieshang.inbox.Inbox;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.util.List;
import java.util.Optional;

import static org.xieshang.forum.ForumViews.postJson;
import static org.xieshang.forum.ForumViews.statementJson;

/**
 * Reports of abuse and the moderators' work on a theme: the queue (held texts and open reports), and
 * their acts (APPROVE, HIDE, RESTORE, DISMISS), decided by the pure Moderation, written with the audit
 * record and the author's notice in one transaction, then announced on the theme.
 */
public final class ModerationService {
  /**
   * A moderator's act on a text: their standing, the text (null when it is not in the theme), its status,
   * the status it takes, and how to push the author's notice once committed.
   */
  private record Act(ForumParticipation.Standing s, String targetType, Row text, PostStatus from, PostStatus to,
                     Runnable told) {
    static Act of(ForumParticipation.Standing s, String targetType, Optional<Row> text) {
      return new Act(s, targetType, text.orElse(null), text.map(PostStatus::of).orElse(null), null, Inbox.NOTHING);
    }

    /** The act decided (Moderation.decide); fails the step when the act may not be done. */
    Act deciding(Moderation.Action action) {
      return new Act(s, targetType, text, from, Moderation.decide(s.me().moderator(), from, action), told);
    }

    Act told(Runnable push) {
      return new Act(s, targetType, text, from, to, push);
    }

    long targetId() {
      return text.getLong("id");
    }
  }

  /** A report being filed: the reporter's standing and the reported text. */
  private record Filing(ForumParticipation.Standing s, Row text) {}

  private final Pool db;
  private final Inbox inbox;
  private final ForumParticipation participation;
  private final ForumEvents events;
  private final int reportsToHold;

  ModerationService(Pool db, Inbox inbox, ForumParticipation participation, ForumEvents events, int reportsToHold) {
    this.db = db;
    this.inbox = inbox;
    this.participation = participation;
    this.events = events;
    this.reportsToHold = reportsToHold;
  }

  /**
   * Records a report (one per person per text; a second replaces the reason). When the open reports
   * on a shown text reach {@code reportsToHold}, it is held for a moderator at once, as Decidim hides
   * a resource after three reports: a moderator then approves it (which also resolves the reports) or
   * hides it. The text's row is locked first, so that reports arriving together are counted together.
   */
  public Future<Void> report(Caller caller, long themeId, String targetType, long targetId, String reason,
                             AuditLog.By by) {
    return participation.standing(caller, themeId)
        .compose(s -> target(themeId, targetType, targetId).map(text -> new Filing(s, text)))
        .compose(f -> db.withTransaction(tx -> file(tx, f, targetType, caller, reason, by)))
        .onSuccess(Runnable::run)
        .onSuccess(pushed -> events.moderationChanged(themeId))
        .mapEmpty();
  }

  /** Files the report in its transaction and holds the text when it is the report that reaches the threshold. */
  private Future<Runnable> file(SqlConnection tx, Filing f, String targetType, Caller caller, String reason,
                                AuditLog.By by) {
    long themeId = f.s().theme().id();
    long targetId = f.text().getLong("id");
    return ForumStore.lockStatus(tx, targetType, targetId)
        .compose(status -> ForumStore.insertReport(tx, themeId, targetType, targetId, caller.accountId(), reason).map(status))
        .compose(status -> openReports(tx, targetType, targetId).map(n -> Moderation.holdsOnReport(status, n, reportsToHold)))
        .compose(holds -> holds ? hold(tx, f.s().theme(), targetType, f.text(), by)
            : Future.succeededFuture(Inbox.NOTHING));
  }

  /** Whether a text has as many open reports as hold it for a moderator. */
  Future<Boolean> heldOnReports(SqlConnection tx, String targetType, long targetId) {
    return openReports(tx, targetType, targetId).map(n -> Moderation.heldOnReports(n, reportsToHold));
  }

  /** A text's open reports, not counted when reports never hold a text. */
  private Future<Long> openReports(SqlConnection tx, String targetType, long targetId) {
    return Moderation.reportsCount(reportsToHold) ? ForumStore.openReportCount(tx, targetType, targetId)
        : Future.succeededFuture(0L);
  }

  /** Holds a shown text on reports; answers what to do once the transaction commits. */
  private Future<Runnable> hold(SqlConnection tx, Theme theme, String targetType, Row text, AuditLog.By by) {
    long targetId = text.getLong("id");
    return ForumStore.setStatus(tx, targetType, targetId, PostStatus.PENDING, Moderation.heldReason(reportsToHold))
        .compose(v -> AuditLog.record(tx, new AuditLog.By(null, by.requestId()), "forum.moderate.hold",
            ForumStore.table(targetType), targetId,
            new JsonObject().put("from", PostStatus.VISIBLE.name()).put("to", PostStatus.PENDING.name())
                .put("reports", reportsToHold)))
        .compose(v -> tell(tx, theme, targetType, text, PostStatus.VISIBLE, PostStatus.PENDING, null))
        .map(told -> () -> {
          events.removed(theme.id(), targetType, targetId);
          told.run();
        });
  }

  /** Writes the author's notice of a moderation act in its transaction; answers how to push it after commit. */
  private Future<Runnable> tell(SqlConnection tx, Theme theme, String targetType, Row text, PostStatus from,
                                PostStatus to, String reason) {
    String words = targetType.equals("POST") && text.getString("title") != null ? text.getString("title")
        : text.getString("body");
    return inbox.tell(tx, ModerationNotice.of(theme, targetType, text.getLong("account_id"), words, from, to, reason)
        .stream().toList());
  }

  /** Audits a text held on flagged words, in the transaction that writes it; answers the text's id. */
  static Future<Long> auditHeld(SqlConnection tx, AuditLog.By by, String action, String table, long id,
                                List<String> flagged) {
    return flagged.isEmpty() ? Future.succeededFuture(id)
        : AuditLog.record(tx, by, action, table, id, new JsonObject().put("words", new JsonArray(flagged))).map(id);
  }

  /** Held posts and statements, and the open reports with what each reported. */
  public Future<JsonObject> moderationQueue(Caller caller, long themeId) {
    return participation.moderator(caller, themeId)
        .compose(s -> queue(themeId, s.me()));
  }

  private Future<JsonObject> queue(long themeId, Participant me) {
    return Future.all(ForumStore.pendingPosts(db, themeId), ForumStore.pendingStatements(db, themeId),
            ForumStore.openReports(db, themeId))
        .map(all -> queueJson(all, me))
        .compose(queue -> reportedTexts(queue.getJsonArray("reports"), me).map(queue));
  }

  private static JsonObject queueJson(CompositeFuture all, Participant me) {
    JsonArray posts = new JsonArray();
    all.<List<Row>>resultAt(0).forEach(r -> posts.add(postJson(r, me)));
    JsonArray statements = new JsonArray();
    all.<List<Row>>resultAt(1).forEach(r -> statements.add(statementJson(r, me)));
    return new JsonObject().put("posts", posts).put("statements", statements).put("reports", all.<JsonArray>resultAt(2));
  }

  /**
   * Puts on each report what was reported, as the moderator sees it (text, author, kind), and for a
   * reply the title of its thread: "帖子 #6" alone says nothing to decide on. One report after another.
   */
  private Future<Void> reportedTexts(JsonArray reports, Participant me) {
    Future<Void> f = Future.succeededFuture();
    for (Object o : reports) {
      JsonObject report = (JsonObject) o;
      f = f.compose(x -> "POST".equals(report.getString("targetType")) ? reportedPost(report, me)
          : reportedStatement(report, me));
    }
    return f;
  }

  private Future<Void> reportedPost(JsonObject report, Participant me) {
    long id = report.getLong("targetId");
    return ForumStore.post(db, id)
        .map(row -> row.map(r -> postJson(r, me)))
        .onSuccess(post -> post.ifPresent(p -> report.put("target", p)))
        .compose(post -> threadTitle(report, post.map(p -> p.getLong("threadId")).orElse(null), id));
  }

  private Future<Void> threadTitle(JsonObject report, Long thread, long id) {
    return thread == null || thread == id ? Future.succeededFuture()
        : ForumStore.post(db, thread)
            .onSuccess(t -> t.ifPresent(tr -> report.put("threadTitle", tr.getString("title"))))
            .mapEmpty();
  }

  private Future<Void> reportedStatement(JsonObject report, Participant me) {
    return ForumStore.statement(db, report.getLong("targetId"))
        .map(row -> row.map(r -> statementJson(r, me)))
        .onSuccess(statement -> statement.ifPresent(json -> report.put("target", json)))
        .mapEmpty();
  }

  /**
   * APPROVE a held text, HIDE one with a reason, RESTORE a hidden one, or DISMISS the reports on it
   * (Moderation.decide). The status and its reason are written only when the status changes: dismissing
   * the reports on a hidden text keeps why it was hidden.
   */
  public Future<Void> moderate(Caller caller, long themeId, String targetType, long targetId, Moderation.Action action,
                               String reason, AuditLog.By by) {
    return participation.standing(caller, themeId)
        .compose(s -> textInTheme(themeId, targetType, targetId).map(text -> Act.of(s, targetType, text)))
        .map(act -> act.deciding(action))
        .compose(act -> db.withTransaction(tx -> write(tx, act, action, reason, caller, by)).map(act::told))
        .compose(act -> announce(act).map(act))
        .onSuccess(act -> act.told().run())
        .onSuccess(act -> events.moderationChanged(themeId))
        .mapEmpty();
  }

  /** The act, its audit record and the author's notice, in one transaction; answers how to push the notice. */
  private Future<Runnable> write(SqlConnection tx, Act act, Moderation.Action action, String reason, Caller caller,
                                 AuditLog.By by) {
    String type = act.targetType();
    long id = act.targetId();
    Future<Void> status = act.to() == act.from() ? Future.succeededFuture()
        : ForumStore.setStatus(tx, type, id, act.to(), action == Moderation.Action.HIDE ? reason : null);
    return status
        .compose(x -> ForumStore.resolveReports(tx, type, id, caller.accountId()))
        .compose(resolved -> AuditLog.record(tx, by, action.audited(), ForumStore.table(type), id,
            new JsonObject().put("from", act.from().name()).put("to", act.to().name()).put("reason", reason)
                .put("reportsResolved", resolved)))
        .compose(x -> tell(tx, act.s().theme(), type, act.text(), act.from(), act.to(), reason));
  }

  /** Tells the theme's readers a text was shown again or is no longer shown. */
  private Future<Void> announce(Act act) {
    long themeId = act.s().theme().id();
    if (act.from() == act.to()) {
      return Future.succeededFuture();
    }
    if (act.to() != PostStatus.VISIBLE) {
      events.removed(themeId, act.targetType(), act.targetId());
      return Future.succeededFuture();
    }
    return act.targetType().equals("POST")
        ? ForumStore.post(db, act.targetId())
            .map(r -> postJson(r.orElseThrow(), null))
            .onSuccess(post -> events.postShown(themeId, post))
            .mapEmpty()
        : ForumStore.statement(db, act.targetId())
            .map(r -> statementJson(r.orElseThrow(), null))
            .onSuccess(statement -> events.statementShown(themeId, statement))
            .mapEmpty();
  }

  private Future<Row> target(long themeId, String targetType, long targetId) {
    return textInTheme(themeId, targetType, targetId)
        .compose(r -> r.isPresent() ? Future.succeededFuture(r.get())
            : Future.failedFuture(DomainError.invalid("targetId", "该主题中没有这条内容")));
  }

  /** The post or statement, when it is in the theme. */
  private Future<Optional<Row>> textInTheme(long themeId, String targetType, long targetId) {
    Future<Optional<Row>> row = targetType.equals("POST") ? ForumStore.post(db, targetId)
        : ForumStore.statement(db, targetId);
    return row.map(r -> r.filter(found -> found.getLong("theme_id") == themeId));
  }
}
