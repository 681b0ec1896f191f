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
  private final MPSolver solver;
  private final PanelRules.Model model;

  PanelIlp(PanelRules rules) {
    this.rules = rules;
    this.solver = MPSolver.createSolver("SCIP");
    // the program is solved again and again with new weights only: presolving it each time redoes the
    // same work (85 ms a call without, 112 ms with, on the 1,700-volunteer instance)
    solver.setSolverSpecificParametersAsString("presolving/maxrounds = 0");
    this.model = rules.model(solver, true);
  }

  /** The panel (counts per type) of greatest total weight, or null when no panel meets the quotas. */
  int[] best(double[] weights) {
    MPVariable[] x = model.x();
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

  /** As {@link #best}, among the panels within the face's bounds; the rules' own bounds are restored after. */
  int[] bestOnFace(double[] weights, PanelDecomposition.Face face) {
    MPVariable[] x = model.x();
    for (int t = 0; t < x.length; t++) {
      x[t].setBounds(face.typeMin()[t], face.typeMax()[t]);
    }
    for (int q = 0; q < model.quota().length; q++) {
      model.quota()[q].setBounds(face.quotaMin()[q], face.quotaMax()[q]);
    }
    for (int h = 0; h < model.household().length; h++) {
      model.household()[h].setBounds(face.householdMin()[h], 1);
    }
    try {
      return best(weights);
    } finally {
      for (int t = 0; t < x.length; t++) {
        x[t].setBounds(0, rules.typeSize[t]);
      }
      for (int q = 0; q < model.quota().length; q++) {
        model.quota()[q].setBounds(rules.quotas.get(q).min(), rules.quotas.get(q).max());
      }
      for (MPConstraint household : model.household()) {
        household.setBounds(0, 1);
      }
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
