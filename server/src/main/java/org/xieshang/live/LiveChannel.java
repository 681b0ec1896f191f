package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.RateLimiter;
import org.xieshang.platform.realtime.Channel;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live sessions on the browsers' event bus: {@code live.<id>.events} may be heard by those on the
 * session's roster who were not removed from it (and listening counts them present at their venue);
 * {@code live.<id>.cmd} takes the session's commands, within a rate, as the authenticated user.
 */
public final class LiveChannel implements Channel {
  static final Pattern EVENTS = Pattern.compile("live\\.(\\d{1,18})\\.events");
  static final Pattern COMMANDS = Pattern.compile("live\\.(\\d{1,18})\\.cmd");

  private final RosterCache rosters;
  private final LiveSessions sessions;
  private final Presence presence;
  private final RateLimiter sendLimiter = new RateLimiter(300, Duration.ofMinutes(1), System::currentTimeMillis);

  public LiveChannel(RosterCache rosters, LiveSessions sessions, Presence presence) {
    this.rosters = rosters;
    this.sessions = sessions;
    this.presence = presence;
  }

  private static Long session(Pattern p, String address) {
    Matcher m = p.matcher(address == null ? "" : address);
    return m.matches() ? Long.parseLong(m.group(1)) : null;
  }

  @Override
  public boolean ownsEvents(String address) {
    return session(EVENTS, address) != null;
  }

  @Override
  public Future<Registration> listen(Caller caller, String address) {
    long id = session(EVENTS, address);
    return rosters.participant(id, caller.accountId())
        .compose(p -> {
          if (p.isEmpty()) {
            return Future.failedFuture(DomainError.forbidden("您不在本次会议的参会名单中"));
          }
          long venue = p.get().venueId();
          return sessions.ensureOwner(id).map(v -> {
            presence.joined(id, venue);
            return (Registration) () -> presence.left(id, venue);
          });
        });
  }

  @Override
  public boolean ownsCommands(String address) {
    return session(COMMANDS, address) != null;
  }

  @Override
  public Future<JsonObject> command(Caller caller, String address, JsonObject body) {
    String type = body.getValue("type") instanceof String t ? t : "";
    if (type.equals("Snapshot") || type.equals("HeldComments")) {
      return Future.failedFuture(DomainError.forbidden("请通过接口读取"));
    }
    long wait = sendLimiter.acquire(Long.toString(caller.accountId()));
    if (wait > 0) {
      return Future.failedFuture(DomainError.rateLimited(Math.max(1, wait / 1000), "指令过于频繁"));
    }
    return sessions.send(session(COMMANDS, address), caller.accountId(), body);
  }
}
