package org.xieshang.forum;

import java.time.OffsetDateTime;

/** What a report (or another capability) says an online theme was: its id, title, topic and when it was open. */
public record ThemeOutline(long id, String title, String topic, OffsetDateTime opensAt, OffsetDateTime closesAt) {}
