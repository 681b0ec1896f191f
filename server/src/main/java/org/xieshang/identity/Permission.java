package org.xieshang.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.xieshang.identity.Role.*;

/**
 * Platform-wide permissions and the roles that hold them. Inside a live session, what a person may do
 * depends on their roster role in that session (see live.SessionRole); this table covers the rest.
 */
public enum Permission {
  /** Create accounts, change roles, import member rosters. */
  ACCOUNT_MANAGE(ADMIN),
  /** Read the audit log. */
  AUDIT_READ(ADMIN),
  /** Create organisations, sectors, committees and departments. */
  DIRECTORY_MANAGE(ADMIN),
  /** Read the directory (organisations, sectors, committees, departments) and look up accounts by name. */
  DIRECTORY_READ(ADMIN, CHAIR, VICE_CHAIR, STAFF, MEMBER, VENUE_HOST, OFFICIAL, EXPERT),
  /** Create and schedule consultation activities; edit agenda, venues, documents and rosters. */
  ACTIVITY_MANAGE(ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Open online themes, moderate them (approve, hide, resolve reports), import and export Pol.is conversations. */
  FORUM_MANAGE(ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Post pinned guidance in a theme and feature posts (chair council members; staff for committee heads). */
  FORUM_GUIDE(CHAIR, VICE_CHAIR, STAFF),
  /** Keep volunteer pools, prepare and run verifiable draws of public participants, bring in replacements. */
  SORTITION_MANAGE(ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Collect opinions from every channel and read them with their sources, for consultation reports. */
  REPORT_MANAGE(ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Approve or return a report under review, and supervise the ledger entries (the chair council). */
  REPORT_REVIEW(CHAIR, VICE_CHAIR),
  /**
   * Read and answer the ledger entries assigned to one's department (department officials). Which entries
   * is decided by the account's department, not by this permission; the client shows the ledger to it.
   */
  LEDGER_HANDLE(OFFICIAL);

  private final Set<Role> roles;

  Permission(Role... roles) {
    this.roles = EnumSet.copyOf(List.of(roles));
  }

  public boolean grantedTo(Set<Role> held) {
    return held.stream().anyMatch(roles::contains);
  }

  /** The permissions the roles grant, in declaration order: what the client is told the caller may do. */
  public static List<Permission> grantedBy(Set<Role> held) {
    return Arrays.stream(values()).filter(p -> p.grantedTo(held)).toList();
  }

  public Set<Role> roles() {
    return roles;
  }
}
