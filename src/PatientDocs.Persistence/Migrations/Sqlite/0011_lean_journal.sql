-- Every burst inserts its journal records and activity-log lines, so each index on them is paid on every commit of the
-- single writer. These served no query:
-- * the journal's UNIQUE id (records are never looked up by id; ids are fresh GUIDs). SQLite cannot drop a column
--   constraint, so the table is rebuilt with the same positions, and keeps AUTOINCREMENT's high-water mark, so a
--   position handed out before (and perhaps read by a progress stream) is never handed out again;
-- * the journal's (instance, timestamp, sequence) index: an instance's records are found through (instance, position)
--   and its few records sorted;
-- * the activity log's timestamp index.
CREATE TABLE journal_lean (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    activity_instance_id TEXT NULL,
    parent_activity_instance_id TEXT NULL,
    activity_id TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    activity_type_version INTEGER NOT NULL,
    activity_name TEXT NULL,
    node_id TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    event_name TEXT NOT NULL,
    message TEXT NULL,
    source TEXT NULL,
    payload TEXT NULL
);
INSERT INTO journal_lean (position, id, instance_id, activity_instance_id, parent_activity_instance_id, activity_id, activity_type,
    activity_type_version, activity_name, node_id, timestamp, sequence, event_name, message, source, payload)
SELECT position, id, instance_id, activity_instance_id, parent_activity_instance_id, activity_id, activity_type,
    activity_type_version, activity_name, node_id, timestamp, sequence, event_name, message, source, payload
FROM journal ORDER BY position;
DELETE FROM sqlite_sequence WHERE name = 'journal_lean';
INSERT INTO sqlite_sequence (name, seq) SELECT 'journal_lean', seq FROM sqlite_sequence WHERE name = 'journal';
DROP TABLE journal;
ALTER TABLE journal_lean RENAME TO journal;
CREATE INDEX ix_journal_instance_position ON journal (instance_id, position);
DROP INDEX IF EXISTS ix_activity_log_timestamp;
