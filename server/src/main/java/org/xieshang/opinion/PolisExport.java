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
import java.util.Set;

/**
 * A conversation exported from Pol.is: comments.csv and the votes, from votes.csv (agree 1, disagree -1, pass 0)
 * when the export has it, else from the participant × statement matrix of participants-votes.csv (1, -1, 0; an
 * empty cell is no vote), which some exports carry alone.
 */
public record PolisExport(Map<String, String> statements, List<OpinionMap.Vote> votes, List<String> moderatedOut) {

  public PolisExport(Map<String, String> statements, List<OpinionMap.Vote> votes) {
    this(statements, votes, List.of());
  }

  /** Our map of the export, with Pol.is's treatment of statements moderated out (see OpinionMap.compute). */
  public OpinionMap.Result map(long seed) {
    return OpinionMap.compute(new ArrayList<>(statements.keySet()), moderatedOut, votes, seed);
  }

  /** The first columns of participants-votes.csv; the statement columns follow. */
  static final Set<String> MATRIX_META = Set.of("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree",
      "n-disagree");

  /** An export that cannot be read: names the file and what is wrong with it. */
  public static final class Unreadable extends IOException {
    private final String file;

    Unreadable(String file, String problem) {
      super(file + "：" + problem);
      this.file = file;
    }

    public String file() {
      return file;
    }
  }

  /**
   * Reads the export; statements moderated out (moderated = -1) are left out, and a participant's last vote counts.
   * Without comments.csv the statements are the matrix's columns (no text).
   */
  public static PolisExport read(Path dir) throws IOException {
    Path comments = dir.resolve("comments.csv");
    Path votes = dir.resolve("votes.csv");
    Path matrix = dir.resolve("participants-votes.csv");
    boolean haveVotes = nonEmpty(votes);
    boolean haveMatrix = nonEmpty(matrix);
    if (!haveVotes && !haveMatrix) {
      throw new Unreadable(Files.exists(matrix) ? "participants-votes.csv" : Files.exists(votes) ? "votes.csv"
          : "votes.csv / participants-votes.csv", Files.exists(matrix) || Files.exists(votes)
          ? "文件为空，没有表态（需要 votes.csv 或 participants-votes.csv）"
          : "文件不存在（需要 votes.csv 或 participants-votes.csv），在 " + dir);
    }
    Map<String, String> statements = new LinkedHashMap<>();
    List<String> moderatedOut = new ArrayList<>();
    if (nonEmpty(comments)) {
      for (CSVRecord r : records(comments)) {
        if (!"-1".equals(field(r, "comments.csv", "moderated"))) {
          statements.put(field(r, "comments.csv", "comment-id"), SafeCsv.restore(field(r, "comments.csv", "comment-body")));
        } else {
          moderatedOut.add(field(r, "comments.csv", "comment-id"));
        }
      }
    } else if (!haveMatrix) {
      throw new Unreadable("comments.csv", Files.exists(comments) ? "文件为空，没有观点" : "文件不存在，在 " + dir);
    }
    if (haveVotes) {
      return new PolisExport(statements, fromVotes(votes), moderatedOut);
    }
    List<OpinionMap.Vote> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(matrix, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      List<String> header = csv.getHeaderNames();
      if (!header.contains("participant")) {
        throw new Unreadable("participants-votes.csv", "缺少列 participant");
      }
      List<String> columns = header.stream().filter(h -> !MATRIX_META.contains(h)).toList();
      boolean fromMatrix = statements.isEmpty();
      if (fromMatrix) {
        columns.forEach(c -> statements.put(c, ""));
      }
      for (CSVRecord rec : csv) {
        String who = rec.get("participant");
        for (String c : columns) {
          String cell = rec.isMapped(c) && rec.isSet(c) ? rec.get(c).strip() : "";
          if (cell.isEmpty()) {
            continue;
          }
          int value;
          try {
            value = (int) Math.signum(Double.parseDouble(cell));
          } catch (NumberFormatException e) {
            throw new Unreadable("participants-votes.csv", "第 " + (rec.getRecordNumber() + 1) + " 行，列 " + c
                + "：表态应为 1（赞成）、-1（反对）、0（跳过）或空（未表态），而不是 " + cell);
          }
          out.add(new OpinionMap.Vote(who, c, value));
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new Unreadable("participants-votes.csv", "无法解析 CSV：" + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new Unreadable("participants-votes.csv", "没有任何表态（矩阵为空）");
    }
    return new PolisExport(statements, out, moderatedOut);
  }

  private static List<OpinionMap.Vote> fromVotes(Path votes) throws IOException {
    record Timed(long at, OpinionMap.Vote vote) {}
    List<Timed> timed = new ArrayList<>();
    for (CSVRecord r : records(votes)) {
      try {
        timed.add(new Timed(Long.parseLong(field(r, "votes.csv", "timestamp")),
            new OpinionMap.Vote(field(r, "votes.csv", "voter-id"), field(r, "votes.csv", "comment-id"),
                Integer.parseInt(field(r, "votes.csv", "vote")))));
      } catch (NumberFormatException e) {
        throw new Unreadable("votes.csv", "第 " + (r.getRecordNumber() + 1) + " 行：timestamp 与 vote 应为整数");
      }
    }
    timed.sort(Comparator.comparingLong(Timed::at));
    return timed.stream().map(Timed::vote).toList();
  }

  private static String field(CSVRecord r, String file, String column) throws Unreadable {
    if (!r.isMapped(column)) {
      throw new Unreadable(file, "缺少列 " + column);
    }
    return r.isSet(column) ? r.get(column) : "";
  }

  private static boolean nonEmpty(Path file) throws IOException {
    return Files.isRegularFile(file) && Files.size(file) > 0;
  }

  static List<CSVRecord> records(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      return csv.getRecords();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new Unreadable(file.getFileName().toString(), "无法解析 CSV：" + e.getMessage());
    }
  }

  /** Pol.is's own groups in participants-votes.csv (participant → group-id), for those it grouped; empty without the file. */
  public static Map<String, String> polisGroups(Path dir) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Path matrix = dir.resolve("participants-votes.csv");
    if (!nonEmpty(matrix)) {
      return out;
    }
    for (CSVRecord r : records(matrix)) {
      String g = r.isMapped("group-id") && r.isSet("group-id") ? r.get("group-id").strip() : "";
      if (!g.isEmpty()) {
        out.put(r.get("participant"), g);
      }
    }
    return out;
  }
}
