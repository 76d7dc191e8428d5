-- Daily rollups for the dashboard (Tashkent days: day = (UTC ms + 5 h) / 1 day).
-- The hourly rollups keep employee, product, method and status dimensions
-- and grow almost as fast as the orders; these stay small (a branch-day is
-- one row; a product-day one row per branch and product, and one per name
-- sold for the whole business, branch_id '*'), so a 90-day dashboard reads
-- a few thousand rows.
CREATE TABLE rollup_days (
    branch_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    business_id TEXT NOT NULL,
    orders BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    items_total BIGINT NOT NULL,
    cost_total BIGINT NOT NULL,
    service_charge BIGINT NOT NULL,
    h00 BIGINT NOT NULL DEFAULT 0,
    h01 BIGINT NOT NULL DEFAULT 0,
    h02 BIGINT NOT NULL DEFAULT 0,
    h03 BIGINT NOT NULL DEFAULT 0,
    h04 BIGINT NOT NULL DEFAULT 0,
    h05 BIGINT NOT NULL DEFAULT 0,
    h06 BIGINT NOT NULL DEFAULT 0,
    h07 BIGINT NOT NULL DEFAULT 0,
    h08 BIGINT NOT NULL DEFAULT 0,
    h09 BIGINT NOT NULL DEFAULT 0,
    h10 BIGINT NOT NULL DEFAULT 0,
    h11 BIGINT NOT NULL DEFAULT 0,
    h12 BIGINT NOT NULL DEFAULT 0,
    h13 BIGINT NOT NULL DEFAULT 0,
    h14 BIGINT NOT NULL DEFAULT 0,
    h15 BIGINT NOT NULL DEFAULT 0,
    h16 BIGINT NOT NULL DEFAULT 0,
    h17 BIGINT NOT NULL DEFAULT 0,
    h18 BIGINT NOT NULL DEFAULT 0,
    h19 BIGINT NOT NULL DEFAULT 0,
    h20 BIGINT NOT NULL DEFAULT 0,
    h21 BIGINT NOT NULL DEFAULT 0,
    h22 BIGINT NOT NULL DEFAULT 0,
    h23 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, day)
);
CREATE INDEX rollup_days_business ON rollup_days (business_id, day);

CREATE TABLE rollup_product_days (
    branch_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    business_id TEXT NOT NULL,
    qty_milli BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    PRIMARY KEY (business_id, branch_id, day, product_id)
);

-- Filled from the hourly rollups of what is already synced.
INSERT INTO rollup_days (branch_id, day, business_id, orders, completed, items_total, cost_total, service_charge, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23)
SELECT branch_id, (hour + 5) / 24, MAX(business_id), SUM(orders),
    SUM(CASE WHEN status = 'completed' THEN orders ELSE 0 END),
    SUM(CASE WHEN status = 'completed' THEN items_total ELSE 0 END),
    SUM(CASE WHEN status = 'completed' THEN cost_total ELSE 0 END),
    SUM(CASE WHEN status = 'completed' THEN service_charge ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 0 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 1 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 2 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 3 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 4 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 5 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 6 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 7 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 8 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 9 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 10 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 11 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 12 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 13 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 14 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 15 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 16 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 17 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 18 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 19 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 20 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 21 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 22 THEN orders ELSE 0 END),
    SUM(CASE WHEN (hour + 5) % 24 = 23 THEN orders ELSE 0 END)
FROM rollup_orders GROUP BY branch_id, (hour + 5) / 24;

INSERT INTO rollup_product_days (branch_id, day, product_id, business_id, qty_milli, revenue, cost)
SELECT branch_id, (hour + 5) / 24, product_id, MAX(business_id), SUM(qty_milli), SUM(revenue), SUM(cost)
FROM rollup_products WHERE status = 'completed' GROUP BY branch_id, (hour + 5) / 24, product_id;

-- Business-wide rows (branch '*') are keyed by the name a line was sold
-- under, so the same dish in several branches is one line.
INSERT INTO rollup_product_days (branch_id, day, product_id, business_id, qty_milli, revenue, cost)
SELECT '*', (o.created_at + 18000000) / 86400000, i.name, o.business_id, SUM(i.qty_milli), SUM(i.total), SUM(i.cost_total)
FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'completed'
GROUP BY o.business_id, (o.created_at + 18000000) / 86400000, i.name;

-- The business-wide product rows find their category by name.
CREATE INDEX products_business_name ON products (business_id, name);
