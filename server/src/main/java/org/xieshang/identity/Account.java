package org.xieshang.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.EnumSet;
import java.util.Set;

/** An account as stored (the password hash never leaves the store). */
public record Account(long id, String username, String displayName, String phone, Set<Role> roles,
                      Long organizationId, Long sectorId, Long committeeId, Long departmentId,
                      boolean standingCommittee, boolean mustChangePassword, boolean active) {

  static Account from(Row r) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String s : r.getArrayOfStrings("roles")) {
      Role.parse(s).ifPresent(roles::add);
    }
    return new Account(r.getLong("id"), r.getString("username"), r.getString("display_name"),
        r.getString("phone"), roles, r.getLong("organization_id"), r.getLong("sector_id"),
        r.getLong("committee_id"), r.getLong("department_id"), r.getBoolean("standing_committee"),
        r.getBoolean("must_change_password"), r.getBoolean("active"));
  }

  public Caller caller() {
    return new Caller(id, displayName, roles, organizationId);
  }

  public JsonObject toJson() {
    JsonArray r = new JsonArray();
    roles.forEach(role -> r.add(role.name()));
    JsonArray permissions = new JsonArray();
    Permission.grantedBy(roles).forEach(p -> permissions.add(p.name()));
    return new JsonObject()
        .put("id", id)
        .put("username", username)
        .put("displayName", displayName)
        .put("phone", phone)
        .put("roles", r)
        .put("permissions", permissions)
        .put("organizationId", organizationId)
        .put("sectorId", sectorId)
        .put("committeeId", committeeId)
        .put("departmentId", departmentId)
        .put("standingCommittee", standingCommittee)
        .put("mustChangePassword", mustChangePassword)
        .put("active", active);
  }
}
