package org.xieshang.forum;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;

/** A theme as the rules need it: who may take part, and when. */
public record Theme(long id, String title, Long activityId, long committeeId, Instant opensAt, Instant closesAt,
                    boolean publicVisible, boolean premoderatePublic) {

  static final String COLUMNS = """
      t.id, t.title, t.topic, t.description, t.activity_id, t.committee_id, t.opens_at, t.closes_at, t.visibility,
      t.premoderate_public""";

  static Theme of(Row r) {
    return new Theme(r.getLong("id"), r.getString("title"), r.getLong("activity_id"), r.getLong("committee_id"),
        r.getOffsetDateTime("opens_at").toInstant(), r.getOffsetDateTime("closes_at").toInstant(),
        "PUBLIC".equals(r.getString("visibility")), r.getBoolean("premoderate_public"));
  }

  static JsonObject json(Row r, Instant now) {
    Theme t = of(r);
    return new JsonObject()
        .put("id", t.id)
        .put("title", t.title)
        .put("topic", r.getString("topic"))
        .put("description", r.getString("description"))
        .put("activityId", t.activityId)
        .put("committeeId", t.committeeId)
        .put("opensAt", t.opensAt.toString())
        .put("closesAt", t.closesAt.toString())
        .put("visibility", r.getString("visibility"))
        .put("premoderatePublic", t.premoderatePublic)
        .put("state", t.state(now));
  }

  /** NOT_OPEN, OPEN or CLOSED. */
  public String state(Instant now) {
    return now.isBefore(opensAt) ? "NOT_OPEN" : now.isBefore(closesAt) ? "OPEN" : "CLOSED";
  }

  public boolean isOpen(Instant now) {
    return "OPEN".equals(state(now));
  }
}
