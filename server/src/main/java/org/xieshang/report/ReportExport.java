package org.xieshang.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Element;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

/**
 * A report as a Word document (Apache POI; title, headings and body in the fonts and sizes of official
 * documents: 方正小标宋简体 二号, 黑体 三号, 仿宋_GB2312 三号 with a two-character first-line indent), as
 * HTML (built with jsoup, so every text is escaped) and as PDF (that HTML laid out by openhtmltopdf),
 * each with its charts as numbered figures after the section they belong to. Each paragraph's sources
 * are marked as superscript opinion numbers, which the index section lists.
 */
public final class ReportExport {
  static final int MAX_MARKS = 5;
  /** openhtmltopdf's own log goes to the one logger: its warnings as warnings, the rest (every font loaded) as debug. */
  private static final org.slf4j.Logger PDF_LOG = org.slf4j.LoggerFactory.getLogger("com.openhtmltopdf");

  static {
    XRLog.setLoggerImpl(new XRLogger() {
      @Override
      public void log(String where, Level level, String msg) {
        log(where, level, msg, null);
      }

      @Override
      public void log(String where, Level level, String msg, Throwable th) {
        if (level.intValue() >= Level.WARNING.intValue()) {
          PDF_LOG.warn("{}: {}", where, msg, th);
        } else {
          PDF_LOG.debug("{}: {}", where, msg, th);
        }
      }

      @Override
      public void setLevel(String logger, Level level) {
        // levels are logback's
      }

      @Override
      public boolean isLogLevelEnabled(Diagnostic d) {
        return d.getLevel().intValue() >= Level.WARNING.intValue() || PDF_LOG.isDebugEnabled();
      }
    });
  }

  private ReportExport() {}

  public static byte[] docx(String title, JsonObject body, List<ReportCharts.Chart> charts) {
    try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      XWPFParagraph t = doc.createParagraph();
      t.setAlignment(ParagraphAlignment.CENTER);
      run(t, title, "方正小标宋简体", 22, false);
      int figure = 0;
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
        for (ReportCharts.Chart c : charts) {
          if (c.section().equals(section.getString("key"))) {
            figure++;
            XWPFParagraph image = doc.createParagraph();
            image.setAlignment(ParagraphAlignment.CENTER);
            // 15 cm wide, keeping the aspect
            image.createRun().addPicture(new ByteArrayInputStream(c.png()), Document.PICTURE_TYPE_PNG, "figure" + figure + ".png",
                Units.toEMU(425), Units.toEMU(425.0 * c.height() / c.width()));
            XWPFParagraph caption = doc.createParagraph();
            caption.setAlignment(ParagraphAlignment.CENTER);
            run(caption, "图" + figure + "　" + c.caption(), "黑体", 12, false);
          }
        }
      }
      doc.write(out);
      return out.toByteArray();
    } catch (IOException | InvalidFormatException e) {
      throw new IllegalStateException(e);
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

  public static String html(String title, JsonObject body, List<ReportCharts.Chart> charts) {
    return page(title, body, charts).outerHtml();
  }

  /**
   * PDF: the HTML export laid out by openhtmltopdf (PDFBox) with the Chinese font embedded, A4 with the
   * margins of official documents.
   */
  public static byte[] pdf(String title, JsonObject body, List<ReportCharts.Chart> charts, ChineseFont font) {
    org.jsoup.nodes.Document doc = page(title, body, charts);
    doc.head().appendElement("style").text("""
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { font-family: 'cjk'; font-size: 16pt; line-height: 1.6; }
        h1 { font-size: 22pt; text-align: center; font-weight: normal; }
        h2 { font-size: 16pt; font-weight: normal; page-break-after: avoid; -fs-page-break-min-height: 4cm; }
        p { text-indent: 2em; margin: 0 0 0.3em; }
        sup { font-size: 9pt; } a { color: black; text-decoration: none; }
        figure { text-align: center; margin: 0.5em 0; } figure img { width: 150mm; }
        figcaption { font-size: 12pt; }""");
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.useFont(font.file().toFile(), "cjk");
      builder.withW3cDocument(new W3CDom().fromJsoup(doc), "/");
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static org.jsoup.nodes.Document page(String title, JsonObject body, List<ReportCharts.Chart> charts) {
    org.jsoup.nodes.Document doc = org.jsoup.nodes.Document.createShell("");
    doc.outputSettings().charset("UTF-8");
    doc.selectFirst("html").attr("lang", "zh-CN");
    doc.head().appendElement("meta").attr("charset", "utf-8");
    doc.title(title);
    doc.head().appendElement("style").text("img { max-width: 100%; }");
    Element b = doc.body();
    b.appendElement("h1").text(title);
    int figure = 0;
    Set<String> indexed = new HashSet<>();
    body.getJsonArray("sections").stream().map(o -> (JsonObject) o).filter(sec -> "index".equals(sec.getString("key")))
        .flatMap(sec -> sec.getJsonArray("paragraphs").stream().map(o -> ((JsonObject) o).getJsonArray("sources", new JsonArray())))
        .filter(src -> src.size() == 1).forEach(src -> indexed.add(String.valueOf(src.getValue(0))));
    for (Object o : body.getJsonArray("sections")) {
      JsonObject section = (JsonObject) o;
      b.appendElement("h2").text(section.getString("title"));
      for (Object q : section.getJsonArray("paragraphs")) {
        JsonObject p = (JsonObject) q;
        Element para = b.appendElement("p").text(p.getString("text"));
        JsonArray sources = p.getJsonArray("sources", new JsonArray());
        if ("index".equals(section.getString("key")) && sources.size() == 1) {
          para.attr("id", "u" + sources.getValue(0));
        } else if (!sources.isEmpty() && !"index".equals(section.getString("key"))) {
          Element sup = para.appendElement("sup");
          // a number links to its index entry; a long report's index lists by channel, without entries
          sources.stream().limit(MAX_MARKS).forEach(id -> (indexed.contains(String.valueOf(id))
              ? sup.appendElement("a").attr("href", "#u" + id) : sup.appendElement("span")).text("[" + id + "]"));
          if (sources.size() > MAX_MARKS) {
            sup.appendText(" 等 " + sources.size() + " 条");
          }
        }
      }
      for (ReportCharts.Chart c : charts) {
        if (c.section().equals(section.getString("key"))) {
          figure++;
          Element f = b.appendElement("figure");
          f.appendElement("img").attr("src", "data:image/png;base64," + Base64.getEncoder().encodeToString(c.png()))
              .attr("alt", c.caption());
          f.appendElement("figcaption").text("图" + figure + "　" + c.caption());
        }
      }
    }
    return doc;
  }
}
