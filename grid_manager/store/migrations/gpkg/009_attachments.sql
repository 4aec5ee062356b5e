-- Issue 15: photos of a case in the embedded store (see migrations/postgis/012_attachments.sql).
-- One row per photo, tied to the audit row (step) it belongs to; the bytes in the row or, with the setting
-- attachments_folder, in a file of that folder named by its SHA-256; a small thumbnail always in the row.
-- Rows are written only by the store's own code (the transition token, as for the audit trail) and never
-- changed nor deleted.  The triggers also check type (first bytes), size (setting max_attachment_bytes)
-- and thumbnail, whoever inserts.
INSERT INTO settings (key, value) VALUES ('max_attachment_bytes', '10485760') ON CONFLICT (key) DO NOTHING;

CREATE TABLE case_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    seq INTEGER NOT NULL,
    stage TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    at DATETIME NOT NULL,
    mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/heic')),
    name TEXT NOT NULL CHECK (name <> '' AND length(name) <= 500),
    size INTEGER NOT NULL CHECK (size > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    data BLOB,
    path TEXT CHECK (path IS NULL OR (length(path) BETWEEN 71 AND 72 AND substr(path, 4, 64) = sha256
                                       AND substr(path, 1, 2) = substr(sha256, 1, 2) AND substr(path, 3, 1) = '/')),
    thumbnail BLOB CHECK (thumbnail IS NULL OR length(thumbnail) <= 262144),
    CHECK ((data IS NULL) <> (path IS NULL)),
    CHECK (data IS NULL OR length(CAST(data AS BLOB)) = size),
    FOREIGN KEY (case_id, seq) REFERENCES case_events (case_id, seq)
);
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id, seq);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('case_attachments', 'attributes', 'case_attachments', 'Photos of the cases (append-only)');

CREATE TRIGGER case_attachments_guard_insert BEFORE INSERT ON case_attachments
    WHEN NOT EXISTS (SELECT 1 FROM gm_transition_token)
BEGIN SELECT RAISE(ABORT, 'GM020 photos are added only by the case store workflow'); END;
CREATE TRIGGER case_attachments_size BEFORE INSERT ON case_attachments
    WHEN NEW.size > coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'max_attachment_bytes'), 10485760)
BEGIN SELECT RAISE(ABORT, 'GM050 photo too large'); END;
CREATE TRIGGER case_attachments_type BEFORE INSERT ON case_attachments
    WHEN NEW.data IS NOT NULL AND NOT (
        (NEW.mime = 'image/jpeg' AND hex(substr(NEW.data, 1, 3)) = 'FFD8FF')
        OR (NEW.mime = 'image/png' AND hex(substr(NEW.data, 1, 8)) = '89504E470D0A1A0A')
        OR (NEW.mime = 'image/heic' AND hex(substr(NEW.data, 5, 4)) = '66747970'
            AND CAST(substr(NEW.data, 9, 4) AS TEXT) IN ('heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1')))
BEGIN SELECT RAISE(ABORT, 'GM051 not a JPEG, PNG or HEIC photo'); END;
CREATE TRIGGER case_attachments_thumbnail BEFORE INSERT ON case_attachments
    WHEN NEW.thumbnail IS NOT NULL AND hex(substr(NEW.thumbnail, 1, 3)) <> 'FFD8FF'
         AND hex(substr(NEW.thumbnail, 1, 8)) <> '89504E470D0A1A0A'
BEGIN SELECT RAISE(ABORT, 'GM054 thumbnail not a JPEG or PNG image'); END;
CREATE TRIGGER case_attachments_no_update BEFORE UPDATE ON case_attachments
BEGIN SELECT RAISE(ABORT, 'GM053 photos are append-only'); END;
CREATE TRIGGER case_attachments_no_delete BEFORE DELETE ON case_attachments
BEGIN SELECT RAISE(ABORT, 'GM053 photos are append-only'); END;
CREATE TRIGGER settings_attachment_bytes BEFORE UPDATE ON settings
    WHEN NEW.key = 'max_attachment_bytes' AND (CAST(NEW.value AS INTEGER) < 1024
                                                OR CAST(NEW.value AS INTEGER) > 1073741824
                                                OR CAST(CAST(NEW.value AS INTEGER) AS TEXT) <> NEW.value)
BEGIN SELECT RAISE(ABORT, 'GM008 max_attachment_bytes'); END;
CREATE TRIGGER settings_attachment_bytes_insert BEFORE INSERT ON settings
    WHEN NEW.key = 'max_attachment_bytes' AND (CAST(NEW.value AS INTEGER) < 1024
                                                OR CAST(NEW.value AS INTEGER) > 1073741824
                                                OR CAST(CAST(NEW.value AS INTEGER) AS TEXT) <> NEW.value)
BEGIN SELECT RAISE(ABORT, 'GM008 max_attachment_bytes'); END;
