-- The state-language module's tables: the workflows registered through its API, and the idempotency keys of its starts.
CREATE TABLE state_language_workflows (
    name text NOT NULL,
    version text NOT NULL,
    definition_id text NOT NULL,
    engine_version integer NOT NULL,
    definition text NOT NULL,
    start_at text NOT NULL,
    state_count integer NOT NULL,
    registered_at bigint NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE state_language_idempotency_keys (
    idempotency_key text NOT NULL PRIMARY KEY,
    request text NOT NULL,
    execution_id text NOT NULL,
    created_at bigint NOT NULL
);
