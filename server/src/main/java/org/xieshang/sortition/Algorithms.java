package org.xieshang.sortition;

import java.util.List;

/**
 * The selection algorithms that give a distribution over quota-meeting panels, by the name staff and
 * the scripts choose them with. LEGACY (greedy, one by one) has no distribution, only estimates.
 */
public final class Algorithms {
  /** Every algorithm with a distribution, in the order the comparison shows them. */
  public static final List<String> DISTRIBUTIONS = List.of("leximin", "maximin", "nash", "diversimax");

  private Algorithms() {}

  /** The named algorithm's distribution, computed within {@code seconds} (see each algorithm for what happens then). */
  public static Distribution within(String algorithm, Pool pool, Quotas quotas, int panelSize, double seconds) {
    return switch (algorithm) {
      case "leximin" -> Leximin.within(pool, quotas, panelSize, false, seconds);
      case "maximin" -> Leximin.within(pool, quotas, panelSize, true, seconds);
      case "nash" -> Nash.within(pool, quotas, panelSize, seconds);
      case "diversimax" -> Diversimax.within(pool, quotas, panelSize, seconds);
      default -> throw new IllegalArgumentException("algorithm must be one of " + String.join(", ", DISTRIBUTIONS));
    };
  }
}
