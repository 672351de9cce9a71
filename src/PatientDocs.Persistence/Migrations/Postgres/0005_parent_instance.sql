-- Child workflows (ExecuteWorkflow, DispatchWorkflow, BulkDispatchWorkflows) point at the instance that started them; a
-- cancelled parent finds its unfinished children through the index.
ALTER TABLE instances ADD COLUMN parent_instance_id text NULL;
CREATE INDEX ix_instances_parent ON instances (parent_instance_id);
