package org.xieshang.inbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import org.xieshang.platform.realtime.Fanout;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notices to one person (通知): written in the transaction of the act they tell of, so that a notice
 * exists exactly when its act happened, and published on {@code user.<accountId>.inbox} only after
 * that transaction commits. Only the person may listen there ({@link InboxChannel}).
 */
public final class Inbox {
  public static final Pattern ADDRESS = Pattern.compile("user\\.(\\d{1,18})\\.inbox");
  static final int PAGE = 50;

  /** What to run after a commit that wrote no notice. */
  public static final Runnable NOTHING = () -> { };

  /** link: a path in the web client, e.g. /themes/3 */
  public record Notice(long accountId, String kind, String title, String body, String link) {}

  private final Vertx vertx;
  private final Pool pool;

  public Inbox(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public static String address(long accountId) {
    return "user." + accountId + ".inbox";
  }

  /** The account an inbox address belongs to, or null when it is not one. */
  public static Long ownerOf(String address) {
    Matcher m = ADDRESS.matcher(address == null ? "" : address);
    return m.matches() ? Long.valueOf(m.group(1)) : null;
  }

  private static Future<Written> write(SqlClient tx, Notice n) {
    return InboxStore.insert(tx, n).map(row -> new Written(n.accountId(), json(row)));
  }

  /** A committed notice, ready to be pushed. */
  public record Written(long accountId, JsonObject notice) {}

  /**
   * Writes notices in the caller's transaction; answers the action that pushes them, to run once the
   * transaction commits (never before: a notice of an act rolled back must not reach anyone).
   */
  public Future<Runnable> tell(SqlClient tx, List<Notice> notices) {
    Future<List<Written>> written = Future.succeededFuture(new ArrayList<>());
    for (Notice n : notices) {
      written = written.compose(all -> write(tx, n).map(w -> {
        all.add(w);
        return all;
      }));
    }
    return written.map(all -> () -> all.forEach(this::publish));
  }

  /** The start of a text for a notice: at most the given number of characters, spaces folded, "…" when cut. */
  public static String excerpt(String text, int characters) {
    String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return t.codePointCount(0, t.length()) <= characters ? t : t.substring(0, t.offsetByCodePoints(0, characters)) + "…";
  }

  public void publish(Written w) {
    Fanout.publish(vertx, address(w.accountId()), new JsonObject().put("type", "Notice").put("notice", w.notice()));
  }

  /** The person's latest notices, newest first, and how many are unread. */
  public Future<JsonObject> latest(long accountId) {
    return InboxStore.latest(pool, accountId, PAGE)
        .map(rows -> {
          JsonArray notices = new JsonArray();
          long unread = 0; // no notices, none unread
          for (Row r : rows) {
            notices.add(json(r));
            unread = r.getLong("unread");
          }
          return new JsonObject().put("notices", notices).put("unread", unread);
        });
  }

  /** Marks the person's notices up to and including upTo as read; answers how many changed. */
  public Future<Integer> markRead(long accountId, long upTo) {
    return InboxStore.markRead(pool, accountId, upTo, false);
  }

  /** Marks one of the person's notices read (opening it); someone else's notice is left alone: 0. */
  public Future<Integer> markOneRead(long accountId, long id) {
    return InboxStore.markRead(pool, accountId, id, true);
  }

  private static JsonObject json(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("kind", r.getString("kind"))
        .put("title", r.getString("title"))
        .put("body", r.getString("body"))
        .put("link", r.getString("link"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put("read", r.getValue("read_at") != null);
  }
}
