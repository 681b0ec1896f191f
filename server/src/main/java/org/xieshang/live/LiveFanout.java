package org.xieshang.live;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers a session's events to this node's sockets. The owner publishes each event once, as the
 * finished bridge frame; here it is framed once more for SockJS ({@code a["…"]}) and the same frame
 * is written to every socket, each group on its own event loop, instead of encoding the envelope
 * again for every socket as the stock bridge does.
 */
public final class LiveFanout {
  /** Where an event goes: a socket of our WebSocket transport, or one of the stock SockJS bridge. */
  public interface Sink {
    void deliver(Frame frame);

    /** The event loop the socket belongs to: its set of sinks is only touched there. */
    Context loop();
  }

  /** One event, encoded once per node in the forms the sockets need. */
  public static final class Frame {
    final Buffer bridge;
    private ByteBuf shared;

    Frame(Buffer bridge) {
      this.bridge = bridge;
    }

    /**
     * The bridge frame as SockJS sends it (a JSON array of one string, prefixed with "a"), in UTF-8, as
     * one buffer that every socket of this node writes a view of.
     */
    ByteBuf shared() {
      if (shared == null) {
        shared = FrameChannel.shared(("a" + new JsonArray().add(bridge.toString()).encode()).getBytes(StandardCharsets.UTF_8));
      }
      return shared;
    }

    public Buffer bridge() {
      return bridge;
    }
  }

  private final Vertx vertx;
  private final Map<Long, Session> sessions = new ConcurrentHashMap<>();

  private final class Session {
    final Map<Context, Set<Sink>> byLoop = new ConcurrentHashMap<>();
    final MessageConsumer<Buffer> consumer;

    Session(long id) {
      consumer = vertx.eventBus().consumer(LiveOwner.fanoutAddress(id), m -> deliver(new Frame(m.body())));
    }

    void deliver(Frame frame) {
      frame.shared(); // encode before fanning out, so the loops only write
      byLoop.forEach((loop, sinks) -> loop.runOnContext(v -> {
        for (Sink sink : sinks) {
          sink.deliver(frame);
        }
      }));
    }
  }

  public LiveFanout(Vertx vertx) {
    this.vertx = vertx;
  }

  public void add(long sessionId, Sink sink) {
    Context loop = loopOf(sink);
    Session s = sessions.computeIfAbsent(sessionId, Session::new);
    // walked at every event: a linked set follows its entries, a plain hash set scans its whole table
    onLoop(loop, () -> s.byLoop.computeIfAbsent(loop, k -> new LinkedHashSet<>()).add(sink));
  }

  public void remove(long sessionId, Sink sink) {
    Session s = sessions.get(sessionId);
    if (s != null) {
      Context loop = loopOf(sink);
      onLoop(loop, () -> {
        Set<Sink> set = s.byLoop.get(loop);
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
  private static void onLoop(Context loop, Runnable action) {
    if (((ContextInternal) loop).nettyEventLoop().inEventLoop()) {
      action.run();
    } else {
      loop.runOnContext(v -> action.run());
    }
  }

  /** How many event loops this node's sockets of a session are spread over: one task each per event. */
  public int loops(long sessionId) {
    Session s = sessions.get(sessionId);
    return s == null ? 0 : (int) s.byLoop.values().stream().filter(set -> !set.isEmpty()).count();
  }

  public int sockets(long sessionId) {
    Session s = sessions.get(sessionId);
    return s == null ? 0 : s.byLoop.values().stream().mapToInt(Set::size).sum();
  }
}
