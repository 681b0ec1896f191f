package org.xieshang.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one live session, folded from its event log. It changes only in {@link #apply}
 * (events) and {@link #applyVote} (poll votes, which have their own table). No I/O, no Vert.x.
 */
public final class SessionState {
  public enum Status { SCHEDULED, LIVE, PAUSED, CLOSED }

  public record Hand(long accountId, long venueId, long by, String note, Instant raisedAt) {}

  /**
   * The speech holding the floor, with its timer: seconds granted (extensions included); deadline is
   * null while the session is paused, when remaining holds the time left.
   */
  public static final class Floor {
    public Speech speech;
    public int seconds;
    public Instant deadline;
    public Duration remaining;
    public boolean warned;
  }

  public static final class Speech {
    public String id;
    public long accountId;
    public long venueId;
    public Long itemId;
    public String kind;
    public String answersSpeechId;
    public Instant start;
    public Instant end;
    public String endReason;
    public long spokenMillis;
    public String summary;
    public Long summaryBy;
  }

  public record Commitment(String id, String speechId, long officialId, String text, Instant at) {}

  public static final class Comment {
    public String id;
    public long accountId;
    public long venueId;
    public Long itemId;
    public String text;
    public String status; // PUBLISHED, HELD, REJECTED
    public Instant at;
  }

  public static final class Poll {
    public String id;
    public String question;
    public List<String> options;
    public boolean multiple;
    public boolean anonymous;
    public boolean publicMayVote;
    public boolean open;
    public Instant openedAt;
    public Instant closedAt;
    public final Map<Long, List<Integer>> votes = new LinkedHashMap<>();
    public final Map<Long, Long> voterVenue = new HashMap<>();
  }

  public long seq;
  public Status status = Status.SCHEDULED;
  public Instant openedAt;
  public Instant closedAt;
  public Long currentItemId;
  public Instant itemStartedAt;
  public final List<Long> itemsStarted = new ArrayList<>();
  public QueueMode queueMode = QueueMode.FIRST_COME;
  /** Hands in arrival order (or the chair's order in MANUAL mode). */
  public final List<Hand> hands = new ArrayList<>();
  public Floor floor;
  public final Map<Long, Long> spokenMillis = new HashMap<>();
  public final Map<Long, Instant> venueLastGranted = new HashMap<>();
  public final Map<Long, Long> checkedIn = new LinkedHashMap<>();
  public final Map<Long, Instant> checkedInAt = new HashMap<>();
  public final Map<String, Speech> speeches = new LinkedHashMap<>();
  public final List<Commitment> commitments = new ArrayList<>();
  public final Map<String, Comment> comments = new LinkedHashMap<>();
  public boolean holdPublic = true;
  public final Map<String, Poll> polls = new LinkedHashMap<>();
  public final Set<Long> removed = new HashSet<>();
  /** "actor:clientId" of every command applied, and the seq it produced: a repeated command is applied once. */
  public final Map<String, Long> applied = new HashMap<>();

  public static String appliedKey(long actor, String clientId) {
    return actor + ":" + clientId;
  }

  public boolean inQueue(long accountId) {
    return hands.stream().anyMatch(h -> h.accountId() == accountId);
  }

  /** Warning before the end: a quarter of the granted time, at most 30 seconds. */
  public static Duration warnBefore(int seconds) {
    return Duration.ofSeconds(Math.min(30, Math.max(5, seconds / 4)));
  }

  public void apply(Event event, Instant at, long seq) {
    this.seq = seq;
    if (event instanceof Event.SessionOpened e) {
      status = Status.LIVE;
      openedAt = at;
    } else if (event instanceof Event.SessionPaused e) {
      status = Status.PAUSED;
      if (floor != null && floor.deadline != null) {
        floor.remaining = Duration.between(at, floor.deadline).isNegative() ? Duration.ZERO
            : Duration.between(at, floor.deadline);
        floor.deadline = null;
      }
    } else if (event instanceof Event.SessionResumed e) {
      status = Status.LIVE;
      if (floor != null && floor.remaining != null) {
        floor.deadline = at.plus(floor.remaining);
        floor.remaining = null;
      }
    } else if (event instanceof Event.SessionClosed e) {
      status = Status.CLOSED;
      closedAt = at;
      hands.clear();
      polls.values().forEach(p -> p.open = false);
    } else if (event instanceof Event.ItemStarted e) {
      currentItemId = e.itemId();
      itemStartedAt = at;
      itemsStarted.add(e.itemId());
    } else if (event instanceof Event.CheckedIn e) {
      checkedIn.put(e.accountId(), e.venueId());
      checkedInAt.put(e.accountId(), at);
    } else if (event instanceof Event.HandRaised e) {
      hands.add(new Hand(e.accountId(), e.venueId(), e.by(), e.note(), at));
    } else if (event instanceof Event.HandLowered e) {
      hands.removeIf(h -> h.accountId() == e.accountId());
    } else if (event instanceof Event.HandSkipped e) {
      Hand hand = hands.stream().filter(h -> h.accountId() == e.accountId()).findFirst().orElse(null);
      if (hand != null) {
        hands.remove(hand);
        hands.add(hand);
      }
    } else if (event instanceof Event.QueueReordered e) {
      List<Hand> ordered = new ArrayList<>();
      for (Long id : e.order()) {
        hands.stream().filter(h -> h.accountId() == id).findFirst().ifPresent(ordered::add);
      }
      hands.stream().filter(h -> !ordered.contains(h)).forEach(ordered::add);
      hands.clear();
      hands.addAll(ordered);
      queueMode = QueueMode.MANUAL;
    } else if (event instanceof Event.QueueModeChanged e) {
      queueMode = e.mode();
    } else if (event instanceof Event.FloorGranted e) {
      hands.removeIf(h -> h.accountId() == e.accountId());
      Speech s = new Speech();
      s.id = e.speechId();
      s.accountId = e.accountId();
      s.venueId = e.venueId();
      s.itemId = e.itemId();
      s.kind = e.kind();
      s.answersSpeechId = e.answersSpeechId();
      s.start = at;
      speeches.put(s.id, s);
      Floor f = new Floor();
      f.speech = s;
      f.seconds = e.seconds();
      if (status == Status.PAUSED) {
        f.remaining = Duration.ofSeconds(e.seconds());
      } else {
        f.deadline = at.plusSeconds(e.seconds());
      }
      floor = f;
      venueLastGranted.put(e.venueId(), at);
    } else if (event instanceof Event.FloorExtended e) {
      if (floor != null) {
        floor.seconds += e.seconds();
        if (floor.deadline != null) {
          floor.deadline = floor.deadline.plusSeconds(e.seconds());
        } else if (floor.remaining != null) {
          floor.remaining = floor.remaining.plusSeconds(e.seconds());
        }
        floor.warned = false;
      }
    } else if (event instanceof Event.TimerWarned e) {
      if (floor != null) {
        floor.warned = true;
      }
    } else if (event instanceof Event.FloorEnded e) {
      if (floor != null) {
        Duration left = floor.deadline != null
            ? (at.isBefore(floor.deadline) ? Duration.between(at, floor.deadline) : Duration.ZERO)
            : floor.remaining == null ? Duration.ZERO : floor.remaining;
        long used = Math.max(0, floor.seconds * 1000L - left.toMillis());
        spokenMillis.merge(floor.speech.accountId, used, Long::sum);
        floor.speech.end = at;
        floor.speech.endReason = e.reason();
        floor.speech.spokenMillis = used;
        floor = null;
      }
    } else if (event instanceof Event.SpeechSummarized e) {
      Speech s = speeches.get(e.speechId());
      if (s != null) {
        s.summary = e.text();
        s.summaryBy = e.by();
      }
    } else if (event instanceof Event.CommitmentMarked e) {
      commitments.add(new Commitment(e.commitmentId(), e.speechId(), e.officialId(),
        e.text(), at));
    } else if (event instanceof Event.CommentPosted e) {
      Comment c = new Comment();
      c.id = e.commentId();
      c.accountId = e.accountId();
      c.venueId = e.venueId();
      c.itemId = e.itemId();
      c.text = e.text();
      c.status = e.held() ? "HELD" : "PUBLISHED";
      c.at = at;
      comments.put(c.id, c);
    } else if (event instanceof Event.CommentApproved e) {
      comments.get(e.commentId()).status = "PUBLISHED";
    } else if (event instanceof Event.CommentRejected e) {
      comments.get(e.commentId()).status = "REJECTED";
    } else if (event instanceof Event.ModerationChanged e) {
      holdPublic = e.holdPublic();
    } else if (event instanceof Event.PollOpened e) {
      Poll p = new Poll();
      p.id = e.pollId();
      p.question = e.question();
      p.options = e.options();
      p.multiple = e.multiple();
      p.anonymous = e.anonymous();
      p.publicMayVote = e.publicMayVote();
      p.open = true;
      p.openedAt = at;
      polls.put(p.id, p);
    } else if (event instanceof Event.PollTallied e) {
      // counts derive from the votes; nothing to fold
    } else if (event instanceof Event.PollClosed e) {
      Poll p = polls.get(e.pollId());
      p.open = false;
      p.closedAt = at;
    } else if (event instanceof Event.ParticipantRemoved e) {
      removed.add(e.accountId());
      hands.removeIf(h -> h.accountId() == e.accountId());
    }
  }


  /** A vote replaces the voter's earlier vote in the same poll. */
  public void applyVote(String pollId, long accountId, long venueId, List<Integer> choices) {
    Poll p = polls.get(pollId);
    if (p != null) {
      p.votes.put(accountId, List.copyOf(choices));
      p.voterVenue.put(accountId, venueId);
    }
  }

  /** Counts per option, in total and per venue. */
  public static Map<String, int[]> tally(Poll p) {
    Map<String, int[]> out = new LinkedHashMap<>();
    int[] total = new int[p.options.size()];
    out.put("total", total);
    p.votes.forEach((account, choices) -> {
      int[] venue = out.computeIfAbsent(String.valueOf(p.voterVenue.get(account)), k -> new int[p.options.size()]);
      for (int c : choices) {
        total[c]++;
        venue[c]++;
      }
    });
    return out;
  }
}
