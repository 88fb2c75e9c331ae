-- Runs are numbered within their session (1, 2, 3…): the page and the report show
-- that number, never the table's row id, which would tell how many runs the server holds.
ALTER TABLE runs ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
UPDATE runs SET number = (SELECT COUNT(*) FROM runs AS earlier
                          WHERE earlier.session_id = runs.session_id AND earlier.id <= runs.id);
CREATE UNIQUE INDEX runs_session_number ON runs (session_id, number);
