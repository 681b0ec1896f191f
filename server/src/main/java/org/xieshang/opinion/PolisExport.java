package org.xieshang.opinion;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xieshang.platform.csv.SafeCsv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A conversation exported from Pol.is: comments.csv and votes.csv (agree 1, disagree -1, pass 0). */
public record PolisExport(Map<String, String> statements, List<OpinionMap.Vote> votes) {

  /** Reads the export; statements moderated out (moderated = -1) are left out, and a participant's last vote counts. */
  public static PolisExport read(Path dir) throws IOException {
    Map<String, String> statements = new LinkedHashMap<>();
    for (CSVRecord r : records(dir.resolve("comments.csv"))) {
      if (!"-1".equals(r.get("moderated"))) {
        statements.put(r.get("comment-id"), SafeCsv.restore(r.get("comment-body")));
      }
    }
    record Timed(long at, OpinionMap.Vote vote) {}
    List<Timed> timed = new ArrayList<>();
    for (CSVRecord r : records(dir.resolve("votes.csv"))) {
      timed.add(new Timed(Long.parseLong(r.get("timestamp")),
          new OpinionMap.Vote(r.get("voter-id"), r.get("comment-id"), Integer.parseInt(r.get("vote")))));
    }
    timed.sort(Comparator.comparingLong(Timed::at));
    return new PolisExport(statements, timed.stream().map(Timed::vote).toList());
  }

  static List<CSVRecord> records(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      return csv.getRecords();
    }
  }
}
