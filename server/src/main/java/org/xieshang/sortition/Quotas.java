package org.xieshang.sortition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For each category (性别, 区县, 界别 …) and each of its values, how many panel members it must have
 * at least and may have at most. Read from the Sortition Foundation / Panelot categories.csv
 * ({@code category,feature,min,max}).
 */
public record Quotas(Map<String, Map<String, Bounds>> categories) {

  public record Bounds(int min, int max) {}

  public Quotas {
    Map<String, Map<String, Bounds>> copy = new LinkedHashMap<>();
    // in the order given: Map.copyOf's order changes from run to run, and with it the programs' row order
    // and which of several optimal solutions the solvers return, so the same input gave other lotteries
    categories.forEach((c, features) -> copy.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(features))));
    categories = Collections.unmodifiableMap(copy);
  }

  /** "category=feature", the name of one quota in messages. */
  public static String name(String category, String feature) {
    return category + "=" + feature;
  }
}
