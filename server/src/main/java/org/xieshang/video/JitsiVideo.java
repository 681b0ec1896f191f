package org.xieshang.video;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.xieshang.platform.config.AppConfig;
import org.xieshang.platform.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Jitsi Meet: tokens for Prosody's token authentication (HS256 with the app secret, or RS256 with a
 * key id), room sizes from Prosody's mod_muc_size, recording through Jibri's HTTP API. Every call out
 * has a time limit and goes through a circuit breaker per service, so a dead Jitsi is asked at most a
 * few times a minute and the meeting never waits on it.
 */
public final class JitsiVideo implements VideoProvider {
  static final int MAX_FAILURES = 3;
  static final long RESET_MILLIS = 30_000;

  private final AppConfig.Video config;
  private final JWTAuth signer;
  private final JWTOptions signing;
  private final WebClient http;
  private final CircuitBreaker prosody;
  private final CircuitBreaker jibri;
  private final Clock clock;

  public JitsiVideo(Vertx vertx, AppConfig.Video config, Clock clock) {
    this.config = config;
    this.clock = clock;
    boolean rsa = !config.privateKeyFile().isEmpty();
    String key = rsa ? readKey(config.privateKeyFile()) : config.appSecret();
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(rsa ? "RS256" : "HS256").setBuffer(key)));
    this.signing = new JWTOptions().setAlgorithm(rsa ? "RS256" : "HS256").setNoTimestamp(true);
    if (rsa) {
      signing.setHeader(new JsonObject().put("kid", config.keyId()));
    }
    this.http = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout(config.timeoutMillis()).setIdleTimeout(config.timeoutMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    CircuitBreakerOptions options = new CircuitBreakerOptions().setMaxFailures(MAX_FAILURES)
        .setTimeout(config.timeoutMillis()).setResetTimeout(RESET_MILLIS);
    this.prosody = CircuitBreaker.create("jitsi-prosody", vertx, options);
    this.jibri = CircuitBreaker.create("jitsi-jibri", vertx, options);
  }

  private static String readKey(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigException("配置项 video.jitsi.private-key-file 指向的文件无法读取：" + file
          + " (video.jitsi.private-key-file: cannot read " + file + ")");
    }
  }

  @Override
  public String name() {
    return "jitsi";
  }

  @Override
  public JsonObject client() {
    return new JsonObject().put("domain", config.domain())
        .put("scriptUrl", "https://" + config.domain() + "/external_api.js")
        .put("tenant", config.tenant().isEmpty() ? null : config.tenant());
  }

  /**
   * The claims Prosody's token authentication checks: iss (app id), aud, sub (tenant, or * for any),
   * room, nbf and exp; context.user for who it is; moderator and affiliation for chairs and hosts;
   * context.features for what the person may start.
   */
  @Override
  public JsonObject token(Rooms.Grant grant, Person person) {
    long now = clock.instant().getEpochSecond();
    long exp = now + config.tokenMinutes() * 60L;
    JsonObject user = new JsonObject()
        .put("id", Long.toString(person.accountId()))
        .put("name", person.name())
        .put("email", person.email())
        .put("avatar", "")
        .put("moderator", grant.moderator())
        .put("affiliation", grant.moderator() ? "owner" : "member");
    JsonObject features = new JsonObject()
        .put("recording", grant.moderator() && config.recording())
        .put("livestreaming", false)
        .put("transcription", false)
        .put("outbound-call", false);
    JsonObject claims = new JsonObject()
        .put("iss", config.appId())
        .put("aud", config.audience())
        .put("sub", config.tenant().isEmpty() ? "*" : config.tenant())
        .put("room", grant.room())
        .put("nbf", now - 10) // a little slack for clocks that disagree
        .put("exp", exp)
        .put("moderator", grant.moderator())
        .put("context", new JsonObject().put("user", user).put("features", features));
    return new JsonObject().put("jwt", signer.generateToken(claims, signing)).put("expiresAt", exp);
  }

  @Override
  public Future<Integer> roomSize(String room) {
    if (config.prosodyBase().isEmpty()) {
      return Future.failedFuture("video.jitsi.prosody-base is not set");
    }
    return prosody.execute(promise -> {
      var request = http.getAbs(config.prosodyBase() + "/room-size")
          .addQueryParam("room", room)
          .addQueryParam("domain", config.domain())
          .timeout(config.timeoutMillis());
      if (!config.tenant().isEmpty()) {
        request.addQueryParam("subdomain", config.tenant());
      }
      request.send().onComplete(ar -> {
        if (ar.failed()) {
          promise.fail(ar.cause());
          return;
        }
        HttpResponse<?> r = ar.result();
        if (r.statusCode() == 404) {
          promise.complete(0); // nobody has opened the room
        } else if (r.statusCode() == 200) {
          try {
            promise.complete(r.bodyAsJsonObject().getInteger("participants"));
          } catch (RuntimeException e) {
            promise.fail("prosody answered " + r.bodyAsString());
          }
        } else {
          promise.fail("prosody answered " + r.statusCode());
        }
      });
    });
  }

  @Override
  public boolean canRecord() {
    return config.recording() && !config.jibriBase().isEmpty();
  }

  @Override
  public Future<Void> startRecording(String room, String reference) {
    String base = "https://" + config.domain() + (config.tenant().isEmpty() ? "" : "/" + config.tenant());
    JsonObject body = new JsonObject()
        .put("sessionId", reference)
        .put("callParams", new JsonObject().put("callUrlInfo", new JsonObject().put("baseUrl", base).put("callName", room)))
        .put("sinkType", "file");
    return jibri.<Void>execute(promise -> http.getAbs(config.jibriBase() + "/jibri/api/v1.0/health")
        .timeout(config.timeoutMillis()).send()
        .compose(health -> {
          if (health.statusCode() != 200) {
            return Future.failedFuture("jibri health " + health.statusCode());
          }
          JsonObject status = health.bodyAsJsonObject().getJsonObject("status", new JsonObject());
          if (!"IDLE".equals(status.getString("busyStatus"))) {
            return Future.failedFuture(new Busy());
          }
          return http.postAbs(config.jibriBase() + "/jibri/api/v1.0/startService").timeout(config.timeoutMillis())
              .sendJsonObject(body);
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            promise.fail(ar.cause());
          } else if (ar.result().statusCode() / 100 != 2) {
            promise.fail(ar.result().statusCode() == 412 ? new Busy() : new IllegalStateException("jibri answered "
                + ar.result().statusCode()));
          } else {
            promise.complete();
          }
        }));
  }

  @Override
  public Future<Void> stopRecording(String reference) {
    return jibri.execute(promise -> http.postAbs(config.jibriBase() + "/jibri/api/v1.0/stopService")
        .timeout(config.timeoutMillis())
        .sendJsonObject(new JsonObject().put("sessionId", reference))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            promise.complete();
          } else {
            promise.fail(ar.failed() ? ar.cause() : new IllegalStateException("jibri answered " + ar.result().statusCode()));
          }
        }));
  }

  /** Whether calls to Prosody are currently being skipped because it failed repeatedly. */
  public boolean prosodyCircuitOpen() {
    return prosody.state() == CircuitBreakerState.OPEN;
  }

  /** Jibri is recording something else. */
  public static final class Busy extends RuntimeException {
    Busy() {
      super("jibri is busy", null, false, false);
    }
  }
}
