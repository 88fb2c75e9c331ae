-- Webhooks an admin configured, and the outbox of their deliveries: one row per
-- event and webhook, retried with backoff for 24 hours, kept 7 days once settled.
CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL,
    secret        TEXT    NOT NULL,
    events        TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    next_attempt_ms INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error      TEXT,
    settled_at_ms   INTEGER
);

CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_ms);
