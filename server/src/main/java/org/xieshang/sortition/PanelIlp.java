package org.xieshang.sortition;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.List;

/**
 * The panels that meet the quotas, as an integer program over counts per type (SCIP through
 * OR-Tools), with the constraints of {@link PanelRules}. {@link #best} finds the panel of greatest
 * weight, the pricing step of column generation; {@link #bestOnFace} does the same among the panels
 * that meet some of the rules with equality, the step of {@link PanelDecomposition}. The model is
 * built once and re-solved with new weights and bounds.
 */
final class PanelIlp implements AutoCloseable {
  private final PanelRules rules;
  private MPSolver solver;
  private PanelRules.Model model;
  /** Whether the last {@link #best} was solved to optimality (a pricing step's certificate needs it). */
  private boolean optimal;

  /** After this (System.nanoTime), SCIP stops where it is: the caller's time limit. */
  private long deadline = Long.MAX_VALUE;

  PanelIlp(PanelRules rules) {
    this.rules = rules;
    build();
  }

  void until(long deadline) {
    this.deadline = deadline;
  }

  /** SCIP's time limit for the caller's deadline, as a parameter line ("" when there is none). */
  private String timeLimit() {
    if (deadline == Long.MAX_VALUE) {
      return "";
    }
    return "limits/time = " + Math.max(0.05, (deadline - System.nanoTime()) / 1e9) + "\n";
  }

  private static final String PARAMETERS = "presolving/maxrounds = 0\n";
  /** Pricing that certifies a stage: the gap closed to 1e-6 (SCIP's default stops at 1e-4). */
  private static final String EXACT = PARAMETERS + "limits/gap = 1e-6\n";

  private void build() {
    solver = MPSolver.createSolver("SCIP");
    // the program is solved again and again with new weights only: presolving it each time redoes the
    // same work (85 ms a call without, 112 ms with, on the 1,700-volunteer instance)
    solver.setSolverSpecificParametersAsString(PARAMETERS);
    model = rules.model(solver, true);
  }

  /**
   * The exact feasibility check, the only place that may declare the quotas impossible: a panel that
   * meets every quota and the household rule, or null when SCIP proves there is none. A status that is
   * neither (numerical trouble) is solved again from scratch with presolve; if that fails too, it is an
   * error of the solver, not an answer about the quotas.
   */
  int[] feasible() {
    double[] zero = new double[rules.types()];
    for (int attempt = 0; attempt < 2; attempt++) {
      MPSolver s = MPSolver.createSolver("SCIP");
      try {
        PanelRules.Model m = rules.model(s, true);
        s.objective().setMaximization();
        MPSolver.ResultStatus status = s.solve();
        if (status == MPSolver.ResultStatus.INFEASIBLE) {
          return null;
        }
        if (status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE) {
          return counts(m.x());
        }
      } finally {
        s.delete();
      }
    }
    throw new IllegalStateException("SCIP could not decide whether a panel meets the quotas");
  }

  /**
   * The panel (counts per type) of greatest total weight, or null when none is found. An abnormal
   * status (SCIP keeps state between solves, and has refused a bound it had itself tightened) is
   * answered by building the program again once.
   */
  int[] best(double[] weights) {
    return best(weights, false);
  }

  /** As {@link #best}; {@code exact} closes the gap, as a stage's certificate needs. */
  int[] best(double[] weights, boolean exact) {
    for (int attempt = 0; attempt < 2; attempt++) {
      solver.setSolverSpecificParametersAsString((exact ? EXACT : PARAMETERS) + timeLimit());
      MPVariable[] x = model.x();
      MPObjective objective = solver.objective();
      for (int t = 0; t < x.length; t++) {
        objective.setCoefficient(x[t], weights[t]);
      }
      objective.setMaximization();
      MPSolver.ResultStatus status = solver.solve();
      optimal = status == MPSolver.ResultStatus.OPTIMAL;
      if (status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE) {
        return counts(x);
      }
      if (status == MPSolver.ResultStatus.INFEASIBLE || System.nanoTime() > deadline) {
        return null; // proven empty, or the caller's time is up
      }
      solver.delete();
      build();
    }
    return null;
  }

  boolean lastOptimal() {
    return optimal;
  }

  private static int[] counts(MPVariable[] x) {
    int[] counts = new int[x.length];
    for (int t = 0; t < x.length; t++) {
      counts[t] = (int) Math.round(x[t].solutionValue());
    }
    return counts;
  }

  /**
   * A panel within the face's bounds, of large weight, or null when none is found. A program of its
   * own with only the types the face leaves free (those it fixes are counted into the quotas'
   * bounds), presolved, stopped at a 5 % gap: any panel on the face is a correct step, the weight only
   * makes steps long. (Changing the bounds of the pricing program instead cost 1.4 s a face and once
   * left SCIP refusing its own bounds.)
   */
  int[] bestOnFace(double[] weights, PanelDecomposition.Face face) {
    int n = rules.types();
    int[] fixedCount = new int[n];
    int[] quotaMin = face.quotaMin().clone();
    int[] quotaMax = face.quotaMax().clone();
    int size = rules.panelSize;
    boolean[] householdTaken = new boolean[rules.households.size()];
    for (int t = 0; t < n; t++) {
      if (face.typeMin()[t] == face.typeMax()[t] && face.typeMax()[t] > 0) {
        fixedCount[t] = face.typeMax()[t];
        size -= fixedCount[t];
        for (int q : rules.quotasOfType[t]) {
          quotaMin[q] -= fixedCount[t];
          quotaMax[q] -= fixedCount[t];
        }
        int h = rules.householdOfType[t];
        if (h >= 0) {
          householdTaken[h] = true;
        }
      }
    }
    if (size < 0) {
      return null;
    }
    MPSolver s = MPSolver.createSolver("SCIP");
    try {
      s.setSolverSpecificParametersAsString("limits/gap = 0.05\n" + timeLimit());
      MPVariable[] x = new MPVariable[n];
      MPConstraint total = s.makeConstraint(size, size, "size");
      for (int t = 0; t < n; t++) {
        int h = rules.householdOfType[t];
        boolean free = face.typeMin()[t] < face.typeMax()[t] && (h < 0 || !householdTaken[h]);
        if (free) {
          x[t] = s.makeIntVar(face.typeMin()[t], face.typeMax()[t], "x" + t);
          total.setCoefficient(x[t], 1);
          s.objective().setCoefficient(x[t], weights[t]);
        }
      }
      for (int q = 0; q < quotaMin.length; q++) {
        MPConstraint c = s.makeConstraint(quotaMin[q], quotaMax[q], "q" + q);
        for (int t : rules.quotas.get(q).types()) {
          if (x[t] != null) {
            c.setCoefficient(x[t], 1);
          }
        }
      }
      for (int h = 0; h < householdTaken.length; h++) {
        if (!householdTaken[h]) {
          MPConstraint c = s.makeConstraint(face.householdMin()[h], 1, "h" + h);
          for (int t : rules.households.get(h)) {
            if (x[t] != null) {
              c.setCoefficient(x[t], 1);
            }
          }
        }
      }
      s.objective().setMaximization();
      MPSolver.ResultStatus status = s.solve();
      if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
        return null;
      }
      int[] panel = fixedCount.clone();
      for (int t = 0; t < n; t++) {
        if (x[t] != null) {
          panel[t] = (int) Math.round(x[t].solutionValue());
        }
      }
      return panel;
    } finally {
      s.delete();
    }
  }

  @Override
  public void close() {
    solver.delete();
  }

  /**
   * When no panel meets the quotas: the smallest total change of minimums and maximums that would
   * allow one, as readable lines ("性别=女：最少 9 → 5").
   */
  static List<String> relaxation(PanelRules rules) {
    MPSolver s = MPSolver.createSolver("SCIP");
    try {
      PanelRules.Model model = rules.model(s, true);
      record Slack(PanelRules.Quota quota, MPVariable lower, MPVariable upper) {}
      List<Slack> slacks = new ArrayList<>();
      MPObjective objective = s.objective();
      for (int q = 0; q < rules.quotas.size(); q++) {
        PanelRules.Quota quota = rules.quotas.get(q);
        MPVariable lower = s.makeIntVar(0, rules.panelSize, "lower");
        MPVariable upper = s.makeIntVar(0, rules.panelSize, "upper");
        // min - lower <= count <= max + upper
        MPConstraint bounds = model.quota()[q];
        bounds.setBounds(-MPSolver.infinity(), quota.max());
        bounds.setCoefficient(upper, -1);
        MPConstraint atLeast = s.makeConstraint(quota.min(), MPSolver.infinity());
        for (int t : quota.types()) {
          atLeast.setCoefficient(model.x()[t], 1);
        }
        atLeast.setCoefficient(lower, 1);
        objective.setCoefficient(lower, 1);
        objective.setCoefficient(upper, 1);
        slacks.add(new Slack(quota, lower, upper));
      }
      objective.setMinimization();
      if (s.solve() != MPSolver.ResultStatus.OPTIMAL) {
        return List.of("人数不足：应答者（每户至多一人）少于 " + rules.panelSize + " 人");
      }
      List<String> out = new ArrayList<>();
      for (Slack slack : slacks) {
        long lower = Math.round(slack.lower().solutionValue());
        long upper = Math.round(slack.upper().solutionValue());
        if (lower > 0) {
          out.add(slack.quota().name() + "：最少 " + slack.quota().min() + " → " + (slack.quota().min() - lower));
        }
        if (upper > 0) {
          out.add(slack.quota().name() + "：最多 " + slack.quota().max() + " → " + (slack.quota().max() + upper));
        }
      }
      return out;
    } finally {
      s.delete();
    }
  }
}
