package org.xieshang.sortition;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** NASH and DIVERSIMAX on small pools whose answer is known or can be checked by enumeration. */
class NashDiversimaxTest {
  @Test
  void nashGivesEveryoneTheSameChanceWhereTheQuotasAllowIt() {
    // equal chances are the product's maximum for a fixed sum (k), and LEXIMIN shows they are reachable
    Quotas q = SelectionTest.quotas(9, 20);
    Distribution d = Nash.nash(Pool.of(SelectionTest.skewed(), q), q, 20);
    d.byRespondent().forEach((id, p) -> assertEquals(0.10, p, 1e-3, id));
    assertEquals("nash", d.algorithm());
    assertTrue(d.certificate().certified(), d.certificate().toString());
  }

  /** A tiny pool with a household, where every panel can be listed: NASH is checked against all of them. */
  @Test
  void nashIsOptimalAgainstEveryPanelOfATinyPool() {
    List<Respondent> people = new ArrayList<>();
    String[][] f = {{"f", "old"}, {"f", "old"}, {"f", "young"}, {"m", "old"}, {"m", "young"}, {"m", "young"},
        {"m", "young"}, {"f", "young"}};
    for (int i = 0; i < f.length; i++) {
      people.add(new Respondent("p" + i, Map.of("gender", f[i][0], "age", f[i][1]), i == 3 || i == 4 ? "h" : null));
    }
    Map<String, Map<String, Quotas.Bounds>> c = new LinkedHashMap<>();
    c.put("gender", Map.of("f", new Quotas.Bounds(1, 2), "m", new Quotas.Bounds(1, 2)));
    c.put("age", Map.of("old", new Quotas.Bounds(1, 1), "young", new Quotas.Bounds(2, 2)));
    Quotas q = new Quotas(c);
    Pool pool = Pool.of(people, q);
    Distribution d = Nash.nash(pool, q, 3);
    PoolFamily.Instance in = new PoolFamily.Instance("tiny", people, q, 3);
    assertEquals(List.of(), SelectionCheck.problems(in, d, false));
    Map<String, Double> p = d.byRespondent();
    // every panel of 3 that meets the quotas and the household rule, by enumeration
    List<List<Respondent>> panels = new ArrayList<>();
    for (int mask = 0; mask < 1 << people.size(); mask++) {
      if (Integer.bitCount(mask) != 3) {
        continue;
      }
      List<Respondent> panel = new ArrayList<>();
      for (int i = 0; i < people.size(); i++) {
        if ((mask & 1 << i) != 0) {
          panel.add(people.get(i));
        }
      }
      long women = panel.stream().filter(r -> r.features().get("gender").equals("f")).count();
      long old = panel.stream().filter(r -> r.features().get("age").equals("old")).count();
      long household = panel.stream().filter(r -> "h".equals(r.household())).count();
      if (women >= 1 && women <= 2 && old == 1 && household <= 1) {
        panels.add(panel);
      }
    }
    assertFalse(panels.isEmpty());
    // optimality of the concave program: no panel improves the sum of logs to first order,
    // Σ_{i in panel} 1/p_i ≤ N (up to the tolerance), with N the respondents who can be chosen at all
    double counted = p.values().stream().filter(v -> v > 1e-9).count();
    for (List<Respondent> panel : panels) {
      double g = panel.stream().mapToDouble(r -> p.get(r.id()) > 1e-9 ? 1 / p.get(r.id()) : 0).sum();
      assertTrue(g <= counted * (1 + 2 * Nash.GAP), "panel " + panel + " would raise the product: " + g + " > " + counted);
    }
    // and a panel mix chosen by hand is no better
    assertTrue(Nash.objective(d) >= Nash.objective(Leximin.leximin(pool, q, 3)) - 1e-9);
  }

  @Test
  void nashIsAtLeastLeximinAndMaximinAndEveryAnswerIsRight() {
    Random random = new Random(5);
    int checked = 0;
    while (checked < 4) {
      PoolFamily.Instance in = StressHarness.generate(random, StressHarness.Family.SMALL);
      if (!SelectionCheck.feasible(in)) {
        continue;
      }
      Pool pool = Pool.of(in.respondents(), in.quotas());
      Distribution nash = Nash.nash(pool, in.quotas(), in.panelSize());
      assertEquals(List.of(), SelectionCheck.problems(in, nash, false));
      for (double v : nash.probabilities()) {
        assertTrue(v >= 0, "a probability below zero: " + v);
      }
      nash.byRespondent().values().forEach(v -> assertTrue(v >= 0));
      assertTrue(nash.certificate().certified(), nash.certificate().toString());
      Distribution maximin = Leximin.maximin(pool, in.quotas(), in.panelSize());
      Distribution leximin = Leximin.leximin(pool, in.quotas(), in.panelSize());
      double objective = SelectionCheck.sumOfLogs(nash, nash);
      double theirs = SelectionCheck.sumOfLogs(maximin, nash);
      assertTrue(objective >= theirs - 1e-9, objective + " < MAXIMIN's " + theirs);
      theirs = SelectionCheck.sumOfLogs(leximin, nash);
      assertTrue(objective >= theirs - 1e-9, objective + " < LEXIMIN's " + theirs);
      checked++;
    }
  }

  @Test
  void diversimaxFindsTheProportionalPanelWhereOneExists() {
    // 10 of each gender × leaning, panel 8, loose quotas: 2 in each cell deviates by 0, while
    // 4 female liberals and 4 male conservatives also meet the quotas and deviate by 8
    List<Respondent> people = new ArrayList<>();
    for (String g : new String[]{"female", "male"}) {
      for (String l : new String[]{"liberal", "conservative"}) {
        for (int i = 0; i < 10; i++) {
          people.add(new Respondent(g + l + i, Map.of("gender", g, "leaning", l), null));
        }
      }
    }
    Quotas q = SelectionTest.quotas(0, 8);
    Pool pool = Pool.of(people, q);
    Distribution d = Diversimax.diversimax(pool, q, 8);
    assertEquals(1, d.panels().size());
    assertEquals(1.0, d.probabilities()[0]);
    assertEquals("diversimax", d.algorithm());
    assertEquals(0, Diversimax.deviation(pool, 8, d.panels().get(0)), 1e-9);
    for (int count : d.panels().get(0)) {
      assertEquals(2, count);
    }
    int[] lopsided = new int[pool.types().size()];
    for (Pool.Type t : pool.types()) {
      boolean matched = t.features().get("gender").equals("female") == t.features().get("leaning").equals("liberal");
      lopsided[t.index()] = matched ? 4 : 0;
    }
    assertEquals(8, Diversimax.deviation(pool, 8, lopsided), 1e-9);
  }

  @Test
  void diversimaxMeetsTheRulesAndBeatsRandomQuotaMeetingPanels() {
    Random random = new Random(11);
    int checked = 0;
    while (checked < 3) {
      PoolFamily.Instance in = StressHarness.generate(random, StressHarness.Family.SMALL);
      if (!SelectionCheck.feasible(in) || in.quotas().categories().size() < 2) {
        continue;
      }
      Pool pool = Pool.of(in.respondents(), in.quotas());
      Distribution d = Diversimax.diversimax(pool, in.quotas(), in.panelSize());
      assertEquals(List.of(), SelectionCheck.problems(in, d, false));
      assertEquals(1, d.panels().size());
      assertTrue(d.certificate().certified(), d.certificate().toString());
      double best = Diversimax.deviation(pool, in.panelSize(), d.panels().get(0));
      Map<String, Integer> typeOf = new HashMap<>();
      pool.types().forEach(t -> t.members().forEach(r -> typeOf.put(r.id(), t.index())));
      try {
        for (int i = 0; i < 5; i++) {
          int[] counts = new int[pool.types().size()];
          Legacy.draw(in.respondents(), in.quotas(), in.panelSize(), random).forEach(r -> counts[typeOf.get(r.id())]++);
          assertTrue(best <= Diversimax.deviation(pool, in.panelSize(), counts) + 1e-6);
        }
      } catch (SelectionError e) {
        continue; // the greedy draw could not meet these quotas: no random panel to compare with
      }
      checked++;
    }
  }
}
