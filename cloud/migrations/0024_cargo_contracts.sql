-- Business clients' contracts in use (C11). A client has at most one
-- contract per office; a shipment a client makes leaves under their contract
-- with the office it leaves from (the sender's district's office), and every
-- ledger row about that shipment (its charge, its payments, its refund, its
-- cash on delivery) belongs to that contract.
ALTER TABLE cargo_shipments ADD COLUMN contract_id TEXT REFERENCES cargo_contracts (id);
CREATE INDEX cargo_shipments_contract ON cargo_shipments (contract_id, created_at, id);
CREATE UNIQUE INDEX cargo_contracts_office ON cargo_contracts (client_id, office_id);
