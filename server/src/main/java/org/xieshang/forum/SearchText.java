package org.xieshang.forum;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.xieshang.platform.text.ChineseText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Search by words, for Chinese (and mixed) text. A text is indexed (a PostgreSQL 'simple' tsvector) by the
 * words HanLP cuts from it, the same dictionary the opinion analysis uses, in index mode (污水处理 also gives
 * 污水 and 处理), and by the overlapping bigrams of its Han characters (Lucene's CJK analyzer) as a fallback
 * for words the dictionary lacks. A query is cut into words; each must occur, as itself, as the smaller
 * dictionary words it is made of, or, failing those, as its bigrams. So 污水处理 finds 污水集中处理设施 (污水 and
 * 处理 both occur) although the phrase itself does not.
 */
public final class SearchText {
  private static final Analyzer BIGRAMS = new CJKAnalyzer(CJKAnalyzer.getDefaultStopSet());
  private static final Segment WORDS = HanLP.newSegment().enableNameRecognize(false).enablePlaceRecognize(false)
      .enableOrganizationRecognize(false).enableNumberQuantifierRecognize(false).enableCustomDictionaryForcing(false);
  private static final Segment INDEX = HanLP.newSegment().enableNameRecognize(false).enablePlaceRecognize(false)
      .enableOrganizationRecognize(false).enableNumberQuantifierRecognize(false).enableCustomDictionaryForcing(false)
      .enableIndexMode(true).enableOffset(true);

  private SearchText() {}

  /** The terms a text is indexed by, separated by spaces, each once. */
  public static String terms(String text) {
    String normalized = ChineseText.normalize(text == null ? "" : text);
    Set<String> terms = new LinkedHashSet<>();
    for (Term t : INDEX.seg(normalized)) {
      if (indexable(t.word)) {
        terms.add(t.word.toLowerCase(Locale.ROOT));
      }
    }
    terms.addAll(bigrams(normalized));
    return String.join(" ", terms);
  }

  /**
   * A query as PostgreSQL tsquery text ({@code to_tsquery('simple', …)}): each word of the query must occur in
   * one of its forms. Empty when the query has no word to look for. Function words (的, 和, 在…) are left out
   * when the query has others.
   */
  public static String query(String query) {
    List<Term> words = WORDS.seg(ChineseText.normalize(query == null ? "" : query)).stream()
        .filter(t -> indexable(t.word)).toList();
    List<Term> content = words.stream().filter(t -> !functionWord(t)).toList();
    List<String> parts = new ArrayList<>();
    for (Term t : content.isEmpty() ? words : content) {
      String alternatives = forms(t.word.toLowerCase(Locale.ROOT)).stream()
          .map(form -> form.size() == 1 ? quote(form.get(0)) : "(" + form.stream().map(SearchText::quote)
              .collect(Collectors.joining(" & ")) + ")")
          .collect(Collectors.joining(" | "));
      parts.add(alternatives.contains(" | ") ? "(" + alternatives + ")" : alternatives);
    }
    return String.join(" & ", new LinkedHashSet<>(parts));
  }

  /** The words of a query and the pieces it may be found as, to mark in what was found. */
  public static List<String> highlights(String query) {
    Set<String> out = new LinkedHashSet<>();
    for (Term t : WORDS.seg(ChineseText.normalize(query == null ? "" : query))) {
      if (indexable(t.word) && !functionWord(t)) {
        forms(t.word).forEach(out::addAll);
      }
    }
    return out.stream().filter(w -> w.length() > 1 || !isHan(w.charAt(0))).sorted((a, b) -> b.length() - a.length()).toList();
  }

  /** How one query word may occur: as itself, as the dictionary words it is made of, as its bigrams. */
  static List<List<String>> forms(String word) {
    List<List<String>> forms = new ArrayList<>();
    forms.add(List.of(word));
    List<String> pieces = cover(word);
    if (pieces.size() > 1) {
      forms.add(pieces);
    }
    List<String> bigrams = new ArrayList<>(bigrams(word));
    if (bigrams.size() > 1 && !bigrams.equals(pieces)) {
      forms.add(bigrams);
    }
    return forms;
  }

  /** The word cut into the fewest smaller dictionary words that cover it end to end without overlap, if any. */
  static List<String> cover(String word) {
    List<Term> pieces = INDEX.seg(word).stream().filter(t -> !t.word.equals(word) && t.word.length() > 1).toList();
    int n = word.length();
    // best[i]: fewest pieces covering word[0, i); from[i]: the piece ending there
    int[] best = new int[n + 1];
    Term[] from = new Term[n + 1];
    Arrays.fill(best, Integer.MAX_VALUE);
    best[0] = 0;
    for (int i = 0; i < n; i++) {
      if (best[i] == Integer.MAX_VALUE) {
        continue;
      }
      for (Term p : pieces) {
        int end = p.offset + p.word.length();
        if (p.offset == i && end <= n && best[i] + 1 < best[end]) {
          best[end] = best[i] + 1;
          from[end] = p;
        }
      }
    }
    if (best[n] == Integer.MAX_VALUE) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int at = n; at > 0; at = from[at].offset) {
      out.add(0, from[at].word);
    }
    return out;
  }

  private static Set<String> bigrams(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream stream = BIGRAMS.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        if (indexable(term.toString())) {
          terms.add(term.toString());
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /** Letters and digits only: what PostgreSQL's parser keeps as one lexeme, and nothing tsquery would read as syntax. */
  private static boolean indexable(String word) {
    return !word.isEmpty() && word.chars().allMatch(Character::isLetterOrDigit);
  }

  private static boolean functionWord(Term t) {
    if (t.nature == null) {
      return false;
    }
    char pos = t.nature.firstChar();
    // particles, prepositions, conjunctions, modal particles, interjections, onomatopoeia
    return pos == 'u' || pos == 'p' || pos == 'c' || pos == 'y' || pos == 'e' || pos == 'o';
  }

  private static boolean isHan(char c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  private static String quote(String term) {
    return "'" + term + "'";
  }
}
