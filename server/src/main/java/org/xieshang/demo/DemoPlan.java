package org.xieshang.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The demo's annual consultation plan (年度协商计划, RULES.md Art. 4) of 资阳市政协 for the current year,
 * approved in four dated steps: suggestions from each source (two of them near duplicates), four topics
 * (one a democratic-supervision topic, one a key proposal-handling topic), and the demo meeting and theme
 * linked to the topic they hold.
 */
final class DemoPlan {
  private DemoPlan() {}

  static Future<Void> load(SqlClient tx) {
    int year = LocalDate.now(ZoneOffset.ofHours(8)).getYear();
    return tx.preparedQuery("""
            INSERT INTO plan (organization_id, year, title, status, created_by)
            SELECT o.id, $1, $2, 'APPROVED', (SELECT id FROM account WHERE username = 'staff')
              FROM organization o WHERE o.name = '资阳市政协' RETURNING id""")
        .execute(Tuple.of(year, year + "年度协商计划"))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> tx.preparedQuery("""
                INSERT INTO plan_step (plan_id, step, on_date, note, recorded_by)
                SELECT $1, s.step, make_date($2, s.m, s.d), s.note, a.id
                  FROM (VALUES ('DRAFT', 1, 6, '', 'staff'),
                               ('CHAIR_COUNCIL_REVIEWED', 1, 16, '市政协主席会议审议通过计划草案', 'chair'),
                               ('CONSULTED', 2, 3, '市委办公室、市政府办公室、市政协办公室会商', 'staff'),
                               ('APPROVED', 2, 20, $3, 'staff'))
                       AS s(step, m, d, note, by) JOIN account a ON a.username = s.by ORDER BY s.m, s.d""")
            .execute(Tuple.of(id, year, "市委常委会议审定，资委办〔" + year + "〕5号印发"))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO plan_suggestion (plan_id, source, proposer_id, title, reasons, status)
                    SELECT $1, s.source, a.id, s.title, s.reasons, s.status
                      FROM (VALUES
                        (1, 'MEMBER', 'member01', '推进农村人居环境整治提升',
                         '丘陵地区农户分散，生活污水和垃圾治理设施运维难，群众反映集中。', 'SHORTLISTED'),
                        (2, 'COMMITTEE', 'staff', '推进农村人居环境整治提升工作',
                         '农业和农村委员会调研发现各县（区）整治进度不一，长效管护机制缺位。', 'SHORTLISTED'),
                        (3, 'PARTY_GOVERNMENT', 'staff', '城乡居民医保政策落实情况',
                         '市委交办：了解医保待遇政策在基层的落实情况，开展民主监督。', 'SHORTLISTED'),
                        (4, 'COMMITTEE', 'staff', '关于加快发展县域经济的重点提案办理',
                         '提案委员会提出：该提案由多名委员联名提出，宜作为重点提案办理协商。', 'SHORTLISTED'),
                        (5, 'PUBLIC_CALL', 'staff', '持续优化营商环境',
                         '各方征题中企业和商会代表多次提出，涉及审批时限和涉企收费。', 'SHORTLISTED'),
                        (6, 'MEMBER', 'member05', '加强农村人居环境整治提升',
                         '建议把村庄清洁行动与乡镇考核挂钩。', 'SUBMITTED'),
                        (7, 'PUBLIC_CALL', 'staff', '治理城区停车难问题',
                         '市民通过各方征题反映老城区停车位不足。', 'SUBMITTED'))
                        AS s(n, source, by, title, reasons, status)
                      JOIN account a ON a.username = s.by ORDER BY s.n""").execute(Tuple.of(id)))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO plan_topic (plan_id, title, form, committee_id, leader_id, planned_quarter, planned_month,
                                            supervision, key_proposal, suggestions, created_by)
                    SELECT $1, t.title, t.form, c.id, l.id, t.q, t.m, t.supervision, t.key_proposal,
                           array(SELECT id FROM plan_suggestion WHERE plan_id = $1 AND title = ANY(t.from_titles) ORDER BY id),
                           (SELECT id FROM account WHERE username = 'staff')
                      FROM (VALUES
                        (1, '推进农村人居环境整治提升', 'REMOTE_CONSULTATION', '农业和农村委员会', 'vicechair', NULL, 12,
                         false, false, ARRAY['推进农村人居环境整治提升', '推进农村人居环境整治提升工作']),
                        (2, '城乡居民医保政策落实情况民主监督', 'SUPERVISION_MOBILISATION', '社会和法制委员会', 'chair', 3, NULL,
                         true, false, ARRAY['城乡居民医保政策落实情况']),
                        (3, '加快发展县域经济重点提案办理协商', 'PROPOSAL_HANDLING', '提案委员会', 'vicechair', 2, NULL,
                         false, true, ARRAY['关于加快发展县域经济的重点提案办理']),
                        (4, '持续优化营商环境', 'SPECIAL_CONSULTATION', '经济委员会', 'chair', NULL, 6,
                         false, false, ARRAY['持续优化营商环境']))
                        AS t(n, title, form, committee, leader, q, m, supervision, key_proposal, from_titles)
                      JOIN committee c ON c.name = t.committee
                       AND c.organization_id = (SELECT organization_id FROM plan WHERE id = $1)
                      JOIN account l ON l.username = t.leader
                     ORDER BY t.n""").execute(Tuple.of(id)))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO plan_topic_activity (topic_id, activity_id)
                    SELECT t.id, a.id FROM plan_topic t, activity a
                     WHERE t.plan_id = $1 AND t.title = '推进农村人居环境整治提升' AND a.title = $2""")
                .execute(Tuple.of(id, DemoMeeting.TITLE)))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO plan_topic_theme (topic_id, theme_id)
                    SELECT t.id, f.id FROM plan_topic t, forum_theme f
                     WHERE t.plan_id = $1 AND t.title = '推进农村人居环境整治提升' AND f.title = $2""")
                .execute(Tuple.of(id, DemoTheme.TITLE))))
        .compose(v -> tx.query("INSERT INTO app_meta (key, value) VALUES ('demo.plan', '1')").execute())
        .mapEmpty();
  }
}
