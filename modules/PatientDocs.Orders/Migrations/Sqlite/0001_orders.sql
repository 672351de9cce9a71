-- The orders module's tables: the current state of each order, the record of its one charge, and its audit trail.
CREATE TABLE orders (
    order_id TEXT NOT NULL PRIMARY KEY,
    instance_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    request TEXT NOT NULL,
    items TEXT NOT NULL,
    amount TEXT NOT NULL,
    payment_token TEXT NOT NULL,
    address TEXT NOT NULL,
    state TEXT NOT NULL,
    approved INTEGER NOT NULL DEFAULT 0,
    approval_requested INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    payment_id TEXT NULL,
    payment_attempts INTEGER NOT NULL DEFAULT 0,
    shipping_instance_id TEXT NULL,
    shipping_state TEXT NOT NULL DEFAULT 'none',
    tracking_id TEXT NULL,
    error TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE payments (
    payment_id TEXT NOT NULL PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE,
    amount TEXT NOT NULL,
    status TEXT NOT NULL,
    provider_reference TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE order_events (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    event_key TEXT NOT NULL,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    detail TEXT NULL,
    UNIQUE (order_id, event_key)
);
