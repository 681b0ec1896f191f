package org.xieshang.forum;

import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;

/**
 * A person's standing in one theme: whether they may read it and take part, as which kind of author,
 * and whether they moderate or guide it. Members, staff, officials and experts take part in every
 * theme; public users take part in a theme open to the public once their phone is verified, and in
 * any theme of an activity they were drawn for (RULES.md Art. 16, 21).
 */
public record Participant(long accountId, AuthorKind kind, Long organizationId, Long sectorId, boolean mayTakePart,
                          boolean moderator, boolean guide) {

  static Participant of(Theme theme, Caller caller, boolean phoneVerified, boolean drawn, Long organizationId,
                        Long sectorId) {
    AuthorKind kind = AuthorKind.of(caller, drawn);
    boolean may = !kind.isPublic() || drawn || (theme.publicVisible() && phoneVerified);
    return new Participant(caller.accountId(), kind, organizationId, sectorId, may,
        caller.can(Permission.FORUM_MANAGE), caller.can(Permission.FORUM_GUIDE));
  }

  /** Posts and statements of public authors wait for a moderator when the theme says so. */
  boolean heldForModeration(Theme theme) {
    return kind.isPublic() && theme.premoderatePublic();
  }
}
