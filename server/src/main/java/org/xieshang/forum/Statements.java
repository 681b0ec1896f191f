package org.xieshang.forum;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.identity.Caller;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.xieshang.forum.ForumViews.statementJson;
import static org.xieshang.forum.ForumViews.statementVisibleTo;

/**
 * Statements and votes (Pol.is style): short statements, held for a moderator when the rules say so,
 * the next one for the caller to vote on (NextStatement), and votes, written in batches (VoteWriter).
 */
public final class Statements {
  /** A caller reading or writing statements: their standing and their participant id in the theme. */
  private record Voter(ForumParticipation.Standing s, long participantId) {}

  private final Pool db;
  private final ForumParticipation participation;
  private final ForumEvents events;
  private final SensitiveWords words;
  private final VoteWriter votes;
  /** statement → theme; statements never move, so this needs no invalidation */
  private final Cache<Long, Long> statementThemes = Caffeine.newBuilder().maximumSize(200_000).build();

  Statements(Pool db, ForumParticipation participation, ForumEvents events, SensitiveWords words, VoteWriter votes) {
    this.db = db;
    this.participation = participation;
    this.events = events;
    this.words = words;
    this.votes = votes;
  }

  public Future<JsonArray> statements(Caller caller, long themeId) {
    return participation.standing(caller, themeId)
        .compose(this::voter)
        .compose(v -> ForumStore.statements(db, themeId, v.participantId()).map(rows -> listed(rows, v.s().me())));
  }

  private Future<Voter> voter(ForumParticipation.Standing s) {
    return participation.participantId(s).map(id -> new Voter(s, id));
  }

  private static JsonArray listed(List<Row> rows, Participant me) {
    JsonArray out = new JsonArray();
    rows.stream().filter(r -> statementVisibleTo(r, me)).forEach(r -> out.add(statementJson(r, me)));
    return out;
  }

  public Future<JsonObject> createStatement(Caller caller, long themeId, String body, String idempotencyKey,
                                            AuditLog.By by) {
    return participation.posting(caller, themeId)
        .compose(this::voter)
        .compose(v -> insert(v, body, idempotencyKey, by));
  }

  private Future<JsonObject> insert(Voter v, String body, String idempotencyKey, AuditLog.By by) {
    long themeId = v.s().theme().id();
    List<String> flagged = words.find(body);
    PostStatus status = PostStatus.written(!flagged.isEmpty() || v.s().me().heldForModeration(v.s().theme()));
    return db.withTransaction(tx -> ForumStore.insertStatement(tx, themeId, v.participantId(), body, status, flagged,
                null, idempotencyKey, null)
            .compose(id -> ModerationService.auditHeld(tx, by, "forum.statement.held", "forum_statement", id, flagged)))
        .compose(id -> ForumStore.statement(db, id))
        .map(row -> written(row.orElseThrow(), v.s().me()));
  }

  /** Tells the theme of a statement just written (shown, or the queue changed); answers it as its author sees it. */
  private JsonObject written(Row r, Participant me) {
    long themeId = r.getLong("theme_id");
    if (PostStatus.of(r) == PostStatus.VISIBLE) {
      events.statementShown(themeId, statementJson(r, null));
    } else {
      events.moderationChanged(themeId);
    }
    return statementJson(r, me);
  }

  /** The next statement for the caller to vote on, or null when they have voted on all. */
  public Future<JsonObject> next(Caller caller, long themeId) {
    return participation.standing(caller, themeId)
        .compose(this::voter)
        .compose(v -> ForumStore.unvoted(db, themeId, v.participantId()).map(rows -> pick(rows, v.s().me())));
  }

  private static JsonObject pick(List<Row> rows, Participant me) {
    List<NextStatement.Candidate> candidates = new ArrayList<>();
    rows.forEach(r -> candidates.add(new NextStatement.Candidate(r.getLong("id"), r.getInteger("agree"),
        r.getInteger("disagree"), r.getInteger("pass"))));
    return NextStatement.pick(candidates, ThreadLocalRandom.current())
        .map(c -> rows.stream().filter(r -> r.getLong("id") == c.id()).findFirst().orElseThrow())
        .map(r -> statementJson(r, me).put("remaining", rows.size()))
        .orElse(null);
  }

  /** Agree 1, disagree -1, pass 0; succeeds once committed. {@code inTheme}, when given, must be the statement's theme. */
  public Future<Void> vote(Caller caller, Long inTheme, long statementId, int value) {
    return themeOf(statementId)
        .compose(t -> inTheme != null && inTheme != t.longValue()
            ? Future.failedFuture(DomainError.invalid("statementId", "该表述不属于这个主题"))
            : participation.voting(caller, t))
        .compose(this::voter)
        .compose(v -> votes.cast(new VoteWriter.Vote(v.s().theme().id(), statementId, v.participantId(), value)));
  }

  private Future<Long> themeOf(long statementId) {
    Long known = statementThemes.getIfPresent(statementId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return ForumStore.statement(db, statementId)
        .compose(row -> Forum.found(row, "表述 " + statementId))
        .map(row -> row.getLong("theme_id"))
        .onSuccess(t -> statementThemes.put(statementId, t));
  }
}
