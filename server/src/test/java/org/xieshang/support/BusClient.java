package org.xieshang.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
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
 * A real event-bus bridge client over a WebSocket (SockJS raw WebSocket transport at
 * /eventbus/websocket), speaking the same frames as the browser's eventbus-bridge-client.
 */
public final class BusClient implements AutoCloseable {
  private final WebSocket socket;
  private final WebSocketClient client;
  private final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  public final List<JsonObject> all = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  public volatile boolean closed;

  private final boolean sockJs;

  private BusClient(WebSocketClient client, WebSocket socket, boolean sockJs) {
    this.client = client;
    this.socket = socket;
    this.sockJs = sockJs;
    // the bridge writes text or binary frames depending on the path; both carry the same JSON
    if (socket == null) {
      return;
    }
    socket.handler(buffer -> {
      String text = buffer.toString();
      if (!sockJs) {
        onFrame(new JsonObject(text));
      } else if (text.startsWith("a")) {
        new io.vertx.core.json.JsonArray(text.substring(1)).forEach(m -> onFrame(new JsonObject((String) m)));
      }
    });
    socket.closeHandler(v -> closed = true);
  }

  private void onFrame(JsonObject frame) {
    {
      String address = frame.getString("address");
      if (address != null && replies.containsKey(address)) {
        replies.remove(address).complete(frame);
        return;
      }
      // the bridge refuses a SEND with an error frame that names no address: it answers the pending request
      if ("err".equals(frame.getString("type")) && address == null && !replies.isEmpty()) {
        String oldest = replies.keySet().stream().min(java.util.Comparator.comparingLong(k -> Long.parseLong(k.substring(6))))
            .orElseThrow();
        replies.remove(oldest).complete(frame);
        all.add(frame);
        return;
      }
      all.add(frame);
      received.add(frame);
    }
  }

  /** Over SockJS's WebSocket transport, as browsers connect (framed messages, served by LiveSocket). */
  public static BusClient connect(Vertx vertx, int port, String token) {
    return open(vertx, port, "/eventbus/000/" + Long.toHexString(System.nanoTime()) + "/websocket", token, true);
  }

  /** Over the raw WebSocket endpoint of the stock SockJS bridge (unframed messages). */
  public static BusClient connectRaw(Vertx vertx, int port, String token) {
    return open(vertx, port, "/eventbus/websocket", token, false);
  }

  private static BusClient open(Vertx vertx, int port, String path, String token, boolean sockJs) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI(path + (token == null ? "" : "?token=" + token)))
          .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
      return new BusClient(client, ws, sockJs);
    } catch (RuntimeException e) {
      BusClient refused = new BusClient(client, null, sockJs);
      refused.closed = true;
      return refused;
    }
  }

  private void write(JsonObject frame) {
    String text = frame.encode();
    socket.writeTextMessage(sockJs ? new io.vertx.core.json.JsonArray().add(text).encode() : text);
  }

  /** Stops reading the socket, as a phone that lost its network without closing would. */
  public void stopReading() {
    socket.pause();
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
    if (socket != null) {
      socket.close();
    }
    client.close();
  }
}
