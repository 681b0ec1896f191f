package org.xieshang.platform.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Writes one socket's text frames straight to its Netty channel. A live event goes to 10,000 sockets
 * as the same bytes: Vert.x's WebSocket write would copy them into a new buffer for every socket and
 * add a promise, a queued write and a metrics update per frame. Here every socket writes a view of
 * the one buffer, which Netty's WebSocket encoder copies once behind the frame header. All of a
 * socket's frames go this way, so they keep their order; Vert.x still reads the socket and closes it.
 * This is the one place that depends on a Vert.x internal (the connection's channel); the live tests
 * and the live benchmark exercise it.
 */
final class FrameChannel {
  private static final Logger LOG = LoggerFactory.getLogger(FrameChannel.class);
  private final Channel channel;
  private final int backlogBytes;
  private boolean dropped;

  private FrameChannel(Channel channel, int backlogBytes) {
    this.channel = channel;
    this.backlogBytes = backlogBytes;
  }

  /**
   * The channel of a request about to become a WebSocket (the upgrade keeps the channel); a socket
   * whose unsent frames exceed {@code backlogBytes} is closed.
   */
  static FrameChannel of(HttpServerRequest request, int backlogBytes) {
    return new FrameChannel(((ConnectionBase) request.connection()).channel(), backlogBytes);
  }

  /**
   * After the upgrade: the HTTP server puts a chunked-file writer in every connection's pipeline when
   * it compresses responses; a WebSocket never sends files, and that handler queues and re-walks every
   * frame written past it.
   */
  void upgraded() {
    if (channel.pipeline().get(ChunkedWriteHandler.class) != null) {
      channel.pipeline().remove(ChunkedWriteHandler.class);
    }
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(backlogBytes / 2, backlogBytes));
  }

  /**
   * Whether the socket is open and reading. One that is not (a phone that lost its network without
   * closing) would hold every event of the meeting in memory: once its unsent frames pass the limit it
   * is closed, and on reconnecting it receives what it missed from the log.
   */
  private boolean keepsUp() {
    if (dropped || !channel.isActive()) {
      return false;
    }
    if (!channel.isWritable()) {
      LOG.info("closing event-bus socket {}: more than {} bytes unsent", channel.remoteAddress(), backlogBytes);
      dropped = true;
      // from the head of the pipeline: a WebSocket close handshake would wait for a peer that does not read
      channel.pipeline().firstContext().close();
      return false;
    }
    return true;
  }

  /** Bytes to share between sockets: the encoder's release of each view must not free them. */
  static ByteBuf shared(byte[] utf8) {
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(utf8));
  }

  /** Writes a frame holding the shared bytes (from {@link #shared}). */
  void write(ByteBuf shared) {
    if (keepsUp()) {
      channel.writeAndFlush(new TextWebSocketFrame(shared.duplicate()), channel.voidPromise());
    }
  }

  void write(String text) {
    if (keepsUp()) {
      channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))),
          channel.voidPromise());
    }
  }
}
