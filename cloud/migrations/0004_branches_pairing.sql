-- Pairing terminals (E6): approvals in the portal, POS logins, requests
-- waiting at hubs, and each terminal's live state.

-- A terminal row made by an approval in the portal carries the public key the
-- code vouched for and waits (paired_at NULL) until its hub has paired it;
-- an approval that is never collected stops counting at approval_expires_at.
ALTER TABLE terminals ADD COLUMN public_key TEXT;
ALTER TABLE terminals ADD COLUMN paired_at BIGINT;
ALTER TABLE terminals ADD COLUMN approval_expires_at BIGINT;
ALTER TABLE terminals ADD COLUMN via TEXT NOT NULL DEFAULT 'hub';
ALTER TABLE terminals ADD COLUMN online BIGINT NOT NULL DEFAULT 0;
UPDATE terminals SET paired_at = created_at;

-- Devices waiting at a hub, as the hub reported them. `code` is the short
-- code the cloud computed from the device id and key (it is a fingerprint of
-- public data, not a secret).
CREATE TABLE pairing_requests (
    branch_id TEXT NOT NULL REFERENCES branches (id),
    device_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    code TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (branch_id, device_id, public_key)
);
CREATE INDEX pairing_requests_code ON pairing_requests (branch_id, code);

-- POS logins: the password itself is never stored, only its Argon2id verifier.
CREATE TABLE pos_logins (
    branch_id TEXT NOT NULL REFERENCES branches (id),
    login TEXT NOT NULL,
    business_id TEXT NOT NULL REFERENCES businesses (id),
    verifier TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    device_id TEXT,
    PRIMARY KEY (branch_id, login)
);
