package org.xieshang.platform.http;

import io.vertx.ext.web.RoutingContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A list uploaded as the request body, as staff keep them: CSV (UTF-8; Excel's byte-order mark is
 * skipped) or the first sheet of an Excel .xlsx workbook. Read into rows of cell texts, the header first.
 */
public final class UploadedTable {
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** The file in the request body and whether it is a workbook; 415 for any other type, 422 when empty. */
  public record File(byte[] content, boolean xlsx) {}

  private UploadedTable() {}

  public static File of(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    boolean xlsx = mime.equals(XLSX);
    if (!xlsx && !mime.equals("text/csv")) {
      throw new DomainError(415, "unsupported-media-type", "不支持的文件类型",
          "请上传 CSV（text/csv）或 Excel 工作簿（.xlsx）", List.of(), null);
    }
    byte[] content = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (content.length == 0) {
      throw DomainError.invalid("file", "文件为空");
    }
    return new File(content, xlsx);
  }

  /** The rows of the file (blocking for a large workbook: call it off the event loop). */
  public static List<List<String>> read(File file) {
    List<List<String>> rows = file.xlsx() ? readXlsx(file.content()) : readCsv(file.content());
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).stream().anyMatch(cell -> cell.indexOf('\u0000') >= 0)) {
        // PostgreSQL text cannot hold U+0000: refused naming the line, not a 500 from the INSERT
        throw DomainError.invalid("第 " + (r + 1) + " 行", "含有不允许的空字符（U+0000）");
      }
    }
    return rows;
  }

  static List<List<String>> readCsv(byte[] content) {
    int offset = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
        && (content[2] & 0xff) == 0xBF ? 3 : 0;
    CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).build();
    // strictly: a GBK file read as UTF-8 would otherwise import names full of U+FFFD
    String text;
    try {
      text = JsonBody.strictUtf8(Arrays.copyOfRange(content, offset, content.length), "file");
    } catch (DomainError e) {
      throw DomainError.invalid("file", "CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或上传 .xlsx");
    }
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<List<String>> table = new ArrayList<>();
      for (CSVRecord record : parser) {
        List<String> cells = new ArrayList<>();
        record.forEach(cells::add);
        table.add(cells);
      }
      return table;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw DomainError.invalid("file", "CSV 文件无法读取：" + e.getMessage());
    }
  }

  static List<List<String>> readXlsx(byte[] content) {
    String problem = Attachment.contentProblem(XLSX, content); // the check every upload passes: no zip bomb reaches POI
    if (problem != null) {
      throw DomainError.invalid("file", problem);
    }
    try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(content))) {
      Sheet sheet = workbook.getSheetAt(0);
      DataFormatter formatter = new DataFormatter(); // cells as shown in Excel: a phone number stays digits
      List<List<String>> table = new ArrayList<>();
      for (int r = 0; r <= sheet.getLastRowNum(); r++) {
        Row row = sheet.getRow(r);
        List<String> cells = new ArrayList<>();
        if (row != null) {
          for (int c = 0; c < row.getLastCellNum(); c++) {
            Cell cell = row.getCell(c);
            cells.add(cell == null ? "" : formatter.formatCellValue(cell));
          }
        }
        table.add(cells);
      }
      return table;
    } catch (IOException | RuntimeException e) {
      throw DomainError.invalid("file", "Excel 文件无法读取（需要 .xlsx 格式）");
    }
  }
}
