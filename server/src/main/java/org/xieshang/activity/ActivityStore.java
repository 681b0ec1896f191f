package org.xieshang.activity;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All SQL of activities and their preparation. */
public final class ActivityStore {
  private ActivityStore() {}

  static final String ACTIVITY_COLUMNS = """
      a.id, a.type, a.title, a.topic, a.description, a.organization_id, a.committee_id, a.scheduled_start,
      a.scheduled_end, a.status""";

  static JsonObject activity(Row r) {
    ActivityType type = ActivityType.valueOf(r.getString("type"));
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("type", type.name())
        .put("typeLabel", type.label())
        .put("title", r.getString("title"))
        .put("topic", r.getString("topic"))
        .put("description", r.getString("description"))
        .put("organizationId", r.getLong("organization_id"))
        .put("committeeId", r.getLong("committee_id"))
        .put("scheduledStart", r.getOffsetDateTime("scheduled_start").toInstant().toString())
        .put("scheduledEnd", r.getOffsetDateTime("scheduled_end").toInstant().toString())
        .put("status", r.getString("status"));
  }

  static Future<Long> insert(SqlClient db, ActivityType type, String title, String topic, String description,
                             long organizationId, Long committeeId, OffsetDateTime start, OffsetDateTime end,
                             long createdBy) {
    return db.preparedQuery("""
            INSERT INTO activity (type, title, topic, description, organization_id, committee_id, scheduled_start,
                                  scheduled_end, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""")
        .execute(Tuple.from(new Object[]{type.name(), title, topic, description, organizationId, committeeId, start, end,
            createdBy}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Optional<JsonObject>> find(SqlClient db, long id) {
    return db.preparedQuery("SELECT " + ACTIVITY_COLUMNS + " FROM activity a WHERE a.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(activity(rows.iterator().next())));
  }

  /** An activity's outline for its report: title, topic, start, its venues with how many sit in each, its agenda items. */
  static Future<Optional<ActivityOutline>> outline(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT a.title, a.topic, a.scheduled_start,
                   (SELECT coalesce(json_agg(json_build_object('name', v.name,
                            'people', (SELECT count(*) FROM roster_entry r WHERE r.venue_id = v.id)) ORDER BY v.kind <> 'MAIN', v.id), '[]')
                      FROM venue v WHERE v.activity_id = a.id)::text AS venues,
                   (SELECT coalesce(json_agg(json_build_object('id', i.id, 'title', i.title) ORDER BY i.position, i.id), '[]')
                      FROM agenda_item i WHERE i.activity_id = a.id)::text AS items
              FROM activity a WHERE a.id = $1""")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new ActivityOutline(r.getString("title"), r.getString("topic"), r.getOffsetDateTime("scheduled_start"),
              new JsonArray(r.getString("venues")), new JsonArray(r.getString("items"))));
        });
  }

  /** The activities with these ids (title and status, for capabilities tied to an activity), by id. */
  static Future<Map<Long, JsonObject>> byIds(SqlClient db, Collection<Long> ids) {
    return db.preparedQuery("SELECT " + ACTIVITY_COLUMNS + " FROM activity a WHERE a.id = ANY($1)")
        .execute(Tuple.of((Object) ids.toArray(new Long[0])))
        .map(rows -> {
          Map<Long, JsonObject> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("id"), activity(r)));
          return out;
        });
  }

  /** All activities (for those who manage them), newest first, with the caller's roster entry if any. */
  static Future<JsonArray> all(SqlClient db, long accountId) {
    return db.preparedQuery("SELECT " + ACTIVITY_COLUMNS + """
            , r.role AS my_role, r.invitation AS my_invitation, v.kind AS my_venue_kind
             FROM activity a LEFT JOIN roster_entry r ON r.activity_id = a.id AND r.account_id = $1
             LEFT JOIN venue v ON v.id = r.venue_id
            ORDER BY a.scheduled_start DESC LIMIT 500""")
        .execute(Tuple.of(accountId))
        .map(ActivityStore::withMine);
  }

  /** Activities on whose roster the account is. */
  static Future<JsonArray> mine(SqlClient db, long accountId) {
    return db.preparedQuery("SELECT " + ACTIVITY_COLUMNS + """
            , r.role AS my_role, r.invitation AS my_invitation, v.kind AS my_venue_kind
             FROM activity a JOIN roster_entry r ON r.activity_id = a.id AND r.account_id = $1
             LEFT JOIN venue v ON v.id = r.venue_id
            ORDER BY a.scheduled_start DESC LIMIT 500""")
        .execute(Tuple.of(accountId))
        .map(ActivityStore::withMine);
  }

  private static JsonArray withMine(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      JsonObject a = activity(r);
      if (r.getString("my_role") != null) {
        a.put("myRole", r.getString("my_role")).put("myInvitation", r.getString("my_invitation"))
            .put("myVenueKind", r.getString("my_venue_kind"));
      }
      out.add(a);
    }
    return out;
  }

  static Future<JsonArray> agenda(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT id, position, title, planned_minutes, speaking_seconds FROM agenda_item
             WHERE activity_id = $1 ORDER BY position""")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("position", r.getInteger("position"))
              .put("title", r.getString("title")).put("plannedMinutes", r.getInteger("planned_minutes"))
              .put("speakingSeconds", r.getInteger("speaking_seconds"))));
          return out;
        });
  }

  static Future<Long> insertAgendaItem(SqlClient db, long activityId, String title, int plannedMinutes,
                                       int speakingSeconds) {
    return db.preparedQuery("""
            INSERT INTO agenda_item (activity_id, position, title, planned_minutes, speaking_seconds)
            VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE activity_id = $1), $2, $3, $4)
            RETURNING id""")
        .execute(Tuple.of(activityId, title, plannedMinutes, speakingSeconds))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<JsonArray> documents(SqlClient db, long activityId) {
    return db.preparedQuery("SELECT id, title, body, created_at FROM activity_document WHERE activity_id = $1 ORDER BY id")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
              .put("body", r.getString("body")).put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())));
          return out;
        });
  }

  static Future<Long> insertDocument(SqlClient db, long activityId, String title, String body) {
    return db.preparedQuery("INSERT INTO activity_document (activity_id, title, body) VALUES ($1, $2, $3) RETURNING id")
        .execute(Tuple.of(activityId, title, body))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<JsonArray> venues(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT v.id, v.name, v.kind, v.organization_id, v.host_id, h.display_name AS host_name,
                   (SELECT count(*) FROM roster_entry r WHERE r.venue_id = v.id) AS roster_size
              FROM venue v LEFT JOIN identity_person h ON h.id = v.host_id
             WHERE v.activity_id = $1 ORDER BY (v.kind = 'MAIN') DESC, v.id""")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
              .put("kind", r.getString("kind")).put("organizationId", r.getLong("organization_id"))
              .put("hostId", r.getLong("host_id")).put("hostName", r.getString("host_name"))
              .put("rosterSize", r.getLong("roster_size"))));
          return out;
        });
  }

  static Future<Long> insertVenue(SqlClient db, long activityId, String name, String kind, long organizationId,
                                  Long hostId) {
    return db.preparedQuery("""
            INSERT INTO venue (activity_id, name, kind, organization_id, host_id) VALUES ($1, $2, $3, $4, $5)
            RETURNING id""")
        .execute(Tuple.of(activityId, name, kind, organizationId, hostId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Boolean> venueBelongs(SqlClient db, long activityId, long venueId) {
    return db.preparedQuery("SELECT 1 FROM venue WHERE id = $1 AND activity_id = $2")
        .execute(Tuple.of(venueId, activityId)).map(rows -> rows.size() > 0);
  }

  /** Puts a person on the roster or changes their role and venue; answers whether they are new to it. */
  static Future<Boolean> putRosterEntry(SqlClient db, long activityId, long accountId, SessionRole role, long venueId) {
    return db.preparedQuery("""
            INSERT INTO roster_entry (activity_id, account_id, role, venue_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT (activity_id, account_id) DO UPDATE SET role = $3, venue_id = $4
            RETURNING (xmax = 0) AS inserted""")
        .execute(Tuple.of(activityId, accountId, role.name(), venueId))
        .map(rows -> rows.iterator().next().getBoolean("inserted"));
  }

  static Future<JsonArray> roster(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT r.account_id, a.display_name, r.role, r.venue_id, r.invitation, a.sector_id, a.sector, a.department
              FROM roster_entry r JOIN identity_person a ON a.id = r.account_id
             WHERE r.activity_id = $1 ORDER BY r.venue_id, r.role, a.display_name""")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("accountId", r.getLong("account_id"))
              .put("name", r.getString("display_name")).put("role", r.getString("role"))
              .put("maySpeak", SessionRole.valueOf(r.getString("role")).maySpeak())
              .put("venueId", r.getLong("venue_id")).put("invitation", r.getString("invitation"))
              .put("sector", r.getString("sector")).put("department", r.getString("department"))));
          return out;
        });
  }

  static Future<Optional<JsonObject>> rosterEntry(SqlClient db, long activityId, long accountId) {
    return db.preparedQuery("SELECT role, venue_id, invitation FROM roster_entry WHERE activity_id = $1 AND account_id = $2")
        .execute(Tuple.of(activityId, accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new JsonObject()
            .put("role", rows.iterator().next().getString("role"))
            .put("venueId", rows.iterator().next().getLong("venue_id"))
            .put("invitation", rows.iterator().next().getString("invitation"))));
  }

  /** The annual plan's topic the activity holds (the plan's view plan_activity_topic), with its plan's step. */
  static Future<Optional<JsonObject>> planTopic(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT topic_id, topic_title, supervision, plan_id, plan_year, plan_title, plan_status
              FROM plan_activity_topic WHERE activity_id = $1""")
        .execute(Tuple.of(activityId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(planTopicJson(rows.iterator().next())));
  }

  static JsonObject planTopicJson(Row r) {
    return new JsonObject().put("topicId", r.getLong("topic_id")).put("title", r.getString("topic_title"))
        .put("supervision", r.getBoolean("supervision")).put("planId", r.getLong("plan_id"))
        .put("planYear", r.getInteger("plan_year")).put("planTitle", r.getString("plan_title"))
        .put("planStatus", r.getString("plan_status"));
  }

  static Future<Integer> respond(SqlClient db, long activityId, long accountId, boolean accept) {
    return db.preparedQuery("""
            UPDATE roster_entry SET invitation = $3, responded_at = now() WHERE activity_id = $1 AND account_id = $2""")
        .execute(Tuple.of(activityId, accountId, accept ? "ACCEPTED" : "DECLINED"))
        .map(RowSet::rowCount);
  }

  static Future<Boolean> accountExists(SqlClient db, long accountId) {
    return db.preparedQuery("SELECT 1 FROM identity_person WHERE id = $1 AND active").execute(Tuple.of(accountId))
        .map(rows -> rows.size() > 0);
  }

  static Future<Void> insertLink(SqlClient db, byte[] hash, long activityId, long accountId, OffsetDateTime expires,
                                 Long createdBy) {
    return db.preparedQuery("""
            INSERT INTO invitation_link (token_hash, activity_id, account_id, expires_at, created_by)
            VALUES ($1, $2, $3, $4, $5)""")
        .execute(Tuple.of(Buffer.buffer(hash), activityId, accountId, expires, createdBy)).mapEmpty();
  }

  /** The link's activity and account, if it exists, has not expired, and the person is still on the roster. */
  /** Whom an invitation link lets in, to which activity. */
  public record RedeemedLink(long activityId, long accountId) {}

  static Future<Optional<RedeemedLink>> redeemLink(SqlClient db, byte[] hash) {
    return db.preparedQuery("""
            UPDATE invitation_link l SET last_used_at = now()
              FROM roster_entry r
             WHERE l.token_hash = $1 AND l.expires_at > now()
               AND r.activity_id = l.activity_id AND r.account_id = l.account_id AND r.invitation <> 'DECLINED'
            RETURNING l.activity_id, l.account_id""")
        .execute(Tuple.of(Buffer.buffer(hash)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new RedeemedLink(rows.iterator().next().getLong(0), rows.iterator().next().getLong(1))));
  }

  /** The venue a person of this organisation sits at: their organisation's, else the main venue, else the first. */
  static Future<Optional<Long>> venueFor(SqlClient db, long activityId, Long organizationId) {
    return db.preparedQuery("""
            SELECT coalesce((SELECT ve.id FROM venue ve WHERE ve.activity_id = $1 AND ve.organization_id = $2
                              ORDER BY ve.id LIMIT 1),
                            (SELECT ve.id FROM venue ve WHERE ve.activity_id = $1 ORDER BY (ve.kind = 'MAIN') DESC, ve.id LIMIT 1))""")
        .execute(Tuple.of(activityId, organizationId))
        .map(rows -> Optional.ofNullable(rows.iterator().next().getLong(0)));
  }

  /** The answers (INVITED, ACCEPTED, DECLINED) of those of these accounts who are on the roster. */
  static Future<Map<Long, String>> invitationAnswers(SqlClient db, long activityId, Long[] accountIds) {
    return db.preparedQuery("SELECT account_id, invitation FROM roster_entry WHERE activity_id = $1 AND account_id = ANY($2)")
        .execute(Tuple.of(activityId, (Object) accountIds))
        .map(rows -> {
          Map<Long, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("account_id"), r.getString("invitation")));
          return out;
        });
  }

  static Future<Optional<JsonObject>> minutes(SqlClient db, long activityId) {
    // with the recordings' references and video attendance per venue, kept beside the minutes
    return db.preparedQuery("""
            SELECT m.body, m.text, m.created_at,
                   (SELECT coalesce(json_agg(json_build_object('reference', r.reference, 'room', r.room,
                           'startedAt', r.started_at, 'stoppedAt', r.stopped_at) ORDER BY r.id), '[]')
                      FROM video_recording_brief r WHERE r.session_id = $1)::text AS recordings,
                   (SELECT coalesce(json_agg(json_build_object('venueId', x.venue_id, 'people', x.people,
                           'firstJoinedAt', x.first_joined_at, 'lastLeftAt', x.last_left_at) ORDER BY x.venue_id), '[]')
                      FROM video_attendance_by_venue x WHERE x.session_id = $1)::text AS video
              FROM minutes m WHERE m.activity_id = $1""")
        .execute(Tuple.of(activityId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new JsonObject()
            .put("body", rows.iterator().next().getJsonObject("body"))
            .put("text", rows.iterator().next().getString("text"))
            .put("createdAt", rows.iterator().next().getOffsetDateTime("created_at").toInstant().toString())
            .put("recordings", new JsonArray(rows.iterator().next().getString("recordings")))
            .put("videoAttendance", new JsonArray(rows.iterator().next().getString("video")))));
  }

  /** The minutes' versions after the first (the draft live wrote), oldest first, with who saved each. */
  static Future<List<Row>> minutesVersions(SqlClient db, long activityId) {
    return db.preparedQuery("""
            SELECT v.version, v.status, v.text, v.edited_at, a.display_name AS edited_by
              FROM minutes_version v JOIN identity_person a ON a.id = v.edited_by
             WHERE v.activity_id = $1 ORDER BY v.version""")
        .execute(Tuple.of(activityId))
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }

  /** Appends a version; the primary key refuses a second writer of the same version. */
  static Future<Void> insertMinutesVersion(SqlClient db, long activityId, int version, String status, String text, long by) {
    return db.preparedQuery("""
            INSERT INTO minutes_version (activity_id, version, status, text, edited_by) VALUES ($1, $2, $3, $4, $5)""")
        .execute(Tuple.of(activityId, version, status, text, by)).mapEmpty();
  }

  /** A session's status as live moves it (LIVE, PAUSED, CLOSED), in live's transaction. */
  static Future<Void> setStatus(SqlClient db, long sessionId, String status) {
    return db.preparedQuery("UPDATE activity SET status = $2 WHERE id = $1").execute(Tuple.of(sessionId, status))
        .mapEmpty();
  }

  /** The minutes live drafts when a session closes (version 0 of the minutes), in live's transaction. */
  static Future<Void> insertMinutes(SqlClient db, long sessionId, JsonObject body, String text) {
    return db.preparedQuery("""
            INSERT INTO minutes (activity_id, body, text) VALUES ($1, $2, $3)
            ON CONFLICT (activity_id) DO UPDATE SET body = $2, text = $3, created_at = now()""")
        .execute(Tuple.of(sessionId, body, text)).mapEmpty();
  }

  /** Sessions that were running when the server stopped: they resume at start-up. */
  static Future<List<Long>> running(SqlClient db) {
    return db.query("SELECT id FROM activity WHERE status IN ('LIVE', 'PAUSED')").execute()
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }
}
