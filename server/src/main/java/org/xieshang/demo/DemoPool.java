package org.xieshang.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The demo's volunteer pool for the demo meeting: 60 volunteers from the three counties (collected
 * offline, with consent), with a viewpoint question, ready for staff to prepare and run a draw.
 */
final class DemoPool {
  static final String TITLE = "农村人居环境整治协商会群众代表随机抽选";

  private DemoPool() {}

  static Future<Void> load(SqlClient tx) {
    return tx.preparedQuery("""
            INSERT INTO sortition_pool (title, topic, activity_id, viewpoint_question, viewpoint_options, eligible_counties,
                                        created_by)
            SELECT $1, '推进农村人居环境整治提升', a.id, '您是否支持按片区集中建设农村生活污水处理设施？',
                   ARRAY['支持', '反对', '不确定'], ARRAY['雁江区', '安岳县', '乐至县'],
                   (SELECT id FROM account WHERE username = 'staff')
              FROM activity a WHERE a.title = $2""")
        .execute(Tuple.of(TITLE, DemoMeeting.TITLE))
        .compose(r -> tx.query("""
            INSERT INTO account (username, display_name, roles, phone, organization_id)
            SELECT 'p1391000' || lpad(g::text, 4, '0'),
                   (ARRAY['张','王','李','刘','陈','杨','赵','黄','周','吴'])[1 + g % 10] || (ARRAY['建国','秀英','志强','桂芳','德明','玉兰','国华','春梅','永红','海燕','明亮','小琴'])[1 + g % 12],
                   ARRAY['PUBLIC'], '1391000' || lpad(g::text, 4, '0'),
                   (SELECT id FROM organization WHERE name = (ARRAY['雁江区政协','安岳县政协','乐至县政协'])[1 + g % 3])
              FROM generate_series(1, 60) g""").execute())
        .compose(r -> tx.preparedQuery("""
            INSERT INTO pool_volunteer (pool_id, account_id, features, household, consent_at, source)
            SELECT p.id, a.id,
                   jsonb_build_object('county', (ARRAY['雁江区','安岳县','乐至县'])[1 + g % 3],
                                      'gender', CASE WHEN g % 2 = 0 THEN '女' ELSE '男' END,
                                      'ageBand', (ARRAY['18-29','30-44','45-59','60+'])[1 + g % 4],
                                      'occupation', (ARRAY['农民','个体工商户','教师','村医','外出务工'])[1 + g % 5],
                                      'viewpoint', (ARRAY['支持','支持','反对','不确定','支持'])[1 + g % 5]),
                   CASE WHEN g IN (7, 8) THEN 'household-7' END, now(), 'IMPORTED'
              FROM sortition_pool p, generate_series(1, 60) g
              JOIN account a ON a.username = 'p1391000' || lpad(g::text, 4, '0')
             WHERE p.title = $1""").execute(Tuple.of(TITLE)))
        .compose(r -> tx.query("INSERT INTO app_meta (key, value) VALUES ('demo.pool', '1')").execute())
        .mapEmpty();
  }
}
