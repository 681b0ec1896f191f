package org.xieshang.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;
import org.xieshang.platform.http.UploadedTable;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.intParam;
import static org.xieshang.platform.http.Responses.json;

/** Accounts, roster import, the directory of organisations, and the audit log. */
public final class AdminApi {
  private final IdentityService identity;
  private final Access access;
  private final Pool pool;

  public AdminApi(IdentityService identity, Access access, Pool pool) {
    this.identity = identity;
    this.access = access;
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/api/directory").handler(access.authenticated()).handler(Access.require(Permission.DIRECTORY_READ))
        .handler(ctx -> json(ctx, 200, identity.directory()));
    // The list of CPPCC bodies is public: registration and public pages need it.
    router.get("/api/organizations").handler(ctx -> json(ctx, 200, identity.organizations()));
    router.post("/api/organizations").handler(access.authenticated()).handler(Access.require(Permission.DIRECTORY_MANAGE))
        .handler(guarded(this::createOrganization));
    router.post("/api/sectors").handler(access.authenticated()).handler(Access.require(Permission.DIRECTORY_MANAGE))
        .handler(guarded(this::createSector));
    router.post("/api/committees").handler(access.authenticated()).handler(Access.require(Permission.DIRECTORY_MANAGE))
        .handler(guarded(ctx -> createUnit(ctx, "committee")));
    router.post("/api/departments").handler(access.authenticated()).handler(Access.require(Permission.DIRECTORY_MANAGE))
        .handler(guarded(ctx -> createUnit(ctx, "department")));

    router.get("/api/accounts").handler(access.authenticated()).handler(Access.require(Permission.ACCOUNT_MANAGE))
        .handler(guarded(this::listAccounts));
    router.post("/api/accounts").handler(access.authenticated()).handler(Access.require(Permission.ACCOUNT_MANAGE))
        .handler(guarded(this::createAccount));
    router.put("/api/accounts/:id/roles").handler(access.authenticated())
        .handler(Access.require(Permission.ACCOUNT_MANAGE)).handler(guarded(this::changeRoles));
    router.post("/api/accounts/import").handler(access.authenticated())
        .handler(Access.require(Permission.ACCOUNT_MANAGE)).handler(guarded(this::importRoster));

    router.get("/api/audit").handler(access.authenticated()).handler(Access.require(Permission.AUDIT_READ))
        .handler(guarded(this::audit));
  }

  private void createOrganization(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String name = body.text("name", 2, 60);
    String level = body.text("level", 1, 10);
    Long parentId = body.optionalId("parentId");
    if (level != null && !level.equals("CITY") && !level.equals("COUNTY")) {
      body.fail("level", "应为 CITY（市）或 COUNTY（县区）");
    }
    if ("COUNTY".equals(level) && parentId == null) {
      body.fail("parentId", "县（区）政协须指明上级市政协");
    }
    body.validate();
    json(ctx, 201, identity.createOrganization(name, level, parentId, Access.by(ctx)).map(id -> new JsonObject().put("id", id)));
  }

  private void createSector(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String name = body.text("name", 1, 60);
    body.validate();
    json(ctx, 201, identity.createSector(name, Access.by(ctx)).map(id -> new JsonObject().put("id", id)));
  }

  private void createUnit(RoutingContext ctx, String table) {
    JsonBody body = JsonBody.of(ctx);
    String name = body.text("name", 1, 60);
    Long organizationId = body.id("organizationId");
    body.validate();
    json(ctx, 201, identity.createUnit(table, organizationId, name, Access.by(ctx)).map(id -> new JsonObject().put("id", id)));
  }

  private void listAccounts(RoutingContext ctx) {
    String role = ctx.request().getParam("role");
    if (role != null && Role.parse(role).isEmpty()) {
      throw DomainError.invalid("role", "未知的角色：" + role);
    }
    String q = ctx.request().getParam("q");
    int limit = intParam(ctx, "limit", 50, 1, 500);
    int offset = intParam(ctx, "offset", 0, 0, 1_000_000);
    json(ctx, 200, identity.accounts(role == null ? null : Role.parse(role).get().name(),
            q == null || q.isBlank() ? null : q.strip(), limit, offset)
        .map(list -> {
          JsonArray out = new JsonArray();
          list.forEach(a -> out.add(a.toJson()));
          return out;
        }));
  }

  private void createAccount(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String username = body.matching("username", RosterImport.USERNAME, " 3-40 位字母、数字、下划线、点或连字符", true);
    String displayName = body.text("displayName", 1, 50);
    String phone = body.matching("phone", RosterImport.PHONE, " 11 位手机号码", false);
    String password = body.raw().getValue("password") == null ? null : AuthApi.password(body, "password");
    Set<Role> roles = roles(body);
    Long org = body.optionalId("organizationId");
    NewAccount account = new NewAccount(username, displayName, phone, roles, org, body.optionalId("sectorId"),
        body.optionalId("committeeId"), body.optionalId("departmentId"), body.bool("standingCommittee", false));
    body.validate();
    json(ctx, 201, identity.createAccount(account, password, Access.by(ctx)));
  }

  private void changeRoles(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Set<Role> roles = roles(body);
    body.validate();
    if (id == Access.caller(ctx).accountId() && !roles.contains(Role.ADMIN)) {
      throw DomainError.invalid("roles", "不能取消自己的系统管理员角色");
    }
    json(ctx, 200, identity.changeRoles(id, roles, Access.by(ctx)).map(Account::toJson));
  }

  private static Set<Role> roles(JsonBody body) {
    List<String> names = body.texts("roles", 1, Role.values().length, 20);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String n : names) {
      Role.parse(n).ifPresentOrElse(roles::add, () -> body.fail("roles", "未知的角色：" + n));
    }
    return roles;
  }

  /** The body is the file itself: text/csv, or an .xlsx workbook. */
  private void importRoster(RoutingContext ctx) {
    json(ctx, 201, identity.importRoster(UploadedTable.of(ctx), Access.by(ctx)));
  }

  private void audit(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 100, 1, 1000);
    String before = ctx.request().getParam("before");
    Long beforeId = null;
    if (before != null) {
      try {
        beforeId = Long.parseLong(before);
      } catch (NumberFormatException e) {
        throw DomainError.invalid("before", "应为编号");
      }
    }
    json(ctx, 200, AuditLog.list(pool, limit, beforeId, ctx.request().getParam("action")));
  }
}
