package org.xieshang.live;

import org.xieshang.activity.SessionRole;

/** Who sends a command: a roster participant (the session's own timer acts as SYSTEM). */
public record Actor(long accountId, SessionRole role, long venueId) {
  public static final Actor SYSTEM = new Actor(0, SessionRole.CHAIR, 0);

  public boolean isSystem() {
    return accountId == 0;
  }
}
