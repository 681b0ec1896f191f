package org.xieshang.live;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;

import java.util.List;

/**
 * The event-bus bridge over SockJS's WebSocket transport ({@code /eventbus/<server>/<session>/websocket}),
 * the path every modern browser takes. It speaks the same frames as the stock bridge and
 * {@code @vertx/eventbus-bridge-client.js}, with the rules of {@link LiveAccess} (authenticated
 * on opening, REGISTER only to sessions on one's roster, SEND only to command addresses, stamped with
 * the user), but receives events from {@link LiveFanout} already framed, so an event costs one
 * WebSocket write per socket. Other SockJS transports (for old browsers and proxies) fall through to
 * the stock bridge.
 */
public final class LiveSocket {
  static final long HEARTBEAT_MILLIS = 25_000;
  static final long PING_TIMEOUT_MILLIS = 30_000;
  static final int MAX_REGISTRATIONS = 20;

  private final Vertx vertx;
  private final LiveAccess access;
  private final BusChannel channel;
  private final int backlogBytes;

  public LiveSocket(Vertx vertx, LiveAccess access, BusChannel channel, int backlogBytes) {
    this.vertx = vertx;
    this.access = access;
    this.channel = channel;
    this.backlogBytes = backlogBytes;
  }

  /** Route handler: takes WebSocket upgrades, lets every other request through to the SockJS handler. */
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      ctx.next();
      return;
    }
    request.pause();
    io.vertx.core.Context loop = Vertx.currentContext(); // the connection's event loop
    access.authenticate(request.headers(), request.uri())
        .onFailure(ctx::fail)
        .onSuccess(caller -> {
          FrameChannel out = FrameChannel.of(request, backlogBytes);
          request.toWebSocket()
              .onSuccess(ws -> {
                out.upgraded();
                new Connection(ws, out, caller, loop).open();
              })
              .onFailure(e -> request.connection().close());
        });
  }

  private final class Connection implements LiveFanout.Sink {
    private final ServerWebSocket ws;
    /** every frame this socket sends, written straight to its channel (Vert.x reads and closes it) */
    private final FrameChannel out;
    private final Caller caller;
    /** the sessions this socket listens to */
    private final java.util.Map<Long, LiveAccess.Listening> registered = new java.util.HashMap<>();
    /** other channels' addresses this socket listens to */
    private final java.util.Map<String, io.vertx.core.eventbus.MessageConsumer<Object>> consumers = new java.util.HashMap<>();
    private long lastPing = System.currentTimeMillis();
    /** The event-bus client's ping, as its SockJS transport sends it. */
    private static final String PING = "[\"{\\\"type\\\":\\\"ping\\\"}\"]";
    private long timer = -1;
    private boolean closed;
    private final io.vertx.core.Context loop;

    Connection(ServerWebSocket ws, FrameChannel out, Caller caller, io.vertx.core.Context loop) {
      this.ws = ws;
      this.out = out;
      this.caller = caller;
      this.loop = loop;
    }

    void open() {
      ws.textMessageHandler(this::onText);
      ws.closeHandler(v -> onClose());
      ws.exceptionHandler(e -> ws.close());
      out.write("o");
      timer = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> {
        if (System.currentTimeMillis() - lastPing > PING_TIMEOUT_MILLIS + HEARTBEAT_MILLIS) {
          out.write("c[3000,\"Go away!\"]");
          ws.close();
        } else {
          out.write("h");
        }
      });
    }

    @Override
    public io.vertx.core.Context loop() {
      return loop;
    }

    @Override
    public void deliver(LiveFanout.Frame frame) {
      if (!closed) {
        out.write(frame.shared());
      }
    }

    private void onClose() {
      closed = true;
      vertx.cancelTimer(timer);
      registered.values().forEach(l -> access.stop(l, this));
      registered.clear();
      consumers.values().forEach(io.vertx.core.eventbus.MessageConsumer::unregister);
      consumers.clear();
    }

    /** SockJS clients send a JSON array of messages (or one JSON string); each is a bridge frame. */
    private void onText(String text) {
      lastPing = System.currentTimeMillis();
      if (PING.equals(text)) {
        return; // every client pings every 5 s: 2,000 a second at 10,000 participants, not worth parsing
      }
      List<Object> messages;
      try {
        Object parsed = Json.decodeValue(text);
        messages = parsed instanceof JsonArray a ? a.getList() : List.of(parsed);
      } catch (DecodeException e) {
        ws.close();
        return;
      }
      for (Object m : messages) {
        try {
          onMessage(m instanceof String s ? new JsonObject(s) : new JsonObject());
        } catch (DecodeException e) {
          send(new JsonObject().put("type", "err").put("body", "invalid_json"));
        }
      }
    }

    private void onMessage(JsonObject msg) {
      String type = msg.getString("type", "");
      String address = msg.getString("address", "");
      switch (type) {
        case "ping" -> { }
        case "register" -> register(address);
        case "unregister" -> {
          var consumer = consumers.remove(address);
          if (consumer != null) {
            consumer.unregister();
          }
          Long id = LiveAccess.sessionOf(address);
          LiveAccess.Listening l = id == null ? null : registered.remove(id);
          if (l != null) {
            access.stop(l, this);
          }
        }
        case "send" -> command(address, msg);
        default -> denied(address, msg.getString("replyAddress"));
      }
    }

    private void register(String address) {
      if (registered.size() + consumers.size() >= MAX_REGISTRATIONS) {
        denied(address, null);
        return;
      }
      if (channel.ownsEvents(address)) {
        channel.mayListen(caller, address).onComplete(ar -> loop.runOnContext(v -> {
          if (!ar.succeeded() || !ar.result() || closed) {
            denied(address, null);
          } else if (!consumers.containsKey(address)) {
            consumers.put(address, vertx.eventBus().consumer(address,
                m -> send(new JsonObject().put("type", "rec").put("address", address).put("body", m.body()))));
          }
        }));
        return;
      }
      access.mayListen(caller, address).onComplete(ar -> {
        LiveAccess.Listening l = ar.result();
        if (l == null || closed) {
          denied(address, null);
        } else if (registered.putIfAbsent(l.sessionId(), l) == null) {
          access.listen(l, this);
        }
      });
    }

    private void command(String address, JsonObject msg) {
      String replyAddress = msg.getString("replyAddress");
      io.vertx.core.Future<JsonObject> result;
      if (channel.ownsCommands(address) && msg.getValue("body") instanceof JsonObject body) {
        result = channel.command(caller, address, body);
      } else {
        Long id = access.commandTarget(caller, address, msg.getValue("body"));
        if (id == null) {
          denied(address, replyAddress);
          return;
        }
        // the sender is the authenticated user; any headers the client sent are ignored
        result = access.sessions().send(id, caller.accountId(), msg.getJsonObject("body"));
      }
      result.onComplete(ar -> {
        if (replyAddress == null) {
          return;
        }
        if (ar.succeeded()) {
          send(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", ar.result()));
        } else {
          DomainError e = ar.cause() instanceof DomainError d ? d
              : new DomainError(500, "internal", "服务器内部错误", null, List.of(), null);
          send(new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", e.status())
              .put("failureType", "RECIPIENT_FAILURE").put("message", e.toJson().encode()));
        }
      });
    }

    private void denied(String address, String replyAddress) {
      JsonObject err = new JsonObject().put("type", "err").put("body", "access_denied").put("address", address);
      if (replyAddress != null) {
        err.put("address", replyAddress).put("failureCode", 403).put("failureType", "RECIPIENT_FAILURE")
            .put("message", DomainError.forbidden("不允许的地址或操作").toJson().encode());
      }
      send(err);
    }

    private void send(JsonObject frame) {
      if (!closed) {
        out.write("a" + new JsonArray().add(frame.encode()).encode());
      }
    }
  }
}
