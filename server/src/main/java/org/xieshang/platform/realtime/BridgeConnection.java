package org.xieshang.platform.realtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.ProblemHandler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One browser's event-bus connection, whatever its transport: the frames of
 * {@code @vertx/eventbus-bridge-client.js} (register, unregister, send, ping) with the channels' rules.
 * Everything here runs on the connection's event loop. Deny by default: an address no channel owns,
 * a publish, an unknown frame type are refused with an error frame.
 */
final class BridgeConnection implements Fanout.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeConnection.class);
  static final int MAX_REGISTRATIONS = 20;
  /** Malformed frames a connection may send before it is closed (a client bug, or a probe). */
  static final int MAX_MALFORMED = 5;
  /** The client pings every 5 s; a connection silent this long is gone. */
  static final long SILENCE_MILLIS = 55_000;
  static final long HEARTBEAT_MILLIS = 25_000;

  /** How frames leave, per transport. */
  interface Transport {
    String name();

    /** One bridge frame (a JSON object). */
    void send(String frame);

    /** An event from the fan-out (pre-encoded). */
    void deliver(Fanout.Frame frame);

    /** A transport-level heartbeat, where the transport has none of its own. */
    void heartbeat();

    void close();
  }

  private final Realtime realtime;
  private final Transport out;
  private final Caller caller;
  private final Context loop;
  /** addresses listened to; a pending registration holds a placeholder */
  private final Map<String, Channel.Registration> registered = new HashMap<>();
  private static final Channel.Registration PENDING = () -> { };
  private final long timer;
  private long lastHeard = System.currentTimeMillis();
  private int malformed;
  private boolean closed;

  BridgeConnection(Realtime realtime, Transport out, Caller caller, Context loop) {
    this.realtime = realtime;
    this.out = out;
    this.caller = caller;
    this.loop = loop;
    this.timer = realtime.vertx().setPeriodic(HEARTBEAT_MILLIS, t -> {
      if (System.currentTimeMillis() - lastHeard > SILENCE_MILLIS) {
        out.close();
      } else {
        out.heartbeat();
      }
    });
  }

  @Override
  public Context loop() {
    return loop;
  }

  @Override
  public long accountId() {
    return caller.accountId();
  }

  @Override
  public void deliver(Fanout.Frame frame) {
    if (!closed) {
      out.deliver(frame);
    }
  }

  /** One message from the client: a bridge frame as JSON text. */
  void onMessage(String text) {
    lastHeard = System.currentTimeMillis();
    if (closed) {
      return;
    }
    JsonObject msg;
    try {
      msg = Json.decodeValue(text) instanceof JsonObject o ? o : null;
    } catch (DecodeException | IllegalStateException e) {
      msg = null;
    }
    if (msg == null || !(msg.getValue("type") instanceof String type)) {
      malformed(text);
      return;
    }
    String address = msg.getValue("address") instanceof String a ? a : "";
    switch (type) {
      case "ping" -> { }
      case "register" -> register(address);
      case "unregister" -> unregister(address);
      case "send" -> send(address, msg);
      default -> denied(address, msg.getValue("replyAddress") instanceof String r ? r : null);
    }
  }

  /** Counted, logged once per connection, answered with an error frame; the connection closes after a few. */
  void malformed(String text) {
    realtime.malformed(out.name());
    if (malformed++ == 0) {
      LOG.warn("malformed event-bus frame from account {} over {}: {}", caller.accountId(), out.name(),
          text.length() > 80 ? text.substring(0, 80) + "…" : text);
    }
    out.send(new JsonObject().put("type", "err").put("body", "invalid_json").encode());
    if (malformed >= MAX_MALFORMED) {
      out.close();
    }
  }

  private void register(String address) {
    Channel channel = realtime.eventsChannel(address);
    if (channel == null || registered.size() >= MAX_REGISTRATIONS) {
      denied(address, null);
      return;
    }
    if (registered.putIfAbsent(address, PENDING) != null) {
      return; // already listening, or about to
    }
    channel.listen(caller, address).onComplete(ar -> Fanout.onLoop(loop, () -> {
      if (ar.failed() || closed) {
        registered.remove(address);
        if (ar.succeeded()) {
          ar.result().stop();
        } else {
          denied(address, null);
        }
        return;
      }
      registered.put(address, ar.result());
      realtime.fanout().add(address, this);
    }));
  }

  private void unregister(String address) {
    Channel.Registration r = registered.remove(address);
    if (r != null && r != PENDING) {
      realtime.fanout().remove(address, this);
      r.stop();
    }
  }

  @Override
  public void revoked(String address) {
    Channel.Registration r = registered.remove(address);
    if (r != null) {
      r.stop();
    }
    // failureCode and message are what the browser's client library hands the address's handler
    out.send(new JsonObject().put("type", "err").put("address", address).put("body", "revoked")
        .put("failureCode", 403).put("failureType", "RECIPIENT_FAILURE").put("message", "revoked").encode());
  }

  private void send(String address, JsonObject msg) {
    String replyAddress = msg.getValue("replyAddress") instanceof String r ? r : null;
    Channel channel = realtime.commandsChannel(address);
    if (channel == null || !(msg.getValue("body") instanceof JsonObject body)) {
      denied(address, replyAddress);
      return;
    }
    Future<JsonObject> result;
    try {
      // the sender is the authenticated user: any headers the client sent are ignored
      result = channel.command(caller, address, body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> Fanout.onLoop(loop, () -> {
      if (replyAddress == null || closed) {
        return;
      }
      if (ar.succeeded()) {
        out.send(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", ar.result()).encode());
      } else {
        boolean away = !(ar.cause() instanceof DomainError) && ProblemHandler.databaseUnavailable(ar.cause());
        DomainError e = ar.cause() instanceof DomainError d ? d
            : away ? DomainError.databaseUnavailable()
            : new DomainError(500, "internal", "服务器内部错误", null, List.of(), null);
        if (!(ar.cause() instanceof DomainError) && !away) {
          LOG.error("event-bus command on {} failed", address, ar.cause());
        }
        out.send(new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", e.status())
            .put("failureType", "RECIPIENT_FAILURE").put("message", e.toJson().encode()).encode());
      }
    }));
  }

  private void denied(String address, String replyAddress) {
    JsonObject err = new JsonObject().put("type", "err").put("body", "access_denied").put("address", address);
    if (replyAddress != null) {
      err.put("address", replyAddress).put("failureCode", 403).put("failureType", "RECIPIENT_FAILURE")
          .put("message", DomainError.forbidden("不允许的地址或操作").toJson().encode());
    }
    out.send(err.encode());
  }

  /** The transport closed (either side): stop listening everywhere. */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    realtime.vertx().cancelTimer(timer);
    registered.forEach((address, r) -> {
      if (r != PENDING) {
        realtime.fanout().remove(address, this);
        r.stop();
      }
    });
    registered.clear();
  }
}
