package org.xieshang.platform;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xieshang.platform.config.AppConfig;
import org.xieshang.platform.config.ConfigException;
import org.xieshang.platform.config.ConfigLoader;
import org.xieshang.support.TestDatabase;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class AppConfigTest {
  static Vertx vertx;

  @BeforeAll
  static void up() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() {
    vertx.close();
  }

  AppConfig load(Map<String, String> env) throws Exception {
    return ConfigLoader.load(vertx, TestDatabase.confFile(), env).await(10, TimeUnit.SECONDS);
  }

  ConfigException failure(Map<String, String> env) {
    Exception e = assertThrows(Exception.class, () -> load(env));
    Throwable t = e;
    while (!(t instanceof ConfigException) && t.getCause() != null) {
      t = t.getCause();
    }
    assertInstanceOf(ConfigException.class, t, e.toString());
    return (ConfigException) t;
  }

  @Test
  void theShippedFileGivesDocumentedDefaults() throws Exception {
    AppConfig c = load(Map.of());
    assertEquals(8080, c.http().port());
    assertTrue(c.db().embedded());
    assertEquals(List.of(), c.http().allowedOrigins());
    assertEquals(15, c.auth().accessTokenMinutes());
  }

  @Test
  void environmentOverridesKeys() throws Exception {
    AppConfig c = load(Map.of("XIESHANG_HTTP_PORT", "9090",
        "XIESHANG_HTTP_ALLOWED_ORIGINS", "https://a.example, https://b.example",
        "XIESHANG_DB_URL", "postgresql://u:p@db.local:6543/xs",
        "PATH", "/usr/bin"));
    assertEquals(9090, c.http().port());
    assertEquals(List.of("https://a.example", "https://b.example"), c.http().allowedOrigins());
    assertFalse(c.db().embedded());
  }

  @Test
  void badValuesStopStartUpNamingTheKey() {
    assertTrue(failure(Map.of("XIESHANG_HTTP_PORT", "eighty")).getMessage().contains("http.port"));
    assertTrue(failure(Map.of("XIESHANG_HTTP_PORT", "70000")).getMessage().contains("http.port"));
    assertTrue(failure(Map.of("XIESHANG_AUTH_JWT_SECRET", "short")).getMessage().contains("auth.jwt-secret"));
    assertTrue(failure(Map.of("XIESHANG_DB_URL", "mysql://x")).getMessage().contains("db.url"));
    assertTrue(failure(Map.of("XIESHANG_DEMO_LOAD", "maybe")).getMessage().contains("demo.load"));
    assertTrue(failure(Map.of("XIESHANG_SMS_SENDER", "pigeon")).getMessage().contains("sms.sender"));
    assertTrue(failure(Map.of("XIESHANG_HTTP_PROT", "1")).getMessage().contains("XIESHANG_HTTP_PROT"));
  }

  @Test
  void videoThroughJitsiNeedsItsDomainAppAndExactlyOneKey() {
    assertEquals("none", load0(Map.of()).video().provider());
    Map<String, String> jitsi = Map.of("XIESHANG_VIDEO_PROVIDER", "jitsi", "XIESHANG_VIDEO_JITSI_DOMAIN", "meet.example.org",
        "XIESHANG_VIDEO_JITSI_APP_ID", "xieshang");
    assertTrue(failure(jitsi).getMessage().contains("video.jitsi.app-secret"));
    java.util.Map<String, String> both = new java.util.HashMap<>(jitsi);
    both.put("XIESHANG_VIDEO_JITSI_APP_SECRET", "x".repeat(40));
    both.put("XIESHANG_VIDEO_JITSI_PRIVATE_KEY_FILE", "/etc/jitsi/key.pem");
    assertTrue(failure(both).getMessage().contains("video.jitsi.private-key-file"));
    both.remove("XIESHANG_VIDEO_JITSI_PRIVATE_KEY_FILE");
    assertEquals("jitsi", load0(both).video().provider());
    assertTrue(failure(Map.of("XIESHANG_VIDEO_PROVIDER", "zoom")).getMessage().contains("video.provider"));
  }

  AppConfig load0(Map<String, String> env) {
    try {
      return load(env);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Exception e = assertThrows(Exception.class,
        () -> ConfigLoader.load(vertx, Path.of("/nonexistent/app.yaml"), Map.of()).await(10, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains("/nonexistent/app.yaml"), e.getMessage());
  }

  @Test
  void envNamesFollowTheDocumentedRule() {
    assertEquals("XIESHANG_HTTP_ALLOWED_ORIGINS", AppConfig.envName("http.allowed-origins"));
  }
}
