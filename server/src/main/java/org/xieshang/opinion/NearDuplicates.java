package org.xieshang.opinion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opinions that say the same thing in nearly the same words (a resent post, a copied petition, the
 * same point with a word changed): MinHash over character bigrams with locality-sensitive banding, each
 * candidate pair confirmed by its exact Jaccard similarity. Character bigrams rather than words, so a
 * segmentation difference does not hide a copy. Pure and deterministic.
 */
public final class NearDuplicates {
  /** Jaccard similarity of character bigrams at which two opinions count as the same. */
  public static final double SIMILARITY = 0.7;
  private static final int BANDS = 10;
  private static final int ROWS = 3;
  private static final int HASHES = BANDS * ROWS;
  /** A bucket's members are checked against this many earlier members, so a flood of copies stays linear. */
  private static final int PER_BUCKET = 6;

  private NearDuplicates() {}

  /**
   * Groups of indices of {@code texts} (already normalised) that are near duplicates of each other, each
   * group in ascending order; texts alike with nothing are in no group.
   */
  public static List<int[]> groups(List<String> texts) {
    int n = texts.size();
    int[][] shingles = new int[n][];
    long[][] signatures = new long[n][];
    for (int i = 0; i < n; i++) {
      shingles[i] = shingles(texts.get(i));
      signatures[i] = signature(shingles[i]);
    }
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int band = 0; band < BANDS; band++) {
      Map<Long, int[]> buckets = new HashMap<>();
      for (int i = 0; i < n; i++) {
        if (shingles[i].length == 0) {
          continue;
        }
        long key = band;
        for (int r = 0; r < ROWS; r++) {
          key = mix(key * 31 + signatures[i][band * ROWS + r]);
        }
        int[] members = buckets.computeIfAbsent(key, k -> new int[PER_BUCKET + 1]);
        int count = members[PER_BUCKET];
        for (int m = 0; m < count; m++) {
          if (find(parent, members[m]) != find(parent, i) && jaccard(shingles[members[m]], shingles[i]) >= SIMILARITY) {
            union(parent, members[m], i);
          }
        }
        if (count < PER_BUCKET) {
          members[count] = i;
          members[PER_BUCKET] = count + 1;
        }
      }
    }
    Map<Integer, List<Integer>> byRoot = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> g : byRoot.values()) {
      if (g.size() > 1) {
        out.add(g.stream().mapToInt(Integer::intValue).sorted().toArray());
      }
    }
    out.sort((a, b) -> Integer.compare(a[0], b[0]));
    return out;
  }

  /** The sorted distinct character bigrams of the text's letters and digits (punctuation and spaces left out). */
  public static int[] shingles(String text) {
    int[] cps = text.codePoints().filter(Character::isLetterOrDigit).toArray();
    if (cps.length == 1) {
      return new int[]{cps[0]};
    }
    int[] out = new int[Math.max(0, cps.length - 1)];
    for (int i = 0; i + 1 < cps.length; i++) {
      out[i] = cps[i] * 0x9E3779B1 ^ cps[i + 1];
    }
    return Arrays.stream(out).sorted().distinct().toArray();
  }

  public static double jaccard(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int both = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        both++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    int either = a.length + b.length - both;
    return either == 0 ? 0 : both / (double) either;
  }

  private static long[] signature(int[] shingles) {
    long[] sig = new long[HASHES];
    Arrays.fill(sig, Long.MAX_VALUE);
    for (int s : shingles) {
      long base = mix(s);
      for (int h = 0; h < HASHES; h++) {
        // h-th hash of the shingle: a cheap independent-enough family from one strong mix
        long v = mix(base + h * 0x9E3779B97F4A7C15L);
        if (v < sig[h]) {
          sig[h] = v;
        }
      }
    }
    return sig;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
