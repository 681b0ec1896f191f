package org.xieshang.forum;

import org.xieshang.identity.Caller;
import org.xieshang.identity.Role;

/** Who an opinion comes from, as the consultation report counts it (RULES.md Art. 16, 21). */
public enum AuthorKind {
  MEMBER("委员"),
  DRAWN_PUBLIC("界别群众代表"),
  OPEN_PUBLIC("网民"),
  EXPERT("专家"),
  DEPARTMENT("部门负责人"),
  STAFF("委室工作人员"),
  /** a participant imported from a Pol.is conversation */
  IMPORTED("外部导入");

  private final String label;

  AuthorKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * The kind of a caller; a public user is "drawn" when on the theme's activity roster as a public representative.
   * A venue host is not a member for being one: a host who is not a member, expert or official speaks as staff.
   */
  public static AuthorKind of(Caller caller, boolean drawn) {
    if (caller.has(Role.MEMBER) || caller.has(Role.CHAIR) || caller.has(Role.VICE_CHAIR)) {
      return MEMBER;
    }
    if (caller.has(Role.EXPERT)) {
      return EXPERT;
    }
    if (caller.has(Role.OFFICIAL)) {
      return DEPARTMENT;
    }
    if (caller.has(Role.STAFF) || caller.has(Role.ADMIN) || caller.has(Role.VENUE_HOST)) {
      return STAFF;
    }
    return drawn ? DRAWN_PUBLIC : OPEN_PUBLIC;
  }

  public boolean isPublic() {
    return this == DRAWN_PUBLIC || this == OPEN_PUBLIC;
  }
}
