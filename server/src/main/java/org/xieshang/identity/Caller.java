package org.xieshang.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Set;

/** The authenticated person behind a request or a socket, as read from a verified access token. */
public record Caller(long accountId, String displayName, Set<Role> roles, Long organizationId) {

  public boolean can(Permission permission) {
    return permission.grantedTo(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public JsonObject claims() {
    JsonArray r = new JsonArray();
    roles.forEach(role -> r.add(role.name()));
    return new JsonObject().put("name", displayName).put("roles", r).put("org", organizationId);
  }

  public static Caller fromClaims(JsonObject principal) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    JsonArray r = principal.getJsonArray("roles", new JsonArray());
    for (Object o : r) {
      Role.parse(String.valueOf(o)).ifPresent(roles::add);
    }
    return new Caller(Long.parseLong(principal.getString("sub")), principal.getString("name", ""), roles,
        principal.getLong("org"));
  }
}
