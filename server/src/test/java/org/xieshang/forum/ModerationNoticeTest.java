package org.xieshang.forum;

import org.junit.jupiter.api.Test;
import org.xieshang.inbox.Inbox;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;
import static org.xieshang.forum.PostStatus.*;

/** Which change of a post's or statement's status tells its author what (pure). */
class ModerationNoticeTest {
  private static final Theme THEME = new Theme(7, "农村污水治理", null, 1, Instant.EPOCH, Instant.EPOCH, true, false);

  private static Optional<Inbox.Notice> notice(PostStatus from, PostStatus to) {
    return ModerationNotice.of(THEME, "POST", 42L, "建议加快管网建设", from, to, "含不实信息");
  }

  @Test
  void eachModerationActTellsTheAuthorItsOwnKindOfNotice() {
    assertEquals("forum.hidden", notice(VISIBLE, HIDDEN).orElseThrow().kind());
    assertEquals("forum.hidden", notice(PENDING, HIDDEN).orElseThrow().kind());
    assertTrue(notice(VISIBLE, HIDDEN).orElseThrow().body().endsWith("处理说明：含不实信息"));
    assertEquals("forum.held", notice(VISIBLE, PENDING).orElseThrow().kind());
    assertEquals("forum.approved", notice(PENDING, VISIBLE).orElseThrow().kind());
    assertEquals("forum.restored", notice(HIDDEN, VISIBLE).orElseThrow().kind());
    Inbox.Notice n = notice(PENDING, VISIBLE).orElseThrow();
    assertEquals(42L, n.accountId());
    assertEquals("/themes/7", n.link());
  }

  @Test
  void nothingIsToldWhenNothingChangedForTheAuthorOrThereIsNoOne() {
    assertEquals(Optional.empty(), notice(PENDING, PENDING), "dismissing reports leaves the text as it is");
    assertEquals(Optional.empty(), notice(VISIBLE, WITHDRAWN), "the author withdrew it");
    assertEquals(Optional.empty(), ModerationNotice.of(THEME, "STATEMENT", null, "导入的表述", VISIBLE, HIDDEN, "重复"),
        "an author imported from Pol.is has no account");
  }

  @Test
  void aTextIsHeldWhenFlaggedOrPremoderatedAndStoredByName() {
    assertEquals(PENDING, PostStatus.written(true));
    assertEquals(VISIBLE, PostStatus.written(false));
    for (PostStatus s : PostStatus.values()) {
      assertEquals(s, PostStatus.valueOf(s.name()));
    }
    assertEquals("WITHDRAWN", WITHDRAWN.name(), "the database holds these names (forum_post.status)");
  }
}
