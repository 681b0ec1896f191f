package org.xieshang.video;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server answering as Prosody's mod_muc_size and Jibri's HTTP API are documented to answer:
 * GET /room-size?room=&domain= → {"participants": n}, or 404 for a room nobody opened;
 * GET /jibri/api/v1.0/health → {"status": {"busyStatus": …, "health": {"healthStatus": …}}};
 * POST /jibri/api/v1.0/startService and /stopService → 200, or 412 when busy. It can also fail (500)
 * or hang past any sensible time-out.
 */
final class FakeJitsi implements AutoCloseable {
  enum Mode { OK, ERROR, SLOW }

  volatile Mode mode = Mode.OK;
  volatile String busyStatus = "IDLE";
  final Map<String, Integer> rooms = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  final List<JsonObject> started = new CopyOnWriteArrayList<>();
  final List<JsonObject> stopped = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  FakeJitsi() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      requests.incrementAndGet();
      switch (mode) {
        case ERROR -> ctx.response().setStatusCode(500).end("internal error");
        case SLOW -> vertx.setTimer(5_000, t -> ctx.next());
        default -> ctx.next();
      }
    });
    router.route().handler(BodyHandler.create());
    router.get("/room-size").handler(ctx -> {
      Integer n = rooms.get(ctx.request().getParam("room"));
      if (n == null || ctx.request().getParam("domain") == null) {
        ctx.response().setStatusCode(404).end();
      } else {
        ctx.json(new JsonObject().put("participants", n));
      }
    });
    router.get("/jibri/api/v1.0/health").handler(ctx -> ctx.json(new JsonObject().put("status",
        new JsonObject().put("busyStatus", busyStatus).put("health", new JsonObject().put("healthStatus", "HEALTHY")))));
    router.post("/jibri/api/v1.0/startService").handler(ctx -> {
      if (!"IDLE".equals(busyStatus)) {
        ctx.response().setStatusCode(412).end();
        return;
      }
      started.add(ctx.body().asJsonObject());
      busyStatus = "BUSY";
      ctx.response().setStatusCode(200).end();
    });
    router.post("/jibri/api/v1.0/stopService").handler(ctx -> {
      stopped.add(ctx.body().asJsonObject() == null ? new JsonObject() : ctx.body().asJsonObject());
      busyStatus = "IDLE";
      ctx.response().setStatusCode(200).end();
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
