package org.xieshang.bench;

import org.xieshang.opinion.OpinionMap.Vote;
import org.xieshang.opinion.OpinionMap.Point;
import org.xieshang.opinion.OpinionMap.Representative;
import org.xieshang.opinion.OpinionMap.Group;
import org.xieshang.opinion.OpinionMap.Result;

import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/*
 * The opinion map of a conversation, by the Pol.is method: participants × statements vote matrix
 * (agree 1, disagree -1, pass 0), participants with at least min(7, statements) votes, missing votes
 * filled with the statement's mean, PCA to two dimensions, k-means for k = 2..5 with k chosen by
 * silhouette, preferring fewer groups unless more are clearly better (within {@link #K_MARGIN}).
 * Then per group the statements that set it apart, and the statements most agree on. Pure.
 */
/** The opinion map as it was before issue 23 (dense, filled matrix; k-means of all participants): the bench baseline. */
final class OldOpinionMap {
  /** A larger k must beat the best silhouette of fewer groups by more than this to be chosen. */
  static final double K_MARGIN = 0.02;
  static final int RESTARTS = 20;

  private OldOpinionMap() {}

  public static Result compute(List<String> statements, List<Vote> votes, long seed) {
    Map<String, Integer> col = new LinkedHashMap<>();
    statements.forEach(s -> col.put(s, col.size()));
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (Vote v : votes) {
      Integer c = col.get(v.statement());
      if (c == null) {
        continue;
      }
      double[] row = rows.computeIfAbsent(v.participant(), p -> {
        double[] r = new double[col.size()];
        Arrays.fill(r, Double.NaN);
        return r;
      });
      row[c] = v.value(); // the last vote counts
    }
    int m = col.size();
    int minVotes = Math.min(7, m);
    List<String> ids = new ArrayList<>();
    List<double[]> included = new ArrayList<>();
    rows.forEach((id, row) -> {
      if (Arrays.stream(row).filter(x -> !Double.isNaN(x)).count() >= minVotes) {
        ids.add(id);
        included.add(row);
      }
    });
    int n = included.size();
    if (n < 3) {
      throw new IllegalArgumentException("too few participants: " + n);
    }
    double[] mean = new double[m];
    for (int c = 0; c < m; c++) {
      double sum = 0;
      int count = 0;
      for (double[] r : included) {
        if (!Double.isNaN(r[c])) {
          sum += r[c];
          count++;
        }
      }
      mean[c] = count == 0 ? 0 : sum / count;
    }
    double[][] x = new double[n][m];
    double[] center = new double[m];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < m; c++) {
        x[i][c] = Double.isNaN(included.get(i)[c]) ? mean[c] : included.get(i)[c];
        center[c] += x[i][c] / n;
      }
    }
    for (double[] r : x) {
      for (int c = 0; c < m; c++) {
        r[c] -= center[c];
      }
    }
    double[][] projected = project(x, 2);

    Map<Integer, Double> silhouettes = new LinkedHashMap<>();
    Map<Integer, int[]> labels = new LinkedHashMap<>();
    for (int k = 2; k <= Math.min(5, n - 1); k++) {
      int[] lab = kmeans(projected, k, new Random(seed + k));
      labels.put(k, lab);
      silhouettes.put(k, silhouette(projected, lab, k));
    }
    int k = 2;
    double best = silhouettes.get(2);
    for (int candidate : silhouettes.keySet()) {
      if (silhouettes.get(candidate) > best + K_MARGIN) {
        k = candidate;
        best = silhouettes.get(candidate);
      }
    }
    int[] groupOf = labels.get(k);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new Point(ids.get(i), projected[i][0], projected[i][1], groupOf[i]));
    }
    return describe(statements, included, groupOf, k, points, silhouettes);
  }

  /**
   * Top principal components of centred rows. Small matrices: the eigenvectors of the covariance matrix
   * (ojAlgo). Large ones: power iteration on the implicit covariance (v ← Xᵀ(Xv), with deflation), which
   * costs O(n·m) per step instead of O(n·m²) to build the covariance.
   */
  static double[][] project(double[][] x, int components) {
    int n = x.length;
    int m = x[0].length;
    double[][] vectors = (long) n * m * m <= 50_000_000L ? eigenvectors(x, components) : powerIteration(x, components);
    double[][] out = new double[n][components];
    for (int comp = 0; comp < components; comp++) {
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int c = 0; c < m; c++) {
          s += x[i][c] * vectors[comp][c];
        }
        out[i][comp] = s;
      }
    }
    return out;
  }

  public static double[][] eigenvectors(double[][] x, int components) {
    int n = x.length;
    int m = x[0].length;
    R064Store cov = R064Store.FACTORY.make(m, m);
    for (int a = 0; a < m; a++) {
      for (int b = a; b < m; b++) {
        double s = 0;
        for (double[] r : x) {
          s += r[a] * r[b];
        }
        cov.set(a, b, s / n);
        cov.set(b, a, s / n);
      }
    }
    Eigenvalue<Double> evd = Eigenvalue.R064.make(cov, true);
    evd.decompose(cov);
    double[] values = new double[m];
    evd.getEigenvalues(values, Optional.empty());
    MatrixStore<Double> v = evd.getV();
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> -values[i]));
    double[][] out = new double[components][m];
    for (int comp = 0; comp < components; comp++) {
      for (int c = 0; c < m; c++) {
        out[comp][c] = v.doubleValue(c, order[comp]);
      }
    }
    return out;
  }

  public static double[][] powerIteration(double[][] x, int components) {
    int n = x.length;
    int m = x[0].length;
    double[][] out = new double[components][];
    Random random = new Random(42);
    for (int comp = 0; comp < components; comp++) {
      double[] v = new double[m];
      for (int c = 0; c < m; c++) {
        v[c] = random.nextGaussian();
      }
      normalise(v);
      for (int iter = 0; iter < 200; iter++) {
        double[] xv = new double[n];
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int c = 0; c < m; c++) {
            s += x[i][c] * v[c];
          }
          xv[i] = s;
        }
        double[] next = new double[m];
        for (int i = 0; i < n; i++) {
          double w = xv[i];
          double[] row = x[i];
          for (int c = 0; c < m; c++) {
            next[c] += row[c] * w;
          }
        }
        for (int prev = 0; prev < comp; prev++) { // deflation: stay orthogonal to earlier components
          double dot = 0;
          for (int c = 0; c < m; c++) {
            dot += next[c] * out[prev][c];
          }
          for (int c = 0; c < m; c++) {
            next[c] -= dot * out[prev][c];
          }
        }
        normalise(next);
        double change = 0;
        for (int c = 0; c < m; c++) {
          change += Math.abs(Math.abs(next[c]) - Math.abs(v[c]));
        }
        v = next;
        if (change < 1e-9 * m) {
          break;
        }
      }
      out[comp] = v;
    }
    return out;
  }

  private static void normalise(double[] v) {
    double norm = 0;
    for (double d : v) {
      norm += d * d;
    }
    norm = Math.sqrt(norm);
    for (int c = 0; c < v.length; c++) {
      v[c] /= norm == 0 ? 1 : norm;
    }
  }

  /** k-means with k-means++ starts, best of several restarts by inertia; deterministic for a seed. */
  static int[] kmeans(double[][] p, int k, Random random) {
    int[] bestLabels = null;
    double bestInertia = Double.MAX_VALUE;
    for (int restart = 0; restart < RESTARTS; restart++) {
      double[][] centers = new double[k][];
      centers[0] = p[random.nextInt(p.length)].clone();
      for (int c = 1; c < k; c++) {
        double[] d = new double[p.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
          d[i] = Double.MAX_VALUE;
          for (int j = 0; j < c; j++) {
            d[i] = Math.min(d[i], dist2(p[i], centers[j]));
          }
          total += d[i];
        }
        double u = random.nextDouble() * total;
        int chosen = 0;
        for (double acc = d[0]; acc < u && chosen < p.length - 1; acc += d[++chosen]) {
          // walk to the chosen point
        }
        centers[c] = p[chosen].clone();
      }
      int[] labels = new int[p.length];
      for (int iter = 0; iter < 100; iter++) {
        boolean changed = false;
        for (int i = 0; i < p.length; i++) {
          int nearest = 0;
          for (int c = 1; c < k; c++) {
            if (dist2(p[i], centers[c]) < dist2(p[i], centers[nearest])) {
              nearest = c;
            }
          }
          changed |= labels[i] != nearest || iter == 0;
          labels[i] = nearest;
        }
        if (!changed) {
          break;
        }
        for (int c = 0; c < k; c++) {
          double[] sum = new double[p[0].length];
          int count = 0;
          for (int i = 0; i < p.length; i++) {
            if (labels[i] == c) {
              for (int d = 0; d < sum.length; d++) {
                sum[d] += p[i][d];
              }
              count++;
            }
          }
          if (count > 0) {
            for (int d = 0; d < sum.length; d++) {
              centers[c][d] = sum[d] / count;
            }
          }
        }
      }
      double inertia = 0;
      for (int i = 0; i < p.length; i++) {
        inertia += dist2(p[i], centers[labels[i]]);
      }
      if (inertia < bestInertia) {
        bestInertia = inertia;
        bestLabels = labels;
      }
    }
    return bestLabels;
  }

  /** Above this many participants the silhouette is estimated on a fixed random sample of them. */
  static final int SILHOUETTE_SAMPLE = 2000;

  /** Mean silhouette of a clustering (1: tight and apart, 0: on the border). */
  static double silhouette(double[][] all, int[] allLabels, int k) {
    double[][] p = all;
    int[] labels = allLabels;
    if (all.length > SILHOUETTE_SAMPLE) {
      Random random = new Random(7);
      p = new double[SILHOUETTE_SAMPLE][];
      labels = new int[SILHOUETTE_SAMPLE];
      for (int i = 0; i < SILHOUETTE_SAMPLE; i++) {
        int j = random.nextInt(all.length);
        p[i] = all[j];
        labels[i] = allLabels[j];
      }
    }
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      double[] sum = new double[k];
      int[] count = new int[k];
      for (int j = 0; j < p.length; j++) {
        if (i != j) {
          sum[labels[j]] += Math.sqrt(dist2(p[i], p[j]));
          count[labels[j]]++;
        }
      }
      double a = count[labels[i]] == 0 ? 0 : sum[labels[i]] / count[labels[i]];
      double b = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (c != labels[i] && count[c] > 0) {
          b = Math.min(b, sum[c] / count[c]);
        }
      }
      total += b == Double.MAX_VALUE || Math.max(a, b) == 0 ? 0 : (b - a) / Math.max(a, b);
    }
    return total / p.length;
  }

  private static double dist2(double[] a, double[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += (a[d] - b[d]) * (a[d] - b[d]);
    }
    return s;
  }

  /**
   * Per group, the statements it agrees (or disagrees) with far more than everyone else (Laplace-smoothed
   * shares, as Pol.is); overall, the statements most agree or disagree with, those every group agrees
   * with (the product of the groups' agreement), and those most often passed.
   */
  private static Result describe(List<String> statements, List<double[]> rows, int[] groupOf, int k, List<Point> points,
                                 Map<Integer, Double> silhouettes) {
    int m = statements.size();
    int[][] agree = new int[k][m];
    int[][] disagree = new int[k][m];
    int[][] seen = new int[k][m];
    int[] passes = new int[m];
    int[] sizes = new int[k];
    for (int i = 0; i < rows.size(); i++) {
      int g = groupOf[i];
      sizes[g]++;
      for (int c = 0; c < m; c++) {
        double v = rows.get(i)[c];
        if (Double.isNaN(v)) {
          continue;
        }
        seen[g][c]++;
        if (v > 0) {
          agree[g][c]++;
        } else if (v < 0) {
          disagree[g][c]++;
        } else {
          passes[c]++;
        }
      }
    }
    List<Group> groups = new ArrayList<>();
    double[] informed = new double[m];
    Arrays.fill(informed, 1);
    for (int g = 0; g < k; g++) {
      List<Representative> reps = new ArrayList<>();
      for (int c = 0; c < m; c++) {
        int restSeen = 0;
        int restAgree = 0;
        int restDisagree = 0;
        for (int h = 0; h < k; h++) {
          if (h != g) {
            restSeen += seen[h][c];
            restAgree += agree[h][c];
            restDisagree += disagree[h][c];
          }
        }
        double pa = (agree[g][c] + 1.0) / (seen[g][c] + 2.0);
        double pd = (disagree[g][c] + 1.0) / (seen[g][c] + 2.0);
        informed[c] *= pa;
        double ra = (restAgree + 1.0) / (restSeen + 2.0);
        double rd = (restDisagree + 1.0) / (restSeen + 2.0);
        if (pa > 0.5 && agree[g][c] >= 2) {
          reps.add(new Representative(statements.get(c), "agree", pa, ra));
        }
        if (pd > 0.5 && disagree[g][c] >= 2) {
          reps.add(new Representative(statements.get(c), "disagree", pd, rd));
        }
      }
      reps.sort(Comparator.comparingDouble((Representative r) -> -(r.inGroup() / r.outside())));
      groups.add(new Group(g, sizes[g], List.copyOf(reps.subList(0, Math.min(5, reps.size())))));
    }
    Integer[] order = new Integer[m];
    for (int c = 0; c < m; c++) {
      order[c] = c;
    }
    double[] agreeAll = new double[m];
    double[] disagreeAll = new double[m];
    double[] passAll = new double[m];
    for (int c = 0; c < m; c++) {
      int s = 0;
      int a = 0;
      int d = 0;
      for (int g = 0; g < k; g++) {
        s += seen[g][c];
        a += agree[g][c];
        d += disagree[g][c];
      }
      agreeAll[c] = (a + 1.0) / (s + 2.0);
      disagreeAll[c] = (d + 1.0) / (s + 2.0);
      passAll[c] = (passes[c] + 1.0) / (s + 2.0);
    }
    return new Result(points, k, silhouettes, groups,
        top(statements, order, agreeAll, 0.6), top(statements, order, disagreeAll, 0.6),
        top(statements, order, informed, 0), top(statements, order, passAll, 0.3));
  }

  private static List<String> top(List<String> statements, Integer[] order, double[] score, double threshold) {
    return Arrays.stream(order).filter(c -> score[c] >= threshold)
        .sorted(Comparator.comparingDouble(c -> -score[c])).limit(5).map(statements::get).toList();
  }
}
