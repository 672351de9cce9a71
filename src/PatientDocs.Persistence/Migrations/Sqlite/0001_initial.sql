-- PatientDocs schema v1 (SQLite). Timestamps are UTC unix milliseconds; enums are text.
CREATE TABLE definition_versions (
    id TEXT NOT NULL PRIMARY KEY,
    definition_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_latest INTEGER NOT NULL,
    is_published INTEGER NOT NULL,
    name TEXT NULL,
    created_at INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX ix_definition_versions_definition ON definition_versions (definition_id, version);

CREATE TABLE instances (
    id TEXT NOT NULL PRIMARY KEY,
    definition_id TEXT NOT NULL,
    definition_version_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NULL,
    correlation_id TEXT NULL,
    status TEXT NOT NULL,
    sub_status TEXT NOT NULL,
    incident_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER NULL,
    state TEXT NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at INTEGER NULL
);
CREATE INDEX ix_instances_status ON instances (status, sub_status);
CREATE INDEX ix_instances_definition ON instances (definition_id);
CREATE INDEX ix_instances_correlation ON instances (correlation_id);
CREATE INDEX ix_instances_created ON instances (created_at);
CREATE INDEX ix_instances_updated ON instances (updated_at);

CREATE TABLE bookmarks (
    id TEXT NOT NULL PRIMARY KEY,
    instance_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    activity_node_id TEXT NULL,
    kind TEXT NOT NULL,
    name TEXT NULL,
    correlation_id TEXT NULL,
    due_at INTEGER NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_bookmarks_instance ON bookmarks (instance_id);
CREATE INDEX ix_bookmarks_lookup ON bookmarks (kind, name, correlation_id);

CREATE TABLE work_items (
    id TEXT NOT NULL PRIMARY KEY,
    instance_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    bookmark_id TEXT NULL,
    payload TEXT NULL,
    available_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_work_items_available ON work_items (available_at);
CREATE INDEX ix_work_items_instance ON work_items (instance_id, available_at);

CREATE TABLE tasks (
    id TEXT NOT NULL PRIMARY KEY,
    queue TEXT NOT NULL,
    handler TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    bookmark_id TEXT NULL,
    group_id TEXT NULL,
    priority INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    not_before INTEGER NOT NULL,
    deadline INTEGER NULL,
    lease_owner TEXT NULL,
    lease_expires_at INTEGER NULL,
    permit_granted_at INTEGER NULL,
    input TEXT NOT NULL,
    result TEXT NULL,
    error TEXT NULL,
    created_at INTEGER NOT NULL,
    completed_at INTEGER NULL
);
CREATE UNIQUE INDEX ux_tasks_idempotency_key ON tasks (idempotency_key);
CREATE INDEX ix_tasks_ready ON tasks (state, queue, priority DESC, not_before, created_at);
CREATE INDEX ix_tasks_instance ON tasks (instance_id);
CREATE INDEX ix_tasks_group ON tasks (group_id);

CREATE TABLE task_groups (
    id TEXT NOT NULL PRIMARY KEY,
    instance_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    bookmark_id TEXT NOT NULL,
    parent_task_id TEXT NOT NULL,
    total INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    first_error TEXT NULL,
    activity_state TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_task_groups_instance ON task_groups (instance_id);

CREATE TABLE rate_limits (
    name TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE rate_limit_grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    limit_name TEXT NOT NULL,
    granted_at INTEGER NOT NULL
);
CREATE INDEX ix_rate_limit_grants_limit ON rate_limit_grants (limit_name, granted_at);

CREATE TABLE journal (
    id TEXT NOT NULL PRIMARY KEY,
    instance_id TEXT NOT NULL,
    activity_instance_id TEXT NULL,
    parent_activity_instance_id TEXT NULL,
    activity_id TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    activity_type_version INTEGER NOT NULL,
    activity_name TEXT NULL,
    node_id TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    event_name TEXT NOT NULL,
    message TEXT NULL,
    source TEXT NULL,
    payload TEXT NULL
);
CREATE INDEX ix_journal_instance ON journal (instance_id, timestamp, sequence);

CREATE TABLE activity_executions (
    id TEXT NOT NULL PRIMARY KEY,
    instance_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    activity_node_id TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    activity_type_version INTEGER NOT NULL,
    activity_name TEXT NULL,
    started_at INTEGER NOT NULL,
    completed_at INTEGER NULL,
    has_bookmarks INTEGER NOT NULL,
    status TEXT NOT NULL,
    activity_state TEXT NULL,
    outputs TEXT NULL,
    payload TEXT NULL,
    exception TEXT NULL
);
CREATE INDEX ix_activity_executions_instance ON activity_executions (instance_id, activity_node_id);

CREATE TABLE activity_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp INTEGER NOT NULL,
    phase TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    activity_name TEXT NULL,
    arguments TEXT NOT NULL,
    result TEXT NULL
);
CREATE INDEX ix_activity_log_instance ON activity_log (instance_id);
CREATE INDEX ix_activity_log_timestamp ON activity_log (timestamp);
