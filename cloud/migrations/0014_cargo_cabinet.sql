-- The language an appeal was written in: its answer's SMS speaks it when
-- the appeal has no client account (a client's own saved language wins).
ALTER TABLE cargo_appeals ADD COLUMN language TEXT NOT NULL DEFAULT 'uz';
