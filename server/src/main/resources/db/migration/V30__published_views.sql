-- What each capability publishes for the others to read (docs/architecture.md, Who owns which tables).
-- A capability's tables are read and written only by its own Store; another capability reads these
-- views, named after their owner, or calls the owner's Service. A view lists its columns, so the owner
-- may change its tables behind it. OwnershipTest keeps the rule: it fails on any other cross read.

-- identity: a person's name and where they belong, with the names of their organisation, sector and
-- department (PostgreSQL drops the joins a query does not use).
CREATE VIEW identity_person AS
SELECT a.id, a.display_name, a.active, a.phone IS NOT NULL AS phone_verified,
       a.organization_id, o.name AS organization, a.sector_id, s.name AS sector,
       a.department_id, d.name AS department
  FROM account a
  LEFT JOIN organization o ON o.id = a.organization_id
  LEFT JOIN sector s ON s.id = a.sector_id
  LEFT JOIN department d ON d.id = a.department_id;

CREATE VIEW identity_organization AS SELECT id, name, level, parent_id FROM organization;
CREATE VIEW identity_sector AS SELECT id, name FROM sector;
CREATE VIEW identity_department AS SELECT id, organization_id, name FROM department;

-- activity: the activity, its venues, agenda and roster as a session, a theme or a report needs them.
CREATE VIEW activity_brief AS
SELECT id, type, title, topic, organization_id, committee_id, scheduled_start, scheduled_end, status FROM activity;
CREATE VIEW activity_venue AS SELECT id, activity_id, name, kind, organization_id, host_id FROM venue;
CREATE VIEW activity_agenda_item AS
SELECT id, activity_id, position, title, planned_minutes, speaking_seconds FROM agenda_item;
CREATE VIEW activity_roster AS SELECT activity_id, account_id, role, venue_id, invitation FROM roster_entry;

-- forum: themes, and the posts (not guidance) and statements that are opinions, with their votes,
-- as the opinion store collects them. `visible` is the forum's rule for what everyone may read.
CREATE VIEW forum_theme_brief AS SELECT id, activity_id, title, topic, opens_at, closes_at FROM forum_theme;

CREATE VIEW forum_opinion_post AS
SELECT p.id, p.theme_id, t.activity_id, fp.account_id, fp.author_kind, fp.organization_id, fp.sector_id,
       coalesce(p.title || '：', '') || p.body AS text, p.created_at, p.status = 'VISIBLE' AS visible
  FROM forum_post p JOIN forum_theme t ON t.id = p.theme_id JOIN forum_participant fp ON fp.id = p.participant_id
 WHERE p.kind <> 'GUIDANCE';

CREATE VIEW forum_opinion_statement AS
SELECT s.id, s.theme_id, t.activity_id, fp.account_id, fp.author_kind, fp.organization_id, fp.sector_id,
       s.body AS text, s.agree, s.disagree, s.pass, s.created_at, s.status = 'VISIBLE' AS visible
  FROM forum_statement s JOIN forum_theme t ON t.id = s.theme_id JOIN forum_participant fp ON fp.id = s.participant_id;

CREATE VIEW forum_statement_vote AS SELECT statement_id, participant_id, vote FROM forum_vote;

-- opinion: the units as the ledger reads them (who wrote a suggestion's sources, which are commitments).
CREATE VIEW opinion_unit_brief AS SELECT id, source_ref, channel, activity_id, theme_id, author_id, text FROM opinion_unit;

-- report: its title and status, and every opinion unit its paragraphs cite (the body's JSON is the
-- report's own: {sections: [{paragraphs: [{sources: [ids]}]}]}).
CREATE VIEW report_brief AS
SELECT r.id, r.title, r.status, r.activity_id, r.theme_id,
       array(SELECT DISTINCT s::bigint
               FROM jsonb_array_elements(r.body -> 'sections') sec,
                    jsonb_array_elements(sec -> 'paragraphs') p,
                    jsonb_array_elements_text(coalesce(p -> 'sources', '[]')) s) AS cited
  FROM report r;

-- video: recordings and attendance per venue, kept beside the minutes.
CREATE VIEW video_recording_brief AS SELECT id, session_id, room, reference, started_at, stopped_at FROM video_recording;
CREATE VIEW video_attendance_by_venue AS
SELECT session_id, venue_id, count(DISTINCT occupant_id) AS people, min(joined_at) AS first_joined_at,
       max(left_at) AS last_left_at
  FROM video_attendance GROUP BY session_id, venue_id;
