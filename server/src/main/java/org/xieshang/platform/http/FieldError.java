package org.xieshang.platform.http;

import io.vertx.core.json.JsonObject;

/** One field at fault in a request: its name (a JSON field, or "line 7: 手机" for an import) and why. */
public record FieldError(String field, String message) {
  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
