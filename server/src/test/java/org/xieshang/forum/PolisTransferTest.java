package org.xieshang.forum;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.opinion.OpinionMap;
import org.xieshang.opinion.PolisExport;
import org.xieshang.support.SharedData;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** A Pol.is conversation moves into a theme and back out unchanged (up to the ids). */
class PolisTransferTest {
  static final Path POLIS = SharedData.POLIS;
  @RegisterExtension
  static final TestApp app = TestApp.perClass();
  static String staff;

  @BeforeAll
  static void up() {
    staff = app.login("staff");
  }

  static long theme() {
    return Themes.open(app, staff, Themes.body(app, "导入的网络议政", "Pol.is 会话"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"15-per-hour-seattle", "brexit-consensus"})
  void aConversationRoundTrips(String conversation) throws Exception {
    Path dir = POLIS.resolve(conversation);
    long theme = theme();
    JsonObject files = new JsonObject()
        .put("comments", Files.readString(dir.resolve("comments.csv")))
        .put("votes", Files.readString(dir.resolve("votes.csv")));
    TestApp.Reply imported = app.post("/api/themes/" + theme + "/polis", files, staff);
    assertEquals(200, imported.status(), imported.body());
    PolisExport original = PolisExport.read(dir);
    Map<String, List<String>> originalVotes = byVoter(original);
    long distinctVotes = Files.readAllLines(dir.resolve("votes.csv")).stream().skip(1)
        .map(l -> l.split(",")).map(f -> f[f.length - 3] + "/" + f[f.length - 2]).distinct().count();
    assertEquals(distinctVotes, imported.json().getLong("votes"), "each participant's last vote per statement");

    TestApp.Reply again = app.post("/api/themes/" + theme + "/polis", files, staff);
    assertEquals(imported.json(), again.json(), "importing the same files again changes nothing");

    Path out = Files.createTempDirectory("polis-export");
    for (String file : List.of("comments.csv", "votes.csv")) {
      TestApp.Reply r = app.get("/api/themes/" + theme + "/polis/" + file, staff);
      assertEquals(200, r.status());
      Files.writeString(out.resolve(file), r.body(), StandardCharsets.UTF_8);
    }
    PolisExport exported = PolisExport.read(out);
    assertEquals(new TreeMap<>(countBodies(original)), new TreeMap<>(countBodies(exported)), "the same statements");
    assertEquals(sorted(originalVotes), sorted(byVoter(exported)), "the same people voted the same way");
    long agreeSum = app.count("SELECT sum(agree) FROM forum_statement WHERE theme_id = " + theme);
    assertEquals(app.count("SELECT count(*) FROM forum_vote v JOIN forum_statement s ON s.id = v.statement_id "
        + "WHERE s.theme_id = " + theme + " AND v.vote = 1"), agreeSum, "counts agree with the votes");
  }

  @Test
  void aBadFileIsRefusedNamingItsLineAndNothingIsImported() {
    long theme = theme();
    String comments = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        + "1,x,0,5,0,0,1,应当增加公交班次\n";
    String votes = "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,0,8,5\n";
    TestApp.Reply r = app.post("/api/themes/" + theme + "/polis", new JsonObject().put("comments", comments)
        .put("votes", votes), staff);
    assertEquals(422, r.status());
    JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("votes", error.getString("field"));
    assertTrue(error.getString("message").contains("第 3 行"), error.encode());
    assertEquals(0, app.count("SELECT count(*) FROM forum_statement WHERE theme_id = " + theme));
    assertEquals(403, app.post("/api/themes/" + theme + "/polis", new JsonObject().put("comments", comments)
        .put("votes", votes.replace(",5\n", ",1\n")), app.login("member01")).status());
  }

  /** Statements a spreadsheet would run as formulas: each comes out behind an apostrophe and reads back unchanged. */
  @Test
  void formulaLikeStatementsAreExportedAsTextAndReadBackUnchanged() throws Exception {
    long theme = theme();
    List<String> bodies = List.of("=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"点此\")", "@SUM(A1:A9)",
        "+1+2 应当增加", "-2+3 公交班次", "\t=1+1 制表符开头", "\r=1+1 回车开头", "普通的意见");
    StringBuilder comments = new StringBuilder("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n");
    for (int i = 0; i < bodies.size(); i++) {
      comments.append(i + 1).append(",x,").append(i).append(",5,0,0,1,\"")
          .append(bodies.get(i).replace("\"", "\"\"")).append("\"\n");
    }
    String votes = "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,-1\n";
    TestApp.Reply imported = app.post("/api/themes/" + theme + "/polis",
        new JsonObject().put("comments", comments.toString()).put("votes", votes), staff);
    assertEquals(200, imported.status(), imported.body());

    String csv = app.get("/api/themes/" + theme + "/polis/comments.csv", staff).body();
    List<String> exported = new ArrayList<>();
    try (var parser = org.apache.commons.csv.CSVParser.parse(csv,
        org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      parser.forEach(r -> exported.add(r.get("comment-body")));
    }
    assertEquals(bodies.size(), exported.size());
    for (String cell : exported) {
      assertFalse(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "a cell a spreadsheet would run: " + cell);
    }
    assertTrue(exported.contains("'=cmd|' /C calc'!A0"), exported.toString());
    assertTrue(exported.contains("普通的意见"), "a plain text is left as it is");
    String votesCsv = app.get("/api/themes/" + theme + "/polis/votes.csv", staff).body();
    assertTrue(votesCsv.strip().endsWith(",-1"), "a number stays a number: " + votesCsv);

    Path out = Files.createTempDirectory("polis-formulas");
    Files.writeString(out.resolve("comments.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("votes.csv"), votesCsv, StandardCharsets.UTF_8);
    assertEquals(new java.util.TreeSet<>(bodies), new java.util.TreeSet<>(PolisExport.read(out).statements().values()),
        "reading our own export back gives the statements as they were written");
  }

  /** Per voter, their votes as "statement text → vote", sorted: equal up to how people and statements are numbered. */
  static Map<String, List<String>> byVoter(PolisExport e) {
    Map<String, Map<String, Integer>> last = new LinkedHashMap<>();
    for (OpinionMap.Vote v : e.votes()) {
      if (e.statements().containsKey(v.statement())) {
        last.computeIfAbsent(v.participant(), k -> new TreeMap<>()).put(e.statements().get(v.statement()), v.value());
      }
    }
    Map<String, List<String>> out = new HashMap<>();
    last.forEach((p, votes) -> {
      List<String> list = new ArrayList<>();
      votes.forEach((text, value) -> list.add(text + "→" + value));
      out.put(p, list);
    });
    return out;
  }

  static List<String> sorted(Map<String, List<String>> byVoter) {
    return byVoter.values().stream().map(l -> String.join("|", l)).sorted().toList();
  }

  static Map<String, Integer> countBodies(PolisExport e) {
    Map<String, Integer> out = new HashMap<>();
    e.statements().values().forEach(b -> out.merge(b, 1, Integer::sum));
    return out;
  }
}
