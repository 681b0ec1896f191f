-- The latest opinion analysis of each scope (an activity with its themes, or a theme), kept for every
-- node: asked on any node, an analysis of the same opinions (same version) is read here, not run again.
-- json, not jsonb: kept as the analysis wrote it.
CREATE TABLE opinion_analysis (
  scope_key   text PRIMARY KEY,
  version     text NOT NULL,
  analysis    json NOT NULL,
  analysed_at timestamptz NOT NULL
);
