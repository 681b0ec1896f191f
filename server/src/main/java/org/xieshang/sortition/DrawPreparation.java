package org.xieshang.sortition;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;
import org.xieshang.platform.audit.AuditLog;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before a draw: comparing the algorithms on a pool, and preparing a draw (the distribution over the
 * eligible volunteers rounded to a lottery of M numbered panels, with a commitment to a secret seed).
 * No database pool here ({@code Pool} is the selection's types); {@link Draws} stores the draw.
 */
public final class DrawPreparation {
  /** How many LEGACY draws estimate its probabilities when staff compare algorithms. */
  static final int LEGACY_DRAWS = 2000;

  private final VolunteerPools pools;
  private final Draws draws;
  private final SelectionRunner runner;

  DrawPreparation(VolunteerPools pools, Draws draws, SelectionRunner runner) {
    this.pools = pools;
    this.draws = draws;
    this.runner = runner;
  }

  /**
   * LEXIMIN, MAXIMIN, NASH, DIVERSIMAX and LEGACY on the eligible volunteers with these quotas, before a draw is prepared:
   * each algorithm's smallest probability, Gini coefficient and time, and every volunteer's probability
   * under each (LEGACY's estimated from repeated draws). Staff see what the fair algorithms buy.
   */
  public Future<JsonObject> compare(long poolId, int panelSize, Quotas quotas) {
    return pools.eligibleVolunteers(poolId)
        .compose(eligible -> pools.names(eligible)
            .compose(names -> runner.run(() -> comparison(eligible, names, quotas, panelSize, runner.timeLimitSeconds()))));
  }

  static JsonObject comparison(List<Volunteer> eligible, Map<Long, String> names, Quotas quotas, int k, double seconds) {
    List<Respondent> respondents = eligible.stream().map(Volunteer::respondent).toList();
    Pool types = Pool.of(respondents, quotas);
    JsonArray algorithms = new JsonArray();
    Map<String, Map<String, Double>> chances = new LinkedHashMap<>();
    for (String algorithm : List.of("leximin", "maximin", "nash", "diversimax", "legacy")) {
      long start = System.nanoTime();
      Map<String, Double> p;
      if (algorithm.equals("legacy")) {
        p = Legacy.estimate(respondents, quotas, k, LEGACY_DRAWS, 1);
      } else {
        p = Algorithms.within(algorithm, types, quotas, k, seconds).byRespondent();
      }
      double[] values = p.values().stream().mapToDouble(Double::doubleValue).toArray();
      algorithms.add(new JsonObject().put("algorithm", algorithm)
          .put("minProbability", Arrays.stream(values).min().orElse(0))
          .put("gini", Distribution.gini(values))
          .put("seconds", (System.nanoTime() - start) / 1e9));
      chances.put(algorithm, p);
    }
    JsonArray volunteers = new JsonArray();
    for (Volunteer v : eligible) {
      String id = Long.toString(v.id());
      JsonObject row = new JsonObject().put("id", v.id()).put("name", names.get(v.id())).put("county", v.features().getString("county"));
      chances.forEach((algorithm, p) -> row.put(algorithm, p.getOrDefault(id, 0.0)));
      volunteers.add(row);
    }
    return new JsonObject().put("panelSize", k).put("legacyDraws", LEGACY_DRAWS).put("algorithms", algorithms)
        .put("volunteers", volunteers);
  }

  /** A lottery ready to publish, with the smallest probability and the Gini coefficient of its distribution. */
  record PreparedLottery(Lottery.Published published, double minimum, double gini) {}

  static PreparedLottery lottery(List<Volunteer> eligible, Quotas quotas, int k, String algorithm, int m, double seconds) {
    List<Respondent> respondents = eligible.stream().map(Volunteer::respondent).toList();
    Pool types = Pool.of(respondents, quotas);
    Distribution d = Algorithms.within(algorithm, types, quotas, k, seconds);
    return new PreparedLottery(Lottery.publish(d, respondents, m), d.minimum(), d.gini());
  }

  /**
   * Computes the distribution over the eligible volunteers, rounds it to a lottery of M numbered
   * panels and commits to a secret seed. Runs on a worker thread: LEXIMIN takes seconds on big pools.
   */
  public Future<JsonObject> prepareDraw(Caller caller, long poolId, int panelSize, int reserveSize, Quotas quotas,
                                        String algorithm, int panels, int respondDays, AuditLog.By by) {
    // refused before computing: the activity over, or a commitment already out for this pool
    return pools.phase(poolId)
        .compose(phase -> phase.canPrepare() ? draws.noPendingDraw(poolId) : Future.failedFuture(phase.drawingRefused("poolId")))
        .compose(x -> pools.eligibleVolunteers(poolId))
        .compose(eligible -> runner.run(() -> lottery(eligible, quotas, panelSize, algorithm, panels,
            runner.timeLimitSeconds())))
        .map(prepared -> new SortitionStore.NewDraw(poolId, panelSize, reserveSize, QuotaJson.toJson(quotas), algorithm,
            panels, prepared.published(), prepared.minimum(), prepared.gini(), respondDays, caller.accountId()))
        .compose(draw -> draws.store(draw, by))
        .compose(draws::summary);
  }
}
