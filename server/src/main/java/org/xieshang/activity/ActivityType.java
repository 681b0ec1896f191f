package org.xieshang.activity;

/** The kinds of consultation activity in RULES.md, with the Chinese names used in the UI. */
public enum ActivityType {
  REMOTE_CONSULTATION("远程协商会"),
  LINKED_CONSULTATION("联动协商"),
  STANDING_COMMITTEE_THEMATIC("专题议政性常委会议"),
  SPECIAL_CONSULTATION("专题协商会"),
  EXPERT_CONSULTATION("专家协商会"),
  SECTOR_CONSULTATION("界别协商会"),
  COUNTERPART_CONSULTATION("对口协商会"),
  PROPOSAL_HANDLING("提案办理协商会"),
  SUPERVISION_MOBILISATION("协商式监督动员会"),
  SUPERVISION_EXCHANGE("协商式监督意见交流会"),
  PLENARY_GROUP("全体会议分组讨论"),
  LEGISLATIVE("立法协商会");

  private final String label;

  ActivityType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
