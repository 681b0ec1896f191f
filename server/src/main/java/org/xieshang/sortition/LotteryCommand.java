package org.xieshang.sortition;

import org.xieshang.platform.csv.SafeCsv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verifiable draw, in three steps, each leaving files anyone can read:
 *
 * <pre>
 * scripts/sortition lottery --categories C --respondents R --panel-size K [--algorithm leximin|maximin] [--panels 1000] --out DIR
 *     DIR/lottery.csv        the m numbered panels, by pseudonym (publish before the draw)
 *     DIR/probabilities.csv  each pseudonym's chance, in the distribution and in the lottery
 *     DIR/commitment.txt     SHA-256 of the secret seed (publish before the draw)
 *     DIR/private/           the seed and the pseudonyms' real ids (keep)
 * scripts/sortition draw --dir DIR --public-value "…"   (at the draw: e.g. that day's lottery numbers)
 *     DIR/public-value.txt, DIR/seed.txt (the seed revealed), DIR/result.json, DIR/private/panel.csv
 * scripts/verify-draw DIR
 *     recomputes the panel from the published files alone
 * </pre>
 */
public final class LotteryCommand {
  private LotteryCommand() {}

  public static void main(String[] args) {
    try {
      String command = args.length == 0 ? "" : args[0];
      String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
      switch (command) {
        case "lottery" -> System.out.println(prepare(rest).encodePrettily());
        case "draw" -> System.out.println(draw(rest).encodePrettily());
        case "verify" -> System.exit(verify(Path.of(rest.length == 0 ? "." : rest[0]), System.out) ? 0 : 1);
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
    } catch (SelectionError e) {
      System.err.println("无法抽选：" + e.getMessage());
      e.relaxations().forEach(r -> System.err.println("  可放宽：" + r));
      System.exit(3);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("scripts/sortition: " + e.getMessage());
      System.exit(2);
    }
  }

  static JsonObject prepare(String[] args) throws IOException {
    Map<String, String> o = SelectCommand.options(args);
    Quotas quotas = SelectCommand.readCategories(Path.of(SelectCommand.required(o, "categories")));
    SelectCommand.Table table = SelectCommand.readRespondents(Path.of(SelectCommand.required(o, "respondents")), quotas);
    int k = Integer.parseInt(SelectCommand.required(o, "panel-size"));
    int m = Integer.parseInt(o.getOrDefault("panels", "1000"));
    if (m < 1 || m > 1_000_000) {
      throw new IllegalArgumentException("--panels must be between 1 and 1000000");
    }
    String algorithm = o.getOrDefault("algorithm", "leximin").toLowerCase(Locale.ROOT);
    Path out = Path.of(SelectCommand.required(o, "out"));
    Files.createDirectories(out.resolve("private"));

    Pool pool = Pool.of(table.respondents(), quotas);
    Distribution d = switch (algorithm) {
      case "leximin" -> Leximin.leximin(pool, quotas, k);
      case "maximin" -> Leximin.maximin(pool, quotas, k);
      case "nash" -> Nash.nash(pool, quotas, k);
      case "diversimax" -> Diversimax.diversimax(pool, quotas, k);
      default -> throw new IllegalArgumentException("--algorithm must be leximin, maximin, nash or diversimax");
    };
    Lottery.Published published = Lottery.publish(d, table.respondents(), m);
    Files.writeString(out.resolve("lottery.csv"), published.lotteryCsv(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("probabilities.csv"), published.probabilitiesCsv(), StandardCharsets.UTF_8);
    try (Writer w = Files.newBufferedWriter(out.resolve("private/pseudonyms.csv"), StandardCharsets.UTF_8);
         SafeCsv csv = SafeCsv.open(w, "pseudonym", "id")) {
      for (Map.Entry<String, String> e : published.pseudonyms().entrySet()) {
        csv.printRecord(e.getValue(), e.getKey());
      }
    }
    Files.writeString(out.resolve("private/seed.txt"), published.seed() + "\n", StandardCharsets.US_ASCII);
    Files.writeString(out.resolve("commitment.txt"), published.commitment() + "\n", StandardCharsets.US_ASCII);
    JsonObject summary = new JsonObject()
        .put("algorithm", algorithm)
        .put("panels", m)
        .put("lottery_sha256", published.lotterySha256())
        .put("commitment", published.commitment())
        .put("min_probability", SelectCommand.round(d.minimum()))
        .put("lottery_min_probability", SelectCommand.round(published.lotteryMinimum()))
        .put("max_deviation", SelectCommand.round(published.maxDeviation()));
    Files.writeString(out.resolve("summary.json"), summary.encodePrettily(), StandardCharsets.UTF_8);
    return summary;
  }

  static JsonObject draw(String[] args) throws IOException {
    Map<String, String> o = SelectCommand.options(args);
    Path dir = Path.of(SelectCommand.required(o, "dir"));
    String publicValue = SelectCommand.required(o, "public-value").strip();
    if (Files.exists(dir.resolve("result.json"))) {
      throw new IllegalArgumentException("this lottery has been drawn already: " + dir.resolve("result.json"));
    }
    String seed = Files.readString(dir.resolve("private/seed.txt"), StandardCharsets.US_ASCII).strip();
    byte[] list = Files.readAllBytes(dir.resolve("lottery.csv"));
    List<List<String>> panels = Lottery.panels(new String(list, StandardCharsets.UTF_8));
    int number = Lottery.draw(seed, publicValue, Lottery.sha256Hex(list), panels.size());
    List<String> members = panels.get(number);
    Files.writeString(dir.resolve("public-value.txt"), publicValue + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("seed.txt"), seed + "\n", StandardCharsets.US_ASCII);
    JsonObject result = new JsonObject()
        .put("panel", number)
        .put("members", new JsonArray(members))
        .put("public_value", publicValue)
        .put("commitment", Files.readString(dir.resolve("commitment.txt")).strip())
        .put("lottery_sha256", Lottery.sha256Hex(list));
    Files.writeString(dir.resolve("result.json"), result.encodePrettily(), StandardCharsets.UTF_8);
    Map<String, String> ids = new HashMap<>();
    for (CSVRecord r : records(dir.resolve("private/pseudonyms.csv"))) {
      ids.put(r.get("pseudonym"), r.get("id"));
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("private/panel.csv"), StandardCharsets.UTF_8);
         SafeCsv csv = SafeCsv.open(w, "pseudonym", "id")) {
      for (String p : members) {
        csv.printRecord(p, ids.get(p));
      }
    }
    return result;
  }

  /** Checks a drawn lottery from its published files; prints what it checked. */
  static boolean verify(Path dir, PrintStream out) throws IOException {
    List<String> problems = new ArrayList<>();
    String seed = Files.readString(dir.resolve("seed.txt"), StandardCharsets.US_ASCII).strip();
    String commitment = Files.readString(dir.resolve("commitment.txt"), StandardCharsets.US_ASCII).strip();
    String publicValue = Files.readString(dir.resolve("public-value.txt"), StandardCharsets.UTF_8).strip();
    byte[] list = Files.readAllBytes(dir.resolve("lottery.csv"));
    JsonObject result = new JsonObject(Files.readString(dir.resolve("result.json"), StandardCharsets.UTF_8));
    if (!Lottery.sha256Hex(seed).equals(commitment)) {
      problems.add("种子与事先公布的承诺不符 (the seed does not hash to the commitment)");
    }
    if (!Lottery.sha256Hex(list).equals(result.getString("lottery_sha256"))) {
      problems.add("名单文件与抽签时不同 (lottery.csv changed since the draw)");
    }
    List<List<String>> panels = Lottery.panels(new String(list, StandardCharsets.UTF_8));
    int number = Lottery.draw(seed, publicValue, Lottery.sha256Hex(list), panels.size());
    if (number != result.getInteger("panel", -1)) {
      problems.add("按公开数据算得第 " + number + " 号名单，结果文件却为第 " + result.getInteger("panel") + " 号");
    }
    List<String> expected = panels.get(number);
    List<Object> claimed = result.getJsonArray("members", new JsonArray()).getList();
    if (!expected.equals(claimed)) {
      problems.add("结果中的成员与第 " + number + " 号名单不同 (members differ from panel " + number + ")");
    }
    if (problems.isEmpty()) {
      out.printf("抽签可复核 (verified): panel %d of %d, SHA-256(seed) = commitment, public value \"%s\"%n",
          number, panels.size(), publicValue);
      out.println(String.join(" ", expected));
      return true;
    }
    problems.forEach(p -> out.println("不符 (mismatch): " + p));
    return false;
  }

  private static List<CSVRecord> records(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      return csv.getRecords();
    }
  }
}
