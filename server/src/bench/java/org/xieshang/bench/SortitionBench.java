package org.xieshang.bench;

import io.vertx.core.json.JsonObject;
import org.xieshang.sortition.Distribution;
import org.xieshang.sortition.Legacy;
import org.xieshang.sortition.Leximin;
import org.xieshang.sortition.Pool;
import org.xieshang.sortition.Quotas;
import org.xieshang.sortition.Respondent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench sortition [--legacy-runs N]: issue 7's first benchmark instance — pool 2,000 with one
 * female conservative, 999 female liberals and 1,000 male conservatives, quotas 99–200 on gender and
 * leaning, panel 200 — with LEXIMIN, MAXIMIN and LEGACY (probabilities estimated from repeated draws).
 */
public final class SortitionBench {
  public static void main(String[] args) {
    int legacyRuns = args.length == 2 && args[0].equals("--legacy-runs") ? Integer.parseInt(args[1]) : 1_000;
    List<Respondent> pool = new ArrayList<>();
    pool.add(new Respondent("fc", Map.of("gender", "female", "leaning", "conservative"), null));
    for (int i = 0; i < 999; i++) {
      pool.add(new Respondent("fl" + i, Map.of("gender", "female", "leaning", "liberal"), null));
    }
    for (int i = 0; i < 1000; i++) {
      pool.add(new Respondent("mc" + i, Map.of("gender", "male", "leaning", "conservative"), null));
    }
    Map<String, Map<String, Quotas.Bounds>> c = new LinkedHashMap<>();
    c.put("gender", Map.of("female", new Quotas.Bounds(99, 200), "male", new Quotas.Bounds(99, 200)));
    c.put("leaning", Map.of("liberal", new Quotas.Bounds(99, 200), "conservative", new Quotas.Bounds(99, 200)));
    Quotas quotas = new Quotas(c);

    JsonObject out = new JsonObject().put("pool", pool.size()).put("panel", 200);
    long t0 = System.nanoTime();
    Distribution leximin = Leximin.leximin(Pool.of(pool, quotas), quotas, 200);
    double leximinSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    Distribution maximin = Leximin.maximin(Pool.of(pool, quotas), quotas, 200);
    double maximinSeconds = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    Map<String, Double> legacy = Legacy.estimate(pool, quotas, 200, legacyRuns, 1);
    double legacySeconds = (System.nanoTime() - t2) / 1e9;
    double legacyMin = legacy.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    System.out.printf("LEXIMIN: min probability %.4f, gini %.4f, %.2f s%n", leximin.minimum(), leximin.gini(), leximinSeconds);
    System.out.printf("MAXIMIN: min probability %.4f, gini %.4f, %.2f s%n", maximin.minimum(), maximin.gini(), maximinSeconds);
    System.out.printf("LEGACY (%d draws): min probability %.4f (the female conservative), %.2f s%n", legacyRuns, legacyMin,
        legacySeconds);
    out.put("leximin_min_probability", round(leximin.minimum())).put("leximin_seconds", round(leximinSeconds))
        .put("maximin_min_probability", round(maximin.minimum())).put("maximin_seconds", round(maximinSeconds))
        .put("legacy_min_probability", round(legacyMin)).put("legacy_runs", legacyRuns)
        .put("legacy_seconds", round(legacySeconds));
    System.out.println(out.encode());
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
