package org.xieshang.sortition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The stress harness on a small fixed seed: every answer right (no timing asserted; the bench times it). */
class StressHarnessTest {
  @Test
  void everyAnswerOnSmallRandomPoolsIsRight() {
    StressHarness.Outcome o = StressHarness.run(12, 23, StressHarness.Family.SMALL, 120, line -> { });
    StressHarness.report(o, System.out::println);
    assertEquals(java.util.List.of(), o.wrong());
    assertEquals(0, o.timedOut());
  }
}
