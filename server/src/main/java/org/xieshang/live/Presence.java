package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How many people are connected at each venue of a session, for the chair's grid of venues. Counted
 * in SharedData counters, which span the cluster, so every node's sockets add up. (A node that dies
 * without closing its sockets leaves its counts behind until the session's counters are reset.)
 */
public final class Presence {
  private final Vertx vertx;

  public Presence(Vertx vertx) {
    this.vertx = vertx;
  }

  private static String name(long sessionId, long venueId) {
    return "live." + sessionId + ".online." + venueId;
  }

  public void joined(long sessionId, long venueId) {
    vertx.sharedData().getCounter(name(sessionId, venueId)).compose(c -> c.incrementAndGet());
  }

  public void left(long sessionId, long venueId) {
    vertx.sharedData().getCounter(name(sessionId, venueId)).compose(c -> c.decrementAndGet());
  }

  /** {venueId: connected} for the given venues. */
  public Future<JsonObject> online(long sessionId, List<Long> venues) {
    List<Future<Long>> counts = venues.stream()
        .map(v -> vertx.sharedData().getCounter(name(sessionId, v)).compose(c -> c.get()))
        .toList();
    return Future.all(counts).map(all -> {
      JsonObject out = new JsonObject();
      for (int i = 0; i < venues.size(); i++) {
        out.put(String.valueOf(venues.get(i)), Math.max(0, counts.get(i).result()));
      }
      return out;
    });
  }
}
