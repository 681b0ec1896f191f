package org.xieshang.opinion;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The opinion groups found on real Pol.is conversations agree with the groups Pol.is found. */
class OpinionMapTest {
  static final Path POLIS = Path.of("..", "..", "shared", "data", "polis");

  @ParameterizedTest
  @ValueSource(strings = {"15-per-hour-seattle", "brexit-consensus"})
  void groupsAgreeWithPolisForAtLeastNinetyPercent(String conversation) throws Exception {
    Path dir = POLIS.resolve(conversation);
    assertTrue(Files.isDirectory(dir), "the shared Polis data is at " + dir.toAbsolutePath());
    PolisExport export = PolisExport.read(dir);
    OpinionMap.Result map = OpinionMap.compute(new ArrayList<>(export.statements().keySet()), export.votes(), 1);

    Map<String, String> polisGroup = new HashMap<>();
    int statements = export.statements().size();
    for (CSVRecord r : PolisExport.records(dir.resolve("participants-votes.csv"))) {
      if (!r.get("group-id").isEmpty() && Integer.parseInt(r.get("n-votes")) >= Math.min(7, statements)) {
        polisGroup.put(r.get("participant"), r.get("group-id"));
      }
    }
    Map<String, Integer> ours = new HashMap<>();
    map.points().forEach(p -> ours.put(p.participant(), p.group()));
    List<String> compared = polisGroup.keySet().stream().filter(ours::containsKey).toList();
    assertTrue(compared.size() >= 0.95 * polisGroup.size(), "we place nearly everyone Polis grouped");
    double agreement = bestAgreement(compared, polisGroup, ours, map.k());
    System.out.printf("%s: agreement %.3f, k=%d%n", conversation, agreement, map.k());
    assertTrue(agreement >= 0.90, conversation + ": agreement " + agreement + " with k=" + map.k() + " " + map.silhouettes());
    assertFalse(map.groups().get(0).representative().isEmpty(), "a group has statements that set it apart");
    assertFalse(map.groupInformed().isEmpty());
  }

  @org.junit.jupiter.api.Test
  void powerIterationFindsTheSameComponentsAsTheEigenDecomposition() {
    java.util.Random random = new java.util.Random(3);
    int n = 400;
    int m = 30;
    double[][] x = new double[n][m];
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian() * 3;
      double b = random.nextGaussian() * 1.5;
      for (int c = 0; c < m; c++) {
        x[i][c] = a * Math.sin(c) + b * Math.cos(2 * c) + random.nextGaussian() * 0.1;
      }
    }
    for (int c = 0; c < m; c++) {
      double mean = 0;
      for (double[] r : x) {
        mean += r[c] / n;
      }
      for (double[] r : x) {
        r[c] -= mean;
      }
    }
    double[][] exact = OpinionMap.eigenvectors(x, 2);
    double[][] power = OpinionMap.powerIteration(x, 2);
    for (int comp = 0; comp < 2; comp++) {
      double dot = 0;
      for (int c = 0; c < m; c++) {
        dot += exact[comp][c] * power[comp][c];
      }
      assertEquals(1.0, Math.abs(dot), 1e-6, "component " + comp);
    }
  }

  /** The share of participants in the same group under the best matching of our labels to Polis's. */
  static double bestAgreement(List<String> ids, Map<String, String> polis, Map<String, Integer> ours, int k) {
    List<String> labels = new ArrayList<>(new TreeSet<>(polis.values()));
    double best = 0;
    for (List<Integer> perm : permutations(k, labels.size())) {
      int same = 0;
      for (String id : ids) {
        if (perm.get(labels.indexOf(polis.get(id))) == ours.get(id)) {
          same++;
        }
      }
      best = Math.max(best, same / (double) ids.size());
    }
    return best;
  }

  static List<List<Integer>> permutations(int n, int length) {
    List<List<Integer>> out = new ArrayList<>();
    permute(n, length, new ArrayList<>(), out);
    return out;
  }

  private static void permute(int n, int length, List<Integer> prefix, List<List<Integer>> out) {
    if (prefix.size() == length) {
      out.add(List.copyOf(prefix));
      return;
    }
    for (int i = 0; i < Math.max(n, length); i++) {
      if (!prefix.contains(i)) {
        prefix.add(i);
        permute(n, length, prefix, out);
        prefix.remove(prefix.size() - 1);
      }
    }
  }

}
