package org.xieshang.live;

/** Where a live comment stands; its name is what the snapshot sends (clients show the text only of PUBLISHED). */
public enum CommentStatus {
  /** shown to everyone */
  PUBLISHED,
  /** waiting for the chair, because the meeting holds comments for review or a word matched */
  HELD,
  /** refused by the chair while held: never shown, left out of the snapshot */
  REJECTED,
  /** shown once, then hidden by the chair */
  HIDDEN;

  /** Whether others may read its text. */
  public boolean shown() {
    return this == PUBLISHED;
  }
}
