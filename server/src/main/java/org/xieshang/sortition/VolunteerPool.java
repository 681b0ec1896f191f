package org.xieshang.sortition;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A pool volunteers join for one topic (and activity), with who is eligible and the viewpoint question. */
record VolunteerPool(long id, String title, String topic, Long activityId, String viewpointQuestion,
                     List<String> viewpointOptions, List<String> eligibleCounties, List<String> eligibleAgeBands,
                     boolean open) {

  /** Whether answers with these features may be drawn: in an eligible county and age band (none listed: all are). */
  boolean eligible(JsonObject features) {
    return (eligibleCounties.isEmpty() || eligibleCounties.contains(features.getString("county")))
        && (eligibleAgeBands.isEmpty() || eligibleAgeBands.contains(features.getString("ageBand")));
  }

  List<Volunteer> eligible(List<Volunteer> volunteers) {
    return volunteers.stream().filter(v -> eligible(v.features())).toList();
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("topic", topic).put("activityId", activityId)
        .put("viewpointQuestion", viewpointQuestion).put("viewpointOptions", new JsonArray(viewpointOptions))
        .put("eligibleCounties", new JsonArray(eligibleCounties)).put("eligibleAgeBands", new JsonArray(eligibleAgeBands))
        .put("open", open);
  }
}
