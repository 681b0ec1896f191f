package org.xieshang.opinion;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.xieshang.platform.text.ChineseText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * What a body of opinions says (RULES.md Art. 16, 22): the words that recur, near duplicates grouped,
 * themes with readable Chinese labels, each theme's counts by venue, county, sector and author kind, and
 * representative quotes. Statements (voted on) are left to the opinion map, poll results to the report. Pure: the same units give
 * the same analysis; it reports its progress as it goes.
 */
public final class OpinionAnalysis {
  public static final int QUOTES = 3;
  static final int KEYWORDS = 20;
  private static final long SEED = 20_261_127L;
  static final int CHARACTER_FEATURES_BELOW = 2000;
  /** Statements have the opinion map; poll results are counts, not prose. */
  static final Set<String> UNANALYSED = Set.of("STATEMENT", "POLL");
  private static final String[] COUNTED = {"venue", "organization", "sector", "authorKind", "channel"};

  /** Where the analysis is: a stage (segment, duplicates, themes, counts, done) and the share done. */
  public interface Progress {
    void report(String stage, double done);
  }

  private OpinionAnalysis() {}

  /**
   * @param units opinion units as the store lists them (id, text, channel, authorKind, venue, organization, sector)
   */
  public static JsonObject analyse(List<JsonObject> units, Progress progress) {
    List<JsonObject> texts = units.stream().filter(u -> !UNANALYSED.contains(u.getString("channel"))).toList();
    int n = texts.size();
    progress.report("segment", 0);
    String[] normalized = new String[n];
    List<List<String>> words = new ArrayList<>(Collections.nCopies(n, List.of()));
    AtomicInteger done = new AtomicInteger();
    IntStream.range(0, n).parallel().forEach(i -> {
      normalized[i] = ChineseText.normalize(texts.get(i).getString("text"));
      words.set(i, ChineseText.contentWords(normalized[i]));
      int d = done.incrementAndGet();
      if (d % 5000 == 0) {
        progress.report("segment", 0.6 * d / n);
      }
    });
    progress.report("duplicates", 0.6);
    List<int[]> duplicates = NearDuplicates.groups(List.of(normalized));
    // each group of near duplicates is one document standing for all its members
    int[] representative = IntStream.range(0, n).toArray();
    for (int[] g : duplicates) {
      for (int i : g) {
        representative[i] = g[0];
      }
    }
    int[] docs = IntStream.range(0, n).filter(i -> representative[i] == i).toArray();
    double[] weight = new double[docs.length];
    Map<Integer, Integer> docOf = new HashMap<>();
    for (int d = 0; d < docs.length; d++) {
      docOf.put(docs[d], d);
    }
    for (int i = 0; i < n; i++) {
      weight[docOf.get(representative[i])]++;
    }
    progress.report("themes", 0.75);
    boolean few = docs.length < CHARACTER_FEATURES_BELOW;
    OpinionClusters.Result clusters = OpinionClusters.cluster(IntStream.of(docs)
        .mapToObj(d -> few ? withCharacters(words.get(d)) : words.get(d)).toList(), weight, SEED);
    progress.report("counts", 0.95);

    JsonObject out = new JsonObject().put("total", n).put("distinct", docs.length)
        .put("keywords", keywords(words))
        .put("themes", themes(texts, words, representative, docOf, clusters))
        .put("duplicates", duplicateGroups(texts, duplicates));
    progress.report("done", 1);
    return out;
  }

  /**
   * The words and their characters: among few short Chinese opinions, two on one subject often share a
   * character where they share no word (供水, 水质, 饮水). Among many, every opinion shares words with its
   * theme's centre, and characters would only blur the themes (measured: purity 0.93 instead of 1.00 on
   * 100,000, and slower).
   */
  static List<String> withCharacters(List<String> words) {
    List<String> out = new ArrayList<>(words);
    for (String w : words) {
      w.codePoints().forEach(c -> out.add("#" + Character.toString(c)));
    }
    return out;
  }

  private static JsonArray keywords(List<List<String>> words) {
    Map<String, Integer> df = new HashMap<>();
    words.forEach(ws -> new HashSet<>(ws).forEach(w -> df.merge(w, 1, Integer::sum)));
    JsonArray out = new JsonArray();
    df.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(KEYWORDS).forEach(e -> out.add(new JsonObject().put("word", e.getKey()).put("count", e.getValue())));
    return out;
  }

  private static JsonArray themes(List<JsonObject> texts, List<List<String>> words, int[] representative,
                                  Map<Integer, Integer> docOf, OpinionClusters.Result result) {
    int k = result.k();
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c <= k; c++) {
      members.add(new ArrayList<>()); // index k: opinions with no recognisable word
    }
    for (int i = 0; i < texts.size(); i++) {
      int theme = result.assignment()[docOf.get(representative[i])];
      members.get(theme < 0 ? k : theme).add(i);
    }
    Map<String, Integer> everywhere = documentFrequency(words, IntStream.range(0, texts.size()).boxed().toList());
    List<JsonObject> out = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (int c = 0; c <= k; c++) {
      List<Integer> list = members.get(c);
      if (list.isEmpty()) {
        continue;
      }
      List<String> top = c < k ? characteristic(words, list, everywhere, texts.size()) : List.of();
      String label = c < k ? label(top, labels) : "其他";
      JsonObject theme = new JsonObject().put("label", label).put("keywords", new JsonArray(top.stream().limit(6).toList()))
          .put("count", list.size())
          .put("units", new JsonArray(list.stream().map(i -> texts.get(i).getLong("id")).toList()))
          .put("quotes", new JsonArray(quotes(texts, words, representative, docOf, result, list)));
      for (String key : COUNTED) {
        Map<String, Integer> counts = new TreeMap<>();
        list.forEach(i -> counts.merge(Objects.requireNonNullElse(texts.get(i).getString(key), "未注明"), 1, Integer::sum));
        JsonObject by = new JsonObject();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .forEach(e -> by.put(e.getKey(), e.getValue()));
        theme.put("by" + Character.toUpperCase(key.charAt(0)) + key.substring(1), by);
      }
      out.add(theme);
    }
    out.sort(Comparator.comparing((JsonObject t) -> t.getString("label").equals("其他"))
        .thenComparing(t -> -t.getInteger("count")));
    return new JsonArray(out);
  }

  private static Map<String, Integer> documentFrequency(List<List<String>> words, List<Integer> members) {
    Map<String, Integer> df = new HashMap<>();
    members.forEach(i -> new HashSet<>(words.get(i)).forEach(w -> df.merge(w, 1, Integer::sum)));
    return df;
  }

  /**
   * A theme's words: those at least twice as common in it as outside it, most widespread in it first —
   * the words a reader would use to name it.
   */
  static List<String> characteristic(List<List<String>> words, List<Integer> members, Map<String, Integer> everywhere, int n) {
    Map<String, Integer> inside = documentFrequency(words, members);
    int size = members.size();
    return inside.entrySet().stream()
        .filter(e -> e.getValue() / (double) size >= 2.0 * (everywhere.get(e.getKey()) - e.getValue() + 1) / (n - size + 1))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(8).map(Map.Entry::getKey).toList();
  }

  /** The three most widespread characteristic words, joined with 、, made longer when another theme has that label. */
  static String label(List<String> top, Set<String> taken) {
    List<String> words = top.stream().limit(3).toList();
    String label = String.join("、", words);
    for (int extra = 3; taken.contains(label) && extra < top.size(); extra++) {
      label = label + "、" + top.get(extra);
    }
    taken.add(label);
    return label.isEmpty() ? "其他" : label;
  }

  /**
   * The opinions nearest the theme's centre, each a different document and not saying the same words as
   * one already chosen, longer ones first among equally near (a quote should say something).
   */
  private static List<Long> quotes(List<JsonObject> texts, List<List<String>> words, int[] representative,
                                   Map<Integer, Integer> docOf, OpinionClusters.Result result, List<Integer> members) {
    List<Integer> candidates = members.stream().map(i -> representative[i]).distinct()
        .sorted(Comparator.comparingLong((Integer i) -> -Math.round(result.similarity()[docOf.get(i)] * 20))
            .thenComparing(i -> -Math.min(120, texts.get(i).getString("text").length()))
            .thenComparing(i -> texts.get(i).getLong("id")))
        .toList();
    List<Long> out = new ArrayList<>();
    List<Set<String>> chosen = new ArrayList<>();
    for (int i : candidates) {
      Set<String> ws = new HashSet<>(words.get(i));
      if (chosen.stream().anyMatch(c -> overlap(c, ws) >= 0.6)) {
        continue;
      }
      chosen.add(ws);
      out.add(texts.get(i).getLong("id"));
      if (out.size() == QUOTES) {
        break;
      }
    }
    return out;
  }

  private static double overlap(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    long both = a.stream().filter(b::contains).count();
    return both / (double) Math.min(a.size(), b.size());
  }

  private static JsonArray duplicateGroups(List<JsonObject> texts, List<int[]> groups) {
    JsonArray out = new JsonArray();
    groups.stream().sorted(Comparator.comparingInt((int[] g) -> -g.length).thenComparingInt(g -> g[0]))
        .forEach(g -> out.add(new JsonObject().put("text", texts.get(g[0]).getString("text"))
            .put("units", new JsonArray(IntStream.of(g).mapToObj(i -> texts.get(i).getLong("id")).toList()))));
    return out;
  }
}
