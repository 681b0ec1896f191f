package org.xieshang.inbox;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.xieshang.identity.Access;
import org.xieshang.platform.http.JsonBody;

import static org.xieshang.platform.http.Responses.guarded;
import static org.xieshang.platform.http.Responses.idParam;
import static org.xieshang.platform.http.Responses.json;

/** The signed-in person's notices (通知): the latest, and marking them read. */
public final class InboxApi {
  private final Inbox inbox;
  private final Access access;

  public InboxApi(Inbox inbox, Access access) {
    this.inbox = inbox;
    this.access = access;
  }

  public void mount(Router router) {
    var auth = access.authenticated();
    router.get("/api/inbox").handler(auth)
        .handler(guarded(ctx -> json(ctx, 200, inbox.latest(Access.caller(ctx).accountId()))));
    router.post("/api/inbox/read").handler(auth).handler(guarded(this::markRead));
    router.post("/api/inbox/:id/read").handler(auth).handler(guarded(ctx -> json(ctx, 200,
        inbox.markOneRead(Access.caller(ctx).accountId(), idParam(ctx, "id")).map(n -> new JsonObject().put("marked", n)))));
  }

  private void markRead(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    Long upTo = body.id("upTo");
    body.validate();
    json(ctx, 200, inbox.markRead(Access.caller(ctx).accountId(), upTo).map(n -> new JsonObject().put("marked", n)));
  }
}
