package org.xieshang.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two servers on one PostgreSQL that cannot see each other's locks: what a node cut off from the cluster
 * (a network partition) but still reaching the database is to the others. Each believes it may own the
 * session; only the latest owner's writes are accepted (issue 19: fencing by an ownership epoch).
 */
class FencingTest {
  @RegisterExtension
  static final TestApp a = TestApp.perClass();

  static JsonObject cmd(String type) {
    return new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString());
  }

  @Test
  void aCutOffOwnerCannotWriteOnceAnotherNodeHasTakenTheSessionOver() {
    Meeting m = Meeting.create(a, 300);
    try (TestApp b = TestApp.startOn(a.db, Map.of())) {
      String path = "/api/live/" + m.id + "/commands";
      String chairA = a.login("chair");
      assertEquals(200, m.command(chairA, cmd("Open")).status());
      assertEquals(200, m.command(chairA, cmd("OpenPoll").put("question", "是否赞成？")
          .put("options", new JsonArray().add("赞成").add("反对"))).status());
      String pollId = a.get("/api/live/" + m.id, chairA).json().getJsonArray("polls").getJsonObject(0).getString("id");

      // node B, which sees no lock held, takes the session over and closes the poll
      TestApp.Reply closed = b.post(path, cmd("ClosePoll").put("pollId", pollId), b.login("chair"));
      assertEquals(200, closed.status(), closed.body());

      // node A still believes the poll is open: its write is refused, retryably, and nothing is stored
      String member = a.login("member05");
      JsonObject vote = cmd("Vote").put("pollId", pollId).put("choices", new JsonArray().add(0));
      TestApp.Reply stale = m.command(member, vote);
      assertEquals(503, stale.status(), stale.body());
      assertEquals(0, a.count("SELECT count(*) FROM live_vote WHERE session_id = " + m.id));
      // the client's retry reaches an owner rebuilt from the log, which knows the poll is closed
      TestApp.Reply retry = m.command(member, vote);
      assertEquals(409, retry.status(), retry.body());
      assertEquals(0, a.count("SELECT count(*) FROM live_vote WHERE session_id = " + m.id));

      // and B, superseded in turn, refuses too and recovers on the retry: one writer at a time, no gaps
      JsonObject comment = cmd("Comment").put("text", "切换后的评论");
      TestApp.Reply fenced = b.post(path, comment, b.login("chair"));
      assertEquals(503, fenced.status(), fenced.body());
      assertEquals(200, b.post(path, comment, b.login("chair")).status());
      assertEquals(1, a.count("SELECT count(*) FROM live_event WHERE session_id = " + m.id + " AND type = 'CommentPosted'"));
      assertEquals(0, a.count("SELECT max(seq) - count(*) FROM live_event WHERE session_id = " + m.id));
      assertTrue(a.count("SELECT epoch FROM live_owner WHERE session_id = " + m.id) >= 4);
    }
  }
}
