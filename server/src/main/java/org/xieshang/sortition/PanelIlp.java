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
    List<Pool.Type> types = pool.types();
    x = new MPVariable[types.size()];
    for (Pool.Type t : types) {
      x[t.index()] = solver.makeIntVar(0, t.size(), "x" + t.index());
    }
    MPConstraint size = solver.makeConstraint(panelSize, panelSize, "size");
    for (MPVariable v : x) {
      size.setCoefficient(v, 1);
    }
    quotas.categories().forEach((category, features) -> features.forEach((feature, bounds) -> {
      MPConstraint c = solver.makeConstraint(bounds.min(), bounds.max(), Quotas.name(category, feature));
      for (Pool.Type t : types) {
        if (feature.equals(t.features().get(category))) {
          c.setCoefficient(x[t.index()], 1);
        }
      }
    }));
    for (List<Integer> members : pool.households().values()) {
      MPConstraint c = solver.makeConstraint(0, 1, "household");
      members.forEach(t -> c.setCoefficient(x[t], 1));
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
      List<Pool.Type> types = pool.types();
      MPVariable z = s.makeNumVar(0, 1, "z");
      MPVariable[] x = new MPVariable[types.size()];
      MPConstraint size = s.makeConstraint(panelSize, panelSize, "size");
      for (Pool.Type t : types) {
        x[t.index()] = s.makeNumVar(0, t.size(), "x" + t.index());
        size.setCoefficient(x[t.index()], 1);
        MPConstraint reach = s.makeConstraint(0, MPSolver.infinity(), "reach" + t.index());
        reach.setCoefficient(x[t.index()], 1);
        reach.setCoefficient(z, -t.size());
      }
      quotas.categories().forEach((category, features) -> features.forEach((feature, bounds) -> {
        MPConstraint c = s.makeConstraint(bounds.min(), bounds.max(), Quotas.name(category, feature));
        for (Pool.Type t : types) {
          if (feature.equals(t.features().get(category))) {
            c.setCoefficient(x[t.index()], 1);
          }
        }
      }));
      for (List<Integer> members : pool.households().values()) {
        MPConstraint c = s.makeConstraint(0, 1, "household");
        members.forEach(t -> c.setCoefficient(x[t], 1));
      }
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
      List<Pool.Type> types = pool.types();
      MPVariable[] x = new MPVariable[types.size()];
      for (Pool.Type t : types) {
        x[t.index()] = s.makeIntVar(0, t.size(), "x" + t.index());
      }
      MPConstraint size = s.makeConstraint(panelSize, panelSize, "size");
      for (MPVariable v : x) {
        size.setCoefficient(v, 1);
      }
      for (List<Integer> members : pool.households().values()) {
        MPConstraint c = s.makeConstraint(0, 1, "household");
        members.forEach(t -> c.setCoefficient(x[t], 1));
      }
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
          for (Pool.Type t : types) {
            if (feature.getKey().equals(t.features().get(category.getKey()))) {
              atLeast.setCoefficient(x[t.index()], 1);
              atMost.setCoefficient(x[t.index()], 1);
            }
          }
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
