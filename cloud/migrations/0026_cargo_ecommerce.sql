-- E-commerce (C10): an office's (contract's) or a client's orders of a
-- period counted by status with their cash on delivery, read from the index
-- alone; the lists by status.
CREATE INDEX cargo_shipments_contract_cod ON cargo_shipments (contract_id, created_at, status, cod_amount);
CREATE INDEX cargo_shipments_client_cod ON cargo_shipments (client_id, created_at, status, cod_amount);
CREATE INDEX cargo_shipments_contract_status ON cargo_shipments (contract_id, status, created_at, id);
-- The blocks' sums of a contract's ledger rows, from the index alone.
CREATE INDEX cargo_ledger_contract_sums ON cargo_ledger (contract_id, mode, at, kind, amount);
