package org.xieshang.bench;

import io.vertx.core.json.JsonObject;
import org.xieshang.platform.text.ChineseText;
import org.xieshang.opinion.NearDuplicates;
import org.xieshang.opinion.OpinionAnalysis;
import org.xieshang.opinion.OpinionMap;

import org.xieshang.support.TestApp;
import org.xieshang.support.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * scripts/bench opinions [--map-only]: text analysis and the report's path (below), then the opinion map on
 * synthetic conversations of the sizes in issue 5 (2,000 participants × 200 statements, and 33,000 × 800 with
 * about 2 million votes), each with three latent opinion groups, the map first in the run (cold), with how well the
 * groups are recovered; the baseline in the same run is the map as it was before issue 23 (OldOpinionMap).
 */
public final class OpinionBench {
  public static void main(String[] args) throws Exception {
    JsonObject out = new JsonObject();
    if (java.util.Arrays.asList(args).contains("--map-only")) {
      run(out, "map_2000x200", 2000, 200, 0.6);
      run(out, "map_33000x800", 33000, 800, 2_000_000.0 / (33000 * 800));
      baseline(out, "map_2000x200", 2000, 200, 0.6);
      baseline(out, "map_33000x800", 33000, 800, 2_000_000.0 / (33000 * 800));
      System.out.println(out.encode());
      System.exit(0);
    }
    int n = Integer.getInteger("xieshang.bench.opinions", 100_000);
    analysis(out, n);
    if (Boolean.getBoolean("xieshang.bench.analysisOnly")) {
      System.out.println(out.encode());
      return;
    }
    endToEnd(out, n);
    run(out, "map_2000x200", 2000, 200, 0.6);
    run(out, "map_33000x800", 33000, 800, 2_000_000.0 / (33000 * 800));
    baseline(out, "map_2000x200", 2000, 200, 0.6);
    baseline(out, "map_33000x800", 33000, 800, 2_000_000.0 / (33000 * 800));
    System.out.println(out.encode());
    System.exit(0);
  }

  /**
   * Text analysis and the report draft over n synthetic Chinese opinions, cold: the first analysis in
   * this process, dictionaries loaded on the way. Theme purity: the share of opinions whose theme's most
   * common true subject is their own.
   */
  static void analysis(JsonObject out, int n) {
    List<OpinionCorpus.Opinion> corpus = OpinionCorpus.generate(n, 11);
    List<JsonObject> units = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OpinionCorpus.Opinion o = corpus.get(i);
      units.add(new JsonObject().put("id", (long) i + 1).put("channel", i % 3 == 0 ? "SPEECH" : i % 3 == 1 ? "POST" : "SUBMISSION")
          .put("text", o.text()).put("venue", o.venue()).put("sector", o.sector()).put("authorKind", o.authorKind()));
    }
    long start = System.nanoTime();
    double[] last = {-1};
    JsonObject analysis = OpinionAnalysis.analyse(units, (stage, done) -> {
      if (done - last[0] >= 0.2 || done == 1) {
        last[0] = done;
        System.out.printf("  %s %.0f%% at %.2f s%n", stage, done * 100, (System.nanoTime() - start) / 1e9);
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    int[] truth = corpus.stream().mapToInt(OpinionCorpus.Opinion::topic).toArray();
    long pure = 0;
    for (Object o : analysis.getJsonArray("themes")) {
      JsonObject theme = (JsonObject) o;
      int[] count = new int[OpinionCorpus.topics()];
      theme.getJsonArray("units").forEach(id -> count[truth[(int) ((Long) id - 1)]]++);
      pure += java.util.Arrays.stream(count).max().orElse(0);
      System.out.printf("  %-24s %6d  %s%n", theme.getString("label"), theme.getInteger("count"),
          theme.getJsonArray("keywords").encode());
    }
    System.out.printf("analysis of %,d opinions: %.2f s cold; %d themes (%d subjects), purity %.3f; %,d distinct, %,d groups of near duplicates%n",
        n, seconds, analysis.getJsonArray("themes").size(), OpinionCorpus.topics(), pure / (double) n,
        analysis.getInteger("distinct"), analysis.getJsonArray("duplicates").size());
    duplicatesBaseline(out, units.subList(0, Math.min(n, 10_000)));
    out.put("analysis_opinions", n).put("analysis_s", Math.round(seconds * 100) / 100.0)
        .put("themes", analysis.getJsonArray("themes").size()).put("theme_purity", Math.round(pure * 1000.0 / n) / 1000.0);
  }

  /**
   * Baseline for the near duplicates: every pair's exact Jaccard similarity on the first opinions,
   * against MinHash with banding on the same; and how many of the exact pairs MinHash put together.
   */
  static void duplicatesBaseline(JsonObject out, List<JsonObject> units) {
    List<String> texts = units.stream().map(u -> ChineseText.normalize(u.getString("text"))).toList();
    long start = System.nanoTime();
    List<int[]> groups = NearDuplicates.groups(texts);
    double minHash = (System.nanoTime() - start) / 1e9;
    int[] group = new int[texts.size()];
    java.util.Arrays.fill(group, -1);
    for (int g = 0; g < groups.size(); g++) {
      for (int i : groups.get(g)) {
        group[i] = g;
      }
    }
    start = System.nanoTime();
    int[][] shingles = texts.stream().map(NearDuplicates::shingles).toArray(int[][]::new);
    long pairs = 0;
    long found = 0;
    for (int i = 0; i < shingles.length; i++) {
      for (int j = i + 1; j < shingles.length; j++) {
        if (NearDuplicates.jaccard(shingles[i], shingles[j]) >= NearDuplicates.SIMILARITY) {
          pairs++;
          if (group[i] >= 0 && group[i] == group[j]) {
            found++;
          }
        }
      }
    }
    double exact = (System.nanoTime() - start) / 1e9;
    System.out.printf("near duplicates in %,d opinions: MinHash %.2f s, every pair exactly (baseline) %.2f s; "
        + "MinHash put together %,d of the %,d pairs at Jaccard ≥ %.1f (%.4f)%n", texts.size(), minHash, exact, found, pairs,
        NearDuplicates.SIMILARITY, found / (double) Math.max(1, pairs));
    out.put("duplicates_sample", texts.size()).put("duplicates_minhash_s", Math.round(minHash * 1000) / 1000.0)
        .put("duplicates_all_pairs_baseline_s", Math.round(exact * 100) / 100.0)
        .put("duplicates_pair_recall", Math.round(found * 10000.0 / Math.max(1, pairs)) / 10000.0);
  }

  /**
   * The product's own path: n opinions of an activity in PostgreSQL, then POST /api/reports as staff —
   * collect, load, analyse (off the event loop), map, draft, save, and answer with the report and its
   * sources — timed from request to response. The JIT is warm from the run above, the analysis cache
   * is not (a new server).
   */
  static void endToEnd(JsonObject out, int n) throws Exception {
    TestApp app = TestApp.start();
    try {
      long activity = app.count("SELECT min(id) FROM activity");
      List<OpinionCorpus.Opinion> corpus = OpinionCorpus.generate(n, 13);
      long loadStart = System.nanoTime();
      try (Connection c = TestDatabase.jdbc(app.db)) {
        c.setAutoCommit(false);
        List<Long> venues = ids(c, "SELECT id FROM venue WHERE activity_id = " + activity);
        List<Long> sectors = ids(c, "SELECT id FROM sector");
        try (PreparedStatement ps = c.prepareStatement("""
            INSERT INTO opinion_unit (source_ref, channel, activity_id, author_kind, venue_id, sector_id, text, at)
            VALUES (?, 'SUBMISSION', ?, ?, ?, ?, ?, now())""")) {
          for (int i = 0; i < n; i++) {
            OpinionCorpus.Opinion o = corpus.get(i);
            ps.setString(1, "bench:" + i);
            ps.setLong(2, activity);
            ps.setString(3, o.authorKind());
            ps.setLong(4, venues.get(i % venues.size()));
            ps.setLong(5, sectors.get(i % sectors.size()));
            ps.setString(6, o.text());
            ps.addBatch();
            if (i % 5000 == 4999) {
              ps.executeBatch();
            }
          }
          ps.executeBatch();
        }
        c.commit();
      }
      System.out.printf("stored %,d opinions in %.1f s%n", n, (System.nanoTime() - loadStart) / 1e9);
      String staff = app.login("staff");
      long start = System.nanoTime();
      TestApp.Reply reply = app.post("/api/reports", new JsonObject().put("activityId", activity), staff);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (reply.status() != 201) {
        throw new IllegalStateException(reply.body());
      }
      JsonObject report = reply.json();
      System.out.printf("POST /api/reports over %,d stored opinions: %.2f s (response %,d bytes, %d sections, %,d sources)%n",
          n, seconds, reply.body().length(), report.getJsonObject("body").getJsonArray("sections").size(),
          report.getJsonObject("sources").size());
      out.put("report_http_s", Math.round(seconds * 100) / 100.0);
      // the analysis the report made, asked for again with the opinions unchanged: the median of five
      double[] kept = new double[5];
      for (int i = 0; i < kept.length; i++) {
        long t = System.nanoTime();
        TestApp.Reply again = app.get("/api/opinions/analysis?activityId=" + activity, staff);
        kept[i] = (System.nanoTime() - t) / 1e6;
        if (again.status() != 200) {
          throw new IllegalStateException("the analysis was not kept: " + again.status());
        }
      }
      java.util.Arrays.sort(kept);
      System.out.printf("GET /api/opinions/analysis, kept (opinions unchanged): %.0f ms (median of 5)%n", kept[2]);
      out.put("kept_analysis_ms", Math.round(kept[2]));
    } finally {
      app.close();
    }
  }

  private static List<Long> ids(Connection c, String sql) throws Exception {
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getLong(1));
      }
    }
    return out;
  }

  record Conversation(List<String> statements, List<OpinionMap.Vote> votes, int[] truth, int groups) {}

  /** n participants in three latent groups, each voting on a statement with the given probability (seed 1). */
  static Conversation conversation(int n, int m, double density) {
    Random random = new Random(1);
    int groups = 3;
    double[][] agreeByGroup = new double[groups][m];
    for (int g = 0; g < groups; g++) {
      for (int s = 0; s < m; s++) {
        agreeByGroup[g][s] = random.nextDouble();
      }
    }
    List<String> statements = new ArrayList<>();
    for (int s = 0; s < m; s++) {
      statements.add(Integer.toString(s));
    }
    int[] truth = new int[n];
    List<OpinionMap.Vote> votes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      truth[i] = random.nextInt(groups);
      for (int s = 0; s < m; s++) {
        if (random.nextDouble() < density) {
          double p = agreeByGroup[truth[i]][s];
          double u = random.nextDouble();
          votes.add(new OpinionMap.Vote(Integer.toString(i), statements.get(s), u < p * 0.9 ? 1 : u < 0.9 ? -1 : 0));
        }
      }
    }
    return new Conversation(statements, votes, truth, groups);
  }

  /** The share of participants whose group's majority true group is theirs. */
  static double purity(OpinionMap.Result map, Conversation c) {
    int[][] table = new int[map.k()][c.groups()];
    map.points().forEach(p -> table[p.group()][c.truth()[Integer.parseInt(p.participant())]]++);
    int agree = 0;
    for (int[] row : table) {
      int max = 0;
      for (int v : row) {
        max = Math.max(max, v);
      }
      agree += max;
    }
    return agree / (double) map.points().size();
  }

  static void run(JsonObject out, String name, int n, int m, double density) {
    Conversation c = conversation(n, m, density);
    long start = System.nanoTime();
    OpinionMap.Result map = OpinionMap.compute(c.statements(), c.votes(), 1);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s: %d participants, %d statements, %d votes: %.2f s, %d groups, purity %.3f%n", name, n, m,
        c.votes().size(), seconds, map.k(), purity(map, c));
    out.put(name + "_s", Math.round(seconds * 100) / 100.0).put(name + "_votes", c.votes().size())
        .put(name + "_groups", map.k()).put(name + "_purity", Math.round(purity(map, c) * 1000) / 1000.0);
  }

  /** The same conversation through the map as it was before issue 23 (dense matrix, k-means of everyone). */
  static void baseline(JsonObject out, String name, int n, int m, double density) {
    Conversation c = conversation(n, m, density);
    long start = System.nanoTime();
    OpinionMap.Result map = OldOpinionMap.compute(c.statements(), c.votes(), 1);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("  baseline (the map before issue 23) %s: %.2f s, %d groups, purity %.3f%n", name, seconds, map.k(),
        purity(map, c));
    out.put(name + "_baseline_s", Math.round(seconds * 100) / 100.0).put(name + "_baseline_groups", map.k());
  }
}
