package org.xieshang.identity;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.security.SecureRandom;

/** bcrypt through Bouncy Castle. Slow on purpose: call it off the event loop. */
public final class PasswordHasher {
  /** bcrypt reads at most 72 bytes; we refuse longer passwords rather than silently cut them. */
  public static final int MAX_BYTES = 72;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final int cost;

  public PasswordHasher(int cost) {
    this.cost = cost;
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, cost);
  }

  public boolean matches(String password, String hash) {
    if (hash == null || hash.isEmpty()) {
      return false;
    }
    return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
  }
}
