-- An online shop's access to a business client's contract (C11, beyond
-- the seed): API keys to make shipments and read their statuses, and a
-- webhook endpoint told of every status change.
--
-- A key is shown once when made; only its hash is kept (token_hash: the
-- key has 256 random bits, so a keyed SHA-256 is enough) and its first
-- characters to tell keys apart. mode: live, or test (the sandbox of
-- test mode: ck_test_ keys make and read only sandbox shipments).
CREATE TABLE cargo_api_keys (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    contract_id TEXT NOT NULL REFERENCES cargo_contracts (id),
    mode TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX cargo_api_keys_hash ON cargo_api_keys (key_hash);
CREATE INDEX cargo_api_keys_contract ON cargo_api_keys (contract_id, created_at);

-- A shipment made with an Idempotency-Key: the same key again (a retry)
-- gets the same shipment, never a second one; another body under the same
-- key is refused. request_hash: SHA-256 of the request's body. mode: live
-- (cargo_shipments) or test (cargo_sandbox_shipments), each its own keys.
CREATE TABLE cargo_api_requests (
    contract_id TEXT NOT NULL REFERENCES cargo_contracts (id),
    mode TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    shipment_id TEXT NOT NULL,
    barcode TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (contract_id, mode, idempotency_key)
);

-- One endpoint per contract. secret: the signing secret, sealed by the
-- vault with the contract's id as context.
CREATE TABLE cargo_webhooks (
    contract_id TEXT PRIMARY KEY REFERENCES cargo_contracts (id),
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The delivery log and outbox: a status change of a shipment under a
-- contract with an endpoint is one row, written in the transaction that
-- changes the status (event_key: shipment, status and its time, so a
-- repeated batch adds nothing). A worker posts due rows; state: pending,
-- delivered, failed (after the last retry); next_at: the next attempt.
CREATE TABLE cargo_webhook_deliveries (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    contract_id TEXT NOT NULL REFERENCES cargo_contracts (id),
    event_key TEXT NOT NULL,
    barcode TEXT NOT NULL,
    status TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    last_code BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE UNIQUE INDEX cargo_webhook_deliveries_event ON cargo_webhook_deliveries (contract_id, event_key);
CREATE INDEX cargo_webhook_deliveries_due ON cargo_webhook_deliveries (state, next_at);
CREATE INDEX cargo_webhook_deliveries_log ON cargo_webhook_deliveries (contract_id, created_at);

-- Test mode (C11): a business client's sandbox. Its shipments live here,
-- never in cargo_shipments, so no real list, sum, desk, document or
-- operator's page can see them; their money is cargo_ledger rows with
-- mode = 'test'. The client moves them along the statuses by hand (or the
-- shop's test key does), and each change is told to the webhook with
-- "livemode": false. barcode: "T" and 11 digits; number: per contract.
CREATE TABLE cargo_sandbox_shipments (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    contract_id TEXT NOT NULL REFERENCES cargo_contracts (id),
    barcode TEXT NOT NULL,
    number BIGINT NOT NULL,
    status TEXT NOT NULL,
    status_at BIGINT NOT NULL,
    receiver_name TEXT NOT NULL,
    receiver_phone TEXT NOT NULL,
    receiver_district TEXT NOT NULL,
    price BIGINT NOT NULL,
    cod_amount BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX cargo_sandbox_barcode ON cargo_sandbox_shipments (barcode);
CREATE UNIQUE INDEX cargo_sandbox_number ON cargo_sandbox_shipments (contract_id, number);
