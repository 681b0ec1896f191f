package org.xieshang.sortition;

import org.xieshang.platform.csv.SafeCsv;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /**
   * What a draw publishes beforehand and what it keeps: lottery.csv (panel number, members by
   * pseudonym), probabilities.csv (each pseudonym's chance in the distribution and in the lottery), the
   * secret seed (256 random bits, hex), and the pseudonyms (id → pseudonym, in the shuffled order they
   * were given, so the numbers say nothing about the people). Used by the command line and the product,
   * so scripts/verify-draw checks both.
   */
  public record Published(String lotteryCsv, String probabilitiesCsv, String seed, Map<String, String> pseudonyms,
                          double lotteryMinimum, double maxDeviation) {
    public String lotterySha256() {
      return sha256Hex(lotteryCsv.getBytes(StandardCharsets.UTF_8));
    }

    public String commitment() {
      return sha256Hex(seed);
    }
  }

  public static Published publish(Distribution d, List<Respondent> respondents, int m) {
    List<List<Respondent>> panels = round(d, m);
    Map<String, Double> exact = d.byRespondent();
    Map<String, Double> inLottery = probabilities(panels);
    SecureRandom random = new SecureRandom();
    List<Respondent> order = new ArrayList<>(respondents);
    Collections.shuffle(order, random);
    Map<String, String> pseudonyms = new LinkedHashMap<>();
    int width = Math.max(4, Integer.toString(order.size()).length());
    for (int i = 0; i < order.size(); i++) {
      pseudonyms.put(order.get(i).id(), String.format("P%0" + width + "d", i + 1));
    }
    double deviation = 0;
    double minimum = 1;
    StringWriter list = new StringWriter();
    StringWriter chances = new StringWriter();
    try (SafeCsv l = SafeCsv.open(list, "panel", "members");
         SafeCsv c = SafeCsv.open(chances, "pseudonym", "distribution_probability", "lottery_probability")) {
      for (int i = 0; i < panels.size(); i++) {
        l.printRecord(i, String.join(" ", panels.get(i).stream().map(r -> pseudonyms.get(r.id())).sorted().toList()));
      }
      for (Respondent r : order) {
        double a = exact.get(r.id());
        double b = inLottery.getOrDefault(r.id(), 0.0);
        deviation = Math.max(deviation, Math.abs(a - b));
        minimum = Math.min(minimum, b);
        c.printRecord(pseudonyms.get(r.id()), String.format(Locale.ROOT, "%.6f", a), String.format(Locale.ROOT, "%.6f", b));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return new Published(list.toString(), chances.toString(), HexFormat.of().formatHex(seed), pseudonyms,
        order.isEmpty() ? 0 : minimum, deviation);
  }

  /** The panels of a published lottery.csv, by pseudonym, in their numbered order. */
  public static List<List<String>> panels(String lotteryCsv) {
    try (CSVParser parser = CSVParser.parse(new StringReader(lotteryCsv),
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      List<List<String>> out = new ArrayList<>();
      for (CSVRecord r : parser) {
        String members = r.get("members").strip();
        out.add(members.isEmpty() ? List.of() : List.of(members.split(" ")));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
