package org.xieshang.forum;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.realtime.Channel;

/**
 * A theme on the event bus: {@code forum.<themeId>.events} may be heard by those who may read the theme;
 * {@code forum.<themeId>.cmd} takes {@code {"type":"Vote","statementId":…,"vote":1|-1|0}} and replies
 * once the vote is committed, the fast path for clients that vote many statements in a row.
 */
public final class ForumChannel implements Channel {
  private final ForumParticipation participation;
  private final Statements statements;

  public ForumChannel(ForumParticipation participation, Statements statements) {
    this.participation = participation;
    this.statements = statements;
  }

  @Override
  public boolean ownsEvents(String address) {
    return ForumEvents.themeOf(ForumEvents.EVENTS, address) != null;
  }

  @Override
  public Future<Registration> listen(Caller caller, String address) {
    return participation.standing(caller, ForumEvents.themeOf(ForumEvents.EVENTS, address)).map(Registration.NONE);
  }

  @Override
  public boolean ownsCommands(String address) {
    return ForumEvents.themeOf(ForumEvents.COMMANDS, address) != null;
  }

  @Override
  public Future<JsonObject> command(Caller caller, String address, JsonObject body) {
    Long theme = ForumEvents.themeOf(ForumEvents.COMMANDS, address);
    Object statement = body == null ? null : body.getValue("statementId");
    Object vote = body == null ? null : body.getValue("vote");
    if (theme == null || body == null || !"Vote".equals(body.getString("type"))) {
      return Future.failedFuture(DomainError.invalid("type", "应为 Vote"));
    }
    if (!(statement instanceof Number s) || s.longValue() <= 0) {
      return Future.failedFuture(DomainError.invalid("statementId", "应为正整数编号"));
    }
    if (!(vote instanceof Number v) || v.doubleValue() != v.intValue() || v.intValue() < -1 || v.intValue() > 1) {
      return Future.failedFuture(DomainError.invalid("vote", "应为 1（赞成）、-1（反对）或 0（跳过）"));
    }
    return statements.vote(caller, theme, s.longValue(), v.intValue()).map(x -> new JsonObject().put("ok", true));
  }
}
