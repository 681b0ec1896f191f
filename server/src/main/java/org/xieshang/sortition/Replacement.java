package org.xieshang.sortition;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Filling a place left open by someone who declined or did not answer, so that the panel still meets
 * its quotas: the first person of the reserve list (in its published order) who fits, and when nobody
 * fits, the quotas that a fresh draw for the open places must meet.
 */
public final class Replacement {
  private Replacement() {}

  /**
   * The first reserve who fits: with them seated, no value goes over its maximum, and the places still
   * open after them can cover every minimum not yet met.
   */
  public static Optional<Respondent> fromReserve(List<Respondent> seated, int open, List<Respondent> reserve, Quotas q) {
    Map<String, Integer> counts = counts(seated, q);
    for (Respondent r : reserve) {
      if (fits(counts, r, open, q)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Reserves for as many of the open places as they can fill, one after another, each the first of
   * those left who fits ({@link #fromReserve}) beside the seated and those chosen before them.
   */
  public static List<Respondent> reservesFor(List<Respondent> seated, int open, List<Respondent> reserve, Quotas q) {
    List<Respondent> sitting = new ArrayList<>(seated);
    List<Respondent> left = new ArrayList<>(reserve);
    List<Respondent> chosen = new ArrayList<>();
    while (chosen.size() < open) {
      Optional<Respondent> next = fromReserve(sitting, open - chosen.size(), left, q);
      if (next.isEmpty()) {
        break;
      }
      left.remove(next.get());
      sitting.add(next.get());
      chosen.add(next.get());
    }
    return chosen;
  }

  /**
   * A fresh LEXIMIN draw of {@code places} among the candidates, for what the quotas still need beside
   * the seated ({@link #residual}), seeded from the draw's committed seed and the number of picks so far
   * (so it is reproducible once the seed is published). Throws {@link Leximin.TimeLimit} past the limit.
   */
  public static List<Respondent> freshDraw(List<Respondent> candidates, List<Respondent> seated, int places, Quotas q,
                                           String seed, int picksSoFar, double seconds) {
    Quotas residual = residual(seated, q);
    // at most one per household counts the seated too: their housemates cannot be drawn
    Set<String> seatedHouseholds = new HashSet<>();
    seated.forEach(r -> {
      if (r.household() != null && !r.household().isBlank()) {
        seatedHouseholds.add(r.household());
      }
    });
    List<Respondent> eligible = candidates.stream()
        .filter(r -> r.household() == null || !seatedHouseholds.contains(r.household())).toList();
    Distribution d = Leximin.within(Pool.of(eligible, residual), residual, places, false, seconds);
    long drawSeed = new BigInteger(1, HexFormat.of().parseHex(Lottery.sha256Hex(seed + ":fresh:" + picksSoFar))).longValue();
    return d.draw(drawSeed);
  }

  static boolean fits(Map<String, Integer> counts, Respondent r, int open, Quotas q) {
    Map<String, Integer> after = new HashMap<>(counts);
    for (String c : q.categories().keySet()) {
      after.merge(Quotas.name(c, r.features().get(c)), 1, Integer::sum);
    }
    for (Map.Entry<String, Map<String, Quotas.Bounds>> c : q.categories().entrySet()) {
      int missing = 0;
      for (Map.Entry<String, Quotas.Bounds> f : c.getValue().entrySet()) {
        int n = after.getOrDefault(Quotas.name(c.getKey(), f.getKey()), 0);
        if (n > f.getValue().max()) {
          return false;
        }
        missing += Math.max(0, f.getValue().min() - n);
      }
      if (missing > open - 1) {
        return false;
      }
    }
    return true;
  }

  /** What the open places must bring: each minimum less those seated, each maximum less those seated. */
  public static Quotas residual(List<Respondent> seated, Quotas q) {
    Map<String, Integer> counts = counts(seated, q);
    Map<String, Map<String, Quotas.Bounds>> out = new LinkedHashMap<>();
    q.categories().forEach((c, features) -> {
      Map<String, Quotas.Bounds> f = new LinkedHashMap<>();
      features.forEach((value, b) -> {
        int n = counts.getOrDefault(Quotas.name(c, value), 0);
        f.put(value, new Quotas.Bounds(Math.max(0, b.min() - n), Math.max(0, b.max() - n)));
      });
      out.put(c, f);
    });
    return new Quotas(out);
  }

  static Map<String, Integer> counts(List<Respondent> seated, Quotas q) {
    Map<String, Integer> counts = new HashMap<>();
    for (Respondent r : seated) {
      for (String c : q.categories().keySet()) {
        counts.merge(Quotas.name(c, r.features().get(c)), 1, Integer::sum);
      }
    }
    return counts;
  }
}
