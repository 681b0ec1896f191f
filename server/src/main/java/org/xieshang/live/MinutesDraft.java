package org.xieshang.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Draft minutes (纪要) from a closed session's state: attendance per venue, agenda, speakers in order
 * with times, interactions and commitments, polls with results. Structured JSON plus a Chinese text.
 */
public final class MinutesDraft {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private MinutesDraft() {}

  public static JsonObject body(SessionState s, SessionRoster roster, SessionView view) {
    JsonObject snapshot = view.snapshot(s);
    JsonArray agenda = new JsonArray();
    roster.agenda().forEach(i -> agenda.add(new JsonObject().put("id", i.id()).put("title", i.title())
        .put("held", s.itemsStarted.contains(i.id()))));
    return new JsonObject()
        .put("title", roster.title())
        .put("openedAt", s.openedAt == null ? null : s.openedAt.toString())
        .put("closedAt", s.closedAt == null ? null : s.closedAt.toString())
        .put("attendance", snapshot.getJsonObject("attendance"))
        .put("agenda", agenda)
        .put("speeches", snapshot.getJsonArray("speeches"))
        .put("commitments", snapshot.getJsonArray("commitments"))
        .put("polls", snapshot.getJsonArray("polls"))
        .put("comments", (long) s.comments.values().stream().filter(c -> c.status == CommentStatus.PUBLISHED).count());
  }

  public static String text(SessionState s, SessionRoster roster) {
    StringBuilder t = new StringBuilder();
    t.append(roster.title()).append(" 会议纪要（草稿）\n\n");
    t.append("一、会议时间：").append(fmt(DATE, s.openedAt)).append(" 至 ").append(fmt(DATE, s.closedAt)).append("\n\n");
    t.append("二、出席情况：\n");
    Map<Long, Integer> sizes = roster.rosterSizeByVenue();
    for (SessionRoster.Venue v : roster.venues()) {
      long in = s.checkedIn.values().stream().filter(id -> id == v.id()).count();
      t.append("  ").append(v.name()).append(v.kind().equals("MAIN") ? "（主会场）" : "（分会场）")
          .append("：应到 ").append(sizes.getOrDefault(v.id(), 0)).append(" 人，实到 ").append(in).append(" 人\n");
    }
    t.append("  合计：应到 ").append(roster.participants().size()).append(" 人，实到 ").append(s.checkedIn.size())
        .append(" 人\n\n");
    t.append("三、议程：\n");
    for (SessionRoster.AgendaItem i : roster.agenda()) {
      t.append("  ").append(i.position()).append(". ").append(i.title())
          .append(s.itemsStarted.contains(i.id()) ? "" : "（未进行）").append('\n');
    }
    t.append("\n四、发言情况（按顺序）：\n");
    int n = 0;
    for (SessionState.Speech sp : s.speeches.values()) {
      SessionRoster.Participant p = roster.participants().get(sp.accountId);
      t.append("  ").append(++n).append(". ").append(fmt(TIME, sp.start)).append('-').append(fmt(TIME, sp.end))
          .append(' ').append(roster.venue(sp.venueId).name()).append(' ')
          .append(p == null ? "?" : p.name()).append('（').append(p == null ? "" : p.role().label()).append('）');
      if ("ANSWER".equals(sp.kind)) {
        SessionState.Speech q = s.speeches.get(sp.answersSpeechId);
        t.append(" 答复 ").append(q == null ? "?" : roster.name(q.accountId)).append(" 的发言");
      }
      t.append("，用时 ").append(sp.spokenMillis / 1000).append(" 秒");
      if (sp.summary != null) {
        t.append("\n     摘要：").append(sp.summary);
      }
      t.append('\n');
    }
    t.append("\n五、互动交流与承诺事项：\n");
    if (s.commitments.isEmpty()) {
      t.append("  无\n");
    }
    for (SessionState.Commitment c : s.commitments) {
      t.append("  ").append(roster.name(c.officialId())).append("：").append(c.text()).append('\n');
    }
    t.append("\n六、表决情况：\n");
    if (s.polls.isEmpty()) {
      t.append("  无\n");
    }
    for (SessionState.Poll p : s.polls.values()) {
      int[] total = SessionState.tally(p).get("total");
      t.append("  ").append(p.question).append("（").append(p.votes.size()).append(" 人参加）：");
      for (int i = 0; i < p.options.size(); i++) {
        t.append(i == 0 ? "" : "；").append(p.options.get(i)).append(' ').append(total[i]).append(" 票");
      }
      t.append(p.anonymous ? "（不记名）" : "（记名）").append('\n');
      if (!p.anonymous) {
        p.votes.forEach((account, choices) -> t.append("     ").append(roster.name(account)).append("：")
            .append(String.join("、", choices.stream().map(p.options::get).toList())).append('\n'));
      }
    }
    long published = s.comments.values().stream().filter(c -> c.status == CommentStatus.PUBLISHED).count();
    t.append("\n七、网上评论：共 ").append(published).append(" 条。\n");
    return t.toString();
  }

  private static String fmt(DateTimeFormatter f, Instant at) {
    return at == null ? "—" : f.format(at);
  }
}
