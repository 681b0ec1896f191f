-- Random selection of public participants (RULES.md Art. 21): the volunteer pool, verifiable draws,
-- and who was picked, invited, replaced.

CREATE TABLE sortition_pool (
  id                  bigserial PRIMARY KEY,
  title               text NOT NULL,
  topic               text NOT NULL,
  -- the activity the drawn people take part in (they join its roster as public representatives)
  activity_id         bigint REFERENCES activity(id),
  -- a question on the topic, so that differing views are represented (a quota category "viewpoint")
  viewpoint_question  text,
  viewpoint_options   text[] NOT NULL DEFAULT '{}',
  -- eligibility: empty means any
  eligible_counties   text[] NOT NULL DEFAULT '{}',
  eligible_age_bands  text[] NOT NULL DEFAULT '{}',
  open                boolean NOT NULL DEFAULT true,
  created_by          bigint REFERENCES account(id),
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pool_volunteer (
  id          bigserial PRIMARY KEY,
  pool_id     bigint NOT NULL REFERENCES sortition_pool(id),
  account_id  bigint NOT NULL REFERENCES account(id),
  -- county, township, sector, gender, ageBand, education, occupation, viewpoint
  features    jsonb NOT NULL,
  household   text,
  consent_at  timestamptz NOT NULL,
  source      text NOT NULL CHECK (source IN ('REGISTERED', 'IMPORTED')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pool_id, account_id)
);

CREATE TABLE sortition_draw (
  id              bigserial PRIMARY KEY,
  pool_id         bigint NOT NULL REFERENCES sortition_pool(id),
  panel_size      int NOT NULL,
  reserve_size    int NOT NULL,
  quotas          jsonb NOT NULL,
  algorithm       text NOT NULL,
  panels          int NOT NULL,
  -- published before the draw: the numbered panels by pseudonym, and the hash of the secret seed
  lottery         text NOT NULL,
  probabilities   text NOT NULL,
  lottery_sha256  text NOT NULL,
  commitment      text NOT NULL,
  -- secret until the draw, then published
  seed            text NOT NULL,
  -- volunteer id -> pseudonym (never published)
  pseudonyms      jsonb NOT NULL,
  min_probability double precision NOT NULL,
  gini            double precision NOT NULL,
  max_deviation   double precision NOT NULL,
  respond_days    int NOT NULL,
  status          text NOT NULL CHECK (status IN ('PREPARED', 'DRAWN')),
  public_value    text,
  panel_number    int,
  created_by      bigint REFERENCES account(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  drawn_at        timestamptz
);

CREATE TABLE draw_pick (
  draw_id       bigint NOT NULL REFERENCES sortition_draw(id),
  volunteer_id  bigint NOT NULL REFERENCES pool_volunteer(id),
  kind          text NOT NULL CHECK (kind IN ('PANEL', 'RESERVE', 'FRESH')),
  position      int NOT NULL,
  -- RESERVE (waiting), INVITED, ACCEPTED, DECLINED, EXPIRED (no answer by the deadline)
  status        text NOT NULL CHECK (status IN ('RESERVE', 'INVITED', 'ACCEPTED', 'DECLINED', 'EXPIRED')),
  deadline      timestamptz,
  -- the volunteer who took this one's place
  replaced_by   bigint REFERENCES pool_volunteer(id),
  PRIMARY KEY (draw_id, volunteer_id)
);
