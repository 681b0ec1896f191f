package org.xieshang.forum;

import org.xieshang.platform.http.Attachment;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.xieshang.identity.Caller;
import org.xieshang.inbox.Inbox;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.RateLimiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Online themed deliberation (网络主题议政, RULES.md Art. 16): the rules of who may read and take part,
 * posting with moderation, statements and votes, reports of abuse, search. Every moderation act is
 * written to the audit log in the same transaction as the act.
 */
public final class ForumService {
  static final int MAX_DEPTH = 3;

  /** Limits read from conf (forum.*). */
  /** reportsToHold: open reports by different people that hold a shown text for a moderator (0: never) */
  public record Limits(int postsPerMinute, int votesPerMinute, int attachmentMaxBytes, int attachmentsPerPost,
                       int reportsToHold) {}

  /** A caller's standing in a theme, with the theme itself. */
  record Standing(Theme theme, Participant me) {}

  private final Pool pool;
  private final Inbox inbox;
  private final Clock clock;
  private final SensitiveWords words;
  private final ForumEvents events;
  private final VoteWriter votes;
  private final Limits limits;
  private final RateLimiter postLimiter;
  private final RateLimiter voteLimiter;
  private final Cache<Long, Theme> themes = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5))
      .maximumSize(10_000).build();
  private final Cache<String, Participant> standings = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30))
      .maximumSize(200_000).build();
  private final Cache<String, Long> participantIds = Caffeine.newBuilder().maximumSize(200_000).build();
  /** statement → theme; statements never move, so this needs no invalidation */
  private final Cache<Long, Long> statementThemes = Caffeine.newBuilder().maximumSize(200_000).build();

  public ForumService(Vertx vertx, Pool pool, Inbox inbox, Clock clock, SensitiveWords words, Limits limits) {
    this.pool = pool;
    this.inbox = inbox;
    this.clock = clock;
    this.words = words;
    this.limits = limits;
    this.events = new ForumEvents(vertx);
    this.votes = new VoteWriter(vertx, pool, events::counts);
    this.postLimiter = new RateLimiter(limits.postsPerMinute(), Duration.ofMinutes(1), clock::millis);
    this.voteLimiter = new RateLimiter(limits.votesPerMinute(), Duration.ofMinutes(1), clock::millis);
  }

  Pool pool() {
    return pool;
  }

  // ---- themes

  public Future<Long> createTheme(Caller caller, String title, String topic, String description, Long activityId,
                                  long committeeId, OffsetDateTime opensAt, OffsetDateTime closesAt,
                                  String visibility, boolean premoderatePublic, AuditLog.By by) {
    return pool.withTransaction(tx -> ForumStore.insertTheme(tx, title, topic, description, activityId, committeeId,
            opensAt, closesAt, visibility, premoderatePublic, caller.accountId())
        .recover(e -> Future.failedFuture(e.getMessage() != null && e.getMessage().contains("foreign key")
            ? DomainError.invalid(e.getMessage().contains("activity") ? "activityId" : "committeeId", "不存在")
            : e))
        .compose(id -> AuditLog.record(tx, by, "forum.theme.create", "forum_theme", id,
            new JsonObject().put("title", title).put("visibility", visibility)).map(id)));
  }

  /** The themes the caller may read, newest first. */
  public Future<JsonArray> themes(Caller caller) {
    return ForumStore.themes(pool, caller.accountId()).compose(rows -> ForumStore.facts(pool, caller.accountId(), null)
        .map(facts -> {
          JsonArray out = new JsonArray();
          Instant now = clock.instant();
          for (Row r : rows) {
            Theme t = Theme.of(r);
            Participant p = Participant.of(t, caller, facts.phoneVerified(), r.getBoolean("drawn"),
                facts.organizationId(), facts.sectorId());
            if (p.mayTakePart() || p.moderator()) {
              out.add(Theme.json(r, now).put("posts", r.getLong("posts")).put("statements", r.getLong("statements")));
            }
          }
          return out;
        }));
  }

  public Future<JsonObject> theme(Caller caller, long themeId) {
    return standing(caller, themeId).compose(s -> Future.all(ForumStore.theme(pool, themeId),
            ForumStore.threads(pool, themeId))
        .map(all -> {
          Row themeRow = all.<Optional<Row>>resultAt(0).orElseThrow();
          JsonArray threads = new JsonArray();
          for (Row r : all.<List<Row>>resultAt(1)) {
            if (visibleTo(r, s.me())) {
              threads.add(postJson(r, s.me()).put("replies", r.getLong("replies")));
            }
          }
          return Theme.json(themeRow, clock.instant())
              .put("threads", threads)
              .put("me", new JsonObject().put("authorKind", s.me().kind().name())
                  .put("authorKindLabel", s.me().kind().label())
                  .put("moderator", s.me().moderator()).put("guide", s.me().guide())
                  .put("heldForModeration", s.me().heldForModeration(s.theme())));
        }));
  }

  /** Loads (or takes from the cache) the caller's standing; fails when they may not read the theme. */
  Future<Standing> standing(Caller caller, long themeId) {
    return theme(themeId).compose(theme -> {
      String key = themeId + ":" + caller.accountId();
      Participant cached = standings.getIfPresent(key);
      Future<Participant> p = cached != null ? Future.succeededFuture(cached)
          : ForumStore.facts(pool, caller.accountId(), theme.activityId()).map(f -> {
            Participant made = Participant.of(theme, caller, f.phoneVerified(), f.drawn(), f.organizationId(), f.sectorId());
            standings.put(key, made);
            return made;
          });
      return p.compose(me -> me.mayTakePart() || me.moderator() ? Future.succeededFuture(new Standing(theme, me))
          : Future.failedFuture(DomainError.forbidden(theme.publicVisible()
              ? "参与网络议政需先验证手机号" : "该主题仅向政协委员开放")));
    });
  }

  private Future<Theme> theme(long themeId) {
    Theme cached = themes.getIfPresent(themeId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return ForumStore.theme(pool, themeId).compose(row -> row.isEmpty()
        ? Future.failedFuture(DomainError.notFound("主题 " + themeId))
        : Future.succeededFuture(Theme.of(row.get()))).onSuccess(t -> themes.put(themeId, t));
  }

  private Future<Long> participantId(Standing s) {
    String key = s.theme().id() + ":" + s.me().accountId();
    Long cached = participantIds.getIfPresent(key);
    return cached != null ? Future.succeededFuture(cached)
        : ForumStore.participant(pool, s.theme().id(), s.me()).onSuccess(id -> participantIds.put(key, id));
  }

  /** Taking part (posting, voting) needs the theme open and the caller allowed, within the rate. */
  private Future<Standing> takingPart(Caller caller, long themeId, RateLimiter limiter) {
    return standing(caller, themeId).compose(s -> {
      if (!s.theme().isOpen(clock.instant())) {
        return Future.failedFuture(DomainError.conflict("theme-closed",
            "NOT_OPEN".equals(s.theme().state(clock.instant())) ? "主题尚未开始" : "主题已结束", "themeId", "主题不在开放时间内"));
      }
      if (!s.me().mayTakePart()) {
        return Future.failedFuture(DomainError.forbidden("不能在该主题发言"));
      }
      long wait = limiter.acquire(Long.toString(caller.accountId()));
      return wait > 0 ? Future.failedFuture(DomainError.rateLimited(wait, "操作过于频繁，请稍后再试"))
          : Future.succeededFuture(s);
    });
  }

  // ---- posts

  /** A thread (no parent), a reply, or pinned guidance; held for moderation when the rules say so. */
  public Future<JsonObject> createPost(Caller caller, long themeId, Long parentId, String title, String body,
                                       boolean guidance, String idempotencyKey, AuditLog.By by) {
    return takingPart(caller, themeId, postLimiter).compose(s -> {
      if (guidance && !s.me().guide()) {
        return Future.failedFuture(DomainError.forbidden("只有主席会议成员和专委会负责人可以发布引导"));
      }
      Future<Optional<Row>> parent = parentId == null ? Future.succeededFuture(Optional.empty())
          : ForumStore.post(pool, parentId);
      return parent.compose(p -> {
        if (parentId != null) {
          Row r = p.filter(row -> row.getLong("theme_id") == themeId).orElse(null);
          if (r == null || PostStatus.of(r) != PostStatus.VISIBLE) {
            return Future.failedFuture(DomainError.invalid("parentId", "要回复的帖子不存在或不可见"));
          }
          if (r.getInteger("depth") >= MAX_DEPTH) {
            return Future.failedFuture(DomainError.invalid("parentId", "回复层级最多 " + MAX_DEPTH + " 层"));
          }
        }
        List<String> flagged = words.find((title == null ? "" : title) + "\n" + body);
        PostStatus status = PostStatus.written(!flagged.isEmpty() || s.me().heldForModeration(s.theme()));
        Row pr = p.orElse(null);
        Long threadId = pr == null ? null : pr.getLong("thread_id") != null ? pr.getLong("thread_id") : pr.getLong("id");
        String kind = guidance ? "GUIDANCE" : pr == null ? "THREAD" : "REPLY";
        return participantId(s).compose(pid -> pool.withTransaction(tx -> ForumStore.insertPost(tx,
                    new ForumStore.NewPost(themeId, threadId, parentId, pr == null ? 0 : pr.getInteger("depth") + 1,
                        kind, pr == null ? title : null, body, pid, status, flagged, idempotencyKey))
                .compose(id -> flagged.isEmpty() ? Future.succeededFuture(id)
                    : AuditLog.record(tx, by, "forum.post.held", "forum_post", id,
                        new JsonObject().put("words", new JsonArray(flagged))).map(id))))
            .compose(id -> ForumStore.post(pool, id))
            .map(row -> {
              JsonObject json = postJson(row.orElseThrow(), s.me());
              if (PostStatus.of(row.get()) == PostStatus.VISIBLE) {
                events.postShown(themeId, postJson(row.get(), null));
              } else {
                events.moderationChanged(themeId);
              }
              return json;
            });
      });
    });
  }

  public Future<JsonArray> thread(Caller caller, long threadId) {
    return ForumStore.post(pool, threadId).compose(root -> {
      Row r = root.filter(row -> row.getValue("parent_id") == null).orElse(null);
      if (r == null) {
        return Future.failedFuture(DomainError.notFound("主题帖 " + threadId));
      }
      return standing(caller, r.getLong("theme_id")).compose(s -> ForumStore.thread(pool, threadId).map(rows -> {
        JsonArray out = new JsonArray();
        rows.stream().filter(row -> visibleTo(row, s.me())).forEach(row -> out.add(postJson(row, s.me())));
        return out;
      }));
    });
  }

  /** The author edits their own post while the theme is open; the old text is kept as a version. */
  public Future<JsonObject> editPost(Caller caller, long postId, String title, String body, AuditLog.By by) {
    return ownPost(caller, postId).compose(found -> takingPart(caller, found.row().getLong("theme_id"), postLimiter)
        .compose(s -> {
          PostStatus status = PostStatus.of(found.row());
          if (status != PostStatus.VISIBLE && status != PostStatus.PENDING) {
            return Future.<JsonObject>failedFuture(DomainError.conflict("post-not-editable", "帖子已撤回或被隐藏，不能修改",
                "id", "状态为 " + status));
          }
          String newTitle = found.row().getValue("parent_id") == null ? (title != null ? title : found.row().getString("title")) : null;
          List<String> flagged = words.find((newTitle == null ? "" : newTitle) + "\n" + body);
          boolean held = !flagged.isEmpty() || s.me().heldForModeration(s.theme());
          long themeId = s.theme().id();
          // a post held on reports stays held when its author edits it: only a moderator releases it
          return pool.withTransaction(tx -> ForumStore.lockStatus(tx, "POST", postId)
                  .compose(x -> heldOnReports(tx, "POST", postId))
                  .compose(reported -> {
                    PostStatus newStatus = PostStatus.written(held || reported);
                    return ForumStore.editPost(tx, postId, newTitle, body, newStatus, flagged)
                        .compose(x -> AuditLog.record(tx, by, "forum.post.edit", "forum_post", postId,
                            new JsonObject().put("status", newStatus.name()).put("words", new JsonArray(flagged))))
                        .map(newStatus);
                  }))
              .compose(x -> ForumStore.post(pool, postId))
              .map(row -> {
                if (PostStatus.of(row.orElseThrow()) == PostStatus.VISIBLE) {
                  events.postShown(themeId, postJson(row.orElseThrow(), null));
                } else if (status == PostStatus.VISIBLE) {
                  events.removed(themeId, "POST", postId);
                }
                return postJson(row.orElseThrow(), s.me());
              });
        }));
  }

  public Future<Void> withdrawPost(Caller caller, long postId, AuditLog.By by) {
    return ownPost(caller, postId).compose(found -> {
      long themeId = found.row().getLong("theme_id");
      return pool.withTransaction(tx -> ForumStore.setStatus(tx, "POST", postId, PostStatus.WITHDRAWN, null)
              .compose(x -> AuditLog.record(tx, by, "forum.post.withdraw", "forum_post", postId, null)))
          .onSuccess(x -> events.removed(themeId, "POST", postId));
    });
  }

  public Future<JsonArray> versions(Caller caller, long postId) {
    return readablePost(caller, postId).compose(found -> found.me().moderator() || found.mine()
        || PostStatus.of(found.row()) == PostStatus.VISIBLE
        ? ForumStore.versions(pool, postId)
        : Future.failedFuture(DomainError.notFound("帖子 " + postId)));
  }

  public Future<Void> feature(Caller caller, long postId, boolean featured, AuditLog.By by) {
    return readablePost(caller, postId).compose(found -> {
      if (!found.me().guide()) {
        return Future.failedFuture(DomainError.forbidden("只有主席会议成员和专委会负责人可以推荐帖子"));
      }
      return pool.withTransaction(tx -> ForumStore.feature(tx, postId, featured)
          .compose(x -> AuditLog.record(tx, by, featured ? "forum.post.feature" : "forum.post.unfeature",
              "forum_post", postId, null)));
    });
  }

  public Future<JsonObject> attach(Caller caller, long postId, Attachment file, AuditLog.By by) {
    return ownPost(caller, postId)
        .compose(found -> takingPart(caller, found.row().getLong("theme_id"), postLimiter).map(found))
        .compose(found -> pool.withTransaction(tx -> ForumStore.attachmentCount(tx, postId)
            .compose(n -> n >= limits.attachmentsPerPost()
                ? Future.failedFuture(DomainError.conflict("too-many-attachments", "附件数量已达上限", "data",
                    "每帖最多 " + limits.attachmentsPerPost() + " 个附件"))
                : ForumStore.insertAttachment(tx, postId, file.fileName(), file.mediaType(), file.data()))
            .compose(id -> AuditLog.record(tx, by, "forum.attachment.add", "forum_post", postId,
                new JsonObject().put("attachmentId", id).put("size", file.data().length)).map(id))))
        .map(id -> new JsonObject().put("id", id).put("fileName", file.fileName()).put("mediaType", file.mediaType())
            .put("size", file.data().length));
  }

  public Future<Attachment> attachment(Caller caller, long id) {
    return ForumStore.attachment(pool, id).compose(row -> {
      if (row.isEmpty()) {
        return Future.failedFuture(DomainError.notFound("附件 " + id));
      }
      Row r = row.get();
      return readablePost(caller, r.getLong("post_id")).compose(found -> found.mine() || found.me().moderator()
          || PostStatus.of(found.row()) == PostStatus.VISIBLE
          ? Future.succeededFuture(new Attachment(r.getString("file_name"), r.getString("media_type"),
              r.getBuffer("data").getBytes()))
          : Future.failedFuture(DomainError.notFound("附件 " + id)));
    });
  }

  private record FoundPost(Row row, Participant me, boolean mine) {}

  private Future<FoundPost> readablePost(Caller caller, long postId) {
    return ForumStore.post(pool, postId).compose(row -> row.isEmpty()
        ? Future.failedFuture(DomainError.notFound("帖子 " + postId))
        : standing(caller, row.get().getLong("theme_id")).map(s -> new FoundPost(row.get(), s.me(),
            Long.valueOf(caller.accountId()).equals(row.get().getLong("account_id")))));
  }

  private Future<FoundPost> ownPost(Caller caller, long postId) {
    return readablePost(caller, postId).compose(f -> f.mine() ? Future.succeededFuture(f)
        : Future.failedFuture(DomainError.forbidden("只能修改或撤回自己的帖子")));
  }

  // ---- statements and votes

  public Future<JsonArray> statements(Caller caller, long themeId) {
    return standing(caller, themeId).compose(s -> participantId(s)
        .compose(pid -> ForumStore.statements(pool, themeId, pid))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.stream().filter(r -> statementVisibleTo(r, s.me())).forEach(r -> out.add(statementJson(r, s.me())));
          return out;
        }));
  }

  public Future<JsonObject> createStatement(Caller caller, long themeId, String body, String idempotencyKey,
                                            AuditLog.By by) {
    return takingPart(caller, themeId, postLimiter).compose(s -> {
      List<String> flagged = words.find(body);
      PostStatus status = PostStatus.written(!flagged.isEmpty() || s.me().heldForModeration(s.theme()));
      return participantId(s).compose(pid -> pool.withTransaction(tx -> ForumStore.insertStatement(tx, themeId, pid,
                  body, status, flagged, null, idempotencyKey, null)
              .compose(id -> flagged.isEmpty() ? Future.succeededFuture(id)
                  : AuditLog.record(tx, by, "forum.statement.held", "forum_statement", id,
                      new JsonObject().put("words", new JsonArray(flagged))).map(id))))
          .compose(id -> ForumStore.statement(pool, id))
          .map(row -> {
            Row r = row.orElseThrow();
            if (PostStatus.of(r) == PostStatus.VISIBLE) {
              events.statementShown(themeId, statementJson(r, null));
            } else {
              events.moderationChanged(themeId);
            }
            return statementJson(r, s.me());
          });
    });
  }

  /** The next statement for the caller to vote on, or null when they have voted on all. */
  public Future<JsonObject> next(Caller caller, long themeId) {
    return standing(caller, themeId).compose(s -> participantId(s)
        .compose(pid -> ForumStore.unvoted(pool, themeId, pid))
        .map(rows -> {
          List<NextStatement.Candidate> candidates = new ArrayList<>();
          rows.forEach(r -> candidates.add(new NextStatement.Candidate(r.getLong("id"), r.getInteger("agree"),
              r.getInteger("disagree"), r.getInteger("pass"))));
          return NextStatement.pick(candidates, ThreadLocalRandom.current())
              .map(c -> rows.stream().filter(r -> r.getLong("id") == c.id()).findFirst().orElseThrow())
              .map(r -> statementJson(r, s.me()).put("remaining", rows.size()))
              .orElse(null);
        }));
  }

  /** Agree 1, disagree -1, pass 0; succeeds once committed. {@code inTheme}, when given, must be the statement's theme. */
  public Future<Void> vote(Caller caller, Long inTheme, long statementId, int value) {
    Long known = statementThemes.getIfPresent(statementId);
    Future<Long> themeId = known != null ? Future.succeededFuture(known)
        : ForumStore.statement(pool, statementId).compose(row -> row.isEmpty()
            ? Future.failedFuture(DomainError.notFound("表述 " + statementId))
            : Future.succeededFuture(row.get().getLong("theme_id"))).onSuccess(t -> statementThemes.put(statementId, t));
    return themeId.compose(t -> inTheme != null && inTheme != t.longValue()
        ? Future.failedFuture(DomainError.invalid("statementId", "该表述不属于这个主题"))
        : takingPart(caller, t, voteLimiter)
        .compose(s -> participantId(s))
        .compose(pid -> votes.cast(new VoteWriter.Vote(t, statementId, pid, value))));
  }

  // ---- moderation

  /**
   * Records a report (one per person per text; a second replaces the reason). When the open reports
   * on a shown text reach {@code reportsToHold}, it is held for a moderator at once, as Decidim hides
   * a resource after three reports: a moderator then approves it (which also resolves the reports) or
   * hides it. The text's row is locked first, so that reports arriving together are counted together.
   */
  public Future<Void> report(Caller caller, long themeId, String targetType, long targetId, String reason,
                             AuditLog.By by) {
    return standing(caller, themeId).compose(s -> target(themeId, targetType, targetId)
        .compose(row -> pool.withTransaction(tx -> ForumStore.lockStatus(tx, targetType, targetId)
            .compose(status -> ForumStore.insertReport(tx, themeId, targetType, targetId, caller.accountId(), reason)
                .compose(v -> openReports(tx, targetType, targetId))
                .compose(open -> Moderation.holdsOnReport(status, open, limits.reportsToHold())
                    ? hold(tx, s.theme(), targetType, row, by) : Future.succeededFuture(Inbox.NOTHING))))))
        .map(afterCommit -> {
          afterCommit.run();
          events.moderationChanged(themeId);
          return null;
        });
  }


  /** Whether a text has as many open reports as hold it for a moderator. */
  private Future<Boolean> heldOnReports(SqlConnection tx, String targetType, long targetId) {
    return openReports(tx, targetType, targetId).map(n -> Moderation.heldOnReports(n, limits.reportsToHold()));
  }

  /** A text's open reports, not counted when reports never hold a text. */
  private Future<Long> openReports(SqlConnection tx, String targetType, long targetId) {
    return Moderation.reportsCount(limits.reportsToHold()) ? ForumStore.openReportCount(tx, targetType, targetId)
        : Future.succeededFuture(0L);
  }

  /** Holds a shown text on reports; answers what to do once the transaction commits. */
  private Future<Runnable> hold(SqlConnection tx, Theme theme, String targetType, Row text, AuditLog.By by) {
    int reports = limits.reportsToHold();
    long targetId = text.getLong("id");
    return ForumStore.setStatus(tx, targetType, targetId, PostStatus.PENDING, Moderation.heldReason(reports))
        .compose(v -> AuditLog.record(tx, new AuditLog.By(null, by.requestId()), "forum.moderate.hold",
            ForumStore.table(targetType), targetId,
            new JsonObject().put("from", PostStatus.VISIBLE.name()).put("to", PostStatus.PENDING.name()).put("reports", reports)))
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

  public Future<JsonObject> moderationQueue(Caller caller, long themeId) {
    return moderator(caller, themeId).compose(s -> Future.all(ForumStore.pendingPosts(pool, themeId),
            ForumStore.pendingStatements(pool, themeId), ForumStore.openReports(pool, themeId))
        .map(all -> {
          JsonArray posts = new JsonArray();
          all.<List<Row>>resultAt(0).forEach(r -> posts.add(postJson(r, s.me())));
          JsonArray statements = new JsonArray();
          all.<List<Row>>resultAt(1).forEach(r -> statements.add(statementJson(r, s.me())));
          return new JsonObject().put("posts", posts).put("statements", statements)
              .put("reports", all.<JsonArray>resultAt(2));
        })
        .compose(queue -> reportedTexts(queue.getJsonArray("reports"), s.me()).map(queue)));
  }

  /**
   * Puts on each report what was reported, as the moderator sees it (text, author, kind), and for a
   * reply the title of its thread: "帖子 #6" alone says nothing to decide on.
   */
  private Future<Void> reportedTexts(JsonArray reports, Participant me) {
    Future<Void> f = Future.succeededFuture();
    for (Object o : reports) {
      JsonObject report = (JsonObject) o;
      long id = report.getLong("targetId");
      f = f.compose(x -> "POST".equals(report.getString("targetType"))
          ? ForumStore.post(pool, id).compose(row -> {
            if (row.isEmpty()) {
              return Future.succeededFuture();
            }
            JsonObject post = postJson(row.get(), me);
            report.put("target", post);
            Long thread = post.getLong("threadId");
            return thread == null || thread == id ? Future.succeededFuture()
                : ForumStore.post(pool, thread).map(t -> {
                  t.ifPresent(tr -> report.put("threadTitle", tr.getString("title")));
                  return null;
                });
          })
          : ForumStore.statement(pool, id).map(row -> {
            row.ifPresent(r -> report.put("target", statementJson(r, me)));
            return null;
          }));
    }
    return f;
  }

  /**
   * APPROVE a held text, HIDE one with a reason, RESTORE a hidden one, or DISMISS the reports on it
   * (Moderation.decide). The status and its reason are written only when the status changes: dismissing
   * the reports on a hidden text keeps why it was hidden.
   */
  public Future<Void> moderate(Caller caller, long themeId, String targetType, long targetId, Moderation.Action action,
                               String reason, AuditLog.By by) {
    return standing(caller, themeId).compose(s -> textInTheme(themeId, targetType, targetId).compose(found -> {
      PostStatus status = found.map(PostStatus::of).orElse(null);
      PostStatus next;
      try {
        next = Moderation.decide(s.me().moderator(), status, action);
      } catch (DomainError e) {
        return Future.failedFuture(e);
      }
      Row row = found.orElseThrow();
      return pool.withTransaction(tx -> (next == status ? Future.<Void>succeededFuture()
              : ForumStore.setStatus(tx, targetType, targetId, next, action == Moderation.Action.HIDE ? reason : null))
          .compose(x -> ForumStore.resolveReports(tx, targetType, targetId, caller.accountId()))
          .compose(resolved -> AuditLog.record(tx, by, action.audited(), ForumStore.table(targetType), targetId,
              new JsonObject().put("from", status.name()).put("to", next.name()).put("reason", reason).put("reportsResolved", resolved)))
          .compose(x -> tell(tx, s.theme(), targetType, row, status, next, reason)))
          .compose(told -> announce(themeId, targetType, targetId, status, next).onSuccess(v -> {
            told.run();
            events.moderationChanged(themeId);
          }));
    }));
  }

  private Future<Void> announce(long themeId, String targetType, long targetId, PostStatus from, PostStatus to) {
    if (from == to) {
      return Future.succeededFuture();
    }
    if (to != PostStatus.VISIBLE) {
      events.removed(themeId, targetType, targetId);
      return Future.succeededFuture();
    }
    return targetType.equals("POST")
        ? ForumStore.post(pool, targetId).map(r -> {
          events.postShown(themeId, postJson(r.orElseThrow(), null));
          return null;
        })
        : ForumStore.statement(pool, targetId).map(r -> {
          events.statementShown(themeId, statementJson(r.orElseThrow(), null));
          return null;
        });
  }

  private Future<Standing> moderator(Caller caller, long themeId) {
    return standing(caller, themeId).compose(s -> s.me().moderator() ? Future.succeededFuture(s)
        : Future.failedFuture(DomainError.forbidden("需要权限：FORUM_MANAGE")));
  }

  private Future<Row> target(long themeId, String targetType, long targetId) {
    return textInTheme(themeId, targetType, targetId).compose(r -> r.isPresent() ? Future.succeededFuture(r.get())
        : Future.failedFuture(DomainError.invalid("targetId", "该主题中没有这条内容")));
  }

  /** The post or statement, when it is in the theme. */
  private Future<Optional<Row>> textInTheme(long themeId, String targetType, long targetId) {
    Future<Optional<Row>> row = targetType.equals("POST") ? ForumStore.post(pool, targetId)
        : ForumStore.statement(pool, targetId);
    return row.map(r -> r.filter(found -> found.getLong("theme_id") == themeId));
  }

  // ---- search

  /**
   * Posts and statements of the theme holding every word of the query (Chinese or not), those with the typed
   * text as it is first, with the words to mark in them.
   */
  public Future<JsonObject> search(Caller caller, long themeId, String query) {
    String words = SearchText.query(query);
    if (words.isBlank()) {
      return Future.failedFuture(DomainError.invalid("q", "请输入要搜索的文字"));
    }
    String typed = query.strip();
    return standing(caller, themeId).compose(s -> Future.all(ForumStore.searchPosts(pool, themeId, words, typed),
            ForumStore.searchStatements(pool, themeId, words, typed))
        .map(all -> {
          JsonArray posts = new JsonArray();
          all.<List<Row>>resultAt(0).stream().filter(r -> PostStatus.of(r) == PostStatus.VISIBLE
              || (s.me().moderator() && PostStatus.of(r) != PostStatus.WITHDRAWN)).forEach(r -> posts.add(postJson(r, s.me())));
          JsonArray statements = new JsonArray();
          all.<List<Row>>resultAt(1).stream().filter(r -> statementVisibleTo(r, s.me()))
              .forEach(r -> statements.add(statementJson(r, s.me())));
          return new JsonObject().put("posts", posts).put("statements", statements)
              .put("highlight", new JsonArray(SearchText.highlights(query)));
        }));
  }

  // ---- views

  private static boolean visibleTo(Row r, Participant me) {
    boolean mine = Long.valueOf(me.accountId()).equals(r.getLong("account_id"));
    return PostStatus.of(r) != PostStatus.PENDING || mine || me.moderator();
  }

  private static boolean statementVisibleTo(Row r, Participant me) {
    return PostStatus.of(r) == PostStatus.VISIBLE || me.moderator()
        || Long.valueOf(me.accountId()).equals(r.getLong("account_id"));
  }

  /** A post as a viewer may see it (null viewer: what every reader of the theme sees). */
  static JsonObject postJson(Row r, Participant viewer) {
    PostStatus status = PostStatus.of(r);
    boolean mine = viewer != null && Long.valueOf(viewer.accountId()).equals(r.getLong("account_id"));
    boolean moderator = viewer != null && viewer.moderator();
    boolean full = status == PostStatus.VISIBLE || mine || moderator;
    AuthorKind kind = AuthorKind.valueOf(r.getString("author_kind"));
    JsonObject json = new JsonObject()
        .put("id", r.getLong("id"))
        .put("themeId", r.getLong("theme_id"))
        .put("threadId", r.getLong("thread_id"))
        .put("parentId", r.getLong("parent_id"))
        .put("depth", r.getInteger("depth"))
        .put("kind", r.getString("kind"))
        .put("status", status.name())
        .put("featured", r.getBoolean("featured"))
        .put("version", r.getInteger("version"))
        .put("authorName", full ? r.getString("author_name") : null)
        .put("authorKind", kind.name())
        .put("authorKindLabel", kind.label())
        .put("organization", r.getString("organization"))
        .put("sector", r.getString("sector"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put("editedAt", r.getOffsetDateTime("edited_at") == null ? null : r.getOffsetDateTime("edited_at").toInstant().toString())
        .put("mine", mine)
        .put("title", full ? r.getString("title") : null)
        .put("body", full ? r.getString("body") : null)
        .put("attachments", full ? new JsonArray(r.getString("attachments")) : new JsonArray());
    if (mine || moderator) {
      json.put("hiddenReason", r.getString("hidden_reason"));
    }
    if (moderator) {
      json.put("flagged", new JsonArray(List.of(r.getArrayOfStrings("flagged"))));
    }
    return json;
  }

  static JsonObject statementJson(Row r, Participant viewer) {
    boolean mine = viewer != null && Long.valueOf(viewer.accountId()).equals(r.getLong("account_id"));
    AuthorKind kind = AuthorKind.valueOf(r.getString("author_kind"));
    JsonObject json = new JsonObject()
        .put("id", r.getLong("id"))
        .put("themeId", r.getLong("theme_id"))
        .put("body", r.getString("body"))
        .put("status", r.getString("status"))
        .put("agree", r.getInteger("agree"))
        .put("disagree", r.getInteger("disagree"))
        .put("pass", r.getInteger("pass"))
        .put("authorKind", kind.name())
        .put("authorKindLabel", kind.label())
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put("mine", mine);
    if (viewer != null) {
      Object v = r.getValue("my_vote");
      json.put("myVote", v == null ? null : ((Number) v).intValue());
    }
    if (mine || (viewer != null && viewer.moderator())) {
      json.put("hiddenReason", r.getString("hidden_reason"));
    }
    if (viewer != null && viewer.moderator()) {
      json.put("flagged", new JsonArray(List.of(r.getArrayOfStrings("flagged"))));
    }
    return json;
  }
}
