package org.xieshang.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.xieshang.platform.http.JsonBody;

import java.util.ArrayList;
import java.util.List;

/** What a participant asks the session to do. Parsed from JSON {"type": "RaiseHand", "clientId": …, …}. */
public sealed interface Command {
  record Open() implements Command {}
  record Pause() implements Command {}
  record Resume() implements Command {}
  record Close() implements Command {}
  record StartItem(long itemId) implements Command {}
  record NextItem() implements Command {}
  /** accountId null: oneself. */
  record CheckIn(Long accountId) implements Command {}
  record RaiseHand(Long accountId, String note) implements Command {}
  record LowerHand(Long accountId) implements Command {}
  record SetQueueMode(QueueMode mode) implements Command {}
  record Reorder(List<Long> order) implements Command {}
  /** accountId null: the first in the queue. */
  record Grant(Long accountId) implements Command {}
  record Skip(long accountId) implements Command {}
  record RemoveHand(long accountId) implements Command {}
  record EndFloor() implements Command {}
  record Extend(int seconds) implements Command {}
  record CallOfficial(long officialId, String speechId) implements Command {}
  record MarkCommitment(String speechId, String text) implements Command {}
  record Summarize(String speechId, String text) implements Command {}
  record Comment(String text) implements Command {}
  record ApproveComment(String commentId) implements Command {}
  record RejectComment(String commentId) implements Command {}
  /** The chair takes a shown comment out of sight, saying why (its author is told). */
  record HideComment(String commentId, String reason) implements Command {}
  record SetModeration(boolean holdPublic) implements Command {}
  record OpenPoll(String question, List<String> options, boolean multiple, boolean anonymous, boolean publicMayVote)
      implements Command {}
  record Vote(String pollId, List<Integer> choices) implements Command {}
  record ClosePoll(String pollId) implements Command {}
  record RemoveParticipant(long accountId) implements Command {}
  /** Sent by the session's own timer, never accepted from a client. */
  record Tick(String speechId) implements Command {}
  /** Sent by the session's own throttle, never accepted from a client. */
  record Tally(String pollId) implements Command {}

  /** Parses a client's command; bad fields fail with a 422 naming them. Internal commands are refused. */
  static Command parse(JsonObject json) {
    JsonBody b = JsonBody.of(json);
    String type = b.text("type", 1, 40);
    b.validate();
    Command c = switch (type) {
      case "Open" -> new Open();
      case "Pause" -> new Pause();
      case "Resume" -> new Resume();
      case "Close" -> new Close();
      case "StartItem" -> new StartItem(orZero(b.id("itemId")));
      case "NextItem" -> new NextItem();
      case "CheckIn" -> new CheckIn(b.optionalId("accountId"));
      case "RaiseHand" -> new RaiseHand(b.optionalId("accountId"), b.optionalText("note", 100));
      case "LowerHand" -> new LowerHand(b.optionalId("accountId"));
      case "SetQueueMode" -> new SetQueueMode(b.enumValue("mode", QueueMode.class, null));
      case "Reorder" -> new Reorder(ids(b, "order"));
      case "Grant" -> new Grant(b.optionalId("accountId"));
      case "Skip" -> new Skip(orZero(b.id("accountId")));
      case "RemoveHand" -> new RemoveHand(orZero(b.id("accountId")));
      case "EndFloor" -> new EndFloor();
      case "Extend" -> new Extend(orZeroInt(b.integer("seconds", 10, 1800, null)));
      case "CallOfficial" -> new CallOfficial(orZero(b.id("officialId")), b.text("speechId", 1, 40));
      case "MarkCommitment" -> new MarkCommitment(b.text("speechId", 1, 40), b.text("text", 1, 500));
      case "Summarize" -> new Summarize(b.text("speechId", 1, 40), b.text("text", 1, 2000));
      case "Comment" -> new Comment(b.text("text", 1, 500));
      case "ApproveComment" -> new ApproveComment(b.text("commentId", 1, 40));
      case "RejectComment" -> new RejectComment(b.text("commentId", 1, 40));
      case "HideComment" -> new HideComment(b.text("commentId", 1, 40), b.text("reason", 1, 200));
      case "SetModeration" -> new SetModeration(b.bool("holdPublic", true));
      case "OpenPoll" -> new OpenPoll(b.text("question", 1, 200), b.texts("options", 2, 10, 100),
          b.bool("multiple", false), b.bool("anonymous", true), b.bool("publicMayVote", true));
      case "Vote" -> new Vote(b.text("pollId", 1, 40), integers(b, "choices"));
      case "ClosePoll" -> new ClosePoll(b.text("pollId", 1, 40));
      case "RemoveParticipant" -> new RemoveParticipant(orZero(b.id("accountId")));
      default -> {
        b.fail("type", "未知的指令：" + type);
        yield null;
      }
    };
    b.validate();
    return c;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static int orZeroInt(Integer v) {
    return v == null ? 0 : v;
  }

  private static List<Long> ids(JsonBody b, String field) {
    Object v = b.raw().getValue(field);
    List<Long> out = new ArrayList<>();
    if (!(v instanceof JsonArray a) || a.isEmpty() || a.size() > 500) {
      b.fail(field, "应为编号列表");
      return out;
    }
    for (Object o : a) {
      if (o instanceof Number n && n.longValue() > 0) {
        out.add(n.longValue());
      } else {
        b.fail(field, "应为编号列表");
        return out;
      }
    }
    return out;
  }

  private static List<Integer> integers(JsonBody b, String field) {
    Object v = b.raw().getValue(field);
    List<Integer> out = new ArrayList<>();
    if (!(v instanceof JsonArray a) || a.isEmpty() || a.size() > 10) {
      b.fail(field, "请至少选择一项");
      return out;
    }
    for (Object o : a) {
      if (o instanceof Number n && n.intValue() >= 0 && n.intValue() < 10) {
        out.add(n.intValue());
      } else {
        b.fail(field, "选项无效");
        return out;
      }
    }
    return out;
  }
}
