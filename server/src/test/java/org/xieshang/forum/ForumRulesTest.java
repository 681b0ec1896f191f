package org.xieshang.forum;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The pure rules of the forum: sensitive words, search terms, which statement comes next. */
class ForumRulesTest {

  @Test
  void sensitiveWordsAreFoundThroughSpacingWidthAndCase() {
    SensitiveWords words = new SensitiveWords(List.of("代开发票", "ABC赌场", "  "));
    assertEquals(2, words.size());
    assertEquals(List.of("代开发票"), words.find("专业 代-开 发　票，欢迎来电"));
    assertEquals(List.of("ABC赌场"), words.find("来ａｂｃ 赌场玩"));
    assertEquals(List.of("ABC赌场", "代开发票"), words.find("代开发票和abc赌场"));
    assertEquals(List.of(), words.find("建议加强发票管理，打击非法代开"));
    assertEquals(List.of(), new SensitiveWords(List.of()).find("任何文字"));
  }

  @Test
  void textsAreIndexedByWordsAndBigramsAndQueriesByWordsInAnyOfTheirForms() {
    List<String> terms = Arrays.asList(SearchText.terms("农村生活污水处理 Service").split(" "));
    assertTrue(terms.containsAll(List.of("农村", "生活", "污水处理", "污水", "处理", "service")), terms.toString());
    assertTrue(terms.containsAll(List.of("村生", "水处")), "bigrams for words the dictionary lacks: " + terms);
    assertEquals("", SearchText.terms("，。！"));
    // a word is found as itself, as the dictionary words it is made of, or as its bigrams
    assertEquals(List.of(List.of("污水处理"), List.of("污水", "处理"), List.of("污水", "水处", "处理")), SearchText.forms("污水处理"));
    assertEquals("('污水处理' | ('污水' & '处理') | ('污水' & '水处' & '处理')) & '设施'", SearchText.query("污水处理的设施"));
    assertEquals("'service'", SearchText.query("Service！"));
    assertEquals("", SearchText.query("，。"));
    assertEquals("('服务中心' | ('服务' & '中心') | ('服务' & '务中' & '中心'))", SearchText.query("服務中心"), "Traditional characters are searched as Simplified");
    assertEquals(List.of("污水处理", "污水", "处理", "水处"), SearchText.highlights("污水处理"));
  }

  @Test
  void newAndDivisiveStatementsComeFirstMostOfTheTime() {
    NextStatement.Candidate fresh = new NextStatement.Candidate(1, 0, 0, 0);
    NextStatement.Candidate split = new NextStatement.Candidate(2, 40, 38, 2);
    NextStatement.Candidate settled = new NextStatement.Candidate(3, 95, 2, 3);
    NextStatement.Candidate skipped = new NextStatement.Candidate(4, 3, 2, 95);
    assertTrue(NextStatement.priority(split) > NextStatement.priority(settled));
    assertTrue(NextStatement.priority(fresh) > NextStatement.priority(settled));
    assertTrue(NextStatement.priority(settled) > NextStatement.priority(skipped));
    SplittableRandom random = new SplittableRandom(7);
    int[] picked = new int[5];
    List<NextStatement.Candidate> all = List.of(fresh, split, settled, skipped);
    for (int i = 0; i < 10_000; i++) {
      picked[(int) NextStatement.pick(all, random).orElseThrow().id()]++;
    }
    assertTrue(picked[1] > picked[3] && picked[2] > picked[3] && picked[3] > picked[4], Arrays.toString(picked));
    assertTrue(picked[3] > 0, "a settled statement is still shown sometimes");
    assertTrue(NextStatement.pick(List.of(), random).isEmpty());
  }
}
