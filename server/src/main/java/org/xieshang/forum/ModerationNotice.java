package org.xieshang.forum;

import org.xieshang.inbox.Inbox;

import java.util.Optional;

/** What the author of a post or statement is told when moderation changes who may see it. */
final class ModerationNotice {
  static final int EXCERPT = 30;

  private ModerationNotice() {}

  /**
   * The notice for a change of status, or empty when there is no one to tell (an author imported from
   * Pol.is has no account) or nothing changed for the author.
   */
  static Optional<Inbox.Notice> of(Theme theme, String targetType, Long authorId, String text, PostStatus from, PostStatus to,
                                   String reason) {
    if (authorId == null || from == to) {
      return Optional.empty();
    }
    String noun = targetType.equals("POST") ? "帖子" : "表述";
    String where = "「" + theme.title() + "」中的“" + Inbox.excerpt(text, EXCERPT) + "”";
    String kind;
    String title;
    String body;
    if (to == PostStatus.HIDDEN) {
      kind = "forum.hidden";
      title = "您的" + noun + "已被隐藏";
      body = where + "已被管理员隐藏。处理说明：" + reason;
    } else if (to == PostStatus.PENDING && from == PostStatus.VISIBLE) {
      kind = "forum.held";
      title = "您的" + noun + "因多人举报暂停显示";
      body = where + "将由管理员审核后恢复或隐藏。";
    } else if (to == PostStatus.VISIBLE && from == PostStatus.PENDING) {
      kind = "forum.approved";
      title = "您的" + noun + "已通过审核";
      body = where + "已公开。";
    } else if (to == PostStatus.VISIBLE && from == PostStatus.HIDDEN) {
      kind = "forum.restored";
      title = "您的" + noun + "已恢复显示";
      body = where + "已恢复显示。";
    } else {
      return Optional.empty();
    }
    return Optional.of(new Inbox.Notice(authorId, kind, title, body, "/themes/" + theme.id()));
  }
}
