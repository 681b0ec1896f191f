-- Identity: organisations (市政协 and county 政协), sectors (界别), special committees (专门委员会),
-- government departments (承办单位), accounts, tokens, login throttling, the audit log.
-- Timestamps are timestamptz (stored in UTC).

CREATE TABLE organization (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  level       text NOT NULL CHECK (level IN ('CITY', 'COUNTY')),
  parent_id   bigint REFERENCES organization(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sector (
  id    bigserial PRIMARY KEY,
  name  text NOT NULL UNIQUE
);

CREATE TABLE committee (
  id               bigserial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organization(id),
  name             text NOT NULL,
  UNIQUE (organization_id, name)
);

CREATE TABLE department (
  id               bigserial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organization(id),
  name             text NOT NULL,
  UNIQUE (organization_id, name)
);

CREATE TABLE account (
  id                    bigserial PRIMARY KEY,
  username              text NOT NULL UNIQUE,
  display_name          text NOT NULL,
  password_hash         text,
  phone                 text UNIQUE,
  roles                 text[] NOT NULL,
  organization_id       bigint REFERENCES organization(id),
  sector_id             bigint REFERENCES sector(id),
  committee_id          bigint REFERENCES committee(id),
  department_id         bigint REFERENCES department(id),
  standing_committee    boolean NOT NULL DEFAULT false,
  must_change_password  boolean NOT NULL DEFAULT false,
  active                boolean NOT NULL DEFAULT true,
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_organization_idx ON account (organization_id);

-- Refresh tokens are opaque random strings; only their SHA-256 is stored.
CREATE TABLE refresh_token (
  id          bigserial PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES account(id),
  token_hash  bytea NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Consecutive failed logins per user name (also for names that do not exist, so probing is throttled too).
CREATE TABLE login_throttle (
  username        text PRIMARY KEY,
  failures        int NOT NULL,
  locked_until    timestamptz,
  last_failure_at timestamptz NOT NULL
);

-- Phone verification codes for public self-registration; only a hash of the code is stored.
CREATE TABLE phone_code (
  phone       text PRIMARY KEY,
  code_hash   bytea NOT NULL,
  expires_at  timestamptz NOT NULL,
  attempts    int NOT NULL DEFAULT 0,
  sent_at     timestamptz NOT NULL
);

-- Append-only record of who did what and when.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     bigint,
  action       text NOT NULL,
  target_type  text,
  target_id    text,
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id   text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TABLE app_meta (
  key    text PRIMARY KEY,
  value  text NOT NULL
);
