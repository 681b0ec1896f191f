package org.xieshang.sortition;

import java.util.List;

/** The draw cannot be made as asked; the message says why in Chinese, and relaxations say what would work. */
public final class SelectionError extends RuntimeException {
  private final List<String> relaxations;

  public SelectionError(String message, List<String> relaxations) {
    super(message);
    this.relaxations = List.copyOf(relaxations);
  }

  public List<String> relaxations() {
    return relaxations;
  }
}
