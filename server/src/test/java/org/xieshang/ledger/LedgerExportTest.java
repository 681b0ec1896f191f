package org.xieshang.ledger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Excel export stores a formula-like text as a string cell: Excel shows it, never runs it. */
class LedgerExportTest {
  @Test
  void formulaLikeTextsAreStringCells() throws Exception {
    JsonObject entry = new JsonObject().put("reportTitle", "=HYPERLINK(\"http://evil.example\",\"点此\")")
        .put("suggestion", "=cmd|' /C calc'!A0").put("department", "@SUM(A1)").put("dueOn", "+1")
        .put("adoptionLabel", "-1+2").put("latestReply", null).put("repliedAt", null)
        .put("supervised", false).put("overdue", false);
    byte[] xlsx = LedgerExport.workbook(new JsonArray().add(entry));
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      for (Cell cell : wb.getSheetAt(0).getRow(1)) {
        assertEquals(CellType.STRING, cell.getCellType(), "column " + cell.getColumnIndex());
      }
      assertEquals("=cmd|' /C calc'!A0", wb.getSheetAt(0).getRow(1).getCell(2).getStringCellValue());
    }
  }
}
