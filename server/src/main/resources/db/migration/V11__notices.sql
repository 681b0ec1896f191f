-- Notices to one person (通知): moderation of what they wrote, invitations to activities. Shown in the
-- web client's inbox and pushed on user.<accountId>.inbox once committed.
CREATE TABLE notice (
  id          bigserial PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES account(id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL DEFAULT '',
  link        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notice_account_idx ON notice (account_id, id DESC);
CREATE INDEX notice_unread_idx ON notice (account_id) WHERE read_at IS NULL;
