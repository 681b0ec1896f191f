package org.xieshang.identity;

import io.vertx.core.Future;

/** Sends text messages to phones: verification codes, invitations. Pluggable: conf sms.sender chooses the implementation. */
public interface SmsSender {
  Future<Void> sendCode(String phone, String code);

  /** A message of the product's own (an invitation with its link), as it is to be read. */
  Future<Void> sendText(String phone, String text);
}
