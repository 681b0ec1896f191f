-- The adoption ledger (台账, RULES.md Art. 22): suggestions of an approved consultation report handed
-- to the departments that handle them (交办), their replies on adoption with the history of every
-- reply, and supervision (督办) by chairs. The proposers behind a suggestion are told of each reply.
CREATE TABLE ledger_entry (
  id             bigserial PRIMARY KEY,
  report_id      bigint NOT NULL REFERENCES report(id),
  suggestion     text NOT NULL,
  -- the opinion units behind the suggestion; their authors are its proposers
  sources        bigint[] NOT NULL DEFAULT '{}',
  department_id  bigint NOT NULL REFERENCES department(id),
  due_on         date NOT NULL,
  -- the latest reply's adoption; NULL until the department first replies
  adoption       text CHECK (adoption IN ('ADOPTED', 'PARTLY_ADOPTED', 'IN_PROGRESS', 'NOT_ADOPTED')),
  replied_at     timestamptz,
  supervised     boolean NOT NULL DEFAULT false,
  created_by     bigint REFERENCES account(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entry_report_idx ON ledger_entry (report_id, id);
CREATE INDEX ledger_entry_department_idx ON ledger_entry (department_id, id);
CREATE INDEX ledger_entry_sources_idx ON ledger_entry USING gin (sources);

CREATE TABLE ledger_reply (
  id         bigserial PRIMARY KEY,
  entry_id   bigint NOT NULL REFERENCES ledger_entry(id),
  adoption   text NOT NULL CHECK (adoption IN ('ADOPTED', 'PARTLY_ADOPTED', 'IN_PROGRESS', 'NOT_ADOPTED')),
  text       text NOT NULL,
  by_id      bigint NOT NULL REFERENCES account(id),
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_reply_entry_idx ON ledger_reply (entry_id, id);
