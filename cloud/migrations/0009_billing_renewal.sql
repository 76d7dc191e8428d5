-- Auto-renewal (B6): one row per subscription period a saved card is charged
-- for. UNIQUE (business_id, period_ends_at) is the claim: every cloud
-- instance may try to insert it, one succeeds, so a period is charged at most
-- once across restarts and instances. The receipt id is stored before the
-- card is charged, so a charge whose outcome was lost (a crash) is looked up
-- with receipts.check, never made again.
CREATE TABLE renewals (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    -- the end date this renewal extends
    period_ends_at BIGINT NOT NULL,
    invoice_id TEXT REFERENCES invoices (id),
    card_id TEXT REFERENCES cards (id),
    -- Payme's receipt id once created
    receipt_id TEXT,
    -- pending, done, failed, cancelled
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- an instance working on it holds it until then
    lease_until BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (business_id, period_ends_at)
);
CREATE INDEX renewals_due ON renewals (status, next_attempt_at);
