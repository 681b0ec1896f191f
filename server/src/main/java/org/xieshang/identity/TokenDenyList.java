package org.xieshang.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Access tokens signed out before they expire, by token id (jti): kept in PostgreSQL (shared by every node)
 * and cached here. A node learns of a sign-out elsewhere by the event bus at once when clustered, and at the
 * latest when its cached answer for that token expires ({@link #CACHED}): that is the window in which a
 * signed-out token may still pass on another node (docs/roles.md).
 */
public final class TokenDenyList {
  /** How long a node trusts its last answer for a token before asking PostgreSQL again. */
  public static final Duration CACHED = Duration.ofSeconds(5);
  static final String REVOKED = "identity.token.revoked";
  private final Vertx vertx;
  private final Pool pool;
  private final Cache<UUID, Boolean> revoked = Caffeine.newBuilder().expireAfterWrite(CACHED).maximumSize(200_000).build();

  public TokenDenyList(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    vertx.eventBus().<String>consumer(REVOKED, m -> revoked.put(UUID.fromString(m.body()), true));
  }

  /** Whether the token was signed out; a miss asks PostgreSQL (and a failure to ask refuses the token). */
  public Future<Boolean> isRevoked(UUID jti) {
    Boolean known = revoked.getIfPresent(jti);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return IdentityStore.accessTokenRevoked(pool, jti).onSuccess(r -> revoked.put(jti, r));
  }

  /** Records the sign-out in the caller's transaction. */
  Future<Void> revoke(SqlClient tx, UUID jti, long accountId, Instant expires) {
    return IdentityStore.revokeAccessToken(tx, jti, accountId, expires);
  }

  /** After the sign-out commits: this node refuses the token at once, the other nodes when told (or when their cache expires). */
  void revoked(UUID jti) {
    revoked.put(jti, true);
    vertx.eventBus().publish(REVOKED, jti.toString());
  }
}
