package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.xieshang.activity.SessionRole;
import org.xieshang.platform.http.DomainError;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All SQL of live sessions: the roster as the engine sees it, the event log, votes, minutes. */
public final class LiveStore {
  private LiveStore() {}

  /** One appended event as stored: the full data (for replay) and the public view (for clients). */
  public record LogRow(long seq, String type, JsonObject data, JsonObject view, Long actorId, String clientId,
                       Instant at) {
    /** The envelope clients receive, live or on catch-up. Held comment text is never in it. */
    public JsonObject envelope() {
      JsonObject publicData = data.copy();
      if (type.equals("CommentPosted") && Boolean.TRUE.equals(data.getBoolean("held"))) {
        publicData.remove("text");
      }
      return new JsonObject().put("seq", seq).put("type", type).put("at", at.toEpochMilli())
          .put("data", publicData).put("view", view);
    }
  }

  /** A command applied with a client id: remembered for the whole session, so a retry is applied once. */
  public record CommandRow(long actorId, String clientId, long seq) {}

  public record VoteRow(String pollId, long accountId, long venueId, List<Integer> choices, String clientId,
                        Instant at) {}

  static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }

  public static Future<SessionRoster> roster(SqlClient db, long sessionId) {
    Future<Row> activity = db.preparedQuery("SELECT title FROM activity_brief WHERE id = $1").execute(Tuple.of(sessionId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(DomainError.notFound("会议"))
            : Future.succeededFuture(rows.iterator().next()));
    Future<List<SessionRoster.Venue>> venues = db.preparedQuery(
            "SELECT id, name, kind FROM activity_venue WHERE activity_id = $1 ORDER BY (kind = 'MAIN') DESC, id")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<SessionRoster.Venue> out = new ArrayList<>();
          rows.forEach(r -> out.add(new SessionRoster.Venue(r.getLong("id"), r.getString("name"), r.getString("kind"))));
          return out;
        });
    Future<List<SessionRoster.AgendaItem>> agenda = db.preparedQuery("""
            SELECT id, position, title, planned_minutes, speaking_seconds FROM activity_agenda_item
             WHERE activity_id = $1 ORDER BY position""")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<SessionRoster.AgendaItem> out = new ArrayList<>();
          rows.forEach(r -> out.add(new SessionRoster.AgendaItem(r.getLong("id"), r.getInteger("position"),
              r.getString("title"), r.getInteger("planned_minutes"), r.getInteger("speaking_seconds"))));
          return out;
        });
    Future<Map<Long, SessionRoster.Participant>> participants = db.preparedQuery("""
            SELECT r.account_id, a.display_name, r.role, r.venue_id, a.sector
              FROM activity_roster r JOIN identity_person a ON a.id = r.account_id
             WHERE r.activity_id = $1 AND r.invitation <> 'DECLINED'""")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          Map<Long, SessionRoster.Participant> out = new LinkedHashMap<>();
          rows.forEach(r -> out.put(r.getLong("account_id"), new SessionRoster.Participant(r.getLong("account_id"),
              r.getString("display_name"), SessionRole.valueOf(r.getString("role")), r.getLong("venue_id"),
              r.getString("sector"))));
          return out;
        });
    // removed by the chair (Event.ParticipantRemoved): they may no longer read the session
    Future<Set<Long>> removed = db.preparedQuery("""
            SELECT DISTINCT (data->>'accountId')::bigint FROM live_event
             WHERE session_id = $1 AND type = 'ParticipantRemoved'""")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          Set<Long> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
    return Future.all(List.of(activity, venues, agenda, participants, removed))
        .map(all -> new SessionRoster(sessionId, activity.result().getString("title"), participants.result(),
            venues.result(), agenda.result(), removed.result()));
  }

  public static Future<List<LogRow>> events(SqlClient db, long sessionId, long afterSeq, int limit) {
    return db.preparedQuery("""
            SELECT seq, type, data, view, actor_id, client_id, at FROM live_event
             WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""")
        .execute(Tuple.of(sessionId, afterSeq, limit))
        .map(rows -> {
          List<LogRow> out = new ArrayList<>();
          rows.forEach(r -> out.add(new LogRow(r.getLong("seq"), r.getString("type"), r.getJsonObject("data"),
              r.getJsonObject("view"), r.getLong("actor_id"), r.getString("client_id"),
              r.getOffsetDateTime("at").toInstant())));
          return out;
        });
  }

  public static Future<List<VoteRow>> votes(SqlClient db, long sessionId) {
    return db.preparedQuery("""
            SELECT poll_id, account_id, venue_id, choices, client_id, at FROM live_vote
             WHERE session_id = $1 ORDER BY at""")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<VoteRow> out = new ArrayList<>();
          rows.forEach(r -> out.add(new VoteRow(r.getString("poll_id"), r.getLong("account_id"), r.getLong("venue_id"),
              List.of(r.getArrayOfIntegers("choices")), r.getString("client_id"),
              r.getOffsetDateTime("at").toInstant())));
          return out;
        });
  }

  public static Future<List<CommandRow>> commands(SqlClient db, long sessionId) {
    return db.preparedQuery("SELECT actor_id, client_id, seq FROM live_command WHERE session_id = $1")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<CommandRow> out = new ArrayList<>();
          rows.forEach(r -> out.add(new CommandRow(r.getLong(0), r.getString(1), r.getLong(2))));
          return out;
        });
  }

  /** Remembers the client ids applied in a batch, in the batch's transaction. */
  static Future<Void> rememberCommands(SqlClient db, long sessionId, List<CommandRow> commands) {
    if (commands.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] actors = new Long[commands.size()];
    String[] clients = new String[commands.size()];
    Long[] seqs = new Long[commands.size()];
    for (int i = 0; i < commands.size(); i++) {
      actors[i] = commands.get(i).actorId();
      clients[i] = commands.get(i).clientId();
      seqs[i] = commands.get(i).seq();
    }
    return db.preparedQuery("""
            INSERT INTO live_command (session_id, actor_id, client_id, seq)
            SELECT $1, a, c, s FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS x(a, c, s)""")
        .execute(Tuple.of(sessionId, actors, clients, seqs))
        .mapEmpty();
  }

  /** Takes the next epoch of the session for this node: from now on only its writes are accepted. */
  static Future<Long> claim(SqlClient db, long sessionId, String node) {
    return db.preparedQuery("""
            INSERT INTO live_owner (session_id, epoch, node) VALUES ($1, 1, $2)
            ON CONFLICT (session_id) DO UPDATE SET epoch = live_owner.epoch + 1, node = $2, since = now()
            RETURNING epoch""")
        .execute(Tuple.of(sessionId, node))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Thrown in a write's transaction when another owner has claimed the session since. */
  static final class Fenced extends RuntimeException {
    Fenced(long sessionId, long epoch) {
      super("live session " + sessionId + ": epoch " + epoch + " was superseded by another owner", null, false, false);
    }
  }

  /**
   * First statement of every write: locks the owner row while the epoch is still ours, so a takeover
   * either waits for this transaction (and then rebuilds from what it wrote) or has happened and fences it.
   */
  static Future<Void> checkEpoch(SqlClient db, long sessionId, long epoch) {
    return db.preparedQuery("UPDATE live_owner SET epoch = epoch WHERE session_id = $1 AND epoch = $2")
        .execute(Tuple.of(sessionId, epoch))
        .compose(r -> r.rowCount() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(new Fenced(sessionId, epoch)));
  }

  /** Appends events in one pipelined batch (one round trip). */
  static Future<Void> append(SqlClient db, long sessionId, List<LogRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(rows.size());
    for (LogRow r : rows) {
      batch.add(Tuple.from(new Object[]{sessionId, r.seq(), r.type(), r.data(), r.view(), r.actorId(), r.clientId(),
          utc(r.at())}));
    }
    return db.preparedQuery("""
            INSERT INTO live_event (session_id, seq, type, data, view, actor_id, client_id, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
        .executeBatch(batch).mapEmpty();
  }

  /** Votes as one multi-row upsert: a later vote of the same person in the same poll replaces the earlier. */
  static Future<Void> upsertVotes(SqlClient db, long sessionId, List<VoteRow> votes) {
    if (votes.isEmpty()) {
      return Future.succeededFuture();
    }
    // the last vote of a person in this batch wins; one row per (poll, person) keeps ON CONFLICT valid
    Map<String, VoteRow> last = new LinkedHashMap<>();
    votes.forEach(v -> last.put(v.pollId() + ":" + v.accountId(), v));
    int n = last.size();
    String[] polls = new String[n];
    Long[] accounts = new Long[n];
    Long[] venues = new Long[n];
    String[] choices = new String[n];
    String[] clients = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    int i = 0;
    for (VoteRow v : last.values()) {
      polls[i] = v.pollId();
      accounts[i] = v.accountId();
      venues[i] = v.venueId();
      choices[i] = new JsonArray(v.choices()).encode();
      clients[i] = v.clientId();
      ats[i] = utc(v.at());
      i++;
    }
    return db.preparedQuery("""
            INSERT INTO live_vote (session_id, poll_id, account_id, venue_id, choices, client_id, at)
            SELECT $1, p, a, v, ARRAY(SELECT jsonb_array_elements_text(c::jsonb)::int), cl, t
              FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[])
                   AS x(p, a, v, c, cl, t)
            ON CONFLICT (session_id, poll_id, account_id)
            DO UPDATE SET choices = EXCLUDED.choices, client_id = EXCLUDED.client_id, at = EXCLUDED.at""")
        .execute(Tuple.of(sessionId, polls, accounts, venues, choices, clients).addValue(ats))
        .mapEmpty();
  }

}
