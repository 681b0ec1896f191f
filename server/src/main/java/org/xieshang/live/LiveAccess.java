package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Tokens;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.RateLimiter;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may do what on the event bus, for both socket front ends (LiveSocket and LiveBridge): a socket
 * is authenticated when it opens; it may listen to live.<id>.events only when its user is on that
 * session's roster; it may send only to live.<id>.cmd, within a rate, as its authenticated user.
 */
public final class LiveAccess {
  static final Pattern EVENTS = Pattern.compile("live\\.(\\d{1,18})\\.events");
  static final Pattern COMMANDS = Pattern.compile("live\\.(\\d{1,18})\\.cmd");
  private static final Pattern TOKEN = Pattern.compile("(?:^|&)(?:token|access_token)=([A-Za-z0-9._\\-]+)");

  /** A socket listening to one session, with the person's venue there (for presence). */
  public record Listening(long sessionId, long venueId) {}

  private final Tokens tokens;
  private final RosterCache rosters;
  private final LiveSessions sessions;
  private final LiveFanout fanout;
  private final Presence presence;
  private final List<String> allowedOrigins;
  private final RateLimiter sendLimiter = new RateLimiter(300, Duration.ofMinutes(1), System::currentTimeMillis);

  public LiveAccess(Tokens tokens, RosterCache rosters, LiveSessions sessions, LiveFanout fanout, Presence presence,
                    List<String> allowedOrigins) {
    this.tokens = tokens;
    this.rosters = rosters;
    this.sessions = sessions;
    this.fanout = fanout;
    this.presence = presence;
    this.allowedOrigins = allowedOrigins;
  }

  /** The user of a socket being opened: its origin must be allowed and its URL must carry a valid token. */
  public Future<Caller> authenticate(MultiMap headers, String uri) {
    if (!originAllowed(headers)) {
      return Future.failedFuture(DomainError.forbidden("不允许的来源"));
    }
    String query = uri == null ? null : URI.create(uri).getRawQuery();
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

  /** May this user listen to this address? Succeeds with null when not. Makes sure the session has an owner. */
  public Future<Listening> mayListen(Caller caller, String address) {
    Matcher m = EVENTS.matcher(address == null ? "" : address);
    if (caller == null || !m.matches()) {
      return Future.succeededFuture();
    }
    long id = Long.parseLong(m.group(1));
    return rosters.participant(id, caller.accountId())
        .compose(p -> p.isEmpty() ? Future.succeededFuture()
            : sessions.ensureOwner(id).map(new Listening(id, p.get().venueId())))
        .otherwise((Listening) null);
  }

  /** Call on the socket's event loop. */
  public void listen(Listening l, LiveFanout.Sink sink) {
    fanout.add(l.sessionId(), sink);
    presence.joined(l.sessionId(), l.venueId());
  }

  /** Call on the socket's event loop. */
  public void stop(Listening l, LiveFanout.Sink sink) {
    fanout.remove(l.sessionId(), sink);
    presence.left(l.sessionId(), l.venueId());
  }

  /** The session a command may be sent to, or null: a command address, a JSON body, within the rate. */
  public Long commandTarget(Caller caller, String address, Object body) {
    Matcher m = COMMANDS.matcher(address == null ? "" : address);
    if (caller == null || !m.matches() || !(body instanceof JsonObject json)) {
      return null;
    }
    String type = json.getString("type", "");
    if (type.equals("Snapshot") || type.equals("HeldComments")
        || sendLimiter.acquire(Long.toString(caller.accountId())) > 0) {
      return null;
    }
    return Long.parseLong(m.group(1));
  }

  public static Long sessionOf(String eventsAddress) {
    Matcher m = EVENTS.matcher(eventsAddress == null ? "" : eventsAddress);
    return m.matches() ? Long.parseLong(m.group(1)) : null;
  }

  public LiveSessions sessions() {
    return sessions;
  }
}
