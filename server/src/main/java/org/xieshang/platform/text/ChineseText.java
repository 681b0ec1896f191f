package org.xieshang.platform.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chinese text as the analysis reads it: full-width forms folded (NFKC), Traditional converted to
 * Simplified (HanLP's phrase-aware table, so 乾隆 and 显著 survive), segmented into words by HanLP's
 * dictionary segmenter, and reduced to the words that carry meaning. HanLP was chosen over jieba and
 * Lucene smartcn by a comparison on opinion sentences (docs/opinions.md, {@code scripts/bench text}).
 * Thread-safe.
 */
public final class ChineseText {
  /** Name, place and organisation recognition cost 8× the time and add nothing to grouping opinions. */
  private static final Segment SEGMENT = HanLP.newSegment().enableNameRecognize(false).enablePlaceRecognize(false)
      .enableOrganizationRecognize(false).enableNumberQuantifierRecognize(false).enableCustomDictionaryForcing(false);
  private static final Set<String> STOP = stopWords();

  private ChineseText() {}

  /** Full-width letters and digits folded, Traditional characters made Simplified. */
  public static String normalize(String text) {
    return HanLP.convertToSimplifiedChinese(Normalizer.normalize(text, Normalizer.Form.NFKC));
  }

  /** All words of the normalised text, punctuation included, as the segmenter cuts them. */
  public static List<String> segment(String text) {
    List<String> out = new ArrayList<>();
    for (Term t : SEGMENT.seg(normalize(text))) {
      out.add(t.word);
    }
    return out;
  }

  /**
   * The words that say what an opinion is about: nouns, verbs and adjectives of two or
   * more characters that are not stop words.
   */
  public static List<String> contentWords(String text) {
    List<String> out = new ArrayList<>();
    for (Term t : SEGMENT.seg(normalize(text))) {
      if (meaningful(t)) {
        out.add(t.word);
      }
    }
    return out;
  }

  private static boolean meaningful(Term t) {
    if (t.word.length() < 2 || t.nature == null || STOP.contains(t.word) || CoreStopWordDictionary.contains(t.word)) {
      return false;
    }
    char pos = t.nature.firstChar();
    return pos == 'n' || pos == 'v' || pos == 'a' || pos == 'g';
  }

  private static Set<String> stopWords() {
    Set<String> words = new HashSet<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        ChineseText.class.getResourceAsStream("/text/opinion-stopwords.txt"), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          words.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
