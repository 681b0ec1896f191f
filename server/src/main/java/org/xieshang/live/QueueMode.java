package org.xieshang.live;

/** How the speaking queue is ordered. */
public enum QueueMode {
  /** In the order hands were raised. */
  FIRST_COME,
  /** One from each venue in turn, starting with the venue that spoke longest ago: no county is crowded out. */
  ROTATION,
  /** Whoever has spoken least so far first. */
  LEAST_SPOKEN,
  /** The order the chair set by hand; new hands join at the end. */
  MANUAL
}
