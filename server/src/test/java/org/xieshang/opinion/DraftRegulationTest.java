package org.xieshang.opinion;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.Meeting;
import org.xieshang.support.TestApp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A draft regulation split into articles and paragraphs, commented on paragraph by paragraph (Art. 15). */
class DraftRegulationTest {
  static final String REGULATION = """
      资阳市农村生活污水治理条例（草案）

      第一章　总则
      第一条　为了改善农村人居环境，根据有关法律法规，结合本市实际，制定本条例。
      第二条　本条例适用于本市行政区域内农村生活污水的治理。
      县级人民政府负责本行政区域内农村生活污水治理工作。
      乡镇人民政府做好具体实施工作。
      第二章　设施建设
      第三条　新建农村集中居住区应当同步建设污水处理设施。
      """;

  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  @Test
  void aDraftIsSplitIntoArticlesAndTheirParagraphs() {
    List<DraftRegulationText.Paragraph> ps = DraftRegulationText.split(REGULATION);
    assertEquals(8, ps.size());
    assertNull(ps.get(0).article(), "the title belongs to no article");
    assertEquals("第一条", ps.get(2).label());
    assertEquals("第二条", ps.get(3).label());
    assertEquals("第二条第2款", ps.get(4).label());
    assertEquals("第二条第3款", ps.get(5).label());
    assertNull(ps.get(6).article(), "a chapter heading ends the article before it");
    assertEquals("第三条", ps.get(7).label());
    assertEquals("“第二章　设施建设”", ps.get(6).label());
    assertEquals(List.of(), DraftRegulationText.split("\n \n"));
  }

  @Test
  void participantsCommentOnParagraphsAndTheCommentsAreOpinionsOfTheActivity() {
    Meeting m = Meeting.create(app, 300);
    String staff = app.login("staff");
    String member = app.login("member01");
    TestApp.Reply created = app.post("/api/activities/" + m.id + "/drafts",
        new JsonObject().put("title", "资阳市农村生活污水治理条例（草案）").put("text", REGULATION), staff);
    assertEquals(201, created.status(), created.body());
    JsonObject draft = created.json();
    JsonArray ps = draft.getJsonArray("paragraphs");
    long clause2 = ps.getJsonObject(4).getLong("id");
    assertEquals("第二条第2款", ps.getJsonObject(4).getString("label"));
    assertEquals(403, app.post("/api/activities/" + m.id + "/drafts", new JsonObject().put("title", "草案").put("text", REGULATION),
        member).status(), "only activity staff publish drafts");

    String path = "/api/drafts/" + draft.getLong("id") + "/comments";
    TestApp.Reply comment = app.send("POST", path, "application/json", new JsonObject().put("paragraphId", clause2)
        .put("text", "建议明确县级财政对运行维护经费的保障责任。").encode().getBytes(), member, "c-1");
    assertEquals(201, comment.status(), comment.body());
    assertEquals("DRAFT_COMMENT", comment.json().getString("channel"));
    assertEquals(comment.json().getLong("id"), app.send("POST", path, "application/json", new JsonObject().put("paragraphId", clause2)
        .put("text", "建议明确县级财政对运行维护经费的保障责任。").encode().getBytes(), member, "c-1").json().getLong("id"),
        "a resent comment counts once");
    app.post(path, new JsonObject().put("paragraphId", clause2).put("text", "乡镇缺少专业人员，建议由县里统一运维。"),
        app.login("official-nyj"));
    assertEquals(403, app.post(path, new JsonObject().put("paragraphId", clause2).put("text", "旁听者不能提意见"),
        app.login("public05")).status());
    assertEquals(403, app.post(path, new JsonObject().put("paragraphId", clause2).put("text", "不在名单上的人"),
        app.login("member09")).status());
    assertEquals(422, app.post(path, new JsonObject().put("paragraphId", 99_999_999L).put("text", "不存在的段落"), member).status());
    assertEquals(422, app.post(path, new JsonObject().put("text", "没有说哪一段"), member).status());

    // everyone sees the counts; a member sees their own comments, staff see all with who made them
    JsonObject asMember = app.get("/api/drafts/" + draft.getLong("id"), member).json();
    JsonObject p = asMember.getJsonArray("paragraphs").getJsonObject(4);
    assertEquals(2, p.getInteger("count"));
    assertEquals(1, p.getJsonArray("comments").size());
    assertEquals("建议明确县级财政对运行维护经费的保障责任。", p.getJsonArray("comments").getJsonObject(0).getString("text"));
    JsonObject asStaff = app.get("/api/drafts/" + draft.getLong("id"), staff).json();
    assertEquals(2, asStaff.getJsonArray("paragraphs").getJsonObject(4).getJsonArray("comments").size());
    assertEquals(2, app.get("/api/activities/" + m.id + "/drafts", member).array().getJsonObject(0).getInteger("comments"));

    // the comments are the activity's opinions, each saying which paragraph it is about
    JsonObject store = app.post("/api/opinions/collect", new JsonObject().put("activityId", m.id), staff).json();
    assertEquals(2, store.getJsonObject("counts").getJsonObject("channel").getInteger("DRAFT_COMMENT"));
    assertTrue(store.getJsonArray("units").stream().map(o -> ((JsonObject) o).getString("text"))
        .anyMatch("对《资阳市农村生活污水治理条例（草案）》第二条第2款：建议明确县级财政对运行维护经费的保障责任。"::equals));
  }
}
