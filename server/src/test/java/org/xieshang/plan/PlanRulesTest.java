package org.xieshang.plan;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;
import static org.xieshang.plan.PlanStep.*;

/** The plan's pure rules: the order of its steps, the supervision share, a topic's timing. */
class PlanRulesTest {
  @Test
  void stepsFollowOneAnotherInTheOrderOfArticle4() {
    assertEquals(Optional.of(CHAIR_COUNCIL_REVIEWED), PlanRules.next(DRAFT));
    assertEquals(Optional.of(CONSULTED), PlanRules.next(CHAIR_COUNCIL_REVIEWED));
    assertEquals(Optional.of(APPROVED), PlanRules.next(CONSULTED));
    assertEquals(Optional.empty(), PlanRules.next(APPROVED));
  }

  @Test
  void onlyTheNextStepMayBeRecorded() {
    for (PlanStep current : PlanStep.values()) {
      for (PlanStep step : PlanStep.values()) {
        assertEquals(step.ordinal() == current.ordinal() + 1, PlanRules.mayFollow(current, step), current + " → " + step);
      }
    }
  }

  @Test
  void onlyADraftChangesAndOnlyAnApprovedPlanIsReadByAll() {
    assertTrue(PlanRules.editable(DRAFT));
    assertFalse(PlanRules.editable(CHAIR_COUNCIL_REVIEWED));
    assertFalse(PlanRules.editable(APPROVED));
    assertTrue(PlanRules.visibleToAll(APPROVED));
    assertFalse(PlanRules.visibleToAll(CONSULTED));
  }

  @Test
  void theShareIsComparedWithTheMinimum() {
    assertFalse(new PlanRules.SupervisionShare(0, 0, 0.2).belowMinimum(), "no topics: nothing to warn of yet");
    assertEquals(0.0, new PlanRules.SupervisionShare(0, 0, 0.2).share());
    assertTrue(new PlanRules.SupervisionShare(6, 1, 0.2).belowMinimum());
    assertFalse(new PlanRules.SupervisionShare(5, 1, 0.2).belowMinimum(), "exactly a fifth is enough");
    assertFalse(new PlanRules.SupervisionShare(10, 2, 0.2).belowMinimum());
    assertTrue(new PlanRules.SupervisionShare(3, 0, 0.2).belowMinimum());
    assertFalse(new PlanRules.SupervisionShare(3, 0, 0).belowMinimum());
    assertEquals(0.25, new PlanRules.SupervisionShare(4, 1, 0.2).share());
    assertThrows(IllegalArgumentException.class, () -> new PlanRules.SupervisionShare(2, 3, 0.2));
  }

  /** Every count up to 80 topics and every whole percent: below the minimum exactly when s / topics < percent / 100. */
  @Test
  void belowMinimumMeansTheShareIsLess() {
    for (int topics = 1; topics <= 80; topics++) {
      for (int s = 0; s <= topics; s++) {
        for (int percent = 0; percent <= 100; percent++) {
          PlanRules.SupervisionShare share = new PlanRules.SupervisionShare(topics, s, percent / 100.0);
          assertEquals(s * 100L < (long) percent * topics, share.belowMinimum(), s + " of " + topics + " at " + percent + "%");
        }
      }
    }
  }

  @Test
  void aTopicIsPlannedForAQuarterOrAMonth() {
    assertEquals(Optional.empty(), PlanRules.timingProblem(2, null));
    assertEquals(Optional.empty(), PlanRules.timingProblem(null, 11));
    assertTrue(PlanRules.timingProblem(null, null).isPresent());
    assertTrue(PlanRules.timingProblem(2, 5).isPresent());
    assertTrue(PlanRules.timingProblem(5, null).isPresent());
    assertTrue(PlanRules.timingProblem(null, 13).isPresent());
  }

  @Test
  void theMinimumIsAFraction() {
    assertTrue(PlanRules.validMinimum(PlanRules.DEFAULT_SUPERVISION_SHARE_MIN));
    assertTrue(PlanRules.validMinimum(0));
    assertTrue(PlanRules.validMinimum(1));
    assertFalse(PlanRules.validMinimum(1.5));
    assertFalse(PlanRules.validMinimum(-0.1));
    assertFalse(PlanRules.validMinimum(Double.NaN));
  }

  @Test
  void aDraftIsShownToMembersForTheirSuggestionsAndAnApprovedPlanToEverybody() {
    for (PlanStep step : PlanStep.values()) {
      assertEquals(step == PlanStep.APPROVED || step == PlanStep.DRAFT, PlanRules.visibleTo(step, true), step.name());
      assertEquals(step == PlanStep.APPROVED, PlanRules.visibleTo(step, false), step.name());
    }
  }

  @Test
  void nearDuplicateTitlesAreGroupedAcrossScriptsAndOthersAreLeftAlone() {
    var groups = PlanRules.similarGroups(java.util.List.of(11L, 12L, 13L, 14L),
        java.util.List.of("推进老旧小区加装电梯", "发展县域特色农业产业", "加快推进老旧小区加装电梯", "推進老舊小區加裝電梯工作"));
    assertEquals(java.util.List.of(java.util.List.of(11L, 13L, 14L)), groups);
    assertEquals(java.util.List.of(), PlanRules.similarGroups(java.util.List.of(), java.util.List.of()));
  }

  @Test
  void aTopicIsNamedToItsMakersAlwaysAndToOthersOnceApproved() {
    for (PlanStep step : PlanStep.values()) {
      assertTrue(PlanRules.topicNamedTo(step.name(), true));
      assertEquals(step == PlanStep.APPROVED, PlanRules.topicNamedTo(step.name(), false));
    }
  }
}
