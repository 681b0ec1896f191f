package org.xieshang.opinion;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.Collection;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The opinion map of a conversation, by the Pol.is method (docs/opinions.md says where ours differs):
 * <ol>
 *   <li>the sparse participants × statements vote matrix (agree 1, disagree -1, pass 0; unvoted cells stay empty);
 *   <li>in the conversation: participants with at least min(7, statements) votes, backfilled with the most active
 *       others up to 15;
 *   <li>PCA of every voter's votes centred on the statement's mean vote, unvoted cells 0 (Pol.is fills them with
 *       the mean and centres, which is the same), without ever building the dense matrix;
 *   <li>each participant projected on their own votes only, scaled by sqrt(statements / their votes);
 *   <li>about 100 base clusters (k-means) of the projected participants in the conversation;
 *   <li>groups: k-means of the base clusters weighted by their members, for k = 2 … min(5, 2 + bases / 12),
 *       k chosen by the largest silhouette over the base clusters;
 *   <li>per group the statements that set it apart, and the statements most agree on.
 * </ol>
 * Pure; deterministic for a seed.
 */
public final class OpinionMap {
  /** Pol.is: ptpts with this many votes (or every statement when fewer) are in the conversation. */
  static final int MIN_VOTES = 7;
  /** Pol.is: if fewer are in, the most active others are added up to this many. */
  static final int BACKFILL = 15;
  /** Pol.is's base-k. */
  static final int BASE_CLUSTERS = 100;
  /** Pol.is's max-k. */
  static final int MAX_GROUPS = 5;
  /** Restarts of the (small, weighted) group k-means from k-means++ starts; the lowest weighted inertia wins. */
  static final int RESTARTS = 30;

  public record Vote(String participant, String statement, int value) {}

  public record Point(String participant, double x, double y, int group) {}

  public record Representative(String statement, String direction, double inGroup, double outside) {}

  public record Group(int id, int size, List<Representative> representative) {}

  public record Result(List<Point> points, int k, Map<Integer, Double> silhouettes, List<Group> groups,
                       List<String> majorityAgree, List<String> majorityDisagree, List<String> groupInformed,
                       List<String> uncertain) {}

  /** The map of a set of votes, or, when none can be drawn, why not: a sentence a report prints instead of the groups. */
  public record Drawn(Result map, String why) {
    public static final Drawn NOTHING = new Drawn(null, null);
  }

  /**
   * Too few participants voted on enough statements to be placed on the map (Pol.is's rule: 7 votes, or every
   * statement when there are fewer; at least 3 such participants).
   */
  public static final class TooFewVoters extends IllegalArgumentException {
    private final int minVotes;
    private final int placed;
    private final int voters;

    TooFewVoters(int minVotes, int placed, int voters) {
      super(voters == 0 ? "no votes on the statements given"
          : "too few participants with " + minVotes + " votes or more: " + placed + " of " + voters + " voters");
      this.minVotes = minVotes;
      this.placed = placed;
      this.voters = voters;
    }

    /** Why the report has no opinion groups, in its own words. */
    public String sentence() {
      return "参与表态的 " + voters + " 人中，对 " + minVotes + " 条以上观点表态的仅 " + placed
          + " 人（至少需要 3 人），表态过少，本稿未作观点群体分析。";
    }
  }

  /**
   * The votes as compressed rows: participant i's votes are cols/vals[start[i] … start[i+1]), by statement, one per
   * statement (the last cast). Columns from shown on are statements moderated out (hiddenVoted of them have votes).
   */
  record Sparse(int rows, int cols, int shown, int hiddenVoted, int[] shownVotes, int[] start, int[] col, byte[] val) {
    int count(int i) {
      return start[i + 1] - start[i];
    }

    long nonZeros() {
      return start[rows];
    }
  }

  private OpinionMap() {}

  public static Result compute(List<String> statements, List<Vote> votes, long seed) {
    return compute(statements, List.of(), votes, seed);
  }

  /**
   * The map, with statements moderators hid treated as Pol.is treats them (it sets their column to 0 for everyone):
   * votes on them count towards being in the conversation, and each that was voted on counts as a statement every
   * participant answered with 0 when the projection is scaled; they move no one and are not described.
   */
  public static Result compute(List<String> statements, Collection<String> moderatedOut, List<Vote> votes,
                               long seed) {
    Built built = build(statements, moderatedOut, votes);
    Sparse x = built.x();
    List<String> ids = built.ids();
    int m = x.shown();
    int n = x.rows();
    int minVotes = Math.min(MIN_VOTES, m + x.hiddenVoted());
    List<Integer> in = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (x.count(i) >= minVotes) {
        in.add(i);
      }
    }
    // The product's own floor (Pol.is has none): a map needs three who voted enough; backfill does not count.
    if (in.size() < 3) {
      throw new TooFewVoters(minVotes, in.size(), n);
    }
    if (in.size() < BACKFILL) {
      boolean[] isIn = new boolean[n];
      in.forEach(i -> isIn[i] = true);
      Integer[] others = new Integer[n];
      for (int i = 0; i < n; i++) {
        others[i] = i;
      }
      Arrays.sort(others, Comparator.comparingInt((Integer i) -> -x.count(i)));
      for (int i = 0; i < n && in.size() < BACKFILL; i++) {
        if (!isIn[others[i]]) {
          in.add(others[i]);
        }
      }
      in.sort(null);
    }

    double[] mean = columnMeans(x);
    double[][] pcs = components(x, mean, 2);
    int p = in.size();
    double[][] projected = new double[p][];
    for (int a = 0; a < p; a++) {
      projected[a] = project(x, mean, pcs, in.get(a));
    }

    Random random = new Random(seed);
    int[] baseOf = kmeans(projected, null, Math.min(BASE_CLUSTERS, distinct(projected)), 1, random);
    int nb = 0;
    for (int b : baseOf) {
      nb = Math.max(nb, b + 1);
    }
    double[][] bases = new double[nb][2];
    double[] weight = new double[nb];
    for (int a = 0; a < p; a++) {
      bases[baseOf[a]][0] += projected[a][0];
      bases[baseOf[a]][1] += projected[a][1];
      weight[baseOf[a]]++;
    }
    for (int b = 0; b < nb; b++) {
      bases[b][0] /= weight[b];
      bases[b][1] /= weight[b];
    }
    double[][] distance = new double[nb][nb];
    for (int a = 0; a < nb; a++) {
      for (int b = 0; b < nb; b++) {
        distance[a][b] = Math.sqrt(dist2(bases[a], bases[b]));
      }
    }
    Map<Integer, Double> silhouettes = new LinkedHashMap<>();
    Map<Integer, int[]> clusterings = new LinkedHashMap<>();
    int maxK = Math.min(MAX_GROUPS, 2 + nb / 12);
    for (int k = 2; k <= Math.min(maxK, nb); k++) {
      int[] lab = kmeans(bases, weight, k, RESTARTS, new Random(seed + k));
      clusterings.put(k, lab);
      silhouettes.put(k, silhouette(distance, lab, k));
    }
    int k = 1;
    int[] groupOfBase = new int[nb];
    double best = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Integer, Double> e : silhouettes.entrySet()) {
      if (e.getValue() > best) {
        best = e.getValue();
        k = e.getKey();
        groupOfBase = clusterings.get(k);
      }
    }
    // groups numbered by size, largest first
    double[] size = new double[k];
    for (int b = 0; b < nb; b++) {
      size[groupOfBase[b]] += weight[b];
    }
    Integer[] order = new Integer[k];
    for (int g = 0; g < k; g++) {
      order[g] = g;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer g) -> -size[g]));
    int[] rename = new int[k];
    for (int g = 0; g < k; g++) {
      rename[order[g]] = g;
    }
    int[] groupOf = new int[p];
    List<Point> points = new ArrayList<>(p);
    for (int a = 0; a < p; a++) {
      groupOf[a] = rename[groupOfBase[baseOf[a]]];
      points.add(new Point(ids.get(in.get(a)), projected[a][0], projected[a][1], groupOf[a]));
    }
    return describe(statements, x, in, groupOf, k, points, silhouettes);
  }

  record Built(Sparse x, List<String> ids) {}

  static Sparse sparseOf(List<String> statements, List<Vote> votes) {
    return build(statements, List.of(), votes).x();
  }

  /** The compressed rows of the votes on the statements (then those moderated out), and each row's participant. */
  static Built build(List<String> statements, Collection<String> moderatedOut, List<Vote> votes) {
    Map<String, Integer> colOf = new HashMap<>();
    statements.forEach(s -> colOf.putIfAbsent(s, colOf.size()));
    int m = colOf.size();
    moderatedOut.forEach(s -> colOf.putIfAbsent(s, colOf.size()));
    Map<String, Integer> rowOf = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    int[] voteRow = new int[votes.size()];
    int[] voteCol = new int[votes.size()];
    int kept = 0;
    String lastId = null;
    Integer lastRow = null;
    for (Vote v : votes) {
      Integer c = colOf.get(v.statement());
      if (c == null) {
        continue;
      }
      Integer r = v.participant().equals(lastId) ? lastRow : rowOf.get(v.participant());
      if (r == null) {
        r = rowOf.size();
        rowOf.put(v.participant(), r);
        ids.add(v.participant());
      }
      lastId = v.participant();
      lastRow = r;
      voteRow[kept] = r;
      voteCol[kept] = c;
      kept++;
    }
    return new Built(sparse(rowOf.size(), colOf.size(), m, votes, voteRow, voteCol, kept, colOf), ids);
  }

  /** Compressed rows from the votes in order; a later vote on the same statement replaces the earlier. */
  private static Sparse sparse(int n, int m, int shown, List<Vote> votes, int[] voteRow, int[] voteCol, int kept,
                               Map<String, Integer> colOf) {
    byte[] value = new byte[kept];
    int j = 0;
    for (Vote v : votes) {
      if (colOf.containsKey(v.statement())) {
        value[j++] = (byte) Integer.signum(v.value());
      }
    }
    int[] start = new int[n + 1];
    for (int e = 0; e < kept; e++) {
      start[voteRow[e] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    long[] key = new long[kept]; // statement, then the vote's place in the list: the last of a statement is kept
    int[] fill = Arrays.copyOf(start, n);
    for (int e = 0; e < kept; e++) {
      key[fill[voteRow[e]]++] = ((long) voteCol[e] << 32) | e;
    }
    int[] col = new int[kept];
    byte[] val = new byte[kept];
    int[] outStart = new int[n + 1];
    int out = 0;
    for (int i = 0; i < n; i++) {
      Arrays.sort(key, start[i], start[i + 1]);
      for (int e = start[i]; e < start[i + 1]; e++) {
        int c = (int) (key[e] >>> 32);
        if (e + 1 < start[i + 1] && (int) (key[e + 1] >>> 32) == c) {
          continue;
        }
        col[out] = c;
        val[out] = value[(int) key[e]];
        out++;
      }
      outStart[i + 1] = out;
    }
    int[] shownVotes = new int[n];
    boolean[] hiddenVoted = new boolean[m];
    for (int i = 0; i < n; i++) {
      for (int e = outStart[i]; e < outStart[i + 1]; e++) {
        if (col[e] < shown) {
          shownVotes[i]++;
        } else {
          hiddenVoted[col[e]] = true;
        }
      }
    }
    int hidden = 0;
    for (boolean h : hiddenVoted) {
      hidden += h ? 1 : 0;
    }
    return new Sparse(n, m, shown, hidden, shownVotes, outStart, Arrays.copyOf(col, out), Arrays.copyOf(val, out));
  }

  static double[] columnMeans(Sparse x) {
    double[] sum = new double[x.cols()];
    int[] count = new int[x.cols()];
    for (int e = 0; e < x.nonZeros(); e++) {
      sum[x.col()[e]] += x.val()[e];
      count[x.col()[e]]++;
    }
    for (int c = 0; c < sum.length; c++) {
      sum[c] = count[c] == 0 || c >= x.shown() ? 0 : sum[c] / count[c];
    }
    return sum;
  }

  /** A participant on the components: their own votes only, pushed out by sqrt(statements / votes) (Pol.is). */
  static double[] project(Sparse x, double[] mean, double[][] pcs, int i) {
    double[] out = new double[pcs.length];
    for (int e = x.start()[i]; e < x.start()[i + 1]; e++) {
      int c = x.col()[e];
      double d = c < x.shown() ? x.val()[e] - mean[c] : 0;
      for (int k = 0; k < pcs.length; k++) {
        out[k] += d * pcs[k][c];
      }
    }
    int h = x.hiddenVoted();
    double scale = Math.sqrt((x.shown() + h) / (double) Math.max(1, x.shownVotes()[i] + h));
    for (int k = 0; k < out.length; k++) {
      out[k] *= scale;
    }
    return out;
  }

  /**
   * The top principal components of the centred votes (unvoted cells 0). When the rows are short enough, the
   * statement × statement covariance is built from the rows alone (Σ votes² per row) and its top vectors found by
   * orthogonal iteration on it; otherwise the same iteration on the implicit covariance (Xᵀ(X v), O(votes) a step).
   * The dense participants × statements matrix is never made.
   */
  static double[][] components(Sparse x, double[] mean, int components) {
    long squares = 0;
    for (int i = 0; i < x.rows(); i++) {
      squares += (long) x.count(i) * x.count(i);
    }
    int block = Math.min(x.cols(), components + 4);
    return components(x, mean, components,
        squares + 200L * x.cols() * x.cols() > 400L * Math.max(1, x.nonZeros()) * block);
  }

  /** implicit: iterate on Xᵀ(X v) rather than on the covariance built from the rows. */
  static double[][] components(Sparse x, double[] mean, int components, boolean implicit) {
    int m = x.cols();
    double[] centred = new double[(int) x.nonZeros()];
    for (int i = 0; i < x.rows(); i++) {
      for (int e = x.start()[i]; e < x.start()[i + 1]; e++) {
        centred[e] = x.col()[e] < x.shown() ? x.val()[e] - mean[x.col()[e]] : 0; // hidden: 0 for all (Pol.is)
      }
    }
    int block = Math.min(m, components + 4);
    double[][] q = new double[block][m];
    Random random = new Random(42);
    for (double[] v : q) {
      for (int c = 0; c < m; c++) {
        v[c] = random.nextGaussian();
      }
    }
    orthonormalise(q);
    Function<double[][], double[][]> times;
    if (!implicit) {
      double[] cov = new double[m * m];
      for (int i = 0; i < x.rows(); i++) {
        int s = x.start()[i];
        int t = x.start()[i + 1];
        for (int a = s; a < t; a++) { // columns ascending within a row: the upper triangle only
          double va = centred[a];
          int row = x.col()[a] * m;
          for (int b = a; b < t; b++) {
            cov[row + x.col()[b]] += va * centred[b];
          }
        }
      }
      for (int r = 0; r < m; r++) {
        for (int c = r + 1; c < m; c++) {
          cov[c * m + r] = cov[r * m + c];
        }
      }
      times = vs -> {
        double[][] out = new double[vs.length][m];
        for (int r = 0; r < m; r++) {
          int row = r * m;
          for (int j = 0; j < vs.length; j++) {
            double[] v = vs[j];
            double s = 0;
            for (int c = 0; c < m; c++) {
              s += cov[row + c] * v[c];
            }
            out[j][r] = s;
          }
        }
        return out;
      };
    } else {
      times = vs -> {
        double[][] out = new double[vs.length][m];
        for (int i = 0; i < x.rows(); i++) {
          int s = x.start()[i];
          int t = x.start()[i + 1];
          for (int j = 0; j < vs.length; j++) {
            double[] v = vs[j];
            double dot = 0;
            for (int e = s; e < t; e++) {
              dot += centred[e] * v[x.col()[e]];
            }
            if (dot != 0) {
              double[] o = out[j];
              for (int e = s; e < t; e++) {
                o[x.col()[e]] += dot * centred[e];
              }
            }
          }
        }
        return out;
      };
    }
    double[][] previous = null;
    for (int iter = 0; iter < 2000; iter++) {
      q = times.apply(q);
      orthonormalise(q);
      if (iter % 5 == 4) {
        double[][] ritz = rayleighRitz(q, times.apply(q), components);
        if (previous != null) {
          double change = 0;
          for (int k = 0; k < components; k++) {
            double dot = 0;
            for (int c = 0; c < m; c++) {
              dot += ritz[k][c] * previous[k][c];
            }
            change = Math.max(change, 1 - Math.abs(dot));
          }
          if (change < 1e-12) {
            return ritz;
          }
        }
        previous = ritz;
      }
    }
    return rayleighRitz(q, times.apply(q), components);
  }

  /**
   * Modified Gram-Schmidt on the rows; a row that vanishes (the covariance has lower rank) is replaced by the next
   * unit vector not yet spanned (rows ≤ columns, so one always is).
   */
  private static void orthonormalise(double[][] q) {
    int m = q[0].length;
    int unit = 0;
    for (int j = 0; j < q.length; j++) {
      for (int attempt = 0; ; attempt++) {
        double before = 0;
        for (double d : q[j]) {
          before += d * d;
        }
        before = Math.sqrt(before);
        for (int pass = 0; pass < 2; pass++) {
          for (int i = 0; i < j; i++) {
            double dot = 0;
            for (int c = 0; c < m; c++) {
              dot += q[j][c] * q[i][c];
            }
            for (int c = 0; c < m; c++) {
              q[j][c] -= dot * q[i][c];
            }
          }
        }
        double norm = 0;
        for (double d : q[j]) {
          norm += d * d;
        }
        norm = Math.sqrt(norm);
        if (norm > 1e-9 * before || attempt > m) {
          for (int c = 0; c < m; c++) {
            q[j][c] /= norm == 0 ? 1 : norm;
          }
          break;
        }
        Arrays.fill(q[j], 0);
        q[j][unit++ % m] = 1;
      }
    }
  }

  /** The top vectors of the covariance within the span of q (q orthonormal, cq = C·q). */
  private static double[][] rayleighRitz(double[][] q, double[][] cq, int components) {
    int b = q.length;
    int m = q[0].length;
    double[][] t = new double[b][b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        double s = 0;
        for (int c = 0; c < m; c++) {
          s += q[i][c] * cq[j][c];
        }
        t[i][j] = s;
      }
    }
    for (int i = 0; i < b; i++) { // symmetrise rounding
      for (int j = i + 1; j < b; j++) {
        double s = (t[i][j] + t[j][i]) / 2;
        t[i][j] = s;
        t[j][i] = s;
      }
    }
    double[][] small = jacobi(t, Math.min(components, b));
    double[][] out = new double[components][m];
    for (int k = 0; k < small.length; k++) {
      for (int i = 0; i < b; i++) {
        for (int c = 0; c < m; c++) {
          out[k][c] += small[k][i] * q[i][c];
        }
      }
    }
    return out;
  }

  /**
   * The top eigenvectors of a small symmetric matrix by cyclic Jacobi rotations (a few vectors: no library, which
   * would cost more to load than this costs to run).
   */
  static double[][] jacobi(double[][] matrix, int components) {
    int b = matrix.length;
    double[][] a = new double[b][];
    for (int i = 0; i < b; i++) {
      a[i] = matrix[i].clone();
    }
    double[][] v = new double[b][b];
    for (int i = 0; i < b; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double scale = 0;
      for (int i = 0; i < b; i++) {
        scale += a[i][i] * a[i][i];
        for (int j = i + 1; j < b; j++) {
          off += a[i][j] * a[i][j];
        }
      }
      if (off <= 1e-30 * Math.max(scale, 1e-300)) {
        break;
      }
      for (int p = 0; p < b; p++) {
        for (int r = p + 1; r < b; r++) {
          if (a[p][r] == 0) {
            continue;
          }
          double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < b; k++) { // columns p, r
            double akp = a[k][p];
            double akr = a[k][r];
            a[k][p] = c * akp - s * akr;
            a[k][r] = s * akp + c * akr;
          }
          for (int k = 0; k < b; k++) { // rows p, r
            double apk = a[p][k];
            double ark = a[r][k];
            a[p][k] = c * apk - s * ark;
            a[r][k] = s * apk + c * ark;
          }
          for (int k = 0; k < b; k++) {
            double vkp = v[k][p];
            double vkr = v[k][r];
            v[k][p] = c * vkp - s * vkr;
            v[k][r] = s * vkp + c * vkr;
          }
        }
      }
    }
    Integer[] order = new Integer[b];
    for (int i = 0; i < b; i++) {
      order[i] = i;
    }
    double[][] diag = a;
    Arrays.sort(order, Comparator.comparingDouble(i -> -diag[i][i]));
    double[][] out = new double[components][b];
    for (int comp = 0; comp < components; comp++) {
      for (int k = 0; k < b; k++) {
        out[comp][k] = v[k][order[comp]];
      }
    }
    return out;
  }

  private static double[][] topEigenvectors(R064Store matrix, int size, int components) {
    Eigenvalue<Double> evd = Eigenvalue.R064.make(matrix, true);
    evd.decompose(matrix);
    double[] values = new double[size];
    evd.getEigenvalues(values, Optional.empty());
    MatrixStore<Double> v = evd.getV();
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> -values[i]));
    double[][] out = new double[components][size];
    for (int comp = 0; comp < components; comp++) {
      for (int c = 0; c < size; c++) {
        out[comp][c] = v.doubleValue(c, order[comp]);
      }
    }
    return out;
  }

  /** The reference for tests: the top eigenvectors of the covariance of dense centred rows (ojAlgo). */
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
    return topEigenvectors(cov, m, components);
  }

  private static int distinct(double[][] p) {
    Set<List<Double>> seen = new HashSet<>();
    for (double[] q : p) {
      seen.add(List.of(q[0], q[1]));
      if (seen.size() > BASE_CLUSTERS) {
        break;
      }
    }
    return seen.size();
  }

  /**
   * Weighted k-means (weights null: all 1) from k-means++ starts, the best of the restarts by weighted inertia.
   * Labels are 0 … (clusters found − 1); an emptied cluster is dropped.
   */
  static int[] kmeans(double[][] p, double[] weight, int k, int restarts, Random random) {
    int n = p.length;
    int[] bestLabels = null;
    double bestInertia = Double.MAX_VALUE;
    for (int restart = 0; restart < restarts; restart++) {
      double[][] centers = new double[k][];
      double[] d = new double[n];
      Arrays.fill(d, Double.MAX_VALUE);
      int first = pick(random, weight, null, n);
      centers[0] = p[first].clone();
      int made = 1;
      for (int c = 1; c < k; c++) {
        double total = 0;
        for (int i = 0; i < n; i++) {
          d[i] = Math.min(d[i], dist2(p[i], centers[c - 1]));
          total += d[i] * (weight == null ? 1 : weight[i]);
        }
        if (total == 0) {
          break; // fewer distinct points than k
        }
        centers[c] = p[pick(random, weight, d, n)].clone();
        made++;
      }
      centers = Arrays.copyOf(centers, made);
      int[] labels = new int[n];
      double spread = 0;
      for (double[] q : p) {
        spread = Math.max(spread, Math.abs(q[0]) + Math.abs(q[1]));
      }
      Integer[] byX = new Integer[made];
      double[] xs = new double[made];
      for (int iter = 0; iter < 100; iter++) {
        // nearest centre: centres sorted by x, searched outwards from the point's x until dx² exceeds the best
        for (int c = 0; c < made; c++) {
          byX[c] = c;
        }
        double[][] cs = centers;
        Arrays.sort(byX, Comparator.comparingDouble(c -> cs[c][0]));
        for (int c = 0; c < made; c++) {
          xs[c] = centers[byX[c]][0];
        }
        for (int i = 0; i < n; i++) {
          double px = p[i][0];
          int at = Arrays.binarySearch(xs, px);
          at = at < 0 ? -at - 1 : at;
          int nearest = labels[i] < made ? labels[i] : 0;
          double nd = dist2(p[i], centers[nearest]);
          for (int j = at; j < made; j++) {
            double dx = xs[j] - px;
            if (dx * dx >= nd) {
              break;
            }
            double dc = dist2(p[i], centers[byX[j]]);
            if (dc < nd || (dc == nd && byX[j] < nearest)) {
              nd = dc;
              nearest = byX[j];
            }
          }
          for (int j = at - 1; j >= 0; j--) {
            double dx = px - xs[j];
            if (dx * dx >= nd) {
              break;
            }
            double dc = dist2(p[i], centers[byX[j]]);
            if (dc < nd || (dc == nd && byX[j] < nearest)) {
              nd = dc;
              nearest = byX[j];
            }
          }
          labels[i] = nearest;
        }
        double[][] sum = new double[made][2];
        double[] total = new double[made];
        for (int i = 0; i < n; i++) {
          double w = weight == null ? 1 : weight[i];
          sum[labels[i]][0] += w * p[i][0];
          sum[labels[i]][1] += w * p[i][1];
          total[labels[i]] += w;
        }
        double moved = 0;
        for (int c = 0; c < made; c++) {
          if (total[c] > 0) {
            double[] next = {sum[c][0] / total[c], sum[c][1] / total[c]};
            moved = Math.max(moved, dist2(next, centers[c]));
            centers[c] = next;
          }
        }
        // converged: no centre moved more than a thousandth of the map's extent (Pol.is: 0.01 in its units)
        if (moved <= 1e-6 * spread * spread) {
          break;
        }
      }
      double inertia = 0;
      for (int i = 0; i < n; i++) {
        inertia += (weight == null ? 1 : weight[i]) * dist2(p[i], centers[labels[i]]);
      }
      if (inertia < bestInertia) {
        bestInertia = inertia;
        bestLabels = labels;
      }
    }
    // renumber densely (a cluster may have lost every member)
    int[] dense = new int[k];
    Arrays.fill(dense, -1);
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (dense[bestLabels[i]] < 0) {
        dense[bestLabels[i]] = next++;
      }
      bestLabels[i] = dense[bestLabels[i]];
    }
    return bestLabels;
  }

  /** An index drawn with probability ∝ weight × d (d null: ∝ weight). */
  private static int pick(Random random, double[] weight, double[] d, int n) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += (weight == null ? 1 : weight[i]) * (d == null ? 1 : d[i]);
    }
    double u = random.nextDouble() * total;
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += (weight == null ? 1 : weight[i]) * (d == null ? 1 : d[i]);
      if (acc > u) {
        return i;
      }
    }
    return n - 1;
  }

  /**
   * Mean silhouette over the base clusters, each counted once (as Pol.is: its distances are between base cluster
   * centres, unweighted); a base cluster alone in its group scores 0. Fewer than k groups found: -1 (not chosen).
   */
  static double silhouette(double[][] distance, int[] labels, int k) {
    int n = labels.length;
    int found = 0;
    for (int l : labels) {
      found = Math.max(found, l + 1);
    }
    if (found < k) {
      return -1;
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      double[] sum = new double[k];
      int[] count = new int[k];
      for (int j = 0; j < n; j++) {
        if (i != j) {
          sum[labels[j]] += distance[i][j];
          count[labels[j]]++;
        }
      }
      if (count[labels[i]] == 0) {
        continue; // alone: 0
      }
      double a = sum[labels[i]] / count[labels[i]];
      double b = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (c != labels[i] && count[c] > 0) {
          b = Math.min(b, sum[c] / count[c]);
        }
      }
      total += b == Double.MAX_VALUE || Math.max(a, b) == 0 ? 0 : (b - a) / Math.max(a, b);
    }
    return total / n;
  }

  private static double dist2(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    return dx * dx + dy * dy;
  }

  /**
   * Per group, the statements it agrees (or disagrees) with far more than everyone else (Laplace-smoothed
   * shares, as Pol.is); overall, the statements most agree or disagree with, those every group agrees
   * with (the product of the groups' agreement), and those most often passed.
   */
  private static Result describe(List<String> statements, Sparse x, List<Integer> in, int[] groupOf, int k,
                                 List<Point> points, Map<Integer, Double> silhouettes) {
    int m = statements.size();
    int[][] agree = new int[k][m];
    int[][] disagree = new int[k][m];
    int[][] seen = new int[k][m];
    int[] passes = new int[m];
    int[] sizes = new int[k];
    for (int a = 0; a < in.size(); a++) {
      int g = groupOf[a];
      int i = in.get(a);
      sizes[g]++;
      for (int e = x.start()[i]; e < x.start()[i + 1]; e++) {
        int c = x.col()[e];
        int v = x.val()[e];
        if (c >= m) {
          continue; // moderated out
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
