package org.xieshang.live;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xieshang.activity.SessionRole;
import org.xieshang.platform.http.DomainError;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The rules of the live session, without a server: decide, then fold. */
class DeciderTest {
  static final long MAIN = 1, YANJIANG = 2, ANYUE = 3;
  static final long CHAIR = 10, HOST_ANYUE = 11, M1 = 21, M2 = 22, M3 = 23, OFFICIAL = 30, PUB = 40, OBS = 50;
  SessionRoster roster;
  Decider decider;
  SessionState state;
  Instant now = Instant.parse("2026-12-01T01:30:00Z");

  @BeforeEach
  void setUp() {
    Map<Long, SessionRoster.Participant> people = new LinkedHashMap<>();
    people.put(CHAIR, new SessionRoster.Participant(CHAIR, "王正清", SessionRole.CHAIR, MAIN, null));
    people.put(HOST_ANYUE, new SessionRoster.Participant(HOST_ANYUE, "何静怡", SessionRole.VENUE_HOST, ANYUE, null));
    people.put(M1, new SessionRoster.Participant(M1, "张建华", SessionRole.MEMBER, YANJIANG, "经济界"));
    people.put(M2, new SessionRoster.Participant(M2, "李晓梅", SessionRole.MEMBER, YANJIANG, "农业界"));
    people.put(M3, new SessionRoster.Participant(M3, "陈志强", SessionRole.MEMBER, ANYUE, "教育界"));
    people.put(OFFICIAL, new SessionRoster.Participant(OFFICIAL, "孙德明", SessionRole.OFFICIAL, MAIN, null));
    people.put(PUB, new SessionRoster.Participant(PUB, "刘群众", SessionRole.PUBLIC_REP, ANYUE, null));
    people.put(OBS, new SessionRoster.Participant(OBS, "旁听者", SessionRole.OBSERVER, ANYUE, null));
    roster = new SessionRoster(7, "测试会议", people,
        List.of(new SessionRoster.Venue(MAIN, "主会场", "MAIN"), new SessionRoster.Venue(YANJIANG, "雁江区分会场", "BRANCH"),
            new SessionRoster.Venue(ANYUE, "安岳县分会场", "BRANCH")),
        List.of(new SessionRoster.AgendaItem(100, 1, "发言", 30, 60)), java.util.Set.of());
    decider = new Decider(roster);
    state = new SessionState();
  }

  List<Event> run(long who, Command c) {
    SessionRoster.Participant p = roster.participants().get(who);
    Actor actor = who == 0 ? Actor.SYSTEM : new Actor(who, p.role(), p.venueId());
    List<Event> events = decider.decide(state, actor, c, now);
    for (Event e : events) {
      state.apply(e, now, state.seq + 1);
    }
    return events;
  }

  DomainError refused(long who, Command c) {
    long seq = state.seq;
    DomainError e = assertThrows(DomainError.class, () -> run(who, c));
    assertEquals(seq, state.seq, "a refused command changes nothing");
    return e;
  }

  @Test
  void onlyTheChairOpensAndNothingHappensBeforeOpening() {
    assertEquals(403, refused(M1, new Command.Open()).status());
    assertEquals(409, refused(M1, new Command.RaiseHand(null, null)).status());
    run(CHAIR, new Command.Open());
    assertEquals(SessionState.Status.LIVE, state.status);
    assertEquals(409, refused(CHAIR, new Command.Open()).status());
  }

  @Test
  void handsTheFloorAndTheTimer() {
    run(CHAIR, new Command.Open());
    run(CHAIR, new Command.StartItem(100));
    run(M1, new Command.RaiseHand(null, null));
    assertEquals(409, refused(M1, new Command.RaiseHand(null, null)).status());
    run(HOST_ANYUE, new Command.RaiseHand(M3, "关于教育"));
    assertEquals(403, refused(HOST_ANYUE, new Command.RaiseHand(M2, null)).status(), "not at the host's venue");
    assertEquals(403, refused(OBS, new Command.RaiseHand(null, null)).status());
    List<Event> granted = run(CHAIR, new Command.Grant(null));
    Event.FloorGranted g = (Event.FloorGranted) granted.get(0);
    assertEquals(M1, g.accountId());
    assertEquals(60, g.seconds(), "the item's speaking time");
    assertEquals(now.plusSeconds(60), state.floor.deadline);
    assertEquals(now.plusSeconds(60 - 15), Decider.nextTimerCheck(state), "warns a quarter before the end");
    now = now.plusSeconds(46);
    assertEquals(List.of(new Event.TimerWarned(g.speechId())), run(0, new Command.Tick(g.speechId())));
    now = now.plusSeconds(14);
    assertEquals(List.of(new Event.FloorEnded(g.speechId(), FloorEndReason.TIMEOUT)), run(0, new Command.Tick(g.speechId())));
    assertEquals(60_000L, state.spokenMillis.get(M1));
  }

  @Test
  void pausingFreezesTheSpeakersTime() {
    run(CHAIR, new Command.Open());
    run(CHAIR, new Command.Grant(M1));
    now = now.plusSeconds(100);
    run(CHAIR, new Command.Pause());
    assertEquals(200, state.floor.remaining.getSeconds());
    now = now.plusSeconds(600);
    run(CHAIR, new Command.Resume());
    assertEquals(now.plusSeconds(200), state.floor.deadline);
    assertEquals(409, refused(CHAIR, new Command.Resume()).status());
  }

  @Test
  void officialsAnswerAndCommitmentsAttachToAnswers() {
    run(CHAIR, new Command.Open());
    String question = ((Event.FloorGranted) run(CHAIR, new Command.Grant(M1)).get(0)).speechId();
    assertEquals(422, refused(CHAIR, new Command.CallOfficial(M2, question)).status(), "only an official answers");
    List<Event> answer = run(CHAIR, new Command.CallOfficial(OFFICIAL, question));
    assertEquals(FloorEndReason.REPLACED, ((Event.FloorEnded) answer.get(0)).reason());
    Event.FloorGranted a = (Event.FloorGranted) answer.get(1);
    assertEquals("ANSWER", a.kind());
    assertEquals(question, a.answersSpeechId());
    assertEquals(422, refused(CHAIR, new Command.MarkCommitment(question, "承诺")).status());
    run(CHAIR, new Command.MarkCommitment(a.speechId(), "年内完成改造"));
    assertEquals("年内完成改造", state.commitments.get(0).text());
  }

  @Test
  void publicCommentsAreHeldUntilApproved() {
    run(CHAIR, new Command.Open());
    Event.CommentPosted c = (Event.CommentPosted) run(PUB, new Command.Comment("建议增加公交班次")).get(0);
    assertTrue(c.held());
    Event.CommentPosted member = (Event.CommentPosted) run(M1, new Command.Comment("赞成")).get(0);
    assertFalse(member.held());
    assertEquals(403, refused(M1, new Command.ApproveComment(c.commentId())).status());
    run(CHAIR, new Command.ApproveComment(c.commentId()));
    assertEquals(CommentStatus.PUBLISHED, state.comments.get(c.commentId()).status);
    assertEquals(409, refused(CHAIR, new Command.ApproveComment(c.commentId())).status());
    run(CHAIR, new Command.SetModeration(false));
    assertFalse(((Event.CommentPosted) run(PUB, new Command.Comment("直接发布")).get(0)).held());
  }

  @Test
  void pollsCountPerVenueAndRefuseLateOrInvalidVotes() {
    run(CHAIR, new Command.Open());
    String poll = ((Event.PollOpened) run(CHAIR, new Command.OpenPoll("是否赞成？", List.of("赞成", "反对"), false, true,
        false)).get(0)).pollId();
    Command.Vote yes = new Command.Vote(poll, List.of(0));
    decider.checkVote(state, new Actor(M1, SessionRole.MEMBER, YANJIANG), yes);
    state.applyVote(poll, M1, YANJIANG, List.of(0));
    state.applyVote(poll, M3, ANYUE, List.of(1));
    state.applyVote(poll, M1, YANJIANG, List.of(1)); // changed mind: replaces
    assertThrows(DomainError.class, () -> decider.checkVote(state, new Actor(PUB, SessionRole.PUBLIC_REP, ANYUE), yes),
        "this poll is not open to the public");
    assertThrows(DomainError.class, () -> decider.checkVote(state,
        new Actor(M2, SessionRole.MEMBER, YANJIANG), new Command.Vote(poll, List.of(0, 1))), "single choice");
    Map<String, int[]> tally = SessionState.tally(state.polls.get(poll));
    assertArrayEquals(new int[]{0, 2}, tally.get("total"));
    assertArrayEquals(new int[]{0, 1}, tally.get(String.valueOf(ANYUE)));
    assertEquals(List.of("PollTallied"), run(0, new Command.Tally(poll)).stream().map(Event::type).toList());
    run(CHAIR, new Command.ClosePoll(poll));
    assertThrows(DomainError.class, () -> decider.checkVote(state, new Actor(M2, SessionRole.MEMBER, YANJIANG), yes));
    assertEquals(List.of(), run(0, new Command.Tally(poll)), "a tally due after closing adds no event");
  }

  @Test
  void namedPollsShowWhoChoseWhatAndAnonymousOnesDoNot() {
    run(CHAIR, new Command.Open());
    String named = ((Event.PollOpened) run(CHAIR, new Command.OpenPoll("记名表决", List.of("是", "否"), false, false,
        true)).get(0)).pollId();
    String secret = ((Event.PollOpened) run(CHAIR, new Command.OpenPoll("不记名表决", List.of("是", "否"), false, true,
        true)).get(0)).pollId();
    state.applyVote(named, M1, YANJIANG, List.of(1));
    state.applyVote(secret, M1, YANJIANG, List.of(1));
    SessionView view = new SessionView(roster, decider);
    var ballots = view.poll(state.polls.get(named)).getJsonArray("ballots");
    assertEquals("张建华", ballots.getJsonObject(0).getString("name"));
    assertEquals(List.of(1), ballots.getJsonObject(0).getJsonArray("choices").getList());
    assertNull(view.poll(state.polls.get(secret)).getValue("ballots"));
    assertTrue(MinutesDraft.text(state, roster).contains("张建华：否"));
  }

  @Test
  void aRemovedParticipantCanDoNothingMore() {
    run(CHAIR, new Command.Open());
    run(CHAIR, new Command.Grant(M1));
    List<Event> removed = run(CHAIR, new Command.RemoveParticipant(M1));
    assertEquals(FloorEndReason.REMOVED, ((Event.FloorEnded) removed.get(0)).reason());
    assertEquals(403, refused(M1, new Command.Comment("还想说")).status());
    assertEquals(422, refused(CHAIR, new Command.RemoveParticipant(CHAIR)).status());
  }

  @Test
  void closingEndsTheFloorAndOpenPolls() {
    run(CHAIR, new Command.Open());
    run(CHAIR, new Command.Grant(M1));
    run(CHAIR, new Command.OpenPoll("？", List.of("是", "否"), false, true, true));
    List<Event> close = run(CHAIR, new Command.Close());
    assertEquals(List.of("FloorEnded", "PollClosed", "SessionClosed"), close.stream().map(Event::type).toList());
    assertEquals(409, refused(CHAIR, new Command.Grant(M2)).status());
    assertEquals(409, refused(M2, new Command.Comment("会后")).status());
  }

  @Test
  void eventsSurviveTheirJsonForm() {
    Event e = new Event.FloorGranted("s3", M1, YANJIANG, 100L, 60, "ANSWER", "s1");
    assertEquals(e, Event.fromJson(e.type(), e.toJson()));
    Event r = new Event.QueueReordered(List.of(M3, M1));
    assertEquals(r, Event.fromJson(r.type(), r.toJson()));
    Event q = new Event.QueueModeChanged(QueueMode.ROTATION);
    assertEquals(q, Event.fromJson(q.type(), q.toJson()));
  }
}
