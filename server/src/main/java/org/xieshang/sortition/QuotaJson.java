package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** Quotas as the API takes them and a draw stores them: {category: {value: {min, max}}}. */
final class QuotaJson {
  private QuotaJson() {}

  static JsonObject toJson(Quotas q) {
    JsonObject out = new JsonObject();
    q.categories().forEach((c, f) -> {
      JsonObject values = new JsonObject();
      f.forEach((v, b) -> values.put(v, new JsonObject().put("min", b.min()).put("max", b.max())));
      out.put(c, values);
    });
    return out;
  }

  /** Throws ClassCastException or NullPointerException when the JSON is not of that shape. */
  static Quotas fromJson(JsonObject json) {
    Map<String, Map<String, Quotas.Bounds>> out = new LinkedHashMap<>();
    json.forEach(c -> {
      Map<String, Quotas.Bounds> values = new LinkedHashMap<>();
      ((JsonObject) c.getValue()).forEach(v -> {
        JsonObject b = (JsonObject) v.getValue();
        values.put(v.getKey(), new Quotas.Bounds(b.getInteger("min"), b.getInteger("max")));
      });
      out.put(c.getKey(), values);
    });
    return new Quotas(out);
  }
}
