package org.xieshang.platform.realtime;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers an address's events to this node's sockets. A capability publishes each event once, as the
 * finished bridge frame, on the cluster's event bus; here it is framed once more for SockJS
 * ({@code a["…"]}) and the same bytes are written to every socket, each group on its own event loop,
 * instead of encoding the envelope again for every socket as the stock bridge does.
 */
public final class Fanout {
  /** A socket listening to addresses. */
  public interface Sink {
    void deliver(Frame frame);

    /** The event loop the socket belongs to: its set of sinks is only touched there. */
    Context loop();

    long accountId();

    /** The socket's user may no longer listen to this address: it has been taken off it here. */
    void revoked(String address);
  }

  /** One event, encoded once per node in the forms the transports need. */
  public static final class Frame {
    private final Buffer bridge;
    private ByteBuf shared;

    Frame(Buffer bridge) {
      this.bridge = bridge;
    }

    /** The bridge frame as SockJS's WebSocket transport sends it, as one buffer every socket writes a view of. */
    ByteBuf shared() {
      if (shared == null) {
        shared = FrameChannel.shared(("a" + new JsonArray().add(bridge.toString()).encode()).getBytes(StandardCharsets.UTF_8));
      }
      return shared;
    }

    /** The bridge frame itself, for the other SockJS transports (which frame it themselves). */
    public Buffer bridge() {
      return bridge;
    }
  }

  private static final String REVOKED = "revoked";

  /** The event-bus address this node's fan-out listens on for an events address. */
  public static String internal(String address) {
    return "fanout:" + address;
  }

  /** Publishes an event to everyone listening to the address, on every node. */
  public static void publish(Vertx vertx, String address, JsonObject body) {
    publish(vertx, address, body, null);
  }

  /**
   * Publishes an event and, first, takes every socket of {@code revokedAccount} off the address (each is
   * told with an error frame {@code revoked}): a participant removed from a session stops hearing it at once.
   */
  public static void publish(Vertx vertx, String address, JsonObject body, Long revokedAccount) {
    Buffer frame = new JsonObject().put("type", "rec").put("address", address).put("body", body).toBuffer();
    DeliveryOptions options = new DeliveryOptions();
    if (revokedAccount != null) {
      options.addHeader(REVOKED, revokedAccount.toString());
    }
    vertx.eventBus().publish(internal(address), frame, options);
  }

  private final Vertx vertx;
  private final Map<String, Listeners> addresses = new ConcurrentHashMap<>();

  private final class Listeners {
    final String address;
    final Map<Context, Set<Sink>> byLoop = new ConcurrentHashMap<>();

    Listeners(String address) {
      this.address = address;
      vertx.eventBus().<Buffer>consumer(internal(address), this::deliver);
    }

    void deliver(Message<Buffer> m) {
      Frame frame = new Frame(m.body());
      String revoked = m.headers().get(REVOKED);
      frame.shared(); // encode before fanning out, so the loops only write
      byLoop.forEach((loop, sinks) -> loop.runOnContext(v -> {
        if (revoked != null) {
          long account = Long.parseLong(revoked);
          for (Iterator<Sink> it = sinks.iterator(); it.hasNext(); ) {
            Sink sink = it.next();
            if (sink.accountId() == account) {
              it.remove();
              sink.revoked(address);
            }
          }
        }
        for (Sink sink : sinks) {
          sink.deliver(frame);
        }
      }));
    }
  }

  public Fanout(Vertx vertx) {
    this.vertx = vertx;
  }

  public void add(String address, Sink sink) {
    Context loop = loopOf(sink);
    Listeners l = addresses.computeIfAbsent(address, Listeners::new);
    // walked at every event: a linked set follows its entries, a plain hash set scans its whole table
    onLoop(loop, () -> l.byLoop.computeIfAbsent(loop, k -> new LinkedHashSet<>()).add(sink));
  }

  public void remove(String address, Sink sink) {
    Listeners l = addresses.get(address);
    if (l != null) {
      Context loop = loopOf(sink);
      onLoop(loop, () -> {
        Set<Sink> set = l.byLoop.get(loop);
        if (set != null) {
          set.remove(sink);
        }
      });
    }
  }

  /**
   * The event-loop context itself: a socket opened by an HTTP request knows the request's duplicated
   * context, one per connection, and grouping by those would make one group, one task and one wake-up
   * per socket for every event.
   */
  private static Context loopOf(Sink sink) {
    return ((ContextInternal) sink.loop()).unwrap();
  }

  /** Registrations complete in callbacks on other contexts; the set of a loop changes only on that loop. */
  static void onLoop(Context loop, Runnable action) {
    if (((ContextInternal) loop).nettyEventLoop().inEventLoop()) {
      action.run();
    } else {
      loop.runOnContext(v -> action.run());
    }
  }

  /** How many event loops this node's sockets of an address are spread over: one task each per event. */
  public int loops(String address) {
    Listeners l = addresses.get(address);
    return l == null ? 0 : (int) l.byLoop.values().stream().filter(set -> !set.isEmpty()).count();
  }

  public int sockets(String address) {
    Listeners l = addresses.get(address);
    return l == null ? 0 : l.byLoop.values().stream().mapToInt(Set::size).sum();
  }
}
