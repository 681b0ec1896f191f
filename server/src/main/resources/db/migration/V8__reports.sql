-- Consultation reports (协商报告, RULES.md Art. 22): drafted from the opinion store with links to the
-- opinions behind every paragraph, edited in versions, moved through review, approval and submission.

CREATE TABLE report (
  id           bigserial PRIMARY KEY,
  activity_id  bigint REFERENCES activity(id),
  theme_id     bigint REFERENCES forum_theme(id),
  title        text NOT NULL,
  status       text NOT NULL CHECK (status IN ('DRAFT', 'REVIEW', 'APPROVED', 'SUBMITTED')),
  version      int NOT NULL,
  -- {sections: [{key, title, paragraphs: [{text, sources: [opinion unit ids]}]}]}
  body         jsonb NOT NULL,
  created_by   bigint REFERENCES account(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((activity_id IS NULL) <> (theme_id IS NULL))
);

CREATE TABLE report_version (
  report_id  bigint NOT NULL REFERENCES report(id),
  version    int NOT NULL,
  body       jsonb NOT NULL,
  saved_by   bigint REFERENCES account(id),
  saved_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, version)
);

-- Who did what: comments, and every move between states.
CREATE TABLE report_event (
  id           bigserial PRIMARY KEY,
  report_id    bigint NOT NULL REFERENCES report(id),
  action       text NOT NULL,
  from_status  text,
  to_status    text,
  comment      text,
  actor_id     bigint REFERENCES account(id),
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_event_report_idx ON report_event (report_id, id);
