package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;
import org.xieshang.platform.http.DomainError;

/**
 * What a pool still allows, tied to its activity: the drawn take part in that activity, so once it has
 * closed nobody volunteers, no draw is prepared or drawn; what was published stays readable and a
 * pending draw can still be withdrawn (in public). A pool closed by staff takes no more volunteers.
 * Pure: the activity's status is read by the caller.
 */
record PoolPhase(String phase, boolean canVolunteer, boolean canPrepare, boolean canDraw, String activityTitle,
                 String activityStatus) {
  static final String OPEN = "OPEN";
  static final String CLOSED = "CLOSED";
  static final String ACTIVITY_ENDED = "ACTIVITY_ENDED";

  /** {@code activity} is the pool's activity as activity reads it (title, status), null when it has none. */
  static PoolPhase of(VolunteerPool pool, JsonObject activity) {
    String status = activity == null ? null : activity.getString("status");
    String title = activity == null ? null : activity.getString("title");
    if ("CLOSED".equals(status)) {
      return new PoolPhase(ACTIVITY_ENDED, false, false, false, title, status);
    }
    return new PoolPhase(pool.open() ? OPEN : CLOSED, pool.open(), true, true, title, status);
  }

  JsonObject toJson() {
    return new JsonObject().put("phase", phase).put("canVolunteer", canVolunteer).put("canPrepare", canPrepare)
        .put("canDraw", canDraw).put("activityTitle", activityTitle).put("activityStatus", activityStatus);
  }

  /** Why volunteering is refused, said as the volunteer needs it. */
  DomainError volunteeringRefused() {
    return DomainError.conflict("pool-closed", "报名已截止", "poolId", ACTIVITY_ENDED.equals(phase)
        ? "「" + activityTitle + "」已结束，不再接受报名" : "该报名池已关闭，不再接受报名");
  }

  /** Why preparing or drawing is refused once the activity has ended. */
  DomainError drawingRefused(String field) {
    return DomainError.conflict("activity-ended", "活动已结束", field,
        "「" + activityTitle + "」已结束，不能再准备或进行抽签；已公布的抽选及其文件仍可查看，待抽签的抽选可以撤回");
  }
}
