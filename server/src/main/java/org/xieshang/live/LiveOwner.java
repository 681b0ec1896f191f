package org.xieshang.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.inbox.Inbox;
import org.xieshang.activity.ActivityService;
import org.xieshang.platform.http.DomainError;

import org.xieshang.platform.metrics.Metrics;
import org.xieshang.platform.realtime.Fanout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of one live session. It holds the session's cluster-wide lock and is the only
 * consumer of {@code live.<id>.cmd}. Commands are taken in batches: each is decided against the
 * state and folded in, the batch's events and votes are committed in one transaction, and only then
 * are the events published and the commands answered (group commit). If the commit fails, the state
 * is rebuilt from the log and the batch is refused. Timers are derived from the state, so a restarted
 * owner continues a running speaker's time from the log.
 */
public final class LiveOwner extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LiveOwner.class);
  static final int BATCH = 512;
  /** Votes are tallied and published at most this often per poll. */
  static final long TALLY_MILLIS = 250;

  public static String commandAddress(long id) {
    return "live." + id + ".cmd";
  }

  public static String eventsAddress(long id) {
    return "live." + id + ".events";
  }

  private record Pending(Message<JsonObject> message, Actor actor, Command command, String clientId) {}

  private record Outcome(Message<JsonObject> message, JsonObject reply, DomainError error) {}

  private final long sessionId;
  private final Pool pool;
  private final Clock clock;
  private final Lock lock;
  private final Inbox inbox;
  private final String node;
  private final Runnable stopped;
  /** this owner's epoch (live_owner): every write checks it */
  private long epoch;
  private boolean fenced;
  private SessionRoster roster;
  private Decider decider;
  private SessionView view;
  private SessionState state;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean flushing;
  private long timerId = -1;
  private final Set<String> tallyScheduled = new HashSet<>();
  private MessageConsumer<JsonObject> consumer;
  private MessageConsumer<Long> rosterChanges;
  private Timer commitTimer;
  private Counter published;

  public LiveOwner(long sessionId, Pool pool, Inbox inbox, Clock clock, Lock lock, String node, Runnable stopped) {
    this.sessionId = sessionId;
    this.pool = pool;
    this.inbox = inbox;
    this.clock = clock;
    this.lock = lock;
    this.node = node;
    this.stopped = stopped;
  }

  /**
   * How long the group commit takes (from sending the batch to PostgreSQL's answer): every event waits
   * for it before it is published, so a slow disk shows here first ({@code /metrics}).
   */
  public static Timer commitTimer() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return Timer.builder("xieshang.live.commit").description("live event log: group commit before publishing")
        .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
        .register(registry == null ? new SimpleMeterRegistry() : registry);
  }

  @Override
  public Future<?> start() {
    commitTimer = commitTimer();
    published = Counter.builder("xieshang.live.events.published")
        .description("live events committed and published to the session's listeners")
        .register(Metrics.registry());
    // the epoch first, then the log: whatever a previous owner committed before it was fenced is read
    return LiveStore.claim(pool, sessionId, node)
        .compose(e -> {
          epoch = e;
          return rebuild();
        })
        .compose(v -> {
          rosterChanges = vertx.eventBus().consumer(ActivityService.ROSTER_CHANGED, m -> {
            if (m.body() == sessionId) {
              LiveStore.roster(pool, sessionId).onSuccess(this::useRoster);
            }
          });
          consumer = vertx.eventBus().consumer(commandAddress(sessionId), this::onMessage);
          return consumer.completion();
        })
        .onSuccess(v -> {
          LOG.info("owning live session {} at seq {} (epoch {})", sessionId, state.seq, epoch);
          scheduleTimer();
        });
  }

  @Override
  public Future<?> stop() {
    stopped.run();
    lock.release();
    return Future.succeededFuture();
  }

  private void useRoster(SessionRoster r) {
    roster = r;
    decider = new Decider(r);
    view = new SessionView(r, decider);
  }

  /** Loads the roster and replays the log and the votes. */
  private Future<Void> rebuild() {
    return LiveStore.roster(pool, sessionId)
        .compose(r -> {
          useRoster(r);
          state = new SessionState();
          return replay(0);
        })
        .compose(v -> LiveStore.votes(pool, sessionId))
        .compose(votes -> {
          for (LiveStore.VoteRow vote : votes) {
            state.applyVote(vote.pollId(), vote.accountId(), vote.venueId(), vote.choices());
          }
          return LiveStore.commands(pool, sessionId);
        })
        .map(commands -> {
          for (LiveStore.CommandRow c : commands) {
            state.applied.put(SessionState.appliedKey(c.actorId(), c.clientId()), c.seq());
          }
          return null;
        });
  }

  private Future<Void> replay(long after) {
    return LiveStore.events(pool, sessionId, after, 5000).compose(rows -> {
      for (LiveStore.LogRow row : rows) {
        state.apply(Event.fromJson(row.type(), row.data()), row.at(), row.seq());
      }
      return rows.size() == 5000 ? replay(rows.get(rows.size() - 1).seq()) : Future.succeededFuture();
    });
  }

  private void onMessage(Message<JsonObject> message) {
    JsonObject body = message.body();
    String actorHeader = message.headers().get("actor");
    try {
      if (body == null) {
        throw DomainError.malformed("指令应为 JSON 对象");
      }
      Actor actor = actor(actorHeader);
      String type = body.getString("type", "");
      if (state.removed.contains(actor.accountId())) {
        throw DomainError.forbidden("您已被主持人移出本次会议");
      }
      if (type.equals("Snapshot")) {
        message.reply(view.snapshot(state).put("you", SessionView.you(actor)));
        return;
      }
      if (type.equals("HeldComments")) {
        if (!actor.role().chairs()) {
          throw DomainError.forbidden("只有主持人可以审核评论");
        }
        JsonArray held = new JsonArray();
        state.comments.values().stream().filter(c -> c.status == CommentStatus.HELD).forEach(c -> held.add(
            view.comment(c).put("text", c.text)));
        message.reply(held);
        return;
      }
      Command command = Command.parse(body);
      String clientId = body.getValue("clientId") instanceof String s && !s.isBlank() && s.length() <= 64 ? s : null;
      queue.add(new Pending(message, actor, command, clientId));
      flush();
    } catch (DomainError e) {
      message.fail(e.status(), e.toJson().encode());
    }
  }

  private Actor actor(String header) {
    long id;
    try {
      id = Long.parseLong(header);
    } catch (NumberFormatException | NullPointerException e) {
      throw DomainError.unauthorized("指令缺少发送人");
    }
    SessionRoster.Participant p = roster.participant(id)
        .orElseThrow(() -> DomainError.forbidden("您不在本次会议的参会名单中"));
    return new Actor(p.accountId(), p.role(), p.venueId());
  }

  private void submitInternal(Command command) {
    queue.add(new Pending(null, Actor.SYSTEM, command, null));
    flush();
  }

  private void flush() {
    if (flushing || queue.isEmpty() || fenced) {
      return;
    }
    flushing = true;
    Instant now = clock.instant();
    List<Outcome> outcomes = new ArrayList<>();
    List<LiveStore.LogRow> rows = new ArrayList<>();
    List<LiveStore.VoteRow> votes = new ArrayList<>();
    List<LiveStore.CommandRow> applied = new ArrayList<>();
    Set<String> votedPolls = new HashSet<>();
    String newStatus = null;
    boolean closed = false;
    for (int i = 0; i < BATCH && !queue.isEmpty(); i++) {
      Pending p = queue.poll();
      String key = p.clientId() == null ? null : SessionState.appliedKey(p.actor().accountId(), p.clientId());
      if (key != null && state.applied.containsKey(key)) {
        outcomes.add(new Outcome(p.message(), new JsonObject().put("seq", state.applied.get(key)).put("duplicate", true),
            null));
        continue;
      }
      try {
        if (p.command() instanceof Command.Vote v) {
          decider.checkVote(state, p.actor(), v);
          state.applyVote(v.pollId(), p.actor().accountId(), p.actor().venueId(), v.choices());
          votes.add(new LiveStore.VoteRow(v.pollId(), p.actor().accountId(), p.actor().venueId(), v.choices(),
              p.clientId(), now));
          votedPolls.add(v.pollId());
          if (key != null) {
            state.applied.put(key, state.seq);
            applied.add(new LiveStore.CommandRow(p.actor().accountId(), p.clientId(), state.seq));
          }
          outcomes.add(new Outcome(p.message(), new JsonObject().put("seq", state.seq), null));
          continue;
        }
        List<Event> events = decider.decide(state, p.actor(), p.command(), now);
        long first = state.seq + 1;
        for (Event e : events) {
          long seq = state.seq + 1;
          state.apply(e, now, seq);
          rows.add(new LiveStore.LogRow(seq, e.type(), e.toJson(), view.changed(state, e),
              p.actor().isSystem() ? null : p.actor().accountId(), seq == first ? p.clientId() : null, now));
          if (e instanceof Event.SessionOpened || e instanceof Event.SessionResumed) {
            newStatus = "LIVE";
          } else if (e instanceof Event.SessionPaused) {
            newStatus = "PAUSED";
          } else if (e instanceof Event.SessionClosed) {
            newStatus = "CLOSED";
            closed = true;
          }
        }
        if (key != null && !events.isEmpty()) {
          state.applied.put(key, first);
          applied.add(new LiveStore.CommandRow(p.actor().accountId(), p.clientId(), first));
        }
        outcomes.add(new Outcome(p.message(), new JsonObject().put("seq", state.seq), null));
      } catch (DomainError e) {
        outcomes.add(new Outcome(p.message(), null, e));
      }
    }
    String status = newStatus;
    List<Inbox.Notice> notices = notices(rows);
    JsonObject minutesBody = closed ? MinutesDraft.body(state, roster, view) : null;
    String minutesText = closed ? MinutesDraft.text(state, roster) : null;
    Runnable[] pushNotices = {Inbox.NOTHING};
    long commitStarted = System.nanoTime();
    Future<Void> commit = rows.isEmpty() && votes.isEmpty() ? Future.succeededFuture()
        : pool.withTransaction(tx -> LiveStore.checkEpoch(tx, sessionId, epoch)
            .compose(v -> LiveStore.append(tx, sessionId, rows))
            .compose(v -> LiveStore.upsertVotes(tx, sessionId, votes))
            .compose(v -> LiveStore.rememberCommands(tx, sessionId, applied))
            .compose(v -> inbox.tell(tx, notices).map(push -> {
              pushNotices[0] = push;
              return (Void) null;
            }))
            .compose(v -> status == null ? Future.succeededFuture() : ActivityService.recordSessionStatus(tx, sessionId, status))
            .compose(v -> minutesBody == null ? Future.succeededFuture()
                : ActivityService.recordMinutesDraft(tx, sessionId, minutesBody, minutesText)));
    commit.onComplete(ar -> {
      if (!rows.isEmpty() || !votes.isEmpty()) {
        commitTimer.record(System.nanoTime() - commitStarted, TimeUnit.NANOSECONDS);
      }
      if (ar.succeeded()) {
        for (LiveStore.LogRow row : rows) {
          publish(row);
        }
        pushNotices[0].run();
        for (Outcome o : outcomes) {
          answer(o);
        }
        votedPolls.forEach(this::scheduleTally);
        scheduleTimer();
        flushing = false;
        flush();
      } else if (ar.cause() instanceof LiveStore.Fenced) {
        // another node owns the session now: write nothing more, answer retryably, and step down
        LOG.warn("live session {}: another node took it over (epoch {} superseded); stepping down", sessionId, epoch);
        fenced = true;
        DomainError moved = new DomainError(503, "owner-moved", "会议正在切换服务节点", "请重试", List.of(), null);
        for (Outcome o : outcomes) {
          answer(o.error() == null ? new Outcome(o.message(), null, moved) : o);
        }
        for (Pending p : queue) {
          answer(new Outcome(p.message(), null, moved));
        }
        queue.clear();
        vertx.undeploy(deploymentID());
      } else {
        LOG.error("live session {}: commit failed, rebuilding from the log", sessionId, ar.cause());
        DomainError failed = new DomainError(503, "unavailable", "服务暂时不可用", "保存失败，请重试", List.of(), null);
        for (Outcome o : outcomes) {
          answer(o.error() == null ? new Outcome(o.message(), null, failed) : o);
        }
        rebuild().onComplete(r -> {
          flushing = false;
          scheduleTimer();
          flush();
        });
      }
    });
  }

  /** Authors are told when the chair hides what they wrote (written with the batch, pushed after commit). */
  private List<Inbox.Notice> notices(List<LiveStore.LogRow> rows) {
    List<Inbox.Notice> out = new ArrayList<>();
    for (LiveStore.LogRow row : rows) {
      if (row.type().equals("CommentHidden")) {
        SessionState.Comment c = state.comments.get(row.data().getString("commentId"));
        out.add(new Inbox.Notice(c.accountId, "live.comment-hidden", "您的会议评论已被主持人隐藏",
            "“" + Inbox.excerpt(c.text, 40) + "”　原因：" + row.data().getString("reason"), "/live/" + sessionId));
      }
    }
    return out;
  }

  private void answer(Outcome o) {
    if (o.message() == null) {
      return;
    }
    if (o.error() != null) {
      o.message().fail(o.error().status(), o.error().toJson().encode());
    } else {
      o.message().reply(o.reply());
    }
  }

  /**
   * Published once for every node's fan-out. A removal first tells every node the roster changed (so
   * nobody removed is let in again), then takes the removed person's sockets off the session.
   */
  private void publish(LiveStore.LogRow row) {
    Long revoked = null;
    if (row.type().equals("ParticipantRemoved")) {
      revoked = row.data().getLong("accountId");
      vertx.eventBus().publish(ActivityService.ROSTER_CHANGED, sessionId);
    }
    Fanout.publish(vertx, eventsAddress(sessionId), row.envelope(), revoked);
    published.increment();
  }

  private void scheduleTally(String pollId) {
    if (tallyScheduled.add(pollId)) {
      vertx.setTimer(TALLY_MILLIS, t -> {
        tallyScheduled.remove(pollId);
        submitInternal(new Command.Tally(pollId));
      });
    }
  }

  private void scheduleTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    Instant at = Decider.nextTimerCheck(state);
    if (at == null) {
      return;
    }
    String speechId = state.floor.speech.id;
    long delay = Math.max(1, Duration.between(clock.instant(), at).toMillis());
    timerId = vertx.setTimer(delay, t -> {
      timerId = -1;
      submitInternal(new Command.Tick(speechId));
    });
  }

}
