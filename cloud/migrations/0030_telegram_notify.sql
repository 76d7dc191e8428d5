-- What the bot tells an owner unasked, each kind switched on or off on the
-- profile page. No row: every kind on, the summary at 09:00 Tashkent time
-- (minute 540 of the day), a hub offline after 15 minutes.
CREATE TABLE telegram_prefs (
    owner_id TEXT PRIMARY KEY REFERENCES owners (id),
    summary BIGINT NOT NULL DEFAULT 1,
    summary_minute BIGINT NOT NULL DEFAULT 540,
    hub_offline BIGINT NOT NULL DEFAULT 1,
    offline_minutes BIGINT NOT NULL DEFAULT 15,
    backlog BIGINT NOT NULL DEFAULT 1,
    subscription BIGINT NOT NULL DEFAULT 1,
    terminals BIGINT NOT NULL DEFAULT 1
);

-- Sessions signed in by Telegram's init data: unlinking the account ends
-- them (origin 'telegram'; every other session 'password').
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT 'password';
