package org.xieshang.fault;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What each fault test measured, printed and appended to target/fault-figures.jsonl (docs/reliability.md quotes them). */
final class Figures {
  private Figures() {}

  static void record(String fault, JsonObject figures) {
    JsonObject line = new JsonObject().put("fault", fault).mergeIn(figures);
    System.out.println("FAULT " + line.encode());
    try {
      Files.writeString(Path.of("target", "fault-figures.jsonl"), line.encode() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the figures are also on stdout
    }
  }
}
