package org.xieshang.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every role is denied what the permission table does not give it, and every endpoint needs a login. */
class AccessTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();
  /** A demo account holding each role. */
  static final Map<Role, String> HOLDER = Map.of(
      Role.ADMIN, "admin", Role.CHAIR, "chair", Role.VICE_CHAIR, "vicechair", Role.STAFF, "staff",
      Role.MEMBER, "member10", Role.VENUE_HOST, "host-anyue", Role.OFFICIAL, "official-nyj", Role.EXPERT, "expert",
      Role.PUBLIC, "public01");

  record Endpoint(String method, String path, Permission permission, JsonObject body) {}

  static final List<Endpoint> PROTECTED = List.of(
      new Endpoint("GET", "/api/directory", Permission.DIRECTORY_READ, null),
      new Endpoint("POST", "/api/organizations", Permission.DIRECTORY_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/sectors", Permission.DIRECTORY_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/committees", Permission.DIRECTORY_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/departments", Permission.DIRECTORY_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/accounts", Permission.ACCOUNT_MANAGE, null),
      new Endpoint("POST", "/api/accounts", Permission.ACCOUNT_MANAGE, new JsonObject()),
      new Endpoint("PUT", "/api/accounts/3/roles", Permission.ACCOUNT_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/accounts/import", Permission.ACCOUNT_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/audit", Permission.AUDIT_READ, null),
      new Endpoint("POST", "/api/themes", Permission.FORUM_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/themes/1/polis", Permission.FORUM_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/themes/1/polis/comments.csv", Permission.FORUM_MANAGE, null),
      new Endpoint("GET", "/api/themes/1/polis/votes.csv", Permission.FORUM_MANAGE, null),
      new Endpoint("POST", "/api/pools", Permission.SORTITION_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/pools/1/volunteers", Permission.SORTITION_MANAGE, null),
      new Endpoint("POST", "/api/pools/1/import", Permission.SORTITION_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/pools/1/draws", Permission.SORTITION_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/pools/1/compare", Permission.SORTITION_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/draws/1", Permission.SORTITION_MANAGE, null),
      new Endpoint("POST", "/api/draws/1/draw", Permission.SORTITION_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/draws/1/replacements", Permission.SORTITION_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/opinions/collect", Permission.REPORT_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/opinions?activityId=1", Permission.REPORT_MANAGE, null),
      new Endpoint("GET", "/api/opinions/analysis?activityId=1", Permission.REPORT_MANAGE, null),
      new Endpoint("POST", "/api/activities/1/drafts", Permission.ACTIVITY_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/reports", Permission.REPORT_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/reports/1/ledger", Permission.REPORT_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/reports/1/ledger/commitments", Permission.REPORT_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/ledger/export.xlsx", Permission.REPORT_MANAGE, null),
      new Endpoint("GET", "/api/reports/1", Permission.REPORT_MANAGE, null),
      new Endpoint("PUT", "/api/reports/1", Permission.REPORT_MANAGE, new JsonObject()),
      new Endpoint("GET", "/api/reports/1/sources?ids=1", Permission.REPORT_MANAGE, null),
      new Endpoint("GET", "/api/reports/1/export.docx", Permission.REPORT_MANAGE, null),
      new Endpoint("POST", "/api/plans", Permission.PLAN_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/plans/1/topics", Permission.PLAN_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/plans/1/topics/1/activities", Permission.PLAN_MANAGE, new JsonObject()),
      new Endpoint("POST", "/api/plans/1/topics/1/themes", Permission.PLAN_MANAGE, new JsonObject()));

  @Test
  void eachRoleGetsExactlyWhatThePermissionTableGives() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<Role, String> holder : HOLDER.entrySet()) {
      String token = app.login(holder.getValue());
      for (Endpoint e : PROTECTED) {
        TestApp.Reply r = e.body == null ? app.send(e.method, e.path, null, null, token)
            : app.send(e.method, e.path, "application/json", e.body.encode().getBytes(), token);
        boolean allowed = e.permission.grantedTo(java.util.Set.of(holder.getKey()));
        // allowed calls may still fail validation on the empty body, but never with 403
        if (allowed == (r.status() == 403)) {
          wrong.add(holder.getKey() + " " + e.method + " " + e.path + " -> " + r.status());
        }
        if (r.status() == 403) {
          assertTrue(r.isProblem());
          assertEquals("无权执行此操作", r.json().getString("title"));
          // a person is told who may do it in plain words, never the permission's code (screen check P2)
          String detail = r.json().getString("detail");
          assertEquals(e.permission.refusal(), detail);
          assertFalse(detail.matches(".*[A-Z]{2,}.*"), detail);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void everyProtectedEndpointNeedsALogin() {
    for (Endpoint e : PROTECTED) {
      TestApp.Reply r = app.send(e.method, e.path, "application/json", "{}".getBytes(), null);
      assertEquals(401, r.status(), e.method + " " + e.path);
      assertTrue(r.isProblem());
    }
  }

  @Test
  void theAdministratorChangesRolesAndItIsAudited() {
    String admin = app.login("admin");
    long member = app.count("SELECT id FROM account WHERE username = 'member11'");
    TestApp.Reply r = app.put("/api/accounts/" + member + "/roles", new JsonObject()
        .put("roles", new JsonArray().add("MEMBER").add("VENUE_HOST")), admin);
    assertEquals(200, r.status(), r.body());
    assertEquals(1, app.count("SELECT count(*) FROM audit_log WHERE action = 'account.roles.change' AND target_id = '"
        + member + "'"));
    TestApp.Reply audit = app.get("/api/audit?action=account.roles.change", admin);
    assertEquals(200, audit.status());
    JsonObject entry = audit.array().getJsonObject(0);
    assertEquals("系统管理员", entry.getString("actorName"));
    assertEquals(new JsonArray().add("MEMBER").add("VENUE_HOST"), entry.getJsonObject("detail").getJsonArray("to"));
  }

  @Test
  void theAdministratorCreatesAnAccountWithAnInitialPassword() {
    String admin = app.login("admin");
    long org = app.count("SELECT id FROM organization WHERE name = '安岳县政协'");
    TestApp.Reply r = app.post("/api/accounts", new JsonObject().put("username", "new_member").put("displayName", "新委员")
        .put("roles", new JsonArray().add("委员")).put("organizationId", org), admin);
    assertEquals(201, r.status(), r.body());
    String initial = r.json().getString("initialPassword");
    assertTrue(r.json().getJsonObject("account").getBoolean("mustChangePassword"));
    assertEquals(200, app.post("/api/auth/login", new JsonObject().put("username", "new_member")
        .put("password", initial), null).status());
    TestApp.Reply again = app.post("/api/accounts", new JsonObject().put("username", "new_member").put("displayName", "重复")
        .put("roles", new JsonArray().add("MEMBER")), admin);
    assertEquals(409, again.status());
  }

  @Test
  void theDirectoryListsTheCountyBodies() {
    JsonObject dir = app.get("/api/directory", app.login("member12")).json();
    List<String> names = dir.getJsonArray("organizations").stream().map(o -> ((JsonObject) o).getString("name")).toList();
    assertEquals(List.of("资阳市政协", "雁江区政协", "安岳县政协", "乐至县政协"), names);
    assertTrue(dir.getJsonArray("sectors").size() >= 10);
  }

  @Test
  void directoryEntriesAreCreatedAndNamesStayUnique() {
    String admin = app.login("admin");
    assertEquals(201, app.post("/api/sectors", new JsonObject().put("name", "新闻出版界"), admin).status());
    TestApp.Reply dup = app.post("/api/sectors", new JsonObject().put("name", "新闻出版界"), admin);
    assertEquals(409, dup.status());
    assertEquals("name", dup.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestApp.Reply county = app.post("/api/organizations", new JsonObject().put("name", "简阳市政协").put("level", "COUNTY"), admin);
    assertEquals(422, county.status());
    assertEquals("parentId", county.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }
}
