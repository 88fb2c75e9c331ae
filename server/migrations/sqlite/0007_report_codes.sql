-- A second code per session that reads every run (the report link), apart from the
-- agent's code, which runs the test. Sessions made before have none: their one code
-- still does both.
ALTER TABLE sessions ADD COLUMN report_code TEXT;
CREATE UNIQUE INDEX sessions_by_report_code ON sessions (report_code);
