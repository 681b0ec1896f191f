package org.xieshang.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One load process of the live benchmark: opens many WebSockets, either to the SockJS bridge (the
 * WebSocket transport a browser uses, with the event-bus client's pings) or to the plain baseline
 * server, and records for every event number k how many sockets received it and the latest arrival.
 * Protocol with the coordinator: prints "READY n", reads "STOP", prints "K k count maxLatencyMicros"
 * lines and "DONE".
 */
public final class LoadClient {
  static WebSocketClient client;
  static final int MAX_EVENTS = 100_000;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = Integer.parseInt(args[1]);
    long sessionId = Long.parseLong(args[2]);
    long firstAccount = Long.parseLong(args[3]);
    int count = Integer.parseInt(args[4]);
    String secret = args[5];
    long pingMillis = Long.parseLong(args[6]);

    // the load stands in for phones elsewhere: it uses the cheapest transport, as the server does
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    // a static field: Vert.x closes a client that is no longer referenced when it is garbage collected,
    // with all its sockets
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(count + 100).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 21));
    BenchTokens tokens = new BenchTokens(vertx, secret);
    AtomicLongArray received = new AtomicLongArray(MAX_EVENTS);
    AtomicLongArray latest = new AtomicLongArray(MAX_EVENTS);
    AtomicInteger connected = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<WebSocket> sockets = new ArrayList<>();
    Random random = new Random(firstAccount);
    boolean bridge = mode.equals("xieshang");
    String register = "[\"" + new JsonObject().put("type", "register").put("address", "live." + sessionId + ".events")
        .put("headers", new JsonObject()).encode().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    String ping = bridge ? "[\"{\\\"type\\\":\\\"ping\\\"}\"]" : "{\"type\":\"ping\"}";

    int inFlight = 200;
    AtomicInteger next = new AtomicInteger();
    Runnable[] open = new Runnable[1];
    open[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      long account = firstAccount + i;
      String uri;
      if (bridge) {
        String token = tokens.member(account, 60);
        uri = String.format("/eventbus/%03d/%08x/websocket?token=%s", random.nextInt(1000), random.nextInt(), token);
      } else {
        uri = "/ws";
      }
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
          .onSuccess(ws -> {
            synchronized (sockets) {
              sockets.add(ws);
            }
            ws.handler(buffer -> onFrame(buffer, received, latest, ws, bridge, register));
            if (pingMillis > 0) {
              vertx.setTimer(1 + random.nextInt((int) pingMillis), t -> vertx.setPeriodic(pingMillis, p -> ws.writeTextMessage(ping)));
            }
            connected.incrementAndGet();
            open[0].run();
          })
          .onFailure(e -> {
            failed.incrementAndGet();
            open[0].run();
          });
    };
    vertx.runOnContext(v -> {
      for (int i = 0; i < inFlight; i++) {
        open[0].run();
      }
    });
    while (connected.get() + failed.get() < count) {
      Thread.sleep(100);
    }
    Thread.sleep(bridge ? 3000 : 500); // registrations complete asynchronously on the server
    System.out.println("READY " + connected.get() + " " + failed.get());
    System.out.flush();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null && !line.equals("STOP")) {
      // wait
    }
    for (int k = 0; k < MAX_EVENTS; k++) {
      long n = received.get(k);
      if (n > 0) {
        System.out.println("K " + k + " " + n + " " + latest.get(k));
      }
    }
    System.out.println("DONE");
    System.out.flush();
    vertx.close();
    System.exit(0);
  }

  static final byte[] MARK = "bench k=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Finds "bench k=<n> t=<micros>" in the frame's bytes without decoding or parsing it (the load must
   * not be the bottleneck). An event's text appears twice in its envelope (data and view), next to
   * each other, so consecutive repeats of the same k count once.
   */
  static void onFrame(io.vertx.core.buffer.Buffer buffer, AtomicLongArray received, AtomicLongArray latest, WebSocket ws,
                      boolean bridge, String register) {
    int length = buffer.length();
    if (bridge && length == 1 && buffer.getByte(0) == 'o') {
      ws.writeTextMessage(register);
      return;
    }
    int last = -1;
    for (int i = 0; i + MARK.length < length; i++) {
      if (buffer.getByte(i) != 'b' || !matches(buffer, i)) {
        continue;
      }
      int j = i + MARK.length;
      int n = 0;
      while (j < length && isDigit(buffer.getByte(j))) {
        n = n * 10 + (buffer.getByte(j++) - '0');
      }
      j += 3; // " t="
      long sent = 0;
      while (j < length && isDigit(buffer.getByte(j))) {
        sent = sent * 10 + (buffer.getByte(j++) - '0');
      }
      if (n != last) {
        long micros = epochMicros();
        received.incrementAndGet(n);
        long latency = micros - sent;
        latest.accumulateAndGet(n, latency, Math::max);
        last = n;
      }
      i = j;
    }
  }

  /** Wall-clock microseconds: the coordinator, the server and the load processes share one clock. */
  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static boolean matches(io.vertx.core.buffer.Buffer b, int at) {
    for (int k = 0; k < MARK.length; k++) {
      if (b.getByte(at + k) != MARK[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
