package org.xieshang.activity;

import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.identity.Role;

/**
 * A person's role on one activity's roster. It decides what they may do in the live session,
 * independently of their account's platform roles.
 */
public enum SessionRole {
  CHAIR("主持人"),
  VICE_CHAIR("副主席"),
  MEMBER("委员"),
  VENUE_HOST("分会场主持人"),
  OFFICIAL("部门负责人"),
  EXPERT("专家"),
  PUBLIC_REP("界别群众代表"),
  OBSERVER("旁听"),
  SECRETARY("记录员");

  private final String label;

  SessionRole(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Opens, pauses and closes the session; grants the floor; moderates. */
  public boolean chairs() {
    return this == CHAIR;
  }

  public boolean hostsVenue() {
    return this == VENUE_HOST;
  }

  /** May ask to speak (a venue host may raise a hand on their behalf). */
  public boolean maySpeak() {
    return this == MEMBER || this == VICE_CHAIR || this == EXPERT || this == PUBLIC_REP || this == OFFICIAL;
  }

  /** May write in the comments stream. Observers watch only. */
  public boolean mayComment() {
    return this != OBSERVER;
  }

  /**
   * May hand in a written opinion (书面意见) on the activity: everyone on its roster but observers, and,
   * on the roster or not, the departments' officials and those who manage activities. {@code role} is
   * null off the roster. The activity's detail sends this as {@code may.writeOpinion}; the opinion store
   * refuses by the same rule.
   */
  public static boolean mayWriteOpinion(Caller caller, SessionRole role) {
    return role != null && role != OBSERVER || caller.has(Role.OFFICIAL) || caller.can(Permission.ACTIVITY_MANAGE);
  }

  /** May vote in live polls (public representatives only where the poll allows). */
  public boolean mayVote() {
    return this == CHAIR || this == VICE_CHAIR || this == MEMBER || this == EXPERT || this == PUBLIC_REP
        || this == VENUE_HOST;
  }

  /** May vote in a poll that is, or is not, open to public representatives. */
  public boolean mayVoteIn(boolean publicMayVote) {
    return mayVote() && (!isPublic() || publicMayVote);
  }

  /** Comments from the public may be held for the chair's approval. */
  public boolean isPublic() {
    return this == PUBLIC_REP;
  }
}
