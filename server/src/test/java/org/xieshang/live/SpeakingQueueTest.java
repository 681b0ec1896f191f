package org.xieshang.live;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeakingQueueTest {
  static final Instant T = Instant.parse("2026-12-01T01:00:00Z");

  static SessionState.Hand hand(long who, long venue, int second) {
    return new SessionState.Hand(who, venue, who, null, T.plusSeconds(second));
  }

  static List<Long> ids(List<SessionState.Hand> hands) {
    return hands.stream().map(SessionState.Hand::accountId).toList();
  }

  final List<SessionState.Hand> hands = List.of(hand(1, 10, 0), hand(2, 10, 1), hand(3, 10, 2), hand(4, 20, 3),
      hand(5, 30, 4), hand(6, 20, 5));

  @Test
  void firstComeKeepsArrivalOrder() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), ids(SpeakingQueue.order(QueueMode.FIRST_COME, hands, Map.of(), Map.of(),
        List.of(10L, 20L, 30L))));
  }

  @Test
  void rotationServesEveryVenueInTurnSoNoCountyIsCrowdedOut() {
    assertEquals(List.of(1L, 4L, 5L, 2L, 6L, 3L), ids(SpeakingQueue.order(QueueMode.ROTATION, hands, Map.of(), Map.of(),
        List.of(10L, 20L, 30L))));
    // venue 10 spoke most recently and 30 longest ago: 30 goes first, then 20, then 10
    Map<Long, Instant> last = Map.of(10L, T.plusSeconds(100), 20L, T.plusSeconds(50), 30L, T.plusSeconds(10));
    assertEquals(List.of(5L, 4L, 1L, 6L, 2L, 3L), ids(SpeakingQueue.order(QueueMode.ROTATION, hands, Map.of(), last,
        List.of(10L, 20L, 30L))));
  }

  @Test
  void leastSpokenFirstKeepsArrivalOrderAmongEquals() {
    Map<Long, Long> spoken = Map.of(1L, 300_000L, 4L, 60_000L);
    assertEquals(List.of(2L, 3L, 5L, 6L, 4L, 1L), ids(SpeakingQueue.order(QueueMode.LEAST_SPOKEN, hands, spoken, Map.of(),
        List.of(10L, 20L, 30L))));
  }
}
