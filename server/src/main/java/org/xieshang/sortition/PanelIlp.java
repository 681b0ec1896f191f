package org.xieshang.sortition;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The panels that meet the quotas, as an integer program over counts per type (SCIP through
 * OR-Tools): x_t members from type t, Σ x_t = k, min ≤ Σ over a feature's types ≤ max for every
 * quota, at most one per household. {@link #best} finds the panel of greatest weight, which is the
 * pricing step of column generation; the model is built once and re-solved with new weights.
 */
final class PanelIlp implements AutoCloseable {
  static {
    Loader.loadNativeLibraries();
  }

  private final Pool pool;
  private final MPSolver solver;
  private final MPVariable[] x;

  PanelIlp(Pool pool, Quotas quotas, int panelSize) {
    this.pool = pool;
    this.solver = MPSolver.createSolver("SCIP");
    // the program is solved again and again with new weights only: presolving it each time redoes the
    // same work (85 ms a call without, 112 ms with, on the 1,700-volunteer instance)
    solver.setSolverSpecificParametersAsString("presolving/maxrounds = 0");
    this.x = counts(solver, pool, panelSize, true);
    quotas.categories().forEach((category, features) -> features.forEach((feature, bounds) ->
        withFeature(solver.makeConstraint(bounds.min(), bounds.max(), Quotas.name(category, feature)), x, pool,
            category, feature)));
  }

  /**
   * The counts per type of a panel (integer or fractional), with the rules every program here shares:
   * k members in all, at most one per household. Quotas are added by each program in its own way.
   */
  private static MPVariable[] counts(MPSolver s, Pool pool, int panelSize, boolean integer) {
    List<Pool.Type> types = pool.types();
    MPVariable[] x = new MPVariable[types.size()];
    MPConstraint size = s.makeConstraint(panelSize, panelSize, "size");
    for (Pool.Type t : types) {
      x[t.index()] = s.makeVar(0, t.size(), integer, "x" + t.index());
      size.setCoefficient(x[t.index()], 1);
    }
    for (List<Integer> members : pool.households().values()) {
      MPConstraint c = s.makeConstraint(0, 1, "household");
      members.forEach(t -> c.setCoefficient(x[t], 1));
    }
    return x;
  }

  /** Counts in {@code c} every type with this feature. */
  private static void withFeature(MPConstraint c, MPVariable[] x, Pool pool, String category, String feature) {
    for (Pool.Type t : pool.types()) {
      if (feature.equals(t.features().get(category))) {
        c.setCoefficient(x[t.index()], 1);
      }
    }
  }

  /** The panel (counts per type) of greatest total weight, or null when no panel meets the quotas. */
  int[] best(double[] weights) {
    MPObjective objective = solver.objective();
    for (int t = 0; t < x.length; t++) {
      objective.setCoefficient(x[t], weights[t]);
    }
    objective.setMaximization();
    MPSolver.ResultStatus status = solver.solve();
    if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
      return null;
    }
    int[] counts = new int[x.length];
    for (int t = 0; t < x.length; t++) {
      counts[t] = (int) Math.round(x[t].solutionValue());
    }
    return counts;
  }

  @Override
  public void close() {
    solver.delete();
  }

  /**
   * An upper bound on the smallest selection probability any lottery over quota-meeting panels can
   * give: the same program with fractional counts (x_t ≥ z · size_t for every type). With the
   * smallest probability a computation reached, it says how far from the best that is.
   */
  static double maximinBound(Pool pool, Quotas quotas, int panelSize) {
    MPSolver s = MPSolver.createSolver("GLOP");
    try {
      MPVariable[] x = counts(s, pool, panelSize, false);
      MPVariable z = s.makeNumVar(0, 1, "z");
      for (Pool.Type t : pool.types()) {
        MPConstraint reach = s.makeConstraint(0, MPSolver.infinity(), "reach" + t.index());
        reach.setCoefficient(x[t.index()], 1);
        reach.setCoefficient(z, -t.size());
      }
      quotas.categories().forEach((category, features) -> features.forEach((feature, bounds) ->
          withFeature(s.makeConstraint(bounds.min(), bounds.max(), Quotas.name(category, feature)), x, pool,
              category, feature)));
      s.objective().setCoefficient(z, 1);
      s.objective().setMaximization();
      return s.solve() == MPSolver.ResultStatus.OPTIMAL ? z.solutionValue() : 0;
    } finally {
      s.delete();
    }
  }

  /**
   * When no panel meets the quotas: the smallest total change of minimums and maximums that would
   * allow one, as readable lines ("性别=女：最少 9 → 5").
   */
  static List<String> relaxation(Pool pool, Quotas quotas, int panelSize) {
    MPSolver s = MPSolver.createSolver("SCIP");
    try {
      MPVariable[] x = counts(s, pool, panelSize, true);
      record Slack(String name, Quotas.Bounds bounds, MPVariable lower, MPVariable upper) {}
      List<Slack> slacks = new ArrayList<>();
      MPObjective objective = s.objective();
      for (Map.Entry<String, Map<String, Quotas.Bounds>> category : quotas.categories().entrySet()) {
        for (Map.Entry<String, Quotas.Bounds> feature : category.getValue().entrySet()) {
          MPVariable lower = s.makeIntVar(0, panelSize, "lower");
          MPVariable upper = s.makeIntVar(0, panelSize, "upper");
          // min - lower <= count  and  count <= max + upper
          MPConstraint atLeast = s.makeConstraint(feature.getValue().min(), MPSolver.infinity());
          MPConstraint atMost = s.makeConstraint(-MPSolver.infinity(), feature.getValue().max());
          withFeature(atLeast, x, pool, category.getKey(), feature.getKey());
          withFeature(atMost, x, pool, category.getKey(), feature.getKey());
          atLeast.setCoefficient(lower, 1);
          atMost.setCoefficient(upper, -1);
          objective.setCoefficient(lower, 1);
          objective.setCoefficient(upper, 1);
          slacks.add(new Slack(Quotas.name(category.getKey(), feature.getKey()), feature.getValue(), lower, upper));
        }
      }
      objective.setMinimization();
      if (s.solve() != MPSolver.ResultStatus.OPTIMAL) {
        return List.of("人数不足：应答者（每户至多一人）少于 " + panelSize + " 人");
      }
      List<String> out = new ArrayList<>();
      for (Slack slack : slacks) {
        long lower = Math.round(slack.lower().solutionValue());
        long upper = Math.round(slack.upper().solutionValue());
        if (lower > 0) {
          out.add(slack.name() + "：最少 " + slack.bounds().min() + " → " + (slack.bounds().min() - lower));
        }
        if (upper > 0) {
          out.add(slack.name() + "：最多 " + slack.bounds().max() + " → " + (slack.bounds().max() + upper));
        }
      }
      return out;
    } finally {
      s.delete();
    }
  }
}
