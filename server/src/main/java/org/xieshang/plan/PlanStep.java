package org.xieshang.plan;

/** The steps of an annual plan (RULES.md Art. 4), in the order they are taken, with their Chinese names. */
public enum PlanStep {
  DRAFT("草拟"),
  CHAIR_COUNCIL_REVIEWED("主席会议审议"),
  CONSULTED("会商"),
  APPROVED("报市委批准");

  private final String label;

  PlanStep(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
