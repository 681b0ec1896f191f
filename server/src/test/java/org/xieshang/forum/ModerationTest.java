package org.xieshang.forum;

import org.junit.jupiter.api.Test;
import org.xieshang.platform.http.DomainError;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.xieshang.forum.Moderation.Action.*;
import static org.xieshang.forum.PostStatus.*;

/** The moderation rules (pure): every act on every status, the order of the checks, and holding on reports. */
class ModerationTest {

  /** The expected status after each act, per status; null: the act does not apply (409). */
  private static final Map<Moderation.Action, Map<PostStatus, PostStatus>> EXPECTED = new EnumMap<>(Map.of(
      APPROVE, statuses(VISIBLE, null, PENDING, VISIBLE, HIDDEN, null, WITHDRAWN, null),
      HIDE, statuses(VISIBLE, HIDDEN, PENDING, HIDDEN, HIDDEN, null, WITHDRAWN, null),
      RESTORE, statuses(VISIBLE, null, PENDING, null, HIDDEN, VISIBLE, WITHDRAWN, null),
      DISMISS, statuses(VISIBLE, VISIBLE, PENDING, PENDING, HIDDEN, HIDDEN, WITHDRAWN, WITHDRAWN)));

  private static Map<PostStatus, PostStatus> statuses(PostStatus... fromTo) {
    Map<PostStatus, PostStatus> out = new EnumMap<>(PostStatus.class);
    for (int i = 0; i < fromTo.length; i += 2) {
      out.put(fromTo[i], fromTo[i + 1]);
    }
    return out;
  }

  @Test
  void everyActOnEveryStatusGivesItsStatusOrIsNotApplicable() {
    int pairs = 0;
    for (Moderation.Action action : Moderation.Action.values()) {
      for (PostStatus status : PostStatus.values()) {
        assertTrue(EXPECTED.get(action).containsKey(status), action + " on " + status + " has an expected outcome");
        PostStatus expected = EXPECTED.get(action).get(status);
        String pair = action + " on " + status;
        if (expected == null) {
          DomainError e = assertThrows(DomainError.class, () -> Moderation.decide(true, status, action), pair);
          assertEquals(409, e.status(), pair);
          assertEquals("moderation-not-applicable", e.type(), pair);
        } else {
          assertEquals(expected, Moderation.decide(true, status, action), pair);
        }
        pairs++;
      }
    }
    assertEquals(16, pairs);
  }

  @Test
  void aNonModeratorIsRefusedFirstThenATextNotInTheThemeThenAnActThatDoesNotApply() {
    assertEquals(403, assertThrows(DomainError.class, () -> Moderation.decide(false, null, APPROVE)).status());
    assertEquals(403, assertThrows(DomainError.class, () -> Moderation.decide(false, VISIBLE, APPROVE)).status());
    assertEquals(403, assertThrows(DomainError.class, () -> Moderation.decide(false, PENDING, APPROVE)).status());
    DomainError missing = assertThrows(DomainError.class, () -> Moderation.decide(true, null, APPROVE));
    assertEquals(422, missing.status());
    assertEquals("targetId", missing.toJson().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(422, assertThrows(DomainError.class, () -> Moderation.decide(true, null, DISMISS)).status());
    assertEquals(409, assertThrows(DomainError.class, () -> Moderation.decide(true, VISIBLE, APPROVE)).status());
  }

  @Test
  void reportsByAsManyPeopleAsTheThresholdHoldAShownTextOnly() {
    assertFalse(Moderation.heldOnReports(2, 3));
    assertTrue(Moderation.heldOnReports(3, 3));
    assertTrue(Moderation.heldOnReports(4, 3));
    assertTrue(Moderation.holdsOnReport(VISIBLE, 3, 3));
    assertFalse(Moderation.holdsOnReport(VISIBLE, 2, 3));
    for (PostStatus other : new PostStatus[]{PENDING, HIDDEN, WITHDRAWN}) {
      assertFalse(Moderation.holdsOnReport(other, 3, 3), other + " is left as it is");
    }
    assertFalse(Moderation.reportsCount(0));
    assertTrue(Moderation.reportsCount(1));
    assertFalse(Moderation.heldOnReports(100, 0), "0: reports never hold a text");
    assertFalse(Moderation.holdsOnReport(VISIBLE, 100, 0));
    assertTrue(Moderation.holdsOnReport(VISIBLE, 1, 1));
    assertEquals("已被 3 人举报，暂停显示，等待审核", Moderation.heldReason(3));
  }
}
