package org.xieshang.opinion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Our groups against the groups Pol.is assigned (participants-votes.csv, group-id): among the participants Pol.is
 * grouped who are in our conversation, the share in the same group under the best one-to-one matching of labels
 * (every matching tried: at most 5 labels a side), and the confusion between the two.
 */
public record PolisComparison(String conversation, int polisK, int ourK, int polisGrouped, int compared,
                              double agreement, List<String> polisLabels, int[][] confusion, int[] matchOf) {

  /** Reads the export in dir, draws our map, and compares. */
  public static PolisComparison of(Path dir, long seed) throws IOException {
    PolisExport export = PolisExport.read(dir);
    OpinionMap.Result map = export.map(seed);
    return of(dir.getFileName().toString(), PolisExport.polisGroups(dir), map);
  }

  public static PolisComparison of(String name, Map<String, String> polis, OpinionMap.Result map) {
    Map<String, Integer> ours = new HashMap<>();
    map.points().forEach(p -> ours.put(p.participant(), p.group()));
    List<String> labels = new ArrayList<>(new TreeSet<>(polis.values()));
    int[][] confusion = new int[labels.size()][map.k()];
    int compared = 0;
    for (Map.Entry<String, String> e : polis.entrySet()) {
      Integer g = ours.get(e.getKey());
      if (g != null) {
        confusion[labels.indexOf(e.getValue())][g]++;
        compared++;
      }
    }
    int[] best = new int[labels.size()];
    int bestSame = bestMatching(confusion, map.k(), 0, new int[labels.size()], new boolean[Math.max(map.k(), 1)], 0,
        new int[]{-1}, best);
    return new PolisComparison(name, labels.size(), map.k(), polis.size(), compared,
        compared == 0 ? 0 : bestSame / (double) compared, labels, confusion, best);
  }

  /** Brute force over one-to-one matchings of Pol.is labels to ours (a label may stay unmatched). */
  private static int bestMatching(int[][] confusion, int k, int row, int[] match, boolean[] used, int same,
                                  int[] bestSame, int[] best) {
    if (row == confusion.length) {
      if (same > bestSame[0]) {
        bestSame[0] = same;
        System.arraycopy(match, 0, best, 0, match.length);
      }
      return bestSame[0];
    }
    match[row] = -1;
    bestMatching(confusion, k, row + 1, match, used, same, bestSame, best);
    for (int g = 0; g < k; g++) {
      if (!used[g]) {
        used[g] = true;
        match[row] = g;
        bestMatching(confusion, k, row + 1, match, used, same + confusion[row][g], bestSame, best);
        used[g] = false;
      }
    }
    return bestSame[0];
  }

  /** Agreement, both k, and the confusion (rows: Pol.is's groups; columns: ours). */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%s: agreement %.3f (%d of %d Pol.is grouped compared), k Pol.is %d, ours %d%n",
        conversation, agreement, compared, polisGrouped, polisK, ourK));
    out.append("  Pol.is \\ ours");
    for (int g = 0; g < ourK; g++) {
      out.append(String.format("%7d", g));
    }
    out.append("   matched to\n");
    for (int r = 0; r < confusion.length; r++) {
      out.append(String.format("  %-13s", polisLabels.get(r)));
      for (int v : confusion[r]) {
        out.append(String.format("%7d", v));
      }
      out.append("   ").append(matchOf[r] < 0 ? "-" : Integer.toString(matchOf[r])).append('\n');
    }
    return out.toString();
  }
}
