package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NASH selection (the Nash welfare of Flanigan et al., Nature 2021, and of the Sortition Foundation's
 * library): among all lotteries over quota-meeting panels (households respected), the one that
 * maximises the product of everyone's selection probabilities, that is the sum of their logarithms.
 *
 * The objective is concave in the expected counts per type c (f(c) = Σ_t size_t · log(c_t / size_t)),
 * and the counts of lotteries are the convex hull of the panels, so this is Frank–Wolfe over that hull,
 * which is column generation: the gradient g_t = size_t / c_t weights the types, and the panel of
 * greatest weight (the exact integer program of {@link PanelIlp}, SCIP) is the step's direction. Its
 * value also bounds the distance to the optimum: for concave f, f* − f(c) ≤ g·(a* − c) = g·a* − N
 * (g·c = N, the respondents counted), the Frank–Wolfe duality gap; the lottery is done when that gap is
 * at most {@link #GAP} × N, i.e. the geometric mean of the probabilities is within a factor
 * e^GAP of the best any lottery gives.
 *
 * It starts from the LEXIMIN lottery, whose panels cover every type any panel can contain (a type no
 * panel contains has probability 0 in every lottery and is left out of the product). After each step
 * the probabilities of the panels found are re-optimised by the EM (multiplicative) update for
 * mixture weights, p_j ← p_j · (g·a_j) / N, which never lowers the objective and keeps p ≥ 0 and
 * Σ p = 1; the step itself is an exact line search towards the priced panel. Every iterate is a lottery.
 */
public final class Nash {
  /** Done when the sum of logs is provably within GAP × (respondents counted) of the optimum. */
  static final double GAP = 1e-3;
  static final int MAX_ROUNDS = 2_000;
  private static final int EM_ITERATIONS = 300;
  /** A type below this probability under LEXIMIN is one no panel contains. */
  private static final double ZERO = 1e-9;

  private Nash() {}

  public static Distribution nash(Pool pool, Quotas quotas, int panelSize) {
    return solve(pool, quotas, panelSize, Long.MAX_VALUE);
  }

  /** As {@link #nash}; when time runs out the lottery reached so far is given, its certificate uncertified. */
  public static Distribution within(Pool pool, Quotas quotas, int panelSize, double seconds) {
    return solve(pool, quotas, panelSize, System.nanoTime() + (long) (seconds * 1e9));
  }

  /**
   * The sum over respondents of the logarithm of their selection probability (−∞ if someone has none);
   * the quantity NASH maximises.
   */
  public static double objective(Distribution d) {
    return d.byRespondent().values().stream().mapToDouble(Math::log).sum();
  }

  static Distribution solve(Pool pool, Quotas quotas, int panelSize, long deadline) {
    // infeasible quotas and a LEXIMIN that runs out of time end here as they do for LEXIMIN
    Distribution start = Leximin.solve(pool, quotas, panelSize, false, deadline);
    PanelRules rules = new PanelRules(pool, quotas, panelSize);
    int n = rules.types();
    double[] size = Arrays.stream(rules.typeSize).asDoubleStream().toArray();
    List<Sparse> panels = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < start.panels().size(); j++) {
      if (start.probabilities()[j] > 0) {
        Integer at = seen.putIfAbsent(Arrays.toString(start.panels().get(j)), panels.size());
        if (at == null) {
          panels.add(new Sparse(start.panels().get(j)));
          weights.add(start.probabilities()[j]);
        } else {
          weights.set(at, weights.get(at) + start.probabilities()[j]);
        }
      }
    }
    double[] p = weights.stream().mapToDouble(Double::doubleValue).toArray();
    double[] c = counts(panels, p, n);
    boolean[] counted = new boolean[n];
    double total = 0;
    for (int t = 0; t < n; t++) {
      counted[t] = c[t] / size[t] > ZERO;
      total += counted[t] ? size[t] : 0;
    }
    double gap = Double.POSITIVE_INFINITY;
    boolean certified = false;
    try (PanelIlp ilp = new PanelIlp(rules)) {
      ilp.until(deadline);
      for (int round = 0; round < MAX_ROUNDS; round++) {
        p = em(panels, p, size, counted, total);
        c = counts(panels, p, n);
        double[] g = gradient(c, size, counted);
        // SCIP's default gap for a step (any ascent direction will do); the exact program only to
        // certify, when the quick one finds no panel that gains more than the tolerance
        int[] best = ilp.best(g, false);
        if (best != null && value(g, best) - total <= GAP * total) {
          best = ilp.best(g, true);
        }
        if (best == null) {
          break; // time is up, or the solver's trouble: the lottery so far, uncertified
        }
        gap = value(g, best) - total;
        if (gap <= GAP * total) {
          certified = ilp.lastOptimal();
          break;
        }
        if (System.nanoTime() > deadline) {
          break;
        }
        Integer at = seen.putIfAbsent(Arrays.toString(best), panels.size());
        if (at == null) {
          at = panels.size();
          panels.add(new Sparse(best));
          p = Arrays.copyOf(p, p.length + 1);
        }
        double step = lineSearch(c, best, size, counted);
        for (int j = 0; j < p.length; j++) {
          p[j] *= 1 - step;
        }
        p[at] += step;
      }
    }
    List<int[]> out = new ArrayList<>();
    List<Double> probabilities = new ArrayList<>();
    double mass = 0;
    for (int j = 0; j < p.length; j++) {
      if (p[j] > 1e-12) {
        out.add(panels.get(j).dense(n));
        probabilities.add(p[j]);
        mass += p[j];
      }
    }
    double sum = mass;
    return new Distribution(pool, List.copyOf(out), probabilities.stream().mapToDouble(v -> v / sum).toArray(), "nash",
        new Distribution.Certificate("frank-wolfe", Math.max(0, gap) / Math.max(1, total), certified));
  }

  private static double value(double[] g, int[] panel) {
    double v = 0;
    for (int t = 0; t < panel.length; t++) {
      v += g[t] * panel[t];
    }
    return v;
  }

  /** A panel's nonzero counts: panels seat k of hundreds of types. */
  private record Sparse(int[] types, int[] counts) {
    Sparse(int[] panel) {
      this(nonzero(panel), Arrays.stream(panel).filter(v -> v != 0).toArray());
    }

    private static int[] nonzero(int[] panel) {
      return java.util.stream.IntStream.range(0, panel.length).filter(t -> panel[t] != 0).toArray();
    }

    double dot(double[] g) {
      double v = 0;
      for (int i = 0; i < types.length; i++) {
        v += g[types[i]] * counts[i];
      }
      return v;
    }

    int[] dense(int n) {
      int[] out = new int[n];
      for (int i = 0; i < types.length; i++) {
        out[types[i]] = counts[i];
      }
      return out;
    }
  }

  private static double[] counts(List<Sparse> panels, double[] p, int n) {
    double[] c = new double[n];
    for (int j = 0; j < p.length; j++) {
      Sparse s = panels.get(j);
      for (int i = 0; i < s.types.length; i++) {
        c[s.types[i]] += p[j] * s.counts[i];
      }
    }
    return c;
  }

  /** ∂f/∂c_t = size_t / c_t for the types counted, 0 for the others. */
  private static double[] gradient(double[] c, double[] size, boolean[] counted) {
    double[] g = new double[c.length];
    for (int t = 0; t < c.length; t++) {
      g[t] = counted[t] ? size[t] / c[t] : 0;
    }
    return g;
  }

  /**
   * The EM update for mixture weights, p_j ← p_j · (g·a_j) / N: the objective never falls, p stays a
   * probability vector (Σ_j p_j g·a_j = g·c = N). Stops early when no panel found has g·a_j above N by
   * more than a tenth of the tolerance (the panels' mix is then optimal to that tolerance).
   */
  private static double[] em(List<Sparse> panels, double[] p, double[] size, boolean[] counted, double total) {
    int n = size.length;
    double[] q = p.clone();
    for (int iteration = 0; iteration < EM_ITERATIONS; iteration++) {
      double[] g = gradient(counts(panels, q, n), size, counted);
      double worst = 0;
      double[] next = new double[q.length];
      double sum = 0;
      for (int j = 0; j < q.length; j++) {
        double d = panels.get(j).dot(g);
        if (q[j] > 0) {
          worst = Math.max(worst, d - total);
        }
        next[j] = q[j] * d / total;
        sum += next[j];
      }
      if (worst <= GAP * total / 10) {
        break;
      }
      for (int j = 0; j < next.length; j++) {
        next[j] /= sum;
      }
      q = next;
    }
    return q;
  }

  /**
   * The best γ in [0, 1) for c + γ(a − c): the derivative Σ size_t (a_t − c_t) / (c_t + γ(a_t − c_t)) is
   * decreasing (f is concave), positive at 0 (a is an ascent direction), so bisection finds its zero.
   */
  private static double lineSearch(double[] c, int[] a, double[] size, boolean[] counted) {
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      double derivative = 0;
      for (int t = 0; t < c.length; t++) {
        if (counted[t] && a[t] != c[t]) {
          double at = c[t] + mid * (a[t] - c[t]);
          derivative += at <= 0 ? Double.NEGATIVE_INFINITY : size[t] * (a[t] - c[t]) / at;
        }
      }
      if (derivative > 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
