-- Weighted limits (tokens per minute): a grant charges its task's units (the estimate, corrected to the reported usage at
-- completion); a task records the estimate it declared. Existing rows are unweighted and charge 1, as they always did.
ALTER TABLE rate_limit_grants ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN units INTEGER NOT NULL DEFAULT 1;
