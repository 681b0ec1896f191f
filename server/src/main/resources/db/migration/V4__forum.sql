-- Online themed deliberation (网络主题议政, RULES.md Art. 16): themes, threads of posts, short statements
-- with agree / disagree / pass votes (Pol.is style), and moderation.

CREATE TABLE forum_theme (
  id                  bigserial PRIMARY KEY,
  title               text NOT NULL,
  topic               text NOT NULL,
  description         text NOT NULL DEFAULT '',
  activity_id         bigint REFERENCES activity(id),
  committee_id        bigint NOT NULL REFERENCES committee(id),
  opens_at            timestamptz NOT NULL,
  closes_at           timestamptz NOT NULL,
  -- MEMBERS: members (and the activity's drawn public representatives); PUBLIC: also phone-verified public users
  visibility          text NOT NULL CHECK (visibility IN ('MEMBERS', 'PUBLIC')),
  -- hold public posts and statements until a moderator approves them
  premoderate_public  boolean NOT NULL DEFAULT true,
  created_by          bigint REFERENCES account(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at)
);

-- Everyone who took part in a theme: an account, or a participant imported from a Pol.is export.
-- Author kind, county and sector are fixed when the person first takes part, for the report.
CREATE TABLE forum_participant (
  id               bigserial PRIMARY KEY,
  theme_id         bigint NOT NULL REFERENCES forum_theme(id),
  account_id       bigint REFERENCES account(id),
  external_id      text,
  author_kind      text NOT NULL,
  organization_id  bigint REFERENCES organization(id),
  sector_id        bigint REFERENCES sector(id),
  UNIQUE (theme_id, account_id),
  UNIQUE (theme_id, external_id),
  CHECK ((account_id IS NULL) <> (external_id IS NULL))
);

-- Threads (kind THREAD, depth 0), replies (kind REPLY, depth 1..3) and pinned guidance (kind GUIDANCE).
CREATE TABLE forum_post (
  id              bigserial PRIMARY KEY,
  theme_id        bigint NOT NULL REFERENCES forum_theme(id),
  thread_id       bigint REFERENCES forum_post(id),
  parent_id       bigint REFERENCES forum_post(id),
  depth           smallint NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('THREAD', 'REPLY', 'GUIDANCE')),
  title           text,
  body            text NOT NULL,
  participant_id  bigint NOT NULL REFERENCES forum_participant(id),
  status          text NOT NULL CHECK (status IN ('PENDING', 'VISIBLE', 'HIDDEN', 'WITHDRAWN')),
  hidden_reason   text,
  -- sensitive words that held the post for review
  flagged         text[] NOT NULL DEFAULT '{}',
  featured        boolean NOT NULL DEFAULT false,
  version         int NOT NULL DEFAULT 1,
  search          tsvector NOT NULL,
  idempotency_key text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  edited_at       timestamptz,
  UNIQUE (participant_id, idempotency_key)
);
CREATE INDEX forum_post_theme_idx ON forum_post (theme_id, id);
CREATE INDEX forum_post_thread_idx ON forum_post (thread_id, id);
CREATE INDEX forum_post_search_idx ON forum_post USING gin (search);

-- Earlier versions of an edited post.
CREATE TABLE forum_post_version (
  post_id     bigint NOT NULL REFERENCES forum_post(id),
  version     int NOT NULL,
  title       text,
  body        text NOT NULL,
  written_at  timestamptz NOT NULL,
  PRIMARY KEY (post_id, version)
);

CREATE TABLE forum_attachment (
  id          bigserial PRIMARY KEY,
  post_id     bigint NOT NULL REFERENCES forum_post(id),
  file_name   text NOT NULL,
  media_type  text NOT NULL,
  size_bytes  int NOT NULL,
  data        bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_attachment_post_idx ON forum_attachment (post_id);

-- Short statements voted on; the counts are kept with the statement by the vote writer.
CREATE TABLE forum_statement (
  id              bigserial PRIMARY KEY,
  theme_id        bigint NOT NULL REFERENCES forum_theme(id),
  participant_id  bigint NOT NULL REFERENCES forum_participant(id),
  body            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('PENDING', 'VISIBLE', 'HIDDEN')),
  hidden_reason   text,
  flagged         text[] NOT NULL DEFAULT '{}',
  agree           int NOT NULL DEFAULT 0,
  disagree        int NOT NULL DEFAULT 0,
  pass            int NOT NULL DEFAULT 0,
  external_id     text,
  search          tsvector NOT NULL,
  idempotency_key text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (theme_id, external_id),
  UNIQUE (participant_id, idempotency_key)
) WITH (fillfactor = 50); -- room on each page, so that updating the counts stays a HOT update (no index writes)
CREATE INDEX forum_statement_theme_idx ON forum_statement (theme_id, id);
CREATE INDEX forum_statement_search_idx ON forum_statement USING gin (search);

-- One vote per participant per statement (agree 1, disagree -1, pass 0, as in Pol.is exports); changeable.
-- No foreign keys: they cost a quarter of the vote writer's time, and both ends are guaranteed without
-- them: VoteWriter writes only votes on statements it has just found (joined in the same statement) by
-- participants it made, PolisTransfer makes the participants in the same transaction, and no statement
-- or participant is ever deleted.
CREATE TABLE forum_vote (
  statement_id    bigint NOT NULL,
  participant_id  bigint NOT NULL,
  vote            smallint NOT NULL CHECK (vote IN (-1, 0, 1)),
  voted_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (statement_id, participant_id)
);
CREATE INDEX forum_vote_participant_idx ON forum_vote (participant_id);

-- Reports of abuse on a post or statement, one per reporter and target, until a moderator resolves them.
CREATE TABLE forum_report (
  id           bigserial PRIMARY KEY,
  theme_id     bigint NOT NULL REFERENCES forum_theme(id),
  target_type  text NOT NULL CHECK (target_type IN ('POST', 'STATEMENT')),
  target_id    bigint NOT NULL,
  reporter_id  bigint NOT NULL REFERENCES account(id),
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz,
  resolved_by  bigint REFERENCES account(id),
  UNIQUE (target_type, target_id, reporter_id)
);
CREATE INDEX forum_report_open_idx ON forum_report (theme_id) WHERE resolved_at IS NULL;
