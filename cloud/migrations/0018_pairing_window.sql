-- The hub's pairing window, opened by the owner in the portal (until when),
-- and how long each POS login keeps it open (an hour after it is issued,
-- not its whole day); and each hub's identity key, whose fingerprint the
-- portal shows so the owner reads it over a channel a rogue hub cannot forge.
ALTER TABLE branches ADD COLUMN pairing_window_until BIGINT;
ALTER TABLE pos_logins ADD COLUMN window_until BIGINT;
ALTER TABLE hubs ADD COLUMN identity_key TEXT;
UPDATE pos_logins SET window_until = CASE WHEN expires_at < created_at + 3600000 THEN expires_at
    ELSE created_at + 3600000 END WHERE used_at IS NULL;
