package org.xieshang.forum;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.metrics.Metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Writes statement votes in batches: votes arriving while a batch is being written wait and go in
 * the next one, as one multi-row upsert that also moves the statements' counts, in one transaction.
 * A vote is acknowledged only after its batch commits. Two votes by one person on one statement in
 * the same batch count once (the later wins). Each batch holds a transaction-scoped advisory lock per
 * theme, so batches from several nodes never interleave on a statement and the counts stay exact.
 * The statement's visibility and the theme's times are checked again inside the batch, so a vote
 * racing a moderator or the closing time is refused rather than counted.
 */
public final class VoteWriter {
  static final int MAX_BATCH = 4000;
  static final int LOCK_CLASS = 0x464f; // advisory-lock namespace of forum vote batches

  public record Vote(long themeId, long statementId, long participantId, int value) {}

  public record Counts(long themeId, long statementId, int agree, int disagree, int pass) {}

  private record Pending(Vote vote, Promise<Void> promise) {}

  private record Key(long statementId, long participantId) {}

  private final Pool pool;
  private final Context context;
  private final Consumer<List<Counts>> onCounts;
  private final ArrayList<Pending> queue = new ArrayList<>();
  private boolean writing;

  public VoteWriter(Vertx vertx, Pool pool, Consumer<List<Counts>> onCounts) {
    this.pool = pool;
    this.context = vertx.getOrCreateContext();
    this.onCounts = onCounts;
    var registry = Metrics.registry();
    this.acknowledged = io.micrometer.core.instrument.Counter.builder("xieshang.forum.votes.acknowledged")
        .description("statement votes committed and answered as counted").register(registry);
    this.refused = io.micrometer.core.instrument.Counter.builder("xieshang.forum.votes.refused")
        .description("statement votes refused (statement hidden, theme closed)").register(registry);
  }

  private final io.micrometer.core.instrument.Counter acknowledged;
  private final io.micrometer.core.instrument.Counter refused;

  /** Succeeds once the vote is committed; fails with a DomainError when it may not be counted. */
  public Future<Void> cast(Vote vote) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      queue.add(new Pending(vote, promise));
      writeNext();
    });
    return promise.future();
  }

  private void writeNext() {
    if (writing || queue.isEmpty()) {
      return;
    }
    writing = true;
    List<Pending> batch;
    if (queue.size() <= MAX_BATCH) {
      batch = new ArrayList<>(queue);
      queue.clear();
    } else {
      batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
      queue.subList(0, MAX_BATCH).clear();
    }
    write(batch).onComplete(ar -> context.runOnContext(v -> {
      writing = false;
      writeNext();
    }));
  }

  private Future<Void> write(List<Pending> batch) {
    Map<Key, Vote> last = new LinkedHashMap<>();
    TreeSet<Long> themes = new TreeSet<>();
    for (Pending p : batch) {
      last.put(new Key(p.vote.statementId(), p.vote.participantId()), p.vote);
      themes.add(p.vote.themeId());
    }
    int n = last.size();
    Long[] statements = new Long[n];
    Long[] participants = new Long[n];
    Integer[] values = new Integer[n];
    int i = 0;
    for (Vote v : last.values()) {
      statements[i] = v.statementId();
      participants[i] = v.participantId();
      values[i] = v.value();
      i++;
    }
    return pool.withTransaction(tx -> lock(tx, new ArrayList<>(themes), 0)
            .compose(x -> tx.preparedQuery(UPSERT).execute(Tuple.of(statements, participants, values))))
        .onSuccess(rows -> {
          Set<Key> accepted = new HashSet<>();
          List<Counts> counts = new ArrayList<>();
          for (Row r : rows) {
            if (r.getBoolean("is_vote")) {
              accepted.add(new Key(r.getLong("statement_id"), r.getLong("participant_id")));
            } else {
              counts.add(new Counts(r.getLong("theme_id"), r.getLong("statement_id"), r.getInteger("agree"),
                  r.getInteger("disagree"), r.getInteger("pass")));
            }
          }
          for (Pending p : batch) {
            if (accepted.contains(new Key(p.vote.statementId(), p.vote.participantId()))) {
              p.promise.complete();
              acknowledged.increment();
            } else {
              refused.increment();
              p.promise.fail(DomainError.conflict("vote-refused", "不能投票：表述已隐藏或主题已结束", "statementId",
                  "该表述已不可投票"));
            }
          }
          if (!counts.isEmpty()) {
            onCounts.accept(counts);
          }
        })
        .onFailure(e -> batch.forEach(p -> p.promise.tryFail(e)))
        .mapEmpty();
  }

  private static Future<Void> lock(SqlConnection tx, List<Long> themes, int index) {
    if (index == themes.size()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
        .execute(Tuple.of(LOCK_CLASS, themes.get(index).intValue()))
        .compose(r -> lock(tx, themes, index + 1));
  }

  /**
   * One statement: the votes still allowed, the votes they replace (every CTE reads the snapshot from
   * before the upsert), the upsert, the change of counts per statement (new votes counted in, replaced
   * ones out: a sum, not a join, so no plan can turn it quadratic), and the new counts.
   */
  private static final String UPSERT = """
      WITH input AS (
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[]) AS u(statement_id, participant_id, vote)
      ), valid AS (
        SELECT i.statement_id, i.participant_id, i.vote::smallint AS vote
          FROM input i
          JOIN forum_statement s ON s.id = i.statement_id AND s.status = 'VISIBLE'
          JOIN forum_theme t ON t.id = s.theme_id AND now() >= t.opens_at AND now() < t.closes_at
      ), old AS (
        SELECT v.statement_id, v.participant_id, v.vote
          FROM forum_vote v JOIN valid USING (statement_id, participant_id)
      ), up AS (
        INSERT INTO forum_vote (statement_id, participant_id, vote)
        SELECT statement_id, participant_id, vote FROM valid
        ON CONFLICT (statement_id, participant_id) DO UPDATE SET vote = EXCLUDED.vote, voted_at = now()
        RETURNING statement_id, participant_id, vote
      ), delta AS (
        SELECT statement_id, sum(agree) AS agree, sum(disagree) AS disagree, sum(pass) AS pass
          FROM (SELECT statement_id, (vote = 1)::int AS agree, (vote = -1)::int AS disagree, (vote = 0)::int AS pass
                  FROM up
                UNION ALL
                SELECT statement_id, -(vote = 1)::int, -(vote = -1)::int, -(vote = 0)::int FROM old) AS change
         GROUP BY statement_id
      ), counts AS (
        UPDATE forum_statement s
           SET agree = s.agree + d.agree, disagree = s.disagree + d.disagree, pass = s.pass + d.pass
          FROM delta d WHERE s.id = d.statement_id
        RETURNING s.id, s.theme_id, s.agree, s.disagree, s.pass
      )
      SELECT true AS is_vote, statement_id, participant_id, 0::bigint AS theme_id, 0 AS agree, 0 AS disagree, 0 AS pass
        FROM up
      UNION ALL
      SELECT false, id, 0, theme_id, agree, disagree, pass FROM counts""";
}
