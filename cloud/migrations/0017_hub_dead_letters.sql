-- What each hub last said of events the cloud refused for good (set aside
-- on the hub, listed on its page): the owner sees there is something to
-- look at.
ALTER TABLE hubs ADD COLUMN dead_letters BIGINT NOT NULL DEFAULT 0;
