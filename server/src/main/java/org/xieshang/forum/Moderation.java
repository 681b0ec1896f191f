package org.xieshang.forum;

import org.xieshang.identity.Permission;
import org.xieshang.platform.http.DomainError;

import java.util.Locale;

/**
 * The moderation rules, pure (no I/O): what a moderator's act does to a post or statement, and when
 * open reports hold a shown text for a moderator (docs/forum.md). ModerationService gathers the
 * facts and writes the outcome.
 */
final class Moderation {
  private Moderation() {}

  /** What a moderator does to a text: approve a held one, hide, restore a hidden one, or dismiss its reports. */
  enum Action {
    APPROVE, HIDE, RESTORE, DISMISS;

    /** The audit log's action for this act ({@code forum.moderate.approve} …). */
    String audited() {
      return "forum.moderate." + name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The status a text takes when a moderator acts on it, checked in this order: the caller must be a
   * moderator of the theme (403), the text must be in the theme ({@code current} null when it is not:
   * 422 on targetId), and the act must apply to the text's status (409 moderation-not-applicable).
   * APPROVE takes PENDING to VISIBLE; HIDE takes VISIBLE or PENDING to HIDDEN; RESTORE takes HIDDEN to
   * VISIBLE; DISMISS resolves the reports and leaves any status as it is.
   */
  static PostStatus decide(boolean moderator, PostStatus current, Action action) {
    if (!moderator) {
      throw DomainError.forbidden(Permission.FORUM_MANAGE.refusal());
    }
    if (current == null) {
      throw DomainError.invalid("targetId", "该主题中没有这条内容");
    }
    PostStatus next = switch (action) {
      case APPROVE -> current == PostStatus.PENDING ? PostStatus.VISIBLE : null;
      case HIDE -> current == PostStatus.VISIBLE || current == PostStatus.PENDING ? PostStatus.HIDDEN : null;
      case RESTORE -> current == PostStatus.HIDDEN ? PostStatus.VISIBLE : null;
      case DISMISS -> current;
    };
    if (next == null) {
      throw DomainError.conflict("moderation-not-applicable", "该内容当前状态下不能执行此操作",
          "action", "当前状态为 " + current);
    }
    return next;
  }

  /** Whether reports can hold a text at all ({@code reportsToHold} 0: never, and there is nothing to count). */
  static boolean reportsCount(int reportsToHold) {
    return reportsToHold > 0;
  }

  /** Whether a text's open reports (one per person) are as many as hold it for a moderator. */
  static boolean heldOnReports(long openReports, int reportsToHold) {
    return reportsCount(reportsToHold) && openReports >= reportsToHold;
  }

  /**
   * Whether a report just filed holds the text now: it is shown and its open reports reached the
   * threshold. A text already held, hidden or withdrawn is left as it is.
   */
  static boolean holdsOnReport(PostStatus current, long openReports, int reportsToHold) {
    return current == PostStatus.VISIBLE && heldOnReports(openReports, reportsToHold);
  }

  /** What the author and moderators read on a text held on reports. */
  static String heldReason(int reportsToHold) {
    return "已被 " + reportsToHold + " 人举报，暂停显示，等待审核";
  }
}
