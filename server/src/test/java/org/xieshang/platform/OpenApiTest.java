package org.xieshang.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.activity.SessionRole;
import org.xieshang.identity.Account;
import org.xieshang.identity.Permission;
import org.xieshang.identity.Role;
import org.xieshang.live.Actor;
import org.xieshang.live.SessionView;
import org.xieshang.support.TestApp;
import org.yaml.snakeyaml.Yaml;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The OpenAPI document served at /api/openapi.yaml lists exactly the endpoints the router has. */
class OpenApiTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  @Test
  @SuppressWarnings("unchecked")
  void documentMatchesTheRoutes() {
    TestApp.Reply r = app.get("/api/openapi.yaml", null);
    assertEquals(200, r.status());
    Map<String, Object> doc = new Yaml().load(r.body());
    assertEquals("3.1.0", doc.get("openapi"));
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach((path, ops) -> ops.keySet().stream()
        .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
        .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
    assertEquals(app.app.endpoints(), documented);
    paths.forEach((path, ops) -> ops.forEach((method, op) -> {
      if (op instanceof Map<?, ?> operation) {
        assertNotNull(operation.get("summary"), method + " " + path + " has a summary");
        assertNotNull(operation.get("responses"), method + " " + path + " has responses");
      }
    }));
  }

  /** The schemas the web client's types are generated from say what the server sends. */
  @Test
  @SuppressWarnings("unchecked")
  void theAccountAndLiveSchemasMatchWhatTheServerSends() {
    Map<String, Object> doc = new Yaml().load(app.get("/api/openapi.yaml", null).body());
    Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>)
        ((Map<String, Object>) doc.get("components")).get("schemas");
    Account account = new Account(1, "u", "名", null, EnumSet.of(Role.MEMBER), null, null, null, null, false, false, true);
    assertEquals(account.toJson().fieldNames(), properties(schemas.get("Account")));
    assertEquals(account.toJson().fieldNames(), new TreeSet<>((List<String>) schemas.get("Account").get("required")));
    assertEquals(Arrays.stream(Permission.values()).map(Enum::name).toList(), schemas.get("Permission").get("enum"));
    assertEquals(Arrays.stream(Role.values()).map(Enum::name).toList(), schemas.get("Role").get("enum"));
    assertEquals(Arrays.stream(SessionRole.values()).map(Enum::name).toList(), schemas.get("SessionRole").get("enum"));
    JsonObject you = SessionView.you(new Actor(1, SessionRole.MEMBER, 2));
    assertEquals(you.fieldNames(), properties(schemas.get("LiveYou")));
    Map<String, Object> may = (Map<String, Object>) ((Map<String, Object>) schemas.get("LiveYou").get("properties")).get("may");
    assertEquals(you.getJsonObject("may").fieldNames(), properties(may));
    assertEquals(you.getJsonObject("may").fieldNames(), new TreeSet<>((List<String>) may.get("required")));
  }

  @SuppressWarnings("unchecked")
  private static Set<String> properties(Map<String, Object> schema) {
    return new TreeSet<>(((Map<String, Object>) schema.get("properties")).keySet());
  }
}
