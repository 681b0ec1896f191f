package org.xieshang.ledger;

/** How a department answered a suggestion (采纳情况). */
public enum Adoption {
  ADOPTED("已采纳"),
  PARTLY_ADOPTED("部分采纳"),
  IN_PROGRESS("正在办理"),
  NOT_ADOPTED("未采纳");

  private final String label;

  Adoption(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
