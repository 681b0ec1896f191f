-- Every live command applied with a client id, kept for the whole session, so that a retry is applied
-- at most once across restarts and owner changes. live_vote keeps only a person's latest ballot (and
-- its client id), so an earlier vote's client id was forgotten at the next rebuild.
CREATE TABLE live_command (
  session_id  bigint NOT NULL REFERENCES activity(id),
  actor_id    bigint NOT NULL,
  client_id   text NOT NULL,
  seq         bigint NOT NULL,
  PRIMARY KEY (session_id, actor_id, client_id)
);

INSERT INTO live_command (session_id, actor_id, client_id, seq)
SELECT session_id, actor_id, client_id, seq FROM live_event WHERE client_id IS NOT NULL AND actor_id IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO live_command (session_id, actor_id, client_id, seq)
SELECT session_id, account_id, client_id, 0 FROM live_vote WHERE client_id IS NOT NULL
ON CONFLICT DO NOTHING;
