package org.xieshang.sortition;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LEXIMIN selection (Flanigan, Gölz, Gupta, Hennig and Procaccia, "Fair algorithms for selecting
 * citizens' assemblies", Nature 2021): among all lotteries over quota-meeting panels, maximise the
 * smallest selection probability, then the next smallest, and so on.
 *
 * First the best expected counts per type are computed with the panels' rules relaxed to fractions
 * ({@link ExpectedCounts}: one small linear program per stage, milliseconds); no lottery can do better
 * than these in the leximin order. Then {@link PanelDecomposition} writes them as a lottery over
 * quota-meeting panels; when it succeeds that lottery is LEXIMIN, found without column generation.
 * (On issue 7's 1,700-volunteer instance it does, in a third of a second; column generation alone had
 * not finished in 120 s, because it adds one panel per integer program and the lottery needs hundreds.)
 *
 * When the counts are not those of any lottery (quotas whose fractional optimum no panel mix can
 * reach), column generation finishes from the panels found: each stage is a linear program over the
 * panels so far (GLOP), maximising z subject to every not-yet-fixed type reaching z and every fixed
 * type keeping its probability; the LP's dual values weight the types, and the panel of greatest
 * weight (the integer program of {@link PanelIlp}) enters when its reduced cost is positive. At a
 * stage's optimum the types whose coverage has a positive dual cannot rise further and are fixed at z.
 * MAXIMIN is the first stage alone. Working on types keeps the programs small however large the pool.
 */
public final class Leximin {
  static final double EPS = 1e-7;
  static final int MAX_COLUMNS = 20_000;

  private Leximin() {}

  public static Distribution leximin(Pool pool, Quotas quotas, int panelSize) {
    return solve(pool, quotas, panelSize, false, Long.MAX_VALUE);
  }

  public static Distribution maximin(Pool pool, Quotas quotas, int panelSize) {
    return solve(pool, quotas, panelSize, true, Long.MAX_VALUE);
  }

  /**
   * Each respondent's probability under the best expected counts with fractional panels: no lottery is
   * better in the leximin order, so a LEXIMIN lottery that gives exactly these is proven optimal.
   */
  public static Map<String, Double> bound(Pool pool, Quotas quotas, int panelSize) {
    ExpectedCounts.Result best = ExpectedCounts.leximin(new PanelRules(pool, quotas, panelSize), false);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Pool.Type t : pool.types()) {
      t.members().forEach(r -> out.put(r.id(), best == null ? 0 : best.counts()[t.index()] / t.size()));
    }
    return out;
  }

  /** As {@link #leximin} or {@link #maximin}, giving up with {@link TimeLimit} after {@code seconds}. */
  public static Distribution within(Pool pool, Quotas quotas, int panelSize, boolean maximin, double seconds) {
    return solve(pool, quotas, panelSize, maximin, System.nanoTime() + (long) (seconds * 1e9));
  }

  /**
   * The computation did not finish in the time given; {@code reached} is the smallest probability so
   * far, {@code bound} the most any lottery could give (see {@link ExpectedCounts.Result#smallest}).
   */
  public static final class TimeLimit extends RuntimeException {
    private final double reached;
    private final double bound;
    private final int panels;

    TimeLimit(double reached, double bound, int panels) {
      super("time limit", null, false, false);
      this.reached = reached;
      this.bound = bound;
      this.panels = panels;
    }

    public double reached() {
      return reached;
    }

    public double bound() {
      return bound;
    }

    public int panels() {
      return panels;
    }
  }

  /**
   * Quotas are declared impossible only by the exact integer feasibility check ({@link PanelIlp#feasible});
   * any later trouble (a stage that cannot meet a level fixed before it, an abnormal solver status, a
   * face without a panel) is recovered from: relaxed levels, then column generation from the panels
   * found and the one the check found.
   */
  static Distribution solve(Pool pool, Quotas quotas, int panelSize, boolean firstStageOnly, long deadline) {
    PanelRules rules = new PanelRules(pool, quotas, panelSize);
    try (PanelIlp ilp = new PanelIlp(rules)) {
      int[] some = ilp.feasible();
      ilp.until(deadline);
      if (some == null) {
        throw infeasible(rules);
      }
      ExpectedCounts.Result target = ExpectedCounts.leximin(rules, firstStageOnly);
      List<int[]> found = new ArrayList<>();
      if (target != null) {
        PanelDecomposition.Result lottery = PanelDecomposition.of(rules, target.counts(), ilp, deadline);
        if (lottery.complete()) {
          double[] got = new double[rules.types()];
          for (int j = 0; j < lottery.panels().size(); j++) {
            for (int t = 0; t < got.length; t++) {
              got[t] += lottery.probabilities()[j] * lottery.panels().get(j)[t];
            }
          }
          double gap = 0;
          for (int t = 0; t < got.length; t++) {
            gap = Math.max(gap, Math.abs(got[t] - target.counts()[t]) / rules.typeSize[t]);
          }
          return new Distribution(pool, List.copyOf(lottery.panels()), lottery.probabilities(), algorithm(firstStageOnly),
              new Distribution.Certificate("bound", gap, gap <= 1e-6));
        }
        found.addAll(lottery.panels());
      }
      found.add(some);
      // the best counts are not those of any lottery (or could not be computed, or time ran out):
      // column generation, from the panels found
      double bound = target != null ? target.smallest() : 1;
      return columnGeneration(rules, ilp, found, firstStageOnly, deadline, bound);
    }
  }

  static SelectionError infeasible(PanelRules rules) {
    return new SelectionError("配额无法同时满足：没有任何 " + rules.panelSize + " 人的组合符合全部配额",
        PanelIlp.relaxation(rules));
  }

  /**
   * Column generation: each stage is a linear program over the panels found so far (GLOP), and the
   * panel of greatest dual weight enters while its reduced cost is positive. At a stage's optimum the
   * types whose coverage has a positive dual cannot rise further and are fixed. {@code bound} is the
   * most the least chosen could get, reported if time runs out.
   */
  private static Distribution columnGeneration(PanelRules rules, PanelIlp ilp, List<int[]> found, boolean firstStageOnly,
      long deadline, double bound) {
    Pool pool = rules.pool;
    int n = rules.types();
    List<int[]> panels = new ArrayList<>(found);
    Set<String> seen = new HashSet<>();
    panels.forEach(panel -> seen.add(Arrays.toString(panel)));
    double[] fixed = new double[n];
    Arrays.fill(fixed, -1);
    // starting columns: panels covering as many not-yet-covered types as possible, until none is left
    // that any panel can contain; those are drawn with probability 0
    boolean[] covered = new boolean[n];
    panels.forEach(panel -> {
      for (int t = 0; t < n; t++) {
        covered[t] |= panel[t] > 0;
      }
    });
    while (true) {
      double[] w = new double[n];
      for (int t = 0; t < n; t++) {
        w[t] = covered[t] ? 0 : 1.0 / rules.typeSize[t];
      }
      int[] panel = ilp.best(w);
      if (panel == null) {
        break; // the solver's trouble, not the quotas' (the exact check found a panel): go on with those found
      }
      boolean progress = false;
      for (int t = 0; t < n; t++) {
        if (panel[t] > 0 && !covered[t]) {
          covered[t] = true;
          progress = true;
        }
      }
      if (seen.add(Arrays.toString(panel))) {
        panels.add(panel);
      }
      if (!progress) {
        break;
      }
    }
    for (int t = 0; t < n && System.nanoTime() <= deadline; t++) {
      if (!covered[t]) {
        double[] w = new double[n];
        w[t] = 1;
        int[] panel = ilp.best(w);
        if (panel == null) {
          continue;
        }
        if (panel[t] == 0) {
          fixed[t] = 0; // no panel meeting the quotas contains this type
        } else {
          for (int u = 0; u < n; u++) {
            covered[u] |= panel[u] > 0;
          }
          if (seen.add(Arrays.toString(panel))) {
            panels.add(panel);
          }
        }
      }
    }
    double[] p = null;
    double worst = 0;
    boolean certified = true;
    while (Arrays.stream(fixed).anyMatch(f -> f < 0)) {
      Stage stage;
      while (true) {
        stage = Stage.solve(pool, panels, fixed);
        double[] weights = new double[n];
        for (int t = 0; t < n; t++) {
          weights[t] = -stage.typeDuals[t] / rules.typeSize[t];
        }
        int[] candidate = ilp.best(weights, true);
        if (candidate == null || !ilp.lastOptimal() && System.nanoTime() > deadline) {
          if (System.nanoTime() > deadline) {
            throw new TimeLimit(stage.z, bound, panels.size());
          }
          certified = false;
          break;
        }
        double value = 0;
        for (int t = 0; t < n; t++) {
          value += weights[t] * candidate[t];
        }
        double reduced = value - stage.sumDual;
        if (reduced <= EPS) {
          worst = Math.max(worst, reduced);
          certified &= ilp.lastOptimal();
          break;
        }
        if (!seen.add(Arrays.toString(candidate)) || panels.size() >= MAX_COLUMNS) {
          worst = Math.max(worst, reduced);
          certified = false;
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new TimeLimit(stage.z, bound, panels.size());
        }
        panels.add(candidate);
      }
      p = stage.p;
      boolean any = false;
      int strongest = -1;
      for (int t = 0; t < n; t++) {
        if (fixed[t] < 0) {
          if (strongest < 0 || -stage.typeDuals[t] > -stage.typeDuals[strongest]) {
            strongest = t;
          }
          if (firstStageOnly || -stage.typeDuals[t] > EPS) {
            fixed[t] = stage.z;
            any = true;
          }
        }
      }
      if (!any) {
        fixed[strongest] = stage.z; // numerically flat duals: fix the most binding type and go on
      }
    }
    if (p == null) {
      p = Stage.solve(pool, panels, fixed).p;
    }
    return new Distribution(pool, List.copyOf(panels), p, algorithm(firstStageOnly),
        new Distribution.Certificate("column-generation", Math.max(0, worst), certified && worst <= 1e-6));
  }

  private static String algorithm(boolean firstStageOnly) {
    return firstStageOnly ? "maximin" : "leximin";
  }

  /** One restricted master LP: its optimum z, the panel probabilities, and the duals that price new panels. */
  private record Stage(double z, double[] p, double sumDual, double[] typeDuals) {
    /**
     * A stage whose fixed levels the panels cannot quite meet (the solver's rounding) is solved again
     * with them relaxed by {@link ExpectedCounts#RELAX} in turn.
     */
    static Stage solve(Pool pool, List<int[]> panels, double[] fixed) {
      Stage stage = solve(pool, panels, fixed, EPS);
      for (int i = 0; stage == null && i < ExpectedCounts.RELAX.length; i++) {
        stage = solve(pool, panels, fixed, Math.max(EPS, ExpectedCounts.RELAX[i]) * 10);
      }
      if (stage == null) {
        throw new IllegalStateException("LEXIMIN stage LP failed with every tolerance");
      }
      return stage;
    }

    static Stage solve(Pool pool, List<int[]> panels, double[] fixed, double tolerance) {
      int n = pool.types().size();
      MPSolver lp = MPSolver.createSolver("GLOP");
      try {
        MPVariable z = lp.makeNumVar(0, 1, "z");
        MPVariable[] p = new MPVariable[panels.size()];
        MPConstraint sum = lp.makeConstraint(1, 1, "sum");
        for (int j = 0; j < p.length; j++) {
          p[j] = lp.makeNumVar(0, 1, "p" + j);
          sum.setCoefficient(p[j], 1);
        }
        MPConstraint[] cover = new MPConstraint[n];
        for (int t = 0; t < n; t++) {
          double size = pool.types().get(t).size();
          cover[t] = fixed[t] < 0 ? lp.makeConstraint(0, MPSolver.infinity(), "cover" + t)
              : lp.makeConstraint(Math.max(0, fixed[t] - tolerance), MPSolver.infinity(), "fixed" + t);
          for (int j = 0; j < p.length; j++) {
            if (panels.get(j)[t] > 0) {
              cover[t].setCoefficient(p[j], panels.get(j)[t] / size);
            }
          }
          if (fixed[t] < 0) {
            cover[t].setCoefficient(z, -1);
          }
        }
        lp.objective().setCoefficient(z, 1);
        lp.objective().setMaximization();
        MPSolver.ResultStatus status = lp.solve();
        if (status != MPSolver.ResultStatus.OPTIMAL) {
          return null;
        }
        double[] probabilities = new double[p.length];
        double total = 0;
        for (int j = 0; j < p.length; j++) {
          probabilities[j] = Math.max(0, p[j].solutionValue());
          total += probabilities[j];
        }
        for (int j = 0; j < p.length; j++) {
          probabilities[j] /= total;
        }
        double[] duals = new double[n];
        for (int t = 0; t < n; t++) {
          duals[t] = cover[t].dualValue();
        }
        return new Stage(z.solutionValue(), probabilities, sum.dualValue(), duals);
      } finally {
        lp.delete();
      }
    }
  }
}
