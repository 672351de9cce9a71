-- Every journal record gets a global, increasing position (the progress streams' order and the all-instances cursor).
-- SQLite cannot add an autoincrement column, so the table is rebuilt; existing records are numbered in the order the
-- journal showed them: by instance, then timestamp and sequence. AUTOINCREMENT never reuses a position.
CREATE TABLE journal_positioned (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
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
INSERT INTO journal_positioned (id, instance_id, activity_instance_id, parent_activity_instance_id, activity_id, activity_type,
    activity_type_version, activity_name, node_id, timestamp, sequence, event_name, message, source, payload)
SELECT id, instance_id, activity_instance_id, parent_activity_instance_id, activity_id, activity_type,
    activity_type_version, activity_name, node_id, timestamp, sequence, event_name, message, source, payload
FROM journal ORDER BY instance_id, timestamp, sequence, id;
DROP TABLE journal;
ALTER TABLE journal_positioned RENAME TO journal;
CREATE INDEX ix_journal_instance ON journal (instance_id, timestamp, sequence);
CREATE INDEX ix_journal_instance_position ON journal (instance_id, position);
