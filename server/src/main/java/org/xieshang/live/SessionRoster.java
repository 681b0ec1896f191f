package org.xieshang.live;

import org.xieshang.activity.SessionRole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Who takes part in a session, at which venue and in which role; the venues; the agenda. Loaded from the activity. */
public record SessionRoster(long sessionId, String title, Map<Long, Participant> participants, List<Venue> venues,
                            List<AgendaItem> agenda, Set<Long> removed) {

  public record Participant(long accountId, String name, SessionRole role, long venueId, String sector) {}

  public record Venue(long id, String name, String kind) {}

  public record AgendaItem(long id, int position, String title, int plannedMinutes, int speakingSeconds) {}

  public Optional<Participant> participant(long accountId) {
    return Optional.ofNullable(participants.get(accountId));
  }

  /** Someone on the roster whom the chair has not removed from the session: who may read it. */
  public Optional<Participant> reader(long accountId) {
    return removed.contains(accountId) ? Optional.empty() : participant(accountId);
  }

  public Optional<AgendaItem> item(long id) {
    return agenda.stream().filter(i -> i.id() == id).findFirst();
  }

  public Venue venue(long id) {
    return venues.stream().filter(v -> v.id() == id).findFirst().orElse(new Venue(id, "?", "BRANCH"));
  }

  public Map<Long, Integer> rosterSizeByVenue() {
    Map<Long, Integer> out = new LinkedHashMap<>();
    venues.forEach(v -> out.put(v.id(), 0));
    participants.values().forEach(p -> out.merge(p.venueId(), 1, Integer::sum));
    return out;
  }

  public String name(long accountId) {
    Participant p = participants.get(accountId);
    return p == null ? "?" : p.name();
  }
}
