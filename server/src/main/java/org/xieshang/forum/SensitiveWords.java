package org.xieshang.forum;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sensitive-word list (conf/sensitive-words.txt), matched in one pass over a text with an
 * Aho-Corasick double-array trie. Text is compared after NFKC folding (full-width to half-width),
 * lower-casing, and with spaces and punctuation dropped, so "敏 感 词" and "ＡＢＣ" still match.
 * A match does not reject a post: it holds it for a moderator, who sees the words found.
 */
public final class SensitiveWords {
  private final AhoCorasickDoubleArrayTrie<String> trie = new AhoCorasickDoubleArrayTrie<>();
  private final int size;

  public SensitiveWords(Collection<String> words) {
    TreeMap<String, String> map = new TreeMap<>();
    for (String w : words) {
      String key = fold(w);
      if (!key.isEmpty()) {
        map.put(key, w.strip());
      }
    }
    size = map.size();
    if (!map.isEmpty()) {
      trie.build(map);
    }
  }

  /** One word per line; blank lines and lines starting with # are ignored. */
  public static SensitiveWords load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
    return new SensitiveWords(lines);
  }

  public int size() {
    return size;
  }

  /** The listed words found in the text, in list spelling, sorted; empty when none. */
  public List<String> find(String text) {
    if (size == 0 || text == null) {
      return List.of();
    }
    TreeSet<String> found = new TreeSet<>();
    trie.parseText(fold(text), (AhoCorasickDoubleArrayTrie.IHit<String>) (begin, end, word) -> found.add(word));
    return List.copyOf(found);
  }

  static String fold(String text) {
    String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(n.length());
    n.codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
