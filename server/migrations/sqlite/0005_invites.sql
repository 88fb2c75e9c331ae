-- Invites: whom a session's link is for, its language, custom fields (JSON object),
-- when it stops taking runs and how many it takes. Sessions made before have none
-- of these: they never expire and take up to the server's limit.
ALTER TABLE sessions ADD COLUMN site TEXT;
ALTER TABLE sessions ADD COLUMN agent TEXT;
ALTER TABLE sessions ADD COLUMN language TEXT;
ALTER TABLE sessions ADD COLUMN fields_json TEXT;
ALTER TABLE sessions ADD COLUMN expires_at_ms INTEGER;
ALTER TABLE sessions ADD COLUMN max_runs INTEGER;

CREATE INDEX sessions_by_created ON sessions (created_at_ms);
CREATE INDEX sessions_by_site ON sessions (site);
