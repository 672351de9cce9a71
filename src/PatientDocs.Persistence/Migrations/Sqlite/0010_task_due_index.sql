-- The task worker asks, per queue, whether any pending task is due and when the next one is: two index seeks on this
-- index, where counting the whole backlog on every pass cost time proportional to its size.
CREATE INDEX IF NOT EXISTS ix_tasks_due ON tasks (state, queue, not_before);
