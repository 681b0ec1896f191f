package org.xieshang.bench;

import com.hankcs.hanlp.HanLP;
import com.huaban.analysis.jieba.JiebaSegmenter;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.xieshang.platform.text.ChineseText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * scripts/bench text: the comparison behind the choice of Chinese segmenter (docs/opinions.md). Each
 * candidate segments the hand-segmented opinion sentences in server/src/test/resources/text (word-boundary
 * precision, recall and F1, punctuation left out; Simplified and Traditional lines apart) and 20,000
 * synthetic opinions (characters per second, the best of three passes after one warm-up pass; the first call's load time apart).
 */
public final class TextBench {
  public static void main(String[] args) throws Exception {
    List<String[]> simplified = new ArrayList<>();
    List<String[]> traditional = new ArrayList<>();
    String gold = new String(TextBench.class.getResourceAsStream("/text/segmentation-gold.txt").readAllBytes(), StandardCharsets.UTF_8);
    for (String line : gold.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      (line.startsWith("T:") ? traditional : simplified).add(line.replaceFirst("^T:", "").strip().split(" "));
    }
    List<String> corpus = OpinionCorpus.generate(20_000, 7).stream().map(OpinionCorpus.Opinion::text).toList();
    long chars = corpus.stream().mapToLong(String::length).sum();

    // each candidate is made (dictionaries loaded) inside the timed load
    Map<String, Supplier<Function<String, List<String>>>> candidates = new LinkedHashMap<>();
    candidates.put("hanlp (as used: dictionary Viterbi, no name/place recognition)", () -> ChineseText::segment);
    candidates.put("hanlp standard (with name/place/organisation recognition)",
        () -> s -> HanLP.segment(s).stream().map(t -> t.word).toList());
    candidates.put("jieba-analysis 1.0.2", () -> new JiebaSegmenter()::sentenceProcess);
    candidates.put("lucene smartcn 9.12.3", () -> {
      SmartChineseAnalyzer smart = new SmartChineseAnalyzer();
      return s -> smartcn(smart, s);
    });

    JsonObject json = new JsonObject();
    System.out.printf("%-75s %6s %6s %6s %9s %10s %8s%n", "segmenter", "P", "R", "F1", "F1 trad.", "chars/s", "load ms");
    for (Map.Entry<String, Supplier<Function<String, List<String>>>> c : candidates.entrySet()) {
      long load = System.nanoTime();
      Function<String, List<String>> segmenter = c.getValue().get();
      segmenter.apply("加快推进城乡供水一体化建设");
      double loadMs = (System.nanoTime() - load) / 1e6;
      double[] s = score(simplified, segmenter);
      double[] t = score(traditional, segmenter);
      corpus.forEach(segmenter::apply);
      double best = Double.MAX_VALUE;
      for (int pass = 0; pass < 3; pass++) {
        long start = System.nanoTime();
        corpus.forEach(segmenter::apply);
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
      }
      double perSecond = chars / best;
      System.out.printf("%-75s %6.3f %6.3f %6.3f %9.3f %10.0f %8.0f%n", c.getKey(), s[0], s[1], s[2], t[2], perSecond, loadMs);
      json.put(c.getKey().split(" \\(")[0], new JsonObject().put("precision", round(s[0])).put("recall", round(s[1]))
          .put("f1", round(s[2])).put("f1_traditional", round(t[2])).put("chars_per_s", Math.round(perSecond))
          .put("load_ms", Math.round(loadMs)));
    }
    System.out.println("(" + simplified.size() + " Simplified and " + traditional.size() + " Traditional gold sentences; "
        + corpus.size() + " opinions, " + chars + " characters)");
    System.out.println(json.encode());
  }

  private static List<String> smartcn(SmartChineseAnalyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Precision, recall and F1 of word spans over the text without punctuation (smartcn drops it). */
  static double[] score(List<String[]> gold, Function<String, List<String>> segmenter) {
    long correct = 0;
    long predicted = 0;
    long expected = 0;
    for (String[] words : gold) {
      List<String> want = words(List.of(words));
      Set<Long> wantSpans = spans(want);
      List<String> got = words(segmenter.apply(String.join("", words)));
      Set<Long> gotSpans = spans(got);
      expected += wantSpans.size();
      predicted += gotSpans.size();
      gotSpans.retainAll(wantSpans);
      correct += gotSpans.size();
    }
    double p = correct / (double) predicted;
    double r = correct / (double) expected;
    return new double[]{p, r, 2 * p * r / (p + r)};
  }

  private static List<String> words(List<String> tokens) {
    return tokens.stream().filter(w -> !w.isBlank() && !w.matches("\\p{P}+")).toList();
  }

  private static Set<Long> spans(List<String> words) {
    Set<Long> out = new HashSet<>();
    long at = 0;
    for (String w : words) {
      out.add(at << 32 | (at + w.length()));
      at += w.length();
    }
    return out;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

}
