package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;

import java.util.List;

/**
 * Addresses other than live sessions' that sockets may use (the forum's themes, personal inboxes), each with its own
 * rules. Events on them travel on the ordinary event bus; commands are answered by {@link #command}.
 */
public interface BusChannel {
  boolean ownsEvents(String address);

  /** Succeeds with true when the caller may listen to this events address. */
  Future<Boolean> mayListen(Caller caller, String address);

  boolean ownsCommands(String address);

  /** Runs a command sent by the caller; the reply body on success, a DomainError on refusal. */
  Future<JsonObject> command(Caller caller, String address, JsonObject body);

  /** Several channels as one: each address is handled by the first channel that owns it. */
  static BusChannel of(BusChannel... channels) {
    List<BusChannel> all = List.of(channels);
    return new BusChannel() {
      @Override
      public boolean ownsEvents(String address) {
        return all.stream().anyMatch(c -> c.ownsEvents(address));
      }

      @Override
      public Future<Boolean> mayListen(Caller caller, String address) {
        return all.stream().filter(c -> c.ownsEvents(address)).findFirst()
            .map(c -> c.mayListen(caller, address)).orElse(Future.succeededFuture(false));
      }

      @Override
      public boolean ownsCommands(String address) {
        return all.stream().anyMatch(c -> c.ownsCommands(address));
      }

      @Override
      public Future<JsonObject> command(Caller caller, String address, JsonObject body) {
        return all.stream().filter(c -> c.ownsCommands(address)).findFirst()
            .map(c -> c.command(caller, address, body))
            .orElse(Future.failedFuture(DomainError.forbidden("不允许的地址或操作")));
      }
    };
  }
}
