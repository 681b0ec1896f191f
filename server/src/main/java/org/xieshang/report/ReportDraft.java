package org.xieshang.report;

import java.util.Arrays;
import java.util.regex.Pattern;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.xieshang.opinion.OpinionAnalysis;
import org.xieshang.opinion.OpinionMap;

/**
 * The first draft of a consultation report, in the customary structure — 基本情况, 主要意见建议, 共识与分歧,
 * 网络民意, 意见来源索引 — from the opinion units of an activity or a theme. Every paragraph carries the
 * ids of the units behind it. Pure: the same units give the same draft.
 */
public final class ReportDraft {
  static final double CONSENSUS = 0.7;
  /** Up to this many opinions the index lists each; beyond, it lists them by channel. */
  static final int INDEX_EACH = 2000;
  static final int MIN_VOTES = 3;

  private ReportDraft() {}

  static final Map<String, String> CHANNELS = Map.of("SPEECH", "会议发言", "COMMENT", "在线评论", "COMMITMENT", "部门承诺",
      "POST", "网络议政发帖", "STATEMENT", "网络议政表述", "SUBMISSION", "书面意见", "POLL", "现场表决", "RESEARCH", "调研成果",
      "DRAFT_COMMENT", "草案逐条意见");
  static final Map<String, String> KINDS = Map.of("MEMBER", "政协委员", "DRAWN_PUBLIC", "界别群众代表", "OPEN_PUBLIC", "网民",
      "EXPERT", "专家", "DEPARTMENT", "部门", "STAFF", "工作人员", "IMPORTED", "外部导入", "COLLECTIVE", "与会人员");

  /**
   * @param subject  {title, topic, dates (text), venues: [{name, people}]}
   * @param units    the opinions, their text already plain ({@link #plain(JsonObject)}, done once where they are read)
   * @param groups   names each agenda item id and theme id ("item:<id>" / "theme:<id>") for the counts
   * @param analysis the {@link OpinionAnalysis} of the units
   * @param drawn    the opinion map of the statements' votes (statements named by unit id), or why there is none
   */
  public static JsonObject build(JsonObject subject, List<JsonObject> units, Map<String, String> groups, JsonObject analysis,
                                 OpinionMap.Drawn drawn) {
    analysis = chineseWords(analysis);
    Map<Long, JsonObject> byId = new HashMap<>();
    units.forEach(u -> byId.put(u.getLong("id"), u));
    JsonArray sections = new JsonArray();
    List<JsonObject> basics = basics(subject, units);
    if (!units.isEmpty()) {
      basics.add(byGroup(units, groups));
      basics.addAll(keywords(analysis));
    }
    sections.add(section("basics", "一、基本情况", basics));
    sections.add(section("main", "二、主要意见建议", main(analysis, byId)));
    List<JsonObject> consensus = consensus(units);
    units.stream().filter(u -> "POLL".equals(u.getString("channel")))
        .forEach(u -> consensus.add(paragraph("现场" + u.getString("text") + "。", List.of(u.getLong("id")))));
    if (drawn.why() != null) {
      consensus.add(paragraph(drawn.why(), List.of()));
    }
    consensus.addAll(groups(drawn.map(), byId));
    sections.add(section("consensus", "三、共识与分歧", consensus));
    sections.add(section("online", "四、网络民意", online(units)));
    sections.add(section("index", "五、意见来源索引", index(units)));
    return new JsonObject().put("sections", sections);
  }

  /** A copy of the unit whose text is its plain text: markup typed by users (tags, scripts) dropped. */
  static JsonObject plain(JsonObject u) {
    String text = u.getString("text");
    return text == null || text.indexOf('<') < 0 ? u : u.copy().put("text", plain(text));
  }

  /** The plain text of what a user typed: HTML tags and scripts dropped, no space left before Chinese punctuation. */
  static String plain(String text) {
    if (text == null || text.indexOf('<') < 0) {
      return text;
    }
    return Jsoup.parse(text).text().replaceAll("\\s+(?=[，。、；：！？）”’])|(?<=[，。、；：！？（“‘])\\s+", "").strip();
  }

  private static final Pattern CHINESE_WORD = Pattern.compile("\\p{IsHan}+");

  /** The analysis with its keywords and theme labels kept to Chinese words (no Latin or markup tokens). */
  static JsonObject chineseWords(JsonObject analysis) {
    JsonObject out = analysis.copy();
    JsonArray words = new JsonArray();
    out.getJsonArray("keywords", new JsonArray()).forEach(o -> {
      if (CHINESE_WORD.matcher(((JsonObject) o).getString("word", "")).matches()) {
        words.add(o);
      }
    });
    if (out.containsKey("keywords")) {
      out.put("keywords", words);
    }
    out.getJsonArray("themes", new JsonArray()).forEach(o -> {
      JsonObject theme = (JsonObject) o;
      String label = Arrays.stream(theme.getString("label", "").split("、"))
          .filter(w -> CHINESE_WORD.matcher(w).matches()).collect(Collectors.joining("、"));
      theme.put("label", label.isEmpty() ? "其他" : label);
    });
    return out;
  }

  static JsonObject section(String key, String title, List<JsonObject> paragraphs) {
    return new JsonObject().put("key", key).put("title", title).put("paragraphs", new JsonArray(paragraphs));
  }

  static JsonObject paragraph(String text, List<Long> sources) {
    return new JsonObject().put("text", text).put("sources", new JsonArray(sources));
  }

  private static List<Long> ids(List<JsonObject> units) {
    return units.stream().map(u -> u.getLong("id")).toList();
  }

  private static String counts(List<JsonObject> units, String key, Map<String, String> labels) {
    Map<String, Long> byKey = units.stream().collect(Collectors.groupingBy(
        u -> u.getString(key) == null ? "未注明" : u.getString(key), TreeMap::new, Collectors.counting()));
    return byKey.entrySet().stream().map(e -> labels.getOrDefault(e.getKey(), e.getKey()) + " " + e.getValue() + " 条")
        .collect(Collectors.joining("，"));
  }

  static List<JsonObject> basics(JsonObject subject, List<JsonObject> units) {
    List<JsonObject> out = new ArrayList<>();
    out.add(paragraph(subject.getString("title") + "围绕“" + subject.getString("topic") + "”开展协商"
        + (subject.getString("dates", "").isEmpty() ? "" : "，时间为" + subject.getString("dates")) + "。", List.of()));
    JsonArray venues = subject.getJsonArray("venues", new JsonArray());
    if (!venues.isEmpty()) {
      String list = venues.stream().map(o -> (JsonObject) o)
          .map(v -> v.getString("name") + (v.getInteger("people") == null ? "" : " " + v.getInteger("people") + " 人"))
          .collect(Collectors.joining("、"));
      out.add(paragraph("设主会场和分会场共 " + venues.size() + " 个：" + list + "。", List.of()));
    }
    if (units.isEmpty()) {
      out.add(paragraph("尚未收集到意见。", List.of()));
      return out;
    }
    out.add(paragraph("共收集意见 " + units.size() + " 条，其中" + counts(units, "channel", CHANNELS) + "。", ids(units)));
    if (subject.getBoolean("more", false)) {
      out.add(paragraph("（意见数量超过 " + units.size() + " 条，本稿按时间先后汇总了其中最早的 " + units.size()
          + " 条；其余意见请在意见库中查阅。）", List.of()));
    }
    String bodies = bodies(units, units.size());
    out.add(paragraph("按提出者分：" + counts(units, "authorKind", KINDS) + (bodies.isEmpty() ? "" : "；按所属政协分：" + bodies)
        + "。", ids(units)));
    return out;
  }

  /** How many opinions each agenda item and each online theme drew. */
  static JsonObject byGroup(List<JsonObject> units, Map<String, String> groups) {
    Map<String, List<JsonObject>> by = new LinkedHashMap<>();
    for (JsonObject u : units) {
      String key = u.getLong("agendaItemId") != null ? "item:" + u.getLong("agendaItemId")
          : u.getLong("themeId") != null ? "theme:" + u.getLong("themeId") : "other";
      by.computeIfAbsent(key, k -> new ArrayList<>()).add(u);
    }
    String text = by.entrySet().stream()
        .map(e -> groups.getOrDefault(e.getKey(), e.getKey().equals("other") ? "会外书面及其他" : e.getKey()) + " " + e.getValue().size() + " 条")
        .collect(Collectors.joining("，"));
    return paragraph("按议程和议政主题分：" + text + "。", ids(units));
  }

  static List<JsonObject> keywords(JsonObject analysis) {
    JsonArray words = analysis.getJsonArray("keywords", new JsonArray());
    if (words.isEmpty()) {
      return List.of();
    }
    String text = words.stream().limit(10).map(o -> (JsonObject) o)
        .map(w -> w.getString("word") + "（" + w.getInteger("count") + "）").collect(Collectors.joining("、"));
    return List.of(paragraph("意见中提及较多的词（括号内为条数）：" + text + "。", List.of()));
  }

  /**
   * One heading per theme the analysis found, largest first: its size and share, where and from whom
   * it came, and its representative opinions quoted; then how near duplicates were counted.
   */
  static List<JsonObject> main(JsonObject analysis, Map<Long, JsonObject> byId) {
    List<JsonObject> out = new ArrayList<>();
    int total = analysis.getInteger("total", 0);
    int n = 1;
    JsonArray themes = analysis.getJsonArray("themes", new JsonArray());
    int[] shares = shares(themes.stream().mapToInt(o -> ((JsonObject) o).getInteger("count")).toArray(), total);
    for (Object o : themes) {
      JsonObject theme = (JsonObject) o;
      int count = theme.getInteger("count");
      String share = total < FEW ? "" : "，占归类意见的 " + shares[n - 1] + "%";
      List<JsonObject> members = longs(theme.getJsonArray("units")).stream().map(byId::get).filter(u -> u != null).toList();
      String from = bodies(members, 3);
      String title = theme.getString("label").equals("其他") ? "其他意见" : "关于" + theme.getString("label") + "等方面";
      out.add(paragraph("（" + chinese(n++) + "）" + title + "：共 " + count + " 条" + share + "。" + (from.isEmpty() ? "" : "主要来自" + from + "；") + "提出者中" + top(theme.getJsonObject("byAuthorKind"), KINDS) + "。",
          longs(theme.getJsonArray("units"))));
      for (Object q : theme.getJsonArray("quotes")) {
        JsonObject u = byId.get(((Number) q).longValue());
        String words = Attribution.quotable(u.getString("text"));
        if (words != null) {
          out.add(paragraph(said(u, "提出：") + Attribution.quote(words), List.of(u.getLong("id"))));
        }
      }
    }
    JsonArray duplicates = analysis.getJsonArray("duplicates", new JsonArray());
    if (!duplicates.isEmpty()) {
      List<Long> all = duplicates.stream().flatMap(g -> longs(((JsonObject) g).getJsonArray("units")).stream()).toList();
      out.add(paragraph("另有内容相同或相近的意见 " + duplicates.size() + " 组共 " + all.size() + " 条，已计入相应方面，引用时只取其一。", all));
    }
    if (out.isEmpty()) {
      out.add(paragraph("暂无。", List.of()));
    }
    return out;
  }

  /** Below this many opinions grouped, a theme gives its count only, no percentage. */
  static final int FEW = 20;

  /** Whole percentages of {@code total} that add up to 100 when the counts do (largest remainders rounded up). */
  static int[] shares(int[] counts, int total) {
    int[] out = new int[counts.length];
    if (total <= 0) {
      return out;
    }
    double[] rest = new double[counts.length];
    int sum = 0;
    for (int i = 0; i < counts.length; i++) {
      double exact = 100.0 * counts[i] / total;
      out[i] = (int) Math.floor(exact);
      rest[i] = exact - out[i];
      sum += out[i];
    }
    int target = (int) Math.round(100.0 * Arrays.stream(counts).sum() / total);
    Integer[] order = new Integer[counts.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(rest[b], rest[a]));
    for (int i = 0; i < order.length && sum < target; i++, sum++) {
      out[order[i]]++;
    }
    return out;
  }

  /** How a theme is named: 网络议政“农村养老服务”, or “农村人居环境整治提升”网络议政 when its title ends with 网络议政. */
  public static String themeName(String title) {
    return title.endsWith("网络议政") && title.length() > 4 ? "“" + title.substring(0, title.length() - 4) + "”网络议政"
        : "网络议政“" + title + "”";
  }

  /** The CPPCC bodies the opinions came from, most first, at most {@code limit}: "雁江区政协 5 条、安岳县政协 3 条". */
  static String bodies(List<JsonObject> units, int limit) {
    Map<String, Long> by = units.stream().map(Attribution::body).filter(b -> b != null)
        .collect(Collectors.groupingBy(b -> b, TreeMap::new, Collectors.counting()));
    return by.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
        .map(e -> e.getKey() + " " + e.getValue() + " 条").collect(Collectors.joining("、"));
  }

  /** "雁江区政协委员提出：" or, when nobody is known, nothing. */
  static String said(JsonObject u, String verb) {
    String who = Attribution.who(u);
    return who.isEmpty() ? "" : who + verb;
  }

  private static String top(JsonObject counts, Map<String, String> labels) {
    return counts.stream().limit(3).map(e -> labels.getOrDefault(e.getKey(), e.getKey()) + " " + e.getValue() + " 条")
        .collect(Collectors.joining("、"));
  }

  private static List<Long> longs(JsonArray ids) {
    return ids.stream().map(x -> ((Number) x).longValue()).toList();
  }

  /**
   * Statements by how they were voted (docs/reports.md): of those who took a side (赞成 or 反对), 70 % or more
   * one way is 共识 or 普遍不赞成; in between is 存在分歧; when fewer than {@link #MIN_VOTES} took a side, or more
   * passed than took one, the statement is 多数未表态, never 分歧.
   */
  static List<JsonObject> consensus(List<JsonObject> units) {
    List<JsonObject> statements = units.stream().filter(u -> u.getString("channel").equals("STATEMENT"))
        .filter(u -> votes(u) >= MIN_VOTES).toList();
    List<JsonObject> out = new ArrayList<>();
    Function<JsonObject, String> figures = u -> "（赞成 " + u.getInteger("agree", 0) + "，反对 " + u.getInteger("disagree", 0)
        + "，跳过 " + u.getInteger("pass", 0) + "）";
    if (statements.isEmpty()) {
      out.add(paragraph("表态人数不足，暂不归纳共识与分歧。", List.of()));
      return out;
    }
    Map<Standing, List<JsonObject>> by = statements.stream().collect(Collectors.groupingBy(ReportDraft::standing,
        () -> new EnumMap<>(Standing.class), Collectors.toList()));
    by.getOrDefault(Standing.DIVIDED, List.of()).sort(Comparator.comparingDouble(u -> Math.abs(share(u, "agree") - share(u, "disagree"))));
    by.forEach((standing, list) -> list.forEach(u -> out.add(paragraph(standing.label + "：" + Attribution.quote(u.getString("text"))
        + figures.apply(u), List.of(u.getLong("id"))))));
    return out;
  }

  enum Standing {
    CONSENSUS("共识"), REJECTED("普遍不赞成"), DIVIDED("存在分歧"), UNDECIDED("多数未表态");

    final String label;

    Standing(String label) {
      this.label = label;
    }
  }

  static Standing standing(JsonObject u) {
    int sides = u.getInteger("agree", 0) + u.getInteger("disagree", 0);
    if (sides < MIN_VOTES || u.getInteger("pass", 0) > sides) {
      return Standing.UNDECIDED;
    }
    return share(u, "agree") >= CONSENSUS ? Standing.CONSENSUS : share(u, "disagree") >= CONSENSUS ? Standing.REJECTED
        : Standing.DIVIDED;
  }

  /** Opinion groups are named 甲, 乙, 丙 … in the text and in the map's legend alike. */
  static final String[] GROUP_NAMES = {"甲", "乙", "丙", "丁", "戊"};

  /**
   * The opinion groups among those who voted (the Pol.is method): what sets each group apart, and what
   * every group agrees on.
   */
  static List<JsonObject> groups(OpinionMap.Result map, Map<Long, JsonObject> byId) {
    List<JsonObject> out = new ArrayList<>();
    if (map == null || map.k() < 2) {
      return out;
    }
    Function<String, String> quoted = id -> Attribution.quote(byId.get(Long.parseLong(id)).getString("text"));
    out.add(paragraph("按表态情况分析，参与表态的 " + map.points().size() + " 人可分为 " + map.k() + " 个观点群体：", List.of()));
    for (OpinionMap.Group g : map.groups()) {
      List<OpinionMap.Representative> reps = g.representative().stream().limit(3).toList();
      String text = reps.stream().map(r -> ("agree".equals(r.direction()) ? "较多赞成" : "较多反对") + quoted.apply(r.statement())
          + figures(r, g.size(), map.points().size() - g.size())).collect(Collectors.joining("；"));
      out.add(paragraph("观点群体" + GROUP_NAMES[g.id() % GROUP_NAMES.length] + "（" + g.size() + " 人）"
          + (text.isEmpty() ? "无突出主张。" : text + "。"), reps.stream().map(r -> Long.parseLong(r.statement())).toList()));
    }
    for (String id : map.groupInformed().stream().filter(map.majorityAgree()::contains).toList()) {
      out.add(paragraph("各观点群体普遍赞成：" + quoted.apply(id), List.of(Long.parseLong(id))));
    }
    return out;
  }

  /** Below this many people an opinion group's stand is given in people, not in (smoothed) percentages. */
  static final int SMALL_GROUP = 10;

  /**
   * How a group stood on a statement: for a small group in people (本群体 4 人均反对，其余 9 人无人反对), the counts
   * recovered from the map's smoothed shares ((n + 1) / (seen + 2)) when only one count fits; else as before.
   */
  static String figures(OpinionMap.Representative r, int size, int rest) {
    String verb = "agree".equals(r.direction()) ? "赞成" : "反对";
    if (size >= SMALL_GROUP) {
      return "（本群体 " + Math.round(r.inGroup() * 100) + "%，其余 " + Math.round(r.outside() * 100) + "%）";
    }
    Integer in = count(r.inGroup(), size, 2);
    Integer out = count(r.outside(), rest, 0);
    String mine = in == null ? "本群体多数" + verb : in == size ? "本群体 " + size + " 人均" + verb
        : "本群体 " + size + " 人中 " + in + " 人" + verb;
    String others = out == null || rest == 0 ? "" : out == 0 ? "，其余 " + rest + " 人无人" + verb
        : "，其余 " + rest + " 人中 " + out + " 人" + verb;
    return "（" + mine + others + "）";
  }

  /** The one count n (at least {@code least}) with (n + 1) / (seen + 2) = share for some seen ≤ max; null if none or several. */
  static Integer count(double share, int max, int least) {
    Integer found = null;
    for (int seen = 0; seen <= max; seen++) {
      for (int n = least; n <= seen; n++) {
        if (Math.abs((n + 1.0) / (seen + 2.0) - share) < 1e-9) {
          if (found != null && found != n) {
            return null;
          }
          found = n;
        }
      }
    }
    return found;
  }

  static List<JsonObject> online(List<JsonObject> units) {
    List<JsonObject> pub = units.stream().filter(u -> List.of("POST", "STATEMENT").contains(u.getString("channel")))
        .filter(u -> List.of("DRAWN_PUBLIC", "OPEN_PUBLIC").contains(u.getString("authorKind"))).toList();
    List<JsonObject> out = new ArrayList<>();
    if (pub.isEmpty()) {
      out.add(paragraph("网络议政中暂无群众发言。", List.of()));
      return out;
    }
    out.add(paragraph("群众在网络议政中发表意见 " + pub.size() + " 条，其中" + counts(pub, "authorKind", KINDS) + "。", ids(pub)));
    pub.stream().sorted(Comparator.comparingInt((JsonObject u) -> u.getString("text").length()).reversed())
        .limit(OpinionAnalysis.QUOTES)
        .forEach(u -> out.add(paragraph(said(u, "：") + Attribution.quote(u.getString("text")), List.of(u.getLong("id")))));
    return out;
  }

  static List<JsonObject> index(List<JsonObject> units) {
    List<JsonObject> out = new ArrayList<>();
    if (units.size() > INDEX_EACH) {
      Map<String, List<JsonObject>> byChannel = units.stream().collect(Collectors.groupingBy(u -> u.getString("channel"),
          TreeMap::new, Collectors.toList()));
      byChannel.forEach((channel, list) -> out.add(paragraph(CHANNELS.getOrDefault(channel, channel) + " " + list.size()
          + " 条（逐条见来源）", ids(list))));
      return out;
    }
    for (JsonObject u : units) {
      String who = Attribution.who(u);
      out.add(paragraph("[" + u.getLong("id") + "] " + CHANNELS.getOrDefault(u.getString("channel"), u.getString("channel"))
          + (who.isEmpty() ? "" : " · " + who) + " · " + excerpt(u.getString("text")), List.of(u.getLong("id"))));
    }
    return out;
  }

  static String excerpt(String text) {
    return text.codePointCount(0, text.length()) <= 60 ? text : text.substring(0, text.offsetByCodePoints(0, 60)) + "…";
  }

  static int votes(JsonObject u) {
    return u.getInteger("agree", 0) + u.getInteger("disagree", 0) + u.getInteger("pass", 0);
  }

  static double share(JsonObject u, String key) {
    int seen = u.getInteger("agree", 0) + u.getInteger("disagree", 0);
    return seen == 0 ? 0 : u.getInteger(key, 0) / (double) seen;
  }

  static String chinese(int n) {
    String[] d = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    return n <= 10 ? d[n] : n < 20 ? "十" + d[n - 10] : d[n / 10] + "十" + (n % 10 == 0 ? "" : d[n % 10]);
  }
}
