package org.xieshang.forum;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.xieshang.identity.Caller;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.Attachment;
import org.xieshang.platform.http.DomainError;

import java.util.List;
import java.util.Optional;

import static org.xieshang.forum.ForumViews.postJson;
import static org.xieshang.forum.ForumViews.visibleTo;

/**
 * Threads and posts (帖子): a thread, a reply (at most {@link #MAX_DEPTH} deep) or pinned guidance, held
 * for a moderator when the rules say so; the author's edits (kept as versions) and withdrawal;
 * featuring; attachments.
 */
public final class Posts {
  static final int MAX_DEPTH = 3;

  /** A post being written: the author's standing, the post replied to (null for a thread), the author's participant id. */
  private record Writing(ForumParticipation.Standing s, Row parent, long participantId) {
    Writing by(long participant) {
      return new Writing(s, parent, participant);
    }
  }

  /** A post found for the caller: its row, the caller's standing in its theme, and whether the caller wrote it. */
  private record FoundPost(Row row, Participant me, boolean mine) {
    /** Its text, versions and attachments: to its author and moderators, to everyone once shown. */
    boolean readable() {
      return mine || me.moderator() || PostStatus.of(row) == PostStatus.VISIBLE;
    }
  }

  /** A post the author edits, with their standing while taking part. */
  private record Editing(FoundPost found, ForumParticipation.Standing s) {}

  private final Pool db;
  private final ForumParticipation participation;
  private final ModerationService moderation;
  private final ForumEvents events;
  private final SensitiveWords words;
  private final int attachmentsPerPost;

  Posts(Pool db, ForumParticipation participation, ModerationService moderation, ForumEvents events,
        SensitiveWords words, int attachmentsPerPost) {
    this.db = db;
    this.participation = participation;
    this.moderation = moderation;
    this.events = events;
    this.words = words;
    this.attachmentsPerPost = attachmentsPerPost;
  }

  /** A thread (no parent), a reply, or pinned guidance; held for moderation when the rules say so. */
  public Future<JsonObject> createPost(Caller caller, long themeId, Long parentId, String title, String body,
                                       boolean guidance, String idempotencyKey, AuditLog.By by) {
    return participation.posting(caller, themeId)
        .compose(s -> mayGuide(s, guidance))
        .compose(s -> repliedTo(themeId, parentId).map(parent -> new Writing(s, parent, 0)))
        .compose(w -> participation.participantId(w.s()).map(w::by))
        .compose(w -> insert(w, title, body, guidance, idempotencyKey, by));
  }

  private static Future<ForumParticipation.Standing> mayGuide(ForumParticipation.Standing s, boolean guidance) {
    return !guidance || s.me().guide() ? Future.succeededFuture(s)
        : Future.failedFuture(DomainError.forbidden("只有主席会议成员和专委会负责人可以发布引导"));
  }

  /** The post replied to: shown, in the theme, not at the deepest level; null for a thread. */
  private Future<Row> repliedTo(long themeId, Long parentId) {
    if (parentId == null) {
      return Future.succeededFuture(null);
    }
    return ForumStore.post(db, parentId)
        .compose(p -> replyable(p.filter(row -> row.getLong("theme_id") == themeId).orElse(null)));
  }

  private static Future<Row> replyable(Row parent) {
    if (parent == null || PostStatus.of(parent) != PostStatus.VISIBLE) {
      return Future.failedFuture(DomainError.invalid("parentId", "要回复的帖子不存在或不可见"));
    }
    if (parent.getInteger("depth") >= MAX_DEPTH) {
      return Future.failedFuture(DomainError.invalid("parentId", "回复层级最多 " + MAX_DEPTH + " 层"));
    }
    return Future.succeededFuture(parent);
  }

  private Future<JsonObject> insert(Writing w, String title, String body, boolean guidance, String idempotencyKey,
                                    AuditLog.By by) {
    List<String> flagged = words.find((title == null ? "" : title) + "\n" + body);
    PostStatus status = PostStatus.written(!flagged.isEmpty() || w.s().me().heldForModeration(w.s().theme()));
    Row pr = w.parent();
    Long threadId = pr == null ? null : pr.getLong("thread_id") != null ? pr.getLong("thread_id") : pr.getLong("id");
    String kind = guidance ? "GUIDANCE" : pr == null ? "THREAD" : "REPLY";
    ForumStore.NewPost post = new ForumStore.NewPost(w.s().theme().id(), threadId, pr == null ? null : pr.getLong("id"),
        pr == null ? 0 : pr.getInteger("depth") + 1, kind, pr == null ? title : null, body, w.participantId(), status,
        flagged, idempotencyKey);
    return db.withTransaction(tx -> ForumStore.insertPost(tx, post)
            .compose(id -> ModerationService.auditHeld(tx, by, "forum.post.held", "forum_post", id, flagged)))
        .compose(id -> ForumStore.post(db, id))
        .map(row -> written(row.orElseThrow(), w.s().me()));
  }

  /** Tells the theme of a post just written (shown, or the queue changed); answers it as its author sees it. */
  private JsonObject written(Row row, Participant me) {
    long themeId = row.getLong("theme_id");
    if (PostStatus.of(row) == PostStatus.VISIBLE) {
      events.postShown(themeId, postJson(row, null));
    } else {
      events.moderationChanged(themeId);
    }
    return postJson(row, me);
  }

  public Future<JsonArray> thread(Caller caller, long threadId) {
    return ForumStore.post(db, threadId)
        .compose(root -> Forum.found(root.filter(row -> row.getValue("parent_id") == null), "主题帖 " + threadId))
        .compose(root -> participation.standing(caller, root.getLong("theme_id")))
        .compose(s -> ForumStore.thread(db, threadId).map(rows -> listed(rows, s.me())));
  }

  private static JsonArray listed(List<Row> rows, Participant me) {
    JsonArray out = new JsonArray();
    rows.stream().filter(row -> visibleTo(row, me)).forEach(row -> out.add(postJson(row, me)));
    return out;
  }

  /** The author edits their own post while the theme is open; the old text is kept as a version. */
  public Future<JsonObject> editPost(Caller caller, long postId, String title, String body, AuditLog.By by) {
    return ownPost(caller, postId)
        .compose(found -> participation.posting(caller, found.row().getLong("theme_id")).map(s -> new Editing(found, s)))
        .compose(Posts::editable)
        .compose(e -> edit(e, title, body, by));
  }

  private static Future<Editing> editable(Editing e) {
    PostStatus status = PostStatus.of(e.found().row());
    return status == PostStatus.VISIBLE || status == PostStatus.PENDING ? Future.succeededFuture(e)
        : Future.failedFuture(DomainError.conflict("post-not-editable", "帖子已撤回或被隐藏，不能修改",
            "id", "状态为 " + status));
  }

  private Future<JsonObject> edit(Editing e, String title, String body, AuditLog.By by) {
    Row old = e.found().row();
    long postId = old.getLong("id");
    String newTitle = old.getValue("parent_id") == null ? (title != null ? title : old.getString("title")) : null;
    List<String> flagged = words.find((newTitle == null ? "" : newTitle) + "\n" + body);
    boolean held = !flagged.isEmpty() || e.s().me().heldForModeration(e.s().theme());
    // a post held on reports stays held when its author edits it: only a moderator releases it
    return db.withTransaction(tx -> ForumStore.lockStatus(tx, "POST", postId)
            .compose(x -> moderation.heldOnReports(tx, "POST", postId))
            .map(reported -> PostStatus.written(held || reported))
            .compose(status -> ForumStore.editPost(tx, postId, newTitle, body, status, flagged).map(status))
            .compose(status -> AuditLog.record(tx, by, "forum.post.edit", "forum_post", postId,
                new JsonObject().put("status", status.name()).put("words", new JsonArray(flagged)))))
        .compose(x -> ForumStore.post(db, postId))
        .map(row -> edited(row.orElseThrow(), e));
  }

  /** Tells the theme of an edited post (shown again, or no longer shown); answers it as its author sees it. */
  private JsonObject edited(Row row, Editing e) {
    long themeId = e.s().theme().id();
    if (PostStatus.of(row) == PostStatus.VISIBLE) {
      events.postShown(themeId, postJson(row, null));
    } else if (PostStatus.of(e.found().row()) == PostStatus.VISIBLE) {
      events.removed(themeId, "POST", row.getLong("id"));
    }
    return postJson(row, e.s().me());
  }

  public Future<Void> withdrawPost(Caller caller, long postId, AuditLog.By by) {
    return ownPost(caller, postId)
        .compose(found -> db.withTransaction(tx -> withdraw(tx, postId, by)).map(found))
        .onSuccess(found -> events.removed(found.row().getLong("theme_id"), "POST", postId))
        .mapEmpty();
  }

  private static Future<Void> withdraw(SqlConnection tx, long postId, AuditLog.By by) {
    return ForumStore.setStatus(tx, "POST", postId, PostStatus.WITHDRAWN, null)
        .compose(x -> AuditLog.record(tx, by, "forum.post.withdraw", "forum_post", postId, null));
  }

  public Future<JsonArray> versions(Caller caller, long postId) {
    return readablePost(caller, postId)
        .compose(found -> found.readable() ? ForumStore.versions(db, postId)
            : Future.failedFuture(DomainError.notFound("帖子 " + postId)));
  }

  public Future<Void> feature(Caller caller, long postId, boolean featured, AuditLog.By by) {
    return readablePost(caller, postId)
        .compose(Posts::mayFeature)
        .compose(found -> db.withTransaction(tx -> ForumStore.feature(tx, postId, featured)
            .compose(x -> AuditLog.record(tx, by, featured ? "forum.post.feature" : "forum.post.unfeature",
                "forum_post", postId, null))));
  }

  private static Future<FoundPost> mayFeature(FoundPost found) {
    return found.me().guide() ? Future.succeededFuture(found)
        : Future.failedFuture(DomainError.forbidden("只有主席会议成员和专委会负责人可以推荐帖子"));
  }

  public Future<JsonObject> attach(Caller caller, long postId, Attachment file, AuditLog.By by) {
    return ownPost(caller, postId)
        .compose(found -> participation.posting(caller, found.row().getLong("theme_id")))
        .compose(s -> db.withTransaction(tx -> addAttachment(tx, postId, file, by)))
        .map(id -> new JsonObject().put("id", id).put("fileName", file.fileName()).put("mediaType", file.mediaType())
            .put("size", file.data().length));
  }

  private Future<Long> addAttachment(SqlConnection tx, long postId, Attachment file, AuditLog.By by) {
    return ForumStore.attachmentCount(tx, postId)
        .compose(n -> n >= attachmentsPerPost
            ? Future.<Long>failedFuture(DomainError.conflict("too-many-attachments", "附件数量已达上限", "data",
                "每帖最多 " + attachmentsPerPost + " 个附件"))
            : ForumStore.insertAttachment(tx, postId, file.fileName(), file.mediaType(), file.data()))
        .compose(id -> AuditLog.record(tx, by, "forum.attachment.add", "forum_post", postId,
            new JsonObject().put("attachmentId", id).put("size", file.data().length)).map(id));
  }

  public Future<Attachment> attachment(Caller caller, long id) {
    return ForumStore.attachment(db, id)
        .compose(row -> Forum.found(row, "附件 " + id))
        .compose(r -> readablePost(caller, r.getLong("post_id")).map(found -> Optional.of(r).filter(x -> found.readable())))
        .compose(r -> Forum.found(r, "附件 " + id))
        .map(r -> new Attachment(r.getString("file_name"), r.getString("media_type"), r.getBuffer("data").getBytes()));
  }

  private Future<FoundPost> readablePost(Caller caller, long postId) {
    return ForumStore.post(db, postId)
        .compose(row -> Forum.found(row, "帖子 " + postId))
        .compose(r -> participation.standing(caller, r.getLong("theme_id")).map(s -> new FoundPost(r, s.me(),
            Long.valueOf(caller.accountId()).equals(r.getLong("account_id")))));
  }

  private Future<FoundPost> ownPost(Caller caller, long postId) {
    return readablePost(caller, postId)
        .compose(f -> f.mine() ? Future.succeededFuture(f)
            : Future.failedFuture(DomainError.forbidden("只能修改或撤回自己的帖子")));
  }
}
