package org.xieshang.live;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.activity.ActivityService;
import org.xieshang.inbox.Inbox;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.FieldError;
import org.xieshang.platform.metrics.Metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Finds or becomes the owner of a session. Ownership is a SharedData lock named after the session:
 * local on one node, cluster-wide through Hazelcast (released when its node dies, so another node
 * takes over on the next command and rebuilds from the log). Commands reach the owner over the
 * event bus, from whichever node the client is connected to.
 */
public final class LiveSessions {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);
  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  /** Sessions this node owns (or is becoming owner of). */
  private final Map<Long, Future<String>> owned = new ConcurrentHashMap<>();
  /** This process, as written in live_owner. */
  private final String node = ProcessHandle.current().pid() + "@" + UUID.randomUUID().toString().substring(0, 8);
  /** In a cluster, how often each node offers to own running sessions that nobody owns. */
  public static final long TAKEOVER_CHECK_MILLIS = 1000;
  /** How long a command waits for a session's owner to appear (a takeover after a node died). */
  static final long OWNER_WAIT_MILLIS = 12_000;
  /**
   * How long a command with a client id (or a query) waits for its owner's answer before it is sent
   * again: an owner killed with a command in hand never answers, and waiting the full timeout for it
   * delayed every command of a failover by 8 s. Sending again is safe: the owner applies a client id
   * once and answers a repeat with the seq it had (a slow owner just answers both).
   */
  static final long RESEND_MILLIS = 2_000;

  private final Inbox inbox;
  /** the fewest nodes this one must see (itself included) to own sessions: a majority, so that a node cut off from the rest never takes a session back */
  private final int quorum;
  private final IntSupplier members;

  public LiveSessions(Vertx vertx, Pool pool, Inbox inbox, Clock clock) {
    this(vertx, pool, inbox, clock, 1);
  }

  /** quorum 0: a majority of the members listed in the Hazelcast configuration. */
  public LiveSessions(Vertx vertx, Pool pool, Inbox inbox, Clock clock, int quorum) {
    this.vertx = vertx;
    this.pool = pool;
    this.inbox = inbox;
    this.clock = clock;
    var cluster = ((VertxInternal) vertx).clusterManager();
    this.members = cluster == null ? () -> 1 : () -> cluster.getNodes().size();
    this.quorum = quorum > 0 ? quorum : majorityOfListed(cluster);
    if (cluster != null) {
      LOG.info("live sessions are owned only while this node sees at least {} of the cluster's nodes", this.quorum);
    }
    Gauge.builder("xieshang.live.sessions.owned", this, LiveSessions::ownedHere)
        .description("live sessions whose single writer runs on this node").strongReference(true)
        .register(Metrics.registry());
  }

  /** Sessions whose owner runs here (not those still starting). */
  private double ownedHere() {
    return owned.values().stream().filter(Future::succeeded).count();
  }

  /** A majority of cluster.xml's member list (each entry one node); 1 without a cluster or a list. */
  private static int majorityOfListed(ClusterManager cluster) {
    if (cluster instanceof HazelcastClusterManager hz && hz.getHazelcastInstance() != null) {
      int listed = hz.getHazelcastInstance().getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size();
      return listed / 2 + 1;
    }
    return 1;
  }

  /** Whether this node sees enough of the cluster to own sessions (always, on a single node). */
  public boolean quorate() {
    return members.getAsInt() >= quorum;
  }

  private static DomainError minority() {
    return new DomainError(503, "owner-moved", "本节点暂时与集群失去联系", "请用同一指令编号重试，将由其他节点处理",
        List.of(), null);
  }

  /** Makes sure some node owns the session; this one, if nobody does. */
  public Future<Void> ensureOwner(long sessionId) {
    if (!quorate()) {
      return Future.failedFuture(minority());
    }
    Future<String> mine = owned.get(sessionId);
    if (mine != null) {
      return mine.mapEmpty();
    }
    return vertx.sharedData().getLockWithTimeout("live.owner." + sessionId, 50)
        .compose(lock -> {
          Future<String> deployment = vertx.deployVerticle(new LiveOwner(sessionId, pool, inbox, clock, lock, node,
                  () -> owned.remove(sessionId)),
                  new DeploymentOptions())
              .onFailure(e -> {
                lock.release();
                owned.remove(sessionId);
                LOG.warn("could not start the owner of session {}", sessionId, e);
              });
          Future<String> raced = owned.putIfAbsent(sessionId, deployment);
          return (raced == null ? deployment : raced).<Void>mapEmpty();
        }, lockTimeout -> Future.succeededFuture()); // held elsewhere: that node owns it
  }

  /** Sends a command (or query) to the session's owner as the given account; retries while an owner starts. */
  public Future<JsonObject> send(long sessionId, long accountId, JsonObject body) {
    String type = body.getValue("type") instanceof String t ? t : "";
    boolean resendable = type.equals("Snapshot") || type.equals("HeldComments")
        || body.getValue("clientId") instanceof String id && !id.isBlank() && id.length() <= 64;
    DeliveryOptions options = new DeliveryOptions().addHeader("actor", Long.toString(accountId))
        .setSendTimeout(resendable ? RESEND_MILLIS : 8_000);
    return attempt(sessionId, body, options, System.currentTimeMillis() + OWNER_WAIT_MILLIS, resendable);
  }

  private Future<JsonObject> attempt(long sessionId, JsonObject body, DeliveryOptions options, long until,
                                     boolean resendable) {
    return ensureOwner(sessionId)
        .compose(v -> vertx.eventBus().<Object>request(LiveOwner.commandAddress(sessionId), body, options))
        .map(reply -> reply.body() instanceof JsonObject o ? o
            : new JsonObject().put("items", reply.body()))
        .recover(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
              && System.currentTimeMillis() < until) {
            // no owner yet (starting, or its node just died and another is taking over)
            return sleep(100).compose(v -> attempt(sessionId, body, options, until, resendable));
          }
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT && resendable
              && System.currentTimeMillis() < until) {
            // no answer: the owner may have died with it; send again (to the next owner, once there is one)
            return attempt(sessionId, body, options, until, resendable);
          }
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return Future.failedFuture(fromReply(re));
          }
          if (e instanceof ReplyException) {
            // sent to an owner that vanished (its node died): the command may or may not have been
            // committed, so the client retries with the same client id, which is applied at most once
            return Future.failedFuture(new DomainError(503, "owner-moved", "会议正在切换服务节点", "请用同一指令编号重试",
                List.of(), null));
          }
          return Future.failedFuture(e);
        });
  }

  private Future<Void> sleep(long ms) {
    return Future.future(p -> vertx.setTimer(ms, t -> p.complete()));
  }

  /** The owner fails a command with the problem JSON as the message; turn it back into a DomainError. */
  static DomainError fromReply(ReplyException re) {
    try {
      JsonObject p = new JsonObject(re.getMessage());
      List<FieldError> fields = new ArrayList<>();
      if (p.getJsonArray("errors") != null) {
        p.getJsonArray("errors").forEach(o -> fields.add(new FieldError(
            ((JsonObject) o).getString("field"), ((JsonObject) o).getString("message"))));
      }
      return new DomainError(re.failureCode(), p.getString("type").replace(DomainError.TYPE_PREFIX, ""),
          p.getString("title"), p.getString("detail"), fields, null);
    } catch (RuntimeException e) {
      return new DomainError(500, "internal", "服务器内部错误", re.getMessage(), List.of(), null);
    }
  }

  /**
   * At start-up, and every second in a cluster: every running session nobody owns gets an owner. A
   * node that no longer sees a quorum (cut off from the others) steps down from the sessions it owns
   * instead: the other side takes them over, and their writes fence any of ours still in flight.
   */
  public Future<Void> resumeRunning() {
    if (!quorate()) {
      if (!owned.isEmpty()) {
        LOG.warn("this node sees {} of the cluster's nodes, fewer than {}: stepping down from {} live sessions",
            members.getAsInt(), quorum, owned.size());
      }
      return close();
    }
    return ActivityService.runningSessions(pool)
        .compose(ids -> Future.all(ids.stream().map(this::ensureOwner).toList()))
        .mapEmpty();
  }

  public Future<Void> close() {
    return Future.all(owned.values().stream()
            .map(f -> f.compose(id -> vertx.undeploy(id)).recover(e -> Future.succeededFuture()))
            .toList())
        .mapEmpty();
  }
}
