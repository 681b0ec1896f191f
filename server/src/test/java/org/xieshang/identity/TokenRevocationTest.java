package org.xieshang.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Await;
import org.xieshang.support.TestApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Access tokens must carry an expiry and a token id, and sign-out revokes the access token as well as the
 * refresh token: refused at once on the node that signed out, by every other node on the same database
 * (at once when it had not seen the token, within {@link TokenDenyList#CACHED} when it had), and by the
 * live socket's authentication.
 */
class TokenRevocationTest {
  static final String SECRET = "token-revocation-test-secret-0123456789abcdef";
  @RegisterExtension
  static final TestApp app = TestApp.perClass(Map.of("XIESHANG_AUTH_JWT_SECRET", SECRET));
  static TestApp other;

  @BeforeAll
  static void secondNode() {
    other = app.anotherNode();
  }

  @AfterAll
  static void stop() {
    other.close();
  }

  /** A token signed with the server's own key, with the claims a test chooses. */
  static String sign(JsonObject claims, JWTOptions options) {
    JWTAuth jwt = JWTAuth.create(app.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    return jwt.generateToken(claims, options.setAlgorithm("HS256").setIssuer("xieshang"));
  }

  static JsonObject claims(String username) {
    return new JsonObject().put("name", "伪造").put("roles", new JsonArray().add("ADMIN")).put("org", (Long) null)
        .put("sub", Long.toString(app.accountId(username)));
  }

  @Test
  void aTokenSignedWithTheKeyButWithoutAnExpiryOrATokenIdIsRefused() {
    String forever = sign(claims("member01").put("jti", UUID.randomUUID().toString()), new JWTOptions());
    TestApp.Reply refused = app.get("/api/me", forever);
    assertEquals(401, refused.status(), refused.body());
    assertTrue(refused.isProblem());
    String noId = sign(claims("member01"), new JWTOptions().setExpiresInMinutes(10));
    assertEquals(401, app.get("/api/me", noId).status(), "a token without an id cannot be revoked");
    // the same forging with both claims passes: what is refused above is only the missing claim
    String complete = sign(claims("member01").put("jti", UUID.randomUUID().toString()), new JWTOptions().setExpiresInMinutes(10));
    assertEquals(200, app.get("/api/me", complete).status());
  }

  @Test
  void signingOutRevokesTheAccessTokenOnEveryNodeAndOnTheSocket() throws Exception {
    JsonObject session = app.post("/api/auth/login", new JsonObject().put("username", "member07").put("password", TestApp.PASSWORD),
        null).json();
    String access = session.getString("accessToken");
    JsonObject unseen = app.post("/api/auth/login", new JsonObject().put("username", "member08").put("password", TestApp.PASSWORD),
        null).json();
    assertEquals(200, app.get("/api/me", access).status());
    assertEquals(200, other.get("/api/me", access).status(), "the other node accepts it (and caches that it is not revoked)");
    assertEquals(101, socketHandshake(access));

    assertEquals(204, app.post("/api/auth/logout", new JsonObject().put("refreshToken", session.getString("refreshToken")),
        access).status());
    assertEquals(204, app.post("/api/auth/logout", new JsonObject().put("refreshToken", unseen.getString("refreshToken")),
        unseen.getString("accessToken")).status());

    TestApp.Reply refused = app.get("/api/me", access);
    assertEquals(401, refused.status(), "refused at once where it was signed out");
    assertTrue(refused.isProblem());
    assertEquals(401, socketHandshake(access), "the socket's authentication refuses it too");
    assertEquals(401, other.get("/api/me", unseen.getString("accessToken")).status(),
        "a node that had not seen the token asks PostgreSQL");
    Await.until("the other node refuses the token it had cached", TokenDenyList.CACHED.toMillis() + 10_000,
        () -> other.get("/api/me", access).status() == 401);
    assertEquals(1, app.count("SELECT count(*) FROM revoked_access_token WHERE account_id = " + app.accountId("member07")));
  }

  /** The status of a WebSocket handshake on the event bus with this token: 101 when accepted. */
  static int socketHandshake(String token) throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + app.app.port() + "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8)
        + "/websocket?token=" + token);
    try {
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {})
          .get(10, TimeUnit.SECONDS);
      ws.abort();
      return 101;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }
}
