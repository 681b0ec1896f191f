package org.xieshang.support;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Creates a fresh remote consultation meeting through the API: a main venue and three county branch venues. */
public final class Meeting {
  public final long id;
  public final Map<String, Long> venues = new HashMap<>();
  public final Map<String, Long> items = new HashMap<>();
  private final Api app;

  private Meeting(Api app, long id) {
    this.app = app;
    this.id = id;
  }

  public static Meeting create(Api app, int speakingSeconds) {
    String staff = app.login("staff");
    long city = app.count("SELECT id FROM organization WHERE name = '资阳市政协'");
    TestApp.Reply created = app.post("/api/activities", new JsonObject().put("type", "REMOTE_CONSULTATION")
        .put("title", "测试远程协商会").put("topic", "农村人居环境整治").put("organizationId", city)
        .put("scheduledStart", "2026-12-01T09:00:00+08:00").put("scheduledEnd", "2026-12-01T11:00:00+08:00"), staff);
    assertEquals(201, created.status(), created.body());
    Meeting m = new Meeting(app, created.json().getLong("id"));
    m.venue(staff, "主会场", "MAIN", "资阳市政协", "host-main");
    m.venue(staff, "雁江区分会场", "BRANCH", "雁江区政协", "host-yanjiang");
    m.venue(staff, "安岳县分会场", "BRANCH", "安岳县政协", "host-anyue");
    m.venue(staff, "乐至县分会场", "BRANCH", "乐至县政协", "host-lezhi");
    m.item(staff, "通报情况", speakingSeconds);
    m.item(staff, "委员发言", speakingSeconds);
    m.roster(staff, "chair", "CHAIR", "主会场");
    m.roster(staff, "official-nyj", "OFFICIAL", "主会场");
    m.roster(staff, "member01", "MEMBER", "雁江区分会场");
    m.roster(staff, "member05", "MEMBER", "雁江区分会场");
    m.roster(staff, "member02", "MEMBER", "安岳县分会场");
    m.roster(staff, "member06", "MEMBER", "安岳县分会场");
    m.roster(staff, "member03", "MEMBER", "乐至县分会场");
    m.roster(staff, "public01", "PUBLIC_REP", "安岳县分会场");
    m.roster(staff, "public05", "OBSERVER", "乐至县分会场");
    return m;
  }

  private void venue(String token, String name, String kind, String org, String host) {
    TestApp.Reply r = app.post("/api/activities/" + id + "/venues", new JsonObject().put("name", name).put("kind", kind)
        .put("organizationId", app.count("SELECT id FROM organization WHERE name = '" + org + "'"))
        .put("hostId", app.accountId(host)), token);
    assertEquals(201, r.status(), r.body());
    venues.put(name, r.json().getLong("id"));
  }

  private void item(String token, String title, int speakingSeconds) {
    TestApp.Reply r = app.post("/api/activities/" + id + "/agenda", new JsonObject().put("title", title)
        .put("plannedMinutes", 20).put("speakingSeconds", speakingSeconds), token);
    assertEquals(201, r.status(), r.body());
    items.put(title, r.json().getLong("id"));
  }

  private void roster(String token, String username, String role, String venue) {
    TestApp.Reply r = app.put("/api/activities/" + id + "/roster/" + app.accountId(username),
        new JsonObject().put("role", role).put("venueId", venues.get(venue)), token);
    assertEquals(204, r.status(), r.body());
  }

  public String events() {
    return "live." + id + ".events";
  }

  public String cmd() {
    return "live." + id + ".cmd";
  }

  /** A command over HTTP; returns the reply. */
  public TestApp.Reply command(String token, JsonObject command) {
    return app.post("/api/live/" + id + "/commands", command, token);
  }
}
