package org.xieshang.sortition;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The rules for filling places left open after a draw, without a database. */
class ReplacementTest {
  /** A panel of three: one or two of each gender. */
  static final Quotas PANEL_OF_THREE = new Quotas(Map.of("gender",
      new LinkedHashMap<>(Map.of("female", new Quotas.Bounds(1, 2), "male", new Quotas.Bounds(1, 2)))));

  static Respondent person(String id, String gender) {
    return new Respondent(id, Map.of("gender", gender), null);
  }

  static List<String> ids(List<Respondent> people) {
    return people.stream().map(Respondent::id).toList();
  }

  @Test
  void aReserveWhoWouldBreakAMaximumIsPassedOverForTheNextWhoFits() {
    List<Respondent> seated = List.of(person("m1", "male"), person("m2", "male"));
    List<Respondent> reserve = List.of(person("m3", "male"), person("f1", "female"), person("f2", "female"));
    assertEquals(List.of("f1"), ids(Replacement.reservesFor(seated, 1, reserve, PANEL_OF_THREE)));
  }

  @Test
  void eachReserveChosenCountsForTheNextOpenPlace() {
    // all three places open: m1 and m2 fit in turn; with both seated a third male would be one too
    // many, so the last place goes to f1
    List<Respondent> reserve = List.of(person("m1", "male"), person("m2", "male"), person("m3", "male"),
        person("f1", "female"));
    assertEquals(List.of("m1", "m2", "f1"), ids(Replacement.reservesFor(List.of(), 3, reserve, PANEL_OF_THREE)));
  }

  @Test
  void whenNoReserveFitsNoneIsChosen() {
    List<Respondent> seated = List.of(person("m1", "male"), person("m2", "male"));
    assertEquals(List.of(), Replacement.reservesFor(seated, 1, List.of(person("m3", "male")), PANEL_OF_THREE));
  }

  @Test
  void aFreshDrawMeetsWhatTheQuotasStillNeedAndIsTheSameForTheSameSeed() {
    List<Respondent> candidates = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      candidates.add(person("f" + i, "female"));
      candidates.add(person("m" + i, "male"));
    }
    List<Respondent> seated = List.of(person("s1", "male"), person("s2", "male"));
    List<Respondent> fresh = Replacement.freshDraw(candidates, seated, 1, PANEL_OF_THREE, "ab12", 5, 60);
    assertEquals(1, fresh.size());
    assertEquals("female", fresh.get(0).features().get("gender"), "the panel still needs its woman");
    assertEquals(ids(fresh), ids(Replacement.freshDraw(candidates, seated, 1, PANEL_OF_THREE, "ab12", 5, 60)),
        "reproducible from the committed seed");
  }

  @Test
  void aFreshDrawSeatsNobodyFromTheHouseholdOfSomeoneSeated() {
    List<Respondent> seated = List.of(new Respondent("s1", Map.of("gender", "male"), "h1"), person("s2", "male"));
    List<Respondent> candidates = List.of(new Respondent("f0", Map.of("gender", "female"), "h1"), person("f1", "female"));
    for (int picks = 0; picks < 20; picks++) {
      assertEquals(List.of("f1"), ids(Replacement.freshDraw(candidates, seated, 1, PANEL_OF_THREE, "ab12", picks, 60)),
          "at most one per household, the seated included");
    }
  }
}
