package org.xieshang.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.platform.http.UploadedTable;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;
import org.xieshang.support.Themes;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every upload endpoint passes the one content check (Attachment.contentProblem): forum attachments,
 * written opinions, roster and volunteer workbooks. Hostile files are refused and nothing is stored;
 * real files made by POI and ImageIO are accepted.
 */
class UploadCheckTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();
  static String staff;
  static String author;
  static String admin;
  static long post;
  static Meeting meeting;
  static long pool;

  @BeforeAll
  static void up() {
    staff = app.login("staff");
    admin = app.login("admin");
    author = app.login("member36");
    long theme = Themes.open(app, staff, Themes.body(app, "附件检查", "上传文件"));
    post = app.post("/api/themes/" + theme + "/posts", new JsonObject().put("title", "附件测试").put("body", "见附件"), author)
        .json().getLong("id");
    meeting = Meeting.create(app, 300);
    TestApp.Reply p = app.post("/api/pools", new JsonObject().put("title", "群众代表").put("topic", "农村人居环境")
        .put("activityId", meeting.id).put("viewpointQuestion", "是否支持？")
        .put("viewpointOptions", new JsonArray(List.of("支持", "反对")))
        .put("eligibleCounties", new JsonArray(List.of("雁江区"))), staff);
    assertEquals(201, p.status(), p.body());
    pool = p.json().getLong("id");
  }

  // ---- files

  static byte[] zip(Map<String, byte[]> entries, int level) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(level);
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** A .docx that is a ZIP holding only a Windows program. */
  static byte[] exeInZip() throws Exception {
    byte[] exe = new byte[4096];
    exe[0] = 'M';
    exe[1] = 'Z';
    return zip(Map.of("setup.exe", exe), Deflater.DEFAULT_COMPRESSION);
  }

  /** A .docx whose document.xml inflates to 200 MB from a few hundred KB. */
  static byte[] zipBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write(contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
          "/word/document.xml"));
      zip.putNextEntry(new ZipEntry("word/document.xml"));
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 200; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  /** A stored entry that declares 2 GB in its local header (the bytes that follow are few). */
  static byte[] declaresTwoGigabytes() throws Exception {
    byte[] small = "<w:document/>".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry e = new ZipEntry("word/document.xml");
      e.setMethod(ZipEntry.STORED);
      e.setSize(small.length);
      e.setCompressedSize(small.length);
      CRC32 crc = new CRC32();
      crc.update(small);
      e.setCrc(crc.getValue());
      zip.putNextEntry(e);
      zip.write(small);
      zip.closeEntry();
    }
    byte[] b = out.toByteArray();
    // the local header's uncompressed size (offset 22) says 2 GiB - 1
    b[22] = (byte) 0xff;
    b[23] = (byte) 0xff;
    b[24] = (byte) 0xff;
    b[25] = (byte) 0x7f;
    return b;
  }

  /** Thousands of empty entries: each cheap, together a denial of service. */
  static byte[] manyEntries() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      entries.put("word/media/e" + i + ".bin", new byte[0]);
    }
    return zip(entries, Deflater.DEFAULT_COMPRESSION);
  }

  static byte[] contentTypes(String type, String part) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Override PartName=\"" + part + "\" ContentType=\"" + type + "\"/></Types>").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] pngMagicThenScript() {
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    byte[] script = "<script>fetch('/api/accounts').then(r=>r.text()).then(alert)</script>".getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[magic.length + script.length];
    System.arraycopy(magic, 0, b, 0, magic.length);
    System.arraycopy(script, 0, b, magic.length, script.length);
    return b;
  }

  static byte[] png() throws Exception {
    BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 3, 0xcc0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] realPngThenScript() throws Exception {
    byte[] png = png();
    byte[] script = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
    byte[] b = java.util.Arrays.copyOf(png, png.length + script.length);
    System.arraycopy(script, 0, b, png.length, script.length);
    return b;
  }

  static byte[] docx() throws Exception {
    try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.createParagraph().createRun().setText("关于农村污水治理的书面意见：建议按片区建设污水处理站。");
      doc.write(out);
      return out.toByteArray();
    }
  }

  private static Map<String, byte[]> hostile;

  static synchronized Map<String, byte[]> hostileDocx() throws Exception {
    if (hostile != null) {
      return hostile;
    }
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("exe-in-zip", exeInZip());
    m.put("zip-bomb-200MB", zipBomb());
    m.put("declares-2GB", declaresTwoGigabytes());
    m.put("5000-entries", manyEntries());
    hostile = m;
    return m;
  }

  static JsonObject file(String name, byte[] data) {
    return new JsonObject().put("fileName", name).put("data", Base64.getEncoder().encodeToString(data));
  }

  static void refused(TestApp.Reply r, String what) {
    assertEquals(422, r.status(), what + ": " + r.body());
    assertTrue(r.isProblem(), what);
    assertEquals("请求内容有误", r.json().getString("title"), what);
    String field = r.json().getJsonArray("errors").getJsonObject(0).getString("field");
    assertTrue(List.of("data", "fileName", "file").contains(field), what + ": " + field);
  }

  // ---- endpoints

  @Test
  void forumAttachmentsRefuseHostileFilesAndKeepRealOnes() throws Exception {
    long before = app.count("SELECT count(*) FROM forum_attachment");
    Map<String, JsonObject> cases = new LinkedHashMap<>();
    hostileDocx().forEach((what, bytes) -> cases.put(what, file("意见.docx", bytes)));
    cases.put("PNG magic then script", file("现场照片.png", pngMagicThenScript()));
    cases.put("a real PNG with a script appended", file("现场照片.png", realPngThenScript()));
    assertAll(cases.entrySet().stream().map(e -> () ->
        refused(app.post("/api/posts/" + post + "/attachments", e.getValue(), author), e.getKey())));
    assertEquals(before, app.count("SELECT count(*) FROM forum_attachment"), "nothing stored");

    assertEquals(201, app.post("/api/posts/" + post + "/attachments", file("现场照片.png", png()), author).status());
    TestApp.Reply word = app.post("/api/posts/" + post + "/attachments", file("意见.docx", docx()), author);
    assertEquals(201, word.status(), word.body());
  }

  @Test
  void writtenOpinionsRefuseHostileFiles() throws Exception {
    String member = app.login("member01");
    String path = "/api/activities/" + meeting.id + "/submissions";
    long before = app.count("SELECT count(*) FROM opinion_unit");
    for (var e : hostileDocx().entrySet()) {
      refused(app.post(path, file("书面意见.docx", e.getValue()), member), e.getKey());
    }
    refused(app.post(path, file("书面意见.png", pngMagicThenScript()), member), "PNG magic then script");
    assertEquals(before, app.count("SELECT count(*) FROM opinion_unit"), "nothing stored");
    TestApp.Reply ok = app.post(path, file("书面意见.docx", docx()), member);
    assertEquals(201, ok.status(), ok.body());
  }

  @Test
  void workbookUploadsRefuseZipBombsAndForeignPackages() throws Exception {
    Map<String, byte[]> hostile = hostileDocx();
    long accounts = app.count("SELECT count(*) FROM account");
    long volunteers = app.count("SELECT count(*) FROM pool_volunteer");
    for (var e : hostile.entrySet()) {
      refused(app.send("POST", "/api/accounts/import", UploadedTable.XLSX, e.getValue(), admin), "roster " + e.getKey());
      refused(app.send("POST", "/api/pools/" + pool + "/import", UploadedTable.XLSX, e.getValue(), staff),
          "volunteers " + e.getKey());
    }
    // a Word document is a real OOXML package, but not a workbook
    refused(app.send("POST", "/api/accounts/import", UploadedTable.XLSX, docx(), admin), "a .docx sent as .xlsx");
    assertEquals(accounts, app.count("SELECT count(*) FROM account"));
    assertEquals(volunteers, app.count("SELECT count(*) FROM pool_volunteer"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      var sheet = wb.createSheet("名单");
      String[][] rows = {{"用户名", "姓名", "手机", "所属政协", "角色"}, {"upload_ok", "张三", "13800007777", "资阳市政协", "委员"}};
      for (int i = 0; i < rows.length; i++) {
        var row = sheet.createRow(i);
        for (int j = 0; j < rows[i].length; j++) {
          row.createCell(j).setCellValue(rows[i][j]);
        }
      }
      wb.write(out);
    }
    TestApp.Reply ok = app.send("POST", "/api/accounts/import", UploadedTable.XLSX, out.toByteArray(), admin);
    assertEquals(201, ok.status(), ok.body());
  }
}
