-- A claim takes the due tasks of its queues by priority, then age. ix_tasks_due is ordered by due time, so every claim
-- sorted all the due tasks of its queues to take a few, and its cost grew with the backlog (10-20 ms with thousands
-- waiting on a DocumentExchange limit). This index is in the claim's order: a claim reads each queue from its head and
-- stops after the rows it can take. It holds running tasks too, whose expired leases a claim also takes, so a task enters
-- it once and leaves it once, when it finishes.
CREATE INDEX ix_tasks_claim ON tasks (queue, priority DESC, created_at, id) WHERE state = 'Pending' OR state = 'Running';
