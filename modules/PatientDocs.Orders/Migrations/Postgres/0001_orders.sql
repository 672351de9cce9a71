-- The orders module's tables: the current state of each order, the record of its one charge, and its audit trail.
CREATE TABLE orders (
    order_id text NOT NULL PRIMARY KEY,
    instance_id text NOT NULL,
    customer_id text NOT NULL,
    request text NOT NULL,
    items text NOT NULL,
    amount numeric NOT NULL,
    payment_token text NOT NULL,
    address text NOT NULL,
    state text NOT NULL,
    approved boolean NOT NULL DEFAULT false,
    approval_requested boolean NOT NULL DEFAULT false,
    cancel_requested boolean NOT NULL DEFAULT false,
    payment_id text NULL,
    payment_attempts integer NOT NULL DEFAULT 0,
    shipping_instance_id text NULL,
    shipping_state text NOT NULL DEFAULT 'none',
    tracking_id text NULL,
    error text NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE payments (
    payment_id text NOT NULL PRIMARY KEY,
    order_id text NOT NULL UNIQUE,
    amount numeric NOT NULL,
    status text NOT NULL,
    provider_reference text NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE order_events (
    id bigserial NOT NULL PRIMARY KEY,
    order_id text NOT NULL,
    event_key text NOT NULL,
    type text NOT NULL,
    at bigint NOT NULL,
    detail text NULL,
    UNIQUE (order_id, event_key)
);
