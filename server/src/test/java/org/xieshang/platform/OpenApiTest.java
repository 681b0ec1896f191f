package org.xieshang.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;
import org.yaml.snakeyaml.Yaml;

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
}
