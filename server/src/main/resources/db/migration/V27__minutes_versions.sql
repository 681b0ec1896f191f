-- Minutes (纪要) edited by staff after the meeting: each save is a new version, the last one FINAL
-- (定稿) closes editing. Version 1 is the draft live wrote at closing (minutes.text); rows are appended only.
CREATE TABLE minutes_version (
  activity_id  bigint NOT NULL REFERENCES minutes(activity_id),
  version      int NOT NULL CHECK (version >= 2),
  status       text NOT NULL CHECK (status IN ('DRAFT', 'FINAL')),
  text         text NOT NULL,
  edited_by    bigint NOT NULL REFERENCES account(id),
  edited_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_id, version)
);
