package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A person in a volunteer pool, with the answers the quotas are drawn on. {@link #FEATURES} is the one
 * list of those answers: registration, the offline import and the draws all read it from here. Their
 * name and phone are their account's (identity).
 */
record Volunteer(long id, long accountId, JsonObject features, String household, String source) {
  static final Set<String> FEATURES = Set.of("county", "township", "sector", "gender", "ageBand", "education",
      "occupation", "viewpoint");

  /** The volunteer as the selection algorithms see them: their id as text, every answer as text. */
  Respondent respondent() {
    Map<String, String> f = new LinkedHashMap<>();
    features.forEach(e -> f.put(e.getKey(), String.valueOf(e.getValue())));
    return new Respondent(Long.toString(id), f, household);
  }
}
