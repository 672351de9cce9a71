-- A child started by BulkDispatchWorkflows resumes its parent's one bulk bookmark (which counts the children), not a
-- bookmark of its own; the column is cleared once the child has reported its end, so it is counted once.
ALTER TABLE instances ADD COLUMN parent_bookmark_id text NULL;
