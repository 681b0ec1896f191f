-- Which owner may write a live session: every new owner takes the next epoch before it rebuilds the
-- state, and every write of an owner checks its epoch in the same transaction. A node cut off from the
-- cluster but still reaching PostgreSQL, which believes it still owns the session, is refused (fenced)
-- once another node has taken over.
CREATE TABLE live_owner (
  session_id  bigint PRIMARY KEY REFERENCES activity(id),
  epoch       bigint NOT NULL,
  node        text NOT NULL,
  since       timestamptz NOT NULL DEFAULT now()
);
