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
  ACCOUNT_MANAGE("只有系统管理员可以管理账号和角色。", ADMIN),
  /** Read the audit log. */
  AUDIT_READ("只有系统管理员可以查看操作日志。", ADMIN),
  /** Create organisations, sectors, committees and departments. */
  DIRECTORY_MANAGE("只有系统管理员可以维护政协组织、界别、专委会和部门。", ADMIN),
  /** Read the directory (organisations, sectors, committees, departments) and look up accounts by name. */
  DIRECTORY_READ("只有政协委员、工作人员、部门负责人和专家可以查看组织名录。", ADMIN, CHAIR, VICE_CHAIR, STAFF, MEMBER, VENUE_HOST, OFFICIAL, EXPERT),
  /** Create and schedule consultation activities; edit agenda, venues, documents and rosters. */
  ACTIVITY_MANAGE("只有委室工作人员和主席会议成员可以安排和修改协商活动。", ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Open online themes, moderate them (approve, hide, resolve reports), import and export Pol.is conversations. */
  FORUM_MANAGE("只有委室工作人员和主席会议成员可以开设和管理网络议政主题。", ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Post pinned guidance in a theme and feature posts (chair council members; staff for committee heads). */
  FORUM_GUIDE("只有主席会议成员和委室工作人员可以发布引导意见、推荐发言。", CHAIR, VICE_CHAIR, STAFF),
  /** Keep volunteer pools, prepare and run verifiable draws of public participants, bring in replacements. */
  SORTITION_MANAGE("只有委室工作人员和主席会议成员可以管理报名名单和随机抽选。", ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Collect opinions from every channel and read them with their sources, for consultation reports. */
  REPORT_MANAGE("只有委室工作人员和主席会议成员可以查看和编写协商报告。", ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Approve or return a report under review, and supervise the ledger entries (the chair council). */
  REPORT_REVIEW("只有主席会议成员可以审核协商报告、督办交办事项。", CHAIR, VICE_CHAIR),
  /** Draft the annual consultation plan: create it, enter suggestions from every source, shortlist topics, record its steps. */
  PLAN_MANAGE("只有委室工作人员和主席会议成员可以编制年度协商计划。", ADMIN, CHAIR, VICE_CHAIR, STAFF),
  /** Record the chair council's review of the annual plan (主席会议审议). */
  PLAN_REVIEW("只有主席会议成员可以记录主席会议审议。", CHAIR, VICE_CHAIR),
  /**
   * Read and answer the ledger entries assigned to one's department (department officials). Which entries
   * is decided by the account's department, not by this permission; the client shows the ledger to it.
   */
  LEDGER_HANDLE("只有承办部门的负责人可以答复交办事项。", OFFICIAL);

  private final Set<Role> roles;
  private final String refusal;

  Permission(String refusal, Role... roles) {
    this.refusal = refusal;
    this.roles = EnumSet.copyOf(List.of(roles));
  }

  /** Who may do this, as a plain Chinese sentence for the person refused (never the permission's code). */
  public String refusal() {
    return refusal;
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
