package org.xieshang.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.xieshang.forum.SearchText;

import java.util.List;

/**
 * The demo's online theme (网络主题议政) beside the demo meeting: open to the public with
 * pre-moderation, with the chair's pinned guidance, a few threads, and statements already voted on.
 */
final class DemoTheme {
  static final String TITLE = "农村人居环境整治提升网络议政";

  private DemoTheme() {}

  record Post(String user, String title, String body) {}

  static final List<Post> THREADS = List.of(
      new Post("chair", "关于本次网络议政的引导", "请各位委员和群众代表围绕农村生活垃圾分类、生活污水治理、厕所革命和村容村貌提升发表意见。"
          + "发言请具体、有依据，可结合本县（区）实际。所收集的意见将汇总进入协商报告。"),
      new Post("member01", "建议按片区建设农村生活污水集中处理设施", "丘陵地区农户居住分散，单户处理设施运维难。"
          + "建议以中心村为单位建设小型集中处理站，由县级统一运维，费用纳入财政预算。"),
      new Post("member07", "垃圾分类要有长效的保洁队伍", "不少村配了分类垃圾桶，但清运跟不上。建议每个村明确保洁员，按户数核定补贴。"));

  static final List<String> STATEMENTS = List.of(
      "农村生活污水治理应当以县为单位统一规划、统一运维。",
      "农村改厕应当优先推广水冲式卫生厕所。",
      "村庄保洁经费应当由县级财政全额保障。",
      "垃圾分类应当先在中心村试点，再逐步推开。",
      "村容村貌提升不应搞大拆大建。",
      "应当把人居环境整治成效纳入乡镇年度考核。");

  static Future<Void> load(SqlClient tx) {
    Future<Void> f = tx.preparedQuery("""
            INSERT INTO forum_theme (title, topic, description, activity_id, committee_id, opens_at, closes_at, visibility,
                                     premoderate_public, created_by)
            SELECT $1, '推进农村人居环境整治提升，建设宜居宜业和美乡村',
                   '配合远程协商会，面向委员和群众在线征集意见建议。群众发言经审核后公开。',
                   a.id, a.committee_id, now() - interval '1 day', now() + interval '30 days', 'PUBLIC', true,
                   (SELECT id FROM account WHERE username = 'staff')
              FROM activity a WHERE a.title = $2""")
        .execute(Tuple.of(TITLE, DemoMeeting.TITLE))
        .compose(r -> tx.preparedQuery("""
                INSERT INTO forum_participant (theme_id, account_id, author_kind, organization_id, sector_id)
                SELECT t.id, a.id,
                       CASE WHEN a.roles && ARRAY['MEMBER', 'CHAIR', 'VICE_CHAIR', 'VENUE_HOST'] THEN 'MEMBER'
                            WHEN 'EXPERT' = ANY (a.roles) THEN 'EXPERT'
                            WHEN 'OFFICIAL' = ANY (a.roles) THEN 'DEPARTMENT'
                            WHEN 'PUBLIC' = ANY (a.roles) THEN 'DRAWN_PUBLIC'
                            ELSE 'STAFF' END,
                       a.organization_id, a.sector_id
                  FROM forum_theme t, account a
                 WHERE t.title = $1 AND (a.username IN ('chair', 'staff', 'member01', 'member07')
                       OR a.username LIKE 'member1_' OR a.username IN ('public02', 'public03'))""")
            .execute(Tuple.of(TITLE)).mapEmpty());
    for (int i = 0; i < THREADS.size(); i++) {
      Post p = THREADS.get(i);
      String kind = i == 0 ? "GUIDANCE" : "THREAD";
      f = f.compose(v -> tx.preparedQuery("""
              INSERT INTO forum_post (theme_id, depth, kind, title, body, participant_id, status, search)
              SELECT t.id, 0, $2, $3, $4, fp.id, 'VISIBLE', to_tsvector('simple', $5)
                FROM forum_theme t JOIN forum_participant fp ON fp.theme_id = t.id
                JOIN account a ON a.id = fp.account_id AND a.username = $6
               WHERE t.title = $1""")
          .execute(Tuple.of(TITLE, kind, p.title(), p.body(), SearchText.terms(p.title() + " " + p.body()), p.user()))
          .mapEmpty());
    }
    for (String s : STATEMENTS) {
      f = f.compose(v -> tx.preparedQuery("""
              INSERT INTO forum_statement (theme_id, participant_id, body, status, search)
              SELECT t.id, fp.id, $2, 'VISIBLE', to_tsvector('simple', $3)
                FROM forum_theme t JOIN forum_participant fp ON fp.theme_id = t.id
                JOIN account a ON a.id = fp.account_id AND a.username = 'member01'
               WHERE t.title = $1""")
          .execute(Tuple.of(TITLE, s, SearchText.terms(s))).mapEmpty());
    }
    // votes from members 10–19 and two drawn representatives, varied so that the statements differ
    return f.compose(v -> tx.preparedQuery("""
            INSERT INTO forum_vote (statement_id, participant_id, vote)
            SELECT s.id, fp.id, ((s.id * 7 + fp.id * 5 + s.id * fp.id) % 3 - 1)::smallint
              FROM forum_theme t JOIN forum_statement s ON s.theme_id = t.id
              JOIN forum_participant fp ON fp.theme_id = t.id
              JOIN account a ON a.id = fp.account_id AND (a.username LIKE 'member1_' OR a.username LIKE 'public%')
             WHERE t.title = $1""").execute(Tuple.of(TITLE)))
        .compose(v -> tx.preparedQuery("""
            UPDATE forum_statement s SET agree = c.agree, disagree = c.disagree, pass = c.pass
              FROM (SELECT v.statement_id, count(*) FILTER (WHERE v.vote = 1) AS agree,
                           count(*) FILTER (WHERE v.vote = -1) AS disagree, count(*) FILTER (WHERE v.vote = 0) AS pass
                      FROM forum_vote v GROUP BY v.statement_id) c
             WHERE c.statement_id = s.id""").execute())
        .compose(v -> tx.query("INSERT INTO app_meta (key, value) VALUES ('demo.theme', '1')").execute())
        .mapEmpty();
  }
}
