package org.xieshang.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.xieshang.platform.http.DomainError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Access tokens are short-lived HS256 JWTs carrying the caller's id, name, roles and organisation, an expiry
 * and a token id (jti) by which sign-out revokes them ({@link TokenDenyList}); refresh tokens are opaque
 * random strings stored hashed (see IdentityService for rotation).
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final JWTAuth jwt;
  private final int accessMinutes;
  private final TokenDenyList denied;

  /** A verified access token: who it belongs to, its id and when it expires. */
  public record Verified(Caller caller, UUID jti, Instant expires) {}

  public Tokens(Vertx vertx, String secret, int accessMinutes, TokenDenyList denied) {
    this.denied = denied;
    this.jwt = signer(vertx, secret);
    this.accessMinutes = accessMinutes;
  }

  /** Signs and verifies with the secret: HS256, issued by xieshang. */
  public static JWTAuth signer(Vertx vertx, String secret) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer("xieshang").setLeeway(5)));
  }

  /**
   * An access token for the caller with everything {@link #verify} requires: issuer, subject, expiry and a
   * token id (jti). The one place tokens are signed; the benchmarks sign theirs here too.
   */
  public static String sign(JWTAuth jwt, Caller caller, int minutes) {
    return jwt.generateToken(caller.claims().put("jti", UUID.randomUUID().toString()), new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer("xieshang")
        .setSubject(Long.toString(caller.accountId()))
        .setExpiresInMinutes(minutes));
  }

  public static String randomSecret() {
    byte[] bytes = new byte[48];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public String access(Account account) {
    return sign(jwt, account.caller(), accessMinutes);
  }

  TokenDenyList denyList() {
    return denied;
  }

  public int accessSeconds() {
    return accessMinutes * 60;
  }

  /** Verifies an access token and returns who it belongs to; fails with 401 otherwise. */
  public Future<Caller> verify(String token) {
    return verified(token).map(Verified::caller);
  }

  /**
   * Verifies an access token: signed with our key, not expired, carrying an expiry and a token id (a token
   * without them would be good for ever and could not be revoked), and not signed out.
   */
  public Future<Verified> verified(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(DomainError.unauthorized("缺少访问令牌"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(DomainError.unauthorized("访问令牌无效或已过期")))
        .compose(user -> {
          var claims = user.principal();
          UUID jti;
          try {
            jti = UUID.fromString(claims.getString("jti", ""));
          } catch (IllegalArgumentException | ClassCastException e) {
            jti = null;
          }
          // Vert.x moves the standard time claims out of the principal into the attributes
          if (!(user.attributes().getValue("exp") instanceof Number exp) || jti == null) {
            return Future.failedFuture(DomainError.unauthorized("访问令牌无效或已过期"));
          }
          Verified v;
          try {
            v = new Verified(Caller.fromClaims(claims), jti, Instant.ofEpochSecond(exp.longValue()));
          } catch (RuntimeException e) { // no or a malformed subject
            return Future.failedFuture(DomainError.unauthorized("访问令牌无效或已过期"));
          }
          return denied.isRevoked(jti).compose(revoked -> revoked
              ? Future.failedFuture(DomainError.unauthorized("访问令牌已注销，请重新登录"))
              : Future.succeededFuture(v));
        });
  }

  public static String newRefreshToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
