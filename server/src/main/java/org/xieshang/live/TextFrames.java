package org.xieshang.live;

import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * A WebSocket text frame over bytes encoded once. Vert.x's public API only makes text frames from a
 * String, which encodes it again for every socket; with 10,000 sockets per event that encoding is the
 * largest cost of a broadcast. This one dependency on a Vert.x internal class (a frame wrapping a byte
 * array without copying) is kept here; the live tests and the live benchmark exercise it.
 */
final class TextFrames {
  private TextFrames() {}

  static WebSocketFrame of(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true);
  }
}
