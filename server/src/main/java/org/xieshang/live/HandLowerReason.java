package org.xieshang.live;

/** Why a raised hand left the queue without the floor. */
public enum HandLowerReason {
  /** the person lowered it */
  LOWERED,
  /** the chair took it off the queue */
  REMOVED
}
