package org.xieshang.live;

/** Why a floor (a speech or an answer) ended. */
public enum FloorEndReason {
  /** the speaker gave the floor back */
  YIELDED,
  /** the chair ended it */
  CHAIR,
  /** the speaking time ran out */
  TIMEOUT,
  /** the chair gave the floor to someone else */
  REPLACED,
  /** the speaker was removed from the session */
  REMOVED,
  /** the session closed */
  CLOSED
}
