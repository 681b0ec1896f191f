package org.xieshang.plan;

/** Where a topic suggestion (选题建议) comes from (RULES.md Art. 4 and 20). */
public enum SuggestionSource {
  PARTY_GOVERNMENT("党政交题"),
  MEMBER("委员荐题"),
  PUBLIC_CALL("各方征题"),
  COMMITTEE("政协选题");

  private final String label;

  SuggestionSource(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
