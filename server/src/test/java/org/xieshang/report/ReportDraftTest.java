package org.xieshang.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules the drafted report's Chinese follows (docs/reports.md), on Chinese texts: issue 20.6's defects each. */
class ReportDraftTest {
  static JsonObject unit(long id, String kind, String organization, String venue, String text) {
    return new JsonObject().put("id", id).put("channel", "SPEECH").put("authorKind", kind).put("organization", organization)
        .put("venue", venue).put("text", text);
  }

  @Test
  void membersAreNamedByTheirBodyAndDepartmentsByTheirName() {
    assertEquals("雁江区政协委员", Attribution.who(unit(1, "MEMBER", "雁江区政协", "雁江区分会场", "")), "not 雁江区政协政协委员");
    assertEquals("资阳市政协委员", Attribution.who(unit(1, "MEMBER", "资阳市政协", null, "")));
    assertEquals("市农业农村局", Attribution.who(unit(1, "DEPARTMENT", "资阳市政协", "主会场", "").put("department", "市农业农村局")),
        "a department's commitment is the department's, not 资阳市政协部门");
    assertEquals("有关部门", Attribution.who(unit(1, "DEPARTMENT", null, null, "")));
    assertEquals("安岳县界别群众代表", Attribution.who(unit(1, "DRAWN_PUBLIC", "安岳县政协", null, "")));
    assertEquals("网民", Attribution.who(unit(1, "OPEN_PUBLIC", null, null, "")));
    assertNull(Attribution.body(unit(1, "DEPARTMENT", "资阳市政协", "主会场", "")), "a department comes from no CPPCC body");
    assertEquals("雁江区政协", Attribution.body(unit(1, "MEMBER", "雁江区政协", "安岳县分会场", "")), "the body, not the venue");
  }

  @Test
  void repliesOfAgreementAreNotQuotedAsProposalsAndQuotesNeverNest() {
    assertEquals("建议由县级统一运维污水处理站。", Attribution.quotable("赞同。建议由县级统一运维污水处理站。"));
    assertEquals("按片区建设，费用纳入财政预算。", Attribution.quotable("完全同意楼上，按片区建设，费用纳入财政预算。"));
    assertNull(Attribution.quotable("赞同！"));
    assertNull(Attribution.quotable("+1 支持"));
    assertEquals("支持力度还要加大，资金要到位。", Attribution.quotable("支持力度还要加大，资金要到位。"), "支持 opening a proposal stays");
    assertEquals("“群众说‘污水’的事要抓紧”", Attribution.quote("群众说“污水”的事要抓紧"));
  }

  @Test
  void aStatementMostlyPassedIsUndecidedNotDivided() {
    Function<int[], ReportDraft.Standing> standing = v -> ReportDraft.standing(new JsonObject()
        .put("agree", v[0]).put("disagree", v[1]).put("pass", v[2]));
    assertEquals(ReportDraft.Standing.UNDECIDED, standing.apply(new int[]{0, 0, 12}), "0 赞成 / 0 反对 / 12 跳过");
    assertEquals(ReportDraft.Standing.UNDECIDED, standing.apply(new int[]{3, 2, 9}));
    assertEquals(ReportDraft.Standing.UNDECIDED, standing.apply(new int[]{1, 1, 0}));
    assertEquals(ReportDraft.Standing.CONSENSUS, standing.apply(new int[]{9, 1, 2}));
    assertEquals(ReportDraft.Standing.REJECTED, standing.apply(new int[]{2, 8, 1}));
    assertEquals(ReportDraft.Standing.DIVIDED, standing.apply(new int[]{5, 5, 1}));
    List<JsonObject> statements = List.of(
        new JsonObject().put("id", 1L).put("channel", "STATEMENT").put("text", "建议统一收费").put("agree", 0).put("disagree", 0).put("pass", 12),
        new JsonObject().put("id", 2L).put("channel", "STATEMENT").put("text", "建议片区建设").put("agree", 6).put("disagree", 5).put("pass", 0));
    String text = ReportDraft.consensus(statements).stream().map(p -> p.getString("text")).collect(Collectors.joining("\n"));
    assertTrue(text.contains("多数未表态：“建议统一收费”（赞成 0，反对 0，跳过 12）"), text);
    assertTrue(text.contains("存在分歧：“建议片区建设”"), text);
    assertFalse(text.contains("存在分歧：“建议统一收费”"), text);
  }

  @Test
  void aThemeSaysWhichBodiesItCameFromAndQuotesWithoutPrefixesDoubled() {
    List<JsonObject> units = List.of(
        unit(1, "MEMBER", "雁江区政协", "雁江区分会场", "建议按片区建设农村生活污水集中处理设施，由县级统一运维。"),
        unit(2, "MEMBER", "雁江区政协", "安岳县分会场", "赞同。建议把运维费用纳入县级财政预算，按年考核。"),
        unit(3, "MEMBER", "安岳县政协", null, "赞同！"),
        unit(4, "DEPARTMENT", "资阳市政协", "主会场", "我局将于年底前完成三个片区的设施建设。").put("department", "市农业农村局"));
    JsonObject analysis = new JsonObject().put("total", 4).put("themes", new JsonArray().add(new JsonObject()
        .put("label", "污水处理").put("count", 4).put("units", new JsonArray(List.of(1L, 2L, 3L, 4L)))
        .put("quotes", new JsonArray(List.of(1L, 2L, 3L, 4L)))
        .put("byAuthorKind", new JsonObject().put("MEMBER", 3).put("DEPARTMENT", 1))
        .put("byVenue", new JsonObject().put("未注明", 4)).put("byOrganization", new JsonObject())));
    Map<Long, JsonObject> byId = units.stream().collect(Collectors.toMap(u -> u.getLong("id"), u -> u));
    List<String> text = ReportDraft.main(analysis, byId).stream().map(p -> p.getString("text")).toList();
    assertTrue(text.get(0).contains("主要来自雁江区政协 2 条、安岳县政协 1 条；"), text.get(0));
    assertFalse(String.join("", text).contains("未注明"), text.toString());
    assertEquals("雁江区政协委员提出：“建议按片区建设农村生活污水集中处理设施，由县级统一运维。”", text.get(1));
    assertEquals("雁江区政协委员提出：“建议把运维费用纳入县级财政预算，按年考核。”", text.get(2), "the agreement left out");
    assertEquals("市农业农村局提出：“我局将于年底前完成三个片区的设施建设。”", text.get(3), "赞同！ alone is not quoted");
    assertEquals(4, text.size());
    JsonObject figures = ReportService.figures(units, null);
    assertEquals(new JsonObject().put("安岳县政协", 1).put("雁江区政协", 2), figures.getJsonObject("byBody"),
        "the figure counts CPPCC bodies only, not venues or departments");
  }

  @Test
  void aSourceReadsWithoutInternalIds() {
    JsonObject source = unit(9, "MEMBER", "雁江区政协", "雁江区分会场", "").put("sourceRef", "live:1:speech:s9");
    String label = ReportService.sourceLabel(source, java.time.OffsetDateTime.parse("2026-12-03T01:41:00Z"));
    assertEquals("会议发言 · 雁江区政协委员 · 雁江区分会场 · 2026年12月3日 09:41", label);
  }

  @Test
  void markupTypedByUsersIsDroppedFromTextHeadingsAndKeywords() {
    List<JsonObject> units = List.of(
        unit(5, "MEMBER", "乐至县政协", null, "建议改善村道照明 <img src=x onerror=alert(1)>：<script>alert('xss')</script>村里夜间出行不便，建议增设太阳能路灯。"),
        unit(8, "MEMBER", "雁江区政协", null, "村道破损严重，<b>建议</b>建立村道养护机制。"));
    JsonObject analysis = new JsonObject().put("total", 2)
        .put("keywords", new JsonArray().add(new JsonObject().put("word", "<img").put("count", 1))
            .add(new JsonObject().put("word", "alert").put("count", 2)).add(new JsonObject().put("word", "村道").put("count", 2)))
        .put("themes", new JsonArray().add(new JsonObject().put("label", "<img、<script>alert、村道").put("count", 2)
            .put("units", new JsonArray(List.of(5L, 8L))).put("quotes", new JsonArray(List.of(5L, 8L)))
            .put("byAuthorKind", new JsonObject().put("MEMBER", 2))));
    JsonObject draft = ReportDraft.build(new JsonObject().put("title", "远程协商会").put("topic", "村道"),
        units.stream().map(ReportDraft::plain).toList(), Map.of(), analysis, org.xieshang.opinion.OpinionMap.Drawn.NOTHING);
    String text = draft.getJsonArray("sections").stream().flatMap(s -> ((JsonObject) s).getJsonArray("paragraphs").stream())
        .map(p -> ((JsonObject) p).getString("text")).collect(Collectors.joining("\n"));
    assertFalse(text.contains("<") || text.contains("alert") || text.contains("img") || text.contains("xss"), text);
    assertTrue(text.contains("（一）关于村道等方面"), text);
    assertTrue(text.contains("乐至县政协委员提出：“建议改善村道照明：村里夜间出行不便，建议增设太阳能路灯。”"), text);
    assertTrue(text.contains("“村道破损严重，建议建立村道养护机制。”"), text);
    assertTrue(text.contains("意见中提及较多的词（括号内为条数）：村道（2）。"), text);
  }

  static JsonObject themes(int total, int... counts) {
    JsonArray themes = new JsonArray();
    long id = 1;
    for (int c : counts) {
      themes.add(new JsonObject().put("label", "污水治理").put("count", c).put("units", new JsonArray(List.of(id)))
          .put("quotes", new JsonArray()).put("byAuthorKind", new JsonObject().put("MEMBER", c)));
      id++;
    }
    return new JsonObject().put("total", total).put("themes", themes);
  }

  @Test
  void fewOpinionsGiveCountsAndManyGiveSharesOfTheGroupedThatAddUp() {
    Map<Long, JsonObject> byId = Map.of(1L, unit(1, "MEMBER", "雁江区政协", null, "建议治理污水。"));
    String few = ReportDraft.main(themes(9, 3, 2, 2, 2), byId).stream().map(p -> p.getString("text")).collect(Collectors.joining("\n"));
    assertTrue(few.contains("（一）关于污水治理等方面：共 3 条。"), few);
    assertFalse(few.contains("%"), "3 of 9 is no percentage: " + few);
    List<String> many = ReportDraft.main(themes(90, 30, 20, 20, 20), byId).stream().map(p -> p.getString("text")).toList();
    assertTrue(many.get(0).contains("：共 30 条，占归类意见的 34%。"), many.toString());
    assertTrue(many.get(1).contains("：共 20 条，占归类意见的 22%。"), many.toString());
    int sum = many.stream().mapToInt(t -> Integer.parseInt(t.replaceAll(".*占归类意见的 (\\d+)%.*", "$1"))).sum();
    assertEquals(100, sum, many.toString());
  }

  @Test
  void aThemeTitledWithOnlineConsultationIsNotPrefixedAgain() {
    assertEquals("“农村人居环境整治提升”网络议政", ReportDraft.themeName("农村人居环境整治提升网络议政"));
    assertEquals("网络议政“农村养老服务”", ReportDraft.themeName("农村养老服务"));
  }

  @Test
  void aSmallOpinionGroupIsGivenInPeopleNotSmoothedShares() {
    List<org.xieshang.opinion.OpinionMap.Point> points = new java.util.ArrayList<>();
    for (int i = 0; i < 13; i++) {
      points.add(new org.xieshang.opinion.OpinionMap.Point("p" + i, 0, 0, i < 9 ? 0 : 1));
    }
    var map = new org.xieshang.opinion.OpinionMap.Result(points, 2, Map.of(), List.of(
        new org.xieshang.opinion.OpinionMap.Group(0, 9, List.of(new org.xieshang.opinion.OpinionMap.Representative("7", "agree", 6 / 11.0, 1 / 6.0))),
        new org.xieshang.opinion.OpinionMap.Group(1, 4, List.of(new org.xieshang.opinion.OpinionMap.Representative("7", "disagree", 5 / 6.0, 1 / 11.0)))),
        List.of(), List.of(), List.of(), List.of());
    Map<Long, JsonObject> byId = Map.of(7L, unit(7, "MEMBER", "雁江区政协", null, "农村改厕应当优先推广水冲式卫生厕所"));
    String text = ReportDraft.groups(map, byId).stream().map(p -> p.getString("text")).collect(Collectors.joining("\n"));
    assertTrue(text.contains("观点群体乙（4 人）较多反对“农村改厕应当优先推广水冲式卫生厕所”（本群体 4 人均反对，其余 9 人无人反对）"), text);
    assertTrue(text.contains("观点群体甲（9 人）较多赞成“农村改厕应当优先推广水冲式卫生厕所”（本群体 9 人中 5 人赞成，其余 4 人无人赞成）"), text);
    assertFalse(text.contains("%"), text);
  }
}
