-- Platform administration (B1, P15): administrators who sign in to /admin
-- apart from owners, their sessions, and the audit log of every operator
-- action (from the browser or the command line).

CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    -- lower case, 3 to 32 of a-z 0-9 . _ -
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- argon2id PHC string
    password_hash TEXT NOT NULL,
    -- set by `cloud admin add-admin`: the first sign-in must choose a password
    must_change_password BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

-- An administrator's session: the cookie's token is stored hashed; it ends
-- at `expires_at` whatever the use (an absolute lifetime), or earlier when
-- idle (see src/admin/mod.rs).
CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    admin_id TEXT NOT NULL REFERENCES admins (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX admin_sessions_admin ON admin_sessions (admin_id);

-- Who did what to which business, and why. Ids are UUIDv7 (time-ordered).
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    -- admin, cli
    actor_kind TEXT NOT NULL,
    -- the administrator's id (admin) or empty (cli)
    actor_id TEXT NOT NULL,
    -- the administrator's login, or the operating-system user (cli)
    actor_login TEXT NOT NULL,
    -- add_admin, add_owner, invoice, suspend, resume, reset_password, set_tariff, sign_in, password_changed
    action TEXT NOT NULL,
    business_id TEXT,
    -- the reason or what was done (never a password)
    detail TEXT NOT NULL,
    -- the browser's address, or `cli`
    client_addr TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_business ON audit_log (business_id, at, id);
