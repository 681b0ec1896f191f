package org.xieshang.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.realtime.Channel;

/** {@code user.<accountId>.inbox} on the bridge: only that person may listen; it takes no commands. */
public final class InboxChannel implements Channel {
  @Override
  public boolean ownsEvents(String address) {
    return Inbox.ownerOf(address) != null;
  }

  @Override
  public Future<Registration> listen(Caller caller, String address) {
    Long owner = Inbox.ownerOf(address);
    return owner != null && owner == caller.accountId() ? Future.succeededFuture(Registration.NONE)
        : Future.failedFuture(DomainError.forbidden("只能接收自己的通知"));
  }

  @Override
  public boolean ownsCommands(String address) {
    return false;
  }

  @Override
  public Future<JsonObject> command(Caller caller, String address, JsonObject body) {
    return Future.failedFuture(DomainError.forbidden("通知地址不接受命令"));
  }
}
