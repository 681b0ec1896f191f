-- Video for live meetings (Jitsi Meet): attendance in each venue's room as Jitsi reports it
-- (event_sync webhooks), and recordings started by the chair (Jibri).

CREATE TABLE video_attendance (
  id           bigserial PRIMARY KEY,
  session_id   bigint NOT NULL REFERENCES activity(id),
  venue_id     bigint REFERENCES venue(id),
  room         text NOT NULL,
  -- the occupant's id as our token gave it (the account id), or Jitsi's own id for guests
  occupant_id  text NOT NULL,
  account_id   bigint REFERENCES account(id),
  name         text,
  joined_at    timestamptz NOT NULL,
  left_at      timestamptz
);
CREATE INDEX video_attendance_session_idx ON video_attendance (session_id, venue_id);
CREATE INDEX video_attendance_open_idx ON video_attendance (room, occupant_id) WHERE left_at IS NULL;

CREATE TABLE video_recording (
  id                 bigserial PRIMARY KEY,
  session_id         bigint NOT NULL REFERENCES activity(id),
  room               text NOT NULL,
  -- the id this product gave the Jibri session, which is also the recording's reference
  reference          text NOT NULL UNIQUE,
  started_by         bigint REFERENCES account(id),
  started_at         timestamptz NOT NULL DEFAULT now(),
  stopped_at         timestamptz
);
CREATE INDEX video_recording_session_idx ON video_recording (session_id);
