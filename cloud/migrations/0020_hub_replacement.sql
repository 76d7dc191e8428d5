-- An enrolment code may replace a live hub of its branch: when a hub enrols
-- with it, the replaced hub's credential is revoked in the same transaction
-- (the owner asked for it when the code was issued).
ALTER TABLE enrolment_codes ADD COLUMN replaces_hub TEXT;
