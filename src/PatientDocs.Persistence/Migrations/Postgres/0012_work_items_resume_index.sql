-- The instance lease ranks instances with work other than a Start first. This index holds only that work, so finding it
-- no longer scans the Start items a start storm leaves due by the thousand.
CREATE INDEX IF NOT EXISTS ix_work_items_resume ON work_items (available_at) WHERE kind <> 'Start';
