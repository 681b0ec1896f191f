-- The annual consultation plan (年度协商计划, RULES.md Art. 4), owned by plan/ (PlanStore): a plan per CPPCC
-- body (city or county) and year, its dated steps 草拟 → 主席会议审议 → 会商 → 报市委批准, the topic
-- suggestions (选题建议) with their sources, the plan's topics, and which activities hold each topic.
CREATE TABLE plan (
  id               bigserial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organization(id),
  year             int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title            text NOT NULL,
  -- the latest step recorded in plan_step
  status           text NOT NULL DEFAULT 'DRAFT'
                   CHECK (status IN ('DRAFT', 'CHAIR_COUNCIL_REVIEWED', 'CONSULTED', 'APPROVED')),
  created_by       bigint REFERENCES account(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, year)
);

-- Every step of a plan, in order: its date, the document it rests on (a note), who recorded it.
CREATE TABLE plan_step (
  id           bigserial PRIMARY KEY,
  plan_id      bigint NOT NULL REFERENCES plan(id),
  step         text NOT NULL CHECK (step IN ('DRAFT', 'CHAIR_COUNCIL_REVIEWED', 'CONSULTED', 'APPROVED')),
  on_date      date NOT NULL,
  note         text NOT NULL DEFAULT '',
  recorded_by  bigint NOT NULL REFERENCES account(id),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, step)
);
CREATE INDEX plan_step_plan_idx ON plan_step (plan_id, id);

CREATE TABLE plan_suggestion (
  id           bigserial PRIMARY KEY,
  plan_id      bigint NOT NULL REFERENCES plan(id),
  source       text NOT NULL CHECK (source IN ('PARTY_GOVERNMENT', 'MEMBER', 'PUBLIC_CALL', 'COMMITTEE')),
  proposer_id  bigint NOT NULL REFERENCES account(id),
  title        text NOT NULL,
  reasons      text NOT NULL,
  status       text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'SHORTLISTED')),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_suggestion_plan_idx ON plan_suggestion (plan_id, id);

CREATE TABLE plan_topic (
  id              bigserial PRIMARY KEY,
  plan_id         bigint NOT NULL REFERENCES plan(id),
  title           text NOT NULL,
  -- an activity type (activity.ActivityType, by name)
  form            text NOT NULL,
  committee_id    bigint NOT NULL REFERENCES committee(id),
  -- the chair council member who leads the topic
  leader_id       bigint NOT NULL REFERENCES account(id),
  -- when it is planned: a quarter or a month of the plan's year, one of the two
  planned_quarter smallint CHECK (planned_quarter BETWEEN 1 AND 4),
  planned_month   smallint CHECK (planned_month BETWEEN 1 AND 12),
  supervision     boolean NOT NULL DEFAULT false,
  key_proposal    boolean NOT NULL DEFAULT false,
  -- the suggestions the topic was shortlisted from
  suggestions     bigint[] NOT NULL DEFAULT '{}',
  created_by      bigint REFERENCES account(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((planned_quarter IS NULL) <> (planned_month IS NULL))
);
CREATE INDEX plan_topic_plan_idx ON plan_topic (plan_id, id);

-- Which activities hold a topic. The plan owns this link; activity's tables are not changed.
CREATE TABLE plan_topic_activity (
  topic_id     bigint NOT NULL REFERENCES plan_topic(id),
  activity_id  bigint NOT NULL REFERENCES activity(id),
  PRIMARY KEY (topic_id, activity_id)
);
CREATE INDEX plan_topic_activity_activity_idx ON plan_topic_activity (activity_id);
