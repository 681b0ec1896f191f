package org.xieshang.forum;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import org.xieshang.platform.realtime.Fanout;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a theme's readers see change, published on {@code forum.<themeId>.events}: posts and statements
 * that became visible or were hidden, and vote counts. Counts are coalesced per statement and sent at
 * most every {@link #COUNTS_MILLIS} ms, so thousands of votes a second make a few small messages.
 * Only what every reader of the theme may see is published (never a held or hidden text).
 */
public final class ForumEvents {
  public static final Pattern EVENTS = Pattern.compile("forum\\.(\\d{1,18})\\.events");
  public static final Pattern COMMANDS = Pattern.compile("forum\\.(\\d{1,18})\\.cmd");
  static final long COUNTS_MILLIS = 250;

  private final Vertx vertx;
  private final Map<Long, Map<Long, VoteWriter.Counts>> pendingCounts = new HashMap<>();
  private final Context context;

  public ForumEvents(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    context.runOnContext(v -> vertx.setPeriodic(COUNTS_MILLIS, t -> flushCounts()));
  }

  public static String address(long themeId) {
    return "forum." + themeId + ".events";
  }

  public static Long themeOf(Pattern pattern, String address) {
    Matcher m = pattern.matcher(address == null ? "" : address);
    return m.matches() ? Long.parseLong(m.group(1)) : null;
  }

  void counts(List<VoteWriter.Counts> counts) {
    context.runOnContext(v -> counts.forEach(c ->
        pendingCounts.computeIfAbsent(c.themeId(), k -> new LinkedHashMap<>()).put(c.statementId(), c)));
  }

  private void flushCounts() {
    pendingCounts.forEach((theme, byStatement) -> {
      JsonArray list = new JsonArray();
      byStatement.values().forEach(c -> list.add(new JsonObject().put("id", c.statementId())
          .put("agree", c.agree()).put("disagree", c.disagree()).put("pass", c.pass())));
      publish(theme, new JsonObject().put("type", "Counts").put("statements", list));
    });
    pendingCounts.clear();
  }

  void postShown(long themeId, JsonObject post) {
    publish(themeId, new JsonObject().put("type", "PostShown").put("post", post));
  }

  void statementShown(long themeId, JsonObject statement) {
    publish(themeId, new JsonObject().put("type", "StatementShown").put("statement", statement));
  }

  void removed(long themeId, String targetType, long id) {
    publish(themeId, new JsonObject().put("type", "Removed").put("targetType", targetType).put("id", id));
  }

  /**
   * The moderation queue (held texts, open reports) changed: carries nothing but that, since everyone
   * reading the theme hears it; moderators' screens reload the queue, which checks who may see it.
   */
  void moderationChanged(long themeId) {
    publish(themeId, new JsonObject().put("type", "ModerationChanged"));
  }

  private void publish(long themeId, JsonObject event) {
    Fanout.publish(vertx, address(themeId), event);
  }
}
