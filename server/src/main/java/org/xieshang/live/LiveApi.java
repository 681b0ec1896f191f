package org.xieshang.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.xieshang.identity.Access;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.intParam;
import static org.xieshang.platform.http.Responses.json;

/**
 * The live session over HTTP: the snapshot a client starts from, the events after a sequence number
 * (catch-up after a reconnect), and commands for clients without the event bus. Only people on the
 * session's roster may use them.
 */
public final class LiveApi {
  private final LiveSessions sessions;
  private final RosterCache rosters;
  private final Access access;
  private final Pool pool;
  private final Presence presence;

  public LiveApi(LiveSessions sessions, RosterCache rosters, Access access, Pool pool, Presence presence) {
    this.presence = presence;
    this.sessions = sessions;
    this.rosters = rosters;
    this.access = access;
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/api/live/:id").handler(access.authenticated()).handler(guarded(ctx -> {
      long id = idParam(ctx, "id");
      json(ctx, 200, onRoster(ctx, id).compose(c -> sessions.send(id, c.accountId(), new JsonObject().put("type", "Snapshot"))));
    }));
    router.get("/api/live/:id/presence").handler(access.authenticated()).handler(guarded(ctx -> {
      long id = idParam(ctx, "id");
      json(ctx, 200, onRoster(ctx, id)
          .compose(c -> rosters.roster(id))
          .compose(r -> presence.online(id, r.venues().stream().map(SessionRoster.Venue::id).toList())));
    }));
    router.get("/api/live/:id/events").handler(access.authenticated()).handler(guarded(this::events));
    router.post("/api/live/:id/commands").handler(access.authenticated()).handler(guarded(this::command));
    router.get("/api/live/:id/held-comments").handler(access.authenticated()).handler(guarded(ctx -> {
      long id = idParam(ctx, "id");
      json(ctx, 200, onRoster(ctx, id)
          .compose(c -> sessions.send(id, c.accountId(), new JsonObject().put("type", "HeldComments")))
          .map(r -> r.getJsonArray("items")));
    }));
  }

  private void events(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    String afterText = ctx.request().getParam("after", "0");
    long after;
    try {
      after = Long.parseLong(afterText);
    } catch (NumberFormatException e) {
      throw DomainError.invalid("after", "应为序号");
    }
    int limit = intParam(ctx, "limit", 1000, 1, 5000);
    json(ctx, 200, onRoster(ctx, id)
        .compose(c -> LiveStore.events(pool, id, after, limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(r.envelope()));
          return out;
        }));
  }

  private void command(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    JsonObject body = JsonBody.of(ctx).raw();
    String type = body.getValue("type") instanceof String t ? t : ""; // null or a number: Command.parse names the field
    if (type.equals("Snapshot") || type.equals("HeldComments")) {
      throw DomainError.invalid("type", "未知的指令：" + type);
    }
    Command.parse(body); // fail fast with field errors, before going to the owner
    json(ctx, 200, onRoster(ctx, id).compose(c -> sessions.send(id, c.accountId(), body)));
  }

  private Future<Caller> onRoster(RoutingContext ctx, long id) {
    Caller caller = Access.caller(ctx);
    return rosters.participant(id, caller.accountId())
        .recover(e -> Future.failedFuture(e instanceof DomainError ? e : DomainError.notFound("会议")))
        .compose(p -> p.isPresent() ? Future.succeededFuture(caller)
            : Future.failedFuture(DomainError.forbidden("您不在本次会议的参会名单中")));
  }
}
