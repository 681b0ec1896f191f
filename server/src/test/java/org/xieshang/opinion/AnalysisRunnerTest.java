package org.xieshang.opinion;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The analyses kept per scope: kept while the opinions' version stands, and a failure answered, not retried. */
class AnalysisRunnerTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aKeptAnalysisIsAnsweredAtOnceAndAFailedOneIsAnsweredAsFailedUntilTheOpinionsChange() throws Exception {
    AnalysisRunner analyses = new AnalysisRunner(vertx);
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
}
