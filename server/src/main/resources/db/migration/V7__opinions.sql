-- One opinion store (RULES.md Art. 16, 22): every channel's opinions in one shape, for the report.
-- Units are collected from their sources (live speeches, comments and commitments, forum posts and
-- statements) idempotently by source_ref; written submissions are made here directly.

CREATE TABLE opinion_unit (
  id               bigserial PRIMARY KEY,
  -- where it came from, e.g. live:12:speech:<id>, forum_post:7, submission:<uuid>; unique, so collecting twice changes nothing
  source_ref       text NOT NULL UNIQUE,
  channel          text NOT NULL CHECK (channel IN ('SPEECH', 'COMMENT', 'COMMITMENT', 'POST', 'STATEMENT', 'SUBMISSION')),
  activity_id      bigint REFERENCES activity(id),
  theme_id         bigint REFERENCES forum_theme(id),
  agenda_item_id   bigint REFERENCES agenda_item(id),
  author_id        bigint REFERENCES account(id),
  author_kind      text NOT NULL,
  organization_id  bigint REFERENCES organization(id),
  venue_id         bigint REFERENCES venue(id),
  sector_id        bigint REFERENCES sector(id),
  text             text NOT NULL,
  agree            int,
  disagree         int,
  pass             int,
  at               timestamptz NOT NULL,
  collected_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opinion_unit_activity_idx ON opinion_unit (activity_id, channel);
CREATE INDEX opinion_unit_theme_idx ON opinion_unit (theme_id, channel);
