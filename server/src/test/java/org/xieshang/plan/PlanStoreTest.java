package org.xieshang.plan;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xieshang.support.TestApp;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The plan's SQL against the real PostgreSQL: what is stored is what is read back, and the share is counted from it. */
class PlanStoreTest {
  @RegisterExtension
  static final TestApp app = TestApp.perClass();

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aPlanItsStepsTopicsAndLinkedActivitiesAreStoredAndReadBack() {
    Pool db = app.app.pool();
    long city = app.count("SELECT min(id) FROM organization WHERE level = 'CITY'");
    long staff = app.accountId("staff");
    long chair = app.accountId("chair");
    LocalDate on = LocalDate.of(2026, 1, 10);
    long planId = await(PlanStore.insert(db, city, 2040, "2040年度协商计划", on, staff));

    PlanStore.Plan plan = await(PlanStore.plan(db, planId, false)).orElseThrow();
    assertEquals(PlanStep.DRAFT, plan.status());
    assertEquals(city, plan.organizationId());
    assertEquals(2040, plan.year());
    assertEquals(on, await(PlanStore.lastStepOn(db, planId)));

    await(PlanStore.insertStep(db, planId, PlanStep.CHAIR_COUNCIL_REVIEWED, on.plusDays(5), "主席会议", chair));
    assertEquals(PlanStep.CHAIR_COUNCIL_REVIEWED, await(PlanStore.plan(db, planId, false)).orElseThrow().status());
    JsonArray steps = await(PlanStore.steps(db, planId));
    assertEquals(List.of("DRAFT", "CHAIR_COUNCIL_REVIEWED"), steps.stream().map(s -> ((JsonObject) s).getString("step")).toList());
    assertEquals("2026-01-15", steps.getJsonObject(1).getString("on"));
    assertEquals(chair, steps.getJsonObject(1).getLong("recordedBy"));
    // a step is recorded once (plan_id, step is unique)
    assertThrows(AssertionError.class, () -> await(PlanStore.insertStep(db, planId, PlanStep.CHAIR_COUNCIL_REVIEWED, on, "", chair)));

    long suggestion = await(PlanStore.insertSuggestion(db, planId, SuggestionSource.COMMITTEE, staff, "政协选题", "理由"));
    long committee = app.count("SELECT min(id) FROM committee");
    long month = await(PlanStore.insertTopic(db, planId, new PlanStore.NewTopic("按月的议题", "SECTOR_CONSULTATION", committee,
        chair, null, 9, false, false, List.of(suggestion)), staff));
    long quarter = await(PlanStore.insertTopic(db, planId, new PlanStore.NewTopic("监督议题", "SUPERVISION_EXCHANGE", committee,
        chair, 3, null, true, false, List.of()), staff));
    assertEquals("SHORTLISTED", await(PlanStore.suggestions(db, planId, null)).getJsonObject(0).getString("status"));
    assertEquals(0, await(PlanStore.suggestions(db, planId, chair)).size(), "only the proposer's own when asked so");
    assertEquals(1, await(PlanStore.countSuggestions(db, planId, List.of(suggestion, 999_999L))));

    // an activity not held by a topic yet (the demo meeting holds the demo plan's; an activity holds one)
    long activity = app.count("""
        INSERT INTO activity (type, title, topic, organization_id, scheduled_start, scheduled_end)
        SELECT 'SECTOR_CONSULTATION', '界别协商会', '议题', min(id), now(), now() + interval '2 hours'
          FROM organization WHERE level = 'CITY' RETURNING id""");
    await(PlanStore.linkActivity(db, month, activity));
    await(PlanStore.linkActivity(db, month, activity));
    JsonArray topics = await(PlanStore.topics(db, planId));
    assertEquals(2, topics.size());
    JsonObject first = topics.getJsonObject(0);
    assertEquals(month, first.getLong("id"));
    assertEquals(9, first.getInteger("month"));
    assertNull(first.getValue("quarter"));
    assertEquals(new JsonArray().add(suggestion), first.getJsonArray("suggestions"));
    assertEquals(new JsonArray().add(new JsonObject().put("id", activity).put("title", "界别协商会")),
        first.getJsonArray("activities"), "linking twice links once");
    assertEquals(3, topics.getJsonObject(1).getInteger("quarter"));
    assertEquals(new JsonArray(), topics.getJsonObject(1).getJsonArray("activities"));

    int[] counts = await(PlanStore.supervisionCounts(db, planId));
    assertArrayEquals(new int[] {2, 1}, counts);
    PlanRules.SupervisionShare share = await(new PlanService(db, 0.6, java.time.Clock.systemUTC()).supervisionShare(planId));
    assertEquals(0.5, share.share());
    assertTrue(share.belowMinimum(), "1 of 2 is below 0.6");
    assertEquals(1, app.count("SELECT count(*) FROM plan_topic_activity WHERE topic_id = " + month));
  }

  @Test
  void theDatabaseRefusesATopicWithoutTimingOrWithBoth() {
    Pool db = app.app.pool();
    long city = app.count("SELECT min(id) FROM organization WHERE level = 'CITY'");
    long staff = app.accountId("staff");
    long planId = await(PlanStore.insert(db, city, 2041, "2041年度协商计划", LocalDate.of(2026, 2, 1), staff));
    long committee = app.count("SELECT min(id) FROM committee");
    assertThrows(AssertionError.class, () -> await(PlanStore.insertTopic(db, planId, new PlanStore.NewTopic("无时间", "LEGISLATIVE",
        committee, staff, null, null, false, false, List.of()), staff)));
    assertThrows(AssertionError.class, () -> await(PlanStore.insertTopic(db, planId, new PlanStore.NewTopic("两个时间", "LEGISLATIVE",
        committee, staff, 1, 2, false, false, List.of()), staff)));
    assertEquals(0, await(PlanStore.topics(db, planId)).size());
    assertEquals(1, await(PlanStore.list(db, 2041)).size());
    assertEquals(0, await(PlanStore.list(db, 2042)).size(), "only the year asked for");
  }
}
