package org.xieshang.identity;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;
import org.xieshang.platform.http.RateLimiter;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.json;

/** Login, token refresh, logout, phone-verified public registration, and the caller's own account. */
public final class AuthApi {
  private final IdentityService identity;
  private final Access access;
  private final RateLimiter perAddress;

  public AuthApi(IdentityService identity, Access access, RateLimiter perAddress) {
    this.identity = identity;
    this.access = access;
    this.perAddress = perAddress;
  }

  public void mount(Router router) {
    router.post("/api/auth/*").handler(this::limitAddress);
    router.post("/api/auth/login").handler(guarded(this::login));
    router.post("/api/auth/refresh").handler(guarded(this::refresh));
    router.post("/api/auth/logout").handler(access.authenticated()).handler(guarded(this::logout));
    router.post("/api/auth/phone-code").handler(guarded(this::phoneCode));
    router.post("/api/auth/register").handler(guarded(this::register));
    router.get("/api/me").handler(access.authenticated()).handler(ctx ->
        json(ctx, 200, identity.me(Access.caller(ctx)).map(Account::toJson)));
    router.post("/api/me/password").handler(access.authenticated()).handler(guarded(this::changePassword));
  }

  /** Sign-in and registration attempts per client address (the per-name lock-out is in the database). */
  private void limitAddress(RoutingContext ctx) {
    long wait = perAddress.acquire(ctx.request().remoteAddress().hostAddress());
    if (wait > 0) {
      ctx.fail(DomainError.rateLimited(wait, "请求过于频繁，请稍后再试"));
    } else {
      ctx.next();
    }
  }

  private void login(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String username = body.text("username", 1, 64);
    String password = body.text("password", 1, 200);
    body.validate();
    json(ctx, 200, identity.login(username, password, Access.by(ctx)));
  }

  private void refresh(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String token = body.text("refreshToken", 10, 200);
    body.validate();
    json(ctx, 200, identity.refresh(token));
  }

  private void logout(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String token = body.text("refreshToken", 10, 200);
    body.validate();
    json(ctx, 204, identity.logout(Access.token(ctx), token, Access.by(ctx)));
  }

  private void phoneCode(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String phone = body.matching("phone", RosterImport.PHONE, " 11 位手机号码", true);
    body.validate();
    json(ctx, 202, identity.sendPhoneCode(phone));
  }

  private void register(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String phone = body.matching("phone", RosterImport.PHONE, " 11 位手机号码", true);
    String code = body.matching("code", Pattern.compile("\\d{6}"), " 6 位数字", true);
    String name = body.text("displayName", 1, 50);
    String password = password(body, "password");
    body.validate();
    json(ctx, 201, identity.register(phone, code, name, password, Access.by(ctx)));
  }

  private void changePassword(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String current = body.text("currentPassword", 1, 200);
    String next = password(body, "newPassword");
    body.validate();
    json(ctx, 204, identity.changePassword(Access.caller(ctx), current, next, Access.by(ctx)));
  }

  /** A new password: 8 or more characters, within bcrypt's 72 bytes, not only digits. */
  static String password(JsonBody body, String field) {
    String p = body.text(field, 8, 72);
    if (p == null) {
      return null;
    }
    if (p.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
      body.fail(field, "过长（最多 72 字节）");
      return null;
    }
    if (p.chars().allMatch(Character::isDigit)) {
      body.fail(field, "不能全为数字");
      return null;
    }
    return p;
  }
}
