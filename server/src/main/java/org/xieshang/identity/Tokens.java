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
import java.util.Base64;

/**
 * Access tokens are short-lived HS256 JWTs carrying the caller's id, name, roles and organisation;
 * refresh tokens are opaque random strings stored hashed (see IdentityService for rotation).
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final JWTAuth jwt;
  private final int accessMinutes;

  public Tokens(Vertx vertx, String secret, int accessMinutes) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer("xieshang").setLeeway(5)));
    this.accessMinutes = accessMinutes;
  }

  public static String randomSecret() {
    byte[] bytes = new byte[48];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public String access(Account account) {
    return jwt.generateToken(account.caller().claims(), new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer("xieshang")
        .setSubject(Long.toString(account.id()))
        .setExpiresInMinutes(accessMinutes));
  }

  public int accessSeconds() {
    return accessMinutes * 60;
  }

  /** Verifies an access token and returns who it belongs to; fails with 401 otherwise. */
  public Future<Caller> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(DomainError.unauthorized("缺少访问令牌"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> Caller.fromClaims(user.principal()))
        .recover(e -> Future.failedFuture(DomainError.unauthorized("访问令牌无效或已过期")));
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
