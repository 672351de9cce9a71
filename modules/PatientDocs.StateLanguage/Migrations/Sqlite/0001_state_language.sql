-- The state-language module's tables: the workflows registered through its API, and the idempotency keys of its starts.
CREATE TABLE state_language_workflows (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    definition_id TEXT NOT NULL,
    engine_version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    start_at TEXT NOT NULL,
    state_count INTEGER NOT NULL,
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE state_language_idempotency_keys (
    idempotency_key TEXT NOT NULL PRIMARY KEY,
    request TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
