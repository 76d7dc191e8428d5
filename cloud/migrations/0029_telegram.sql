-- The owner's Telegram (P14 and the bot that speaks first).
--
-- An owner links one Telegram account: the bot's `/start <token>` with a
-- token made on the profile page (short-lived, single use; only its hash
-- kept) writes the link. A Telegram account links to one owner.
CREATE TABLE telegram_links (
    owner_id TEXT PRIMARY KEY REFERENCES owners (id),
    telegram_user_id BIGINT NOT NULL UNIQUE,
    chat_id BIGINT NOT NULL,
    first_name TEXT NOT NULL,
    username TEXT,
    linked_at BIGINT NOT NULL
);

CREATE TABLE telegram_link_tokens (
    token_hash TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES owners (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX telegram_link_tokens_owner ON telegram_link_tokens (owner_id, created_at);

-- Web App init data that signed someone in (its hash), kept until it would
-- be stale anyway: the same init data never signs in twice.
CREATE TABLE telegram_init_used (
    hash TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

-- Updates already handled, per bot (Telegram redelivers a webhook call it
-- saw fail; a poller taking over asks for every unconfirmed update again):
-- each is handled once.
CREATE TABLE telegram_updates (
    bot_id BIGINT NOT NULL,
    update_id BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);

-- Small named values shared by every instance: leases (the poller's, the
-- notifier's: holder, until) and counters (a hub's backlog episodes).
CREATE TABLE telegram_state (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL,
    holder TEXT NOT NULL DEFAULT '',
    until_ms BIGINT NOT NULL DEFAULT 0
);

-- Every message the bot sends, written before it is sent. event_key names
-- what the message is about (e.g. link:<owner>:<time>, summary:<owner>:<day>),
-- so the same event never makes a second row. state: pending (due at
-- next_at), sending (leased to one instance until lease_until), sent,
-- unsure (the call may have reached Telegram and no answer came: never
-- sent again, so never twice), failed (Telegram refused it for good).
CREATE TABLE telegram_outbox (
    id TEXT PRIMARY KEY,
    event_key TEXT NOT NULL UNIQUE,
    owner_id TEXT,
    chat_id BIGINT NOT NULL,
    text TEXT NOT NULL,
    reply_markup TEXT,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    message_id BIGINT,
    last_error TEXT
);
CREATE INDEX telegram_outbox_due ON telegram_outbox (state, next_at);
