-- Payme's merchant API (B2): Payme's transactions against our invoices, and
-- the key Payme changed with ChangePassword (sealed by the vault).

-- One row per Payme transaction (Payme's 24-hex id). Times are UTC
-- milliseconds, 0 when unset, as Payme's protocol has them. `payme_time` is
-- Payme's own `time` (the 12 h timeout and GetStatement count from it).
-- state: 1 created, 2 performed, -1 cancelled, -2 cancelled after perform.
CREATE TABLE payme_transactions (
    id TEXT PRIMARY KEY,
    -- Our id for it (`transaction` in Payme's answers).
    transaction_id TEXT NOT NULL UNIQUE,
    invoice_id TEXT NOT NULL REFERENCES invoices (id),
    payme_time BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    state BIGINT NOT NULL,
    create_time BIGINT NOT NULL,
    perform_time BIGINT NOT NULL DEFAULT 0,
    cancel_time BIGINT NOT NULL DEFAULT 0,
    -- Payme's cancel reason (1, 2, 3, 4, 5, 10), NULL until cancelled.
    reason BIGINT
);
CREATE INDEX payme_transactions_invoice ON payme_transactions (invoice_id, state);
CREATE INDEX payme_transactions_time ON payme_transactions (payme_time);
-- Payme's rule, kept by the database too: one active transaction per invoice.
CREATE UNIQUE INDEX payme_transactions_one_active ON payme_transactions (invoice_id) WHERE state = 1;

-- The key set by ChangePassword (one row, id 1): it replaces the configured
-- `billing.payme.key` until the next change.
CREATE TABLE payme_keys (
    id BIGINT PRIMARY KEY,
    key_sealed TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
