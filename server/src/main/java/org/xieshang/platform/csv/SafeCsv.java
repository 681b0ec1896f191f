package org.xieshang.platform.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one way the product writes CSV. A spreadsheet opening a CSV runs a cell that starts with
 * {@code = + - @} (or tab / CR, which some strip first) as a formula: {@code =HYPERLINK(...)} or
 * {@code =cmd|' /C calc'!A0} from a statement would run on a staff member's machine. Such a text cell is
 * written with a leading apostrophe (shown as text, never evaluated); plain numbers such as {@code -1}
 * stay as they are, so the Pol.is format keeps its votes. {@link #restore} undoes it when we read our own
 * files back, so an export re-imported is unchanged.
 */
public final class SafeCsv implements Closeable {
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private final CSVPrinter printer;

  private SafeCsv(Appendable out) throws IOException {
    this.printer = new CSVPrinter(out, CSVFormat.DEFAULT);
  }

  /** A writer on out whose first record is the header (neutralised too: a header may come from a user's file). */
  public static SafeCsv open(Appendable out, String... header) throws IOException {
    SafeCsv csv = new SafeCsv(out);
    if (header.length > 0) {
      csv.printRecord((Object[]) header);
    }
    return csv;
  }

  public void printRecord(Object... cells) throws IOException {
    Object[] safe = new Object[cells.length];
    for (int i = 0; i < cells.length; i++) {
      safe[i] = cell(cells[i]);
    }
    printer.printRecord(safe);
  }

  public void printRecord(Iterable<?> cells) throws IOException {
    List<Object> all = new ArrayList<>();
    cells.forEach(all::add);
    printRecord(all.toArray());
  }

  /** The cell as written: numbers and harmless texts unchanged, a formula-like text behind an apostrophe. */
  public static Object cell(Object value) {
    if (!(value instanceof CharSequence cs)) {
      return value;
    }
    String s = cs.toString();
    return dangerous(s) ? "'" + s : s;
  }

  /** A text read from a CSV this product wrote: the apostrophe {@link #cell} added is taken off again. */
  public static String restore(String s) {
    return s != null && s.startsWith("'") && dangerous(s.substring(1)) ? s.substring(1) : s;
  }

  // "'=x" is neutralised too (to "''=x"), so that restore gives back exactly what was written
  private static boolean dangerous(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\'') {
      i++;
    }
    if (i == s.length()) {
      return false;
    }
    char c = s.charAt(i);
    boolean trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    return trigger && !(i == 0 && NUMBER.matcher(s).matches());
  }

  @Override
  public void close() throws IOException {
    printer.close();
  }
}
