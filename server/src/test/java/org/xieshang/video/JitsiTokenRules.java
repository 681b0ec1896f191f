package org.xieshang.video;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The checks Prosody's token authentication (mod_auth_token / token_util) makes before letting a
 * token into a room, written out for the tests: the signature (HS256 with the app secret, or RS256
 * with the public key named by kid), iss among the accepted issuers, aud among the accepted audiences,
 * nbf not in the future and exp not past, sub the tenant or "*", room the room joined or "*".
 * Returns the claims when the token may enter, throws when not.
 */
final class JitsiTokenRules {
  private final JWTAuth verifier;
  private final String issuer;
  private final String audience;
  private final String tenant;

  JitsiTokenRules(Vertx vertx, String algorithm, String key, String issuer, String audience, String tenant) {
    this.verifier = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(key)));
    this.issuer = issuer;
    this.audience = audience;
    this.tenant = tenant;
  }

  JsonObject admit(String jwt, String room, long nowSeconds) {
    try {
      verifier.authenticate(new TokenCredentials(jwt)).await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalArgumentException("signature: " + e.getMessage());
    }
    // the claims as Prosody reads them: the payload itself (Vert.x moves exp and nbf out of its principal)
    String[] parts = jwt.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1])));
    require(issuer.equals(claims.getString("iss")), "iss " + claims.getString("iss"));
    require(audience.equals(claims.getString("aud")), "aud " + claims.getValue("aud"));
    require(claims.getLong("nbf", 0L) <= nowSeconds, "nbf in the future");
    require(claims.getLong("exp", 0L) > nowSeconds, "expired");
    String sub = claims.getString("sub");
    require("*".equals(sub) || sub.equalsIgnoreCase(tenant), "sub " + sub);
    String r = claims.getString("room");
    require("*".equals(r) || r.equalsIgnoreCase(room), "room " + r + " is not " + room);
    return claims;
  }

  static JsonObject header(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')))));
  }

  /** Moderator as Jitsi reads it: context.user.moderator, or affiliation owner. */
  static boolean moderator(JsonObject claims) {
    JsonObject user = claims.getJsonObject("context").getJsonObject("user");
    return user.getBoolean("moderator", false) || "owner".equals(user.getString("affiliation"));
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what);
    }
  }
}
