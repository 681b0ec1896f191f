package org.xieshang.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.config.AppConfig;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.UploadedTable;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Login, tokens, registration, accounts and the directory. Every administrative act is audited. */
public final class IdentityService {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Checked against when the user name does not exist, so both paths take the same time. */
  private final String dummyHash;

  private final Vertx vertx;
  private final Pool pool;
  private final AppConfig.Auth config;
  private final Tokens tokens;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final SmsSender sms;
  private final Clock clock;

  public IdentityService(Vertx vertx, Pool pool, AppConfig.Auth config, Tokens tokens, SmsSender sms, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.tokens = tokens;
    this.hasher = new PasswordHasher(config.bcryptCost());
    this.throttle = new LoginThrottle(config.loginMaxFailures(), Duration.ofSeconds(config.loginLockoutSeconds()),
        Duration.ofSeconds(config.loginLockoutMaxSeconds()));
    this.sms = sms;
    this.clock = clock;
    this.dummyHash = hasher.hash("not-a-real-password");
  }

  // ---- sessions ----

  public Future<JsonObject> login(String username, String password, AuditLog.By by) {
    Instant now = clock.instant();
    return IdentityStore.lockedUntil(pool, username)
        .compose(locked -> {
          if (locked.isPresent() && locked.get().isAfter(now)) {
            long wait = Math.max(1, Duration.between(now, locked.get()).toSeconds());
            return Future.failedFuture(DomainError.rateLimited(wait, "登录失败次数过多，请稍后再试"));
          }
          return IdentityStore.credentials(pool, username);
        })
        .compose(found -> vertx.executeBlocking(() -> {
          String hash = found.map(IdentityStore.Credentials::passwordHash).orElse(dummyHash);
          boolean ok = hasher.matches(password, hash) && found.isPresent() && found.get().account().active();
          return ok ? found.get().account() : null;
        }, false))
        .compose(account -> account == null ? loginFailed(username, now, by) : loginSucceeded(account, by));
  }

  private Future<JsonObject> loginFailed(String username, Instant now, AuditLog.By by) {
    return pool.withTransaction(tx -> IdentityStore.countFailure(tx, username, now)
            .compose(failures -> {
              Instant until = throttle.lockedUntil(failures, now);
              Future<Void> locked = until == null ? Future.succeededFuture() : IdentityStore.lock(tx, username, until);
              return locked.compose(v -> AuditLog.record(tx, by, "login.failure", "account", username,
                  new JsonObject().put("failures", failures).put("lockedUntil", until == null ? null : until.toString())));
            }))
        .compose(v -> Future.failedFuture(new DomainError(401, "login-failed", "用户名或密码错误",
            null, List.of(), null)));
  }

  private Future<JsonObject> loginSucceeded(Account account, AuditLog.By by) {
    AuditLog.By self = new AuditLog.By(account.id(), by.requestId());
    return pool.withTransaction(tx -> IdentityStore.clearFailures(tx, account.username())
        .compose(v -> AuditLog.record(tx, self, "login.success", "account", account.id(), null))
        .compose(v -> issue(tx, account)));
  }

  private Future<JsonObject> issue(SqlClient db, Account account) {
    String refresh = Tokens.newRefreshToken();
    Instant expires = clock.instant().plus(Duration.ofDays(config.refreshTokenDays()));
    return IdentityStore.insertRefreshToken(db, account.id(), Tokens.sha256(refresh), expires)
        .map(v -> new JsonObject()
            .put("accessToken", tokens.access(account))
            .put("tokenType", "Bearer")
            .put("expiresIn", tokens.accessSeconds())
            .put("refreshToken", refresh)
            .put("account", account.toJson()));
  }

  /** Rotates a refresh token. Presenting a revoked one revokes the whole family (it was probably stolen). */
  public Future<JsonObject> refresh(String refreshToken) {
    byte[] hash = Tokens.sha256(refreshToken);
    Instant now = clock.instant();
    return pool.withTransaction(tx -> IdentityStore.refreshToken(tx, hash)
        .compose(found -> {
          if (found.isEmpty() || found.get().expiresAt().isBefore(now)) {
            return Future.failedFuture(DomainError.unauthorized("刷新令牌无效或已过期，请重新登录"));
          }
          IdentityStore.RefreshToken token = found.get();
          if (token.revokedAt() != null) {
            return IdentityStore.revokeAllRefreshTokens(tx, token.accountId())
                .map(v -> (JsonObject) null);
          }
          return IdentityStore.revokeRefreshToken(tx, token.id())
              .compose(v -> IdentityStore.account(tx, token.accountId()))
              .compose(account -> account.isPresent() && account.get().active()
                  ? issue(tx, account.get())
                  : Future.failedFuture(DomainError.unauthorized("账号已停用")));
        }))
        .compose(result -> result == null
            ? Future.failedFuture(DomainError.unauthorized("刷新令牌已被使用，请重新登录"))
            : Future.succeededFuture(result));
  }

  /** Signs out: the refresh token and the access token of the request are both revoked. */
  public Future<Void> logout(Tokens.Verified access, String refreshToken, AuditLog.By by) {
    byte[] hash = Tokens.sha256(refreshToken);
    long accountId = access.caller().accountId();
    return pool.withTransaction(tx -> IdentityStore.refreshToken(tx, hash)
        .compose(found -> found.isPresent() && found.get().accountId() == accountId
            ? IdentityStore.revokeRefreshToken(tx, found.get().id())
            : Future.succeededFuture())
        .compose(v -> tokens.denyList().revoke(tx, access.jti(), accountId, access.expires()))
        .compose(v -> AuditLog.record(tx, by, "logout", "account", accountId, null)))
        .onSuccess(v -> tokens.denyList().revoked(access.jti()));
  }

  /** Signs a person in without a password, once something else (an invitation link) has vouched for them. */
  public Future<JsonObject> sessionFor(long accountId, String how, AuditLog.By by) {
    return pool.withTransaction(tx -> IdentityStore.account(tx, accountId)
        .compose(found -> found.isPresent() && found.get().active()
            ? AuditLog.record(tx, new AuditLog.By(accountId, by.requestId()), "login." + how, "account", accountId, null)
                .compose(v -> issue(tx, found.get()))
            : Future.failedFuture(DomainError.unauthorized("账号已停用"))));
  }

  public Future<Account> me(Caller caller) {
    return IdentityStore.account(pool, caller.accountId())
        .compose(a -> a.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(DomainError.notFound("账号"))));
  }

  public Future<Void> changePassword(Caller caller, String current, String next, AuditLog.By by) {
    return me(caller)
        .compose(account -> IdentityStore.credentials(pool, account.username()))
        .compose(creds -> vertx.executeBlocking(() -> {
          if (creds.isEmpty() || !hasher.matches(current, creds.get().passwordHash())) {
            throw DomainError.invalid("currentPassword", "当前密码不正确");
          }
          return hasher.hash(next);
        }, false))
        .compose(hash -> pool.withTransaction(tx -> IdentityStore.setPassword(tx, caller.accountId(), hash)
            .compose(v -> IdentityStore.revokeAllRefreshTokens(tx, caller.accountId()))
            .compose(v -> AuditLog.record(tx, by, "account.password.change", "account", caller.accountId(), null))));
  }

  // ---- public self-registration with a phone code ----

  public Future<JsonObject> sendPhoneCode(String phone) {
    Instant now = clock.instant();
    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
    return pool.withTransaction(tx -> IdentityStore.phoneCode(tx, phone)
            .compose(existing -> {
              if (existing.isPresent()
                  && existing.get().sentAt().plusSeconds(config.phoneCodeIntervalSeconds()).isAfter(now)) {
                long wait = Duration.between(now, existing.get().sentAt().plusSeconds(config.phoneCodeIntervalSeconds()))
                    .toSeconds() + 1;
                return Future.failedFuture(DomainError.rateLimited(wait, "验证码发送过于频繁"));
              }
              return IdentityStore.savePhoneCode(tx, phone, codeHash(phone, code),
                  now.plusSeconds(config.phoneCodeTtlSeconds()), now);
            }))
        .compose(v -> sms.sendCode(phone, code))
        .map(v -> new JsonObject().put("phone", phone.substring(0, 3) + "****" + phone.substring(7))
            .put("expiresIn", config.phoneCodeTtlSeconds()));
  }

  public Future<JsonObject> register(String phone, String code, String displayName, String password,
                                     AuditLog.By by) {
    Instant now = clock.instant();
    return vertx.executeBlocking(() -> hasher.hash(password), false)
        .compose(hash -> pool.withTransaction(tx -> IdentityStore.phoneCode(tx, phone)
            .compose(stored -> {
              if (stored.isEmpty() || stored.get().expiresAt().isBefore(now) || stored.get().attempts() >= 5) {
                return Future.failedFuture(DomainError.invalid("code", "验证码已失效，请重新获取"));
              }
              if (!MessageDigest.isEqual(stored.get().codeHash(), codeHash(phone, code))) {
                return Future.failedFuture(DomainError.invalid("code", "验证码不正确"));
              }
              NewAccount account = new NewAccount(phone, displayName, phone, EnumSet.of(Role.PUBLIC),
                  null, null, null, null, false);
              return IdentityStore.insertAccount(tx, account, hash, false)
                  .recover(e -> Future.failedFuture(isUniqueViolation(e)
                      ? DomainError.conflict("phone-taken", "该手机号已注册", "phone", "该手机号已注册，请直接登录")
                      : e))
                  .compose(id -> IdentityStore.deletePhoneCode(tx, phone).map(id));
            })
            .compose(id -> AuditLog.record(tx, new AuditLog.By(id, by.requestId()), "account.register", "account", id,
                new JsonObject().put("phone", phone)).map(id))
            .compose(id -> IdentityStore.account(tx, id))
            .compose(account -> issue(tx, account.orElseThrow())))
            .recover(e -> e instanceof DomainError d && d.type().equals("validation")
                ? IdentityStore.countPhoneCodeAttempt(pool, phone).compose(v -> Future.failedFuture(e))
                : Future.failedFuture(e)));
  }

  private static byte[] codeHash(String phone, String code) {
    return Tokens.sha256(phone + ":" + code);
  }

  // ---- accounts other capabilities need ----

  /**
   * The public account of a person known by phone (sortition: a volunteer from an offline list), made
   * when there is none; in the caller's transaction, so that an import commits whole or not at all.
   */
  public Future<Long> publicAccount(SqlClient tx, String phone, String displayName, String county) {
    return IdentityStore.publicAccountByPhone(tx, phone, displayName, county);
  }

  /** These accounts by id (sortition names its volunteers, and invites them, by their accounts); unknown ids are absent. */
  public Future<Map<Long, Account>> accountsById(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return IdentityStore.accountsById(pool, ids.toArray(new Long[0]))
        .map(list -> {
          Map<Long, Account> out = new HashMap<>();
          list.forEach(a -> out.put(a.id(), a));
          return out;
        });
  }

  // ---- administration ----

  public Future<List<Account>> accounts(String role, String query, int limit, int offset) {
    return IdentityStore.accounts(pool, role, query, limit, offset);
  }

  /** Creates an account; with no password given, a random initial one is returned once. */
  public Future<JsonObject> createAccount(NewAccount account, String password, AuditLog.By by) {
    String initial = password == null ? randomPassword() : null;
    return checkReferences(account)
        .compose(v -> vertx.executeBlocking(() -> hasher.hash(password == null ? initial : password), false))
        .compose(hash -> pool.withTransaction(tx -> IdentityStore.insertAccount(tx, account, hash, initial != null)
            .recover(e -> Future.failedFuture(isUniqueViolation(e)
                ? DomainError.conflict("account-exists", "账号已存在", e.getMessage().contains("phone") ? "phone" : "username",
                "用户名或手机号已被使用")
                : e))
            .compose(id -> AuditLog.record(tx, by, "account.create", "account", id,
                new JsonObject().put("username", account.username()).put("roles", rolesJson(account.roles()))).map(id))
            .compose(id -> IdentityStore.account(tx, id))))
        .map(created -> {
          JsonObject out = new JsonObject().put("account", created.orElseThrow().toJson());
          if (initial != null) {
            out.put("initialPassword", initial);
          }
          return out;
        });
  }

  private Future<Void> checkReferences(NewAccount a) {
    List<Future<Void>> checks = new ArrayList<>();
    checks.add(reference("organization", a.organizationId(), "organizationId"));
    checks.add(reference("sector", a.sectorId(), "sectorId"));
    checks.add(reference("committee", a.committeeId(), "committeeId"));
    checks.add(reference("department", a.departmentId(), "departmentId"));
    return Future.all(checks).mapEmpty();
  }

  private Future<Void> reference(String table, Long id, String field) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return IdentityStore.exists(pool, table, id)
        .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(DomainError.invalid(field, "不存在：" + id)));
  }

  public Future<Account> changeRoles(long accountId, Set<Role> roles, AuditLog.By by) {
    return pool.withTransaction(tx -> IdentityStore.account(tx, accountId)
        .compose(before -> {
          if (before.isEmpty()) {
            return Future.failedFuture(DomainError.notFound("账号"));
          }
          return IdentityStore.setRoles(tx, accountId, roles)
              .compose(n -> AuditLog.record(tx, by, "account.roles.change", "account", accountId,
                  new JsonObject().put("from", rolesJson(before.get().roles())).put("to", rolesJson(roles))))
              .compose(v -> IdentityStore.revokeAllRefreshTokens(tx, accountId))
              .compose(v -> IdentityStore.account(tx, accountId))
              .map(a -> a.orElseThrow());
        }));
  }

  /**
   * Imports a member roster. Every row is checked first; any bad row rejects the whole file with every
   * error and its line number. Otherwise all accounts are inserted in one transaction.
   */
  public Future<JsonObject> importRoster(UploadedTable.File file, AuditLog.By by) {
    return vertx.executeBlocking(() -> RosterImport.read(file), false)
        .compose(lines -> {
          List<String> usernames = lines.stream().map(l -> l.cells().get("username")).filter(u -> u != null).toList();
          List<String> phones = lines.stream().map(l -> l.cells().get("phone")).filter(p -> p != null).toList();
          return Future.all(IdentityStore.directory(pool), IdentityStore.takenUsernames(pool, usernames),
                  IdentityStore.takenPhones(pool, phones))
              .map(all -> RosterImport.check(lines, all.resultAt(0), all.resultAt(1), all.resultAt(2)));
        })
        .compose(checked -> {
          if (!checked.errors().isEmpty()) {
            return Future.failedFuture(DomainError.validation(checked.errors()));
          }
          List<NewAccount> accounts = checked.accounts();
          List<String> passwords = accounts.stream().map(a -> randomPassword()).toList();
          return vertx.executeBlocking(() -> passwords.parallelStream().map(hasher::hash).toList(), false)
              .compose(hashes -> pool.withTransaction(tx -> IdentityStore.insertAccounts(tx, accounts, hashes)
                  .recover(e -> Future.failedFuture(isUniqueViolation(e)
                      ? DomainError.conflict("account-exists", "账号已存在", "file", "导入期间有用户名或手机号被占用，请重试")
                      : e))
                  .compose(ids -> AuditLog.record(tx, by, "account.import", "account", null,
                      new JsonObject().put("count", ids.size()).put("ids", new JsonArray(ids))).map(ids))))
              .map(ids -> {
                JsonArray created = new JsonArray();
                for (int i = 0; i < accounts.size(); i++) {
                  created.add(new JsonObject().put("id", ids.get(i)).put("username", accounts.get(i).username())
                      .put("displayName", accounts.get(i).displayName()).put("initialPassword", passwords.get(i)));
                }
                return new JsonObject().put("created", created.size()).put("accounts", created);
              });
        });
  }

  // ---- directory ----

  public Future<JsonObject> directory() {
    return Future.all(IdentityStore.organizations(pool), IdentityStore.sectors(pool),
            IdentityStore.unitsOf(pool, "committee"), IdentityStore.unitsOf(pool, "department"))
        .map(all -> new JsonObject()
            .put("organizations", all.<JsonArray>resultAt(0))
            .put("sectors", all.<JsonArray>resultAt(1))
            .put("committees", all.<JsonArray>resultAt(2))
            .put("departments", all.<JsonArray>resultAt(3)));
  }

  public Future<JsonArray> organizations() {
    return IdentityStore.organizations(pool);
  }

  public Future<Long> createOrganization(String name, String level, Long parentId, AuditLog.By by) {
    return created("organization", name, by, tx -> IdentityStore.insertOrganization(tx, name, level, parentId));
  }

  public Future<Long> createSector(String name, AuditLog.By by) {
    return created("sector", name, by, tx -> IdentityStore.insertSector(tx, name));
  }

  /** A committee (专门委员会) or a department (承办单位) of an organisation. */
  public Future<Long> createUnit(String table, long organizationId, String name, AuditLog.By by) {
    return reference("organization", organizationId, "organizationId")
        .compose(v -> created(table, name, by, tx -> IdentityStore.insertUnit(tx, table, organizationId, name)));
  }

  private Future<Long> created(String kind, String name, AuditLog.By by,
                               Function<SqlClient, Future<Long>> insert) {
    return pool.withTransaction(tx -> insert.apply(tx)
        .recover(e -> Future.failedFuture(isUniqueViolation(e)
            ? DomainError.conflict("name-taken", "名称已存在", "name", "已有同名记录：" + name)
            : isForeignKeyViolation(e) ? DomainError.invalid("parentId", "上级组织不存在") : e))
        .compose(id -> AuditLog.record(tx, by, kind + ".create", kind, id, new JsonObject().put("name", name)).map(id)));
  }

  private static JsonArray rolesJson(Set<Role> roles) {
    JsonArray out = new JsonArray();
    roles.forEach(r -> out.add(r.name()));
    return out;
  }

  static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  public static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof PgException pg && "23503".equals(pg.getSqlState());
  }

  /** A text message to a phone through the configured sender (an invitation with its link). */
  public Future<Void> sendText(String phone, String text) {
    return sms.sendText(phone, text);
  }
}
