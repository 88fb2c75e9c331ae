-- Operator accounts (support and admin), API tokens for integrations, and the login
-- sessions behind the console's cookie. Passwords are Argon2id hashes (PHC strings);
-- tokens and login cookies are stored as SHA-256 hashes of their 256-bit values.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'support')),
    password_hash TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE logins (
    id_hash       TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);

CREATE INDEX logins_by_user ON logins (user_id, created_at_ms);
