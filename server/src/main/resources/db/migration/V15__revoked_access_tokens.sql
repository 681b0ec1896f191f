-- Access tokens revoked before they expire (sign-out), by their token id (jti). Every node checks this
-- list, so a token signed out on one node is refused on all. A row is of no use once its token has
-- expired (the signature check refuses it anyway): rows are pruned past expires_at.
CREATE TABLE revoked_access_token (
  jti         uuid PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES account (id),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_access_token_expires ON revoked_access_token (expires_at);
