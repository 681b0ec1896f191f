package org.xieshang.activity;

import io.vertx.core.json.JsonArray;

import java.time.OffsetDateTime;

/**
 * What an activity's report says it was: title, topic, start, venues ({name, people}, the main venue
 * first) and agenda items ({id, title}).
 */
public record ActivityOutline(String title, String topic, OffsetDateTime start, JsonArray venues, JsonArray items) {}
