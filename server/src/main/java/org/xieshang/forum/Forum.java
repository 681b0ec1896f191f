package org.xieshang.forum;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.xieshang.inbox.Inbox;
import org.xieshang.platform.http.DomainError;

import java.time.Clock;
import java.util.Optional;

/**
 * Online themed deliberation (网络主题议政, RULES.md Art. 16), built once and wired here: who may read
 * and take part (ForumParticipation, with its caches and rate limits), the themes (ThemeDirectory),
 * threads and posts (Posts), statements and votes (Statements), reports and moderation
 * (ModerationService, deciding by the pure Moderation), search (ForumSearch) and the Pol.is transfer.
 * Every moderation act is written to the audit log in the same transaction as the act.
 */
public record Forum(ForumParticipation participation, ThemeDirectory themes, Posts posts, Statements statements,
                    ModerationService moderation, ForumSearch search, PolisTransfer polis) {

  /**
   * Limits read from conf (forum.*). reportsToHold: open reports by different people that hold a shown
   * text for a moderator (0: never).
   */
  public record Limits(int postsPerMinute, int votesPerMinute, int attachmentMaxBytes, int attachmentsPerPost,
                       int reportsToHold) {}

  public static Forum create(Vertx vertx, Pool db, Inbox inbox, Clock clock, SensitiveWords words, Limits limits) {
    ForumEvents events = new ForumEvents(vertx);
    ForumParticipation participation = new ForumParticipation(db, clock, limits);
    ModerationService moderation = new ModerationService(db, inbox, participation, events, limits.reportsToHold());
    VoteWriter votes = new VoteWriter(vertx, db, events::counts);
    return new Forum(participation, new ThemeDirectory(db, clock, participation),
        new Posts(db, participation, moderation, events, words, limits.attachmentsPerPost()),
        new Statements(db, participation, events, words, votes), moderation, new ForumSearch(db, participation),
        new PolisTransfer(participation, db));
  }

  /** The row, or a failed Future: 404 naming what was not found. */
  static <T> Future<T> found(Optional<T> row, String what) {
    return row.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(DomainError.notFound(what)));
  }
}
