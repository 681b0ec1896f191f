package org.xieshang.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline of the live benchmark: a plain Vert.x WebSocket server that broadcasts a text frame to
 * every connected socket, each event loop writing its own sockets, and ignores what clients send (pings).
 */
public final class BaselineServer extends VerticleBase {
  static final Map<Context, Set<ServerWebSocket>> SOCKETS = new ConcurrentHashMap<>();
  private final int port;
  private HttpServer server;

  public BaselineServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Context here = context;
    Set<ServerWebSocket> mine = SOCKETS.computeIfAbsent(here, k -> new HashSet<>());
    server = vertx.createHttpServer().webSocketHandler(ws -> {
      mine.add(ws);
      ws.textMessageHandler(text -> { });
      ws.closeHandler(v -> mine.remove(ws));
    });
    return server.listen(port, "127.0.0.1");
  }

  @Override
  public Future<?> stop() {
    SOCKETS.remove(context);
    return server.close();
  }

  public static void broadcast(String frame) {
    SOCKETS.forEach((loop, sockets) -> loop.runOnContext(v -> {
      for (ServerWebSocket ws : sockets) {
        ws.writeTextMessage(frame);
      }
    }));
  }

  public static int connected() {
    return SOCKETS.values().stream().mapToInt(Set::size).sum();
  }

}
