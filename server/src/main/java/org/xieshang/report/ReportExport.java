package org.xieshang.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A report as a Word document (Apache POI; title, headings and body in the fonts and sizes of official
 * documents: 方正小标宋简体 二号, 黑体 三号, 仿宋_GB2312 三号 with a two-character first-line indent) and
 * as HTML (built with jsoup, so every text is escaped). Each paragraph's sources are marked as
 * superscript opinion numbers, which the index section lists.
 */
public final class ReportExport {
  static final int MAX_MARKS = 5;

  private ReportExport() {}

  public static byte[] docx(String title, JsonObject body) {
    try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      XWPFParagraph t = doc.createParagraph();
      t.setAlignment(ParagraphAlignment.CENTER);
      run(t, title, "方正小标宋简体", 22, false);
      for (Object o : body.getJsonArray("sections")) {
        JsonObject section = (JsonObject) o;
        XWPFParagraph h = doc.createParagraph();
        run(h, section.getString("title"), "黑体", 16, false);
        for (Object q : section.getJsonArray("paragraphs")) {
          JsonObject p = (JsonObject) q;
          XWPFParagraph para = doc.createParagraph();
          para.setIndentationFirstLine(640); // two characters of 16 pt
          run(para, p.getString("text"), "仿宋_GB2312", 16, false);
          String marks = marks(p.getJsonArray("sources"), section.getString("key"));
          if (!marks.isEmpty()) {
            run(para, marks, "仿宋_GB2312", 10, true);
          }
        }
      }
      doc.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(XWPFParagraph p, String text, String font, int size, boolean superscript) {
    XWPFRun r = p.createRun();
    r.setText(text);
    r.setFontFamily(font);
    r.setFontFamily(font, XWPFRun.FontCharRange.eastAsia); // Chinese text uses the east-Asian font slot
    r.setFontSize(size);
    if (superscript) {
      r.setVerticalAlignment("superscript");
    }
  }

  /** "[3,5,9 等 12 条]" — the index section names its sources in its own text. */
  static String marks(JsonArray sources, String sectionKey) {
    if (sources == null || sources.isEmpty() || "index".equals(sectionKey)) {
      return "";
    }
    List<String> ids = sources.stream().map(String::valueOf).toList();
    String shown = ids.stream().limit(MAX_MARKS).collect(Collectors.joining(","));
    return "[" + shown + (ids.size() > MAX_MARKS ? " 等 " + ids.size() + " 条" : "") + "]";
  }

  public static String html(String title, JsonObject body) {
    Document doc = Document.createShell("");
    doc.outputSettings().charset("UTF-8");
    doc.selectFirst("html").attr("lang", "zh-CN");
    doc.head().appendElement("meta").attr("charset", "utf-8");
    doc.title(title);
    Element b = doc.body();
    b.appendElement("h1").text(title);
    for (Object o : body.getJsonArray("sections")) {
      JsonObject section = (JsonObject) o;
      b.appendElement("h2").text(section.getString("title"));
      for (Object q : section.getJsonArray("paragraphs")) {
        JsonObject p = (JsonObject) q;
        Element para = b.appendElement("p").text(p.getString("text"));
        JsonArray sources = p.getJsonArray("sources", new JsonArray());
        if ("index".equals(section.getString("key")) && !sources.isEmpty()) {
          para.attr("id", "u" + sources.getValue(0));
        } else if (!sources.isEmpty()) {
          Element sup = para.appendElement("sup");
          sources.stream().limit(MAX_MARKS).forEach(id -> sup.appendElement("a").attr("href", "#u" + id).text("[" + id + "]"));
          if (sources.size() > MAX_MARKS) {
            sup.appendText(" 等 " + sources.size() + " 条");
          }
        }
      }
    }
    return doc.outerHtml();
  }
}
