package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A lottery over panels: each panel (counts per type) with its probability. Within a type everyone is
 * equally likely, so a respondent's probability is the sum over panels of p × count / type size.
 */
public record Distribution(Pool pool, List<int[]> panels, double[] probabilities, String algorithm, Certificate certificate) {

  public Distribution(Pool pool, List<int[]> panels, double[] probabilities, String algorithm) {
    this(pool, panels, probabilities, algorithm, null);
  }

  /**
   * Why the lottery is optimal. {@code "bound"}: it gives every type the fractional counts, which no
   * lottery beats, to within {@code gap} (largest difference of a probability). {@code
   * "column-generation"}: at the end of every stage the exact pricing program (SCIP, gap closed) found
   * no panel whose reduced cost exceeds {@code gap}; {@code certified} is false when some stage ended
   * otherwise (a column repeated, the column limit), which is then no proof.
   */
  public record Certificate(String method, double gap, boolean certified) {}

  /** Each respondent's chance of being selected, by id. */
  public Map<String, Double> byRespondent() {
    double[] perType = new double[pool.types().size()];
    for (int p = 0; p < panels.size(); p++) {
      for (int t = 0; t < perType.length; t++) {
        perType[t] += probabilities[p] * panels.get(p)[t] / pool.types().get(t).size();
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Pool.Type t : pool.types()) {
      t.members().forEach(r -> out.put(r.id(), perType[t.index()]));
    }
    return out;
  }

  public double minimum() {
    return byRespondent().values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  /** Gini coefficient of the selection probabilities (0: everyone equal). */
  public double gini() {
    return gini(byRespondent().values().stream().mapToDouble(Double::doubleValue).toArray());
  }

  static double gini(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < v.length; i++) {
      sum += v[i];
      weighted += (i + 1) * v[i];
    }
    return sum == 0 ? 0 : (2 * weighted) / (v.length * sum) - (v.length + 1.0) / v.length;
  }

  /** Draws a panel: a panel by its probability, then members uniformly within each type. Same seed, same panel. */
  public List<Respondent> draw(long seed) {
    Random random = new Random(seed);
    double u = random.nextDouble();
    int chosen = panels.size() - 1;
    double cumulative = 0;
    for (int p = 0; p < panels.size(); p++) {
      cumulative += probabilities[p];
      if (u < cumulative) {
        chosen = p;
        break;
      }
    }
    List<Respondent> out = new ArrayList<>();
    int[] counts = panels.get(chosen);
    for (Pool.Type t : pool.types()) {
      List<Respondent> members = new ArrayList<>(t.members());
      Collections.shuffle(members, random);
      out.addAll(members.subList(0, counts[t.index()]));
    }
    return out;
  }
}
