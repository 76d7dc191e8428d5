-- Terminals' roles and short numbers (E6, E8), and the history of every
-- order and payment (who changed what, and when).

-- The role the owner chose at pairing ('cashier' or 'manager'), and the
-- short number the hub gave the terminal (order numbers read `2-015`).
ALTER TABLE terminals ADD COLUMN role TEXT NOT NULL DEFAULT 'cashier';
ALTER TABLE terminals ADD COLUMN short_number BIGINT;
ALTER TABLE pos_logins ADD COLUMN role TEXT NOT NULL DEFAULT 'cashier';

-- Every revision of an order or payment a hub synced, append-only. The
-- terminal is the one that made that revision (a manager's void shows as
-- the manager's); order_id links a payment's revisions to its order.
CREATE TABLE order_changes (
    business_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    terminal_id TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    amount BIGINT NOT NULL,
    lines BIGINT NOT NULL,
    method TEXT,
    PRIMARY KEY (branch_id, entity_id, revision)
);
CREATE INDEX order_changes_order ON order_changes (branch_id, order_id);
