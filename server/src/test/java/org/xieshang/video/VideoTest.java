package org.xieshang.video;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xieshang.support.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Video through Jitsi against a local Prosody/Jibri stand-in; the meeting without video. */
class VideoTest {
  static final String SECRET = "jitsi-app-secret-0123456789abcdef-xyz";
  static final String HOOK = "event-sync-secret-42";
  static FakeJitsi jitsi;
  static TestApp app;
  static long meeting;

  @BeforeAll
  static void up() throws Exception {
    jitsi = new FakeJitsi();
    app = TestApp.start(jitsiEnv(Map.of("XIESHANG_VIDEO_JITSI_APP_SECRET", SECRET)));
    meeting = app.count("SELECT min(id) FROM activity");
  }

  static Map<String, String> jitsiEnv(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of(
        "XIESHANG_VIDEO_PROVIDER", "jitsi",
        "XIESHANG_VIDEO_JITSI_DOMAIN", "meet.example.org",
        "XIESHANG_VIDEO_JITSI_APP_ID", "xieshang",
        "XIESHANG_VIDEO_JITSI_PROSODY_BASE", jitsi.base(),
        "XIESHANG_VIDEO_JITSI_JIBRI_BASE", jitsi.base(),
        "XIESHANG_VIDEO_JITSI_WEBHOOK_SECRET", HOOK,
        "XIESHANG_VIDEO_JITSI_TIMEOUT_MILLIS", "300"));
    env.putAll(extra);
    return env;
  }

  @AfterAll
  static void down() throws Exception {
    app.close();
    jitsi.close();
  }

  static JsonObject join(String user) {
    TestApp.Reply r = app.get("/api/live/" + meeting + "/video", app.login(user));
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static Map<String, JsonObject> rooms(JsonObject join) {
    Map<String, JsonObject> out = new HashMap<>();
    join.getJsonArray("rooms").forEach(o -> out.put(((JsonObject) o).getString("key"), (JsonObject) o));
    return out;
  }

  long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void tokensPassJitsisRulesForTheirRoomOnlyWithModeratorForChairsAndHosts() {
    JitsiTokenRules rules = new JitsiTokenRules(app.vertx, "HS256", SECRET, "xieshang", "jitsi", "");
    JsonObject chair = join("chair");
    assertEquals("https://meet.example.org/external_api.js", chair.getString("scriptUrl"));
    Map<String, JsonObject> chairRooms = rooms(chair);
    long venues = app.count("SELECT count(*) FROM venue WHERE activity_id = " + meeting);
    assertEquals(venues + 1, chairRooms.size(), "the chair may enter the main room and every venue's");
    for (JsonObject room : chairRooms.values()) {
      JsonObject claims = rules.admit(room.getString("jwt"), room.getString("room"), now());
      assertTrue(JitsiTokenRules.moderator(claims));
      assertEquals(Long.toString(app.accountId("chair")), claims.getJsonObject("context").getJsonObject("user").getString("id"));
      assertTrue(claims.getJsonObject("context").getJsonObject("features").getBoolean("recording"));
      long life = claims.getLong("exp") - now();
      assertTrue(life > 9 * 60 && life <= 10 * 60, "short-lived: " + life + " s");
      assertEquals(room.getString("room").toLowerCase(), room.getString("room"), "lowercase, as Jitsi normalises");
      assertTrue(room.getString("room").matches("[a-z0-9-]+"), "URL-safe");
    }

    Map<String, JsonObject> member = rooms(join("member02"));
    assertEquals(2, member.size(), "a member: the main room and their venue's");
    JsonObject main = member.get("main");
    assertFalse(JitsiTokenRules.moderator(rules.admit(main.getString("jwt"), main.getString("room"), now())));
    JsonObject own = member.values().stream().filter(r -> r.getBoolean("mine")).findFirst().orElseThrow();
    JsonObject other = chairRooms.values().stream().filter(r -> r.getLong("venueId") != null
        && !r.getLong("venueId").equals(own.getLong("venueId"))).findFirst().orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> rules.admit(own.getString("jwt"), other.getString("room"), now()),
        "a token opens its own room only");
    assertThrows(IllegalArgumentException.class, () -> rules.admit(main.getString("jwt"), main.getString("room"), now() + 11 * 60),
        "and only until it expires");
    JitsiTokenRules wrongKey = new JitsiTokenRules(app.vertx, "HS256", SECRET.replace('x', 'y'), "xieshang", "jitsi", "");
    assertThrows(IllegalArgumentException.class, () -> wrongKey.admit(main.getString("jwt"), main.getString("room"), now()));

    Map<String, JsonObject> host = rooms(join("host-anyue"));
    JsonObject hostVenue = host.values().stream().filter(r -> r.getLong("venueId") != null).findFirst().orElseThrow();
    assertTrue(JitsiTokenRules.moderator(rules.admit(hostVenue.getString("jwt"), hostVenue.getString("room"), now())));
    assertFalse(JitsiTokenRules.moderator(rules.admit(host.get("main").getString("jwt"), host.get("main").getString("room"), now())));

    Map<String, JsonObject> observer = rooms(join("public05"));
    assertEquals(List.of("main"), List.copyOf(observer.keySet()));
    assertTrue(observer.get("main").getBoolean("viewOnly"));

    assertEquals(403, app.get("/api/live/" + meeting + "/video", app.login("official-jyj")).status(),
        "no token for anyone off the roster");
  }

  @Test
  void rs256TokensCarryTheKeyIdAndVerifyWithThePublicKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    Path key = Files.createTempFile("jitsi-key", ".pem");
    Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Map<String, String> env = jitsiEnv(Map.of("XIESHANG_VIDEO_JITSI_PRIVATE_KEY_FILE", key.toString(),
        "XIESHANG_VIDEO_JITSI_KEY_ID", "xieshang/key-1", "XIESHANG_VIDEO_JITSI_TENANT", "zyzx"));
    try (TestApp rsa = TestApp.start(env)) {
      TestApp.Reply r = rsa.get("/api/live/" + meeting + "/video", rsa.login("member02"));
      assertEquals(200, r.status(), r.body());
      JsonObject main = rooms(r.json()).get("main");
      assertEquals("xieshang/key-1", JitsiTokenRules.header(main.getString("jwt")).getString("kid"));
      assertEquals("RS256", JitsiTokenRules.header(main.getString("jwt")).getString("alg"));
      JitsiTokenRules rules = new JitsiTokenRules(rsa.vertx, "RS256", pem("PUBLIC KEY", pair.getPublic().getEncoded()),
          "xieshang", "jitsi", "zyzx");
      assertEquals("zyzx", rules.admit(main.getString("jwt"), main.getString("room"), now()).getString("sub"));
    } finally {
      Files.delete(key);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Test
  void presenceCountsEachVenuesRoomAndTurnsUnknownWhenJitsiFails() {
    String chair = app.login("chair");
    long venue = app.count("SELECT min(id) FROM venue WHERE activity_id = " + meeting);
    jitsi.rooms.put(Rooms.main(meeting), 4);
    jitsi.rooms.put(Rooms.venue(meeting, venue), 2);
    JsonObject p = app.get("/api/live/" + meeting + "/video/presence", chair).json();
    assertTrue(p.getBoolean("available"), p.encode());
    Map<String, Integer> connected = new HashMap<>();
    p.getJsonArray("rooms").forEach(o -> connected.put(((JsonObject) o).getString("room"), ((JsonObject) o).getInteger("connected")));
    assertEquals(4, connected.get(Rooms.main(meeting)));
    assertEquals(2, connected.get(Rooms.venue(meeting, venue)));
    assertTrue(connected.values().stream().filter(n -> n == 0).count() >= 1, "a room nobody opened counts 0");
    assertEquals(403, app.get("/api/live/" + meeting + "/video/presence", app.login("official-jyj")).status());
  }

  @Test
  void recordingStartsAndStopsThroughJibriAndIsRefusedWhenBusyOrToNonChairs() {
    String chair = app.login("chair");
    assertEquals(403, app.post("/api/live/" + meeting + "/video/recording", new JsonObject().put("action", "start"),
        app.login("member02")).status());
    jitsi.busyStatus = "BUSY";
    TestApp.Reply busy = app.post("/api/live/" + meeting + "/video/recording", new JsonObject().put("action", "start"), chair);
    assertEquals(409, busy.status(), busy.body());
    assertEquals("录制服务正忙", busy.json().getString("title"));
    jitsi.busyStatus = "IDLE";
    TestApp.Reply start = app.post("/api/live/" + meeting + "/video/recording", new JsonObject().put("action", "start"), chair);
    assertEquals(200, start.status(), start.body());
    String reference = start.json().getString("reference");
    JsonObject sent = jitsi.started.get(jitsi.started.size() - 1);
    assertEquals(reference, sent.getString("sessionId"));
    assertEquals(Rooms.main(meeting), sent.getJsonObject("callParams").getJsonObject("callUrlInfo").getString("callName"));
    assertEquals(409, app.post("/api/live/" + meeting + "/video/recording", new JsonObject().put("action", "start"), chair).status(),
        "one recording at a time");
    assertEquals(200, app.post("/api/live/" + meeting + "/video/recording", new JsonObject().put("action", "stop"), chair).status());
    assertEquals(1, app.count("SELECT count(*) FROM video_recording WHERE reference = '" + reference + "' AND stopped_at IS NOT NULL"));
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'video.recording.start'"));
    assertEquals(422, app.post("/api/live/" + meeting + "/video/recording", new JsonObject().put("action", "pause"), chair).status());
  }

  @Test
  void webhooksNeedTheSecretAndRecordVideoAttendancePerVenue() {
    long venue = app.count("SELECT max(id) FROM venue WHERE activity_id = " + meeting);
    String room = Rooms.venue(meeting, venue);
    long member = app.accountId("member09");
    JsonObject joined = new JsonObject().put("event_name", "muc-occupant-joined").put("room_name", room)
        .put("room_jid", room + "@conference.meet.example.org")
        .put("occupant", new JsonObject().put("id", Long.toString(member)).put("name", "委员九").put("joined_at", 1_800_000_000L));
    assertEquals(401, hook("occupant/joined", joined, null).status());
    assertEquals(401, hook("occupant/joined", joined, "wrong-secret").status());
    assertEquals(0, app.count("SELECT count(*) FROM video_attendance WHERE room = '" + room + "'"));
    assertEquals(204, hook("room/created", new JsonObject().put("event_name", "muc-room-created").put("room_name", room), HOOK).status());
    assertEquals(204, hook("occupant/joined", joined, HOOK).status());
    JsonObject guest = joined.copy().put("occupant", new JsonObject().put("id", "abc123").put("name", "会场终端").put("joined_at", 1_800_000_010L));
    assertEquals(204, hook("occupant/joined", guest, HOOK).status());
    assertEquals(1, app.count("SELECT count(*) FROM video_attendance WHERE room = '" + room + "' AND account_id = " + member
        + " AND venue_id = " + venue));
    JsonObject left = joined.copy().put("event_name", "muc-occupant-left");
    left.getJsonObject("occupant").put("left_at", 1_800_000_600L);
    assertEquals(204, hook("occupant/left", left, HOOK).status());
    assertEquals(600, app.count("SELECT extract(epoch FROM left_at - joined_at)::int FROM video_attendance WHERE account_id = " + member));
    assertEquals(204, hook("room/destroyed", new JsonObject().put("room_name", room).put("destroyed_at", 1_800_000_900L), HOOK).status());
    assertEquals(0, app.count("SELECT count(*) FROM video_attendance WHERE room = '" + room + "' AND left_at IS NULL"));
    long before = app.count("SELECT count(*) FROM video_attendance");
    assertEquals(204, hook("occupant/joined", joined.copy().put("room_name", "someone-elses-room"), HOOK).status());
    assertEquals(before, app.count("SELECT count(*) FROM video_attendance"), "rooms not ours are ignored");
  }

  @Test
  void thePageMayLoadJitsisScriptAndFrameAndNothingElse() {
    String csp = app.get("/", null).header("Content-Security-Policy");
    assertTrue(csp.contains("script-src 'self' https://meet.example.org;"), csp);
    assertTrue(csp.contains("frame-src https://meet.example.org;"), csp);
    assertTrue(app.get("/", null).header("Permissions-Policy").contains("camera=(self \"https://meet.example.org\")"));
  }

  static TestApp.Reply hook(String event, JsonObject body, String secret) {
    return app.send("POST", "/api/video/events/" + event, "application/json", body.encode().getBytes(),
        secret == null ? null : secret);
  }
}
