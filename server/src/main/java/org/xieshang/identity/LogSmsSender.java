package org.xieshang.identity;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The development sender: writes the code to the server log instead of sending a message. */
public final class LogSmsSender implements SmsSender {
  private static final Logger LOG = LoggerFactory.getLogger(LogSmsSender.class);

  @Override
  public Future<Void> sendCode(String phone, String code) {
    LOG.info("SMS verification code for {}: {}", phone, code);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> sendText(String phone, String text) {
    LOG.info("SMS to {}: {}", phone, text);
    return Future.succeededFuture();
  }
}
