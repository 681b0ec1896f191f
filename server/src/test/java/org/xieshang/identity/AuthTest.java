package org.xieshang.identity;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AuthTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass(Map.of("XIESHANG_AUTH_LOGIN_MAX_FAILURES", "3", "XIESHANG_AUTH_LOGIN_LOCKOUT_SECONDS", "60",
        "XIESHANG_AUTH_PHONE_CODE_INTERVAL_SECONDS", "60"));

  static JsonObject credentials(String user, String password) {
    return new JsonObject().put("username", user).put("password", password);
  }

  @Test
  void aMemberLogsInAndTheTokenIdentifiesThem() {
    TestApp.Reply r = app.post("/api/auth/login", credentials("member01", TestApp.PASSWORD), null);
    assertEquals(200, r.status(), r.body());
    JsonObject body = r.json();
    assertEquals("Bearer", body.getString("tokenType"));
    assertEquals("member01", body.getJsonObject("account").getString("username"));
    assertFalse(body.getJsonObject("account").containsKey("passwordHash"));
    TestApp.Reply me = app.get("/api/me", body.getString("accessToken"));
    assertEquals(200, me.status());
    assertEquals("member01", me.json().getString("username"));
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'login.success' AND actor_id = "
        + body.getJsonObject("account").getLong("id")));
  }

  /** The account the client gets says what the caller may do: the permissions its roles grant, in the table's order. */
  @Test
  void theAccountCarriesThePermissionsItsRolesGrant() {
    JsonObject chair = app.post("/api/auth/login", credentials("chair", TestApp.PASSWORD), null).json();
    assertEquals(List.of("DIRECTORY_READ", "ACTIVITY_MANAGE", "FORUM_MANAGE", "FORUM_GUIDE", "SORTITION_MANAGE",
        "REPORT_MANAGE", "REPORT_REVIEW", "PLAN_MANAGE", "PLAN_REVIEW"), chair.getJsonObject("account").getJsonArray("permissions").getList());
    String member = app.login("member07");
    assertEquals(List.of("DIRECTORY_READ"), app.get("/api/me", member).json().getJsonArray("permissions").getList());
    String official = app.login("official-nyj");
    assertEquals(List.of("DIRECTORY_READ", "LEDGER_HANDLE"),
        app.get("/api/me", official).json().getJsonArray("permissions").getList());
  }

  @Test
  void aWrongPasswordIsRefusedWithAProblem() {
    TestApp.Reply r = app.post("/api/auth/login", credentials("member02", "wrong-password"), null);
    assertEquals(401, r.status());
    assertTrue(r.isProblem());
    assertEquals("用户名或密码错误", r.json().getString("title"));
    TestApp.Reply unknown = app.post("/api/auth/login", credentials("nobody-here", "wrong-password"), null);
    assertEquals(401, unknown.status());
    assertEquals(r.json().getString("type"), unknown.json().getString("type"), "no hint whether the name exists");
  }

  @Test
  void repeatedFailuresLockTheNameEvenForTheRightPassword() {
    for (int i = 0; i < 3; i++) {
      assertEquals(401, app.post("/api/auth/login", credentials("member03", "bad-guess-" + i), null).status());
    }
    TestApp.Reply locked = app.post("/api/auth/login", credentials("member03", TestApp.PASSWORD), null);
    assertEquals(429, locked.status());
    assertTrue(locked.isProblem());
    long retry = Long.parseLong(locked.header("Retry-After"));
    assertTrue(retry > 0 && retry <= 60, "Retry-After " + retry);
    // other names are not affected
    assertEquals(200, app.post("/api/auth/login", credentials("member04", TestApp.PASSWORD), null).status());
  }

  @Test
  void aSuccessfulLoginClearsEarlierFailures() {
    assertEquals(401, app.post("/api/auth/login", credentials("member05", "nope-1"), null).status());
    assertEquals(401, app.post("/api/auth/login", credentials("member05", "nope-2"), null).status());
    assertEquals(200, app.post("/api/auth/login", credentials("member05", TestApp.PASSWORD), null).status());
    assertEquals(401, app.post("/api/auth/login", credentials("member05", "nope-3"), null).status());
    assertEquals(401, app.post("/api/auth/login", credentials("member05", "nope-4"), null).status());
    assertEquals(200, app.post("/api/auth/login", credentials("member05", TestApp.PASSWORD), null).status());
  }

  @Test
  void refreshTokensRotateAndAReusedOneRevokesTheFamily() {
    JsonObject first = app.post("/api/auth/login", credentials("member06", TestApp.PASSWORD), null).json();
    String r1 = first.getString("refreshToken");
    TestApp.Reply second = app.post("/api/auth/refresh", new JsonObject().put("refreshToken", r1), null);
    assertEquals(200, second.status());
    String r2 = second.json().getString("refreshToken");
    assertNotEquals(r1, r2);
    // r1 again: looks stolen, so r2 dies too
    assertEquals(401, app.post("/api/auth/refresh", new JsonObject().put("refreshToken", r1), null).status());
    assertEquals(401, app.post("/api/auth/refresh", new JsonObject().put("refreshToken", r2), null).status());
  }

  @Test
  void logoutRevokesTheRefreshToken() {
    JsonObject session = app.post("/api/auth/login", credentials("member07", TestApp.PASSWORD), null).json();
    String refresh = session.getString("refreshToken");
    assertEquals(204, app.post("/api/auth/logout", new JsonObject().put("refreshToken", refresh),
        session.getString("accessToken")).status());
    assertEquals(401, app.post("/api/auth/refresh", new JsonObject().put("refreshToken", refresh), null).status());
  }

  @Test
  void aForgedOrMissingTokenIsUnauthorized() {
    assertEquals(401, app.get("/api/me", null).status());
    assertEquals(401, app.get("/api/me", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.bad").status());
  }

  @Test
  void thePublicRegisterWithAPhoneCode() {
    String phone = "13812345678";
    TestApp.Reply sent = app.post("/api/auth/phone-code", new JsonObject().put("phone", phone), null);
    assertEquals(202, sent.status(), sent.body());
    assertEquals("138****5678", sent.json().getString("phone"));
    String code = app.smsCodes.get(phone);
    assertNotNull(code);
    // a second code within the interval is refused
    assertEquals(429, app.post("/api/auth/phone-code", new JsonObject().put("phone", phone), null).status());

    String wrong = code.equals("000000") ? "111111" : "000000";
    JsonObject reg = new JsonObject().put("phone", phone).put("displayName", "李群众").put("password", "secret-pass-1");
    TestApp.Reply bad = app.post("/api/auth/register", reg.copy().put("code", wrong), null);
    assertEquals(422, bad.status());
    assertEquals("code", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(0, app.count("SELECT count(*) FROM account WHERE phone = '" + phone + "'"));

    TestApp.Reply ok = app.post("/api/auth/register", reg.copy().put("code", code), null);
    assertEquals(201, ok.status(), ok.body());
    assertEquals("[\"PUBLIC\"]", ok.json().getJsonObject("account").getJsonArray("roles").encode());
    assertEquals(200, app.post("/api/auth/login", credentials(phone, "secret-pass-1"), null).status());
    // the code is spent
    assertEquals(422, app.post("/api/auth/register", reg.copy().put("code", code), null).status());
  }

  @Test
  void weakPasswordsAndBadPhonesAreFieldErrors() {
    TestApp.Reply r = app.post("/api/auth/register", new JsonObject().put("phone", "2345").put("code", "12")
        .put("displayName", "").put("password", "1234"), null);
    assertEquals(422, r.status());
    var fields = r.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")).toList();
    assertEquals(java.util.List.of("phone", "code", "displayName", "password"), fields);
  }

  @Test
  void changingThePasswordNeedsTheCurrentOne() {
    String token = app.login("member08");
    assertEquals(422, app.post("/api/me/password", new JsonObject().put("currentPassword", "wrong-one")
        .put("newPassword", "brand-new-pass"), token).status());
    assertEquals(204, app.post("/api/me/password", new JsonObject().put("currentPassword", TestApp.PASSWORD)
        .put("newPassword", "brand-new-pass"), token).status());
    assertEquals(200, app.post("/api/auth/login", credentials("member08", "brand-new-pass"), null).status());
  }
}
