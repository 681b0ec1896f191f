package org.xieshang.sortition;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

/**
 * LEXIMIN over the expected counts a lottery could give each type, with the panels' rules relaxed to
 * fractional counts: maximise the smallest probability z (count ≥ z × type size for every type), fix
 * the types that cannot rise above it, and go on with the rest.
 *
 * Every lottery's expected counts meet the relaxed rules, so no lottery is better in the leximin order
 * than these counts; when {@link PanelDecomposition} writes them as a lottery, that lottery is LEXIMIN
 * itself. The programs have one variable per type and are solved in milliseconds, where column
 * generation needs one integer program for every panel it adds.
 */
final class ExpectedCounts {
  /** A type whose coverage row has a dual value above this cannot rise in any optimum of the stage. */
  private static final double BINDING = 1e-7;
  /** How far below its probability a fixed type may fall, for the solver's rounding. */
  private static final double SLACK = 1e-9;
  /**
   * When a stage cannot meet the levels fixed before it (seen on 1,700-volunteer pools: GLOP answered
   * INFEASIBLE at a later stage for a level it had itself reached), the fixed probabilities are relaxed
   * by these in turn and the stage solved again; past the last, the caller falls back to column
   * generation. Never a reason to call the quotas impossible.
   */
  static final double[] RELAX = {1e-8, 1e-7, 1e-6};

  private ExpectedCounts() {}

  /**
   * The counts per type, and the smallest probability they give: the most any lottery can give its
   * least chosen member (the first stage's z), which says how far a computation that ran out of time got.
   */
  record Result(double[] counts, double smallest) {}

  /** LEXIMIN counts, or after the first stage only (MAXIMIN) when {@code firstStageOnly}. */
  static Result leximin(PanelRules rules, boolean firstStageOnly) {
    int n = rules.types();
    MPSolver lp = MPSolver.createSolver("GLOP");
    try {
      MPVariable[] x = rules.model(lp, false).x();
      MPVariable z = lp.makeNumVar(0, 1, "z");
      MPConstraint[] cover = new MPConstraint[n];
      for (int t = 0; t < n; t++) {
        cover[t] = lp.makeConstraint(0, MPSolver.infinity(), "cover" + t);
        cover[t].setCoefficient(x[t], 1);
        cover[t].setCoefficient(z, -rules.typeSize[t]);
      }
      lp.objective().setCoefficient(z, 1);
      lp.objective().setMaximization();
      boolean[] fixed = new boolean[n];
      int open = n;
      double[] counts = new double[n];
      double smallest = -1;
      double[] fixedAt = new double[n];
      int relaxed = 0;
      while (open > 0) {
        if (lp.solve() != MPSolver.ResultStatus.OPTIMAL) {
          if (smallest < 0 || relaxed == RELAX.length) {
            return null; // numerical trouble (the exact check has found a panel): column generation instead
          }
          for (int t = 0; t < n; t++) {
            if (fixed[t]) {
              cover[t].setBounds(Math.max(0, (fixedAt[t] - RELAX[relaxed]) * rules.typeSize[t]), MPSolver.infinity());
            }
          }
          relaxed++;
          continue;
        }
        double level = z.solutionValue();
        smallest = smallest < 0 ? level : smallest;
        double[] duals = new double[n];
        for (int t = 0; t < n; t++) {
          counts[t] = x[t].solutionValue();
          duals[t] = Math.abs(cover[t].dualValue());
        }
        if (firstStageOnly) {
          break;
        }
        int strongest = -1;
        int fixedNow = 0;
        for (int t = 0; t < n; t++) {
          if (!fixed[t]) {
            strongest = strongest < 0 || duals[t] > duals[strongest] ? t : strongest;
            if (duals[t] > BINDING) {
              fixedAt[t] = level;
              fix(cover[t], z, rules.typeSize[t] * (level - (relaxed == 0 ? 0 : RELAX[relaxed - 1])));
              fixed[t] = true;
              fixedNow++;
            }
          }
        }
        if (fixedNow == 0) { // numerically flat duals: fix the most binding type and go on
          fixedAt[strongest] = level;
          fix(cover[strongest], z, rules.typeSize[strongest] * (level - (relaxed == 0 ? 0 : RELAX[relaxed - 1])));
          fixed[strongest] = true;
          fixedNow = 1;
        }
        open -= fixedNow;
      }
      return new Result(counts, smallest);
    } finally {
      lp.delete();
    }
  }

  private static void fix(MPConstraint cover, MPVariable z, double count) {
    cover.setCoefficient(z, 0);
    cover.setBounds(Math.max(0, count - SLACK), MPSolver.infinity());
  }
}
