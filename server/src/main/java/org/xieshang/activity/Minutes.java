package org.xieshang.activity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.identity.Caller;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.report.ChineseFont;
import org.xieshang.report.ReportExport;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A meeting's minutes (纪要) after it closed: live writes the first draft; staff edit it in versions (who,
 * when) and finalise it (定稿), after which it no longer changes; Word and PDF in the office's format.
 */
public final class Minutes {
  static final int MAX_CHARS = 100_000;
  private final Vertx vertx;
  private final Pool pool;
  private final ActivityService activities;
  private final Optional<ChineseFont> font;

  public Minutes(Vertx vertx, Pool pool, ActivityService activities, Optional<ChineseFont> font) {
    this.vertx = vertx;
    this.pool = pool;
    this.activities = activities;
    this.font = font;
  }

  /** The minutes as they stand (the last version), with every version's number, state, who and when. */
  public Future<JsonObject> read(Caller caller, long id) {
    return activities.readable(caller, id).compose(a -> current(id));
  }

  private Future<JsonObject> current(long id) {
    return ActivityStore.minutes(pool, id)
        .compose(m -> m.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.notFound("纪要（会议结束后生成）"))))
        .compose(m -> ActivityStore.minutesVersions(pool, id).map(rows -> withVersions(m, rows)));
  }

  static JsonObject withVersions(JsonObject m, List<Row> rows) {
    JsonArray versions = new JsonArray().add(new JsonObject().put("version", 1).put("status", "DRAFT")
        .put("by", null).put("at", m.getString("createdAt")));
    String text = m.getString("text");
    String status = "DRAFT";
    for (Row r : rows) {
      versions.add(new JsonObject().put("version", r.getInteger("version")).put("status", r.getString("status"))
          .put("by", r.getString("edited_by")).put("at", r.getOffsetDateTime("edited_at").toInstant().toString()));
      text = r.getString("text");
      status = r.getString("status");
    }
    return m.put("text", text).put("status", status).put("version", versions.size()).put("versions", versions);
  }

  /** A new version over the one the editor started from (else 409), only while not final. */
  public Future<JsonObject> save(Caller caller, long id, int baseVersion, String text, AuditLog.By by) {
    return append(caller, id, baseVersion, text, "DRAFT", "minutes.save", by);
  }

  /** The version the editor read becomes final (定稿): a last version, the same text, FINAL. */
  public Future<JsonObject> finalise(Caller caller, long id, int baseVersion, AuditLog.By by) {
    return append(caller, id, baseVersion, null, "FINAL", "minutes.final", by);
  }

  private Future<JsonObject> append(Caller caller, long id, int baseVersion, String text, String status, String action,
                                    AuditLog.By by) {
    return current(id).compose(m -> {
      if ("FINAL".equals(m.getString("status"))) {
        return Future.failedFuture(DomainError.conflict("minutes-final", "纪要已定稿", "version", "定稿后不能再修改"));
      }
      if (m.getInteger("version") != baseVersion) {
        return Future.failedFuture(DomainError.conflict("minutes-changed", "纪要已被他人修改", "version",
            "您编辑的是第 " + baseVersion + " 版，现在是第 " + m.getInteger("version") + " 版，请刷新后再改"));
      }
      // finalising keeps the text, no longer called a draft in its title line
      String kept = text != null ? text : m.getString("text").replaceFirst("（草稿）", "");
      int version = baseVersion + 1;
      return pool.withTransaction(tx -> ActivityStore.insertMinutesVersion(tx, id, version, status, kept, caller.accountId())
              .compose(x -> AuditLog.record(tx, by, action, "activity", id, new JsonObject().put("version", version))))
          .recover(e -> Future.failedFuture(e.getMessage() != null && e.getMessage().contains("minutes_version_pkey")
              ? DomainError.conflict("minutes-changed", "纪要已被他人修改", "version", "请刷新后再改") : e))
          .compose(x -> current(id));
    });
  }

  public Future<byte[]> docx(Caller caller, long id) {
    return read(caller, id).compose(m -> vertx.executeBlocking(() -> ReportExport.docx(title(m), document(m), List.of()), false));
  }

  /** PDF needs the Chinese font embedded: without one, 503 naming what to install. */
  public Future<byte[]> pdf(Caller caller, long id) {
    return ChineseFont.forPdf(font).compose(f -> read(caller, id).compose(m -> vertx.executeBlocking(() ->
        ReportExport.pdf(title(m), document(m), List.of(), f), false)));
  }

  /** The title line as written, 草稿 said only while it is one. */
  static String title(JsonObject m) {
    String first = m.getString("text").strip().lines().findFirst().orElse("会议纪要");
    return "FINAL".equals(m.getString("status")) ? first.replace("（草稿）", "") : first;
  }

  /**
   * The text as the office's document: a line 一、… (or 二、… and so on) starts a section, the lines under it are
   * its paragraphs; the title line is the document's title.
   */
  static JsonObject document(JsonObject m) {
    JsonArray sections = new JsonArray();
    JsonObject section = null;
    List<String> lines = m.getString("text").strip().lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        section = new JsonObject().put("key", "s" + sections.size()).put("title", heading.group(1))
            .put("paragraphs", new JsonArray());
        sections.add(section);
        if (!heading.group(2).isBlank()) {
          section.getJsonArray("paragraphs").add(new JsonObject().put("text", heading.group(2).strip()).put("sources", new JsonArray()));
        }
      } else {
        if (section == null) {
          section = new JsonObject().put("key", "s0").put("title", "").put("paragraphs", new JsonArray());
          sections.add(section);
        }
        section.getJsonArray("paragraphs").add(new JsonObject().put("text", line).put("sources", new JsonArray()));
      }
    }
    return new JsonObject().put("sections", sections);
  }

  private static final Pattern HEADING = Pattern.compile(
      "^([一二三四五六七八九十]+、[^：:]{1,30})[：:]?(.*)$");
}
