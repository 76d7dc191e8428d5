-- The cargo cabinet (C1–C5, C8, C9, C12, C13): courier companies, their
-- offices, their clients, shipments and their history, tariffs, uploads,
-- appeals. Money in tiyin, weights in grams, sizes in cm, times UTC ms.

-- A business that is a courier company. `slug` names its cabinet
-- (`/cargo/{slug}/…`); the app links become QR codes on the profile page.
CREATE TABLE cargo_companies (
    business_id TEXT PRIMARY KEY REFERENCES businesses (id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    app_ios_url TEXT NOT NULL DEFAULT '',
    app_android_url TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- A branch of a courier company is an office: its short code (printed on
-- waybills, "URGANCH") and the district it serves from.
CREATE TABLE cargo_offices (
    branch_id TEXT PRIMARY KEY REFERENCES branches (id),
    business_id TEXT NOT NULL REFERENCES businesses (id),
    code TEXT NOT NULL,
    region_soato TEXT NOT NULL REFERENCES regions (soato),
    district_soato TEXT NOT NULL REFERENCES districts (soato),
    created_at BIGINT NOT NULL,
    UNIQUE (business_id, code)
);
CREATE INDEX cargo_offices_district ON cargo_offices (business_id, district_soato);

-- A client of one courier company (people and firms), a kind of account of
-- its own: the same phone may be a client of two companies.
CREATE TABLE cargo_clients (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    phone TEXT NOT NULL,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    birth_date TEXT NOT NULL DEFAULT '',
    barcode TEXT NOT NULL UNIQUE,
    photo TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'uz',
    created_at BIGINT NOT NULL,
    UNIQUE (business_id, phone)
);

CREATE TABLE cargo_sessions (
    token_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    client_addr TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX cargo_sessions_client ON cargo_sessions (client_id);

-- Counters handed out inside a write transaction: `barcode` (platform-wide
-- serials), `number:{business_id}` (the order number a company shows),
-- `appeal:{business_id}`.
CREATE TABLE cargo_counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

-- A roll of pre-printed labels given to an office: the serials
-- [first_serial, first_serial + count) are the company's, for walk-ins.
CREATE TABLE cargo_label_rolls (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    first_serial BIGINT NOT NULL,
    count BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX cargo_label_rolls_business ON cargo_label_rolls (business_id, first_serial);

-- An upload of shipments from a spreadsheet (a "folder", C5). status:
-- queued, processing, imported, partial, failed.
CREATE TABLE cargo_uploads (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    uploaded_by TEXT NOT NULL,
    file_name TEXT NOT NULL,
    status TEXT NOT NULL,
    rows_total BIGINT NOT NULL DEFAULT 0,
    rows_imported BIGINT NOT NULL DEFAULT 0,
    rows_failed BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    processed_at BIGINT
);
CREATE INDEX cargo_uploads_client ON cargo_uploads (client_id, created_at);

-- A row of an upload that did not import: the row as it was (JSON object
-- of column → text) and each problem (JSON array of {column, code}).
CREATE TABLE cargo_upload_errors (
    upload_id TEXT NOT NULL REFERENCES cargo_uploads (id),
    row_number BIGINT NOT NULL,
    raw TEXT NOT NULL,
    problems TEXT NOT NULL,
    PRIMARY KEY (upload_id, row_number)
);

-- A shipment. `status`/`status_at` are the latest entry of its history by
-- scan time (kept up to date when scans arrive late or out of order).
-- source: cabinet, upload, desk. delivery: door, office. Districts and
-- regions are SOATO codes; offices are branch ids.
CREATE TABLE cargo_shipments (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    barcode TEXT NOT NULL UNIQUE,
    number BIGINT NOT NULL,
    client_id TEXT REFERENCES cargo_clients (id),
    source TEXT NOT NULL,
    upload_id TEXT REFERENCES cargo_uploads (id),
    status TEXT NOT NULL,
    status_at BIGINT NOT NULL,
    ship_date TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    sender_phone TEXT NOT NULL,
    sender_region TEXT NOT NULL,
    sender_district TEXT NOT NULL,
    sender_address TEXT NOT NULL,
    pickup BIGINT NOT NULL DEFAULT 0,
    receiver_name TEXT NOT NULL,
    receiver_phone TEXT NOT NULL,
    receiver_region TEXT NOT NULL,
    receiver_district TEXT NOT NULL,
    receiver_address TEXT NOT NULL,
    delivery TEXT NOT NULL,
    parcel_type TEXT NOT NULL,
    weight_g BIGINT NOT NULL,
    pieces BIGINT NOT NULL,
    width_cm BIGINT NOT NULL DEFAULT 0,
    length_cm BIGINT NOT NULL DEFAULT 0,
    height_cm BIGINT NOT NULL DEFAULT 0,
    client_barcode TEXT NOT NULL DEFAULT '',
    photo_report BIGINT NOT NULL DEFAULT 0,
    cod_amount BIGINT NOT NULL DEFAULT 0,
    return_documents BIGINT NOT NULL DEFAULT 0,
    declared_value BIGINT NOT NULL DEFAULT 0,
    price BIGINT NOT NULL,
    origin_office TEXT REFERENCES branches (id),
    destination_office TEXT REFERENCES branches (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The client's lists, newest first, keyset by (created_at, id).
CREATE INDEX cargo_shipments_client ON cargo_shipments (client_id, created_at, id);
CREATE INDEX cargo_shipments_client_status ON cargo_shipments (client_id, status, created_at, id);
-- Incoming: the receiver's phone within the company.
CREATE INDEX cargo_shipments_receiver ON cargo_shipments (business_id, receiver_phone, created_at, id);
-- Operators: the company's shipments.
CREATE INDEX cargo_shipments_business ON cargo_shipments (business_id, created_at, id);
CREATE UNIQUE INDEX cargo_shipments_number ON cargo_shipments (business_id, number);

-- The append-only history, keyed by barcode so a scan that reaches the cloud
-- before its shipment (a walk-in synced late) waits for it. `id` is the
-- desk's scan id (exactly once) or one made here. kind: created,
-- pickup_requested, deleted… or a desk scan kind; status: the status after it.
CREATE TABLE cargo_events (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    barcode TEXT NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    office_id TEXT,
    terminal_id TEXT,
    received_at BIGINT NOT NULL
);
CREATE INDEX cargo_events_barcode ON cargo_events (barcode, at, id);

-- The company's price list: which zone a pair of regions is, the price per
-- zone up to each weight (the first band whose max_weight_g holds the
-- chargeable weight; above the last, per_kg_over for each started kg), and
-- what each extra service adds. Operators edit it.
CREATE TABLE cargo_zones (
    business_id TEXT NOT NULL REFERENCES businesses (id),
    from_region TEXT NOT NULL REFERENCES regions (soato),
    to_region TEXT NOT NULL REFERENCES regions (soato),
    zone BIGINT NOT NULL,
    PRIMARY KEY (business_id, from_region, to_region)
);
CREATE TABLE cargo_rates (
    business_id TEXT NOT NULL REFERENCES businesses (id),
    zone BIGINT NOT NULL,
    max_weight_g BIGINT NOT NULL,
    price BIGINT NOT NULL,
    PRIMARY KEY (business_id, zone, max_weight_g)
);
CREATE TABLE cargo_tariffs (
    business_id TEXT PRIMARY KEY REFERENCES businesses (id),
    per_kg_over BIGINT NOT NULL,
    volumetric_divisor BIGINT NOT NULL,
    pickup_price BIGINT NOT NULL,
    door_price BIGINT NOT NULL,
    photo_report_price BIGINT NOT NULL,
    return_documents_price BIGINT NOT NULL,
    cod_fee_bp BIGINT NOT NULL,
    declared_value_bp BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Appeals (C13). kind: question, complaint, suggestion, claim; status:
-- new, answered. `number` counts per company.
CREATE TABLE cargo_appeals (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    number BIGINT NOT NULL,
    client_id TEXT REFERENCES cargo_clients (id),
    shipment_id TEXT REFERENCES cargo_shipments (id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT,
    answered_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (business_id, number)
);
CREATE INDEX cargo_appeals_client ON cargo_appeals (client_id, created_at);
CREATE INDEX cargo_appeals_business ON cargo_appeals (business_id, status, created_at);

-- Captchas already answered (single use); rows older than their expiry are
-- swept.
CREATE TABLE captcha_uses (
    nonce TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
