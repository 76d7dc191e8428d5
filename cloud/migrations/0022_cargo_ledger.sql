-- Money between a courier company and its clients (C1's balance, C6, C7,
-- C10, C11).

-- A client's contract with the company (C11): one per office the client
-- ships through; its number and date print on invoices and acts, its
-- manager shows in the business section.
CREATE TABLE cargo_contracts (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    office_id TEXT NOT NULL REFERENCES branches (id),
    number TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    manager_name TEXT NOT NULL DEFAULT '',
    manager_phone TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (business_id, number)
);
CREATE INDEX cargo_contracts_client ON cargo_contracts (client_id, created_at);

-- The ledger: every movement of money between the company and a client, one
-- row each, never changed or deleted. amount (tiyin) > 0 is in the client's
-- favour (a payment, cash on delivery collected for them, a refund), < 0
-- against it (a charge, cash on delivery paid out to them); a correction is
-- either. A balance is a sum of rows, never a stored counter.
-- `source_key` names what caused the row (a shipment's charge, a provider's
-- transaction, a desk's payment), so a repeat of the cause writes nothing.
-- mode: live or test (the business section's sandbox; never summed with
-- live). method: how a payment came (click, cash, transfer…), else ''.
-- shipment_id has no foreign key: a charge and its refund outlive a
-- shipment deleted while still with its sender.
CREATE TABLE cargo_ledger (
    id TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    contract_id TEXT REFERENCES cargo_contracts (id),
    mode TEXT NOT NULL,
    kind TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    amount BIGINT NOT NULL,
    shipment_id TEXT,
    barcode TEXT NOT NULL DEFAULT '',
    source_key TEXT NOT NULL UNIQUE,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX cargo_ledger_client ON cargo_ledger (client_id, mode, at, id);
CREATE INDEX cargo_ledger_contract ON cargo_ledger (contract_id, mode, at, id);
CREATE INDEX cargo_ledger_shipment ON cargo_ledger (shipment_id);
