-- Consultation activities (RULES.md Art. 7-19), their preparation, and the live session event log.

CREATE TABLE activity (
  id               bigserial PRIMARY KEY,
  type             text NOT NULL,
  title            text NOT NULL,
  topic            text NOT NULL,
  description      text NOT NULL DEFAULT '',
  organization_id  bigint NOT NULL REFERENCES organization(id),
  committee_id     bigint REFERENCES committee(id),
  scheduled_start  timestamptz NOT NULL,
  scheduled_end    timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'SCHEDULED'
                   CHECK (status IN ('SCHEDULED', 'LIVE', 'PAUSED', 'CLOSED')),
  created_by       bigint REFERENCES account(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (scheduled_end > scheduled_start)
);

CREATE TABLE agenda_item (
  id                bigserial PRIMARY KEY,
  activity_id       bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  position          int NOT NULL,
  title             text NOT NULL,
  planned_minutes   int NOT NULL CHECK (planned_minutes BETWEEN 1 AND 600),
  speaking_seconds  int NOT NULL CHECK (speaking_seconds BETWEEN 10 AND 3600),
  UNIQUE (activity_id, position)
);

-- Materials members read before the meeting (Art. 6).
CREATE TABLE activity_document (
  id           bigserial PRIMARY KEY,
  activity_id  bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  title        text NOT NULL,
  body         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- The main venue and the branch venues, each belonging to an organisation and run by a host.
CREATE TABLE venue (
  id               bigserial PRIMARY KEY,
  activity_id      bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('MAIN', 'BRANCH')),
  organization_id  bigint NOT NULL REFERENCES organization(id),
  host_id          bigint REFERENCES account(id),
  UNIQUE (activity_id, name)
);
CREATE UNIQUE INDEX venue_one_main ON venue (activity_id) WHERE kind = 'MAIN';

CREATE TABLE roster_entry (
  activity_id  bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  account_id   bigint NOT NULL REFERENCES account(id),
  role         text NOT NULL CHECK (role IN ('CHAIR', 'VICE_CHAIR', 'MEMBER', 'VENUE_HOST', 'OFFICIAL', 'EXPERT',
                                             'PUBLIC_REP', 'OBSERVER', 'SECRETARY')),
  venue_id     bigint NOT NULL REFERENCES venue(id),
  invitation   text NOT NULL DEFAULT 'INVITED' CHECK (invitation IN ('INVITED', 'ACCEPTED', 'DECLINED')),
  responded_at timestamptz,
  PRIMARY KEY (activity_id, account_id)
);
CREATE INDEX roster_entry_account_idx ON roster_entry (account_id);

-- The live session's event log: its only state. One writer per session appends; seq has no gaps.
CREATE TABLE live_event (
  session_id  bigint NOT NULL REFERENCES activity(id),
  seq         bigint NOT NULL,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  view        jsonb NOT NULL,
  actor_id    bigint,
  client_id   text,
  at          timestamptz NOT NULL,
  PRIMARY KEY (session_id, seq)
);
-- A command's client id is applied at most once.
CREATE UNIQUE INDEX live_event_client_idx ON live_event (session_id, actor_id, client_id) WHERE client_id IS NOT NULL;

-- Votes in live polls: high volume, so kept out of the event log; tallies are published as events.
CREATE TABLE live_vote (
  session_id  bigint NOT NULL REFERENCES activity(id),
  poll_id     text NOT NULL,
  account_id  bigint NOT NULL REFERENCES account(id),
  venue_id    bigint NOT NULL,
  choices     int[] NOT NULL,
  client_id   text,
  at          timestamptz NOT NULL,
  PRIMARY KEY (session_id, poll_id, account_id)
);

-- Minutes (纪要) drafted from the event log when the session closes.
CREATE TABLE minutes (
  activity_id  bigint PRIMARY KEY REFERENCES activity(id),
  body         jsonb NOT NULL,
  text         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
