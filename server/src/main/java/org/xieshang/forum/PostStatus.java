package org.xieshang.forum;

import io.vertx.sqlclient.Row;

/**
 * Where a post or a statement stands: shown to every reader, held for a moderator (flagged words, a
 * premoderated author, or reports), hidden by a moderator, or withdrawn by its author. Stored as its
 * name in {@code forum_post.status} and {@code forum_statement.status}.
 */
enum PostStatus {
  VISIBLE, PENDING, HIDDEN, WITHDRAWN;

  /** The status of a post's or statement's row. */
  static PostStatus of(Row row) {
    return valueOf(row.getString("status"));
  }

  /** A text as written or edited: held for a moderator, or shown. */
  static PostStatus written(boolean held) {
    return held ? PENDING : VISIBLE;
  }
}
