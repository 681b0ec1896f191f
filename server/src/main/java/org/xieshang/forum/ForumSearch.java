package org.xieshang.forum;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.xieshang.identity.Caller;
import org.xieshang.platform.http.DomainError;

import java.util.List;

import static org.xieshang.forum.ForumViews.postJson;
import static org.xieshang.forum.ForumViews.statementJson;
import static org.xieshang.forum.ForumViews.statementVisibleTo;

/** Search in a theme (SearchText: Chinese words and bigrams), among what the caller may read. */
public final class ForumSearch {
  private final Pool db;
  private final ForumParticipation participation;

  ForumSearch(Pool db, ForumParticipation participation) {
    this.db = db;
    this.participation = participation;
  }

  /**
   * Posts and statements of the theme holding every word of the query (Chinese or not), those with the typed
   * text as it is first, with the words to mark in them.
   */
  public Future<JsonObject> search(Caller caller, long themeId, String query) {
    String words = SearchText.query(query);
    if (words.isBlank()) {
      return Future.failedFuture(DomainError.invalid("q", "请输入要搜索的文字"));
    }
    String typed = query.strip();
    return participation.standing(caller, themeId)
        .compose(s -> Future.all(ForumStore.searchPosts(db, themeId, words, typed),
            ForumStore.searchStatements(db, themeId, words, typed)).map(all -> found(all, s.me(), query)));
  }

  private static JsonObject found(CompositeFuture all, Participant me, String query) {
    JsonArray posts = new JsonArray();
    all.<List<Row>>resultAt(0).stream().filter(r -> PostStatus.of(r) == PostStatus.VISIBLE
        || (me.moderator() && PostStatus.of(r) != PostStatus.WITHDRAWN)).forEach(r -> posts.add(postJson(r, me)));
    JsonArray statements = new JsonArray();
    all.<List<Row>>resultAt(1).stream().filter(r -> statementVisibleTo(r, me))
        .forEach(r -> statements.add(statementJson(r, me)));
    return new JsonObject().put("posts", posts).put("statements", statements)
        .put("highlight", new JsonArray(SearchText.highlights(query)));
  }
}
