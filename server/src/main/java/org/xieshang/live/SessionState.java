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
    public FloorEndReason endReason;
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
    public CommentStatus status;
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
      sessionOpened(e, at);
    } else if (event instanceof Event.SessionPaused e) {
      sessionPaused(e, at);
    } else if (event instanceof Event.SessionResumed e) {
      sessionResumed(e, at);
    } else if (event instanceof Event.SessionClosed e) {
      sessionClosed(e, at);
    } else if (event instanceof Event.ItemStarted e) {
      itemStarted(e, at);
    } else if (event instanceof Event.CheckedIn e) {
      checkedIn(e, at);
    } else if (event instanceof Event.HandRaised e) {
      handRaised(e, at);
    } else if (event instanceof Event.HandLowered e) {
      handLowered(e);
    } else if (event instanceof Event.HandSkipped e) {
      handSkipped(e);
    } else if (event instanceof Event.QueueReordered e) {
      queueReordered(e);
    } else if (event instanceof Event.QueueModeChanged e) {
      queueModeChanged(e);
    } else if (event instanceof Event.FloorGranted e) {
      floorGranted(e, at);
    } else if (event instanceof Event.FloorExtended e) {
      floorExtended(e);
    } else if (event instanceof Event.TimerWarned e) {
      timerWarned(e);
    } else if (event instanceof Event.FloorEnded e) {
      floorEnded(e, at);
    } else if (event instanceof Event.SpeechSummarized e) {
      speechSummarized(e);
    } else if (event instanceof Event.CommitmentMarked e) {
      commitmentMarked(e, at);
    } else if (event instanceof Event.CommentPosted e) {
      commentPosted(e, at);
    } else if (event instanceof Event.CommentApproved e) {
      commentApproved(e);
    } else if (event instanceof Event.CommentHidden e) {
      commentHidden(e);
    } else if (event instanceof Event.CommentRejected e) {
      commentRejected(e);
    } else if (event instanceof Event.ModerationChanged e) {
      moderationChanged(e);
    } else if (event instanceof Event.PollOpened e) {
      pollOpened(e, at);
    } else if (event instanceof Event.PollTallied e) {
      pollTallied(e);
    } else if (event instanceof Event.PollClosed e) {
      pollClosed(e, at);
    } else if (event instanceof Event.ParticipantRemoved e) {
      participantRemoved(e);
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

  private void sessionOpened(Event.SessionOpened e, Instant at) {
    status = Status.LIVE;
    openedAt = at;
  }

  private void sessionPaused(Event.SessionPaused e, Instant at) {
    status = Status.PAUSED;
    if (floor != null && floor.deadline != null) {
      floor.remaining = Duration.between(at, floor.deadline).isNegative() ? Duration.ZERO
          : Duration.between(at, floor.deadline);
      floor.deadline = null;
    }
  }

  private void sessionResumed(Event.SessionResumed e, Instant at) {
    status = Status.LIVE;
    if (floor != null && floor.remaining != null) {
      floor.deadline = at.plus(floor.remaining);
      floor.remaining = null;
    }
  }

  private void sessionClosed(Event.SessionClosed e, Instant at) {
    status = Status.CLOSED;
    closedAt = at;
    hands.clear();
    polls.values().forEach(p -> p.open = false);
  }

  private void itemStarted(Event.ItemStarted e, Instant at) {
    currentItemId = e.itemId();
    itemStartedAt = at;
    itemsStarted.add(e.itemId());
  }

  private void checkedIn(Event.CheckedIn e, Instant at) {
    checkedIn.put(e.accountId(), e.venueId());
    checkedInAt.put(e.accountId(), at);
  }

  private void handRaised(Event.HandRaised e, Instant at) {
    hands.add(new Hand(e.accountId(), e.venueId(), e.by(), e.note(), at));
  }

  private void handLowered(Event.HandLowered e) {
    hands.removeIf(h -> h.accountId() == e.accountId());
  }

  private void handSkipped(Event.HandSkipped e) {
    Hand hand = hands.stream().filter(h -> h.accountId() == e.accountId()).findFirst().orElse(null);
    if (hand != null) {
      hands.remove(hand);
      hands.add(hand);
    }
  }

  private void queueReordered(Event.QueueReordered e) {
    List<Hand> ordered = new ArrayList<>();
    for (Long id : e.order()) {
      hands.stream().filter(h -> h.accountId() == id).findFirst().ifPresent(ordered::add);
    }
    hands.stream().filter(h -> !ordered.contains(h)).forEach(ordered::add);
    hands.clear();
    hands.addAll(ordered);
    queueMode = QueueMode.MANUAL;
  }

  private void queueModeChanged(Event.QueueModeChanged e) {
    queueMode = e.mode();
  }

  private void floorGranted(Event.FloorGranted e, Instant at) {
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
  }

  private void floorExtended(Event.FloorExtended e) {
    if (floor != null) {
      floor.seconds += e.seconds();
      if (floor.deadline != null) {
        floor.deadline = floor.deadline.plusSeconds(e.seconds());
      } else if (floor.remaining != null) {
        floor.remaining = floor.remaining.plusSeconds(e.seconds());
      }
      floor.warned = false;
    }
  }

  private void timerWarned(Event.TimerWarned e) {
    if (floor != null) {
      floor.warned = true;
    }
  }

  private void floorEnded(Event.FloorEnded e, Instant at) {
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
  }

  private void speechSummarized(Event.SpeechSummarized e) {
    Speech s = speeches.get(e.speechId());
    if (s != null) {
      s.summary = e.text();
      s.summaryBy = e.by();
    }
  }

  private void commitmentMarked(Event.CommitmentMarked e, Instant at) {
    commitments.add(new Commitment(e.commitmentId(), e.speechId(), e.officialId(),
      e.text(), at));
  }

  private void commentPosted(Event.CommentPosted e, Instant at) {
    Comment c = new Comment();
    c.id = e.commentId();
    c.accountId = e.accountId();
    c.venueId = e.venueId();
    c.itemId = e.itemId();
    c.text = e.text();
    c.status = e.held() ? CommentStatus.HELD : CommentStatus.PUBLISHED;
    c.at = at;
    comments.put(c.id, c);
  }

  private void commentApproved(Event.CommentApproved e) {
    comments.get(e.commentId()).status = CommentStatus.PUBLISHED;
  }

  private void commentHidden(Event.CommentHidden e) {
    comments.get(e.commentId()).status = CommentStatus.HIDDEN;
  }

  private void commentRejected(Event.CommentRejected e) {
    comments.get(e.commentId()).status = CommentStatus.REJECTED;
  }

  private void moderationChanged(Event.ModerationChanged e) {
    holdPublic = e.holdPublic();
  }

  private void pollOpened(Event.PollOpened e, Instant at) {
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
  }

  private void pollTallied(Event.PollTallied e) {
    // counts derive from the votes; nothing to fold
  }

  private void pollClosed(Event.PollClosed e, Instant at) {
    Poll p = polls.get(e.pollId());
    p.open = false;
    p.closedAt = at;
  }

  private void participantRemoved(Event.ParticipantRemoved e) {
    removed.add(e.accountId());
    hands.removeIf(h -> h.accountId() == e.accountId());
  }
}
