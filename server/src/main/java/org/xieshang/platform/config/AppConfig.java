package org.xieshang.platform.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's configuration, read once at start-up: conf/application.yaml (which lists every key
 * with its default) overridden by XIESHANG_* environment variables. Every value is checked here, so
 * a bad value stops start-up with a message naming the key instead of failing later.
 */
public record AppConfig(
    Http http, Db db, Auth auth, String smsSender, Forum forum, Video video, Sortition sortition, Report report, Plan plan,
    Demo demo, Cluster cluster) {

  public record Http(int port, String host, List<String> allowedOrigins, long bodyLimitBytes,
                     int shutdownGraceSeconds, String webRoot, int apiRatePerMinute, int instances,
                     int socketBacklogBytes, boolean trustForwarded, String publicUrl) {
    /** The address people open: http.public-url, else this server on localhost. */
    public String siteUrl() {
      return publicUrl.isEmpty() ? "http://localhost:" + port : publicUrl;
    }
  }

  public record Db(String url, int poolSize, String embeddedDir, int embeddedPort) {
    public boolean embedded() {
      return url.isBlank();
    }
  }

  public record Auth(String jwtSecret, int accessTokenMinutes, int refreshTokenDays, int bcryptCost,
                     int loginMaxFailures, int loginLockoutSeconds, int loginLockoutMaxSeconds, int addressRatePerMinute,
                     int phoneCodeTtlSeconds, int phoneCodeIntervalSeconds) {}

  public record Forum(String sensitiveWords, int postRatePerMinute, int voteRatePerMinute, int attachmentMaxBytes,
                      int attachmentsPerPost, int reportsToHold) {}

  /** Video through Jitsi Meet (docs/video.md); provider "none" runs meetings without it. */
  public record Video(String provider, String domain, String tenant, String appId, String appSecret, String keyId,
                      String privateKeyFile, String audience, int tokenMinutes, String prosodyBase, String jibriBase,
                      String webhookSecret, int timeoutMillis, String observerAccess, boolean recording) {
    public boolean jitsi() {
      return provider.equals("jitsi");
    }
  }

  /** How long one selection (LEXIMIN or MAXIMIN) may compute before it is given up with a clear answer. */
  public record Sortition(int timeLimitSeconds) {}

  /** fontFile: a TrueType font with Chinese glyphs for charts and PDF; empty: look in the usual places. */
  /** reminderSeconds: how often the adoption ledger looks for reminders due */
  public record Report(String fontFile, int reminderSeconds) {}

  /** supervisionShareMin: the least share of democratic-supervision topics a plan should have (0 to 1). */
  public record Plan(double supervisionShareMin) {}

  public record Demo(boolean load, String password) {}

  /** host: the address other nodes reach this node's event bus at (empty: Vert.x's default). */
  /** quorum: the fewest nodes (itself included) a node must see to own live sessions; 0: a majority of cluster.xml's member list. */
  public record Cluster(boolean enabled, String config, String host, int quorum) {}

  public static final String ENV_PREFIX = "XIESHANG_";

  /** Builds the configuration from the parsed YAML defaults and the environment. */
  public static AppConfig from(JsonObject yaml, Map<String, String> env) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", yaml, flat);
    applyEnvironment(flat, env);
    Reader r = new Reader(flat);
    AppConfig config = new AppConfig(
        new Http(
            r.integer("http.port", 0, 65535),
            r.text("http.host", false),
            r.list("http.allowed-origins"),
            r.integer("http.body-limit-bytes", 1024, 512 * 1024 * 1024),
            r.integer("http.shutdown-grace-seconds", 0, 600),
            r.text("http.web-root", false),
            r.integer("http.api-rate-per-minute", 1, 10_000_000),
            r.integer("http.instances", 0, 256),
            r.integer("http.socket-backlog-bytes", 16 * 1024, 64 * 1024 * 1024),
            r.bool("http.trust-forwarded"),
            r.text("http.public-url", true)),
        new Db(
            r.text("db.url", true),
            r.integer("db.pool-size", 1, 200),
            r.text("db.embedded-dir", false),
            r.integer("db.embedded-port", 0, 65535)),
        new Auth(
            r.text("auth.jwt-secret", true),
            r.integer("auth.access-token-minutes", 1, 24 * 60),
            r.integer("auth.refresh-token-days", 1, 365),
            r.integer("auth.bcrypt-cost", 4, 16),
            r.integer("auth.login-max-failures", 1, 100),
            r.integer("auth.login-lockout-seconds", 1, 86_400),
            r.integer("auth.login-lockout-max-seconds", 1, 86_400),
            r.integer("auth.address-rate-per-minute", 1, 1_000_000),
            r.integer("auth.phone-code-ttl-seconds", 30, 3600),
            r.integer("auth.phone-code-interval-seconds", 0, 3600)),
        r.oneOf("sms.sender", "log"),
        new Forum(
            r.text("forum.sensitive-words", true),
            r.integer("forum.post-rate-per-minute", 1, 100_000),
            r.integer("forum.vote-rate-per-minute", 1, 1_000_000),
            r.integer("forum.attachment-max-bytes", 1024, 50 * 1024 * 1024),
            r.integer("forum.attachments-per-post", 0, 20),
            r.integer("forum.reports-to-hold", 0, 1000)),
        new Video(
            r.oneOf("video.provider", "none", "jitsi"),
            r.text("video.jitsi.domain", true),
            r.text("video.jitsi.tenant", true),
            r.text("video.jitsi.app-id", true),
            r.text("video.jitsi.app-secret", true),
            r.text("video.jitsi.key-id", true),
            r.text("video.jitsi.private-key-file", true),
            r.text("video.jitsi.audience", false),
            r.integer("video.jitsi.token-minutes", 1, 24 * 60),
            r.text("video.jitsi.prosody-base", true),
            r.text("video.jitsi.jibri-base", true),
            r.text("video.jitsi.webhook-secret", true),
            r.integer("video.jitsi.timeout-millis", 100, 60_000),
            r.oneOf("video.jitsi.observer-access", "none", "view-only"),
            r.bool("video.jitsi.recording")),
        new Sortition(r.integer("sortition.time-limit-seconds", 1, 3600)),
        new Report(r.text("report.font-file", true), r.integer("report.ledger-reminder-seconds", 1, 86_400)),
        new Plan(r.fraction("plan.supervision-share-min")),
        new Demo(r.bool("demo.load"), r.text("demo.password", false)),
        new Cluster(r.bool("cluster.enabled"), r.text("cluster.config", false), r.text("cluster.host", true),
            r.integer("cluster.quorum", 0, 99)));
    String secret = config.auth().jwtSecret();
    if (!secret.isEmpty() && secret.length() < 32) {
      throw new ConfigException("配置项 auth.jwt-secret 太短：至少 32 个字符 (auth.jwt-secret must be at least 32 characters)");
    }
    Video video = config.video();
    if (video.jitsi()) {
      if (video.domain().isEmpty() || video.appId().isEmpty()) {
        throw new ConfigException("配置项 video.jitsi.domain 与 video.jitsi.app-id 在 video.provider 为 jitsi 时必填 "
            + "(video.jitsi.domain and video.jitsi.app-id are required with video.provider: jitsi)");
      }
      if (video.appSecret().isEmpty() == video.privateKeyFile().isEmpty()) {
        throw new ConfigException("配置项 video.jitsi.app-secret（HS256）与 video.jitsi.private-key-file（RS256）须且只须设置一个 "
            + "(set exactly one of video.jitsi.app-secret and video.jitsi.private-key-file)");
      }
      if (!video.appSecret().isEmpty() && video.appSecret().length() < 32) {
        throw new ConfigException("配置项 video.jitsi.app-secret 太短：至少 32 个字符 (video.jitsi.app-secret must be at least 32 characters)");
      }
      if (!video.privateKeyFile().isEmpty() && video.keyId().isEmpty()) {
        throw new ConfigException("配置项 video.jitsi.key-id 在使用 RS256 私钥时必填 (video.jitsi.key-id is required with a private key)");
      }
    }
    String url = config.db().url();
    if (!url.isBlank() && !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      throw new ConfigException("配置项 db.url 无效：应为 postgresql://user:password@host:port/database (db.url)");
    }
    return config;
  }

  /** The environment variable that overrides a key: http.allowed-origins -> XIESHANG_HTTP_ALLOWED_ORIGINS. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void flatten(String prefix, JsonObject json, Map<String, Object> out) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      if (value instanceof JsonObject nested) {
        flatten(key, nested, out);
      } else {
        out.put(key, value);
      }
    }
  }

  private static void applyEnvironment(Map<String, Object> flat, Map<String, String> env) {
    Map<String, String> keyByEnv = new LinkedHashMap<>();
    flat.keySet().forEach(key -> keyByEnv.put(envName(key), key));
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      String key = keyByEnv.get(e.getKey());
      if (key == null) {
        throw new ConfigException("未知的环境变量 " + e.getKey() + "：没有对应的配置项 (unknown setting " + e.getKey() + ")");
      }
      flat.put(key, e.getValue());
    }
  }

  /** Reads typed values out of the flattened map, naming the key in every error. */
  private record Reader(Map<String, Object> flat) {
    Object raw(String key) {
      if (!flat.containsKey(key) || flat.get(key) == null) {
        throw new ConfigException("缺少配置项 " + key + " (missing setting " + key + ")");
      }
      return flat.get(key);
    }

    int integer(String key, int min, int max) {
      Object v = raw(key);
      long n;
      try {
        n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("配置项 " + key + " 应为整数，实际为 \"" + v + "\" (" + key + " must be an integer)");
      }
      if (n < min || n > max) {
        throw new ConfigException("配置项 " + key + " 应在 " + min + " 到 " + max + " 之间，实际为 " + n
            + " (" + key + " out of range)");
      }
      return (int) n;
    }

    /** A number from 0 to 1 (a share). */
    double fraction(String key) {
      Object v = raw(key);
      double d;
      try {
        d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("配置项 " + key + " 应为 0 到 1 之间的小数，实际为 \"" + v + "\" (" + key + " must be a number)");
      }
      if (!(d >= 0 && d <= 1)) {
        throw new ConfigException("配置项 " + key + " 应在 0 到 1 之间，实际为 " + v + " (" + key + " out of range)");
      }
      return d;
    }

    String text(String key, boolean mayBeEmpty) {
      String s = raw(key).toString().trim();
      if (!mayBeEmpty && s.isEmpty()) {
        throw new ConfigException("配置项 " + key + " 不能为空 (" + key + " must not be empty)");
      }
      return s;
    }

    boolean bool(String key) {
      Object v = raw(key);
      if (v instanceof Boolean b) {
        return b;
      }
      String s = v.toString().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return Boolean.parseBoolean(s);
      }
      throw new ConfigException("配置项 " + key + " 应为 true 或 false，实际为 \"" + v + "\" (" + key + " must be a boolean)");
    }

    String oneOf(String key, String... allowed) {
      String s = text(key, false);
      for (String a : allowed) {
        if (a.equals(s)) {
          return s;
        }
      }
      throw new ConfigException("配置项 " + key + " 应为 " + String.join(" / ", allowed) + "，实际为 \"" + s + "\" ("
          + key + " has an unknown value)");
    }

    List<String> list(String key) {
      Object v = raw(key);
      List<String> out = new ArrayList<>();
      if (v instanceof JsonArray array) {
        array.forEach(item -> out.add(String.valueOf(item).trim()));
      } else {
        for (String part : v.toString().split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      }
      return List.copyOf(out);
    }
  }
}
