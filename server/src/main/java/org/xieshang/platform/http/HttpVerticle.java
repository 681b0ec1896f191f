package org.xieshang.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One HTTP server instance (several are deployed, one per core); stops gracefully. */
public final class HttpVerticle extends VerticleBase {
  private final Function<Vertx, Router> routes;
  private final String host;
  private final int port;
  private final Duration grace;
  private HttpServer server;

  public HttpVerticle(Function<Vertx, Router> routes, String host, int port, Duration grace) {
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
    return server.requestHandler(routes.apply(vertx)).invalidRequestHandler(HttpVerticle::invalid).listen(port, host);
  }

  /**
   * A request the HTTP codec could not read (a request line or headers too long, a broken request line)
   * never reaches the router: it is answered here, as problem+json like every refusal, with
   * {@code Connection: close} (what follows on it cannot be trusted to be a request). Not closed at once:
   * a client still sending its body would get a reset instead of the answer.
   */
  static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    DomainError error = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException
        ? new DomainError(414, "uri-too-long", "请求地址过长", "请求地址（含查询参数）超过服务器允许的长度", List.of(), null)
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException
        ? new DomainError(431, "headers-too-large", "请求头过大", "请求头超过服务器允许的大小", List.of(), null)
        : DomainError.malformed("$request", "无法解析的 HTTP 请求");
    request.response().setStatusCode(error.status())
        .putHeader("Content-Type", ProblemHandler.CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(error.toJson().encode());
  }

  /** Stops accepting connections, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }
}
