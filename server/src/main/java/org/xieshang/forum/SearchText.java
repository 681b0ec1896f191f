package org.xieshang.forum;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Search terms for Chinese (and mixed) text: Lucene's CJK analyzer turns runs of Han characters
 * into overlapping bigrams and other words into lower-cased words, with full-width forms folded.
 * The same terms index a text (a PostgreSQL 'simple' tsvector) and make up a query (all terms must
 * occur), so any phrase of two or more characters finds the texts that contain it, without a
 * dictionary that might cut the query differently from the text.
 */
public final class SearchText {
  private static final Analyzer ANALYZER = new CJKAnalyzer(CJKAnalyzer.getDefaultStopSet());

  private SearchText() {}

  /** The terms of a text, separated by spaces, each at most once. */
  public static String terms(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream stream = ANALYZER.tokenStream("text", text == null ? "" : text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.join(" ", terms);
  }
}
