package org.xieshang.sortition;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DIVERSIMAX selection (after the Sortition Foundation library's diversimax): the one panel that
 * meets every quota and the household rule and whose counts over the intersections of categories
 * deviate least from the pool's proportions. For the intersections of two or more categories (age ×
 * gender, age × gender × education …, chosen by {@link #cells}) and every combination of their values
 * that someone in the pool has (a cell), the panel's count in the cell should be k × the cell's share
 * of the pool; the integer program (SCIP, over the counts per type, with the rules of {@link
 * PanelRules}) minimises the sum over all cells of |count − target|. (The library aims every cell of
 * an intersection at k / cells, equal sizes, also for combinations nobody in the pool has; we aim at
 * the pool's proportions, which a panel can reach.) SCIP stops at a 1 % gap or at the time limit
 * with the best panel found; the certificate says which.
 *
 * It is not a lottery: the distribution is that one panel (counts per type) with probability 1, and
 * within a type the members are drawn uniformly, so a volunteer's chance is the panel's count of their
 * type over the type's size, and some volunteers have none.
 */
public final class Diversimax {
  /** At most this many intersections count (the Sortition Foundation library's limit). */
  static final int INTERSECTIONS = 50;
  /** SCIP stops at this relative gap (the library stops at 10 %). */
  static final double GAP = 0.01;

  private Diversimax() {}

  /** SCIP's time limit when none is given (the Sortition Foundation library gives 30 s). */
  public static final double DEFAULT_SECONDS = 60;

  public static Distribution diversimax(Pool pool, Quotas quotas, int panelSize) {
    return solve(pool, quotas, panelSize, DEFAULT_SECONDS);
  }

  /** As {@link #diversimax}; when time runs out, the best panel SCIP found by then (uncertified). */
  public static Distribution within(Pool pool, Quotas quotas, int panelSize, double seconds) {
    return solve(pool, quotas, panelSize, seconds);
  }

  /** One cell: the types in it, and the count a proportional panel would have there. */
  record Cell(int[] types, double target) {}

  /**
   * The cells of the intersections of 2 or more categories, fewest categories first (pairs, then
   * triples …, each in the categories' order), as the Sortition Foundation library chooses them: an
   * intersection with more cells than panel places is left out (each cell would hold 0 or 1 and its
   * balance means nothing), and at most {@link #INTERSECTIONS} intersections count. A cell is a
   * combination of values someone in the pool has; its target is k × its share of the pool.
   */
  static List<Cell> cells(Pool pool, int panelSize) {
    List<String> categories = pool.categories();
    List<Cell> out = new ArrayList<>();
    double n = pool.respondents();
    int used = 0;
    for (List<String> subset : subsets(categories)) {
      if (used >= INTERSECTIONS) {
        break;
      }
      Map<List<String>, List<Integer>> cells = new LinkedHashMap<>();
      Map<List<String>, Integer> people = new LinkedHashMap<>();
      for (Pool.Type t : pool.types()) {
        List<String> key = subset.stream().map(c -> t.features().get(c)).toList();
        cells.computeIfAbsent(key, k -> new ArrayList<>()).add(t.index());
        people.merge(key, t.size(), Integer::sum);
      }
      if (cells.size() > panelSize) {
        continue;
      }
      used++;
      cells.forEach((key, types) -> out.add(new Cell(types.stream().mapToInt(Integer::intValue).toArray(),
          panelSize * people.get(key) / n)));
    }
    return out;
  }

  /** The subsets of 2 or more categories (the one category alone if there is only one), smallest first. */
  private static List<List<String>> subsets(List<String> categories) {
    List<List<String>> out = new ArrayList<>();
    int m = categories.size();
    for (int bits = Math.min(2, m); bits <= m; bits++) {
      for (int mask = 1; mask < 1 << m; mask++) {
        if (Integer.bitCount(mask) == bits) {
          List<String> s = new ArrayList<>();
          for (int c = 0; c < m; c++) {
            if ((mask & 1 << c) != 0) {
              s.add(categories.get(c));
            }
          }
          out.add(s);
        }
      }
    }
    return out;
  }

  /** A panel's deviation (counts per type): the sum over the cells of |count − target|, what DIVERSIMAX minimises. */
  public static double deviation(Pool pool, int panelSize, int[] panel) {
    double sum = 0;
    for (Cell cell : cells(pool, panelSize)) {
      int count = 0;
      for (int t : cell.types()) {
        count += panel[t];
      }
      sum += Math.abs(count - cell.target());
    }
    return sum;
  }

  static Distribution solve(Pool pool, Quotas quotas, int panelSize, double seconds) {
    PanelRules rules = new PanelRules(pool, quotas, panelSize);
    int[] some;
    try (PanelIlp ilp = new PanelIlp(rules)) {
      some = ilp.feasible(); // the one place that may declare the quotas impossible
    }
    if (some == null) {
      throw Leximin.infeasible(rules);
    }
    MPSolver s = MPSolver.createSolver("SCIP");
    try {
      s.setSolverSpecificParametersAsString("limits/gap = " + GAP + "\n"
          + (Double.isFinite(seconds) ? "limits/time = " + Math.max(0.1, seconds) + "\n" : ""));
      PanelRules.Model model = rules.model(s, true);
      for (Cell cell : cells(pool, panelSize)) {
        MPVariable d = s.makeNumVar(0, MPSolver.infinity(), "d");
        // count − d ≤ target ≤ count + d
        MPConstraint below = s.makeConstraint(-MPSolver.infinity(), cell.target());
        MPConstraint above = s.makeConstraint(cell.target(), MPSolver.infinity());
        for (int t : cell.types()) {
          below.setCoefficient(model.x()[t], 1);
          above.setCoefficient(model.x()[t], 1);
        }
        below.setCoefficient(d, -1);
        above.setCoefficient(d, 1);
        s.objective().setCoefficient(d, 1);
      }
      s.objective().setMinimization();
      MPSolver.ResultStatus status = s.solve();
      int[] panel = some;
      boolean optimal = status == MPSolver.ResultStatus.OPTIMAL; // to within GAP
      double gap = 0;
      if (optimal || status == MPSolver.ResultStatus.FEASIBLE) {
        panel = new int[rules.types()];
        for (int t = 0; t < panel.length; t++) {
          panel[t] = (int) Math.round(model.x()[t].solutionValue());
        }
        double value = s.objective().value();
        double bound = s.objective().bestBound();
        gap = value <= 0 ? 0 : Math.max(0, (value - bound) / value);
      }
      // any other status (out of time before a first solution, the solver's trouble): the panel of the
      // exact check, which meets every rule, uncertified
      return new Distribution(pool, List.of(panel), new double[]{1}, "diversimax",
          new Distribution.Certificate("integer-program", gap, optimal));
    } finally {
      s.delete();
    }
  }
}
