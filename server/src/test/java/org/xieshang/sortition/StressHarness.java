package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Issue 23's stress harness (scripts/bench sortition --random P [--seed S], and a small run in
 * StressHarnessTest): P pools from a broad family — 100 to 5,000 volunteers, 2 to 8 categories of 2 to
 * 6 values, uniform, skewed or correlated attributes, 0–30 % in households of 2 to 4, tight or loose
 * quotas (some impossible on purpose), panel 10–250 — each answered by LEXIMIN, MAXIMIN, NASH and
 * DIVERSIMAX and every answer checked ({@link SelectionCheck}): feasibility agrees with the exact
 * check, every panel meets every rule, the probabilities add up, each LEXIMIN carries its proof, each
 * NASH's sum of logs is at least LEXIMIN's and MAXIMIN's, each DIVERSIMAX is one panel.
 */
public final class StressHarness {
  private StressHarness() {}

  /** The family's limits: the everyday test's run keeps to small pools. */
  record Family(int minPool, int maxPool, int maxCategories, int maxPanel) {
    static final Family BROAD = new Family(100, 5000, 8, 250);
    static final Family SMALL = new Family(100, 400, 5, 40);
  }

  /** One pool of the family; the shape names its size class, categories and households. */
  static PoolFamily.Instance generate(Random random, Family family) {
    int n = (int) Math.round(Math.exp(Math.log(family.minPool()) + random.nextDouble()
        * (Math.log(family.maxPool()) - Math.log(family.minPool()))));
    int categories = 2 + random.nextInt(family.maxCategories() - 1);
    int[] values = new int[categories];
    for (int c = 0; c < categories; c++) {
      values[c] = 2 + random.nextInt(5);
    }
    String mode = new String[]{"uniform", "skewed", "correlated"}[random.nextInt(3)];
    double inHouseholds = random.nextInt(4) == 0 ? 0 : 0.3 * random.nextDouble();
    // the population's shares, and the pool's (skewed away from them unless uniform)
    double[][] census = new double[categories][];
    double[][] poolShares = new double[categories][];
    for (int c = 0; c < categories; c++) {
      census[c] = shares(random, values[c], 0.5);
      poolShares[c] = mode.equals("uniform") ? census[c].clone() : tilt(random, census[c], 1.2);
    }
    List<Respondent> pool = new ArrayList<>();
    int household = 0;
    while (pool.size() < n) {
      double latent = random.nextGaussian();
      if (random.nextDouble() < inHouseholds / 3 && pool.size() + 2 <= n) {
        int size = Math.min(n - pool.size(), 2 + random.nextInt(3));
        String key = "h" + household++;
        Map<String, String> first = person(random, poolShares, mode, latent);
        for (int i = 0; i < size; i++) {
          Map<String, String> f = i == 0 ? first : person(random, poolShares, mode, latent + 0.3 * random.nextGaussian());
          f.put("c0", first.get("c0")); // one place
          pool.add(new Respondent("r" + pool.size(), f, key));
        }
      } else {
        pool.add(new Respondent("r" + pool.size(), person(random, poolShares, mode, latent), null));
      }
    }
    int k = Math.min(Math.max(10, n / 4), 10 + random.nextInt(family.maxPanel() - 9));
    boolean tight = random.nextBoolean();
    double tolerance = tight ? 0.05 + 0.1 * random.nextDouble() : 0.2 + 0.3 * random.nextDouble();
    Map<String, Map<String, Quotas.Bounds>> q = new LinkedHashMap<>();
    for (int c = 0; c < categories; c++) {
      Map<String, Quotas.Bounds> bounds = new LinkedHashMap<>();
      for (int v = 0; v < values[c]; v++) {
        double share = census[c][v];
        bounds.put("v" + v, new Quotas.Bounds((int) Math.floor(share * (1 - tolerance) * k),
            Math.min(k, (int) Math.ceil(share * (1 + tolerance) * k))));
      }
      q.put("c" + c, bounds);
    }
    boolean impossible = random.nextInt(8) == 0;
    if (impossible) { // on purpose: one value's minimum above the volunteers who have it, or the minimums above k
      int c = random.nextInt(categories);
      String v = "v" + random.nextInt(values[c]);
      long have = pool.stream().filter(r -> r.features().get("c" + c).equals(v)).count();
      Quotas.Bounds b = q.get("c" + c).get(v);
      int min = (int) Math.min(k, have + 1);
      q.get("c" + c).put(v, new Quotas.Bounds(min, Math.max(min, b.max())));
      if (have + 1 > k) {
        q.get("c" + c).replaceAll((value, bounds) -> new Quotas.Bounds(k / 2 + 1, k));
      }
    }
    String size = n <= 500 ? "≤500" : n <= 2000 ? "≤2000" : "≤5000";
    String shape = size + " " + (categories <= 4 ? "2-4" : "5-8") + " cat" + (inHouseholds > 0 ? " hh" : "");
    return new PoolFamily.Instance(shape, pool, new Quotas(q), k);
  }

  static double[] shares(Random random, int values, double floor) {
    double[] s = new double[values];
    double total = 0;
    for (int v = 0; v < values; v++) {
      s[v] = floor + random.nextDouble();
      total += s[v];
    }
    for (int v = 0; v < values; v++) {
      s[v] /= total;
    }
    return s;
  }

  static double[] tilt(Random random, double[] census, double strength) {
    double[] s = new double[census.length];
    double total = 0;
    for (int v = 0; v < s.length; v++) {
      s[v] = census[v] * Math.exp(strength * random.nextGaussian());
      total += s[v];
    }
    for (int v = 0; v < s.length; v++) {
      s[v] /= total;
    }
    return s;
  }

  /** Correlated: the latent variable pushes every category towards its first values. */
  static Map<String, String> person(Random random, double[][] shares, String mode, double latent) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int c = 0; c < shares.length; c++) {
      double[] w = shares[c].clone();
      double total = 0;
      for (int v = 0; v < w.length; v++) {
        if (mode.equals("correlated")) {
          w[v] *= Math.exp(latent * (w.length / 2.0 - v) / w.length * 2);
        }
        total += w[v];
      }
      double u = random.nextDouble() * total;
      int v = 0;
      while (v < w.length - 1 && u > w[v]) {
        u -= w[v++];
      }
      f.put("c" + c, "v" + v);
    }
    return f;
  }

  /** The outcome of one run: wrong answers (lines), timings by shape and algorithm, counts. */
  record Outcome(List<String> wrong, Map<String, List<Double>> seconds, int pools, int infeasible, int timedOut,
                 int columnGeneration, double farthest) {}

  static Outcome run(int pools, long seed, Family family, double limitSeconds, Consumer<String> log) {
    Random random = new Random(seed);
    List<String> wrong = new ArrayList<>();
    Map<String, List<Double>> seconds = new TreeMap<>();
    int infeasible = 0;
    int timedOut = 0;
    int columnGeneration = 0;
    double farthest = 0;
    for (int i = 0; i < pools; i++) {
      PoolFamily.Instance in = generate(random, family);
      boolean feasible = SelectionCheck.feasible(in);
      infeasible += feasible ? 0 : 1;
      StringBuilder line = new StringBuilder(String.format("pool %d [%s] %d volunteers, %d categories, panel %d, %s:", i,
          in.shape(), in.respondents().size(), in.quotas().categories().size(), in.panelSize(),
          feasible ? "feasible" : "infeasible"));
      Map<String, Distribution> answers = new LinkedHashMap<>();
      for (String algorithm : Algorithms.DISTRIBUTIONS) {
        String name = algorithm.toUpperCase(java.util.Locale.ROOT);
        long t0 = System.nanoTime();
        try {
          Distribution d = Algorithms.within(algorithm, Pool.of(in.respondents(), in.quotas()), in.quotas(),
              in.panelSize(), limitSeconds);
          double s = (System.nanoTime() - t0) / 1e9;
          seconds.computeIfAbsent(name + " " + in.shape(), x -> new ArrayList<>()).add(s);
          List<String> problems = new ArrayList<>(SelectionCheck.problems(in, d, algorithm.equals("leximin")));
          if (!feasible) {
            problems.add(0, "answered although the exact check finds no panel");
          }
          answers.put(algorithm, d);
          if (algorithm.equals("nash")) {
            // at least LEXIMIN's (NASH starts from it and never falls); when certified, at least any
            // lottery's, MAXIMIN's too, less the certified gap
            double nash = SelectionCheck.sumOfLogs(d, d);
            double slack = d.certificate().gap() * in.respondents().size() + 1e-6;
            for (String other : d.certificate().certified() ? List.of("leximin", "maximin") : List.of("leximin")) {
              double theirs = answers.containsKey(other) ? SelectionCheck.sumOfLogs(answers.get(other), d) : Double.NEGATIVE_INFINITY;
              if (nash < theirs - (other.equals("leximin") ? 1e-6 : slack)) {
                problems.add("NASH's sum of logs " + nash + " below " + other + "'s " + theirs);
              }
            }
          }
          if (algorithm.equals("diversimax") && (d.panels().size() != 1 || d.probabilities()[0] != 1)) {
            problems.add("DIVERSIMAX is not one panel with probability 1");
          }
          for (String p : problems) {
            wrong.add("pool " + i + " " + name + ": " + p);
          }
          if (d.certificate() != null && d.certificate().method().equals("column-generation")) {
            columnGeneration++;
          }
          if (algorithm.equals("leximin") && d.certificate() != null && d.certificate().method().equals("bound")) {
            farthest = Math.max(farthest, SelectionCheck.fromBound(d, in));
          }
          line.append(String.format(" %s %.2f s min %.4f (%s)", name, s, d.minimum(),
              d.certificate() == null ? "?" : d.certificate().method()));
        } catch (SelectionError e) {
          double s = (System.nanoTime() - t0) / 1e9;
          seconds.computeIfAbsent(name + " " + in.shape(), x -> new ArrayList<>()).add(s);
          if (feasible) {
            wrong.add("pool " + i + " " + name + ": refused (" + e.getMessage() + ") although a panel meets every rule");
          }
          line.append(String.format(" %s refused %.2f s", name, s));
        } catch (Leximin.TimeLimit e) {
          timedOut++;
          seconds.computeIfAbsent(name + " " + in.shape(), x -> new ArrayList<>()).add(limitSeconds);
          line.append(String.format(" %s timed out (%.0f s)", name, limitSeconds));
        } catch (RuntimeException e) {
          wrong.add("pool " + i + " " + name + ": " + e);
          line.append(" ").append(name).append(" error ").append(e);
        }
      }
      log.accept(line.toString());
    }
    return new Outcome(wrong, seconds, pools, infeasible, timedOut, columnGeneration, farthest);
  }

  static double percentile(List<Double> values, double q) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? 0 : v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1 < 0 ? 0 : (int) Math.ceil(q * v.length) - 1)];
  }

  /** Prints the wrong answers and the time percentiles by shape; answers the JSON line's fields. */
  static JsonObject report(Outcome o, Consumer<String> log) {
    log.accept("wrong answers: " + o.wrong().size());
    o.wrong().forEach(w -> log.accept("  " + w));
    log.accept(String.format("%d pools, %d infeasible on purpose or by chance, %d timed out, %d answered by column generation",
        o.pools(), o.infeasible(), o.timedOut(), o.columnGeneration()));
    log.accept("seconds by algorithm and shape (pool size, categories, households): n p50 p90 max");
    JsonObject shapes = new JsonObject();
    o.seconds().forEach((shape, s) -> {
      log.accept(String.format("  %-28s %3d %6.2f %6.2f %6.2f", shape, s.size(), percentile(s, 0.5), percentile(s, 0.9),
          percentile(s, 1)));
      shapes.put(shape, new JsonObject().put("n", s.size()).put("p50", round(percentile(s, 0.5)))
          .put("p90", round(percentile(s, 0.9))).put("max", round(percentile(s, 1))));
    });
    List<Double> all = new ArrayList<>();
    o.seconds().values().forEach(all::addAll);
    return new JsonObject().put("pools", o.pools()).put("wrong", o.wrong().size()).put("infeasible", o.infeasible())
        .put("timed_out", o.timedOut()).put("column_generation", o.columnGeneration())
        .put("farthest_from_bound", o.farthest())
        .put("p50_seconds", round(percentile(all, 0.5))).put("p90_seconds", round(percentile(all, 0.9)))
        .put("max_seconds", round(percentile(all, 1))).put("by_shape", shapes);
  }

  /** scripts/bench sortition --random P [--seed S] [--limit L]: the broad family, printed as it goes. */
  public static JsonObject bench(int pools, long seed, double limitSeconds) {
    long t0 = System.nanoTime();
    Outcome o = run(pools, seed, Family.BROAD, limitSeconds, System.out::println);
    JsonObject out = report(o, System.out::println).put("seed", seed).put("limit_seconds", limitSeconds)
        .put("wall_seconds", round((System.nanoTime() - t0) / 1e9));
    return out;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
