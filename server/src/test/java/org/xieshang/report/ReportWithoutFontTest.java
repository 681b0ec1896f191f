package org.xieshang.report;

import io.vertx.core.json.JsonObject;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import java.io.ByteArrayInputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A server without a Chinese TrueType font: reports still export to Word, without charts; PDF says what is missing. */
class ReportWithoutFontTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass(Map.of("XIESHANG_REPORT_FONT_FILE", "/nonexistent/no-such-font.ttf"));
  static String staff;

  @BeforeAll
  static void up() {
    staff = app.login("staff");
  }

  @Test
  void pdfIsRefusedWithTheReasonAndWordComesWithoutCharts() throws Exception {
    long theme = Themes.open(app, staff, Themes.body(app, "无字体测试网络议政", "农村供水"));
    app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "自来水").put("body", "偏远村组还没有通自来水。"),
        app.login("member01"));
    long id = app.post("/api/reports", new JsonObject().put("themeId", theme), staff).json().getLong("id");

    TestApp.Reply pdf = app.get("/api/reports/" + id + "/export.pdf", staff);
    assertEquals(503, pdf.status(), pdf.body());
    assertTrue(pdf.isProblem());
    assertEquals("服务器未安装中文字体，暂不能导出 PDF", pdf.json().getString("title"));
    assertTrue(pdf.json().getString("detail").contains("fonts-droid-fallback"));

    var docx = ReportTest.download(app, staff, id, "docx");
    assertEquals(200, docx.statusCode());
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx.body()))) {
      assertEquals("无字体测试网络议政协商情况报告", doc.getParagraphs().get(0).getText());
      assertEquals(0, doc.getAllPictures().size(), "no charts without a font to draw their labels");
    }
  }
}
