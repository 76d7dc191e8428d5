-- Legal details (rekvizitlar) that an invoice (hisob-faktura) prints for
-- both parties: a courier company's (owner_id = its business id) and a
-- business client's (owner_id = the client's id). tin: INN (9 digits) of a
-- legal entity or PINFL (14) of a person; vat_code: the VAT payer's
-- registration code (12 digits), empty when not a VAT payer; bank_account:
-- 20 digits; mfo: the bank's 5-digit code; ikpu: the company's service code
-- in the national classifier (IKPU / MXIK, 17 digits), empty for clients.
CREATE TABLE cargo_legal (
    owner_id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    legal_name TEXT NOT NULL,
    tin TEXT NOT NULL,
    vat_code TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL,
    bank_account TEXT NOT NULL,
    mfo TEXT NOT NULL,
    bank_name TEXT NOT NULL DEFAULT '',
    ikpu TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
CREATE INDEX cargo_legal_business ON cargo_legal (business_id);
