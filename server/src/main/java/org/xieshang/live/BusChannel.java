package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;

/**
 * Addresses other than live sessions' that sockets may use (the forum's themes), each with its own
 * rules. Events on them travel on the ordinary event bus; commands are answered by {@link #command}.
 */
public interface BusChannel {
  boolean ownsEvents(String address);

  /** Succeeds with true when the caller may listen to this events address. */
  Future<Boolean> mayListen(Caller caller, String address);

  boolean ownsCommands(String address);

  /** Runs a command sent by the caller; the reply body on success, a DomainError on refusal. */
  Future<JsonObject> command(Caller caller, String address, JsonObject body);
}
