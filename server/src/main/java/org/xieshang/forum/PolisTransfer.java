package org.xieshang.forum;

import io.vertx.sqlclient.RowSet;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.platform.csv.SafeCsv;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Moves a conversation between Pol.is and a theme, in the Pol.is export format: comments.csv
 * ({@code timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body}) and votes.csv
 * ({@code timestamp,datetime,comment-id,voter-id,vote}, agree 1, disagree -1, pass 0). Imported people are
 * pseudonymous participants keyed by their Pol.is id; importing the same files again changes nothing.
 * Export writes this product's statement and participant ids, each participant's current vote, and
 * moderated 1 (shown), -1 (hidden) or 0 (awaiting a moderator).
 */
public final class PolisTransfer {
  static final String[] COMMENT_HEADER = {"timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
      "moderated", "comment-body"};
  static final String[] VOTE_HEADER = {"timestamp", "datetime", "comment-id", "voter-id", "vote"};
  private static final DateTimeFormatter POLIS_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
      Locale.ENGLISH).withZone(ZoneId.of("Asia/Shanghai"));

  private final ForumParticipation participation;
  private final Pool pool;

  PolisTransfer(ForumParticipation participation, Pool pool) {
    this.participation = participation;
    this.pool = pool;
  }

  record Comment(String id, String authorId, long at, PostStatus status, String body) {}

  record Vote(String commentId, String voterId, long at, int value) {}

  /** Parses both files, naming the file and line of the first bad record; nothing is written on error. */
  static List<Comment> parseComments(String csv) {
    List<Comment> out = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (CSVRecord r : records(csv, "comments", COMMENT_HEADER)) {
      String where = "第 " + (r.getRecordNumber() + 1) + " 行";
      String id = r.get("comment-id").strip();
      String body = SafeCsv.restore(r.get("comment-body")); // our own export, read back unchanged
      if (id.isEmpty() || body.isBlank() || body.length() > 2000) {
        throw DomainError.invalid("comments", where + "：comment-id 与 comment-body 不能为空，正文不超过 2000 字");
      }
      if (!ids.add(id)) {
        throw DomainError.invalid("comments", where + "：comment-id " + id + " 重复");
      }
      String moderated = r.get("moderated").strip();
      out.add(new Comment(id, r.get("author-id").strip(), timestamp(r, "comments", where),
          moderated.equals("-1") ? PostStatus.HIDDEN : PostStatus.VISIBLE, body));
    }
    return out;
  }

  static List<Vote> parseVotes(String csv, Set<String> commentIds) {
    Map<String, Vote> last = new LinkedHashMap<>();
    for (CSVRecord r : records(csv, "votes", VOTE_HEADER)) {
      String where = "第 " + (r.getRecordNumber() + 1) + " 行";
      String comment = r.get("comment-id").strip();
      String voter = r.get("voter-id").strip();
      if (!commentIds.contains(comment)) {
        throw DomainError.invalid("votes", where + "：comments.csv 中没有 comment-id " + comment);
      }
      if (voter.isEmpty()) {
        throw DomainError.invalid("votes", where + "：voter-id 不能为空");
      }
      int value;
      try {
        value = Integer.parseInt(r.get("vote").strip());
      } catch (NumberFormatException e) {
        value = 2;
      }
      if (value < -1 || value > 1) {
        throw DomainError.invalid("votes", where + "：vote 应为 1（赞成）、-1（反对）或 0（跳过）");
      }
      Vote v = new Vote(comment, voter, timestamp(r, "votes", where), value);
      Vote before = last.get(comment + "\u0000" + voter);
      if (before == null || before.at() <= v.at()) {
        last.put(comment + "\u0000" + voter, v);
      }
    }
    return new ArrayList<>(last.values());
  }

  private static long timestamp(CSVRecord r, String field, String where) {
    try {
      return Long.parseLong(r.get("timestamp").strip());
    } catch (NumberFormatException e) {
      throw DomainError.invalid(field, where + "：timestamp 应为毫秒数");
    }
  }

  private static List<CSVRecord> records(String csv, String field, String[] header) {
    try (CSVParser parser = CSVParser.parse(new StringReader(csv == null ? "" : csv),
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      List<String> names = parser.getHeaderNames();
      for (String h : header) {
        if (!names.contains(h)) {
          throw DomainError.invalid(field, "缺少列 " + h + "（应为 Pol.is 导出格式：" + String.join(",", header) + "）");
        }
      }
      return parser.getRecords();
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw DomainError.invalid(field, "无法解析 CSV：" + e.getMessage());
    }
  }

  /** Imports into a theme (moderators only); answers how many statements, participants and votes it holds. */
  public Future<JsonObject> importInto(Caller caller, long themeId, String commentsCsv,
                                       String votesCsv, AuditLog.By by) {
    List<Comment> comments = parseComments(commentsCsv);
    Set<String> ids = new LinkedHashSet<>();
    comments.forEach(c -> ids.add(c.id()));
    List<Vote> votes = parseVotes(votesCsv, ids);
    return participation.standing(caller, themeId).compose(s -> {
      if (!s.me().moderator()) {
        return Future.failedFuture(DomainError.forbidden(Permission.FORUM_MANAGE.refusal()));
      }
      return pool.withTransaction(tx -> participants(tx, themeId, comments, votes)
          .compose(people -> statements(tx, themeId, comments, people)
              .compose(statementIds -> insertVotes(tx, votes, statementIds, people)))
          .compose(x -> recount(tx, themeId))
          .compose(x -> AuditLog.record(tx, by, "forum.polis.import", "forum_theme", themeId,
              new JsonObject().put("comments", comments.size()).put("votes", votes.size())))
          .compose(x -> tx.preparedQuery("""
                  SELECT (SELECT count(*) FROM forum_statement WHERE theme_id = $1) AS statements,
                         (SELECT count(*) FROM forum_participant WHERE theme_id = $1) AS participants,
                         (SELECT count(*) FROM forum_vote v JOIN forum_statement s ON s.id = v.statement_id
                           WHERE s.theme_id = $1) AS votes""").execute(Tuple.of(themeId)))
          .map(rows -> {
            Row r = rows.iterator().next();
            return new JsonObject().put("statements", r.getLong("statements"))
                .put("participants", r.getLong("participants")).put("votes", r.getLong("votes"));
          }));
    });
  }

  private static Future<Map<String, Long>> participants(SqlClient tx, long themeId, List<Comment> comments,
                                                        List<Vote> votes) {
    Set<String> people = new LinkedHashSet<>();
    comments.forEach(c -> people.add(c.authorId()));
    votes.forEach(v -> people.add(v.voterId()));
    return tx.preparedQuery("""
            INSERT INTO forum_participant (theme_id, external_id, author_kind)
            SELECT $1, x, 'IMPORTED' FROM unnest($2::text[]) AS x
            ON CONFLICT (theme_id, external_id) DO UPDATE SET theme_id = EXCLUDED.theme_id
            RETURNING id, external_id""")
        .execute(Tuple.of(themeId, (Object) people.toArray(new String[0])))
        .map(rows -> {
          Map<String, Long> out = new LinkedHashMap<>();
          rows.forEach(r -> out.put(r.getString("external_id"), r.getLong("id")));
          return out;
        });
  }

  private static Future<Map<String, Long>> statements(SqlClient tx, long themeId, List<Comment> comments,
                                                      Map<String, Long> people) {
    int n = comments.size();
    String[] ids = new String[n];
    Long[] authors = new Long[n];
    String[] bodies = new String[n];
    String[] statuses = new String[n];
    String[] terms = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Comment c = comments.get(i);
      ids[i] = c.id();
      authors[i] = people.get(c.authorId());
      bodies[i] = c.body();
      statuses[i] = c.status().name();
      terms[i] = SearchText.terms(c.body());
      at[i] = Instant.ofEpochMilli(c.at()).atOffset(ZoneOffset.UTC);
    }
    return tx.preparedQuery("""
            INSERT INTO forum_statement (theme_id, participant_id, body, status, external_id, search, created_at)
            SELECT $1, a, b, st, x, to_tsvector('simple', t), at
              FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                   AS u(x, a, b, st, t, at)
            ON CONFLICT (theme_id, external_id) DO UPDATE SET body = EXCLUDED.body, status = EXCLUDED.status,
                   search = EXCLUDED.search
            RETURNING id, external_id""")
        .execute(Tuple.from(new Object[]{themeId, ids, authors, bodies, statuses, terms, at}))
        .map(rows -> {
          Map<String, Long> out = new LinkedHashMap<>();
          rows.forEach(r -> out.put(r.getString("external_id"), r.getLong("id")));
          return out;
        });
  }

  private static Future<Void> insertVotes(SqlClient tx, List<Vote> votes, Map<String, Long> statementIds,
                                          Map<String, Long> people) {
    int n = votes.size();
    Long[] statements = new Long[n];
    Long[] voters = new Long[n];
    Integer[] values = new Integer[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Vote v = votes.get(i);
      statements[i] = statementIds.get(v.commentId());
      voters[i] = people.get(v.voterId());
      values[i] = v.value();
      at[i] = Instant.ofEpochMilli(v.at()).atOffset(ZoneOffset.UTC);
    }
    return tx.preparedQuery("""
            INSERT INTO forum_vote (statement_id, participant_id, vote, voted_at)
            SELECT s, p, v::smallint, at FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::timestamptz[]) AS u(s, p, v, at)
            ON CONFLICT (statement_id, participant_id) DO UPDATE SET vote = EXCLUDED.vote, voted_at = EXCLUDED.voted_at""")
        .execute(Tuple.of(statements, voters, values, at))
        .mapEmpty();
  }

  /** Counts from the votes themselves; the theme is locked like a vote batch so none slips in between. */
  private static Future<Void> recount(SqlClient tx, long themeId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock($1, $2)").execute(Tuple.of(VoteWriter.LOCK_CLASS, (int) themeId))
        .compose(x -> tx.preparedQuery("""
                UPDATE forum_statement s SET agree = c.agree, disagree = c.disagree, pass = c.pass
                  FROM (SELECT s2.id, count(v.vote) FILTER (WHERE v.vote = 1) AS agree,
                               count(v.vote) FILTER (WHERE v.vote = -1) AS disagree,
                               count(v.vote) FILTER (WHERE v.vote = 0) AS pass
                          FROM forum_statement s2 LEFT JOIN forum_vote v ON v.statement_id = s2.id
                         WHERE s2.theme_id = $1 GROUP BY s2.id) c
                 WHERE s.id = c.id""").execute(Tuple.of(themeId)))
        .mapEmpty();
  }

  /** comments.csv and votes.csv of a theme (moderators only). */
  public Future<Map<String, String>> export(Caller caller, long themeId) {
    return participation.standing(caller, themeId).compose(s -> {
      if (!s.me().moderator()) {
        return Future.failedFuture(DomainError.forbidden(Permission.FORUM_MANAGE.refusal()));
      }
      return Future.all(pool.preparedQuery("""
                  SELECT id, participant_id, created_at, agree, disagree, status, body FROM forum_statement
                   WHERE theme_id = $1 ORDER BY id""").execute(Tuple.of(themeId)),
              pool.preparedQuery("""
                  SELECT v.statement_id, v.participant_id, v.vote, v.voted_at FROM forum_vote v
                    JOIN forum_statement s ON s.id = v.statement_id
                   WHERE s.theme_id = $1 ORDER BY v.voted_at, v.statement_id, v.participant_id""").execute(Tuple.of(themeId)))
          .map(all -> {
            StringWriter comments = new StringWriter();
            StringWriter votes = new StringWriter();
            try (SafeCsv c = SafeCsv.open(comments, COMMENT_HEADER); SafeCsv v = SafeCsv.open(votes, VOTE_HEADER)) {
              for (Row r : all.<RowSet<Row>>resultAt(0)) {
                Instant at = r.getOffsetDateTime("created_at").toInstant();
                PostStatus status = PostStatus.of(r);
                c.printRecord(at.toEpochMilli(), POLIS_TIME.format(at), r.getLong("id"), r.getLong("participant_id"),
                    r.getInteger("agree"), r.getInteger("disagree"),
                    status == PostStatus.VISIBLE ? 1 : status == PostStatus.HIDDEN ? -1 : 0, r.getString("body"));
              }
              for (Row r : all.<RowSet<Row>>resultAt(1)) {
                Instant at = r.getOffsetDateTime("voted_at").toInstant();
                v.printRecord(at.toEpochMilli(), POLIS_TIME.format(at), r.getLong("statement_id"),
                    r.getLong("participant_id"), r.getInteger("vote"));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return Map.of("comments.csv", comments.toString(), "votes.csv", votes.toString());
          });
    });
  }
}
