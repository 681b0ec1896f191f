package org.xieshang.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened in a live session. The log of these is the session's only state: {@link SessionState#apply}
 * folds them. Serialised as {"type": simple name, …components} by the generic record mapping below.
 */
public sealed interface Event {
  record SessionOpened() implements Event {}
  record SessionPaused() implements Event {}
  record SessionResumed() implements Event {}
  record SessionClosed() implements Event {}
  record ItemStarted(long itemId) implements Event {}
  record CheckedIn(long accountId, long venueId, long by) implements Event {}
  record HandRaised(long accountId, long venueId, long by, String note) implements Event {}
  record HandLowered(long accountId, HandLowerReason reason) implements Event {}
  record HandSkipped(long accountId) implements Event {}
  record QueueReordered(List<Long> order) implements Event {}
  record QueueModeChanged(QueueMode mode) implements Event {}
  /** kind SPEECH, or ANSWER by a department official to {@code answersSpeechId}. */
  record FloorGranted(String speechId, long accountId, long venueId, Long itemId, int seconds, String kind,
                      String answersSpeechId) implements Event {}
  record FloorExtended(String speechId, int seconds) implements Event {}
  record TimerWarned(String speechId) implements Event {}
  record FloorEnded(String speechId, FloorEndReason reason) implements Event {}
  record SpeechSummarized(String speechId, String text, long by) implements Event {}
  record CommitmentMarked(String commitmentId, String speechId, long officialId, String text) implements Event {}
  record CommentPosted(String commentId, long accountId, long venueId, Long itemId, String text, boolean held)
      implements Event {}
  record CommentApproved(String commentId) implements Event {}
  record CommentRejected(String commentId) implements Event {}
  record CommentHidden(String commentId, String reason) implements Event {}
  record ModerationChanged(boolean holdPublic) implements Event {}
  record PollOpened(String pollId, String question, List<String> options, boolean multiple, boolean anonymous,
                    boolean publicMayVote) implements Event {}
  /** Published (at most a few times a second) while votes arrive; the counts are in the view. */
  record PollTallied(String pollId) implements Event {}
  record PollClosed(String pollId) implements Event {}
  record ParticipantRemoved(long accountId) implements Event {}

  default String type() {
    return getClass().getSimpleName();
  }

  default JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (RecordComponent c : getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(this);
        json.put(c.getName(), v instanceof Enum<?> e ? e.name() : v instanceof List<?> l ? new JsonArray(new ArrayList<>(l)) : v);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return json;
  }

  Map<String, Class<?>> TYPES = types();

  private static Map<String, Class<?>> types() {
    Map<String, Class<?>> out = new HashMap<>();
    for (Class<?> c : Event.class.getPermittedSubclasses()) {
      out.put(c.getSimpleName(), c);
    }
    return out;
  }

  /** Reads an event back from the log. */
  static Event fromJson(String type, JsonObject json) {
    Class<?> cls = TYPES.get(type);
    if (cls == null) {
      throw new IllegalArgumentException("unknown event type " + type);
    }
    RecordComponent[] components = cls.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      Object v = json.getValue(c.getName());
      args[i] = convert(c, v);
    }
    try {
      return (Event) cls.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + type, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(RecordComponent c, Object v) {
    Class<?> t = c.getType();
    if (t == long.class) {
      return ((Number) v).longValue();
    }
    if (t == int.class) {
      return ((Number) v).intValue();
    }
    if (t == boolean.class) {
      return v;
    }
    if (v == null) {
      return null;
    }
    if (t == Long.class) {
      return ((Number) v).longValue();
    }
    if (t.isEnum()) {
      return Enum.valueOf((Class<Enum>) t, v.toString());
    }
    if (t == List.class) {
      Class<?> item = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
      List<Object> out = new ArrayList<>();
      for (Object o : (JsonArray) v) {
        out.add(item == Long.class ? ((Number) o).longValue() : item == Integer.class ? ((Number) o).intValue() : o);
      }
      return List.copyOf(out);
    }
    return v;
  }
}
