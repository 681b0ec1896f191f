package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks an answer of the selection against the rules, independently of how it was computed: every
 * panel of the lottery meets every quota and the household rule, the probabilities add up to one (so
 * everyone's chances add up to the panel size), and a LEXIMIN carries a proof of optimality.
 */
final class SelectionCheck {
  private SelectionCheck() {}

  /** What is wrong with the lottery, one line each; empty when nothing is. */
  static List<String> problems(PoolFamily.Instance in, Distribution d, boolean leximin) {
    List<String> out = new ArrayList<>();
    PanelRules rules = new PanelRules(d.pool(), in.quotas(), in.panelSize());
    double total = 0;
    for (int j = 0; j < d.panels().size(); j++) {
      int[] panel = d.panels().get(j);
      double p = d.probabilities()[j];
      if (p < -1e-12) {
        out.add("panel " + j + " has probability " + p);
      }
      total += p;
      if (p <= 1e-12) {
        continue;
      }
      if (Arrays.stream(panel).sum() != in.panelSize()) {
        out.add("panel " + j + " has " + Arrays.stream(panel).sum() + " members");
      }
      for (int t = 0; t < panel.length; t++) {
        if (panel[t] < 0 || panel[t] > rules.typeSize[t]) {
          out.add("panel " + j + " takes " + panel[t] + " of type " + t + " of " + rules.typeSize[t]);
        }
      }
      for (PanelRules.Quota q : rules.quotas) {
        int count = Arrays.stream(q.types()).map(t -> panel[t]).sum();
        if (count < q.min() || count > q.max()) {
          out.add("panel " + j + ": " + q.name() + " " + count + " not in " + q.min() + "–" + q.max());
        }
      }
      for (int[] h : rules.households) {
        if (Arrays.stream(h).map(t -> panel[t]).sum() > 1) {
          out.add("panel " + j + " seats two of one household");
        }
      }
    }
    if (Math.abs(total - 1) > 1e-6) {
      out.add("the panels' probabilities add up to " + total);
    }
    double chances = d.byRespondent().values().stream().mapToDouble(Double::doubleValue).sum();
    if (Math.abs(chances - in.panelSize()) > 1e-4) {
      out.add("everyone's chances add up to " + chances + ", not " + in.panelSize());
    }
    if (leximin) {
      Distribution.Certificate c = d.certificate();
      if (c == null || !c.certified()) {
        out.add("LEXIMIN without a proof: " + c);
      } else if (c.method().equals("bound")) {
        double off = fromBound(d, in);
        if (off > 1e-6) {
          out.add("LEXIMIN " + off + " from its fractional bound");
        }
      }
    }
    return out;
  }

  /**
   * NASH's objective for {@code d}: the sum of the logs of the chances, over those {@code support} gives
   * a chance (NASH leaves out those no panel can seat); −∞ when {@code d} gives one of them none.
   */
  static double sumOfLogs(Distribution d, Distribution support) {
    Map<String, Double> p = d.byRespondent();
    return support.byRespondent().entrySet().stream().filter(e -> e.getValue() > 1e-9)
        .mapToDouble(e -> Math.log(p.get(e.getKey()))).sum();
  }

  /** The largest difference between everyone's chance, sorted, and the fractional LEXIMIN's, sorted. */
  static double fromBound(Distribution d, PoolFamily.Instance in) {
    double[] got = d.byRespondent().values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] best = Leximin.bound(d.pool(), in.quotas(), in.panelSize()).values().stream().mapToDouble(Double::doubleValue)
        .sorted().toArray();
    double off = 0;
    for (int i = 0; i < got.length; i++) {
      off = Math.max(off, Math.abs(got[i] - best[i]));
    }
    return off;
  }

  /** The exact check, independently of the selection: a panel meeting every quota and the household rule exists. */
  static boolean feasible(PoolFamily.Instance in) {
    Pool pool = Pool.of(in.respondents(), in.quotas());
    try (PanelIlp ilp = new PanelIlp(new PanelRules(pool, in.quotas(), in.panelSize()))) {
      return ilp.feasible() != null;
    }
  }
}
