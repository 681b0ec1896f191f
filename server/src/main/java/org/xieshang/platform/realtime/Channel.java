package org.xieshang.platform.realtime;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;

/**
 * What a capability puts on the browsers' event bus: the addresses it owns, who may listen to them and
 * what the commands sent to them do. Events reach the sockets through {@link Fanout#publish}. Deny by
 * default: an address no channel owns is refused.
 */
public interface Channel {
  boolean ownsEvents(String address);

  /**
   * Lets the caller listen to an events address it owns: succeeds with what to undo when the socket stops
   * listening, fails (a DomainError) when the caller may not.
   */
  Future<Registration> listen(Caller caller, String address);

  boolean ownsCommands(String address);

  /** Runs a command the caller sent: the reply body, or a DomainError on refusal. */
  Future<JsonObject> command(Caller caller, String address, JsonObject body);

  /** Undone when a socket stops listening (unregisters, closes, or is revoked). */
  interface Registration {
    Registration NONE = () -> { };

    void stop();
  }
}
