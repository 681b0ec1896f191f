package org.xieshang.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The order in which raised hands get the floor, for each queue mode. Pure. */
public final class SpeakingQueue {
  private SpeakingQueue() {}

  /**
   * @param hands        in arrival order (or the chair's order in MANUAL mode)
   * @param spokenMillis time each person has spoken so far
   * @param venueLastGranted when each venue last had the floor
   * @param venueOrder   the venues in their listed order (main venue first)
   */
  public static List<SessionState.Hand> order(QueueMode mode, List<SessionState.Hand> hands,
                                              Map<Long, Long> spokenMillis, Map<Long, Instant> venueLastGranted,
                                              List<Long> venueOrder) {
    return switch (mode) {
      case FIRST_COME, MANUAL -> List.copyOf(hands);
      case LEAST_SPOKEN -> hands.stream()
          .sorted(Comparator.comparingLong(h -> spokenMillis.getOrDefault(h.accountId(), 0L)))
          .toList(); // stable: equal speakers keep arrival order
      case ROTATION -> rotation(hands, venueLastGranted, venueOrder);
    };
  }

  /**
   * One hand from each venue in turn. Venues that never had the floor come first (in listed order),
   * then those whose last turn is oldest, so a county that has waited longest is served first.
   */
  static List<SessionState.Hand> rotation(List<SessionState.Hand> hands, Map<Long, Instant> venueLastGranted,
                                          List<Long> venueOrder) {
    Map<Long, List<SessionState.Hand>> byVenue = new LinkedHashMap<>();
    for (SessionState.Hand h : hands) {
      byVenue.computeIfAbsent(h.venueId(), k -> new ArrayList<>()).add(h);
    }
    List<Long> venues = new ArrayList<>(byVenue.keySet());
    venues.sort(Comparator
        .comparing((Long v) -> venueLastGranted.getOrDefault(v, Instant.MIN))
        .thenComparingInt(v -> venueOrder.indexOf(v) < 0 ? Integer.MAX_VALUE : venueOrder.indexOf(v)));
    List<SessionState.Hand> out = new ArrayList<>();
    for (int round = 0; out.size() < hands.size(); round++) {
      for (Long v : venues) {
        List<SessionState.Hand> list = byVenue.get(v);
        if (round < list.size()) {
          out.add(list.get(round));
        }
      }
    }
    return out;
  }
}
