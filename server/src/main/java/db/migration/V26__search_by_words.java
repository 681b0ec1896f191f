package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.xieshang.forum.SearchText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Posts and statements indexed again by words (forum/SearchText) instead of bigrams alone, so searches
 * already stored find what new ones do. In Java because the words come from HanLP.
 */
public class V26__search_by_words extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection db = context.getConnection();
    reindex(db, "SELECT id, coalesce(title || ' ', '') || body FROM forum_post", "UPDATE forum_post SET search = to_tsvector('simple', ?) WHERE id = ?");
    reindex(db, "SELECT id, body FROM forum_statement", "UPDATE forum_statement SET search = to_tsvector('simple', ?) WHERE id = ?");
  }

  private static void reindex(Connection db, String select, String update) throws Exception {
    try (Statement read = db.createStatement(); ResultSet rows = read.executeQuery(select);
         PreparedStatement write = db.prepareStatement(update)) {
      int batch = 0;
      while (rows.next()) {
        write.setString(1, SearchText.terms(rows.getString(2)));
        write.setLong(2, rows.getLong(1));
        write.addBatch();
        if (++batch % 500 == 0) {
          write.executeBatch();
        }
      }
      write.executeBatch();
    }
  }
}
