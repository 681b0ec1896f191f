package org.xieshang.sortition;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.*;

/** A draw's public random value may come only from the day of the commitment (Beijing time) or later, never from the future. */
class PublicValueDateTest {
  // published 2026-12-04 00:04 in Beijing, which is still 2026-12-03 in UTC
  static final Instant COMMITTED = Instant.parse("2026-12-03T16:04:00Z");
  static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

  @Test
  void aValueFromBeforeTheCommitmentIsRefusedOnItsField() {
    var refused = PublicValueDate.refusal(LocalDate.of(2026, 11, 26), COMMITTED, TODAY).orElseThrow();
    assertEquals(422, refused.status());
    assertEquals("publicValueOn", refused.fields().get(0).field());
    assertTrue(refused.fields().get(0).message().contains("2026-12-04"), refused.fields().get(0).message());
    assertTrue(PublicValueDate.refusal(LocalDate.of(2026, 12, 3), COMMITTED, TODAY).isPresent(),
        "the UTC day is not the day people saw the commitment");
  }

  @Test
  void theDayOfTheCommitmentAndLaterDaysUpToTodayAreAccepted() {
    assertTrue(PublicValueDate.refusal(LocalDate.of(2026, 12, 4), COMMITTED, TODAY).isEmpty());
    assertTrue(PublicValueDate.refusal(TODAY, COMMITTED, TODAY).isEmpty());
    assertTrue(PublicValueDate.refusal(TODAY.plusDays(1), COMMITTED, TODAY).isPresent(), "not yet drawn: cannot be known");
  }
}
