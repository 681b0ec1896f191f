package org.xieshang.plan;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.xieshang.identity.Caller;
import org.xieshang.identity.Permission;
import org.xieshang.identity.Role;
import org.xieshang.platform.audit.AuditLog;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.time.ChinaTime;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annual consultation plan (年度协商计划, RULES.md Art. 4). Staff create a body's plan for a year, enter
 * suggestions from every source and shortlist topics while it is a draft; members suggest topics of their
 * own (委员荐题); the steps follow one another, each with its date and note: the chair council records its
 * review, staff the settlement with the party and government offices (会商) and the approval (报市委批准).
 * Everybody signed in reads an approved plan; before that only those who make it (and a member their own
 * suggestions, once approved).
 */
public final class PlanService {
  private final Pool pool;
  private final double supervisionShareMin;
  private final Clock clock;

  public PlanService(Pool pool, double supervisionShareMin, Clock clock) {
    if (!PlanRules.validMinimum(supervisionShareMin)) {
      throw new IllegalArgumentException("plan.supervision-share-min " + supervisionShareMin);
    }
    this.pool = pool;
    this.supervisionShareMin = supervisionShareMin;
    this.clock = clock;
  }

  /** Creates the plan of a body (the caller's when none is given) for a year, as a draft recorded today. */
  public Future<Long> create(Caller caller, Long organizationId, int year, String title, AuditLog.By by) {
    Long org = organizationId != null ? organizationId : caller.organizationId();
    if (org == null) {
      return Future.failedFuture(DomainError.invalid("organizationId", "请选择计划所属的政协组织"));
    }
    return pool.withTransaction(tx -> PlanStore.insert(tx, org, year, title, today(), caller.accountId())
            .compose(id -> AuditLog.record(tx, by, "plan.create", "plan", id,
                new JsonObject().put("organizationId", org).put("year", year)).map(id)))
        .recover(e -> Future.failedFuture(translate(e, Map.of(
            "plan_organization_id_fkey", DomainError.invalid("organizationId", "政协组织不存在"),
            "plan_organization_id_year_key", DomainError.conflict("plan-exists", "该组织本年度已有协商计划", "year",
                "每个政协组织每年只有一份年度协商计划")))));
  }

  public Future<JsonArray> list(Caller caller, Integer year) {
    boolean maker = caller.can(Permission.PLAN_MANAGE);
    boolean member = caller.has(Role.MEMBER);
    return PlanStore.list(pool, year)
        .map(plans -> new JsonArray(plans.stream().filter(p -> maker || PlanRules.visibleTo(p.status(), member))
            .map(PlanStore.Plan::toJson).toList()));
  }

  /**
   * One plan with its steps, topics, suggestions and supervision share; to a member while it is a draft
   * only the plan and their own suggestions; 404 to anyone else before it is approved.
   */
  public Future<JsonObject> plan(Caller caller, long id) {
    boolean maker = caller.can(Permission.PLAN_MANAGE);
    return PlanStore.plan(pool, id, false).compose(found -> {
      if (found.isEmpty() || (!maker && !PlanRules.visibleTo(found.get().status(), caller.has(Role.MEMBER)))) {
        return Future.failedFuture(DomainError.notFound("年度协商计划"));
      }
      PlanStore.Plan p = found.get();
      JsonObject out = p.toJson()
          .put("maySuggest", PlanRules.editable(p.status()) && (maker || caller.has(Role.MEMBER)));
      if (!maker && !PlanRules.visibleToAll(p.status())) {
        return PlanStore.suggestions(pool, id, caller.accountId()).map(mine -> out.put("suggestions", mine));
      }
      Optional<PlanStep> next = PlanRules.next(p.status());
      return PlanStore.steps(pool, id).map(steps -> out.put("steps", steps))
          .compose(x -> PlanStore.topics(pool, id)).map(topics -> out.put("topics", topics))
          .compose(x -> PlanStore.suggestions(pool, id, maker ? null : caller.accountId()))
          .map(suggestions -> out.put("suggestions", suggestions).put("groups", maker ? groups(suggestions) : new JsonArray()))
          .compose(x -> supervisionShare(pool, id)).map(share -> out.put("supervisionShare", json(share)))
          .map(x -> out.put("next", next.map(Enum::name).orElse(null))
              .put("mayRecordNext", next.filter(s -> caller.can(permissionFor(s))).isPresent())
              .put("mayManage", maker))
          .compose(x -> maker ? PlanStore.choices(pool, p.organizationId()) : Future.succeededFuture(null))
          .map(choices -> choices == null ? out : out.put("choices", choices));
    });
  }

  /** The groups of near-duplicate suggestions (ids), for the staff who shortlist them. */
  private static JsonArray groups(JsonArray suggestions) {
    List<Long> ids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < suggestions.size(); i++) {
      ids.add(suggestions.getJsonObject(i).getLong("id"));
      titles.add(suggestions.getJsonObject(i).getString("title"));
    }
    JsonArray out = new JsonArray();
    PlanRules.similarGroups(ids, titles).forEach(g -> out.add(new JsonArray(g)));
    return out;
  }

  /** Who records a step: the chair council its review, staff the others. */
  static Permission permissionFor(PlanStep step) {
    return step == PlanStep.CHAIR_COUNCIL_REVIEWED ? Permission.PLAN_REVIEW : Permission.PLAN_MANAGE;
  }

  /** The share of democratic-supervision topics, counted from the stored topics, against the configured minimum. */
  public Future<PlanRules.SupervisionShare> supervisionShare(long planId) {
    return supervisionShare(pool, planId);
  }

  private Future<PlanRules.SupervisionShare> supervisionShare(SqlClient db, long planId) {
    return PlanStore.supervisionCounts(db, planId)
        .map(n -> new PlanRules.SupervisionShare(n[0], n[1], supervisionShareMin));
  }

  /**
   * Records the plan's next step. Only the next step may be recorded (409 naming {@code step}), on a date not
   * before the last one (422 naming {@code on}); the chair council's review only by its members.
   */
  public Future<Void> recordStep(Caller caller, long planId, PlanStep step, LocalDate on, String note, AuditLog.By by) {
    if (!caller.can(permissionFor(step))) {
      return Future.failedFuture(DomainError.forbidden(permissionFor(step).refusal()));
    }
    if (on.isAfter(today())) {
      return Future.failedFuture(DomainError.invalid("on", "日期不能晚于今天"));
    }
    return pool.withTransaction(tx -> existing(tx, planId, true).compose(p -> {
      if (!PlanRules.mayFollow(p.status(), step)) {
        String expected = PlanRules.next(p.status()).map(s -> "下一步应为“" + s.label() + "”").orElse("计划已批准，没有下一步");
        return Future.failedFuture(DomainError.conflict("plan-step-order", "计划步骤顺序不对", "step",
            "计划当前为“" + p.status().label() + "”，" + expected));
      }
      return PlanStore.lastStepOn(tx, planId).compose(last -> last != null && on.isBefore(last)
          ? Future.failedFuture(DomainError.invalid("on", "日期不能早于上一步骤（" + last + "）"))
          : PlanStore.insertStep(tx, planId, step, on, note == null ? "" : note, caller.accountId())
              .compose(x -> AuditLog.record(tx, by, "plan.step", "plan", planId,
                  new JsonObject().put("step", step.name()).put("on", on.toString()))));
    }));
  }

  /**
   * A topic suggestion. Staff enter any source (党政交题, 各方征题 and 政协选题 come to them); a member
   * suggests only as a member (委员荐题). Only while the plan is a draft.
   */
  public Future<Long> suggest(Caller caller, long planId, SuggestionSource source, String title, String reasons,
                              AuditLog.By by) {
    boolean maker = caller.can(Permission.PLAN_MANAGE);
    if (!maker && !(source == SuggestionSource.MEMBER && caller.has(Role.MEMBER))) {
      return Future.failedFuture(DomainError.forbidden(caller.has(Role.MEMBER)
          ? "委员只能提交委员荐题；其他来源的选题建议由委室工作人员录入。"
          : "只有委员可以提交委员荐题，其他选题建议由委室工作人员录入。"));
    }
    return pool.withTransaction(tx -> existing(tx, planId, true)
        .compose(this::draft)
        .compose(p -> PlanStore.insertSuggestion(tx, planId, source, caller.accountId(), title, reasons))
        .compose(id -> AuditLog.record(tx, by, "plan.suggest", "plan_suggestion", id,
            new JsonObject().put("planId", planId).put("source", source.name())).map(id)));
  }

  /**
   * A topic shortlisted into the draft plan (staff), from suggestions of this plan; its committee is one of
   * the plan's body, its leader a member of that body's chair council (主席 or 副主席), 422 naming the field.
   */
  public Future<Long> addTopic(Caller caller, long planId, PlanStore.NewTopic topic, AuditLog.By by) {
    return pool.withTransaction(tx -> existing(tx, planId, true)
        .compose(this::draft)
        .compose(p -> PlanStore.committeeOrganization(tx, topic.committeeId())
            .compose(org -> org.isEmpty() ? Future.failedFuture(DomainError.invalid("committeeId", "专门委员会不存在"))
                : org.get() != p.organizationId()
                    ? Future.failedFuture(DomainError.invalid("committeeId", "牵头的专门委员会不属于本计划所属的政协组织"))
                    : PlanStore.chairCouncilMember(tx, topic.leaderId(), p.organizationId())))
        .compose(chairCouncil -> chairCouncil ? Future.succeededFuture()
            : Future.failedFuture(DomainError.invalid("leaderId", "牵头领导须为本级政协主席会议成员（主席或副主席）")))
        .compose(x -> topic.suggestions().isEmpty() ? Future.succeededFuture(0)
            : PlanStore.countSuggestions(tx, planId, topic.suggestions()))
        .compose(n -> n != topic.suggestions().size()
            ? Future.failedFuture(DomainError.invalid("suggestions", "只能引用本计划的选题建议"))
            : PlanStore.insertTopic(tx, planId, topic, caller.accountId()))
        .compose(id -> AuditLog.record(tx, by, "plan.topic", "plan_topic", id,
            new JsonObject().put("planId", planId).put("supervision", topic.supervision())).map(id)))
        .recover(e -> Future.failedFuture(translate(e, Map.of(
            "plan_topic_committee_id_fkey", DomainError.invalid("committeeId", "专门委员会不存在"),
            "plan_topic_leader_id_fkey", DomainError.invalid("leaderId", "牵头的主席会议成员不存在")))));
  }

  /**
   * Links a topic to an activity or an online theme that holds it (staff, at any step: topics are held
   * through the year). The activity or theme must exist (422 naming {@code activityId} / {@code themeId})
   * and belong to the plan's CPPCC body; each is held by one topic (409 {@code plan-topic-held}).
   */
  public Future<Void> link(long planId, long topicId, PlanStore.Held kind, long heldId, AuditLog.By by) {
    String field = kind == PlanStore.Held.ACTIVITY ? "activityId" : "themeId";
    String what = kind == PlanStore.Held.ACTIVITY ? "协商活动" : "网络议政主题";
    return pool.withTransaction(tx -> existing(tx, planId, true)
        .compose(p -> PlanStore.topicOf(tx, planId, topicId)
            .compose(found -> found ? Future.succeededFuture(p) : Future.failedFuture(DomainError.notFound("计划议题"))))
        .compose(p -> PlanStore.organizationOf(tx, kind, heldId)
            .compose(org -> org.isEmpty() ? Future.failedFuture(DomainError.invalid(field, what + "不存在"))
                : org.get() != p.organizationId()
                    ? Future.failedFuture(DomainError.invalid(field, what + "不属于本计划所属的政协组织"))
                    : PlanStore.heldBy(tx, kind, heldId)))
        .compose(held -> held.isPresent() && held.get() != topicId
            ? Future.failedFuture(DomainError.conflict("plan-topic-held", what + "已关联其他议题", field,
                "每个" + what + "只关联年度协商计划中的一个议题"))
            : PlanStore.link(tx, kind, topicId, heldId))
        .compose(x -> AuditLog.record(tx, by, "plan.link", "plan_topic", topicId,
            new JsonObject().put("planId", planId).put(field, heldId))));
  }

  private Future<PlanStore.Plan> existing(SqlClient db, long planId, boolean forUpdate) {
    return PlanStore.plan(db, planId, forUpdate).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
        : Future.failedFuture(DomainError.notFound("年度协商计划")));
  }

  private Future<PlanStore.Plan> draft(PlanStore.Plan p) {
    return PlanRules.editable(p.status()) ? Future.succeededFuture(p)
        : Future.failedFuture(DomainError.conflict("plan-not-draft", "计划已提交审议，不能再修改", "status",
            "计划当前为“" + p.status().label() + "”，只有草拟中的计划可以增加选题建议和议题"));
  }

  private static JsonObject json(PlanRules.SupervisionShare s) {
    return new JsonObject().put("topics", s.topics()).put("supervision", s.supervision()).put("share", s.share())
        .put("minimum", s.minimum()).put("belowMinimum", s.belowMinimum());
  }

  /** A constraint the database refused, as the error naming the field at fault; anything else unchanged. */
  private static Throwable translate(Throwable e, Map<String, DomainError> byConstraint) {
    if (e instanceof PgException pg && pg.getConstraint() != null) {
      return Optional.ofNullable(byConstraint.get(pg.getConstraint())).<Throwable>map(d -> d).orElse(e);
    }
    return e;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ChinaTime.ZONE));
  }
}
