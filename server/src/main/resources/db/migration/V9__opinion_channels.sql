-- More channels in the one opinion store (issue 5): live poll results, research findings (RULES.md
-- Art. 5), comments on a draft text paragraph by paragraph (Art. 15); and the original file of a
-- written opinion uploaded as DOCX or PDF, kept beside the text extracted from it.

ALTER TABLE opinion_unit DROP CONSTRAINT opinion_unit_channel_check;
ALTER TABLE opinion_unit ADD CONSTRAINT opinion_unit_channel_check CHECK (channel IN
  ('SPEECH', 'COMMENT', 'COMMITMENT', 'POST', 'STATEMENT', 'SUBMISSION', 'POLL', 'RESEARCH', 'DRAFT_COMMENT'));

CREATE TABLE opinion_file (
  unit_id     bigint PRIMARY KEY REFERENCES opinion_unit(id) ON DELETE CASCADE,
  file_name   text NOT NULL,
  media_type  text NOT NULL,
  data        bytea NOT NULL,
  sha256      text NOT NULL
);

-- A draft text (e.g. a draft regulation, 法规草案) split into articles and paragraphs that people comment on.
CREATE TABLE draft_text (
  id           bigserial PRIMARY KEY,
  activity_id  bigint NOT NULL REFERENCES activity(id),
  title        text NOT NULL,
  created_by   bigint NOT NULL REFERENCES account(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX draft_text_activity_idx ON draft_text (activity_id);

CREATE TABLE draft_paragraph (
  id        bigserial PRIMARY KEY,
  draft_id  bigint NOT NULL REFERENCES draft_text(id),
  position  int NOT NULL,
  -- the article (第三条) the paragraph belongs to, when the text is in articles
  article   text,
  text      text NOT NULL,
  UNIQUE (draft_id, position)
);

ALTER TABLE opinion_unit ADD COLUMN draft_paragraph_id bigint REFERENCES draft_paragraph(id);
CREATE INDEX opinion_unit_paragraph_idx ON opinion_unit (draft_paragraph_id) WHERE draft_paragraph_id IS NOT NULL;
