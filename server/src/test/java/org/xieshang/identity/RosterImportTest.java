package org.xieshang.identity;

import io.vertx.core.json.JsonObject;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.platform.http.UploadedTable;
import org.xieshang.support.TestApp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RosterImportTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();
  static String admin;

  @BeforeAll
  static void up() {
    admin = app.login("admin");
  }

  TestApp.Reply importCsv(String csv) {
    return app.send("POST", "/api/accounts/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8), admin);
  }

  @Test
  void badRowsAreReportedWithTheirLinesAndNothingIsImported() {
    long before = app.count("SELECT count(*) FROM account");
    String csv = """
        用户名,姓名,手机,所属政协,界别,专门委员会,常委,角色
        yj_zhang,张建国,13900001111,雁江区政协,经济界,,否,委员
        yj_li,,13900001112,雁江区政协,农业界,,是,委员
        ay_wang,王丽,139000,安岳县政协,不存在的界,,否,委员
        yj_zhang,张重复,13900001113,火星政协,,,也许,国王
        admin,冒名,,资阳市政协,,,否,委员
        """;
    TestApp.Reply r = importCsv(csv);
    assertEquals(422, r.status(), r.body());
    List<String> fields = r.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")).toList();
    assertTrue(fields.contains("第 3 行 姓名"), fields.toString());
    assertTrue(fields.contains("第 4 行 手机"), fields.toString());
    assertTrue(fields.contains("第 4 行 界别"), fields.toString());
    assertTrue(fields.contains("第 5 行 用户名"), fields.toString());
    assertTrue(fields.contains("第 5 行 所属政协"), fields.toString());
    assertTrue(fields.contains("第 5 行 常委"), fields.toString());
    assertTrue(fields.contains("第 5 行 角色"), fields.toString());
    assertTrue(fields.contains("第 6 行 用户名"), fields.toString());
    assertFalse(fields.stream().anyMatch(f -> f.startsWith("第 2 行")), "line 2 is fine");
    assertEquals(before, app.count("SELECT count(*) FROM account"), "nothing half-imported");
  }

  @Test
  void aGoodCsvImportsEveryRowWithInitialPasswords() {
    String csv = "\uFEFF用户名,姓名,手机,所属政协,界别,专门委员会,常委\n"
        + "lz_zhou,周海涛,13900002221,乐至县政协,教育界,,是\n"
        + "lz_wu,吴秀英,,乐至县政协,医药卫生界,,否\n";
    long audits = app.count("SELECT count(*) FROM audit_log WHERE action = 'account.import'");
    TestApp.Reply r = importCsv(csv);
    assertEquals(201, r.status(), r.body());
    assertEquals(2, r.json().getInteger("created"));
    assertEquals(1, app.count("SELECT count(*) FROM account WHERE username = 'lz_zhou' AND standing_committee"
        + " AND sector_id = (SELECT id FROM sector WHERE name = '教育界')"));
    String password = r.json().getJsonArray("accounts").getJsonObject(1).getString("initialPassword");
    assertEquals(200, app.post("/api/auth/login", new JsonObject().put("username", "lz_wu").put("password", password),
        null).status());
    assertEquals(audits + 1, app.count("SELECT count(*) FROM audit_log WHERE action = 'account.import'"));
  }

  @Test
  void anExcelRosterImports() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      XSSFSheet sheet = wb.createSheet("委员名单");
      String[][] rows = {{"用户名", "姓名", "手机", "所属政协", "界别"},
          {"ay_xu", "徐慧敏", "13900003331", "安岳县政协", "科技界"},
          {"ay_gao", "高少华", "13900003332", "安岳县政协", "工商联"}};
      for (int i = 0; i < rows.length; i++) {
        var row = sheet.createRow(i);
        for (int j = 0; j < rows[i].length; j++) {
          row.createCell(j).setCellValue(rows[i][j]);
        }
      }
      wb.write(out);
    }
    TestApp.Reply r = app.send("POST", "/api/accounts/import", UploadedTable.XLSX, out.toByteArray(), admin);
    assertEquals(201, r.status(), r.body());
    assertEquals(2, app.count("SELECT count(*) FROM account WHERE username IN ('ay_xu', 'ay_gao')"));
  }

  @Test
  void wrongFilesAreRefusedClearly() {
    TestApp.Reply type = app.send("POST", "/api/accounts/import", "application/pdf", "%PDF-1.4".getBytes(), admin);
    assertEquals(415, type.status());
    assertTrue(type.isProblem());
    TestApp.Reply notExcel = app.send("POST", "/api/accounts/import", UploadedTable.XLSX, "not a workbook".getBytes(), admin);
    assertEquals(422, notExcel.status());
    TestApp.Reply noHeader = importCsv("foo,bar\n1,2\n");
    assertEquals(422, noHeader.status());
    assertTrue(noHeader.body().contains("缺少必需的列"), noHeader.body());
  }
}
