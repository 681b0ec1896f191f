package org.xieshang.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real event-bus bridge client, speaking the same frames as the browser's eventbus-bridge-client, over
 * any of the SockJS transports a browser may fall back to: WebSocket, the raw WebSocket endpoint,
 * xhr-streaming and xhr-polling (what a proxy that passes only plain HTTP leaves).
 */
public final class BusClient implements AutoCloseable {
  public enum Transport { WEBSOCKET, RAW_WEBSOCKET, XHR_STREAMING, XHR_POLLING }

  /** How this client's frames travel. */
  private interface Link {
    /** One SockJS-level message as sent on the wire (for SockJS transports a JSON array of strings). */
    void send(String wire);

    void pause();

    void close();
  }

  private volatile Link link;
  private final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  public final List<JsonObject> all = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  public volatile boolean closed;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final boolean sockJs;

  private BusClient(boolean sockJs) {
    this.sockJs = sockJs;
  }

  /** A SockJS frame from the server: o (open), h (heartbeat), a[…] (messages), c[…] (close). */
  private void onSockJsFrame(String text) {
    if (text.startsWith("o")) {
      opened.complete(null);
    } else if (text.startsWith("a")) {
      new JsonArray(text.substring(1)).forEach(m -> onFrame(new JsonObject((String) m)));
    } else if (text.startsWith("c")) {
      markClosed();
      opened.complete(null);
    }
  }

  // a request whose socket closed is answered by nobody: fail it now rather than at its timeout
  private void markClosed() {
    closed = true;
    replies.values().forEach(f -> f.completeExceptionally(new java.io.IOException("socket closed")));
  }

  private void onFrame(JsonObject frame) {
    String address = frame.getString("address");
    if (address != null && replies.containsKey(address)) {
      replies.remove(address).complete(frame);
      return;
    }
    all.add(frame);
    received.add(frame);
  }

  /** Over SockJS's WebSocket transport, as browsers connect (framed messages). */
  public static BusClient connect(Vertx vertx, int port, String token) {
    return connect(vertx, port, token, Transport.WEBSOCKET);
  }

  /** Over SockJS's WebSocket transport to a server at another address (a node in a network namespace). */
  public static BusClient connect(Vertx vertx, String host, int port, String token) {
    BusClient c = new BusClient(true);
    c.webSocket(vertx, host, port, "/eventbus/000/" + Long.toHexString(System.nanoTime()) + ids() + "/websocket"
        + (token == null ? "" : "?token=" + token));
    return c;
  }

  /** Over the raw WebSocket endpoint (unframed messages). */
  public static BusClient connectRaw(Vertx vertx, int port, String token) {
    return connect(vertx, port, token, Transport.RAW_WEBSOCKET);
  }

  public static BusClient connect(Vertx vertx, int port, String token, Transport transport) {
    String session = "/eventbus/000/" + Long.toHexString(System.nanoTime()) + ids();
    String query = token == null ? "" : "?token=" + token;
    BusClient c = new BusClient(transport != Transport.RAW_WEBSOCKET);
    switch (transport) {
      case WEBSOCKET -> c.webSocket(vertx, port, session + "/websocket" + query);
      case RAW_WEBSOCKET -> c.webSocket(vertx, port, "/eventbus/websocket" + query);
      case XHR_STREAMING, XHR_POLLING -> c.xhr(vertx, port, session, query, transport == Transport.XHR_STREAMING);
    }
    // over HTTP the session exists once the server sent "o"; a WebSocket is open once connected
    if (c.link != null && (transport == Transport.XHR_STREAMING || transport == Transport.XHR_POLLING)) {
      try {
        c.opened.orTimeout(10, TimeUnit.SECONDS).join();
      } catch (RuntimeException e) {
        c.closed = true;
      }
    }
    return c;
  }

  private static final AtomicLong SESSIONS = new AtomicLong();

  private static String ids() {
    return Long.toString(SESSIONS.incrementAndGet());
  }

  private void webSocket(Vertx vertx, int port, String uri) {
    webSocket(vertx, "127.0.0.1", port, uri);
  }

  private void webSocket(Vertx vertx, String host, int port, String uri) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws;
    try {
      ws = client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri))
          .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    } catch (RuntimeException e) {
      markClosed();
      client.close();
      return;
    }
    try {
      ws.handler(buffer -> {
        String text = buffer.toString();
        if (sockJs) {
          onSockJsFrame(text);
        } else {
          onFrame(new JsonObject(text));
        }
      });
      ws.closeHandler(v -> markClosed());
    } catch (IllegalStateException alreadyClosed) {
      markClosed();
    }
    link = new Link() {
      @Override
      public void send(String wire) {
        ws.writeTextMessage(wire);
      }

      @Override
      public void pause() {
        ws.pause();
      }

      @Override
      public void close() {
        ws.close();
        client.close();
      }
    };
  }

  /**
   * xhr-streaming: one long POST whose chunked body carries the frames, one per line (after a prelude of
   * 2,048 'h'); xhr-polling: one POST per frame, sent again as soon as it is answered. Messages to the
   * server go in separate POSTs to xhr_send. Connections are not kept alive: the server may close an
   * idle one between two sends.
   */
  private void xhr(Vertx vertx, int port, String session, String query, boolean streaming) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(false));
    link = new Link() {
      @Override
      public void send(String wire) {
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(session + "/xhr_send" + query))
            .compose(r -> r.putHeader("Content-Type", "text/plain;charset=UTF-8").send(wire))
            .compose(r -> r.body().map(b -> {
              if (r.statusCode() >= 300) {
                onFrame(new JsonObject().put("type", "err").put("body", "xhr_send " + r.statusCode() + " " + b));
              }
              return null;
            }));
      }

      @Override
      public void pause() {
        throw new UnsupportedOperationException("only a WebSocket can stall its reader");
      }

      @Override
      public void close() {
        markClosed();
        http.close();
      }
    };
    if (streaming) {
      StringBuilder pending = new StringBuilder();
      http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(session + "/xhr_streaming" + query))
          .compose(r -> r.send())
          .onSuccess(r -> {
            r.handler(chunk -> {
              pending.append(chunk.toString());
              int nl;
              while ((nl = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                if (!line.isEmpty() && !line.chars().allMatch(ch -> ch == 'h' || ch == '\n') || line.equals("h")) {
                  onSockJsFrame(line);
                }
              }
            });
            r.endHandler(v -> markClosed());
          })
          .onFailure(e -> {
            markClosed();
            opened.complete(null);
          });
    } else {
      poll(http, session, query);
    }
  }

  private void poll(HttpClient http, String session, String query) {
    if (closed) {
      return;
    }
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(session + "/xhr" + query))
        .compose(r -> r.send().compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() != 200) {
            throw new IllegalStateException("xhr " + resp.statusCode());
          }
          return b;
        })))
        .onSuccess(b -> {
          for (String line : b.toString().split("\n")) {
            if (!line.isEmpty()) {
              onSockJsFrame(line);
            }
          }
          poll(http, session, query);
        })
        .onFailure(e -> {
          markClosed();
          opened.complete(null);
        });
  }

  private void write(JsonObject frame) {
    String text = frame.encode();
    link.send(sockJs ? new JsonArray().add(text).encode() : text);
  }

  /** Sends a bridge frame as it is, bypassing this client's helpers (for frames a client should not send). */
  public void sendFrame(JsonObject frame) {
    write(frame);
  }

  /** Sends one bridge message as text, framed for the transport (for malformed messages). */
  public void sendMessage(String message) {
    link.send(sockJs ? new JsonArray().add(message).encode() : message);
  }

  /** Sends text as it is on the wire, outside the bridge protocol (for malformed SockJS framing). */
  public void sendRaw(String wire) {
    link.send(wire);
  }

  /** Waits until the server has closed this connection. */
  public void awaitClosed(long millis) {
    Await.until("the server closes the connection", millis, () -> closed);
  }

  /** Stops reading the socket, as a phone that lost its network without closing would. */
  public void stopReading() {
    link.pause();
  }

  public void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  /** Sends with a reply address; returns the reply frame ({"type":"rec"|"err", …}). */
  public JsonObject request(String address, JsonObject body) {
    String reply = "reply-" + ids.incrementAndGet();
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    replies.put(reply, f);
    write(new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", reply).put("headers", new JsonObject().put("actor", "1")));
    return f.orTimeout(15, TimeUnit.SECONDS).join();
  }

  /** The next frame matching, waiting up to the timeout; fails when none comes. */
  public JsonObject await(Predicate<JsonObject> match, long millis) {
    long end = System.currentTimeMillis() + millis;
    try {
      while (System.currentTimeMillis() < end) {
        JsonObject f = received.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        if (f != null && match.test(f)) {
          return f;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no matching frame within " + millis + " ms; got " + all);
  }

  /** The next live event of a type. */
  public JsonObject awaitEvent(String type, long millis) {
    return await(f -> "rec".equals(f.getString("type")) && f.getJsonObject("body") != null
        && type.equals(f.getJsonObject("body").getString("type")), millis).getJsonObject("body");
  }

  public List<Long> seqs() {
    return all.stream().filter(f -> "rec".equals(f.getString("type")) && f.getJsonObject("body") != null)
        .map(f -> f.getJsonObject("body").getLong("seq")).toList();
  }

  @Override
  public void close() {
    if (link != null) {
      link.close();
    }
  }
}
