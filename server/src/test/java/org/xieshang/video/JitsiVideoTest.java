package org.xieshang.video;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xieshang.platform.config.AppConfig;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Calls to a failing or hanging Jitsi end within the time limit, and the breaker stops them. */
class JitsiVideoTest {
  static FakeJitsi jitsi;
  static Vertx vertx;

  @BeforeAll
  static void up() throws Exception {
    jitsi = new FakeJitsi();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    jitsi.close();
  }

  static JitsiVideo provider() {
    return new JitsiVideo(vertx, new AppConfig.Video("jitsi", "meet.example.org", "", "xieshang",
        "jitsi-app-secret-0123456789abcdef-xyz", "", "", "jitsi", 10, jitsi.base(), jitsi.base(), "", 300, "view-only", true),
        Clock.systemUTC());
  }

  static Integer size(JitsiVideo video, String room) {
    try {
      return video.roomSize(room).await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void aHangingProsodyIsGivenUpOnInTimeAndThenNotAskedWhileTheBreakerIsOpen() {
    JitsiVideo video = provider();
    jitsi.rooms.put("xs1-main", 3);
    jitsi.mode = FakeJitsi.Mode.OK;
    assertEquals(3, size(video, "xs1-main"));
    jitsi.mode = FakeJitsi.Mode.SLOW;
    long t0 = System.nanoTime();
    assertNull(size(video, "xs1-main"), "unknown, not a wait");
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 3_000, "given up on within the time limit, not the 5 s hang");
    for (int i = 1; i < JitsiVideo.MAX_FAILURES; i++) {
      assertNull(size(video, "xs1-main"));
    }
    assertTrue(video.prosodyCircuitOpen());
    int asked = jitsi.requests.get();
    for (int i = 0; i < 10; i++) {
      assertNull(size(video, "xs1-main"));
    }
    assertEquals(asked, jitsi.requests.get(), "an open breaker does not hammer a dead service");
    jitsi.mode = FakeJitsi.Mode.OK;
  }

  @Test
  void errorsCountAsUnknownNotAsZero() {
    JitsiVideo video = provider();
    jitsi.mode = FakeJitsi.Mode.ERROR;
    assertNull(size(video, "xs1-main"));
    jitsi.mode = FakeJitsi.Mode.OK;
    assertEquals(0, size(video, "xs1-venue999"), "404: nobody has opened the room");
  }
}
