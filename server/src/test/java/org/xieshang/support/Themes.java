package org.xieshang.support;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Online themes (网络主题议政) as tests open them: the first committee, open since yesterday for a week. */
public final class Themes {
  private Themes() {}

  /** A theme's request body, members only and without pre-moderation; change what a test needs. */
  public static JsonObject body(Api app, String title, String topic) {
    return new JsonObject().put("title", title).put("topic", topic)
        .put("committeeId", app.count("SELECT min(id) FROM committee")).put("visibility", "MEMBERS")
        .put("premoderatePublic", false)
        .put("opensAt", OffsetDateTime.now().minusDays(1).toString())
        .put("closesAt", OffsetDateTime.now().plusDays(7).toString());
  }

  /** Opens the theme as the given staff member and returns its id. */
  public static long open(Api app, String token, JsonObject body) {
    TestApp.Reply r = app.post("/api/themes", body, token);
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }
}
