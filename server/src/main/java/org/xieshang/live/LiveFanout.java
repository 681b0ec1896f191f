package org.xieshang.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
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
    private byte[] sockJs;

    Frame(Buffer bridge) {
      this.bridge = bridge;
    }

    /** The bridge frame as SockJS sends it (a JSON array of one string, prefixed with "a"), in UTF-8. */
    public byte[] sockJs() {
      if (sockJs == null) {
        sockJs = ("a" + new JsonArray().add(bridge.toString()).encode()).getBytes(StandardCharsets.UTF_8);
      }
      return sockJs;
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
      frame.sockJs(); // encode before fanning out, so the loops only write
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
    Context loop = sink.loop();
    Session s = sessions.computeIfAbsent(sessionId, Session::new);
    onLoop(loop, () -> s.byLoop.computeIfAbsent(loop, k -> new HashSet<>()).add(sink));
  }

  public void remove(long sessionId, Sink sink) {
    Session s = sessions.get(sessionId);
    if (s != null) {
      onLoop(sink.loop(), () -> {
        Set<Sink> set = s.byLoop.get(sink.loop());
        if (set != null) {
          set.remove(sink);
        }
      });
    }
  }

  /** Registrations complete in callbacks on other contexts; the set of a loop changes only on that loop. */
  private static void onLoop(Context loop, Runnable action) {
    if (Vertx.currentContext() == loop) {
      action.run();
    } else {
      loop.runOnContext(v -> action.run());
    }
  }

  public int sockets(long sessionId) {
    Session s = sessions.get(sessionId);
    return s == null ? 0 : s.byLoop.values().stream().mapToInt(Set::size).sum();
  }
}
