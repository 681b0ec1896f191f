package org.xieshang.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The demo's remote consultation meeting (远程协商会, RULES.md Art. 11 and 19): a main venue at the city
 * CPPCC and branch venues at 雁江区, 安岳县 and 乐至县, with agenda, materials and roster, tomorrow morning.
 */
final class DemoMeeting {
  static final String TITLE = "“推进农村人居环境整治提升”远程协商会";

  private DemoMeeting() {}

  static Future<Void> load(SqlClient tx) {
    OffsetDateTime start = OffsetDateTime.of(LocalDate.now(ZoneOffset.ofHours(8)).plusDays(1), LocalTime.of(9, 30),
        ZoneOffset.ofHours(8));
    return tx.preparedQuery("""
            INSERT INTO activity (type, title, topic, description, organization_id, committee_id, scheduled_start,
                                  scheduled_end, created_by)
            SELECT 'REMOTE_CONSULTATION', $1, '推进农村人居环境整治提升，建设宜居宜业和美乡村', $2,
                   o.id, c.id, $3, $4, (SELECT id FROM account WHERE username = 'staff')
              FROM organization o JOIN committee c ON c.organization_id = o.id AND c.name = '农业和农村委员会'
             WHERE o.name = '资阳市政协' RETURNING id""")
        .execute(Tuple.of(TITLE, "市政协主会场与雁江区、安岳县、乐至县政协分会场远程连线，围绕农村生活垃圾和污水治理、"
            + "厕所革命、村容村貌提升开展协商，界别群众代表在线参与互动。", start, start.plusHours(2)))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> tx.preparedQuery("""
                INSERT INTO venue (activity_id, name, kind, organization_id, host_id)
                SELECT $1, v.name, v.kind, o.id, h.id
                  FROM (VALUES ('主会场（市政协）', 'MAIN', '资阳市政协', 'host-main'),
                               ('雁江区分会场', 'BRANCH', '雁江区政协', 'host-yanjiang'),
                               ('安岳县分会场', 'BRANCH', '安岳县政协', 'host-anyue'),
                               ('乐至县分会场', 'BRANCH', '乐至县政协', 'host-lezhi')) AS v(name, kind, org, host)
                  JOIN organization o ON o.name = v.org JOIN account h ON h.username = v.host""")
            .execute(Tuple.of(id))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO agenda_item (activity_id, position, title, planned_minutes, speaking_seconds)
                    VALUES ($1, 1, '市农业农村局通报全市农村人居环境整治工作情况', 20, 600),
                           ($1, 2, '委员和界别群众代表发言', 60, 300),
                           ($1, 3, '互动交流：部门负责人回应', 30, 180),
                           ($1, 4, '主席讲话', 10, 600)""").execute(Tuple.of(id)))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO activity_document (activity_id, title, body) VALUES
                    ($1, '全市农村人居环境整治提升工作情况通报（会前阅读）',
                     '一、基本情况：全市农村卫生厕所普及率稳步提高，生活垃圾收运处置体系覆盖主要乡镇。\n二、存在问题：部分村庄污水收集管网不足，设施建设与管护衔接不够，群众参与机制有待完善。\n三、下一步打算：分类推进污水治理，健全长效管护机制，开展村庄清洁行动。'),
                    ($1, '协商议题背景材料',
                     '本次远程协商会围绕年度协商计划确定的议题开展。请委员会前结合调研情况准备发言，每人发言一般不超过5分钟。')""")
                .execute(Tuple.of(id)))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO roster_entry (activity_id, account_id, role, venue_id, invitation)
                    SELECT $1, a.id,
                           CASE WHEN a.username = 'chair' THEN 'CHAIR'
                                WHEN a.username = 'vicechair' THEN 'VICE_CHAIR'
                                WHEN a.username = 'staff' THEN 'SECRETARY'
                                WHEN a.username LIKE 'host-%' THEN 'VENUE_HOST'
                                WHEN a.username LIKE 'official-%' THEN 'OFFICIAL'
                                WHEN a.username = 'expert' THEN 'EXPERT'
                                WHEN a.username = 'public05' THEN 'OBSERVER'
                                WHEN a.username LIKE 'public%' THEN 'PUBLIC_REP'
                                ELSE 'MEMBER' END,
                           v.id,
                           CASE WHEN a.username IN ('member33', 'member34') THEN 'INVITED' ELSE 'ACCEPTED' END
                      FROM account a
                      JOIN venue v ON v.activity_id = $1 AND v.organization_id = coalesce(a.organization_id,
                           (SELECT id FROM organization WHERE name = '资阳市政协'))
                     WHERE a.username <> 'admin' AND a.username NOT IN ('official-jyj')
                       AND NOT (a.username = 'host-main' AND v.kind <> 'MAIN')""").execute(Tuple.of(id)))
            .compose(v -> tx.query("INSERT INTO app_meta (key, value) VALUES ('demo.meeting', '1')").execute())
            .mapEmpty());
  }
}
