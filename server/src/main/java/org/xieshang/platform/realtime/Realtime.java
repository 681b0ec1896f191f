package org.xieshang.platform.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.micrometer.backends.BackendRegistries;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Tokens;
import org.xieshang.platform.http.DomainError;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event bus for browsers, at {@code /eventbus}: every SockJS transport (WebSocket, xhr-streaming,
 * xhr-polling — what passes a proxy that allows only plain HTTP — and the raw WebSocket), each speaking
 * the bridge protocol of {@link BridgeConnection} with the same rules. A connection is authenticated
 * once, when it opens (allowed origin, access token in the URL); what it may do then is decided by the
 * capabilities' {@link Channel}s. WebSocket connections, the path of every modern browser, are served
 * here directly so that an event costs one write of shared bytes per socket ({@link FrameChannel});
 * the other transports go through Vert.x's SockJS handler.
 */
public final class Realtime {
  private static final Pattern TOKEN = Pattern.compile("(?:^|&)(?:token|access_token)=([A-Za-z0-9._\\-]+)");
  /** An xhr_send carries a few bridge frames; the client library sends one at a time. */
  static final int XHR_BODY_LIMIT = 64 * 1024;

  private final Vertx vertx;
  private final Tokens tokens;
  private final List<String> allowedOrigins;
  private final int backlogBytes;
  private final List<Channel> channels;
  private final Fanout fanout;
  private final Map<String, AtomicInteger> sockets = new ConcurrentHashMap<>();
  private final Map<String, Counter> malformed = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  public Realtime(Vertx vertx, Tokens tokens, List<String> allowedOrigins, int backlogBytes, List<Channel> channels) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.allowedOrigins = allowedOrigins;
    this.backlogBytes = backlogBytes;
    this.channels = List.copyOf(channels);
    this.fanout = new Fanout(vertx);
    MeterRegistry r = BackendRegistries.getDefaultNow();
    this.registry = r == null ? new SimpleMeterRegistry() : r;
  }

  public Fanout fanout() {
    return fanout;
  }

  Vertx vertx() {
    return vertx;
  }

  Channel eventsChannel(String address) {
    return channels.stream().filter(c -> c.ownsEvents(address)).findFirst().orElse(null);
  }

  Channel commandsChannel(String address) {
    return channels.stream().filter(c -> c.ownsCommands(address)).findFirst().orElse(null);
  }

  void malformed(String transport) {
    malformed.computeIfAbsent(transport, t -> Counter.builder("xieshang.realtime.malformed")
        .description("malformed event-bus frames received").tag("transport", t).register(registry)).increment();
  }

  private AtomicInteger connected(String transport) {
    return sockets.computeIfAbsent(transport, t -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder("xieshang.realtime.sockets", n, AtomicInteger::get).description("event-bus connections open")
          .tag("transport", t).register(registry);
      return n;
    });
  }

  /** Call once per router (every HTTP verticle mounts the same routes). */
  public void mount(Router router) {
    router.route("/eventbus/:server/:session/websocket").handler(this::webSocket);
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(XHR_BODY_LIMIT));
    SockJSHandlerOptions options = new SockJSHandlerOptions().setRegisterWriteHandler(false)
        .setHeartbeatInterval(BridgeConnection.HEARTBEAT_MILLIS);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options).socketHandler(this::sockJs));
  }

  /** The user of a connection being opened: its origin must be allowed and its URL must carry a valid token. */
  Future<Caller> authenticate(MultiMap headers, String uri) {
    if (!originAllowed(headers)) {
      return Future.failedFuture(DomainError.forbidden("不允许的来源"));
    }
    String query;
    try {
      query = uri == null ? null : URI.create(uri).getRawQuery();
    } catch (IllegalArgumentException e) {
      query = null;
    }
    Matcher m = query == null ? null : TOKEN.matcher(query);
    return tokens.verify(m != null && m.find() ? m.group(1) : null);
  }

  /** Same origin, or one of http.allowed-origins. Clients that send no Origin (not browsers) pass. */
  boolean originAllowed(MultiMap headers) {
    String origin = headers.get("Origin");
    if (origin == null || allowedOrigins.contains(origin)) {
      return true;
    }
    String host = headers.get("Host");
    try {
      return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** SockJS's WebSocket transport: takes the upgrade, lets every other request through to the SockJS handler. */
  private void webSocket(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      ctx.next();
      return;
    }
    request.pause();
    Context loop = Vertx.currentContext(); // the connection's event loop
    authenticate(request.headers(), request.uri())
        .onFailure(ctx::fail)
        .onSuccess(caller -> {
          FrameChannel out = FrameChannel.of(request, backlogBytes);
          request.toWebSocket()
              .onSuccess(ws -> {
                out.upgraded();
                openWebSocket(ws, out, caller, loop);
              })
              .onFailure(e -> request.connection().close());
        });
  }

  private void openWebSocket(ServerWebSocket ws, FrameChannel out, Caller caller, Context loop) {
    AtomicInteger count = connected("websocket");
    count.incrementAndGet();
    BridgeConnection c = new BridgeConnection(this, new BridgeConnection.Transport() {
      @Override
      public String name() {
        return "websocket";
      }

      @Override
      public void send(String frame) {
        out.write("a" + new JsonArray().add(frame).encode());
      }

      @Override
      public void deliver(Fanout.Frame frame) {
        out.write(frame.shared());
      }

      @Override
      public void heartbeat() {
        out.write("h");
      }

      @Override
      public void close() {
        out.write("c[3000,\"Go away!\"]");
        ws.close();
      }
    }, caller, loop);
    ws.closeHandler(v -> {
      count.decrementAndGet();
      c.closed();
    });
    ws.exceptionHandler(e -> ws.close());
    ws.textMessageHandler(text -> onSockJsText(c, text));
    out.write("o");
  }

  /** The client pings every 5 s: 2,000 a second at 10,000 participants, not worth parsing. */
  private static final String PING = "[\"{\\\"type\\\":\\\"ping\\\"}\"]";

  /** SockJS clients send a JSON array of messages (or one JSON string); each message is a bridge frame. */
  private static void onSockJsText(BridgeConnection c, String text) {
    if (PING.equals(text)) {
      c.onMessage("{\"type\":\"ping\"}");
      return;
    }
    List<?> messages;
    try {
      Object parsed = Json.decodeValue(text);
      messages = parsed instanceof JsonArray a ? a.getList() : parsed instanceof String s ? List.of(s) : null;
    } catch (DecodeException e) {
      messages = null;
    }
    if (messages == null) {
      c.malformed(text);
      return;
    }
    for (Object m : messages) {
      if (m instanceof String s) {
        c.onMessage(s);
      } else {
        c.malformed(String.valueOf(m));
      }
    }
  }

  /** Every other SockJS transport (xhr-streaming, xhr-polling, the raw WebSocket): Vert.x frames the messages. */
  private void sockJs(SockJSSocket socket) {
    Context loop = Vertx.currentContext();
    String transport = transportOf(socket.uri());
    socket.pause();
    authenticate(socket.headers(), socket.uri()).onComplete(ar -> Fanout.onLoop(loop, () -> {
      if (ar.failed()) {
        socket.close(3000, "unauthorized");
        return;
      }
      AtomicInteger count = connected(transport);
      count.incrementAndGet();
      BridgeConnection c = new BridgeConnection(this, new BridgeConnection.Transport() {
        @Override
        public String name() {
          return transport;
        }

        @Override
        public void send(String frame) {
          socket.write(frame);
        }

        @Override
        public void deliver(Fanout.Frame frame) {
          socket.write(frame.bridge());
        }

        @Override
        public void heartbeat() {
          // SockJS sends its own heartbeats on these transports
        }

        @Override
        public void close() {
          socket.close(3000, "Go away!");
        }
      }, ar.result(), loop);
      socket.closeHandler(v -> {
        count.decrementAndGet();
        c.closed();
      });
      socket.exceptionHandler(e -> socket.close());
      // an xhr_send arrives on whichever connection the browser used: handle it on the session's loop
      socket.handler(buffer -> Fanout.onLoop(loop, () -> c.onMessage(buffer.toString())));
      socket.resume();
    }));
  }

  private static String transportOf(String uri) {
    if (uri == null) {
      return "unknown";
    }
    if (uri.contains("/xhr_streaming")) {
      return "xhr-streaming";
    }
    if (uri.contains("/xhr")) {
      return "xhr-polling";
    }
    if (uri.contains("/websocket")) {
      return "raw-websocket";
    }
    return "other";
  }
}
