package org.xieshang.platform.time;

import java.time.ZoneId;

/**
 * The time zone people read the product's times in (China Standard Time). The database keeps UTC;
 * only what is shown or written for people (notices, exports, dates of a ledger's deadlines) uses this.
 */
public final class ChinaTime {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private ChinaTime() {}
}
