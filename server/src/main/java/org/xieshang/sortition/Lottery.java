package org.xieshang.sortition;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A uniform lottery over m numbered panels made from a distribution (Flanigan et al., "Fair and
 * transparent sortition"): each panel of the distribution gets a number of the m places by largest
 * remainders (Hamilton's method), and within each type the members are dealt round the places in
 * turn, so that everyone of a type sits on the same number of panels, give or take one. Everyone's
 * chance is then (panels they sit on) / m, within a few thousandths of the distribution's. The draw
 * picks panel number SHA-256(seed : public value : hash of the published list) mod m, so it can be
 * checked by anyone once the seed, committed to by its hash beforehand, is revealed.
 */
public final class Lottery {
  private Lottery() {}

  /** The m panels, each a list of respondents, in the order they are numbered (0 … m-1). */
  public static List<List<Respondent>> round(Distribution d, int m) {
    int n = d.panels().size();
    int[] places = new int[n];
    double[] remainder = new double[n];
    int given = 0;
    for (int p = 0; p < n; p++) {
      double exact = d.probabilities()[p] * m;
      places[p] = (int) Math.floor(exact + 1e-9);
      remainder[p] = exact - places[p];
      given += places[p];
    }
    while (given < m) { // the largest remainders get the places left
      int best = 0;
      for (int p = 1; p < n; p++) {
        if (remainder[p] > remainder[best]) {
          best = p;
        }
      }
      places[best]++;
      remainder[best] = -1;
      given++;
    }
    while (given > m) { // only by rounding error: take from the smallest remainders
      int worst = -1;
      for (int p = 0; p < n; p++) {
        if (places[p] > 0 && (worst < 0 || remainder[p] < remainder[worst])) {
          worst = p;
        }
      }
      places[worst]--;
      remainder[worst] = 2;
      given--;
    }
    List<List<Respondent>> out = new ArrayList<>();
    int[] next = new int[d.pool().types().size()]; // where each type's dealing continues
    for (int p = 0; p < n; p++) {
      int[] counts = d.panels().get(p);
      for (int copy = 0; copy < places[p]; copy++) {
        List<Respondent> panel = new ArrayList<>();
        for (Pool.Type t : d.pool().types()) {
          for (int i = 0; i < counts[t.index()]; i++) {
            panel.add(t.members().get(next[t.index()]));
            next[t.index()] = (next[t.index()] + 1) % t.size();
          }
        }
        out.add(panel);
      }
    }
    return out;
  }

  /** Everyone's chance in the lottery: the share of the m panels they sit on. */
  public static Map<String, Double> probabilities(List<List<Respondent>> panels) {
    Map<String, Double> out = new HashMap<>();
    for (List<Respondent> panel : panels) {
      for (Respondent r : panel) {
        out.merge(r.id(), 1.0 / panels.size(), Double::sum);
      }
    }
    return out;
  }

  /** The number of the panel drawn. */
  public static int draw(String seed, String publicValue, String listSha256, int m) {
    byte[] h = sha256(seed + ":" + publicValue.strip() + ":" + listSha256);
    return new BigInteger(1, h).mod(BigInteger.valueOf(m)).intValue();
  }

  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
