-- Activity-log lines are written with their burst and numbered after they commit (sequence stays NULL until then); the
-- CSV is copied from the table in sequence order. Lines from before this version are numbered by the first copy.
ALTER TABLE activity_log ADD COLUMN activity_execution_id text NULL;
ALTER TABLE activity_log ADD COLUMN sequence bigint NULL;
CREATE UNIQUE INDEX ux_activity_log_sequence ON activity_log (sequence);
CREATE INDEX ix_activity_log_unsequenced ON activity_log (id) WHERE sequence IS NULL;
