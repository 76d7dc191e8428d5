-- The cloud's schema. One text for SQLite and PostgreSQL: only BIGINT and
-- TEXT columns (ids are UUID text, hashes hex, times milliseconds since the
-- Unix epoch in UTC, money integer tiyin, flags 0/1).

CREATE TABLE tariffs (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    price_monthly BIGINT NOT NULL,
    price_yearly BIGINT NOT NULL,
    max_branches BIGINT NOT NULL,
    max_terminals BIGINT NOT NULL,
    position BIGINT NOT NULL
);

INSERT INTO tariffs (code, name, price_monthly, price_yearly, max_branches, max_terminals, position) VALUES
    ('start', 'Start', 0, 0, 1, 2, 1),
    ('biznes', 'Biznes', 29900000, 299000000, 3, 10, 2),
    ('pro', 'Pro', 79900000, 799000000, 10, 50, 3);

CREATE TABLE businesses (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE subscriptions (
    business_id TEXT PRIMARY KEY REFERENCES businesses (id),
    tariff_code TEXT NOT NULL REFERENCES tariffs (code),
    status TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    auto_renew BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE owners (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    phone TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT 'uz',
    created_at BIGINT NOT NULL
);
CREATE INDEX owners_business ON owners (business_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES owners (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    client_addr TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX sessions_owner ON sessions (owner_id);

-- A registration (or other phone check) in progress; the browser holds the
-- flow token in a cookie, the code is stored hashed.
CREATE TABLE phone_checks (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    verified_at BIGINT,
    consumed_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX phone_checks_phone ON phone_checks (phone);

-- Rate-limit windows: one row per counted action.
CREATE TABLE rate_events (
    bucket TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at);

CREATE TABLE branches (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    config_version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX branches_business ON branches (business_id);

CREATE TABLE enrolment_codes (
    code_hash TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    hub_id TEXT
);
CREATE INDEX enrolment_codes_branch ON enrolment_codes (branch_id);

CREATE TABLE hubs (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_sync_at BIGINT,
    last_batch_seq BIGINT NOT NULL DEFAULT 0,
    outbox_depth BIGINT NOT NULL DEFAULT 0,
    connected_terminals BIGINT NOT NULL DEFAULT 0,
    config_applied BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX hubs_branch ON hubs (branch_id);

CREATE TABLE sync_batches (
    hub_id TEXT NOT NULL REFERENCES hubs (id),
    seq BIGINT NOT NULL,
    digest TEXT NOT NULL,
    events BIGINT NOT NULL,
    applied_at BIGINT NOT NULL,
    PRIMARY KEY (hub_id, seq)
);

CREATE TABLE terminals (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_seen_at BIGINT
);
CREATE INDEX terminals_branch ON terminals (branch_id);

-- Raw rows, as the terminals reported them (newest version wins).
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    number BIGINT NOT NULL,
    place_id TEXT,
    employee_id TEXT NOT NULL,
    status TEXT NOT NULL,
    items_total BIGINT NOT NULL,
    cost_total BIGINT NOT NULL,
    service_charge BIGINT NOT NULL,
    total BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX orders_branch_created ON orders (branch_id, created_at);
CREATE INDEX orders_business_created ON orders (business_id, created_at);

CREATE TABLE order_items (
    order_id TEXT NOT NULL,
    line BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    qty_milli BIGINT NOT NULL,
    unit_price BIGINT NOT NULL,
    cost_price BIGINT NOT NULL,
    total BIGINT NOT NULL,
    cost_total BIGINT NOT NULL,
    PRIMARY KEY (order_id, line)
);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    order_id TEXT NOT NULL,
    method TEXT NOT NULL,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX payments_branch_created ON payments (branch_id, created_at);
CREATE INDEX payments_order ON payments (order_id);

CREATE TABLE products (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    price BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    unit TEXT NOT NULL,
    stock_milli BIGINT,
    active BIGINT NOT NULL
);
CREATE INDEX products_branch ON products (branch_id);

CREATE TABLE employees (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    role TEXT NOT NULL,
    active BIGINT NOT NULL
);
CREATE INDEX employees_branch ON employees (branch_id);

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    name TEXT NOT NULL,
    service_bp BIGINT NOT NULL,
    active BIGINT NOT NULL
);
CREATE INDEX places_branch ON places (branch_id);

-- Rollups, updated in the same transaction as the raw rows. `hour` is the
-- order's (payment's) creation time in whole hours since the epoch, UTC.
CREATE TABLE rollup_orders (
    branch_id TEXT NOT NULL,
    hour BIGINT NOT NULL,
    employee_id TEXT NOT NULL,
    status TEXT NOT NULL,
    business_id TEXT NOT NULL,
    orders BIGINT NOT NULL,
    items_total BIGINT NOT NULL,
    cost_total BIGINT NOT NULL,
    service_charge BIGINT NOT NULL,
    PRIMARY KEY (branch_id, hour, employee_id, status)
);
CREATE INDEX rollup_orders_business ON rollup_orders (business_id, hour);

CREATE TABLE rollup_products (
    branch_id TEXT NOT NULL,
    hour BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    status TEXT NOT NULL,
    business_id TEXT NOT NULL,
    qty_milli BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    PRIMARY KEY (branch_id, hour, product_id, status)
);
CREATE INDEX rollup_products_business ON rollup_products (business_id, hour);

CREATE TABLE rollup_payments (
    branch_id TEXT NOT NULL,
    hour BIGINT NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    business_id TEXT NOT NULL,
    payments BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (branch_id, hour, method, status)
);
CREATE INDEX rollup_payments_business ON rollup_payments (business_id, hour);
