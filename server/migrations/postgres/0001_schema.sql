-- CallReady's schema on PostgreSQL, as SQLite's migrations 1 to 10 leave it. Times
-- are Unix milliseconds (BIGINT); JSON is stored as text, as the server writes and
-- reads it whole.
CREATE TABLE sessions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          TEXT   NOT NULL UNIQUE,
    report_code   TEXT   UNIQUE,
    label         TEXT,
    calls         BIGINT,
    created_at_ms BIGINT NOT NULL,
    profile_id    TEXT,
    site          TEXT,
    agent         TEXT,
    language      TEXT,
    fields_json   TEXT,
    expires_at_ms BIGINT,
    max_runs      BIGINT,
    embed_origins TEXT,
    brand         TEXT,
    region        TEXT
);

CREATE INDEX sessions_by_created ON sessions (created_at_ms);
CREATE INDEX sessions_by_site ON sessions (site);

CREATE TABLE runs (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id      BIGINT NOT NULL REFERENCES sessions (id),
    number          BIGINT NOT NULL,
    client_run_id   TEXT   NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    verdict         TEXT   NOT NULL,
    checks_json     TEXT   NOT NULL,
    results_json    TEXT   NOT NULL,
    client_prefix   TEXT   NOT NULL,
    client_id       TEXT   NOT NULL,
    user_agent_json TEXT   NOT NULL,
    profile_json    TEXT,
    UNIQUE (session_id, client_run_id),
    UNIQUE (session_id, number)
);

CREATE INDEX runs_by_session ON runs (session_id, id);
CREATE INDEX runs_by_created ON runs (created_at_ms);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT   NOT NULL UNIQUE,
    role          TEXT   NOT NULL CHECK (role IN ('admin', 'support')),
    password_hash TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT   NOT NULL UNIQUE,
    token_hash    TEXT   NOT NULL UNIQUE,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE logins (
    id_hash       TEXT   PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);

CREATE INDEX logins_by_user ON logins (user_id, created_at_ms);

CREATE TABLE webhooks (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url           TEXT   NOT NULL,
    secret        TEXT   NOT NULL,
    events        TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE webhook_outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT   NOT NULL,
    body            TEXT   NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    next_attempt_ms BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    status          TEXT   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error      TEXT,
    settled_at_ms   BIGINT
);

CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_ms);

CREATE TABLE brands (
    id            TEXT   PRIMARY KEY,
    name          TEXT   NOT NULL,
    colour        TEXT   NOT NULL,
    support       TEXT,
    logo_type     TEXT,
    logo          BYTEA,
    updated_at_ms BIGINT NOT NULL
);

CREATE TABLE nodes (
    name          TEXT   PRIMARY KEY,
    display_name  TEXT   NOT NULL,
    http_url      TEXT   NOT NULL,
    stun_url      TEXT,
    turn_urls     TEXT   NOT NULL DEFAULT '',
    echo_url      TEXT,
    started_at_ms BIGINT NOT NULL,
    last_seen_ms  BIGINT NOT NULL
);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
