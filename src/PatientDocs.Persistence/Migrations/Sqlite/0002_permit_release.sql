-- A permit counts from the answer to its request (released_at) or, while held, until held_until; rows from before this
-- version have neither and count from their grant, as they did then.
ALTER TABLE rate_limit_grants ADD COLUMN task_id TEXT NULL;
ALTER TABLE rate_limit_grants ADD COLUMN held_until INTEGER NULL;
ALTER TABLE rate_limit_grants ADD COLUMN released_at INTEGER NULL;
CREATE INDEX ix_rate_limit_grants_task ON rate_limit_grants (task_id);
