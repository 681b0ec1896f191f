package org.xieshang.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each capability owns its tables: only its own classes name them in SQL, and only in its Store
 * (docs/architecture.md, Who owns which tables). Others read the views an owner publishes (named after
 * it: identity_person, activity_roster, forum_opinion_post, …) or call its Service. This reads every
 * table name after FROM, JOIN, INTO and UPDATE in the server's main sources.
 */
class OwnershipTest {
  private static final Path MAIN = Path.of("src/main/java/org/xieshang");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  /** Who owns which table. A new table must be entered here, under its capability. */
  private static final Map<String, Set<String>> OWNERS = Map.ofEntries(
      Map.entry("identity", Set.of("account", "organization", "sector", "committee", "department", "refresh_token",
          "phone_code", "login_throttle", "revoked_access_token")),
      Map.entry("activity", Set.of("activity", "agenda_item", "activity_document", "venue", "roster_entry",
          "invitation_link", "minutes", "minutes_version")),
      Map.entry("live", Set.of("live_event", "live_vote", "live_command", "live_owner")),
      Map.entry("sortition", Set.of("sortition_pool", "pool_volunteer", "sortition_draw", "draw_pick")),
      Map.entry("opinion", Set.of("opinion_unit", "opinion_file", "opinion_analysis", "draft_text", "draft_paragraph")),
      Map.entry("report", Set.of("report", "report_version", "report_event")),
      Map.entry("video", Set.of("video_recording", "video_attendance")),
      Map.entry("inbox", Set.of("notice")),
      Map.entry("ledger", Set.of("ledger_entry", "ledger_reply")),
      Map.entry("forum", Set.of("forum_theme", "forum_participant", "forum_post", "forum_post_version", "forum_report",
          "forum_statement", "forum_vote", "forum_attachment")),
      Map.entry("plan", Set.of("plan", "plan_step", "plan_suggestion", "plan_topic", "plan_topic_activity",
          "plan_topic_theme")),
      Map.entry("platform", Set.of("audit_log", "app_meta")));

  /**
   * Classes that hold SQL without being called a Store, and why: the forum's batched vote writer and its
   * Polis import/export are its write paths beside ForumStore; the audit log is platform's only table.
   */
  private static final Set<String> SQL_OUTSIDE_STORES = Set.of("forum/VoteWriter.java", "forum/PolisTransfer.java",
      "platform/audit/AuditLog.java");

  private static final Pattern TABLE_USE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+([a-z_][a-z0-9_]*)");

  @Test
  void everyTableHasAnOwnerAndEveryViewNamesIts() throws IOException {
    String sql = migrations();
    Set<String> tables = names(sql, "CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)");
    Set<String> registered = new TreeSet<>();
    OWNERS.values().forEach(registered::addAll);
    assertEquals(new TreeSet<>(tables), registered, "tables in the migrations and the owners above");
    for (String view : names(sql, "CREATE (?:OR REPLACE )?VIEW ([a-z_][a-z0-9_]*)")) {
      assertTrue(OWNERS.keySet().stream().anyMatch(owner -> view.startsWith(owner + "_")),
          "a published view is named after its owner: " + view);
    }
  }

  @Test
  void onlyAnOwnersStoreNamesItsTables() throws IOException {
    Map<String, String> ownerOf = new TreeMap<>();
    OWNERS.forEach((owner, tables) -> tables.forEach(t -> ownerOf.put(t, owner)));
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String rel = MAIN.relativize(file).toString().replace('\\', '/');
        // the demo seeds every capability's tables at first start, as a deployment's import would
        if (rel.startsWith("demo/")) {
          continue;
        }
        String capability = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "app";
        boolean store = rel.endsWith("Store.java") || SQL_OUTSIDE_STORES.contains(rel);
        Matcher m = TABLE_USE.matcher(Files.readString(file));
        Set<String> seen = new TreeSet<>();
        while (m.find()) {
          String owner = ownerOf.get(m.group(1));
          if (owner != null && seen.add(m.group(1)) && (!owner.equals(capability) || !store)) {
            wrong.add(rel + " names " + m.group(1) + " (" + owner + (store ? ")" : ", outside a Store)"));
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "reads and writes of another capability's tables, or SQL outside a Store");
  }

  private static String migrations() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        all.append(Files.readString(f)).append('\n');
      }
    }
    return all.toString();
  }

  private static Set<String> names(String sql, String regex) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(sql);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
