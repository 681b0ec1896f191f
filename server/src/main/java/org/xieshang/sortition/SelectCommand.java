package org.xieshang.sortition;

import org.xieshang.platform.csv.SafeCsv;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * scripts/sortition select --categories categories.csv --respondents respondents.csv --panel-size K
 *   --algorithm leximin|maximin|nash|diversimax|legacy [--seed S] [--runs N] --out DIR
 *
 * Reads the Sortition Foundation / Panelot files (categories.csv: category,feature,min,max;
 * respondents.csv: a column per category, optional id and household columns) and writes
 * DIR/probabilities.csv (id,probability), DIR/panel.csv (the drawn panel) and DIR/summary.json.
 */
public final class SelectCommand {
  static final Set<String> HOUSEHOLD_COLUMNS = Set.of("household", "household_key", "address");

  private SelectCommand() {}

  public static void main(String[] args) {
    try {
      System.out.println(run(args).encodePrettily());
    } catch (SelectionError e) {
      System.err.println("无法抽选：" + e.getMessage());
      e.relaxations().forEach(r -> System.err.println("  可放宽：" + r));
      System.exit(3);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("scripts/sortition: " + e.getMessage());
      System.exit(2);
    }
  }

  static JsonObject run(String[] args) throws IOException {
    Map<String, String> o = options(args);
    Quotas quotas = readCategories(Path.of(required(o, "categories")));
    Table table = readRespondents(Path.of(required(o, "respondents")), quotas);
    int k = Integer.parseInt(required(o, "panel-size"));
    String algorithm = o.getOrDefault("algorithm", "leximin").toLowerCase(Locale.ROOT);
    long seed = o.containsKey("seed") ? Long.parseLong(o.get("seed")) : new SecureRandom().nextLong();
    Path out = Path.of(required(o, "out"));
    Files.createDirectories(out);

    long start = System.nanoTime();
    Map<String, Double> probabilities;
    List<Respondent> panel;
    int panels;
    switch (algorithm) {
      case "leximin", "maximin", "nash", "diversimax" -> {
        Pool pool = Pool.of(table.respondents(), quotas);
        Distribution d = switch (algorithm) {
          case "leximin" -> Leximin.leximin(pool, quotas, k);
          case "maximin" -> Leximin.maximin(pool, quotas, k);
          case "nash" -> Nash.nash(pool, quotas, k);
          default -> Diversimax.diversimax(pool, quotas, k);
        };
        probabilities = d.byRespondent();
        panel = d.draw(seed);
        panels = (int) Arrays.stream(d.probabilities()).filter(p -> p > 1e-9).count();
      }
      case "legacy" -> {
        Pool.of(table.respondents(), quotas); // checks every value against the quotas
        int runs = Integer.parseInt(o.getOrDefault("runs", "1000"));
        probabilities = Legacy.estimate(table.respondents(), quotas, k, runs, seed);
        panel = Legacy.draw(table.respondents(), quotas, k, new Random(seed));
        panels = runs;
      }
      default -> throw new IllegalArgumentException("--algorithm must be leximin, maximin, nash, diversimax or legacy");
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    try (Writer w = Files.newBufferedWriter(out.resolve("probabilities.csv"), StandardCharsets.UTF_8);
         SafeCsv csv = SafeCsv.open(w, "id", "probability")) {
      for (Respondent r : table.respondents()) {
        csv.printRecord(r.id(), String.format(Locale.ROOT, "%.6f", probabilities.get(r.id())));
      }
    }
    try (Writer w = Files.newBufferedWriter(out.resolve("panel.csv"), StandardCharsets.UTF_8);
         SafeCsv csv = SafeCsv.open(w, table.header().toArray(String[]::new))) {
      for (Respondent r : panel) {
        csv.printRecord(table.rows().get(r.id()));
      }
    }
    double[] values = probabilities.values().stream().mapToDouble(Double::doubleValue).toArray();
    JsonObject summary = new JsonObject()
        .put("algorithm", algorithm)
        .put("respondents", table.respondents().size())
        .put("panel_size", k)
        .put("seed", seed)
        .put("min_probability", round(Arrays.stream(values).min().orElse(0)))
        .put("gini", round(Distribution.gini(values)))
        .put("seconds", round(seconds))
        .put("panels", panels);
    Files.writeString(out.resolve("summary.json"), summary.encodePrettily(), StandardCharsets.UTF_8);
    return summary;
  }

  record Table(List<String> header, List<Respondent> respondents, Map<String, List<String>> rows) {}

  static Quotas readCategories(Path file) throws IOException {
    Map<String, Map<String, Quotas.Bounds>> categories = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build())) {
      for (CSVRecord row : csv) {
        String category = row.get("category");
        String feature = row.get("feature");
        int min = Integer.parseInt(row.get("min"));
        int max = Integer.parseInt(row.get("max"));
        if (min < 0 || max < min) {
          throw new IllegalArgumentException(file + " line " + row.getRecordNumber() + ": min and max must satisfy 0 ≤ min ≤ max");
        }
        categories.computeIfAbsent(category, c -> new LinkedHashMap<>()).put(feature, new Quotas.Bounds(min, max));
      }
    } catch (IllegalStateException | NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
    return new Quotas(categories);
  }

  static Table readRespondents(Path file, Quotas quotas) throws IOException {
    List<Respondent> respondents = new ArrayList<>();
    Map<String, List<String>> rows = new HashMap<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build())) {
      List<String> header = csv.getHeaderNames();
      for (String category : quotas.categories().keySet()) {
        if (!header.contains(category)) {
          throw new IllegalArgumentException(file + " has no column for the category " + category);
        }
      }
      String household = header.stream().filter(h -> HOUSEHOLD_COLUMNS.contains(h.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
      for (CSVRecord row : csv) {
        String id = header.contains("id") ? row.get("id") : Long.toString(row.getRecordNumber());
        Map<String, String> features = new HashMap<>();
        quotas.categories().keySet().forEach(c -> features.put(c, row.get(c)));
        String h = household == null ? null : row.get(household);
        respondents.add(new Respondent(id, features, h == null || h.isBlank() ? null : h));
        if (rows.put(id, row.toList()) != null) {
          throw new IllegalArgumentException(file + ": the id " + id + " appears twice");
        }
      }
      return new Table(header, respondents, rows);
    }
  }

  static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required (scripts/sortition --help)");
    }
    return v;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    int i = 0;
    if (args.length > 0 && args[0].equals("select")) {
      i = 1;
    }
    for (; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
