package org.xieshang.activity;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20.10: after closing, staff edit the minutes in versions (who, when), finalise them, and export Word and PDF. */
class MinutesTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  @Test
  void staffEditAndFinaliseTheMinutesAndEveryoneOnTheRosterReadsAndDownloadsThem() {
    Meeting m = Meeting.create(app, 300);
    String chair = app.login("chair");
    for (String type : new String[]{"Open", "CheckIn", "Close"}) {
      TestApp.Reply r = m.command(chair, new JsonObject().put("type", type).put("clientId", UUID.randomUUID().toString()));
      assertEquals(200, r.status(), r.body());
    }
    String staff = app.login("staff");
    String member = app.login("member01");
    String path = "/api/activities/" + m.id + "/minutes";
    JsonObject first = app.get(path, member).json();
    assertEquals(1, first.getInteger("version"));
    assertEquals("DRAFT", first.getString("status"));
    String mainVenue = first.getString("text").lines().filter(l -> l.contains("主会场（主会场）")).findFirst().orElseThrow();
    assertTrue(mainVenue.contains("实到 1 人"), "the chair checked in himself: " + mainVenue);

    assertEquals(403, app.put(path, new JsonObject().put("version", 1).put("text", "改过的纪要"), member).status());
    String edited = first.getString("text") + "\n八、会议决定：\n  请各县区政协于月底前报送整改情况。\n";
    TestApp.Reply saved = app.put(path, new JsonObject().put("version", 1).put("text", edited), staff);
    assertEquals(200, saved.status(), saved.body());
    assertEquals(2, saved.json().getInteger("version"));
    assertEquals(edited.strip(), saved.json().getString("text"), "kept as saved (trimmed)");
    JsonObject v2 = saved.json().getJsonArray("versions").getJsonObject(1);
    assertFalse(v2.getString("by", "").isEmpty(), "who saved it");
    assertTrue(v2.getString("at") != null, "when");

    TestApp.Reply stale = app.put(path, new JsonObject().put("version", 1).put("text", "另一份"), staff);
    assertEquals(409, stale.status(), "an edit over an older version is refused");
    assertEquals("纪要已被他人修改", stale.json().getString("title"));
    assertEquals(422, app.put(path, new JsonObject().put("version", 2).put("text", ""), staff).status(), "empty minutes");

    TestApp.Reply finalised = app.post(path + "/final", new JsonObject().put("version", 2), staff);
    assertEquals(200, finalised.status(), finalised.body());
    assertEquals("FINAL", finalised.json().getString("status"));
    assertEquals(edited.strip().replaceFirst("（草稿）", ""), finalised.json().getString("text"),
        "finalising keeps the text, its title no longer calling it a draft");
    assertEquals(409, app.put(path, new JsonObject().put("version", 3).put("text", "定稿后再改"), staff).status());
    assertEquals(2, app.count("SELECT count(*) FROM audit_log WHERE action IN ('minutes.save', 'minutes.final') AND target_id = '"
        + m.id + "'"), "one audit entry per save and per finalising");

    assertEquals("FINAL", app.get(path, member).json().getString("status"));
    TestApp.Reply docx = app.get(path + ".docx", member);
    assertEquals(200, docx.status());
    assertTrue(docx.header("Content-Type").contains("wordprocessingml"), docx.header("Content-Type"));
    TestApp.Reply pdf = app.get(path + ".pdf", member);
    assertEquals(200, pdf.status());
    assertTrue(pdf.body().startsWith("%PDF"));
    assertEquals(403, app.get(path + ".docx", app.login("member09")).status(), "not on the roster");
  }

  @Test
  void theDocumentHasTheTitleAndNumberedSections() {
    JsonObject m = new JsonObject().put("status", "FINAL")
        .put("text", "测试会 会议纪要（草稿）\n\n一、会议时间：12月1日 至 12月1日\n\n二、出席情况：\n  主会场：应到 2 人，实到 2 人\n");
    assertEquals("测试会 会议纪要", Minutes.title(m), "a final text is not called a draft");
    JsonObject doc = Minutes.document(m);
    assertEquals("一、会议时间", doc.getJsonArray("sections").getJsonObject(0).getString("title"));
    assertEquals("12月1日 至 12月1日", doc.getJsonArray("sections").getJsonObject(0).getJsonArray("paragraphs").getJsonObject(0).getString("text"));
    assertEquals("主会场：应到 2 人，实到 2 人", doc.getJsonArray("sections").getJsonObject(1).getJsonArray("paragraphs").getJsonObject(0).getString("text"));
  }
}
