package org.xieshang.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The inbox's table, {@code notice}: the only SQL that reads or writes it. */
final class InboxStore {
  private InboxStore() {}

  static Future<Row> insert(SqlClient tx, Inbox.Notice n) {
    return tx.preparedQuery("""
            INSERT INTO notice (account_id, kind, title, body, link) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, kind, title, body, link, created_at, read_at""")
        .execute(Tuple.of(n.accountId(), n.kind(), n.title(), n.body(), n.link()))
        .map(rows -> rows.iterator().next());
  }

  /** The latest notices, newest first, each row with the person's unread count. */
  static Future<RowSet<Row>> latest(SqlClient db, long accountId, int limit) {
    return db.preparedQuery("""
            SELECT id, kind, title, body, link, created_at, read_at,
                   (SELECT count(*) FROM notice u WHERE u.account_id = $1 AND u.read_at IS NULL) AS unread
              FROM notice WHERE account_id = $1 ORDER BY id DESC LIMIT $2""")
        .execute(Tuple.of(accountId, limit));
  }

  /** Marks read the notice {@code id} ({@code only}) or every notice up to it; answers how many changed. */
  static Future<Integer> markRead(SqlClient db, long accountId, long id, boolean only) {
    return db.preparedQuery("UPDATE notice SET read_at = now() WHERE account_id = $1 AND read_at IS NULL AND "
            + (only ? "id = $2" : "id <= $2"))
        .execute(Tuple.of(accountId, id)).map(RowSet::rowCount);
  }
}
