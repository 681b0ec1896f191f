package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The verifiable lottery: rounding to m panels, commit–reveal, and checking from the published files. */
class LotteryTest {

  @Test
  void roundingKeepsTheQuotasAndEveryonesChanceWithinAFewThousandths() {
    Quotas q = SelectionTest.quotas(9, 20);
    Distribution d = Leximin.leximin(Pool.of(SelectionTest.skewed(), q), q, 20);
    List<List<Respondent>> panels = Lottery.round(d, 1000);
    assertEquals(1000, panels.size());
    for (List<Respondent> panel : panels) {
      assertEquals(20, panel.size());
      assertEquals(20, new HashSet<>(panel).size(), "nobody twice on a panel");
      long women = panel.stream().filter(r -> r.features().get("gender").equals("female")).count();
      long conservatives = panel.stream().filter(r -> r.features().get("leaning").equals("conservative")).count();
      assertTrue(women >= 9 && women <= 20 && conservatives >= 9 && conservatives <= 20);
    }
    Map<String, Double> exact = d.byRespondent();
    Map<String, Double> lottery = Lottery.probabilities(panels);
    exact.forEach((id, p) -> assertEquals(p, lottery.getOrDefault(id, 0.0), 0.003, id));
  }

  @Test
  void aDrawIsReproducedFromThePublishedFilesAndTamperingIsCaught() throws Exception {
    Path dir = Files.createTempDirectory("lottery");
    Path categories = dir.resolve("categories.csv");
    Files.writeString(categories, "category,feature,min,max\ngender,female,9,20\ngender,male,9,20\n"
        + "leaning,liberal,9,20\nleaning,conservative,9,20\n");
    StringBuilder respondents = new StringBuilder("id,gender,leaning\n");
    for (Respondent r : SelectionTest.skewed()) {
      respondents.append(r.id()).append(',').append(r.features().get("gender")).append(',')
          .append(r.features().get("leaning")).append('\n');
    }
    Files.writeString(dir.resolve("respondents.csv"), respondents);
    Path out = dir.resolve("draw");
    JsonObject summary = LotteryCommand.prepare(new String[]{"--categories", categories.toString(), "--respondents",
        dir.resolve("respondents.csv").toString(), "--panel-size", "20", "--out", out.toString()});
    assertTrue(summary.getDouble("max_deviation") <= 0.003, summary.encode());
    String published = Files.readString(out.resolve("lottery.csv")) + Files.readString(out.resolve("probabilities.csv"));
    assertFalse(published.contains("fc") || published.contains("fl1") || published.contains("mc1"),
        "published files carry pseudonyms only");
    assertFalse(Files.exists(out.resolve("seed.txt")), "the seed stays secret until the draw");

    JsonObject result = LotteryCommand.draw(new String[]{"--dir", out.toString(), "--public-value", "2026-11-26 福彩3D 428"});
    assertEquals(20, result.getJsonArray("members").size());
    assertThrows(IllegalArgumentException.class, () -> LotteryCommand.draw(new String[]{"--dir", out.toString(),
        "--public-value", "another value"}), "a lottery is drawn once");
    assertTrue(verify(out), "the published files reproduce the draw");
    List<String> ids = new ArrayList<>();
    Files.readAllLines(out.resolve("private/panel.csv")).stream().skip(1).forEach(l -> ids.add(l.split(",")[1]));
    assertEquals(20, ids.size());

    String value = Files.readString(out.resolve("public-value.txt"));
    Files.writeString(out.resolve("public-value.txt"), "2026-11-26 福彩3D 429\n");
    assertFalse(verify(out), "another public value gives another panel");
    Files.writeString(out.resolve("public-value.txt"), value);
    String seed = Files.readString(out.resolve("seed.txt"));
    Files.writeString(out.resolve("seed.txt"), seed.replace(seed.charAt(0), seed.charAt(0) == 'a' ? 'b' : 'a'));
    assertFalse(verify(out), "a seed other than the committed one is caught");
    Files.writeString(out.resolve("seed.txt"), seed);
    String list = Files.readString(out.resolve("lottery.csv"));
    Files.writeString(out.resolve("lottery.csv"), list.replaceFirst("P0*1 ", "P0002 "));
    assertFalse(verify(out), "a changed list is caught");
    Files.writeString(out.resolve("lottery.csv"), list);
    assertTrue(verify(out));
  }

  static boolean verify(Path dir) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    return LotteryCommand.verify(dir, new PrintStream(text, true, StandardCharsets.UTF_8));
  }
}
