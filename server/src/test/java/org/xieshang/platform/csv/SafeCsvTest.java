package org.xieshang.platform.csv;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every CSV the product writes goes through SafeCsv: no cell a spreadsheet would run, and nothing lost. */
class SafeCsvTest {

  @Provide
  Arbitrary<List<String>> rows() {
    Arbitrary<String> cell = Arbitraries.oneOf(
        Arbitraries.strings().withChars("=+-@\t\r'\"0123456789.eE,\n 意见A(|!)").ofMaxLength(12),
        Arbitraries.strings().ofMaxLength(8),
        Arbitraries.integers().map(String::valueOf));
    return cell.list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 2000)
  void noCellStartsAFormulaAndEveryCellReadsBack(@ForAll("rows") List<String> row) throws Exception {
    StringWriter out = new StringWriter();
    try (SafeCsv csv = SafeCsv.open(out)) {
      csv.printRecord(row);
    }
    List<String> back = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(out.toString(), CSVFormat.DEFAULT)) {
      List<CSVRecord> records = parser.getRecords();
      assertEquals(1, records.size());
      records.get(0).forEach(back::add);
    }
    assertEquals(row.size(), back.size());
    for (int i = 0; i < row.size(); i++) {
      String cell = back.get(i);
      boolean number = cell.matches("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
      assertFalse(!cell.isEmpty() && !number && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "runs as a formula: " + cell);
      assertEquals(row.get(i), SafeCsv.restore(cell));
    }
  }

  @Property(tries = 200)
  void theHeaderIsNeutralisedToo(@ForAll("rows") List<String> header) throws Exception {
    StringWriter out = new StringWriter();
    try (SafeCsv csv = SafeCsv.open(out, header.toArray(String[]::new))) {
      csv.printRecord("x");
    }
    try (CSVParser parser = CSVParser.parse(out.toString(), CSVFormat.DEFAULT)) {
      for (String cell : parser.getRecords().get(0)) {
        assertFalse(cell.startsWith("=") || cell.startsWith("@"), cell);
      }
    }
  }
}
