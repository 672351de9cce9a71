-- The patient-documents module's table. Databases created before modules had their own scripts got it from the
-- engine's first script, hence IF NOT EXISTS: both paths end with the same table.
CREATE TABLE IF NOT EXISTS patients (
    id TEXT NOT NULL PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    documents_status TEXT NULL,
    updated_at INTEGER NULL
);
