-- Accounts as a bank would keep them (issue 16): an administrator's
-- temporary password stops working after a day, and sessions are listed
-- and ended by owner.
ALTER TABLE owners ADD COLUMN password_expires_at BIGINT;
CREATE INDEX sessions_expiry ON sessions (expires_at);
