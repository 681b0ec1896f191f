package org.xieshang.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.xieshang.identity.Caller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stock Vert.x SockJS event-bus bridge, for the SockJS transports other than WebSocket (and the
 * raw /eventbus/websocket endpoint), with the rules of {@link LiveAccess}: deny by default, PUBLISH
 * never, client headers replaced by the authenticated user. Browsers on WebSocket use {@link LiveSocket}.
 * Forum themes' events may be heard here too; their commands (votes) go over HTTP on these transports.
 */
public final class LiveBridge {
  private final LiveAccess access;
  private final Map<SockJSSocket, Caller> callers = new ConcurrentHashMap<>();
  /** socket → sessions it listens to */
  private final Map<SockJSSocket, Map<Long, LiveAccess.Listening>> listening = new ConcurrentHashMap<>();
  private final Map<SockJSSocket, LiveFanout.Sink> sinks = new ConcurrentHashMap<>();

  private record SocketSink(SockJSSocket socket, Context loop) implements LiveFanout.Sink {
    @Override
    public void deliver(LiveFanout.Frame frame) {
      socket.write(frame.bridge());
    }
  }

  private final BusChannel channel;

  public LiveBridge(LiveAccess access, BusChannel channel) {
    this.access = access;
    this.channel = channel;
  }

  public Router router(Vertx v) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex(LiveAccess.COMMANDS.pattern()))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(LiveAccess.EVENTS.pattern()))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("forum\\.\\d{1,18}\\.events"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(org.xieshang.inbox.Inbox.ADDRESS.pattern()))
        .setPingTimeout(30_000)
        .setMaxHandlersPerSocket(20)
        .setMaxAddressLength(64);
    return SockJSHandler.create(v, new SockJSHandlerOptions().setRegisterWriteHandler(false).setHeartbeatInterval(25_000))
        .bridge(options, this::handle);
  }

  void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    JsonObject raw = event.getRawMessage();
    String address = raw == null ? "" : raw.getString("address", "");
    switch (event.type()) {
      case SOCKET_CREATED -> access.authenticate(socket.headers(), socket.uri())
          .onSuccess(caller -> {
            callers.put(socket, caller);
            event.complete(true);
          })
          .onFailure(e -> event.complete(false));
      case SOCKET_CLOSED -> {
        callers.remove(socket);
        Map<Long, LiveAccess.Listening> all = listening.remove(socket);
        LiveFanout.Sink sink = sinks.remove(socket);
        if (all != null && sink != null) {
          all.values().forEach(l -> access.stop(l, sink));
        }
        event.complete(true);
      }
      case REGISTER -> {
        if (channel.ownsEvents(address)) {
          // the stock bridge then listens on the event bus, where the channel publishes
          channel.mayListen(callers.get(socket), address).onComplete(ar -> event.complete(ar.succeeded() && ar.result()));
          return;
        }
        Context loop = Vertx.currentContext(); // the socket's own event loop
        access.mayListen(callers.get(socket), address).onComplete(ar -> {
          LiveAccess.Listening l = ar.result();
          if (l != null && listening.computeIfAbsent(socket, k -> new ConcurrentHashMap<>()).putIfAbsent(l.sessionId(), l) == null) {
            access.listen(l, sinks.computeIfAbsent(socket, k -> new SocketSink(socket, loop)));
          }
          event.complete(l != null);
        });
      }
      case UNREGISTER -> {
        Long id = LiveAccess.sessionOf(address);
        Map<Long, LiveAccess.Listening> all = listening.get(socket);
        LiveAccess.Listening l = id == null || all == null ? null : all.remove(id);
        if (l != null) {
          access.stop(l, sinks.get(socket));
        }
        event.complete(true);
      }
      case SEND -> {
        Long id = access.commandTarget(callers.get(socket), address, raw == null ? null : raw.getValue("body"));
        if (id == null) {
          event.complete(false);
          return;
        }
        // client headers are never trusted: the owner learns who sent it from this header only
        raw.put("headers", new JsonObject().put("actor", Long.toString(callers.get(socket).accountId())));
        event.setRawMessage(raw);
        access.sessions().ensureOwner(id).onComplete(ar -> event.complete(ar.succeeded()));
      }
      case PUBLISH -> event.complete(false);
      default -> event.complete(true); // RECEIVE (outbound, already filtered), SOCKET_PING, SOCKET_IDLE, SOCKET_ERROR
    }
  }
}
