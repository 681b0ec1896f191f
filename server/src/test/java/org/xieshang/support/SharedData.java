package org.xieshang.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The real data beside the checkout (../shared/data), found from wherever the tests run (a worktree, CI's clone). */
public final class SharedData {
  /** The nearest shared/data/polis above the working directory. */
  public static final Path POLIS = Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null, Path::getParent)
      .map(p -> p.resolve("shared").resolve("data").resolve("polis")).filter(Files::isDirectory).findFirst()
      .orElse(Path.of("..", "..", "shared", "data", "polis"));

  private SharedData() {}
}
