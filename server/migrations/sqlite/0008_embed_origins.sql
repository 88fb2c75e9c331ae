-- Origins that may frame an invite's /embed/t/<code> page, besides the deployment's
-- (space-separated, validated origins); NULL: none of its own.
ALTER TABLE sessions ADD COLUMN embed_origins TEXT;
