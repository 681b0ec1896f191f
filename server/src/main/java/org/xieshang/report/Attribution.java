package org.xieshang.report;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * How a consultation report names who said what and quotes it, as a committee's office writes it
 * (docs/reports.md, "How the draft writes"). Pure.
 *
 * <ul>
 *   <li>a member by the CPPCC body they belong to: 雁江区政协委员, 资阳市政协委员 (never 雁江区政协政协委员);</li>
 *   <li>a department official by the department: 市农业农村局 (never by the CPPCC body of their account);</li>
 *   <li>a drawn member of the public by county: 安岳县界别群众代表; the open public as 网民; experts as 专家;</li>
 *   <li>a venue is where someone sat, not who they are: it never stands for a body.</li>
 * </ul>
 */
public final class Attribution {
  /** Agreement that opens a reply and says nothing by itself: 赞同。 同意！ +1 顶 支持。 */
  private static final Pattern AGREEMENT = Pattern.compile("^\\s*(?:(?:非常|完全|十分)?(?:赞同|同意|赞成|支持|附议)|\\+1|顶)"
      + "(?:楼上|上面的意见|此建议|这个建议|该建议)?(?:[。！!，,、；;：:\\s]+|$)");
  /** Below this many characters what is left is not a proposal to quote. */
  static final int QUOTABLE = 8;

  private Attribution() {}

  /** Who said it: see the class comment. Empty when nothing is known. */
  public static String who(JsonObject u) {
    String body = u.getString("organization");
    return switch (u.getString("authorKind", "")) {
      case "MEMBER" -> body == null ? "政协委员" : member(body);
      case "DEPARTMENT" -> u.getString("department") != null ? u.getString("department") : "有关部门";
      case "DRAWN_PUBLIC" -> county(body) + "界别群众代表";
      case "OPEN_PUBLIC" -> "网民";
      case "EXPERT" -> "专家";
      case "STAFF" -> "工作人员";
      case "COLLECTIVE" -> "与会人员";
      case "IMPORTED" -> "外部导入意见";
      default -> "";
    };
  }

  /**
   * The CPPCC body an opinion came from (资阳市政协, 雁江区政协), for "主要来自…" and the figure by body: members
   * and drawn public by their body; departments, staff and the open public come from no body (null).
   */
  public static String body(JsonObject u) {
    return switch (u.getString("authorKind", "")) {
      case "MEMBER", "DRAWN_PUBLIC", "EXPERT", "COLLECTIVE" -> u.getString("organization");
      default -> null;
    };
  }

  /** 雁江区政协 → 雁江区政协委员; a body named without 政协 gets it. */
  static String member(String body) {
    return body.endsWith("政协") ? body + "委员" : body + "政协委员";
  }

  /** 安岳县政协 → 安岳县; nothing for none. */
  static String county(String body) {
    return body == null ? "" : body.replaceFirst("政协$", "");
  }

  /**
   * A text in Chinese quotation marks, with the quotation marks inside it made single (“…‘…’…”), so quotes
   * never nest as “…“…”…”.
   */
  public static String quote(String text) {
    return "“" + text.strip().replace('“', '‘').replace('”', '’').replace('"', '\'') + "”";
  }

  /**
   * What of a text is worth quoting as a proposal: the agreement that opens a reply (赞同。…) left out; null
   * when nothing substantial is left.
   */
  public static String quotable(String text) {
    if (text == null) {
      return null;
    }
    String rest = AGREEMENT.matcher(text).replaceFirst("").strip();
    return rest.codePointCount(0, rest.length()) < QUOTABLE ? null : rest;
  }
}
