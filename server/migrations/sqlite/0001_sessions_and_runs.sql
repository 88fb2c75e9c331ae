CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    code          TEXT    NOT NULL UNIQUE,
    label         TEXT,
    calls         INTEGER,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    client_run_id TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    verdict       TEXT    NOT NULL,
    checks_json   TEXT    NOT NULL,
    results_json  TEXT    NOT NULL,
    client_prefix TEXT    NOT NULL,
    client_id     TEXT    NOT NULL,
    user_agent_json TEXT  NOT NULL,
    UNIQUE (session_id, client_run_id)
);

CREATE INDEX runs_by_session ON runs (session_id, id);
