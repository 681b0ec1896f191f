package org.xieshang.sortition;

import java.util.Map;

/** A volunteer in the pool: an id (pseudonymous in published files), a value per category, a household key or null. */
public record Respondent(String id, Map<String, String> features, String household) {}
