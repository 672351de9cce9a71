-- The patient-documents module's table. Databases created before modules had their own scripts got it from the
-- engine's first script, hence IF NOT EXISTS: both paths end with the same table.
CREATE TABLE IF NOT EXISTS patients (
    id text NOT NULL PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    documents_status text NULL,
    updated_at bigint NULL
);
