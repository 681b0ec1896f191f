package org.xieshang.video;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.activity.SessionRole;
import org.xieshang.identity.Caller;
import org.xieshang.live.RosterCache;
import org.xieshang.live.SessionRoster;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Video beside a live session: the rooms and tokens a participant gets, how many are connected in each
 * venue's room (asked of Jitsi at most every few seconds per session, "unknown" when Jitsi does not
 * answer), video attendance from Jitsi's webhooks, and recordings the chair starts and stops.
 */
public final class VideoService {
  private static final Logger LOG = LoggerFactory.getLogger(VideoService.class);
  static final Duration PRESENCE_CACHE = Duration.ofSeconds(5);

  private final VideoProvider provider;
  private final RosterCache rosters;
  private final Pool pool;
  private final boolean observersViewOnly;
  private final Cache<Long, Future<JsonObject>> presence = Caffeine.newBuilder()
      .expireAfterWrite(PRESENCE_CACHE).maximumSize(10_000).build();

  public VideoService(VideoProvider provider, RosterCache rosters, Pool pool, boolean observersViewOnly) {
    this.provider = provider;
    this.rosters = rosters;
    this.pool = pool;
    this.observersViewOnly = observersViewOnly;
  }

  private Future<SessionRoster.Participant> onRoster(Caller caller, long sessionId) {
    return rosters.participant(sessionId, caller.accountId())
        .recover(e -> Future.failedFuture(e instanceof DomainError ? e : DomainError.notFound("会议")))
        .compose(p -> p.isPresent() ? Future.succeededFuture(p.get())
            : Future.failedFuture(DomainError.forbidden("您不在本次会议的参会名单中")));
  }

  /** The rooms the caller may enter, each with a short-lived token; none when the provider is "none". */
  public Future<JsonObject> join(Caller caller, long sessionId) {
    return onRoster(caller, sessionId).compose(p -> rosters.roster(sessionId).map(roster -> {
      JsonArray rooms = new JsonArray();
      if (!provider.name().equals("none")) {
        for (Rooms.Grant g : Rooms.grants(roster, p, observersViewOnly)) {
          JsonObject token = provider.token(g, new VideoProvider.Person(caller.accountId(), p.name(), ""));
          rooms.add(new JsonObject().put("key", g.key()).put("room", g.room()).put("label", g.label())
              .put("venueId", g.venueId()).put("moderator", g.moderator()).put("viewOnly", g.viewOnly())
              .put("mine", g.venueId() != null && g.venueId() == p.venueId())
              .put("jwt", token.getString("jwt")).put("expiresAt", token.getLong("expiresAt")));
        }
      }
      return provider.client().copy().put("provider", provider.name()).put("rooms", rooms)
          .put("canRecord", provider.canRecord() && chairs(p.role()));
    }));
  }

  /**
   * Connected people per room. A room Jitsi does not answer for is "unknown" (connected null), and
   * then {@code available} is false with a message for the chair; the meeting goes on regardless.
   */
  public Future<JsonObject> presence(Caller caller, long sessionId) {
    return onRoster(caller, sessionId).compose(p -> presence.get(sessionId, id -> measure(id)
        .onFailure(e -> presence.invalidate(id))));
  }

  private Future<JsonObject> measure(long sessionId) {
    if (provider.name().equals("none")) {
      return Future.succeededFuture(new JsonObject().put("provider", "none").put("available", false)
          .put("rooms", new JsonArray()));
    }
    return rosters.roster(sessionId).compose(roster -> {
      List<String> names = new ArrayList<>();
      List<Long> venues = new ArrayList<>();
      names.add(Rooms.main(sessionId));
      venues.add(null);
      roster.venues().forEach(v -> {
        names.add(Rooms.venue(sessionId, v.id()));
        venues.add(v.id());
      });
      List<Future<Integer>> sizes = names.stream().map(n -> provider.roomSize(n).otherwise((Integer) null)).toList();
      return Future.join(sizes).otherwise(x -> null).map(x -> {
        JsonArray rooms = new JsonArray();
        boolean all = true;
        for (int i = 0; i < names.size(); i++) {
          Integer n = sizes.get(i).result();
          all &= n != null;
          rooms.add(new JsonObject().put("room", names.get(i)).put("venueId", venues.get(i)).put("connected", n));
        }
        JsonObject out = new JsonObject().put("provider", provider.name()).put("available", all).put("rooms", rooms);
        if (!all) {
          out.put("message", "视频服务暂时无法连接，各会场人数未知；会议照常进行");
        }
        return out;
      });
    });
  }

  // ---- recording

  private static boolean chairs(SessionRole role) {
    return role == SessionRole.CHAIR || role == SessionRole.VICE_CHAIR;
  }

  /** The chair starts recording the main room; the reference is kept with the minutes. */
  public Future<JsonObject> startRecording(Caller caller, long sessionId, AuditLog.By by) {
    String room = Rooms.main(sessionId);
    String reference = room + "-" + UUID.randomUUID().toString().substring(0, 8);
    return onRoster(caller, sessionId)
        .compose(this::mayStartRecording)
        .compose(x -> VideoStore.runningRecording(pool, sessionId))
        .compose(running -> running.isEmpty() ? Future.succeededFuture()
            : Future.failedFuture(DomainError.conflict("recording-running", "正在录制中", "action", "请先停止当前录制")))
        .compose(x -> provider.startRecording(room, reference)
            .recover(e -> Future.failedFuture(e instanceof JitsiVideo.Busy
                ? DomainError.conflict("recording-busy", "录制服务正忙", "action", "录制服务正在录制其他会议，请稍后再试")
                : unavailable(e))))
        .compose(x -> pool.withTransaction(tx -> VideoStore.insertRecording(tx, sessionId, room, reference, caller.accountId())
            .compose(y -> AuditLog.record(tx, by, "video.recording.start", "activity", sessionId,
                new JsonObject().put("reference", reference)))))
        .map(new JsonObject().put("reference", reference).put("room", room));
  }

  private Future<Void> mayStartRecording(SessionRoster.Participant p) {
    if (!chairs(p.role())) {
      return Future.failedFuture(DomainError.forbidden("只有主持人可以录制"));
    }
    if (!provider.canRecord()) {
      return Future.failedFuture(DomainError.conflict("recording-unavailable", "未配置录制服务", "action", "视频录制未启用"));
    }
    return Future.succeededFuture();
  }

  public Future<JsonObject> stopRecording(Caller caller, long sessionId, AuditLog.By by) {
    return onRoster(caller, sessionId)
        .compose(p -> chairs(p.role()) ? VideoStore.runningRecording(pool, sessionId)
            : Future.failedFuture(DomainError.forbidden("只有主持人可以录制")))
        .compose(running -> running.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            DomainError.conflict("recording-not-running", "当前没有在录制", "action", "没有正在进行的录制"))))
        .compose(reference -> provider.stopRecording(reference)
            .recover(e -> Future.failedFuture(unavailable(e)))
            .map(reference))
        .compose(reference -> pool.withTransaction(tx -> VideoStore.stopRecording(tx, reference)
                .compose(y -> AuditLog.record(tx, by, "video.recording.stop", "activity", sessionId,
                    new JsonObject().put("reference", reference))))
            .map(reference))
        .map(reference -> new JsonObject().put("reference", reference));
  }

  private static DomainError unavailable(Throwable e) {
    LOG.warn("video service call failed: {}", e.toString());
    return new DomainError(503, "video-unavailable", "视频服务暂时无法连接", "会议照常进行，请稍后再试",
        List.of(), null);
  }

  // ---- webhooks (Jitsi's mod_event_sync)

  /** Records what Jitsi reports about a room of ours; rooms not ours are acknowledged and ignored. */
  public Future<Void> webhook(String event, JsonObject body) {
    String roomName = body.getString("room_name", "");
    Optional<Rooms.Place> place = Rooms.parse(roomName);
    if (place.isEmpty()) {
      return Future.succeededFuture();
    }
    long session = place.get().sessionId();
    Long venue = place.get().venueId();
    JsonObject occupant = body.getJsonObject("occupant", new JsonObject());
    String occupantId = occupant.getString("id", occupant.getString("occupant_jid", ""));
    String room = roomName.toLowerCase(Locale.ROOT);
    return switch (event) {
      case "occupant/joined" -> VideoStore.joined(pool, session, venue, room, occupantId, occupant.getString("name"),
          time(occupant.getValue("joined_at")));
      case "occupant/left" -> VideoStore.left(pool, room, occupantId, time(occupant.getValue("left_at")));
      case "room/destroyed" -> VideoStore.roomDestroyed(pool, room, time(body.getValue("destroyed_at")));
      default -> Future.succeededFuture(); // room/created: nothing to keep until someone joins
    };
  }

  /** event_sync sends epoch seconds; a missing or odd value means "now". */
  static OffsetDateTime time(Object value) {
    if (value instanceof Number n) {
      long v = n.longValue();
      Instant at = v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
      return at.atOffset(ZoneOffset.UTC);
    }
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
