-- An upload's rows as read from the file (a JSON array of {number, cells}),
-- kept while it waits in the preview so the import re-parses them; cleared
-- once imported (the failed rows stay in cargo_upload_errors).
ALTER TABLE cargo_uploads ADD COLUMN rows_json TEXT NOT NULL DEFAULT '';
