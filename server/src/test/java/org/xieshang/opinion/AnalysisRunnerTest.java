package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xieshang.support.TestDatabase;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The analyses kept per scope: kept while the opinions' version stands, a failure answered, not retried,
 * and one run for all nodes (issue 19): runners sharing the cluster's locks and map (here one Vert.x's)
 * and the database run an analysis once, and a node started later reads it kept.
 */
class AnalysisRunnerTest {
  static Vertx vertx;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(TestDatabase.fresh().connectOptions()).using(vertx).build();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aKeptAnalysisIsAnsweredAtOnceAndAFailedOneIsAnsweredAsFailedUntilTheOpinionsChange() throws Exception {
    AnalysisRunner analyses = new AnalysisRunner(vertx, pool);
    OpinionScope scope = new OpinionScope(null, 7L);
    List<JsonObject> good = OpinionAnalysisTest.units(new String[][]{{"停车", "小区停车难"}, {"供水", "农村饮水要保障"}});
    AnalysisRunner.Result first = analyses.analyse(scope, "2:a", good).await(60, TimeUnit.SECONDS);
    Future<AnalysisRunner.Result> again = analyses.analyse(scope, "2:a", good);
    assertTrue(again.succeeded(), "kept: answered without running again");
    assertSame(first, again.result());

    List<JsonObject> broken = List.of(new JsonObject().put("id", 1L).put("channel", "POST")); // no text
    Future<AnalysisRunner.Result> failed = analyses.analyse(scope, "1:b", broken);
    assertThrows(Exception.class, () -> failed.await(60, TimeUnit.SECONDS));
    Future<AnalysisRunner.Result> asked = analyses.analyse(scope, "1:b", broken);
    assertTrue(asked.failed(), "the same opinions again: the failure at once, not a new run");
    assertNull(analyses.progress(scope));

    AnalysisRunner.Result changed = analyses.analyse(scope, "2:c", good).await(60, TimeUnit.SECONDS);
    assertNotSame(first, changed, "other opinions: analysed again");
  }

  @Test
  void twoNodesAskedForTheSameOpinionsRunOneAnalysisAndANodeStartedLaterReadsItKept() throws Exception {
    AnalysisRunner one = new AnalysisRunner(vertx, pool);
    AnalysisRunner other = new AnalysisRunner(vertx, pool);
    OpinionScope scope = new OpinionScope(42L, null);
    List<JsonObject> units = OpinionAnalysisTest.units(new String[][]{{"停车", "老旧小区停车难"}, {"停车", "小区停车位不足"},
        {"供水", "农村饮水要保障"}, {"供水", "城乡供水一体化"}});
    Future<AnalysisRunner.Result> a = one.analyse(scope, "4:x", units);
    Future<AnalysisRunner.Result> b = other.analyse(scope, "4:x", units);
    AnalysisRunner.Result ra = a.await(60, TimeUnit.SECONDS);
    AnalysisRunner.Result rb = b.await(60, TimeUnit.SECONDS);
    assertEquals(ra.at(), rb.at(), "one run: both answer the analysis made at the same moment");
    assertEquals(ra.analysis().getInteger("total"), rb.analysis().getInteger("total"));

    AnalysisRunner later = new AnalysisRunner(vertx, pool);
    AnalysisRunner.Result kept = later.kept(scope, "4:x").await(10, TimeUnit.SECONDS);
    assertNotNull(kept, "kept in the database for a node that did not run it");
    assertEquals(ra.at(), kept.at());
    assertEquals(ra.analysis(), kept.analysis());
    assertNull(later.kept(scope, "5:y").await(10, TimeUnit.SECONDS), "other opinions: not kept");
  }
}
