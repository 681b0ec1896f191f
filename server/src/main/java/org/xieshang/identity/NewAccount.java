package org.xieshang.identity;

import java.util.Set;

/** An account to be created (by an administrator, an import, or public self-registration). */
public record NewAccount(String username, String displayName, String phone, Set<Role> roles,
                         Long organizationId, Long sectorId, Long committeeId, Long departmentId,
                         boolean standingCommittee) {}
