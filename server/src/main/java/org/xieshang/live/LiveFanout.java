package org.xieshang.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers a session's events to this node's sockets. The owner publishes each event once, as the
 * finished bridge frame; here the same bytes are written to every registered socket, each group on
 * its own event loop, instead of the stock bridge encoding the envelope again per socket.
 */
public final class LiveFanout {
  private final Vertx vertx;
  private final Map<Long, Session> sessions = new ConcurrentHashMap<>();

  private final class Session {
    final long id;
    final Map<Context, Set<SockJSSocket>> byLoop = new ConcurrentHashMap<>();
    MessageConsumer<Buffer> consumer;

    Session(long id) {
      this.id = id;
      consumer = vertx.eventBus().consumer(LiveOwner.fanoutAddress(id), m -> deliver(m.body()));
    }

    void deliver(Buffer frame) {
      byLoop.forEach((loop, sockets) -> loop.runOnContext(v -> {
        for (SockJSSocket socket : sockets) {
          socket.write(frame);
        }
      }));
    }
  }

  public LiveFanout(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Called on the socket's own event loop. */
  public void add(long sessionId, SockJSSocket socket) {
    Context loop = Vertx.currentContext();
    sessions.computeIfAbsent(sessionId, Session::new).byLoop
        .computeIfAbsent(loop, k -> new HashSet<>()).add(socket);
  }

  /** Called on the socket's own event loop. */
  public void remove(long sessionId, SockJSSocket socket) {
    Session s = sessions.get(sessionId);
    if (s != null) {
      Set<SockJSSocket> set = s.byLoop.get(Vertx.currentContext());
      if (set != null) {
        set.remove(socket);
      }
    }
  }

  public int sockets(long sessionId) {
    Session s = sessions.get(sessionId);
    return s == null ? 0 : s.byLoop.values().stream().mapToInt(Set::size).sum();
  }
}
