-- Multicard (B4, P11): the token each branch's credentials yield, and mobile
-- payments taken at the till.
--
-- The token is sealed by the vault like the secret; `token_checked_at` is
-- when the status was last decided (0 = never), `token_expires_at` when
-- Multicard says the token stops working (UTC ms).
ALTER TABLE multicard_settings ADD COLUMN token_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE multicard_settings ADD COLUMN token_expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE multicard_settings ADD COLUMN token_checked_at BIGINT NOT NULL DEFAULT 0;

-- One payment a terminal asked for. `id` is the invoice_id Multicard knows;
-- (branch_id, request_id) makes the terminal's retries of one request the
-- same payment. status: pending, paid, failed, refunded.
CREATE TABLE multicard_payments (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    terminal_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    store_id TEXT NOT NULL,
    uuid TEXT NOT NULL DEFAULT '',
    checkout_url TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    paid_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (branch_id, request_id)
);

-- Every callback counted, by Multicard's uuid and kind (success, or a
-- status webhook's status): a repeat finds its row and changes nothing.
CREATE TABLE multicard_callbacks (
    uuid TEXT NOT NULL,
    kind TEXT NOT NULL,
    payment_id TEXT NOT NULL REFERENCES multicard_payments (id),
    received_at BIGINT NOT NULL,
    PRIMARY KEY (uuid, kind)
);
