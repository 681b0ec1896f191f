package org.xieshang.forum;

import org.junit.jupiter.api.Test;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Role;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Screen review P12: a theme tells a person the kind they take part as; a venue host is not a member for that. */
class AuthorKindTest {
  private static Caller caller(Role... roles) {
    return new Caller(1, "x", Set.of(roles), null);
  }

  @Test
  void aVenueHostWhoIsNotAMemberIsNotCalledAMember() {
    assertEquals(AuthorKind.STAFF, AuthorKind.of(caller(Role.VENUE_HOST, Role.STAFF), false));
    assertEquals(AuthorKind.STAFF, AuthorKind.of(caller(Role.VENUE_HOST), false));
    assertEquals(AuthorKind.MEMBER, AuthorKind.of(caller(Role.VENUE_HOST, Role.MEMBER), false));
    assertEquals(AuthorKind.MEMBER, AuthorKind.of(caller(Role.CHAIR), false));
  }

  @Test
  void labelsAreTheGlossarysRoleNames() {
    assertEquals("部门负责人", AuthorKind.DEPARTMENT.label());
    assertEquals("委室工作人员", AuthorKind.STAFF.label());
  }
}
