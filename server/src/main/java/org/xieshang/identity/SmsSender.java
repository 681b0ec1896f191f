package org.xieshang.identity;

import io.vertx.core.Future;

/** Sends a verification code to a phone. Pluggable: conf sms.sender chooses the implementation. */
public interface SmsSender {
  Future<Void> sendCode(String phone, String code);
}
