-- Schedule triggers (Cron, Timer, StartAt): per definition and activity, the version armed and the last tick fired. A
-- tick moves last_due_at forward only if it is later, in the transaction that creates its instance: one instance per tick.
CREATE TABLE schedules (
    schedule_key text NOT NULL PRIMARY KEY,
    definition_version_id text NOT NULL,
    last_due_at bigint NOT NULL
);
