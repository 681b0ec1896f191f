package org.xieshang.video;

import org.xieshang.activity.SessionRole;
import org.xieshang.live.SessionRoster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The video rooms of a live session and who may enter which. One main room links the venues (the
 * plenary: the chair, the speakers, each venue's terminal); each venue has its own room for the people
 * following from that county. Names are lowercase ASCII, as Jitsi normalises room names, and say which
 * session and venue they belong to, so webhooks can be traced back.
 */
public final class Rooms {
  private static final Pattern NAME = Pattern.compile("xs(\\d{1,18})-(?:main|venue(\\d{1,18}))");

  private Rooms() {}

  /** A room the person may enter, and how. */
  public record Grant(String key, String room, String label, Long venueId, boolean moderator, boolean viewOnly) {}

  /** Where a room belongs: its session, and its venue (null for the main room). */
  public record Place(long sessionId, Long venueId) {}

  public static String main(long sessionId) {
    return "xs" + sessionId + "-main";
  }

  public static String venue(long sessionId, long venueId) {
    return "xs" + sessionId + "-venue" + venueId;
  }

  public static Optional<Place> parse(String room) {
    Matcher m = NAME.matcher(room == null ? "" : room.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Place(Long.parseLong(m.group(1)), m.group(2) == null ? null : Long.parseLong(m.group(2))));
  }

  /**
   * Chairs, vice chairs and secretaries enter every room as moderators; a venue host moderates their
   * venue's room and joins the main room; others join the main room and their venue's; observers join
   * the main room without the means to speak, or not at all, as configured.
   */
  public static List<Grant> grants(SessionRoster roster, SessionRoster.Participant p, boolean observersViewOnly) {
    long s = roster.sessionId();
    List<Grant> out = new ArrayList<>();
    SessionRole role = p.role();
    boolean chair = role == SessionRole.CHAIR || role == SessionRole.VICE_CHAIR || role == SessionRole.SECRETARY;
    if (role == SessionRole.OBSERVER) {
      if (observersViewOnly) {
        out.add(new Grant("main", main(s), "主会场连线", null, false, true));
      }
      return out;
    }
    out.add(new Grant("main", main(s), "主会场连线", null, chair, false));
    for (SessionRoster.Venue v : roster.venues()) {
      if (chair || v.id() == p.venueId()) {
        boolean moderator = chair || role == SessionRole.VENUE_HOST;
        out.add(new Grant("venue-" + v.id(), venue(s, v.id()), v.name(), v.id(), moderator, false));
      }
    }
    return out;
  }
}
