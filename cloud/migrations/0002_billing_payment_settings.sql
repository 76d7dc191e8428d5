-- Per-branch Multicard credentials (P11, B4). The secret is sealed by the
-- cloud's vault (XChaCha20-Poly1305, see src/vault.rs) before it is stored.
CREATE TABLE multicard_settings (
    branch_id TEXT PRIMARY KEY REFERENCES branches (id),
    business_id TEXT NOT NULL REFERENCES businesses (id),
    store_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    enabled BIGINT NOT NULL,
    token_status TEXT NOT NULL DEFAULT 'unchecked',
    updated_at BIGINT NOT NULL
);
CREATE INDEX multicard_settings_business ON multicard_settings (business_id);
