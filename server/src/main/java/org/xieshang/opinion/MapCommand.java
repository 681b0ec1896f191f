package org.xieshang.opinion;

import org.xieshang.platform.csv.SafeCsv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * scripts/opinions map --polis DIR --out OUT: groups.csv (participant,group) and map.json.
 * scripts/opinions compare --polis DIR: our groups against Pol.is's group-id, for DIR or each conversation in it.
 */
public final class MapCommand {
  private MapCommand() {}

  public static void main(String[] args) throws IOException {
    Path polis = null;
    Path out = null;
    boolean compare = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "map" -> { }
        case "compare" -> compare = true;
        case "--polis" -> polis = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("scripts/opinions: unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    if (compare && polis != null) {
      System.exit(compare(polis));
    }
    if (polis == null || out == null) {
      System.err.println("usage: scripts/opinions map --polis DIR --out OUT | compare --polis DIR");
      System.exit(2);
    }
    PolisExport export = PolisExport.read(polis);
    long start = System.nanoTime();
    OpinionMap.Result map = export.map(1);
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.createDirectories(out);
    try (Writer w = Files.newBufferedWriter(out.resolve("groups.csv"), StandardCharsets.UTF_8);
         SafeCsv csv = SafeCsv.open(w, "participant", "group")) {
      for (OpinionMap.Point p : map.points()) {
        csv.printRecord(p.participant(), p.group());
      }
    }
    JsonObject json = toJson(map, export).put("seconds", Math.round(seconds * 1000) / 1000.0);
    Files.writeString(out.resolve("map.json"), json.encodePrettily(), StandardCharsets.UTF_8);
    System.out.println(new JsonObject().put("participants", map.points().size()).put("groups", map.k())
        .put("seconds", json.getDouble("seconds")).encode());
  }

  /** Prints each conversation's comparison and one JSON line; 0 when every one was read. */
  static int compare(Path polis) throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (Files.exists(polis.resolve("participants-votes.csv")) || Files.exists(polis.resolve("votes.csv"))) {
      dirs.add(polis);
    } else {
      try (var list = Files.list(polis)) {
        list.filter(Files::isDirectory).sorted().forEach(dirs::add);
      }
    }
    JsonObject summary = new JsonObject();
    int failed = 0;
    for (Path dir : dirs) {
      try {
        long start = System.nanoTime();
        PolisComparison c = PolisComparison.of(dir, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(c.describe());
        summary.put(c.conversation(), new JsonObject().put("agreement", round(c.agreement()))
            .put("polis_k", c.polisK()).put("our_k", c.ourK()).put("compared", c.compared())
            .put("seconds", Math.round(seconds * 1000) / 1000.0));
      } catch (IOException | IllegalArgumentException e) {
        System.out.println(dir.getFileName() + ": " + e.getMessage());
        summary.put(dir.getFileName().toString(), new JsonObject().put("error", e.getMessage()));
        failed++;
      }
    }
    System.out.println(summary.encode());
    return failed == 0 ? 0 : 1;
  }

  static JsonObject toJson(OpinionMap.Result map, PolisExport export) {
    JsonArray groups = new JsonArray();
    for (OpinionMap.Group g : map.groups()) {
      JsonArray reps = new JsonArray();
      g.representative().forEach(r -> reps.add(statement(r.statement(), export)
          .put("direction", r.direction()).put("inGroup", round(r.inGroup())).put("outside", round(r.outside()))));
      groups.add(new JsonObject().put("id", g.id()).put("size", g.size()).put("representative", reps));
    }
    JsonArray points = new JsonArray();
    map.points().forEach(p -> points.add(new JsonObject().put("participant", p.participant())
        .put("x", round(p.x())).put("y", round(p.y())).put("group", p.group())));
    JsonObject silhouettes = new JsonObject();
    map.silhouettes().forEach((k, s) -> silhouettes.put(Integer.toString(k), round(s)));
    return new JsonObject()
        .put("k", map.k())
        .put("silhouettes", silhouettes)
        .put("groups", groups)
        .put("consensus", new JsonObject()
            .put("majorityAgree", statements(map.majorityAgree(), export))
            .put("majorityDisagree", statements(map.majorityDisagree(), export))
            .put("groupInformed", statements(map.groupInformed(), export)))
        .put("uncertain", statements(map.uncertain(), export))
        .put("points", points);
  }

  private static JsonArray statements(List<String> ids, PolisExport export) {
    JsonArray out = new JsonArray();
    ids.forEach(id -> out.add(statement(id, export)));
    return out;
  }

  private static JsonObject statement(String id, PolisExport export) {
    return new JsonObject().put("statement", id).put("text", export.statements().get(id));
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
