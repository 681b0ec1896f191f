package org.xieshang.opinion;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The one owner of source_ref: every kind reads back as itself, and the SQL form spells the same text. */
class SourceRefTest {
  @Test
  void everyKindReadsBackAsItself() {
    List<SourceRef> refs = List.of(
        new SourceRef.Live(12, SourceRef.LivePart.SPEECH, "s7"), new SourceRef.Live(3, SourceRef.LivePart.COMMENT, "c-1"),
        new SourceRef.Live(3, SourceRef.LivePart.COMMITMENT, "m2"), new SourceRef.Live(9, SourceRef.LivePart.POLL, "p1"),
        new SourceRef.Forum(SourceRef.ForumPart.POST, 41), new SourceRef.Forum(SourceRef.ForumPart.STATEMENT, 5),
        new SourceRef.Written("SUBMISSION", 8, "key:with:colons"), new SourceRef.Written("DRAFT_COMMENT", 8, "k"));
    for (SourceRef r : refs) {
      assertEquals(r, SourceRef.parse(r.text()), r.text());
    }
    assertEquals("live:12:speech:s7", refs.get(0).text());
    assertEquals("forum_statement:5", refs.get(5).text());
    assertThrows(IllegalArgumentException.class, () -> SourceRef.parse("forum_statement:x"));
  }

  @Test
  void theSqlFormSpellsTheSameText() {
    // the SQL expressions, with literals for the columns, evaluated as text the way PostgreSQL concatenates
    String live = SourceRef.liveSql(SourceRef.LivePart.COMMITMENT, "12", "'m2'");
    assertEquals("'live:' || 12 || ':commitment:' || 'm2'", live);
    assertEquals(new SourceRef.Live(12, SourceRef.LivePart.COMMITMENT, "m2").text(),
        live.replace("'", "").replace(" || ", ""));
    assertEquals(new SourceRef.Forum(SourceRef.ForumPart.POST, 41).text(),
        SourceRef.forumSql(SourceRef.ForumPart.POST, "41").replace("'", "").replace(" || ", ""));
  }
}
