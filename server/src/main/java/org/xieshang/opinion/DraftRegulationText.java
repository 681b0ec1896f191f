package org.xieshang.opinion;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A draft text (e.g. a draft regulation, RULES.md Art. 15) split into the paragraphs people comment on:
 * every non-blank line is a paragraph; a line that begins 第…条 starts an article, and the lines after it
 * are its further paragraphs (款) until the next article or chapter heading (第…章/节). Pure.
 */
public final class DraftRegulationText {
  private static final String NUMBER = "[一二三四五六七八九十百零〇两0-9]+";
  private static final Pattern ARTICLE = Pattern.compile("^\\s*(第" + NUMBER + "条)");
  private static final Pattern HEADING = Pattern.compile("^\\s*第" + NUMBER + "[编章节]");

  /** A paragraph: its article (第三条) or null outside articles, its number within the article (1 for the first), its text. */
  public record Paragraph(String article, int clause, String text) {
    /** How a comment names it: 第三条, 第三条第2款, or the paragraph's first words. */
    public String label() {
      if (article == null) {
        return "“" + (text.length() > 12 ? text.substring(0, 12) + "…" : text) + "”";
      }
      return clause == 1 ? article : article + "第" + clause + "款";
    }
  }

  private DraftRegulationText() {}

  public static List<Paragraph> split(String text) {
    List<Paragraph> out = new ArrayList<>();
    String article = null;
    int clause = 0;
    for (String raw : text.replace("\r", "").split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = ARTICLE.matcher(line);
      if (m.find()) {
        article = m.group(1);
        clause = 1;
      } else if (HEADING.matcher(line).find()) {
        article = null;
        clause = 0;
      } else if (article != null) {
        clause++;
      }
      out.add(new Paragraph(article, article == null ? 0 : clause, line));
    }
    return out;
  }
}
