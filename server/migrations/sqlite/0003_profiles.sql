-- The requirement profile a session is judged against (NULL: the default one), and
-- the profile each run was judged with, as it was then: a report stays right when an
-- operator later changes or removes a profile.
ALTER TABLE sessions ADD COLUMN profile_id TEXT;
ALTER TABLE runs ADD COLUMN profile_json TEXT;
