package org.xieshang.bench;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Role;
import org.xieshang.identity.Tokens;

import java.util.EnumSet;

/**
 * Access tokens for bench members, signed with the server's secret by the server's own signer
 * ({@link Tokens#sign}), so a rule the server adds to its tokens reaches every bench at once.
 */
final class BenchTokens {
  private final JWTAuth jwt;

  BenchTokens(Vertx vertx, String secret) {
    this.jwt = Tokens.signer(vertx, secret);
  }

  /** A member's token, valid for the given minutes. */
  String member(long account, int minutes) {
    return Tokens.sign(jwt, new Caller(account, "bench", EnumSet.of(Role.MEMBER), null), minutes);
  }
}
