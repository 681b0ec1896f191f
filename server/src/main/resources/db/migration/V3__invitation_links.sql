-- Invitation links (RULES.md Art. 11 and 21): a public representative joins a meeting by a link
-- instead of a password. Only a hash of the link's token is stored.
CREATE TABLE invitation_link (
  token_hash   bytea PRIMARY KEY,
  activity_id  bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  account_id   bigint NOT NULL REFERENCES account(id),
  expires_at   timestamptz NOT NULL,
  created_by   bigint REFERENCES account(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX invitation_link_activity_idx ON invitation_link (activity_id, account_id);
