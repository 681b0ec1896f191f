package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The greedy method long used by the Sortition Foundation ("LEGACY"), kept for comparison: repeatedly
 * take the quota furthest from its minimum relative to the people still available for it, pick one of
 * them at random, drop their household and anyone whose quota is full; start again when stuck. It meets
 * the quotas but gives some people far smaller chances than others.
 */
public final class Legacy {
  private Legacy() {}

  /** One panel, or null when this attempt got stuck. */
  public static List<Respondent> drawOnce(List<Respondent> pool, Quotas quotas, int panelSize, Random random) {
    List<Respondent> remaining = new ArrayList<>(pool);
    List<Respondent> panel = new ArrayList<>();
    Map<String, Integer> selected = new HashMap<>();
    while (panel.size() < panelSize) {
      String bestCategory = null;
      String bestFeature = null;
      double bestRatio = -1;
      for (var category : quotas.categories().entrySet()) {
        for (var feature : category.getValue().entrySet()) {
          int need = feature.getValue().min() - selected.getOrDefault(Quotas.name(category.getKey(), feature.getKey()), 0);
          if (need <= 0) {
            continue;
          }
          long available = remaining.stream().filter(r -> feature.getKey().equals(r.features().get(category.getKey()))).count();
          if (available < need) {
            return null;
          }
          double ratio = need / (double) available;
          if (ratio > bestRatio) {
            bestRatio = ratio;
            bestCategory = category.getKey();
            bestFeature = feature.getKey();
          }
        }
      }
      String c = bestCategory;
      String f = bestFeature;
      List<Respondent> candidates = c == null ? remaining
          : remaining.stream().filter(r -> f.equals(r.features().get(c))).toList();
      if (candidates.isEmpty()) {
        return null;
      }
      Respondent chosen = candidates.get(random.nextInt(candidates.size()));
      panel.add(chosen);
      chosen.features().forEach((category, feature) -> selected.merge(Quotas.name(category, feature), 1, Integer::sum));
      remaining.removeIf(r -> r == chosen
          || (chosen.household() != null && chosen.household().equals(r.household()))
          || quotas.categories().entrySet().stream().anyMatch(e -> {
            String value = r.features().get(e.getKey());
            Quotas.Bounds b = e.getValue().get(value);
            return b != null && selected.getOrDefault(Quotas.name(e.getKey(), value), 0) >= b.max();
          }));
    }
    for (var category : quotas.categories().entrySet()) {
      for (var feature : category.getValue().entrySet()) {
        if (selected.getOrDefault(Quotas.name(category.getKey(), feature.getKey()), 0) < feature.getValue().min()) {
          return null;
        }
      }
    }
    return panel;
  }

  /** A panel, retrying stuck attempts. */
  public static List<Respondent> draw(List<Respondent> pool, Quotas quotas, int panelSize, Random random) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      List<Respondent> panel = drawOnce(pool, quotas, panelSize, random);
      if (panel != null) {
        return panel;
      }
    }
    throw new SelectionError("贪心抽选连续 1000 次未能满足配额", List.of());
  }

  /** Selection probabilities estimated from many draws. */
  public static Map<String, Double> estimate(List<Respondent> pool, Quotas quotas, int panelSize, int runs, long seed) {
    Random random = new Random(seed);
    Map<String, Double> counts = new HashMap<>();
    pool.forEach(r -> counts.put(r.id(), 0.0));
    for (int i = 0; i < runs; i++) {
      for (Respondent r : draw(pool, quotas, panelSize, random)) {
        counts.merge(r.id(), 1.0, Double::sum);
      }
    }
    counts.replaceAll((id, c) -> c / runs);
    return counts;
  }
}
