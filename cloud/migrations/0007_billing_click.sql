-- Click SHOP API (B3): one row per Click transaction (`click_trans_id`, one
-- payment attempt of one invoice). Prepare creates it, Complete completes
-- or cancels it, in the same database transaction as the invoice's
-- settlement, so a Click transaction is never completed without its payment
-- nor the other way round.
CREATE TABLE click_transactions (
    click_trans_id BIGINT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices (id),
    -- Our id for it, handed to Click in Prepare's answer; Complete must
    -- carry it back.
    merchant_prepare_id BIGINT NOT NULL UNIQUE,
    click_paydoc_id BIGINT NOT NULL,
    -- The amount exactly as Click wrote it (so'm) and as tiyin.
    amount_text TEXT NOT NULL,
    amount BIGINT NOT NULL,
    -- Prepare's `sign_time` as received (`YYYY-MM-DD HH:mm:ss`).
    sign_time TEXT NOT NULL,
    -- prepared, completed, cancelled
    state TEXT NOT NULL,
    -- Our id for the completion, handed to Click in Complete's answer.
    merchant_confirm_id BIGINT UNIQUE,
    -- Click's `error` when it cancelled the payment (e.g. -5017).
    click_error BIGINT,
    prepared_at BIGINT NOT NULL,
    completed_at BIGINT,
    cancelled_at BIGINT
);
CREATE INDEX click_transactions_invoice ON click_transactions (invoice_id);

-- Our ids for Click (`merchant_prepare_id`, `merchant_confirm_id`): small,
-- increasing, never reused. Click's documentation types them `int`, so they
-- come from a counter rather than at random. Taking the next one locks
-- this row until the transaction ends.
CREATE TABLE click_ids (
    name TEXT PRIMARY KEY,
    next_id BIGINT NOT NULL
);
INSERT INTO click_ids (name, next_id) VALUES ('merchant', 1);
