package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Tokens;
import org.xieshang.platform.http.RateLimiter;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at /eventbus, deny by default. A socket is authenticated when it opens
 * (access token in the URL query, since browsers cannot set headers on it); REGISTER is allowed only
 * for live.<id>.events of a session the user is on the roster of; SEND only to live.<id>.cmd, with
 * the headers replaced by the authenticated user; PUBLISH never. Translates and authorises only:
 * the rules are in the session's owner.
 */
public final class LiveBridge {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
  static final Pattern EVENTS = Pattern.compile("live\\.(\\d{1,18})\\.events");
  static final Pattern COMMANDS = Pattern.compile("live\\.(\\d{1,18})\\.cmd");
  private static final Pattern TOKEN = Pattern.compile("(?:^|&)(?:token|access_token)=([A-Za-z0-9._\\-]+)");

  private final Vertx vertx;
  private final Tokens tokens;
  private final RosterCache rosters;
  private final LiveSessions sessions;
  private final LiveFanout fanout;
  private final Presence presence;
  private final List<String> allowedOrigins;
  private final RateLimiter sendLimiter;
  private final Map<SockJSSocket, Caller> callers = new ConcurrentHashMap<>();
  /** socket → sessions it listens to → the person's venue there */
  private final Map<SockJSSocket, Map<Long, Long>> registrations = new ConcurrentHashMap<>();
  private final Map<SockJSSocket, LiveFanout.Sink> sinks = new ConcurrentHashMap<>();

  public LiveBridge(Vertx vertx, Tokens tokens, RosterCache rosters, LiveSessions sessions, LiveFanout fanout,
                    Presence presence, List<String> allowedOrigins) {
    this.presence = presence;
    this.vertx = vertx;
    this.tokens = tokens;
    this.rosters = rosters;
    this.sessions = sessions;
    this.fanout = fanout;
    this.allowedOrigins = allowedOrigins;
    this.sendLimiter = new RateLimiter(300, Duration.ofMinutes(1), System::currentTimeMillis);
  }

  public Router router(Vertx v) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex(COMMANDS.pattern()))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(EVENTS.pattern()))
        .setPingTimeout(30_000)
        .setMaxHandlersPerSocket(20)
        .setMaxAddressLength(64);
    return SockJSHandler.create(v, new SockJSHandlerOptions().setRegisterWriteHandler(false).setHeartbeatInterval(25_000))
        .bridge(options, this::handle);
  }

  public int connected() {
    return callers.size();
  }

  void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> authenticate(event, socket);
      case SOCKET_CLOSED -> {
        callers.remove(socket);
        Map<Long, Long> ids = registrations.remove(socket);
        LiveFanout.Sink sink = sinks.remove(socket);
        if (ids != null && sink != null) {
          ids.forEach((id, venue) -> {
            fanout.remove(id, sink);
            presence.left(id, venue);
          });
        }
        event.complete(true);
      }
      case REGISTER -> register(event, socket);
      case UNREGISTER -> {
        Matcher m = EVENTS.matcher(address(event));
        if (m.matches()) {
          long id = Long.parseLong(m.group(1));
          LiveFanout.Sink sink = sinks.get(socket);
          Map<Long, Long> ids = registrations.get(socket);
          Long venue = ids == null ? null : ids.remove(id);
          if (sink != null && venue != null) {
            fanout.remove(id, sink);
            presence.left(id, venue);
          }
        }
        event.complete(true);
      }
      case SEND -> send(event, socket);
      case PUBLISH -> event.complete(false);
      default -> event.complete(true); // RECEIVE (outbound, already filtered), SOCKET_PING, SOCKET_IDLE, SOCKET_ERROR
    }
  }

  private void authenticate(BridgeEvent event, SockJSSocket socket) {
    if (!originAllowed(socket.headers(), allowedOrigins)) {
      LOG.info("event-bus socket refused: origin {} not allowed", socket.headers().get("Origin"));
      event.complete(false);
      return;
    }
    tokens.verify(token(socket.uri()))
        .onSuccess(caller -> {
          callers.put(socket, caller);
          event.complete(true);
        })
        .onFailure(e -> event.complete(false));
  }

  private void register(BridgeEvent event, SockJSSocket socket) {
    Caller caller = callers.get(socket);
    Matcher m = EVENTS.matcher(address(event));
    if (caller == null || !m.matches()) {
      event.complete(false);
      return;
    }
    long id = Long.parseLong(m.group(1));
    rosters.participant(id, caller.accountId())
        .compose(p -> p.isPresent() ? sessions.ensureOwner(id).map(p.get().venueId()) : Future.succeededFuture((Long) null))
        .onComplete(ar -> {
          boolean ok = ar.succeeded() && ar.result() != null;
          if (ok && registrations.computeIfAbsent(socket, k -> new ConcurrentHashMap<>()).putIfAbsent(id, ar.result()) == null) {
            fanout.add(id, sinks.computeIfAbsent(socket, k -> frame -> socket.write(frame.bridge())));
            presence.joined(id, ar.result());
          }
          event.complete(ok);
        });
  }

  private void send(BridgeEvent event, SockJSSocket socket) {
    Caller caller = callers.get(socket);
    Matcher m = COMMANDS.matcher(address(event));
    JsonObject raw = event.getRawMessage();
    if (caller == null || !m.matches() || !(raw.getValue("body") instanceof JsonObject)) {
      event.complete(false);
      return;
    }
    if (sendLimiter.acquire(Long.toString(caller.accountId())) > 0) {
      event.complete(false);
      return;
    }
    long id = Long.parseLong(m.group(1));
    // client headers are never trusted: the owner learns who sent it from this header only
    raw.put("headers", new JsonObject().put("actor", Long.toString(caller.accountId())));
    event.setRawMessage(raw);
    sessions.ensureOwner(id).onComplete(ar -> event.complete(ar.succeeded()));
  }

  private static String address(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    return raw == null ? "" : raw.getString("address", "");
  }

  /** The access token from a socket URL's query (browsers cannot set headers on a WebSocket). */
  static String token(String uri) {
    String query = uri == null ? null : URI.create(uri).getRawQuery();
    Matcher m = query == null ? null : TOKEN.matcher(query);
    return m != null && m.find() ? m.group(1) : null;
  }

  /** Same origin, or one of http.allowed-origins. Clients that send no Origin (not browsers) pass. */
  static boolean originAllowed(io.vertx.core.MultiMap headers, List<String> allowedOrigins) {
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

}
