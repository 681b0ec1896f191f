package org.xieshang.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.xieshang.activity.SessionRole;

import java.util.List;
import java.util.Map;

/**
 * What participants see, as JSON slices. Every published event carries the slices it changed
 * ("view"), so a client replaces scalars (status, item, queue, floor, attendance, moderation) and
 * upserts list items (speech, comment, commitment, poll) without re-implementing the rules.
 * Views are public: a held comment's text is left out (the chair fetches it separately).
 */
public final class SessionView {
  private final SessionRoster roster;
  private final Decider decider;

  public SessionView(SessionRoster roster, Decider decider) {
    this.roster = roster;
    this.decider = decider;
  }

  /** The slices an event changed. */
  public JsonObject changed(SessionState s, Event e) {
    JsonObject v = new JsonObject();
    if (e instanceof Event.SessionOpened || e instanceof Event.SessionPaused || e instanceof Event.SessionResumed
        || e instanceof Event.SessionClosed) {
      v.put("status", s.status.name()).put("floor", floor(s)).put("queue", queue(s));
    } else if (e instanceof Event.ItemStarted) {
      v.put("item", item(s));
    } else if (e instanceof Event.CheckedIn || e instanceof Event.ParticipantRemoved) {
      v.put("attendance", attendance(s)).put("queue", queue(s)).put("removed", new JsonArray(List.copyOf(s.removed)));
    } else if (e instanceof Event.HandRaised || e instanceof Event.HandLowered || e instanceof Event.HandSkipped
        || e instanceof Event.QueueReordered || e instanceof Event.QueueModeChanged) {
      v.put("queue", queue(s));
    } else if (e instanceof Event.FloorGranted g) {
      v.put("floor", floor(s)).put("queue", queue(s)).put("speech", speech(s.speeches.get(g.speechId())));
    } else if (e instanceof Event.FloorEnded f) {
      v.put("floor", floor(s)).put("queue", queue(s)).put("speech", speech(s.speeches.get(f.speechId())));
    } else if (e instanceof Event.FloorExtended || e instanceof Event.TimerWarned) {
      v.put("floor", floor(s));
    } else if (e instanceof Event.SpeechSummarized sum) {
      v.put("speech", speech(s.speeches.get(sum.speechId())));
    } else if (e instanceof Event.CommitmentMarked) {
      v.put("commitment", commitment(s.commitments.get(s.commitments.size() - 1)));
    } else if (e instanceof Event.CommentPosted c) {
      v.put("comment", comment(s.comments.get(c.commentId())));
    } else if (e instanceof Event.CommentApproved c) {
      v.put("comment", comment(s.comments.get(c.commentId())));
    } else if (e instanceof Event.CommentHidden c) {
      v.put("comment", comment(s.comments.get(c.commentId())));
    } else if (e instanceof Event.CommentRejected c) {
      v.put("comment", comment(s.comments.get(c.commentId())));
    } else if (e instanceof Event.ModerationChanged) {
      v.put("moderation", new JsonObject().put("holdPublic", s.holdPublic));
    } else if (e instanceof Event.PollOpened p) {
      v.put("poll", poll(s.polls.get(p.pollId())));
    } else if (e instanceof Event.PollTallied p) {
      v.put("poll", poll(s.polls.get(p.pollId())));
    } else if (e instanceof Event.PollClosed p) {
      v.put("poll", poll(s.polls.get(p.pollId())));
    }
    return v;
  }

  /** Everything, for a client that joins: the slices plus the lists. */
  public JsonObject snapshot(SessionState s) {
    JsonArray speeches = new JsonArray();
    s.speeches.values().forEach(sp -> speeches.add(speech(sp)));
    JsonArray comments = new JsonArray();
    s.comments.values().stream().filter(c -> c.status != CommentStatus.REJECTED).forEach(c -> comments.add(comment(c)));
    JsonArray commitments = new JsonArray();
    s.commitments.forEach(c -> commitments.add(commitment(c)));
    JsonArray polls = new JsonArray();
    s.polls.values().forEach(p -> polls.add(poll(p)));
    JsonArray venues = new JsonArray();
    roster.venues().forEach(v -> venues.add(new JsonObject().put("id", v.id()).put("name", v.name()).put("kind", v.kind())));
    JsonArray agenda = new JsonArray();
    roster.agenda().forEach(i -> agenda.add(new JsonObject().put("id", i.id()).put("position", i.position())
        .put("title", i.title()).put("plannedMinutes", i.plannedMinutes()).put("speakingSeconds", i.speakingSeconds())));
    return new JsonObject()
        .put("sessionId", roster.sessionId())
        .put("title", roster.title())
        .put("seq", s.seq)
        .put("status", s.status.name())
        .put("venues", venues)
        .put("agenda", agenda)
        .put("item", item(s))
        .put("queue", queue(s))
        .put("floor", floor(s))
        .put("attendance", attendance(s))
        .put("moderation", new JsonObject().put("holdPublic", s.holdPublic))
        .put("removed", new JsonArray(List.copyOf(s.removed)))
        .put("speeches", speeches)
        .put("comments", comments)
        .put("commitments", commitments)
        .put("polls", polls);
  }

  /**
   * The caller's own part of a snapshot: who they are here and what their session role lets them do
   * (SessionRole decides; the client shows controls from these flags and lists no roles).
   */
  public static JsonObject you(Actor actor) {
    SessionRole role = actor.role();
    return new JsonObject().put("accountId", actor.accountId()).put("role", role.name())
        .put("venueId", actor.venueId())
        .put("may", new JsonObject()
            .put("chair", role.chairs())
            .put("hostVenue", role.hostsVenue())
            .put("speak", role.maySpeak())
            .put("comment", role.mayComment())
            .put("vote", role.mayVoteIn(false))
            .put("voteInPollsOpenToPublic", role.mayVoteIn(true)));
  }

  JsonObject item(SessionState s) {
    if (s.currentItemId == null) {
      return null;
    }
    return roster.item(s.currentItemId).map(i -> new JsonObject().put("id", i.id()).put("position", i.position())
        .put("title", i.title()).put("plannedMinutes", i.plannedMinutes()).put("speakingSeconds", i.speakingSeconds())
        .put("startedAt", s.itemStartedAt.toEpochMilli())).orElse(null);
  }

  JsonObject queue(SessionState s) {
    JsonArray entries = new JsonArray();
    for (SessionState.Hand h : decider.ordered(s)) {
      SessionRoster.Participant p = roster.participants().get(h.accountId());
      entries.add(new JsonObject()
          .put("accountId", h.accountId())
          .put("name", p == null ? "?" : p.name())
          .put("role", p == null ? null : p.role().name())
          .put("venueId", h.venueId())
          .put("venueName", roster.venue(h.venueId()).name())
          .put("raisedAt", h.raisedAt().toEpochMilli())
          .put("raisedBy", h.by() == h.accountId() ? null : roster.name(h.by()))
          .put("note", h.note())
          .put("spokenSeconds", s.spokenMillis.getOrDefault(h.accountId(), 0L) / 1000));
    }
    return new JsonObject().put("mode", s.queueMode.name()).put("entries", entries);
  }

  JsonObject floor(SessionState s) {
    SessionState.Floor f = s.floor;
    if (f == null) {
      return null;
    }
    SessionState.Speech sp = f.speech;
    SessionRoster.Participant p = roster.participants().get(sp.accountId);
    return new JsonObject()
        .put("speechId", sp.id)
        .put("accountId", sp.accountId)
        .put("name", p == null ? "?" : p.name())
        .put("role", p == null ? null : p.role().name())
        .put("venueId", sp.venueId)
        .put("venueName", roster.venue(sp.venueId).name())
        .put("kind", sp.kind)
        .put("answersSpeechId", sp.answersSpeechId)
        .put("grantedAt", sp.start.toEpochMilli())
        .put("seconds", f.seconds)
        .put("deadline", f.deadline == null ? null : f.deadline.toEpochMilli())
        .put("remainingMs", f.remaining == null ? null : f.remaining.toMillis())
        .put("warnBeforeMs", SessionState.warnBefore(f.seconds).toMillis())
        .put("warned", f.warned);
  }

  JsonObject attendance(SessionState s) {
    Map<Long, Integer> sizes = roster.rosterSizeByVenue();
    JsonArray venues = new JsonArray();
    int total = 0;
    for (SessionRoster.Venue v : roster.venues()) {
      int in = (int) s.checkedIn.values().stream().filter(id -> id == v.id()).count();
      total += in;
      venues.add(new JsonObject().put("venueId", v.id()).put("name", v.name()).put("kind", v.kind())
          .put("checkedIn", in).put("roster", sizes.getOrDefault(v.id(), 0)));
    }
    return new JsonObject().put("checkedIn", total).put("roster", roster.participants().size()).put("venues", venues)
        .put("accounts", new JsonArray(List.copyOf(s.checkedIn.keySet())));
  }

  JsonObject speech(SessionState.Speech sp) {
    SessionRoster.Participant p = roster.participants().get(sp.accountId);
    return new JsonObject()
        .put("id", sp.id)
        .put("accountId", sp.accountId)
        .put("name", p == null ? "?" : p.name())
        .put("role", p == null ? null : p.role().name())
        .put("venueId", sp.venueId)
        .put("venueName", roster.venue(sp.venueId).name())
        .put("itemId", sp.itemId)
        .put("kind", sp.kind)
        .put("answersSpeechId", sp.answersSpeechId)
        .put("start", sp.start.toEpochMilli())
        .put("end", sp.end == null ? null : sp.end.toEpochMilli())
        .put("endReason", sp.endReason == null ? null : sp.endReason.name())
        .put("spokenSeconds", sp.spokenMillis / 1000)
        .put("summary", sp.summary);
  }

  JsonObject comment(SessionState.Comment c) {
    SessionRoster.Participant p = roster.participants().get(c.accountId);
    return new JsonObject()
        .put("id", c.id)
        .put("accountId", c.accountId)
        .put("name", p == null ? "?" : p.name())
        .put("role", p == null ? null : p.role().name())
        .put("venueId", c.venueId)
        .put("venueName", roster.venue(c.venueId).name())
        .put("itemId", c.itemId)
        .put("text", c.status.shown() ? c.text : null)
        .put("status", c.status.name())
        .put("at", c.at.toEpochMilli());
  }

  JsonObject commitment(SessionState.Commitment c) {
    return new JsonObject().put("id", c.id()).put("speechId", c.speechId()).put("officialId", c.officialId())
        .put("officialName", roster.name(c.officialId())).put("text", c.text()).put("at", c.at().toEpochMilli());
  }

  JsonObject poll(SessionState.Poll p) {
    Map<String, int[]> tally = SessionState.tally(p);
    JsonObject byVenue = new JsonObject();
    tally.forEach((k, counts) -> {
      if (!k.equals("total")) {
        byVenue.put(k, toArray(counts));
      }
    });
    JsonArray ballots = null;
    if (!p.anonymous) {
      // a named vote is public by definition: who chose what, by venue
      ballots = new JsonArray();
      for (Map.Entry<Long, List<Integer>> v : p.votes.entrySet()) {
        ballots.add(new JsonObject().put("accountId", v.getKey()).put("name", roster.name(v.getKey()))
            .put("venueId", p.voterVenue.get(v.getKey())).put("choices", new JsonArray(v.getValue())));
      }
    }
    return new JsonObject()
        .put("id", p.id)
        .put("question", p.question)
        .put("options", new JsonArray(p.options))
        .put("multiple", p.multiple)
        .put("anonymous", p.anonymous)
        .put("publicMayVote", p.publicMayVote)
        .put("open", p.open)
        .put("voters", p.votes.size())
        .put("ballots", ballots)
        .put("tally", new JsonObject().put("total", toArray(tally.get("total"))).put("byVenue", byVenue));
  }

  private static JsonArray toArray(int[] counts) {
    JsonArray a = new JsonArray();
    for (int c : counts) {
      a.add(c);
    }
    return a;
  }
}
