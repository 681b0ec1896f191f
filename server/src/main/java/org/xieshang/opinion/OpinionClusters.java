package org.xieshang.opinion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Clusters of opinions (shown to staff as the analysis's themes, not online themes): each opinion a TF-IDF vector of its content words, grouped by spherical k-means
 * (cosine similarity, k-means++ starts, seeded), with k from 2 to 12 chosen by the silhouette on a sample.
 * Pure and deterministic for a given seed.
 */
public final class OpinionClusters {
  static final int MAX_CLUSTERS = 12;
  private static final int SAMPLE = 1500;
  private static final int ITERATIONS = 30;

  /**
   * @param assignment cluster of each document, −1 for documents with no word in the vocabulary
   * @param similarity cosine similarity of each document to its cluster's centre
   */
  public record Result(int k, int[] assignment, double[] similarity) {}

  /** A document as sorted word ids with L2-normalised TF-IDF weights. */
  record Doc(int[] terms, float[] weights) {
    double dot(float[] centre) {
      double s = 0;
      for (int i = 0; i < terms.length; i++) {
        s += weights[i] * centre[terms[i]];
      }
      return s;
    }

    double dot(Doc o) {
      double s = 0;
      int i = 0;
      int j = 0;
      while (i < terms.length && j < o.terms.length) {
        if (terms[i] == o.terms[j]) {
          s += weights[i++] * o.weights[j++];
        } else if (terms[i] < o.terms[j]) {
          i++;
        } else {
          j++;
        }
      }
      return s;
    }
  }

  private OpinionClusters() {}

  /**
   * @param documents each document's content words
   * @param weights   how many opinions each document stands for (near duplicates are one document)
   */
  public static Result cluster(List<List<String>> documents, double[] weights, long seed) {
    List<String> vocabulary = new ArrayList<>();
    Doc[] docs = vectors(documents, vocabulary);
    int[] usable = IntStream.range(0, docs.length).filter(i -> docs[i].terms.length > 0).toArray();
    if (usable.length == 0) { // no opinions, or none with a content word ("同意。"): no clusters
      int[] none = new int[docs.length];
      Arrays.fill(none, -1);
      return new Result(0, none, new double[docs.length]);
    }
    int k = chooseK(docs, usable, weights, vocabulary.size(), seed);
    float[][] centres = best(docs, usable, weights, vocabulary.size(), k, seed, restarts(usable.length));
    int[] assignment = new int[docs.length];
    double[] similarity = new double[docs.length];
    Arrays.fill(assignment, -1);
    for (int i : usable) {
      assign(docs[i], centres, assignment, similarity, i);
    }
    return new Result(k, assignment, similarity);
  }

  /** TF-IDF (sublinear term frequency) over words that occur in at least two documents once there are 50. */
  static Doc[] vectors(List<List<String>> documents, List<String> vocabulary) {
    int n = documents.size();
    Map<String, Integer> df = new HashMap<>();
    for (List<String> d : documents) {
      d.stream().distinct().forEach(w -> df.merge(w, 1, Integer::sum));
    }
    int minDf = n >= 50 ? 2 : 1;
    Map<String, Integer> ids = new HashMap<>();
    df.entrySet().stream().filter(e -> e.getValue() >= minDf).map(Map.Entry::getKey).sorted().forEach(w -> {
      ids.put(w, vocabulary.size());
      vocabulary.add(w);
    });
    double[] idf = new double[vocabulary.size()];
    for (int t = 0; t < idf.length; t++) {
      idf[t] = Math.log((1.0 + n) / (1.0 + df.get(vocabulary.get(t)))) + 1;
    }
    Doc[] out = new Doc[n];
    for (int i = 0; i < n; i++) {
      Map<Integer, Integer> tf = new HashMap<>();
      for (String w : documents.get(i)) {
        Integer id = ids.get(w);
        if (id != null) {
          tf.merge(id, 1, Integer::sum);
        }
      }
      int[] terms = tf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      float[] weights = new float[terms.length];
      double norm = 0;
      for (int j = 0; j < terms.length; j++) {
        double w = (1 + Math.log(tf.get(terms[j]))) * idf[terms[j]];
        weights[j] = (float) w;
        norm += w * w;
      }
      for (int j = 0; j < terms.length; j++) {
        weights[j] /= (float) Math.sqrt(norm);
      }
      out[i] = new Doc(terms, weights);
    }
    return out;
  }

  /** The number of clusters with the best silhouette on a sample; a larger k must beat a smaller by 0.01. */
  static int chooseK(Doc[] docs, int[] usable, double[] weights, int dims, long seed) {
    int maxK = Math.min(MAX_CLUSTERS, usable.length / 2);
    if (maxK < 2) {
      return 1;
    }
    int[] sample = usable.clone();
    shuffle(sample, new Random(seed));
    sample = Arrays.copyOf(sample, Math.min(SAMPLE, sample.length));
    int m = sample.length;
    float[][] distance = new float[m][m];
    for (int a = 0; a < m; a++) {
      for (int b = a + 1; b < m; b++) {
        distance[a][b] = distance[b][a] = (float) (1 - docs[sample[a]].dot(docs[sample[b]]));
      }
    }
    int bestK = 1;
    double bestScore = 0.02; // below this no grouping is better than one cluster
    for (int k = 2; k <= maxK; k++) {
      float[][] centres = best(docs, sample, weights, dims, k, seed, restarts(m));
      int[] label = new int[m];
      for (int a = 0; a < m; a++) {
        label[a] = nearest(docs[sample[a]], centres);
      }
      double score = silhouette(distance, label, k);
      if (score > bestScore + (bestK == 1 ? 0 : 0.01)) {
        bestScore = score;
        bestK = k;
      }
    }
    return bestK;
  }

  static double silhouette(float[][] distance, int[] label, int k) {
    int m = label.length;
    double total = 0;
    for (int a = 0; a < m; a++) {
      double[] sum = new double[k];
      int[] count = new int[k];
      for (int b = 0; b < m; b++) {
        if (b != a) {
          sum[label[b]] += distance[a][b];
          count[label[b]]++;
        }
      }
      if (count[label[a]] == 0) {
        continue; // a singleton's silhouette is 0
      }
      double own = sum[label[a]] / count[label[a]];
      double other = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (c != label[a] && count[c] > 0) {
          other = Math.min(other, sum[c] / count[c]);
        }
      }
      if (other != Double.MAX_VALUE) {
        total += (other - own) / Math.max(own, other);
      }
    }
    return total / m;
  }

  /** k-means finds a local best; small sets can afford more tries. */
  static int restarts(int documents) {
    return documents <= 500 ? 10 : documents <= 5000 ? 5 : 3;
  }

  /** The best of several seeded k-means runs by total weighted similarity. */
  static float[][] best(Doc[] docs, int[] members, double[] weights, int dims, int k, long seed, int restarts) {
    float[][] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < restarts; r++) {
      float[][] centres = kMeans(docs, members, weights, dims, k, new Random(seed * 31 + r));
      double score = 0;
      for (int i : members) {
        score += weights[i] * docs[i].dot(centres[nearest(docs[i], centres)]);
      }
      if (score > bestScore) {
        bestScore = score;
        best = centres;
      }
    }
    return best;
  }

  static float[][] kMeans(Doc[] docs, int[] members, double[] weights, int dims, int k, Random random) {
    float[][] centres = new float[k][];
    // k-means++: each next centre drawn with probability ∝ weight × distance to the nearest chosen one
    double[] closest = new double[members.length];
    Arrays.fill(closest, 1);
    for (int c = 0; c < k; c++) {
      double total = 0;
      for (int j = 0; j < members.length; j++) {
        total += weights[members[j]] * closest[j];
      }
      double pick = random.nextDouble() * total;
      int chosen = members.length - 1;
      for (int j = 0; j < members.length; j++) {
        pick -= weights[members[j]] * closest[j];
        if (pick <= 0) {
          chosen = j;
          break;
        }
      }
      centres[c] = dense(docs[members[chosen]], dims);
      for (int j = 0; j < members.length; j++) {
        closest[j] = Math.min(closest[j], Math.max(0, 1 - docs[members[j]].dot(centres[c])));
      }
    }
    int[] label = new int[members.length];
    Arrays.fill(label, -1);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      boolean changed = false;
      for (int j = 0; j < members.length; j++) {
        int c = nearest(docs[members[j]], centres);
        changed |= c != label[j];
        label[j] = c;
      }
      if (!changed) {
        break;
      }
      float[][] sums = new float[k][dims];
      for (int j = 0; j < members.length; j++) {
        Doc d = docs[members[j]];
        for (int t = 0; t < d.terms.length; t++) {
          sums[label[j]][d.terms[t]] += (float) (weights[members[j]] * d.weights[t]);
        }
      }
      for (int c = 0; c < k; c++) {
        double norm = 0;
        for (float v : sums[c]) {
          norm += v * v;
        }
        if (norm > 0) {
          for (int t = 0; t < dims; t++) {
            sums[c][t] /= (float) Math.sqrt(norm);
          }
          centres[c] = sums[c];
        } // an emptied cluster keeps its old centre
      }
    }
    return centres;
  }

  private static void assign(Doc d, float[][] centres, int[] assignment, double[] similarity, int i) {
    int c = nearest(d, centres);
    assignment[i] = c;
    similarity[i] = d.dot(centres[c]);
  }

  static int nearest(Doc d, float[][] centres) {
    int best = 0;
    double bestSim = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < centres.length; c++) {
      double s = d.dot(centres[c]);
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    return best;
  }

  private static float[] dense(Doc d, int dims) {
    float[] out = new float[dims];
    for (int t = 0; t < d.terms.length; t++) {
      out[d.terms[t]] = d.weights[t];
    }
    return out;
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
