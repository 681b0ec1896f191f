package org.xieshang.live;

import org.xieshang.activity.SessionRole;
import org.xieshang.platform.http.DomainError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a command means in the current state: the events it produces, or a DomainError that
 * changes nothing. Every rule of the live session and every check of who may do what is here. Pure.
 */
public final class Decider {
  private final SessionRoster roster;

  public Decider(SessionRoster roster) {
    this.roster = roster;
  }

  /** Events to append, in order; ids of new speeches, comments and polls derive from their seq. */
  public List<Event> decide(SessionState s, Actor actor, Command command, Instant now) {
    List<Event> out = new ArrayList<>();
    long next = s.seq + 1;
    if (!actor.isSystem() && s.removed.contains(actor.accountId())) {
      throw DomainError.forbidden("您已被主持人移出本次会议");
    }
    if (command instanceof Command.Open) {
      open(s, actor, out);
    } else if (command instanceof Command.Pause) {
      pause(s, actor, out);
    } else if (command instanceof Command.Resume) {
      resume(s, actor, out);
    } else if (command instanceof Command.Close) {
      close(s, actor, out);
    } else if (command instanceof Command.StartItem c) {
      startItem(s, actor, c, out);
    } else if (command instanceof Command.NextItem) {
      nextItem(s, actor, out);
    } else if (command instanceof Command.CheckIn c) {
      checkIn(s, actor, c, out);
    } else if (command instanceof Command.RaiseHand c) {
      raiseHand(s, actor, c, out);
    } else if (command instanceof Command.LowerHand c) {
      lowerHand(s, actor, c, out);
    } else if (command instanceof Command.SetQueueMode c) {
      setQueueMode(actor, c, out);
    } else if (command instanceof Command.Reorder c) {
      reorder(s, actor, c, out);
    } else if (command instanceof Command.Grant c) {
      grant(s, actor, c, next, out);
    } else if (command instanceof Command.Skip c) {
      skip(s, actor, c, out);
    } else if (command instanceof Command.RemoveHand c) {
      removeHand(s, actor, c, out);
    } else if (command instanceof Command.EndFloor) {
      endFloor(s, actor, out);
    } else if (command instanceof Command.Extend c) {
      extend(s, actor, c, out);
    } else if (command instanceof Command.CallOfficial c) {
      callOfficial(s, actor, c, next, out);
    } else if (command instanceof Command.MarkCommitment c) {
      markCommitment(s, actor, c, next, out);
    } else if (command instanceof Command.Summarize c) {
      summarize(s, actor, c, out);
    } else if (command instanceof Command.Comment c) {
      comment(s, actor, c, next, out);
    } else if (command instanceof Command.ApproveComment c) {
      approveComment(s, actor, c, out);
    } else if (command instanceof Command.HideComment c) {
      hideComment(s, actor, c, out);
    } else if (command instanceof Command.RejectComment c) {
      rejectComment(s, actor, c, out);
    } else if (command instanceof Command.SetModeration c) {
      setModeration(actor, c, out);
    } else if (command instanceof Command.OpenPoll c) {
      openPoll(s, actor, c, next, out);
    } else if (command instanceof Command.Vote c) {
      vote(s, actor, c);
    } else if (command instanceof Command.ClosePoll c) {
      closePoll(s, actor, c, out);
    } else if (command instanceof Command.RemoveParticipant c) {
      removeParticipant(s, actor, c, out);
    } else if (command instanceof Command.Tick c) {
      tick(s, actor, c, now, out);
    } else if (command instanceof Command.Tally c) {
      tally(s, actor, c, out);
    }
    return out;
  }

  public void checkVote(SessionState s, Actor actor, Command.Vote c) {
    SessionState.Poll poll = Optional.ofNullable(s.polls.get(c.pollId()))
        .orElseThrow(() -> DomainError.invalid("pollId", "没有这项表决"));
    if (!poll.open || s.status == SessionState.Status.CLOSED) {
      throw wrongState("表决已结束");
    }
    if (!actor.role().mayVoteIn(poll.publicMayVote)) {
      throw DomainError.forbidden(actor.role().label() + "不参加此项表决");
    }
    if (!poll.multiple && c.choices().size() != 1) {
      throw DomainError.invalid("choices", "单选表决只能选择一项");
    }
    if (c.choices().stream().distinct().count() != c.choices().size()
        || c.choices().stream().anyMatch(i -> i >= poll.options.size())) {
      throw DomainError.invalid("choices", "选项无效");
    }
  }

  /** The queue in the order the current mode gives. */
  public List<SessionState.Hand> ordered(SessionState s) {
    return SpeakingQueue.order(s.queueMode, s.hands, s.spokenMillis, s.venueLastGranted,
        roster.venues().stream().map(SessionRoster.Venue::id).toList());
  }

  private int speakingSeconds(SessionState s) {
    return s.currentItemId == null ? 300
        : roster.item(s.currentItemId).map(SessionRoster.AgendaItem::speakingSeconds).orElse(300);
  }

  /** The person a command is about: oneself, or (for a venue host or the chair) someone at their venue. */
  private SessionRoster.Participant subject(Actor actor, Long accountId, String what) {
    if (accountId == null || accountId == actor.accountId()) {
      return roster.participant(actor.accountId()).orElseThrow(() -> DomainError.forbidden("您不在参会名单中"));
    }
    SessionRoster.Participant who = roster.participant(accountId)
        .orElseThrow(() -> DomainError.invalid("accountId", "不在参会名单中"));
    boolean host = actor.role() == SessionRole.VENUE_HOST && actor.venueId() == who.venueId();
    if (!host && !actor.role().chairs()) {
      throw DomainError.forbidden("只能为本会场的参会人员" + what);
    }
    return who;
  }

  private static void heldComment(SessionState s, String id) {
    SessionState.Comment c = s.comments.get(id);
    if (c == null) {
      throw DomainError.invalid("commentId", "没有这条评论");
    }
    if (c.status != CommentStatus.HELD) {
      throw wrongState("该评论不在待审核状态");
    }
  }

  private static void chair(Actor actor) {
    if (!actor.role().chairs()) {
      throw DomainError.forbidden("只有主持人可以执行此操作");
    }
  }

  private static void system(Actor actor) {
    if (!actor.isSystem()) {
      throw DomainError.invalid("type", "未知的指令");
    }
  }

  private static void requireStatus(SessionState s, SessionState.Status status, String message) {
    if (s.status != status) {
      throw wrongState(message);
    }
  }

  private static void requireRunning(SessionState s) {
    if (s.status != SessionState.Status.LIVE && s.status != SessionState.Status.PAUSED) {
      throw wrongState(s.status == SessionState.Status.CLOSED ? "会议已结束" : "会议尚未开始");
    }
  }

  private static void requireRunningOrScheduled(SessionState s) {
    if (s.status == SessionState.Status.CLOSED) {
      throw wrongState("会议已结束");
    }
  }

  static DomainError wrongState(String detail) {
    return DomainError.conflict("wrong-state", "当前会议状态不允许此操作", detail);
  }

  /** When the running speaker's timer should next be looked at, or null. */
  public static Instant nextTimerCheck(SessionState s) {
    if (s.floor == null || s.floor.deadline == null || s.status != SessionState.Status.LIVE) {
      return null;
    }
    Instant warn = s.floor.deadline.minus(SessionState.warnBefore(s.floor.seconds));
    return s.floor.warned ? s.floor.deadline : warn;
  }


  private void open(SessionState s, Actor actor, List<Event> out) {
    chair(actor);
    if (s.status != SessionState.Status.SCHEDULED) {
      throw wrongState("会议已开始或已结束");
    }
    out.add(new Event.SessionOpened());
  }

  private void pause(SessionState s, Actor actor, List<Event> out) {
    chair(actor);
    requireStatus(s, SessionState.Status.LIVE, "只有进行中的会议可以暂停");
    out.add(new Event.SessionPaused());
  }

  private void resume(SessionState s, Actor actor, List<Event> out) {
    chair(actor);
    requireStatus(s, SessionState.Status.PAUSED, "会议未暂停");
    out.add(new Event.SessionResumed());
  }

  private void close(SessionState s, Actor actor, List<Event> out) {
    chair(actor);
    requireRunning(s);
    if (s.floor != null) {
      out.add(new Event.FloorEnded(s.floor.speech.id, FloorEndReason.CLOSED));
    }
    s.polls.values().stream().filter(p -> p.open).forEach(p -> out.add(new Event.PollClosed(p.id)));
    out.add(new Event.SessionClosed());
  }

  private void startItem(SessionState s, Actor actor, Command.StartItem c, List<Event> out) {
    chair(actor);
    requireRunning(s);
    if (roster.item(c.itemId()).isEmpty()) {
      throw DomainError.invalid("itemId", "议程中没有此项");
    }
    if (Long.valueOf(c.itemId()).equals(s.currentItemId)) {
      throw wrongState("该议程已在进行");
    }
    out.add(new Event.ItemStarted(c.itemId()));
  }

  private void nextItem(SessionState s, Actor actor, List<Event> out) {
    chair(actor);
    requireRunning(s);
    int position = s.currentItemId == null ? 0 : roster.item(s.currentItemId).map(SessionRoster.AgendaItem::position).orElse(0);
    SessionRoster.AgendaItem item = roster.agenda().stream().filter(i -> i.position() > position).findFirst()
        .orElseThrow(() -> wrongState("已是最后一项议程"));
    out.add(new Event.ItemStarted(item.id()));
  }

  private void checkIn(SessionState s, Actor actor, Command.CheckIn c, List<Event> out) {
    requireRunningOrScheduled(s);
    SessionRoster.Participant who = subject(actor, c.accountId(), "签到");
    if (s.checkedIn.containsKey(who.accountId())) {
      throw wrongState(who.name() + " 已签到");
    }
    out.add(new Event.CheckedIn(who.accountId(), who.venueId(), actor.accountId()));
  }

  private void raiseHand(SessionState s, Actor actor, Command.RaiseHand c, List<Event> out) {
    requireRunning(s);
    SessionRoster.Participant who = subject(actor, c.accountId(), "举手");
    if (!who.role().maySpeak()) {
      throw DomainError.forbidden(who.role().label() + "不能申请发言");
    }
    if (s.inQueue(who.accountId())) {
      throw wrongState(who.name() + " 已在发言队列中");
    }
    if (s.floor != null && s.floor.speech.accountId == who.accountId()) {
      throw wrongState(who.name() + " 正在发言");
    }
    out.add(new Event.HandRaised(who.accountId(), who.venueId(), actor.accountId(), c.note()));
  }

  private void lowerHand(SessionState s, Actor actor, Command.LowerHand c, List<Event> out) {
    SessionRoster.Participant who = subject(actor, c.accountId(), "放下举手");
    if (!s.inQueue(who.accountId())) {
      throw wrongState(who.name() + " 不在发言队列中");
    }
    out.add(new Event.HandLowered(who.accountId(), HandLowerReason.LOWERED));
  }

  private void setQueueMode(Actor actor, Command.SetQueueMode c, List<Event> out) {
    chair(actor);
    if (c.mode() == QueueMode.MANUAL) {
      throw DomainError.invalid("mode", "手动顺序通过调整队列设置");
    }
    out.add(new Event.QueueModeChanged(c.mode()));
  }

  private void reorder(SessionState s, Actor actor, Command.Reorder c, List<Event> out) {
    chair(actor);
    for (Long id : c.order()) {
      if (!s.inQueue(id)) {
        throw DomainError.invalid("order", "队列中没有 " + roster.name(id));
      }
    }
    out.add(new Event.QueueReordered(c.order()));
  }

  private void grant(SessionState s, Actor actor, Command.Grant c, long next, List<Event> out) {
    chair(actor);
    requireStatus(s, SessionState.Status.LIVE, "会议未在进行中，不能指定发言");
    SessionRoster.Participant who;
    if (c.accountId() == null) {
      List<SessionState.Hand> ordered = ordered(s);
      if (ordered.isEmpty()) {
        throw wrongState("发言队列为空");
      }
      who = roster.participant(ordered.get(0).accountId()).orElseThrow();
    } else {
      who = roster.participant(c.accountId()).orElseThrow(() -> DomainError.invalid("accountId", "不在参会名单中"));
      if (!who.role().maySpeak() || s.removed.contains(who.accountId())) {
        throw DomainError.invalid("accountId", who.name() + " 不能发言");
      }
    }
    if (s.floor != null) {
      out.add(new Event.FloorEnded(s.floor.speech.id, FloorEndReason.REPLACED));
    }
    out.add(new Event.FloorGranted("s" + (next + out.size()), who.accountId(), who.venueId(), s.currentItemId,
        speakingSeconds(s), "SPEECH", null));
  }

  private void skip(SessionState s, Actor actor, Command.Skip c, List<Event> out) {
    chair(actor);
    if (!s.inQueue(c.accountId())) {
      throw DomainError.invalid("accountId", "不在发言队列中");
    }
    out.add(new Event.HandSkipped(c.accountId()));
  }

  private void removeHand(SessionState s, Actor actor, Command.RemoveHand c, List<Event> out) {
    chair(actor);
    if (!s.inQueue(c.accountId())) {
      throw DomainError.invalid("accountId", "不在发言队列中");
    }
    out.add(new Event.HandLowered(c.accountId(), HandLowerReason.REMOVED));
  }

  private void endFloor(SessionState s, Actor actor, List<Event> out) {
    if (s.floor == null) {
      throw wrongState("当前无人发言");
    }
    boolean speaker = s.floor.speech.accountId == actor.accountId();
    if (!speaker && !actor.role().chairs()) {
      throw DomainError.forbidden("只有主持人或发言人可以结束发言");
    }
    out.add(new Event.FloorEnded(s.floor.speech.id, speaker ? FloorEndReason.YIELDED : FloorEndReason.CHAIR));
  }

  private void extend(SessionState s, Actor actor, Command.Extend c, List<Event> out) {
    chair(actor);
    if (s.floor == null) {
      throw wrongState("当前无人发言");
    }
    out.add(new Event.FloorExtended(s.floor.speech.id, c.seconds()));
  }

  private void callOfficial(SessionState s, Actor actor, Command.CallOfficial c, long next, List<Event> out) {
    chair(actor);
    requireStatus(s, SessionState.Status.LIVE, "会议未在进行中");
    SessionRoster.Participant official = roster.participant(c.officialId())
        .filter(p -> p.role() == SessionRole.OFFICIAL)
        .orElseThrow(() -> DomainError.invalid("officialId", "不是本次会议的部门负责人"));
    if (!s.speeches.containsKey(c.speechId())) {
      throw DomainError.invalid("speechId", "没有这次发言");
    }
    if (s.floor != null) {
      out.add(new Event.FloorEnded(s.floor.speech.id, FloorEndReason.REPLACED));
    }
    out.add(new Event.FloorGranted("s" + (next + out.size()), official.accountId(), official.venueId(),
        s.currentItemId, speakingSeconds(s), "ANSWER", c.speechId()));
  }

  private void markCommitment(SessionState s, Actor actor, Command.MarkCommitment c, long next, List<Event> out) {
    chair(actor);
    SessionState.Speech speech = Optional.ofNullable(s.speeches.get(c.speechId()))
        .orElseThrow(() -> DomainError.invalid("speechId", "没有这次发言"));
    if (!"ANSWER".equals(speech.kind)) {
      throw DomainError.invalid("speechId", "承诺应标记在部门负责人的答复上");
    }
    out.add(new Event.CommitmentMarked("k" + next, speech.id, speech.accountId, c.text()));
  }

  private void summarize(SessionState s, Actor actor, Command.Summarize c, List<Event> out) {
    SessionState.Speech speech = Optional.ofNullable(s.speeches.get(c.speechId()))
        .orElseThrow(() -> DomainError.invalid("speechId", "没有这次发言"));
    boolean host = actor.role() == SessionRole.VENUE_HOST && actor.venueId() == speech.venueId;
    if (!host && actor.role() != SessionRole.SECRETARY && !actor.role().chairs()) {
      throw DomainError.forbidden("发言摘要由发言人所在会场的主持人或记录员填写");
    }
    out.add(new Event.SpeechSummarized(speech.id, c.text(), actor.accountId()));
  }

  private void comment(SessionState s, Actor actor, Command.Comment c, long next, List<Event> out) {
    requireRunning(s);
    if (!actor.role().mayComment()) {
      throw DomainError.forbidden("旁听人员不能发表评论");
    }
    boolean held = actor.role().isPublic() && s.holdPublic;
    out.add(new Event.CommentPosted("c" + next, actor.accountId(), actor.venueId(), s.currentItemId, c.text(), held));
  }

  private void approveComment(SessionState s, Actor actor, Command.ApproveComment c, List<Event> out) {
    chair(actor);
    heldComment(s, c.commentId());
    out.add(new Event.CommentApproved(c.commentId()));
  }

  private void hideComment(SessionState s, Actor actor, Command.HideComment c, List<Event> out) {
    chair(actor);
    SessionState.Comment comment = s.comments.get(c.commentId());
    if (comment == null) {
      throw DomainError.invalid("commentId", "没有这条评论");
    }
    if (comment.status != CommentStatus.PUBLISHED) {
      throw wrongState("只能隐藏已显示的评论");
    }
    out.add(new Event.CommentHidden(c.commentId(), c.reason()));
  }

  private void rejectComment(SessionState s, Actor actor, Command.RejectComment c, List<Event> out) {
    chair(actor);
    heldComment(s, c.commentId());
    out.add(new Event.CommentRejected(c.commentId()));
  }

  private void setModeration(Actor actor, Command.SetModeration c, List<Event> out) {
    chair(actor);
    out.add(new Event.ModerationChanged(c.holdPublic()));
  }

  private void openPoll(SessionState s, Actor actor, Command.OpenPoll c, long next, List<Event> out) {
    chair(actor);
    requireRunning(s);
    out.add(new Event.PollOpened("p" + next, c.question(), c.options(), c.multiple(), c.anonymous(), c.publicMayVote()));
  }

  private void vote(SessionState s, Actor actor, Command.Vote c) {
    checkVote(s, actor, c);
    // a vote is stored in its own table, not as an event (see LiveOwner)
  }

  private void closePoll(SessionState s, Actor actor, Command.ClosePoll c, List<Event> out) {
    chair(actor);
    SessionState.Poll poll = Optional.ofNullable(s.polls.get(c.pollId()))
        .orElseThrow(() -> DomainError.invalid("pollId", "没有这项表决"));
    if (!poll.open) {
      throw wrongState("表决已结束");
    }
    out.add(new Event.PollClosed(poll.id));
  }

  private void removeParticipant(SessionState s, Actor actor, Command.RemoveParticipant c, List<Event> out) {
    chair(actor);
    SessionRoster.Participant who = roster.participant(c.accountId())
        .orElseThrow(() -> DomainError.invalid("accountId", "不在参会名单中"));
    if (who.role().chairs()) {
      throw DomainError.invalid("accountId", "不能移出主持人");
    }
    if (s.removed.contains(who.accountId())) {
      throw wrongState(who.name() + " 已被移出");
    }
    if (s.floor != null && s.floor.speech.accountId == who.accountId()) {
      out.add(new Event.FloorEnded(s.floor.speech.id, FloorEndReason.REMOVED));
    }
    out.add(new Event.ParticipantRemoved(who.accountId()));
  }

  private void tick(SessionState s, Actor actor, Command.Tick c, Instant now, List<Event> out) {
    system(actor);
    if (s.floor != null && s.floor.speech.id.equals(c.speechId()) && s.floor.deadline != null
        && s.status == SessionState.Status.LIVE) {
      if (!now.isBefore(s.floor.deadline)) {
        out.add(new Event.FloorEnded(s.floor.speech.id, FloorEndReason.TIMEOUT));
      } else if (!s.floor.warned && !now.isBefore(s.floor.deadline.minus(SessionState.warnBefore(s.floor.seconds)))) {
        out.add(new Event.TimerWarned(s.floor.speech.id));
      }
    }
  }

  private void tally(SessionState s, Actor actor, Command.Tally c, List<Event> out) {
    system(actor);
    SessionState.Poll poll = s.polls.get(c.pollId());
    // a tally due after the poll closed adds nothing: PollClosed carries the final count, and a
    // closed session takes no more events
    if (poll != null && poll.open && s.status != SessionState.Status.CLOSED) {
      out.add(new Event.PollTallied(c.pollId()));
    }
  }
}
