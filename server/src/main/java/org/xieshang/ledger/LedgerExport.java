package org.xieshang.ledger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.xieshang.platform.time.ChinaTime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The ledger as an Excel workbook (意见办理台账.xlsx), the form in which committees keep and pass it on. */
final class LedgerExport {
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  static final List<String> HEADERS = List.of("序号", "协商报告", "意见建议", "承办单位", "办理期限", "采纳情况",
      "最新答复", "答复时间", "督办", "是否超期");
  private static final int[] WIDTHS = {6, 28, 60, 20, 12, 10, 60, 18, 6, 8};
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(ChinaTime.ZONE);

  private LedgerExport() {}

  /** One row per entry, in the order given, under a bold header row that stays in view. */
  static byte[] workbook(JsonArray entries) {
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("意见办理台账");
      Font bold = wb.createFont();
      bold.setBold(true);
      CellStyle head = wb.createCellStyle();
      head.setFont(bold);
      CellStyle wrap = wb.createCellStyle();
      wrap.setWrapText(true);
      Row header = sheet.createRow(0);
      for (int c = 0; c < HEADERS.size(); c++) {
        header.createCell(c).setCellValue(HEADERS.get(c));
        header.getCell(c).setCellStyle(head);
        sheet.setColumnWidth(c, WIDTHS[c] * 256);
      }
      sheet.createFreezePane(0, 1);
      for (int i = 0; i < entries.size(); i++) {
        JsonObject e = entries.getJsonObject(i);
        String replied = e.getString("repliedAt");
        String[] cells = {String.valueOf(i + 1), e.getString("reportTitle"), e.getString("suggestion"),
            e.getString("department"), e.getString("dueOn"), e.getString("adoptionLabel"),
            e.getString("latestReply") == null ? "" : e.getString("latestReply"),
            replied == null ? "" : WHEN.format(Instant.parse(replied)),
            e.getBoolean("supervised") ? "是" : "", e.getBoolean("overdue") ? "是" : ""};
        Row row = sheet.createRow(i + 1);
        for (int c = 0; c < cells.length; c++) {
          row.createCell(c).setCellValue(cells[c]);
          row.getCell(c).setCellStyle(wrap);
        }
      }
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
