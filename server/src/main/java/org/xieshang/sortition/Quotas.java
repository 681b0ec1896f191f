package org.xieshang.sortition;

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
    categories.forEach((c, features) -> copy.put(c, Map.copyOf(new LinkedHashMap<>(features))));
    categories = copy;
  }

  /** "category=feature", the name of one quota in messages. */
  public static String name(String category, String feature) {
    return category + "=" + feature;
  }
}
