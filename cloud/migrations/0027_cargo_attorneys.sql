-- The electronic power of attorney (elektron ishonchnoma) of a business
-- client's contract: the employees the client entrusts to hand over and
-- receive shipments and documents under the contract. The list is saved
-- whole (the form's rows in order); only active rows are printed.
CREATE TABLE cargo_attorneys (
    contract_id TEXT NOT NULL REFERENCES cargo_contracts (id),
    position BIGINT NOT NULL,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    client_id TEXT NOT NULL REFERENCES cargo_clients (id),
    phone TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    patronymic TEXT NOT NULL DEFAULT '',
    active BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (contract_id, position)
);
CREATE UNIQUE INDEX cargo_attorneys_phone ON cargo_attorneys (contract_id, phone);
