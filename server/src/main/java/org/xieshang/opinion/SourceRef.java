package org.xieshang.opinion;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an opinion unit came from: the one owner of {@code opinion_unit.source_ref}, which is unique
 * per source so that collecting again updates rather than duplicates. Its text is written here, in
 * Java or (for collecting many at once) as the same text built in SQL, and read back only by {@link #parse}.
 * <ul>
 *   <li>{@code live:<session>:speech|comment|commitment|poll:<id>} — from a live session's read model;</li>
 *   <li>{@code forum_post:<id>}, {@code forum_statement:<id>} — from an online theme;</li>
 *   <li>{@code submission|research|draft_comment:<account>:<key>} — written straight into the store.</li>
 * </ul>
 */
public sealed interface SourceRef {
  String text();

  enum LivePart { SPEECH, COMMENT, COMMITMENT, POLL }

  enum ForumPart { POST, STATEMENT }

  record Live(long sessionId, LivePart part, String id) implements SourceRef {
    public String text() {
      return "live:" + sessionId + ":" + part.name().toLowerCase(Locale.ROOT) + ":" + id;
    }
  }

  record Forum(ForumPart part, long id) implements SourceRef {
    public String text() {
      return prefix(part) + id;
    }
  }

  /** A written opinion, research finding or draft comment; the key makes a resend the same unit. */
  record Written(String channel, long accountId, String key) implements SourceRef {
    public String text() {
      return channel.toLowerCase(Locale.ROOT) + ":" + accountId + ":" + key;
    }
  }

  Pattern LIVE = Pattern.compile("live:(\\d+):(speech|comment|commitment|poll):(.+)");
  Pattern FORUM = Pattern.compile("forum_(post|statement):(\\d+)");
  Pattern WRITTEN = Pattern.compile("(submission|research|draft_comment):(\\d+):(.+)");

  static SourceRef parse(String text) {
    Matcher m = LIVE.matcher(text);
    if (m.matches()) {
      return new Live(Long.parseLong(m.group(1)), LivePart.valueOf(m.group(2).toUpperCase(Locale.ROOT)), m.group(3));
    }
    m = FORUM.matcher(text);
    if (m.matches()) {
      return new Forum(ForumPart.valueOf(m.group(1).toUpperCase(Locale.ROOT)), Long.parseLong(m.group(2)));
    }
    m = WRITTEN.matcher(text);
    if (m.matches()) {
      return new Written(m.group(1).toUpperCase(Locale.ROOT), Long.parseLong(m.group(2)), m.group(3));
    }
    throw new IllegalArgumentException("not a source reference: " + text);
  }

  private static String prefix(ForumPart part) {
    return "forum_" + part.name().toLowerCase(Locale.ROOT) + ":";
  }

  /** {@link Live#text()} as an SQL expression of two column expressions (session id, part id). */
  static String liveSql(LivePart part, String sessionExpr, String idExpr) {
    return "'live:' || " + sessionExpr + " || ':" + part.name().toLowerCase(Locale.ROOT) + ":' || " + idExpr;
  }

  /** {@link Forum#text()} as an SQL expression of the source's id column. */
  static String forumSql(ForumPart part, String idExpr) {
    return "'" + prefix(part) + "' || " + idExpr;
  }
}
