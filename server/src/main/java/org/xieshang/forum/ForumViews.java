package org.xieshang.forum;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.List;

/**
 * Posts and statements as a viewer may see them: who sees a held text (its author and moderators), and
 * the JSON of a post or statement, with what only its author or a moderator reads.
 */
final class ForumViews {
  private ForumViews() {}

  /** Whether a post is listed for the viewer: a held one only for its author and moderators (others show their status). */
  static boolean visibleTo(Row r, Participant me) {
    boolean mine = Long.valueOf(me.accountId()).equals(r.getLong("account_id"));
    return PostStatus.of(r) != PostStatus.PENDING || mine || me.moderator();
  }

  /** Whether a statement is listed for the viewer: a shown one for all, any other for its author and moderators. */
  static boolean statementVisibleTo(Row r, Participant me) {
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
