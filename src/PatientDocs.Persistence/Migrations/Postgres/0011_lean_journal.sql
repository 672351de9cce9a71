-- Every burst inserts its journal records and activity-log lines, so each index on them is paid on every commit. These
-- served no query: the journal's primary key on id (records are never looked up by id; ids are fresh GUIDs), which
-- the position's unique index now replaces; the journal's (instance, timestamp, sequence) index (an instance's records
-- are found through (instance, position) and its few records sorted); and the activity log's timestamp index.
ALTER TABLE journal DROP CONSTRAINT journal_pkey;
ALTER TABLE journal ADD CONSTRAINT journal_pkey PRIMARY KEY USING INDEX ux_journal_position;
DROP INDEX IF EXISTS ix_journal_instance;
DROP INDEX IF EXISTS ix_activity_log_timestamp;
