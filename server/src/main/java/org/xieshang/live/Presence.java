package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;

/**
 * How many people are connected at each venue of a session, for the chair's grid of venues. Each node
 * counts its own sockets in a SharedData counter of its own (counters span the cluster); a reading adds
 * up the counters of the nodes that are members now, so the sockets of a node that died stop counting
 * as soon as the cluster has removed it.
 */
public final class Presence {
  private final Vertx vertx;
  private final ClusterManager cluster;

  public Presence(Vertx vertx) {
    this.vertx = vertx;
    this.cluster = ((VertxInternal) vertx).clusterManager();
  }

  private String node() {
    return cluster == null ? "local" : cluster.getNodeId();
  }

  private List<String> nodes() {
    return cluster == null ? List.of("local") : cluster.getNodes();
  }

  private static String name(long sessionId, long venueId, String node) {
    return "live." + sessionId + ".online." + venueId + "@" + node;
  }

  public void joined(long sessionId, long venueId) {
    vertx.sharedData().getCounter(name(sessionId, venueId, node())).compose(c -> c.incrementAndGet());
  }

  public void left(long sessionId, long venueId) {
    vertx.sharedData().getCounter(name(sessionId, venueId, node())).compose(c -> c.decrementAndGet());
  }

  /** {venueId: connected} for the given venues. */
  public Future<JsonObject> online(long sessionId, List<Long> venues) {
    List<String> members = nodes();
    List<Future<Long>> counts = venues.stream()
        .map(v -> Future.all(members.stream()
                .map(n -> vertx.sharedData().getCounter(name(sessionId, v, n)).compose(c -> c.get()))
                .toList())
            .map(all -> all.<Long>list().stream().mapToLong(Long::longValue).sum()))
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
