package org.xieshang.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Await;
import org.xieshang.support.BusClient;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** The live engine end to end: real WebSocket clients on the event-bus bridge, a running server, PostgreSQL. */
class LiveMeetingTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  BusClient join(String username, Meeting m) {
    BusClient c = BusClient.connect(app.vertx, app.app.port(), app.login(username));
    c.register(m.events());
    return c;
  }

  /** Sends over the bridge and returns the reply body, failing on an error reply. */
  static JsonObject ok(BusClient c, Meeting m, JsonObject command) {
    JsonObject reply = c.request(m.cmd(), command);
    assertEquals("rec", reply.getString("type"), reply.encode());
    return reply.getJsonObject("body");
  }

  static JsonObject refused(BusClient c, Meeting m, JsonObject command) {
    JsonObject reply = c.request(m.cmd(), command);
    assertEquals("err", reply.getString("type"), reply.encode());
    return new JsonObject(reply.getString("message"));
  }

  /** Registration is asynchronous (a roster check): wait until the session has this many listeners on the server. */
  static void listening(Meeting m, int sockets) {
    Await.until(sockets + " listeners", 5000, () -> app.app.fanout().sockets(m.events()) >= sockets);
  }

  @Test
  void aMeetingAcrossThreeVenuesFromOpeningToMinutes() {
    Meeting m = Meeting.create(app, 300);
    try (BusClient chair = join("chair", m); BusClient yanjiang = join("member01", m);
         BusClient anyue = join("member02", m); BusClient hostAnyue = join("host-anyue", m);
         BusClient hostYanjiang = join("host-yanjiang", m); BusClient official = join("official-nyj", m);
         BusClient lezhi = join("member03", m); BusClient publicRep = join("public01", m);
         BusClient observer = join("public05", m)) {
      listening(m, 9);
      // an event is one task per event loop, not one per socket
      assertTrue(app.app.fanout().loops(m.events()) <= 2 * Runtime.getRuntime().availableProcessors(),
          "9 sockets over " + app.app.fanout().loops(m.events()) + " groups");
      ok(chair, m, cmd("Open"));
      for (BusClient c : List.of(chair, yanjiang, anyue, observer)) {
        assertEquals("LIVE", c.awaitEvent("SessionOpened", 5000).getJsonObject("view").getString("status"));
      }
      // check-in: oneself, and by the venue host for someone in the room
      ok(yanjiang, m, cmd("CheckIn"));
      ok(hostAnyue, m, cmd("CheckIn").put("accountId", app.accountId("member06")));
      ok(lezhi, m, cmd("CheckIn"));
      JsonObject attendance = observer.awaitEvent("CheckedIn", 5000);
      attendance = observer.awaitEvent("CheckedIn", 5000);
      attendance = observer.awaitEvent("CheckedIn", 5000).getJsonObject("view").getJsonObject("attendance");
      assertEquals(3, attendance.getInteger("checkedIn"));
      Map<String, Integer> byVenue = new LinkedHashMap<>();
      attendance.getJsonArray("venues").forEach(o -> byVenue.put(((JsonObject) o).getString("name"),
          ((JsonObject) o).getInteger("checkedIn")));
      assertEquals(Map.of("主会场", 0, "雁江区分会场", 1, "安岳县分会场", 1, "乐至县分会场", 1), byVenue);
      // a host may not check in someone from another venue
      assertEquals(403, refused(hostAnyue, m, cmd("CheckIn").put("accountId", app.accountId("member01")))
          .getInteger("status"));

      ok(chair, m, cmd("StartItem").put("itemId", m.items.get("委员发言")));
      ok(yanjiang, m, cmd("RaiseHand"));
      ok(hostAnyue, m, cmd("RaiseHand").put("accountId", app.accountId("member02")).put("note", "关于垃圾分类"));
      JsonObject queue = chair.awaitEvent("HandRaised", 5000);
      queue = chair.awaitEvent("HandRaised", 5000).getJsonObject("view").getJsonObject("queue");
      assertEquals(List.of("雁江区分会场", "安岳县分会场"), queue.getJsonArray("entries").stream()
          .map(o -> ((JsonObject) o).getString("venueName")).toList());
      assertEquals("周文斌".length() > 0 ? "何静怡" : "", queue.getJsonArray("entries").getJsonObject(1).getString("raisedBy"));

      ok(chair, m, cmd("Grant"));
      JsonObject granted = yanjiang.awaitEvent("FloorGranted", 5000);
      JsonObject floor = granted.getJsonObject("view").getJsonObject("floor");
      assertEquals(app.accountId("member01"), floor.getLong("accountId"));
      assertEquals("雁江区分会场", floor.getString("venueName"));
      assertEquals(300, floor.getInteger("seconds"));
      String speechId = floor.getString("speechId");
      ok(hostYanjiang, m, cmd("Summarize").put("speechId", speechId).put("text", "建议加快农村污水管网建设，健全管护机制。"));
      ok(chair, m, cmd("CallOfficial").put("officialId", app.accountId("official-nyj")).put("speechId", speechId));
      JsonObject answer = official.awaitEvent("FloorGranted", 5000);
      answer = official.awaitEvent("FloorGranted", 5000).getJsonObject("view").getJsonObject("floor");
      assertEquals("ANSWER", answer.getString("kind"));
      assertEquals(speechId, answer.getString("answersSpeechId"));
      ok(chair, m, cmd("MarkCommitment").put("speechId", answer.getString("speechId"))
          .put("text", "年内完成三个乡镇污水管网改造。"));
      ok(official, m, cmd("EndFloor"));

      // comments: public ones are held until the chair approves; their text is not broadcast before that
      JsonObject posted = ok(publicRep, m, cmd("Comment").put("text", "希望增加村里的垃圾收集点"));
      JsonObject held = observer.awaitEvent("CommentPosted", 5000);
      assertEquals("HELD", held.getJsonObject("view").getJsonObject("comment").getString("status"));
      assertNull(held.getJsonObject("view").getJsonObject("comment").getString("text"));
      assertFalse(held.getJsonObject("data").containsKey("text"));
      String commentId = held.getJsonObject("data").getString("commentId");
      assertTrue(posted.getLong("seq") > 0);
      TestApp.Reply heldList = app.get("/api/live/" + m.id + "/held-comments", app.login("chair"));
      assertEquals("希望增加村里的垃圾收集点", heldList.array().getJsonObject(0).getString("text"));
      ok(chair, m, cmd("ApproveComment").put("commentId", commentId));
      assertEquals("希望增加村里的垃圾收集点", observer.awaitEvent("CommentApproved", 5000).getJsonObject("view")
          .getJsonObject("comment").getString("text"));
      ok(anyue, m, cmd("Comment").put("text", "<script>alert(1)</script>赞成"));
      assertEquals(403, refused(observer, m, cmd("Comment").put("text", "旁听者不能评论")).getInteger("status"));

      // a poll with results per venue
      ok(chair, m, cmd("OpenPoll").put("question", "是否赞成将污水治理列为明年重点？")
          .put("options", new JsonArray().add("赞成").add("反对").add("弃权")));
      String pollId = chair.awaitEvent("PollOpened", 5000).getJsonObject("data").getString("pollId");
      ok(yanjiang, m, cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(0)));
      ok(anyue, m, cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(0)));
      ok(lezhi, m, cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(1)));
      ok(publicRep, m, cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(2)));
      assertEquals(403, refused(observer, m, cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(0)))
          .getInteger("status"));
      ok(chair, m, cmd("ClosePoll").put("pollId", pollId));
      JsonObject poll = observer.awaitEvent("PollClosed", 5000).getJsonObject("view").getJsonObject("poll");
      assertEquals(new JsonArray().add(2).add(1).add(1), poll.getJsonObject("tally").getJsonArray("total"));
      assertEquals(new JsonArray().add(1).add(0).add(1),
          poll.getJsonObject("tally").getJsonObject("byVenue").getJsonArray(m.venues.get("安岳县分会场").toString()));
      assertEquals(409, refused(anyue, m, cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(1)))
          .getInteger("status"), "voting on a closed poll is refused");

      ok(chair, m, cmd("Close"));
      observer.awaitEvent("SessionClosed", 5000);
      assertEquals(409, refused(chair, m, cmd("Grant").put("accountId", app.accountId("member01")))
          .getInteger("status"), "no floor in a closed session");

      TestApp.Reply minutes = app.get("/api/activities/" + m.id + "/minutes", app.login("member01"));
      assertEquals(200, minutes.status(), minutes.body());
      String text = minutes.json().getString("text");
      assertTrue(text.contains("安岳县分会场（分会场）：应到"), text);
      assertTrue(text.contains("建议加快农村污水管网建设"), text);
      assertTrue(text.contains("年内完成三个乡镇污水管网改造"), text);
      assertTrue(text.contains("赞成 2 票；反对 1 票；弃权 1 票（不记名）"), text);
      assertEquals("CLOSED", app.get("/api/activities/" + m.id, app.login("staff")).json().getString("status"));
      // every event was stored in order, without gaps
      assertEquals(0, app.count("SELECT max(seq) - count(*) FROM live_event WHERE session_id = " + m.id));
      assertEquals(4, app.count("SELECT count(*) FROM live_vote WHERE session_id = " + m.id));

      // live's read model (docs/live.md), which the opinion store and the ledger read instead of the log
      String where = " WHERE session_id = " + m.id;
      assertEquals(1, app.count("SELECT count(*) FROM live_speech" + where + " AND kind = 'SPEECH' AND summary = "
          + "'建议加快农村污水管网建设，健全管护机制。' AND account_id = " + app.accountId("member01")));
      assertEquals(1, app.count("SELECT count(*) FROM live_speech" + where + " AND kind = 'ANSWER' AND answers_speech_id = '"
          + speechId + "' AND account_id = " + app.accountId("official-nyj")));
      assertEquals(1, app.count("SELECT count(*) FROM live_commitment" + where + " AND answers_speech_id = '" + speechId
          + "' AND text = '年内完成三个乡镇污水管网改造。' AND official_id = " + app.accountId("official-nyj")));
      assertEquals(2, app.count("SELECT count(*) FROM live_comment" + where + " AND shown"), "the approved and the member's");
      assertEquals(4, app.count("SELECT voters FROM live_poll_result" + where));
      assertEquals(2, app.count("SELECT votes[1] FROM live_poll_result" + where));
    }
  }

  @Test
  void eachQueueModeOrdersTheHands() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, cmd("Open")).status());
    assertEquals(200, m.command(chair, cmd("StartItem").put("itemId", m.items.get("委员发言"))).status());
    // two from 雁江 first, then 安岳, then 乐至
    for (String u : List.of("member01", "member05", "member02", "member03")) {
      TestApp.Reply r = m.command(app.login(u), cmd("RaiseHand"));
      assertEquals(200, r.status(), r.body());
    }
    assertEquals(List.of("member01", "member05", "member02", "member03"), queue(m, chair));
    m.command(chair, cmd("SetQueueMode").put("mode", "ROTATION"));
    assertEquals(List.of("member01", "member02", "member03", "member05"), queue(m, chair));
    // member01 speaks; rotation now starts with the venues that have waited longest
    m.command(chair, cmd("Grant"));
    m.command(chair, cmd("EndFloor"));
    m.command(app.login("member01"), cmd("RaiseHand"));
    assertEquals(List.of("member02", "member03", "member05", "member01"), queue(m, chair));
    m.command(chair, cmd("SetQueueMode").put("mode", "LEAST_SPOKEN"));
    assertEquals("member01", queue(m, chair).get(3), "the one who has spoken goes last");
    m.command(chair, cmd("Reorder").put("order", new JsonArray().add(app.accountId("member03"))));
    JsonObject snapshot = app.get("/api/live/" + m.id, chair).json();
    assertEquals("MANUAL", snapshot.getJsonObject("queue").getString("mode"));
    assertEquals("member03", queue(m, chair).get(0));
    m.command(chair, cmd("Skip").put("accountId", app.accountId("member03")));
    assertEquals("member03", queue(m, chair).get(3));
    m.command(chair, cmd("RemoveHand").put("accountId", app.accountId("member03")));
    assertEquals(3, queue(m, chair).size());
    TestApp.Reply twice = m.command(app.login("member02"), cmd("RaiseHand"));
    assertEquals(409, twice.status(), "raising a hand twice is refused");
    assertEquals("wrong-state", twice.json().getString("type").replace("urn:xieshang:problem:", ""));
  }

  /** The snapshot's `you.may` flags say what the caller's session role lets them do, and the engine agrees. */
  @Test
  void theSnapshotSaysWhatEachRoleMayDoAndCommandsAgree() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, cmd("Open")).status());
    assertEquals(200, m.command(chair, cmd("StartItem").put("itemId", m.items.get("委员发言"))).status());
    assertEquals(200, m.command(chair, cmd("OpenPoll").put("question", "委员表决").put("publicMayVote", false)
        .put("options", new JsonArray().add("赞成").add("反对"))).status());
    assertEquals(200, m.command(chair, cmd("OpenPoll").put("question", "群众也可表决").put("publicMayVote", true)
        .put("options", new JsonArray().add("赞成").add("反对"))).status());
    JsonArray polls = app.get("/api/live/" + m.id, chair).json().getJsonArray("polls");
    String membersPoll = polls.getJsonObject(0).getString("id");
    String openPoll = polls.getJsonObject(1).getString("id");
    Map<String, String> expected = new LinkedHashMap<>();
    // chair, hostVenue, speak, comment, vote, voteInPollsOpenToPublic
    expected.put("chair", "CHAIR 1 0 0 1 1 1");
    expected.put("member01", "MEMBER 0 0 1 1 1 1");
    expected.put("official-nyj", "OFFICIAL 0 0 1 1 0 0");
    expected.put("host-anyue", "VENUE_HOST 0 1 0 1 1 1");
    expected.put("public01", "PUBLIC_REP 0 0 1 1 0 1");
    expected.put("public05", "OBSERVER 0 0 0 0 0 0");
    expected.forEach((user, flags) -> {
      String token = app.login(user);
      JsonObject you = app.get("/api/live/" + m.id, token).json().getJsonObject("you");
      assertEquals(app.accountId(user), you.getLong("accountId"));
      JsonObject may = you.getJsonObject("may");
      String seen = you.getString("role") + " " + String.join(" ", List.of("chair", "hostVenue", "speak", "comment",
          "vote", "voteInPollsOpenToPublic").stream().map(k -> may.getBoolean(k) ? "1" : "0").toList());
      assertEquals(flags, seen, user);
      assertEquals(may.getBoolean("speak"), m.command(token, cmd("RaiseHand")).status() == 200, user + " raises a hand");
      assertEquals(may.getBoolean("comment"), m.command(token, cmd("Comment").put("text", "意见")).status() == 200,
          user + " comments");
      assertEquals(may.getBoolean("vote"), m.command(token, cmd("Vote").put("pollId", membersPoll)
          .put("choices", new JsonArray().add(0))).status() == 200, user + " votes in the members' poll");
      assertEquals(may.getBoolean("voteInPollsOpenToPublic"), m.command(token, cmd("Vote").put("pollId", openPoll)
          .put("choices", new JsonArray().add(0))).status() == 200, user + " votes in the open poll");
      assertEquals(may.getBoolean("chair"), m.command(token, cmd("SetModeration").put("holdPublic", false)).status() == 200,
          user + " moderates");
    });
    // the roster says who may ask to speak, for the venue host raising hands on their behalf
    for (Object o : app.get("/api/activities/" + m.id + "/roster", app.login("host-anyue")).array()) {
      JsonObject entry = (JsonObject) o;
      assertEquals(List.of("MEMBER", "OFFICIAL", "PUBLIC_REP").contains(entry.getString("role")), entry.getBoolean("maySpeak"),
          entry.encode());
    }
  }

  List<String> queue(Meeting m, String token) {
    JsonObject snapshot = app.get("/api/live/" + m.id, token).json();
    List<String> names = new ArrayList<>();
    for (Object o : snapshot.getJsonObject("queue").getJsonArray("entries")) {
      long id = ((JsonObject) o).getLong("accountId");
      names.add(app.count("SELECT 0") == 0 ? username(id) : "");
    }
    return names;
  }

  String username(long id) {
    for (String u : List.of("member01", "member02", "member03", "member05", "member06")) {
      if (app.accountId(u) == id) {
        return u;
      }
    }
    return "?" + id;
  }

  @Test
  void theSpeakingTimerWarnsThenEndsAndCanBeExtended() {
    Meeting m = Meeting.create(app, 10);
    try (BusClient chair = join("chair", m)) {
      listening(m, 1);
      ok(chair, m, cmd("Open"));
      ok(chair, m, cmd("StartItem").put("itemId", m.items.get("委员发言")));
      ok(chair, m, cmd("Grant").put("accountId", app.accountId("member01")));
      JsonObject floor = chair.awaitEvent("FloorGranted", 5000).getJsonObject("view").getJsonObject("floor");
      long deadline = floor.getLong("deadline");
      ok(chair, m, cmd("Extend").put("seconds", 10));
      JsonObject extended = chair.awaitEvent("FloorExtended", 5000).getJsonObject("view").getJsonObject("floor");
      assertEquals(deadline + 10_000, extended.getLong("deadline"));
      assertEquals(20, extended.getInteger("seconds"));
      JsonObject warned = chair.awaitEvent("TimerWarned", 20_000);
      long warnedAt = warned.getLong("at");
      assertTrue(warnedAt >= deadline + 10_000 - 5_000 - 50, "warned 5 s before the extended end");
      JsonObject ended = chair.awaitEvent("FloorEnded", 10_000);
      assertEquals("TIMEOUT", ended.getJsonObject("data").getString("reason"));
      assertTrue(ended.getLong("at") >= deadline + 10_000, "not before the extended deadline");
      assertEquals(20, ended.getJsonObject("view").getJsonObject("speech").getInteger("spokenSeconds"));
    }
  }

  @Test
  void aClientThatReconnectsGetsEveryMissedEventOnceAndInOrder() {
    Meeting m = Meeting.create(app, 300);
    String memberToken = app.login("member02");
    List<Long> seen = new ArrayList<>();
    try (BusClient chair = join("chair", m)) {
      BusClient member = join("member02", m);
      listening(m, 2);
      ok(chair, m, cmd("Open"));
      ok(chair, m, cmd("StartItem").put("itemId", m.items.get("通报情况")));
      member.awaitEvent("ItemStarted", 5000);
      seen.addAll(member.seqs());
      member.close(); // the network drops
      Await.until("the dropped socket is gone", 5000, () -> app.app.fanout().sockets(m.events()) == 1);
      ok(chair, m, cmd("SetQueueMode").put("mode", "ROTATION"));
      m.command(app.login("member01"), cmd("RaiseHand"));
      ok(chair, m, cmd("Grant"));
      ok(chair, m, cmd("Pause"));
      // back online: register first (buffering), then fetch what was missed after the last seq seen
      BusClient again = join("member02", m);
      listening(m, 2);
      ok(chair, m, cmd("Resume"));
      again.awaitEvent("SessionResumed", 5000);
      long last = seen.get(seen.size() - 1);
      JsonArray missed = app.get("/api/live/" + m.id + "/events?after=" + last, memberToken).array();
      List<Long> merged = new ArrayList<>(seen);
      for (Object o : missed) {
        long seq = ((JsonObject) o).getLong("seq");
        if (seq > merged.get(merged.size() - 1)) {
          merged.add(seq);
        }
      }
      for (long seq : again.seqs()) {
        if (seq > merged.get(merged.size() - 1)) {
          merged.add(seq);
        }
      }
      long max = app.count("SELECT max(seq) FROM live_event WHERE session_id = " + m.id);
      List<Long> expected = new ArrayList<>();
      for (long s = 1; s <= max; s++) {
        expected.add(s);
      }
      assertEquals(expected, merged, "every event exactly once, in order");
      again.close();
    }
  }

  @Test
  void aSocketThatStopsReadingIsClosedOnceItsBacklogPassesTheLimitAndOthersGoOn() throws Exception {
    TestApp small = TestApp.start(Map.of("XIESHANG_HTTP_SOCKET_BACKLOG_BYTES", "16384",
        "XIESHANG_HTTP_API_RATE_PER_MINUTE", "1000000"));
    try {
      Meeting m = Meeting.create(small, 300);
      try (BusClient reading = BusClient.connect(small.vertx, small.app.port(), small.login("member01"));
           BusClient stalled = BusClient.connect(small.vertx, small.app.port(), small.login("member02"))) {
        reading.register(m.events());
        stalled.register(m.events());
        Await.until("two listeners", 5000, () -> small.app.fanout().sockets(m.events()) == 2);
        stalled.stopReading();
        String chair = small.login("chair");
        assertEquals(200, m.command(chair, cmd("Open")).status());
        // comments of 500 characters (about 3 KB on the wire) until the kernel's buffers and the 16 KB
        // allowed behind them are full
        String text = "请各分会场就农村人居环境整治发表意见。".repeat(30).substring(0, 500);
        int sent = 0;
        while (small.app.fanout().sockets(m.events()) == 2 && sent < 20_000) {
          List<java.util.concurrent.CompletableFuture<TestApp.Reply>> batch = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            batch.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> m.command(chair, cmd("Comment").put("text", text))));
          }
          for (var f : batch) {
            assertEquals(200, f.get().status());
          }
          sent += 100;
        }
        Await.until("the stalled socket is closed", 5000, () -> small.app.fanout().sockets(m.events()) == 1);
        // the reading member got every event, the last one included
        long last = small.count("SELECT max(seq) FROM live_event WHERE session_id = " + m.id);
        Await.until("the reader has every event", 10_000, () -> reading.seqs().size() == last);
        assertEquals(last, reading.seqs().get(reading.seqs().size() - 1));
      }
    } finally {
      small.close();
    }
  }

  @Test
  void aCommandRepeatedWithTheSameClientIdIsAppliedOnce() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    m.command(chair, cmd("Open"));
    String member = app.login("member05");
    JsonObject raise = cmd("RaiseHand");
    TestApp.Reply first = m.command(member, raise);
    TestApp.Reply second = m.command(member, raise);
    assertEquals(200, first.status(), first.body());
    assertEquals(200, second.status(), second.body());
    assertEquals(first.json().getLong("seq"), second.json().getLong("seq"));
    assertTrue(second.json().getBoolean("duplicate"));
    assertEquals(1, app.count("SELECT count(*) FROM live_event WHERE session_id = " + m.id + " AND type = 'HandRaised'"));
  }

  /** Issue 20.11: the chair could not take a shown comment out of sight. */
  @Test
  void theChairHidesAShownCommentWithAReasonAndItsAuthorIsTold() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, cmd("Open")).status());
    try (BusClient observer = join("public05", m)) {
      listening(m, 1);
      String author = app.login("member02");
      assertEquals(200, m.command(author, cmd("Comment").put("text", "这条评论含有不实信息")).status());
      String commentId = observer.awaitEvent("CommentPosted", 5000).getJsonObject("data").getString("commentId");
      assertEquals(403, m.command(author, cmd("HideComment").put("commentId", commentId).put("reason", "自行隐藏")).status());
      TestApp.Reply noReason = m.command(chair, cmd("HideComment").put("commentId", commentId));
      assertEquals(422, noReason.status(), noReason.body());
      assertEquals(200, m.command(chair, cmd("HideComment").put("commentId", commentId).put("reason", "内容不实")).status());
      JsonObject hidden = observer.awaitEvent("CommentHidden", 5000);
      assertEquals("HIDDEN", hidden.getJsonObject("view").getJsonObject("comment").getString("status"));
      assertNull(hidden.getJsonObject("view").getJsonObject("comment").getString("text"));
      assertEquals(409, m.command(chair, cmd("HideComment").put("commentId", commentId).put("reason", "再次")).status());
      JsonObject snapshot = app.get("/api/live/" + m.id, app.login("public05")).json();
      JsonObject shown = snapshot.getJsonArray("comments").stream().map(o -> (JsonObject) o)
          .filter(c -> commentId.equals(c.getString("id"))).findFirst().orElseThrow();
      assertNull(shown.getString("text"), "hidden in the snapshot too");
      JsonArray notices = app.get("/api/inbox", author).json().getJsonArray("notices");
      JsonObject told = notices.stream().map(o -> (JsonObject) o).filter(n -> "live.comment-hidden".equals(n.getString("kind")))
          .findFirst().orElseThrow(() -> new AssertionError(notices.encode()));
      assertTrue(told.getString("body").contains("内容不实"), told.encode());
      assertEquals(0, app.count("SELECT count(*) FROM live_comment WHERE shown AND session_id = " + m.id));
    }
  }

  /** A client retries whatever it was not sure was applied, also after the server restarted (defect 17.3). */
  @Test
  void aRetryAfterARestartIsNotAppliedAgainForAnyKindOfCommand() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    assertEquals(200, m.command(chair, cmd("Open")).status());
    m.command(chair, cmd("OpenPoll").put("question", "是否赞成？").put("options", new JsonArray().add("赞成").add("反对")));
    String pollId = app.get("/api/live/" + m.id, chair).json().getJsonArray("polls").getJsonObject(0).getString("id");
    String member = app.login("member05");
    JsonObject firstVote = cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(0));
    JsonObject changedVote = cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(1));
    JsonObject raise = cmd("RaiseHand");
    JsonObject comment = cmd("Comment").put("text", "重试不应重复发表");
    for (JsonObject c : List.of(firstVote, changedVote, raise, comment)) {
      assertEquals(200, m.command(member, c).status());
    }
    String events = "SELECT count(*) FROM live_event WHERE session_id = " + m.id;
    long before = app.count(events);

    app.restart();
    member = app.login("member05");
    for (JsonObject c : List.of(firstVote, raise, comment)) {
      TestApp.Reply retry = m.command(member, c);
      assertEquals(200, retry.status(), retry.body());
      assertTrue(retry.json().getBoolean("duplicate", false), c.getString("type") + " retried after the restart: " + retry.body());
    }
    assertEquals(before, app.count(events), "no event was appended again");
    assertEquals(1, app.count("SELECT choices[1] FROM live_vote WHERE session_id = " + m.id
        + " AND account_id = " + app.accountId("member05")), "the ballot stays the later choice");
  }

  @Test
  void unauthorisedSocketsRegistrationsAndCommandsAreRefused() {
    refusals(true);
  }

  @Test
  void theStockBridgeTransportRefusesTheSame() {
    refusals(false);
  }

  BusClient connect(boolean sockJs, String token) {
    return sockJs ? BusClient.connect(app.vertx, app.app.port(), token) : BusClient.connectRaw(app.vertx, app.app.port(), token);
  }

  void refusals(boolean sockJs) {
    Meeting m = Meeting.create(app, 300);
    // no token: the socket is closed at once (or never opened)
    BusClient anonymous = connect(sockJs, null);
    long end = System.currentTimeMillis() + 5000;
    while (!anonymous.closed && System.currentTimeMillis() < end) {
      Thread.onSpinWait();
    }
    assertTrue(anonymous.closed, "a socket without a token is closed");
    try (BusClient outsider = connect(sockJs, app.login("member20"));
         BusClient member = connect(sockJs, app.login("member01"));
         BusClient chairSocket = join("chair", m)) {
      member.register(m.events());
      outsider.register(m.events());
      JsonObject denied = outsider.await(f -> "err".equals(f.getString("type")), 5000);
      assertTrue(List.of("rejected", "access_denied").contains(denied.getString("body")), denied.encode());
      JsonObject sendDenied = outsider.request(m.cmd(), cmd("RaiseHand"));
      assertEquals("err", sendDenied.getString("type"));
      // other addresses are never reachable
      JsonObject other = member.request("live." + m.id + ".out", new JsonObject());
      assertEquals("err", other.getString("type"));
      listening(m, 2);
      // a member cannot act as the chair, even by forging the headers (the bridge replaces them)
      JsonObject forged = member.request(m.cmd(), cmd("Open"));
      assertEquals("err", forged.getString("type"));
      assertEquals(403, forged.getInteger("failureCode"));
      assertEquals("SCHEDULED", app.get("/api/live/" + m.id, app.login("chair")).json().getString("status"));
      // over HTTP too
      assertEquals(403, app.get("/api/live/" + m.id, app.login("member20")).status());
      assertEquals(403, m.command(app.login("member20"), cmd("RaiseHand")).status());
      // bad commands get field errors and change nothing
      TestApp.Reply bad = m.command(app.login("chair"), new JsonObject().put("type", "Extend").put("seconds", "lots"));
      assertEquals(422, bad.status());
      assertEquals("seconds", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
      TestApp.Reply internal = m.command(app.login("chair"), new JsonObject().put("type", "Tick").put("speechId", "s1"));
      assertEquals(422, internal.status());
      assertEquals(0, app.count("SELECT count(*) FROM live_event WHERE session_id = " + m.id));
    }
  }

  @Test
  void afterAServerRestartMidSpeechTheQueueAndTimerResume() {
    Meeting m = Meeting.create(app, 12);
    String chair = app.login("chair");
    m.command(chair, cmd("Open"));
    m.command(chair, cmd("StartItem").put("itemId", m.items.get("委员发言")));
    m.command(app.login("member02"), cmd("RaiseHand"));
    m.command(app.login("member03"), cmd("RaiseHand"));
    m.command(chair, cmd("Grant").put("accountId", app.accountId("member01")));
    JsonObject before = app.get("/api/live/" + m.id, chair).json();
    long deadline = before.getJsonObject("floor").getLong("deadline");

    app.restart();
    chair = app.login("chair");
    JsonObject after = app.get("/api/live/" + m.id, chair).json();
    assertEquals(before.getJsonObject("floor").getString("speechId"), after.getJsonObject("floor").getString("speechId"));
    assertEquals(deadline, after.getJsonObject("floor").getLong("deadline"));
    assertEquals(before.getJsonObject("queue"), after.getJsonObject("queue"));
    assertEquals(before.getLong("seq"), after.getLong("seq"));
    try (BusClient c = join("chair", m)) {
      JsonObject ended = c.awaitEvent("FloorEnded", 20_000);
      assertEquals("TIMEOUT", ended.getJsonObject("data").getString("reason"));
      assertTrue(ended.getLong("at") >= deadline, "the timer kept its deadline across the restart");
      assertTrue(ended.getLong("at") < deadline + 3000, "and fired on time");
    }
  }
}
