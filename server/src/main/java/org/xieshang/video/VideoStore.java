package org.xieshang.video;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * All SQL of video: its tables are video_recording and video_attendance. Attendance rows name the
 * session's activity, venue and account only when they exist (checked by subquery, never written).
 * Room names are stored in lower case, as Jitsi reports them.
 */
final class VideoStore {
  private VideoStore() {}

  /** The reference of the recording running in the session, if one is. */
  static Future<Optional<String>> runningRecording(SqlClient db, long sessionId) {
    return db.preparedQuery("SELECT reference FROM video_recording WHERE session_id = $1 AND stopped_at IS NULL")
        .execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  static Future<Void> insertRecording(SqlClient db, long sessionId, String room, String reference, long startedBy) {
    return db.preparedQuery("""
            INSERT INTO video_recording (session_id, room, reference, started_by) VALUES ($1, $2, $3, $4)""")
        .execute(Tuple.of(sessionId, room, reference, startedBy))
        .mapEmpty();
  }

  static Future<Void> stopRecording(SqlClient db, String reference) {
    return db.preparedQuery("UPDATE video_recording SET stopped_at = now() WHERE reference = $1")
        .execute(Tuple.of(reference))
        .mapEmpty();
  }

  /**
   * Someone joined a room of the session (of a venue, or the main room when venueId is null). Nothing
   * is kept when the session is unknown; the venue and account only when they are the session's and real.
   */
  static Future<Void> joined(SqlClient db, long sessionId, Long venueId, String room, String occupantId, String name,
                             OffsetDateTime at) {
    return db.preparedQuery("""
            INSERT INTO video_attendance (session_id, venue_id, room, occupant_id, account_id, name, joined_at)
            SELECT a.id, (SELECT v.id FROM activity_venue v WHERE v.id = $2 AND v.activity_id = a.id), $3, $4,
                   (SELECT id FROM identity_person WHERE id::text = $4), $5, $6
              FROM activity_brief a WHERE a.id = $1""")
        .execute(Tuple.of(sessionId, venueId, room, occupantId, name, at))
        .mapEmpty();
  }

  /** The occupant's latest open stay in the room ends. */
  static Future<Void> left(SqlClient db, String room, String occupantId, OffsetDateTime at) {
    return db.preparedQuery("""
            UPDATE video_attendance SET left_at = $3
             WHERE id = (SELECT id FROM video_attendance WHERE room = $1 AND occupant_id = $2 AND left_at IS NULL
                          ORDER BY joined_at DESC LIMIT 1)""")
        .execute(Tuple.of(room, occupantId, at))
        .mapEmpty();
  }

  /** The room closed: every stay still open in it ends. */
  static Future<Void> roomDestroyed(SqlClient db, String room, OffsetDateTime at) {
    return db.preparedQuery("UPDATE video_attendance SET left_at = $2 WHERE room = $1 AND left_at IS NULL")
        .execute(Tuple.of(room, at))
        .mapEmpty();
  }
}
