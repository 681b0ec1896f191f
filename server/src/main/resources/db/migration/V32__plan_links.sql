-- The plan's topics linked to what holds them (issue 21, second slice): an online theme as well as an
-- activity, each held by one topic; the chair council and committees as the plan reads them; and what
-- the plan publishes so that an activity and a theme can name their topic.

-- Which online themes hold a topic. The plan owns this link; the forum's tables are not changed.
CREATE TABLE plan_topic_theme (
  topic_id  bigint NOT NULL REFERENCES plan_topic(id),
  theme_id  bigint NOT NULL REFERENCES forum_theme(id),
  PRIMARY KEY (topic_id, theme_id)
);
-- an activity or a theme holds one topic of one plan
CREATE UNIQUE INDEX plan_topic_theme_theme_idx ON plan_topic_theme (theme_id);
DROP INDEX plan_topic_activity_activity_idx;
CREATE UNIQUE INDEX plan_topic_activity_activity_idx ON plan_topic_activity (activity_id);

-- identity: the chair council (主席会议成员: CHAIR and VICE_CHAIR), who lead a plan's topics, and the
-- committees with their body.
CREATE VIEW identity_chair_council AS
SELECT id, display_name, organization_id FROM account
 WHERE active AND roles && ARRAY['CHAIR', 'VICE_CHAIR']::text[];
CREATE VIEW identity_committee AS SELECT id, organization_id, name FROM committee;

-- forum: a theme's committee, through which it belongs to a CPPCC body (a column added at the end).
CREATE OR REPLACE VIEW forum_theme_brief AS
SELECT id, activity_id, title, topic, opens_at, closes_at, committee_id FROM forum_theme;

-- plan: the topic an activity or a theme holds, with its plan's year and step (who may read a topic
-- before the plan is approved is the plan's rule: PlanRules.visibleToAll).
CREATE VIEW plan_activity_topic AS
SELECT l.activity_id, t.id AS topic_id, t.title AS topic_title, t.supervision, p.id AS plan_id, p.year AS plan_year,
       p.title AS plan_title, p.status AS plan_status
  FROM plan_topic_activity l JOIN plan_topic t ON t.id = l.topic_id JOIN plan p ON p.id = t.plan_id;
CREATE VIEW plan_theme_topic AS
SELECT l.theme_id, t.id AS topic_id, t.title AS topic_title, t.supervision, p.id AS plan_id, p.year AS plan_year,
       p.title AS plan_title, p.status AS plan_status
  FROM plan_topic_theme l JOIN plan_topic t ON t.id = l.topic_id JOIN plan p ON p.id = t.plan_id;
