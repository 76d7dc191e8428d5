-- Billing (B1, P10, P15): the tariffs' fiscal data, the subscription's
-- lifecycle, invoices and the one payment that settles each.

-- What Payme's receipt `detail` needs for fiscalisation: the product's IKPU
-- (MXIK) code, its package code and the VAT rate in percent.
ALTER TABLE tariffs ADD COLUMN ikpu_code TEXT NOT NULL DEFAULT '10305001001000000';
ALTER TABLE tariffs ADD COLUMN package_code TEXT NOT NULL DEFAULT '1501152';
ALTER TABLE tariffs ADD COLUMN vat_percent BIGINT NOT NULL DEFAULT 12;

-- `status` is what was last decided (trial, active, suspended); the time
-- decides expiry when read (see src/billing/lifecycle.rs). `paid` tells a
-- resumed subscription whether it was ever paid for.
ALTER TABLE subscriptions ADD COLUMN paid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN suspended_reason TEXT;
-- Before billing every subscription was a trial stored as 'active'.
UPDATE subscriptions SET status = 'trial' WHERE status = 'active';

-- An invoice fixes a tariff, a period and the amount at its creation; any
-- provider may pay it, once.
CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    tariff_code TEXT NOT NULL REFERENCES tariffs (code),
    period TEXT NOT NULL,
    amount BIGINT NOT NULL,
    -- open, paid, cancelled
    status TEXT NOT NULL,
    -- owner, operator, renewal
    origin TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    paid_at BIGINT
);
CREATE INDEX invoices_business ON invoices (business_id, created_at);

-- The payment that settled an invoice: one per invoice, whoever paid it.
CREATE TABLE billing_payments (
    id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL UNIQUE REFERENCES invoices (id),
    business_id TEXT NOT NULL REFERENCES businesses (id),
    -- payme, click, card, multicard, sello
    provider TEXT NOT NULL,
    provider_txn_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid_at BIGINT NOT NULL,
    tariff_code TEXT NOT NULL,
    period TEXT NOT NULL,
    period_from BIGINT NOT NULL,
    period_to BIGINT NOT NULL
);
CREATE INDEX billing_payments_business ON billing_payments (business_id, paid_at);

-- Saved cards (B6): only the provider's token (sealed by the vault), the
-- brand, the last four digits and the expiry; never the number. The
-- business's card is its newest verified one not removed.
CREATE TABLE cards (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    provider TEXT NOT NULL,
    token_sealed TEXT NOT NULL,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    -- MMYY
    expire TEXT NOT NULL,
    verified_at BIGINT,
    created_at BIGINT NOT NULL,
    removed_at BIGINT
);
CREATE INDEX cards_business ON cards (business_id, created_at);
