-- Brands an admin makes: the product name, primary colour, support line and logo the
-- agent page, the report, the console and the PDF wear. The one with id 'default'
-- is the deployment's; an invite may name another.
CREATE TABLE brands (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    support TEXT,
    -- 'image/svg+xml' (stored sanitised) or 'image/png'; NULL: no logo.
    logo_type TEXT,
    logo BLOB,
    updated_at_ms INTEGER NOT NULL
);

-- The brand an invite's pages wear; NULL: the deployment's.
ALTER TABLE sessions ADD COLUMN brand TEXT;
