-- Paying for a shipment online (C6): each courier company takes its
-- clients' money on its own Click service, never the platform's.

-- The company's Click service: the ids Click gave it and its secret key,
-- sealed with the cloud's vault (the context is the business id).
CREATE TABLE cargo_click_services (
    business_id TEXT PRIMARY KEY REFERENCES businesses (id),
    service_id TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    merchant_user_id TEXT NOT NULL DEFAULT '',
    secret_sealed TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A client's payment of a shipment, sent to a provider (Click's
-- `merchant_trans_id`). `due` is what the shipment still needed when it was
-- made; `amount` (≥ due) is what the client chose to pay, the rest going to
-- their balance. status: open, paid, cancelled.
CREATE TABLE cargo_pays (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    shipment_id TEXT NOT NULL,
    barcode TEXT NOT NULL,
    due BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    provider TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    paid_at BIGINT
);
CREATE INDEX cargo_pays_client ON cargo_pays (client_id, created_at);
CREATE INDEX cargo_pays_shipment ON cargo_pays (shipment_id);

-- Click's transactions for cargo payments (one per attempt of the payer),
-- as `click_transactions` is for subscription invoices. Our ids for them come
-- from the same `click_ids` counter.
CREATE TABLE cargo_click_transactions (
    click_trans_id BIGINT PRIMARY KEY,
    pay_id TEXT NOT NULL REFERENCES cargo_pays (id),
    merchant_prepare_id BIGINT NOT NULL UNIQUE,
    click_paydoc_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    -- prepared, completed, cancelled
    state TEXT NOT NULL,
    merchant_confirm_id BIGINT,
    click_error BIGINT,
    prepared_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX cargo_click_transactions_pay ON cargo_click_transactions (pay_id);
