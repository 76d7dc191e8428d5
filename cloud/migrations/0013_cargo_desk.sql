-- Walk-in shipments registered at parcel desks (issue #14, deliverable 3):
-- the revision the cloud holds of each, so a newer one from the desk
-- updates the shipment and an older or repeated one changes nothing, and
-- the office and terminal that made it (a walk-in belongs to its office,
-- as an order to its branch).
CREATE TABLE cargo_desk_shipments (
    shipment_id TEXT PRIMARY KEY REFERENCES cargo_shipments (id),
    business_id TEXT NOT NULL REFERENCES businesses (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    terminal_id TEXT NOT NULL,
    barcode TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Which roll a scanned label is on.
CREATE INDEX cargo_label_rolls_serial ON cargo_label_rolls (first_serial);
