package org.xieshang.sortition;

import io.vertx.sqlclient.Row;

/** Where a draw stands, stored by name in sortition_draw.status. */
public enum DrawStatus {
  /** prepared, its commitment published, waiting for the public value */
  PREPARED,
  /** drawn with the public value; its panel invited */
  DRAWN,
  /** withdrawn before drawing, in public, with its reason; its seed is published */
  WITHDRAWN;

  static DrawStatus of(Row draw) {
    return valueOf(draw.getString("status"));
  }
}
