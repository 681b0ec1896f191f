package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pools generated independently of the ones the algorithms were tuned on (issue 23). {@link #county}
 * is the family in which LEXIMIN refused feasible quotas: 1,700 volunteers, 7 categories, quotas at
 * census shares ± 15 %, volunteers skewed towards the engaged, about 12 % in two-person households,
 * panel 110. A pool is a function of its seed.
 */
final class PoolFamily {
  private PoolFamily() {}

  /** A pool, its quotas and the panel size. */
  record Instance(String shape, List<Respondent> respondents, Quotas quotas, int panelSize) {}

  static final String[] CATEGORIES = {"county", "gender", "age", "education", "sector", "area", "view"};
  /** Census shares per category (six counties, two genders, five age bands, …). */
  static final double[][] CENSUS = {{0.26, 0.2, 0.17, 0.15, 0.12, 0.1}, {0.49, 0.51}, {0.14, 0.22, 0.26, 0.22, 0.16},
      {0.32, 0.34, 0.2, 0.14}, {0.3, 0.22, 0.18, 0.17, 0.13}, {0.42, 0.58}, {0.38, 0.37, 0.25}};
  /**
   * How much each value draws the engaged (positive) or the disengaged: older, more educated, urban,
   * public-sector and opinionated volunteers come forward more often.
   */
  static final double[][] ENGAGEMENT = {{0.2, 0, 0, -0.1, -0.2, -0.3}, {-0.1, 0.1}, {-0.6, -0.3, 0, 0.3, 0.5},
      {-0.7, -0.2, 0.4, 0.9}, {0.6, 0.2, 0, -0.3, -0.5}, {0.5, -0.5}, {0.4, -0.3, 0.5}};

  /** The family: 1,700 volunteers, panel 110, quotas at census shares ± 15 % (of each share). */
  static Instance county(long seed) {
    Random random = new Random(seed);
    List<Respondent> pool = new ArrayList<>();
    int households = 0;
    while (pool.size() < 1700) {
      double engaged = 1 + 0.5 * random.nextGaussian();
      Map<String, String> f = person(random, engaged);
      if (random.nextDouble() < 0.064 && pool.size() < 1699) { // ≈ 12 % of people in two-person households
        String key = "h" + households++;
        pool.add(new Respondent("v" + pool.size(), f, key));
        Map<String, String> g = person(random, engaged + 0.3 * random.nextGaussian());
        g.put("county", f.get("county"));
        g.put("area", f.get("area"));
        if (random.nextDouble() < 0.6) {
          g.put("view", f.get("view"));
        }
        if (random.nextDouble() < 0.8) {
          g.put("gender", f.get("gender").equals("gender0") ? "gender1" : "gender0");
        }
        pool.add(new Respondent("v" + pool.size(), g, key));
      } else {
        pool.add(new Respondent("v" + pool.size(), f, null));
      }
    }
    return new Instance("county", pool, censusQuotas(110, 0.15), 110);
  }

  static Map<String, String> person(Random random, double engaged) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int c = 0; c < CATEGORIES.length; c++) {
      double[] w = new double[CENSUS[c].length];
      double total = 0;
      for (int v = 0; v < w.length; v++) {
        w[v] = CENSUS[c][v] * Math.exp(engaged * ENGAGEMENT[c][v]);
        total += w[v];
      }
      double u = random.nextDouble() * total;
      int v = 0;
      while (v < w.length - 1 && u > w[v]) {
        u -= w[v++];
      }
      f.put(CATEGORIES[c], CATEGORIES[c] + v);
    }
    return f;
  }

  /** min = ⌊share·(1 − tol)·k⌋, max = ⌈share·(1 + tol)·k⌉. */
  static Quotas censusQuotas(int k, double tolerance) {
    Map<String, Map<String, Quotas.Bounds>> c = new LinkedHashMap<>();
    for (int i = 0; i < CATEGORIES.length; i++) {
      Map<String, Quotas.Bounds> values = new LinkedHashMap<>();
      for (int v = 0; v < CENSUS[i].length; v++) {
        double share = CENSUS[i][v];
        values.put(CATEGORIES[i] + v, new Quotas.Bounds((int) Math.floor(share * (1 - tolerance) * k),
            (int) Math.ceil(share * (1 + tolerance) * k)));
      }
      c.put(CATEGORIES[i], values);
    }
    return new Quotas(c);
  }
}
