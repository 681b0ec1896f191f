package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes expected counts per type as a lottery over panels that meet the rules, in the manner of
 * Carathéodory's theorem: take a panel that meets with equality every rule the remaining counts meet
 * with equality (a panel on their face), give it the largest probability that leaves the rest within
 * the rules, subtract, and repeat. Each step makes at least one more rule tight, so the lottery has
 * at most as many panels as there are types and rules.
 *
 * A panel on the face is first sought by a quick randomised greedy filling (the types with the most
 * left first, so that steps are long); when the filling is stuck, with places left that every
 * candidate's maximums block while scarce minimums are unmet, exchanges of one member for another
 * repair it; only then is the integer program asked. If the face holds no panel, the
 * counts are not those of any lottery and the decomposition stops incomplete; the panels found still
 * seed column generation.
 */
final class PanelDecomposition {
  /**
   * Below this mass left, the lottery is complete (the counts are met to within it). What is left then
   * is mostly rounding: faces read from it can contradict each other (seen at 3.5e-7 on a 300-volunteer
   * pool, where an exact quota of 8 read 7.999999985), and no panel fits them.
   */
  private static final double DONE = 1e-6;
  /** Counts this close to a bound are on it. */
  private static final double TIGHT = 1e-9;
  private static final int FILL_ATTEMPTS = 30;
  /** The last attempts repair a stuck filling by exchanges, which costs more than starting again. */
  private static final int REPAIRED_ATTEMPTS = 3;
  /** How much the greedy filling's order is shuffled after a failed attempt (× 1 + SPREAD × uniform). */
  private static final double SPREAD = 5;

  private PanelDecomposition() {}

  /** Bounds that pin a panel to the face of the remaining counts. */
  record Face(int[] typeMin, int[] typeMax, int[] quotaMin, int[] quotaMax, int[] householdMin) {}

  /** The panels found and their probabilities; when not {@code complete}, only the panels are of use. */
  record Result(List<int[]> panels, double[] probabilities, boolean complete, int integerPrograms) {}

  static Result of(PanelRules rules, double[] counts, PanelIlp ilp, long deadline) {
    int n = rules.types();
    Random random = new Random(1); // the same counts give the same lottery
    double[] left = counts.clone();
    double mass = 1;
    List<int[]> panels = new ArrayList<>();
    List<Double> probabilities = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int programs = 0;
    while (mass > DONE) {
      if (System.nanoTime() > deadline) {
        return new Result(panels, null, false, programs);
      }
      Face face = face(rules, left, mass);
      int[] panel = null;
      for (int attempt = 0; attempt < FILL_ATTEMPTS && panel == null; attempt++) {
        double[] priority = left.clone();
        for (int t = 0; attempt > 0 && t < n; t++) {
          priority[t] *= 1 + SPREAD * random.nextDouble();
        }
        panel = new Filling(rules, face, attempt >= FILL_ATTEMPTS - REPAIRED_ATTEMPTS).fill(priority);
      }
      if (panel == null) {
        programs++;
        double[] weights = new double[n];
        for (int t = 0; t < n; t++) {
          weights[t] = left[t] / rules.typeSize[t];
        }
        panel = ilp.bestOnFace(weights, face);
        if (panel == null) {
          return new Result(panels, null, false, programs);
        }
      }
      double p = step(rules, left, mass, panel);
      if (p <= 0) {
        return new Result(panels, null, false, programs);
      }
      for (int t = 0; t < n; t++) {
        left[t] -= p * panel[t];
      }
      mass -= p;
      Integer at = seen.putIfAbsent(Arrays.toString(panel), panels.size());
      if (at == null) {
        panels.add(panel);
        probabilities.add(p);
      } else {
        probabilities.set(at, probabilities.get(at) + p);
      }
    }
    double total = 1 - mass;
    return new Result(panels, probabilities.stream().mapToDouble(p -> p / total).toArray(), true, programs);
  }

  /** The rules the remaining counts (of total mass {@code mass}) meet with equality, as bounds. */
  static Face face(PanelRules rules, double[] left, double mass) {
    int n = rules.types();
    int[] typeMin = new int[n];
    int[] typeMax = new int[n];
    for (int t = 0; t < n; t++) {
      typeMax[t] = left[t] <= TIGHT ? 0 : rules.typeSize[t];
      typeMin[t] = mass * rules.typeSize[t] - left[t] <= TIGHT ? typeMax[t] : 0;
    }
    int[] quotaMin = new int[rules.quotas.size()];
    int[] quotaMax = new int[quotaMin.length];
    for (int q = 0; q < quotaMin.length; q++) {
      PanelRules.Quota quota = rules.quotas.get(q);
      double sum = sum(left, quota.types());
      boolean atMin = sum - mass * quota.min() <= TIGHT;
      boolean atMax = mass * quota.max() - sum <= TIGHT;
      quotaMin[q] = atMax ? quota.max() : quota.min();
      quotaMax[q] = atMin ? quota.min() : quota.max();
    }
    int[] householdMin = new int[rules.households.size()];
    for (int h = 0; h < householdMin.length; h++) {
      householdMin[h] = mass - sum(left, rules.households.get(h)) <= TIGHT ? 1 : 0;
    }
    return new Face(typeMin, typeMax, quotaMin, quotaMax, householdMin);
  }

  /** The largest probability for {@code panel} that leaves the remaining counts within the rules. */
  static double step(PanelRules rules, double[] left, double mass, int[] panel) {
    double p = mass;
    for (int t = 0; t < panel.length; t++) {
      if (panel[t] > 0) {
        p = Math.min(p, left[t] / panel[t]);
      }
      if (panel[t] < rules.typeSize[t]) {
        p = Math.min(p, (mass * rules.typeSize[t] - left[t]) / (rules.typeSize[t] - panel[t]));
      }
    }
    for (PanelRules.Quota quota : rules.quotas) {
      double sum = sum(left, quota.types());
      int count = 0;
      for (int t : quota.types()) {
        count += panel[t];
      }
      if (count > quota.min()) {
        p = Math.min(p, (sum - mass * quota.min()) / (count - quota.min()));
      }
      if (count < quota.max()) {
        p = Math.min(p, (mass * quota.max() - sum) / (quota.max() - count));
      }
    }
    for (int[] household : rules.households) {
      int count = 0;
      for (int t : household) {
        count += panel[t];
      }
      if (count == 0) {
        p = Math.min(p, mass - sum(left, household));
      }
    }
    return p;
  }

  private static double sum(double[] values, int[] indices) {
    double s = 0;
    for (int i : indices) {
      s += values[i];
    }
    return s;
  }

  /**
   * Greedy filling of a panel on a face: members one at a time, highest priority first, skipping any
   * that would break a maximum or leave too few places for the minimums still unmet.
   */
  private static final class Filling {
    private final PanelRules rules;
    private final Face face;
    private final boolean repairing;
    private final int[] panel;
    private final int[] quotaCount;
    private final int[] householdCount;
    /** Per category, the members still needed to reach its values' minimums. */
    private final int[] categoryShort;
    private int householdsShort;
    private int places;

    Filling(PanelRules rules, Face face, boolean repairing) {
      this.repairing = repairing;
      this.rules = rules;
      this.face = face;
      panel = new int[rules.types()];
      quotaCount = new int[rules.quotas.size()];
      householdCount = new int[rules.households.size()];
      categoryShort = new int[rules.categories];
      for (int q = 0; q < quotaCount.length; q++) {
        categoryShort[rules.quotas.get(q).category()] += face.quotaMin()[q];
      }
      householdsShort = Arrays.stream(face.householdMin()).sum();
      places = rules.panelSize;
    }

    int[] fill(double[] priority) {
      for (int t = 0; t < panel.length; t++) {
        while (panel[t] < face.typeMin()[t]) {
          if (!add(t, true)) {
            return null;
          }
        }
      }
      // a type's next member ranks by its priority shared among its members so far
      PriorityQueue<int[]> queue = new PriorityQueue<>(
          (a, b) -> Double.compare(priority[b[0]] / (b[1] + 1), priority[a[0]] / (a[1] + 1)));
      for (int t = 0; t < panel.length; t++) {
        if (panel[t] < face.typeMax()[t]) {
          queue.add(new int[]{t, panel[t]});
        }
      }
      List<int[]> passedOver = new ArrayList<>();
      while (places > 0) {
        int[] next = queue.poll();
        if (next == null) { // those passed over for the minimums may fit now that the minimums are met
          if (passedOver.isEmpty()) {
            return repaired();
          }
          int before = places;
          queue.addAll(passedOver);
          passedOver.clear();
          while (places > 0 && (next = queue.poll()) != null) {
            offer(next, queue, passedOver);
          }
          if (places == before) {
            return repaired();
          }
          continue;
        }
        offer(next, queue, passedOver);
      }
      return complete() ? panel : repaired();
    }

    private boolean complete() {
      for (int q = 0; q < quotaCount.length; q++) {
        if (quotaCount[q] < face.quotaMin()[q]) {
          return false;
        }
      }
      return places == 0 && householdsShort == 0;
    }

    /**
     * Stuck with places left or minimums unmet: exchange a member for one who counts towards more unmet
     * minimums (the member out holds every value whose maximum blocked the one in), add whoever fits,
     * and repeat while that gains.
     */
    private int[] repaired() {
      if (!repairing) {
        return null;
      }
      for (int round = 0; round < rules.panelSize; round++) {
        boolean added = false;
        for (int t = 0; t < panel.length && places > 0; t++) {
          while (panel[t] < face.typeMax()[t] && add(t, false)) {
            added = true;
          }
        }
        if (complete()) {
          return panel;
        }
        if (!added && !exchange()) {
          return null;
        }
      }
      return null;
    }

    /** The exchange of one member for another that most reduces the unmet minimums, if any does. */
    private boolean exchange() {
      int bestIn = -1;
      int bestOut = -1;
      int bestGain = 0;
      // only types in the panel can go out (at most panel size of them, of thousands)
      int[] members = new int[rules.panelSize];
      int m = 0;
      for (int t = 0; t < panel.length; t++) {
        if (panel[t] > face.typeMin()[t]) {
          members[m++] = t;
        }
      }
      for (int in = 0; in < panel.length; in++) {
        if (panel[in] >= face.typeMax()[in] || shortOf(in) == 0) {
          continue;
        }
        for (int i = 0; i < m; i++) {
          int out = members[i];
          if (out == in) {
            continue;
          }
          int gain = exchangeGain(in, out);
          if (gain > bestGain) {
            bestIn = in;
            bestOut = out;
            bestGain = gain;
          }
        }
      }
      if (bestIn < 0) {
        return false;
      }
      remove(bestOut);
      add(bestIn, true);
      return true;
    }

    /** Unmet minimums that type t counts towards. */
    private int shortOf(int t) {
      int n = 0;
      for (int q : rules.quotasOfType[t]) {
        n += quotaCount[q] < face.quotaMin()[q] ? 1 : 0;
      }
      int h = rules.householdOfType[t];
      return n + (h >= 0 && householdCount[h] < face.householdMin()[h] ? 1 : 0);
    }

    /** How many fewer unmet minimums after taking out a member of type out and adding one of type in; 0 if not allowed. */
    private int exchangeGain(int in, int out) {
      int gain = 0;
      for (int c = 0; c < rules.categories; c++) {
        int qIn = rules.quotasOfType[in][c];
        int qOut = rules.quotasOfType[out][c];
        if (qIn == qOut) {
          continue;
        }
        if (quotaCount[qIn] + 1 > face.quotaMax()[qIn]) {
          return 0;
        }
        gain += quotaCount[qIn] < face.quotaMin()[qIn] ? 1 : 0;
        gain -= quotaCount[qOut] <= face.quotaMin()[qOut] ? 1 : 0;
      }
      int hIn = rules.householdOfType[in];
      int hOut = rules.householdOfType[out];
      if (hIn != hOut) {
        if (hIn >= 0 && householdCount[hIn] >= 1) {
          return 0;
        }
        gain += hIn >= 0 && face.householdMin()[hIn] > householdCount[hIn] ? 1 : 0;
        gain -= hOut >= 0 && face.householdMin()[hOut] >= householdCount[hOut] ? 1 : 0;
      }
      return gain;
    }

    private void remove(int t) {
      int[] quotas = rules.quotasOfType[t];
      for (int c = 0; c < quotas.length; c++) {
        int q = quotas[c];
        quotaCount[q]--;
        if (quotaCount[q] < face.quotaMin()[q]) {
          categoryShort[c]++;
        }
      }
      int h = rules.householdOfType[t];
      if (h >= 0) {
        householdCount[h]--;
        if (face.householdMin()[h] > householdCount[h]) {
          householdsShort++;
        }
      }
      panel[t]--;
      places++;
    }

    private void offer(int[] next, PriorityQueue<int[]> queue, List<int[]> passedOver) {
      int t = next[0];
      if (add(t, false)) {
        if (panel[t] < face.typeMax()[t]) {
          queue.add(new int[]{t, panel[t]});
        }
      } else {
        passedOver.add(next);
      }
    }

    /** Adds a member of type t if the rules allow it (forced: only the maximums are checked). */
    private boolean add(int t, boolean forced) {
      int[] quotas = rules.quotasOfType[t];
      for (int q : quotas) {
        if (quotaCount[q] + 1 > face.quotaMax()[q]) {
          return false;
        }
      }
      int h = rules.householdOfType[t];
      if (h >= 0 && householdCount[h] >= 1) {
        return false;
      }
      if (places < 1) {
        return false;
      }
      if (!forced) {
        for (int c = 0; c < quotas.length; c++) {
          int q = quotas[c];
          int stillShort = categoryShort[c] - (quotaCount[q] < face.quotaMin()[q] ? 1 : 0);
          if (stillShort > places - 1) {
            return false;
          }
        }
        int householdsStillShort = householdsShort - (h >= 0 && face.householdMin()[h] > 0 ? 1 : 0);
        if (householdsStillShort > places - 1) {
          return false;
        }
      }
      for (int c = 0; c < quotas.length; c++) {
        int q = quotas[c];
        if (quotaCount[q] < face.quotaMin()[q]) {
          categoryShort[c]--;
        }
        quotaCount[q]++;
      }
      if (h >= 0) {
        if (face.householdMin()[h] > 0) {
          householdsShort--;
        }
        householdCount[h]++;
      }
      panel[t]++;
      places--;
      return true;
    }
  }
}
