package org.xieshang.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.function.Function;

/** One HTTP server instance (several are deployed, one per core); stops gracefully. */
public final class HttpVerticle extends VerticleBase {
  private final Function<io.vertx.core.Vertx, Router> routes;
  private final String host;
  private final int port;
  private final Duration grace;
  private HttpServer server;

  public HttpVerticle(Function<io.vertx.core.Vertx, Router> routes, String host, int port, Duration grace) {
    this.routes = routes;
    this.host = host;
    this.port = port;
    this.grace = grace;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(true)
        // a live event goes to 10,000 sockets as the same bytes; per-socket deflate (which browsers offer)
        // would compress it 10,000 times. Frames are ~600 bytes: sent as they are.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(65536)
        .setMaxWebSocketMessageSize(262144));
    return server.requestHandler(routes.apply(vertx)).listen(port, host);
  }

  /** Stops accepting connections, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
