package org.xieshang.identity;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of account (docs/roles.md lists what each may do). Labels follow RULES.md. */
public enum Role {
  ADMIN("系统管理员"),
  CHAIR("主席"),
  VICE_CHAIR("副主席"),
  STAFF("委室工作人员"),
  MEMBER("委员"),
  VENUE_HOST("分会场主持人"),
  OFFICIAL("部门负责人"),
  EXPERT("专家"),
  PUBLIC("界别群众代表");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses a code (MEMBER) or its Chinese label (委员). */
  public static Optional<Role> parse(String text) {
    String t = text.strip();
    return Arrays.stream(values())
        .filter(r -> r.name().equalsIgnoreCase(t) || r.label.equals(t))
        .findFirst();
  }
}
