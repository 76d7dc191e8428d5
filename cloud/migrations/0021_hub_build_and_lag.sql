-- What each hub last said of its build and of the oldest event still
-- waiting in its outbox (how long it had waited, by the hub's own clock):
-- the branch page shows which hubs run old software and how far behind the
-- cloud's figures are.
ALTER TABLE hubs ADD COLUMN software TEXT NOT NULL DEFAULT '';
ALTER TABLE hubs ADD COLUMN sync_lag_ms BIGINT NOT NULL DEFAULT 0;
