package org.xieshang.opinion;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.xieshang.platform.text.ChineseText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpinionAnalysisTest {
  /** Opinions as people write them, on three subjects; the subject is the first element. */
  static final String[][] OPINIONS = {
      {"停车", "老旧小区停车位太少，晚上回家根本找不到地方停车。"},
      {"停车", "建议利用小区周边闲置空地建设立体停车场，缓解停车难。"},
      {"停车", "机关单位的停车场晚上空着，可以错时向周边居民开放停车。"},
      {"停车", "路边停车收费标准不透明，希望公开停车收费的依据。"},
      {"停车", "小区里车辆乱停乱放，堵住了消防通道，停车管理要跟上。"},
      {"停车", "医院门口停车特别难，建议增设临时停车泊位。"},
      {"停车", "新建小区要按标准配建停车位，不能只卖房不管停车。"},
      {"停车", "夜间临时停车泊位可以缓解老旧小区停车压力。"},
      {"养老", "独居老人没人照料，希望社区提供上门养老服务。"},
      {"养老", "建议每个社区都办老年食堂，让老人吃上热饭。"},
      {"养老", "养老院收费太高，普通家庭的老人负担不起。"},
      {"养老", "养老护理人员太少，要加强养老护理人才培养。"},
      {"养老", "农村留守老人养老问题突出，可以发展互助养老。"},
      {"养老", "社区养老服务中心覆盖率低，很多老人不知道去哪里。"},
      {"养老", "对养老机构给予运营补贴，降低老人入住费用。"},
      {"养老", "高龄老人行动不便，社区养老服务要送到家门口。"},
      {"供水", "偏远村组还没有通自来水，群众饮水要靠挑井水。"},
      {"供水", "自来水管网老化，夏天经常停水。"},
      {"供水", "建议推进城乡供水一体化，让农村用上和城里一样的自来水。"},
      {"供水", "乡镇水厂的水质不稳定，希望定期检测水质并公示。"},
      {"供水", "要加强水源地保护，保障饮水安全。"},
      {"供水", "供水管网改造要统筹规划，避免反复开挖。"},
      {"供水", "农村自来水水费收缴不规范，有的村多收水费。"},
      {"供水", "干旱季节农村饮水困难，需要建设应急供水设施。"},
  };
  static final String[] VENUES = {"雁江区分会场", "安岳县分会场", "乐至县分会场"};

  static List<JsonObject> units(String[][] opinions) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < opinions.length; i++) {
      out.add(new JsonObject().put("id", 100L + i).put("channel", i % 2 == 0 ? "SPEECH" : "POST").put("text", opinions[i][1])
          .put("venue", VENUES[i % 3]).put("sector", "农业界").put("authorKind", i % 4 == 0 ? "DRAWN_PUBLIC" : "MEMBER"));
    }
    return out;
  }

  static JsonObject analyse(List<JsonObject> units) {
    return OpinionAnalysis.analyse(units, (stage, done) -> { });
  }

  static Set<Long> ids(JsonArray array) {
    return array.stream().map(o -> ((Number) o).longValue()).collect(Collectors.toSet());
  }

  @Test
  void opinionsOnThreeSubjectsFallIntoThreeThemesNamedByTheirSubject() {
    List<JsonObject> units = units(OPINIONS);
    JsonObject analysis = analyse(units);
    JsonArray themes = analysis.getJsonArray("themes");
    assertEquals(3, themes.size(), themes.encodePrettily());
    Set<Long> seen = new HashSet<>();
    for (Object o : themes) {
      JsonObject theme = (JsonObject) o;
      Set<Long> members = ids(theme.getJsonArray("units"));
      seen.addAll(members);
      Map<String, Long> subjects = members.stream().collect(Collectors.groupingBy(id -> OPINIONS[(int) (id - 100)][0],
          Collectors.counting()));
      String subject = subjects.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      assertTrue(subjects.get(subject) >= 7, "a theme holds one subject's opinions: " + subjects);
      assertTrue(theme.getString("label").contains(subject), theme.getString("label") + " names " + subject);
      assertEquals(members.size(), theme.getInteger("count"));
      // counts by venue add up, and quotes are distinct opinions of the theme
      int byVenue = theme.getJsonObject("byVenue").stream().mapToInt(e -> (Integer) e.getValue()).sum();
      assertEquals(members.size(), byVenue);
      Set<Long> quotes = ids(theme.getJsonArray("quotes"));
      assertEquals(OpinionAnalysis.QUOTES, quotes.size());
      assertTrue(members.containsAll(quotes));
    }
    assertEquals(OPINIONS.length, seen.size(), "every opinion is in a theme");
    assertTrue(analysis.getJsonArray("keywords").stream().map(o -> ((JsonObject) o).getString("word")).toList()
        .containsAll(List.of("停车", "养老", "老人")), analysis.getJsonArray("keywords").encode());
    assertEquals(analysis, analyse(units), "the same opinions give the same analysis");
  }

  @Test
  void resentAndTraditionalCopiesAreGroupedAsNearDuplicatesAndCountedInTheirTheme() {
    List<String[]> opinions = new ArrayList<>(List.of(OPINIONS));
    opinions.add(new String[]{"停车", "老旧小区停车位太少,晚上回家根本找不到地方停车!"}); // resent with other punctuation
    opinions.add(new String[]{"停车", "老舊小區停車位太少，晚上回家根本找不到地方停車。"}); // the same in Traditional characters
    List<JsonObject> units = units(opinions.toArray(String[][]::new));
    JsonObject analysis = analyse(units);
    JsonArray groups = analysis.getJsonArray("duplicates");
    assertEquals(1, groups.size(), groups.encodePrettily());
    assertEquals(Set.of(100L, 124L, 125L), ids(groups.getJsonObject(0).getJsonArray("units")));
    assertEquals(OPINIONS.length + 2, analysis.getInteger("total"));
    assertEquals(OPINIONS.length, analysis.getInteger("distinct"));
    JsonObject parking = analysis.getJsonArray("themes").stream().map(o -> (JsonObject) o)
        .filter(t -> ids(t.getJsonArray("units")).contains(124L)).findFirst().orElseThrow();
    assertTrue(ids(parking.getJsonArray("units")).containsAll(Set.of(100L, 125L)));
    // a copy is not quoted beside its original
    Set<Long> quotes = ids(parking.getJsonArray("quotes"));
    assertTrue(quotes.stream().filter(Set.of(100L, 124L, 125L)::contains).count() <= 1, quotes.toString());
  }

  @Test
  void statementsAreLeftToTheOpinionMapAndTooFewOpinionsMakeOneTheme() {
    List<JsonObject> units = units(new String[][]{{"停车", "小区停车难"}, {"供水", "农村饮水要保障"}});
    units.add(new JsonObject().put("id", 1L).put("channel", "STATEMENT").put("text", "应当提高停车费"));
    JsonObject analysis = analyse(units);
    assertEquals(2, analysis.getInteger("total"));
    assertEquals(1, analysis.getJsonArray("themes").size());
    assertFalse(ids(analysis.getJsonArray("themes").getJsonObject(0).getJsonArray("units")).contains(1L));
  }

  @Test
  void noOpinionsOrNoneWithAContentWordMakeNoThemesRatherThanAFailure() {
    JsonObject none = analyse(List.of());
    assertEquals(0, none.getInteger("total"));
    assertTrue(none.getJsonArray("themes").isEmpty());
    JsonObject agreeing = analyse(units(new String[][]{{"", "同意。"}, {"", "好的"}, {"", "！！"}}));
    assertEquals(3, agreeing.getInteger("total"));
    assertTrue(agreeing.getJsonArray("keywords").isEmpty(), agreeing.encode());
    // nothing to group by: at most the catch-all 其他, holding all three
    for (Object theme : agreeing.getJsonArray("themes")) {
      assertEquals("其他", ((JsonObject) theme).getString("label"), agreeing.encode());
      assertEquals(3, ((JsonObject) theme).getInteger("count"));
    }
  }

  @Test
  void chineseTextIsFoldedToSimplifiedAndReducedToWordsThatCarryMeaning() {
    assertEquals("这个问题很严重,请尽快解决ABC123", ChineseText.normalize("這個問題很嚴重，請儘快解決ＡＢＣ１２３"));
    assertEquals("乾隆年间显著成效", ChineseText.normalize("乾隆年間顯著成效"), "phrase-aware: 乾 and 著 stay where they belong");
    assertEquals(List.of("城乡", "供水", "一体化", "建设", "农村", "饮水", "安全"),
        ChineseText.contentWords("建议加快推进城乡供水一体化建设，解决农村群众饮水安全问题。"));
    assertEquals(ChineseText.contentWords("建议加快推进城乡供水一体化建设"), ChineseText.contentWords("建議加快推進城鄉供水一體化建設"));
  }

  @Test
  void nearDuplicatesNeedMostBigramsInCommon() {
    assertEquals(List.of(), NearDuplicates.groups(List.of("小区停车位太少", "小区充电桩太少")));
    assertEquals(1, NearDuplicates.groups(List.of("老旧小区停车位太少，晚上找不到车位", "老旧小区停车位太少，晚上找不到车位了")).size());
    assertEquals(List.of(), NearDuplicates.groups(List.of("", "。", "")), "empty texts are nobody's copy");
  }
}
