-- Regions: the nodes that share this database register themselves and heartbeat;
-- a node that stops heartbeating drops out of GET /api/regions. An invite may pin
-- its test to one region. Settings hold what every node must share (the TURN REST
-- secret, so credentials one node issues are valid on every node).
CREATE TABLE nodes (
    name          TEXT    PRIMARY KEY,
    display_name  TEXT    NOT NULL,
    http_url      TEXT    NOT NULL,
    stun_url      TEXT,
    turn_urls     TEXT    NOT NULL DEFAULT '',
    echo_url      TEXT,
    started_at_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL
);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE sessions ADD COLUMN region TEXT;

CREATE INDEX runs_by_created ON runs (created_at_ms);
