package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;
import org.xieshang.platform.http.DomainError;

/**
 * What a pool still allows, tied to its activity: the drawn take part in that activity, so once it has
 * closed nobody volunteers, no draw is prepared or drawn; what was published stays readable and a
 * pending draw can still be withdrawn (in public). A pool closed by staff takes no more volunteers.
 * Once a draw's list is published (pending) nobody volunteers either: they would not be in its lottery
 * (sign-up opens again if it is withdrawn); once drawn, the panel comes from that draw and its reserve,
 * so no second draw is prepared, while replacements go on. Pure: the caller reads the activity's status
 * and how far the pool's draws went.
 */
record PoolPhase(String phase, boolean canVolunteer, boolean canPrepare, boolean canDraw, String activityTitle,
                 String activityStatus) {
  static final String OPEN = "OPEN";
  static final String CLOSED = "CLOSED";
  static final String ACTIVITY_ENDED = "ACTIVITY_ENDED";
  /** a draw's list is published and waits for its public value */
  static final String DRAWING = "DRAWING";
  static final String DRAWN = "DRAWN";

  /**
   * @param activity the pool's activity as activity reads it (title, status), null when it has none
   * @param drawn    how far its draws went: DRAWN, PREPARED (one pending), or null (none, or all withdrawn)
   */
  static PoolPhase of(VolunteerPool pool, JsonObject activity, DrawStatus drawn) {
    String status = activity == null ? null : activity.getString("status");
    String title = activity == null ? null : activity.getString("title");
    if ("CLOSED".equals(status)) {
      return new PoolPhase(ACTIVITY_ENDED, false, false, false, title, status);
    }
    if (drawn == DrawStatus.DRAWN) {
      return new PoolPhase(DRAWN, false, false, true, title, status);
    }
    if (drawn == DrawStatus.PREPARED) { // preparing again is answered by the pending draw's own refusal
      return new PoolPhase(DRAWING, false, true, true, title, status);
    }
    return new PoolPhase(pool.open() ? OPEN : CLOSED, pool.open(), true, true, title, status);
  }

  JsonObject toJson() {
    return new JsonObject().put("phase", phase).put("canVolunteer", canVolunteer).put("canPrepare", canPrepare)
        .put("canDraw", canDraw).put("activityTitle", activityTitle).put("activityStatus", activityStatus);
  }

  /** Why volunteering is refused, said as the volunteer needs it. */
  DomainError volunteeringRefused() {
    return DomainError.conflict("pool-closed", "报名已截止", "poolId", switch (phase) {
      case ACTIVITY_ENDED -> "「" + activityTitle + "」已结束，不再接受报名";
      case DRAWING -> "抽签名单已公布，报名已截止：此后报名的人不在本次抽签之列";
      case DRAWN -> "已经抽签，报名已截止";
      default -> "该报名池已关闭，不再接受报名";
    });
  }

  /** Why preparing or drawing is refused: the activity has ended, or (preparing) the pool was drawn already. */
  DomainError drawingRefused(String field) {
    if (DRAWN.equals(phase)) {
      return DomainError.conflict("pool-drawn", "已经抽签", field, "本报名池已经抽签，名单来自该次抽选；缺额由候补或补位抽签补足，不再另行抽选");
    }
    return DomainError.conflict("activity-ended", "活动已结束", field,
        "「" + activityTitle + "」已结束，不能再准备或进行抽签；已公布的抽选及其文件仍可查看，待抽签的抽选可以撤回");
  }
}
