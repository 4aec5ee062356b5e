-- Issue 14 in the embedded store (see migrations/postgis/010_part_editing.sql for the shared store).
-- * A file has no database roles and SQLite triggers cannot change the row being written, so a planner's
--   edits go through the store (GpkgStore.add_part / update_part / retire_part / restore_part): each is an
--   'edit run' (inventory_runs.source = 'edit', one per save) in one BEGIN IMMEDIATE transaction, which
--   makes the code (part_code_counters: SQLite has one writer at a time, so the counter row read and written
--   in the same transaction is safe), the derived fields and the checks of the shared store, and the
--   history triggers below record it like a survey run.  An edit of the parts layer outside the store stays
--   refused (GM011), a delete always (GM012).
-- * 5-digit classes (GB/T 47678.5): the CHECK of classes.code is widened in place, and the list of
--   parts.last_change gets add/retire/restore (writable_schema: a CHECK change does not touch the stored
--   rows, and the tables that refer to classes and parts keep their foreign keys).
-- * version (every change increments it; a save from an older version is refused, GM041), retired_on.
-- * part_photos: photos of parts.
INSERT OR IGNORE INTO settings (key, value) VALUES ('part_code_scheme', 'survey12'), ('part_county', '');


CREATE TABLE part_majors (
    code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code NOT GLOB '*[^0-9]*'),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);
INSERT INTO part_majors (code, name_zh, name_en) VALUES
    ('01', '公用设施', 'Public utilities'),
    ('02', '道路交通', 'Roads and traffic'),
    ('03', '市容环境', 'City appearance and environment'),
    ('04', '园林绿化', 'Landscaping and greening'),
    ('05', '房屋土地', 'Buildings and land'),
    ('06', '其他设施', 'Other facilities'),
    ('21', '扩展部件', 'Extended parts');

CREATE TABLE part_code_counters (
    scope TEXT NOT NULL,
    class_code TEXT NOT NULL,
    last_serial INTEGER NOT NULL CHECK (last_serial >= 0),
    PRIMARY KEY (scope, class_code)
);

ALTER TABLE parts ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE parts ADD COLUMN retired_on DATE;
CREATE INDEX parts_grid_idx ON parts (grid_code);
ALTER TABLE part_history ADD COLUMN version INTEGER;
ALTER TABLE part_history ADD COLUMN restored_from INTEGER;

DROP TRIGGER parts_history_insert;
CREATE TRIGGER parts_history_insert AFTER INSERT ON parts
BEGIN
    INSERT INTO part_history (geom, run_id, code, change, actor, at, new_values, x, y, version)
    VALUES (NEW.geom, NEW.last_run, NEW.code, coalesce(NEW.last_change, 'new'),
        (SELECT actor FROM inventory_runs WHERE id = NEW.last_run), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'class_code', NEW.class_code, 'class_en', NEW.class_en, 'class_zh', NEW.class_zh, 'code', NEW.code,
            'code_16', NEW.code_16, 'community_code', NEW.community_code, 'first_seen', NEW.first_seen, 'grid_code', NEW.grid_code,
            'inv_state', NEW.inv_state, 'kind', NEW.kind, 'major', NEW.major, 'major_en', NEW.major_en,
            'major_zh', NEW.major_zh, 'minor', NEW.minor, 'missing_since', NEW.missing_since, 'name', NEW.name,
            'owner_dept', NEW.owner_dept, 'retired_on', NEW.retired_on, 'source_file', NEW.source_file, 'source_row', NEW.source_row,
            'status', NEW.status, 'street_code', NEW.street_code, 'survey_date', NEW.survey_date),
        NEW.x, NEW.y, NEW.version);
END;

DROP TRIGGER parts_history_update;
CREATE TRIGGER parts_history_update AFTER UPDATE ON parts
WHEN OLD.class_code IS NOT NEW.class_code
    OR OLD.class_en IS NOT NEW.class_en
    OR OLD.class_zh IS NOT NEW.class_zh
    OR OLD.code_16 IS NOT NEW.code_16
    OR OLD.community_code IS NOT NEW.community_code
    OR OLD.first_seen IS NOT NEW.first_seen
    OR OLD.grid_code IS NOT NEW.grid_code
    OR OLD.inv_state IS NOT NEW.inv_state
    OR OLD.major IS NOT NEW.major
    OR OLD.major_en IS NOT NEW.major_en
    OR OLD.major_zh IS NOT NEW.major_zh
    OR OLD.minor IS NOT NEW.minor
    OR OLD.missing_since IS NOT NEW.missing_since
    OR OLD.name IS NOT NEW.name
    OR OLD.owner_dept IS NOT NEW.owner_dept
    OR OLD.retired_on IS NOT NEW.retired_on
    OR OLD.source_file IS NOT NEW.source_file
    OR OLD.source_row IS NOT NEW.source_row
    OR OLD.status IS NOT NEW.status
    OR OLD.street_code IS NOT NEW.street_code
    OR OLD.survey_date IS NOT NEW.survey_date
    OR OLD.x IS NOT NEW.x
    OR OLD.y IS NOT NEW.y
BEGIN
    INSERT INTO part_history (geom, run_id, code, change, changed_fields, actor, at, old_values, new_values,
                              old_x, old_y, x, y, version, restored_from)
    VALUES (NEW.geom, NEW.last_run, NEW.code, coalesce(NEW.last_change, 'edit'),
        substr(
            CASE WHEN OLD.class_code IS NOT NEW.class_code THEN ',class_code' ELSE '' END ||
            CASE WHEN OLD.class_en IS NOT NEW.class_en THEN ',class_en' ELSE '' END ||
            CASE WHEN OLD.class_zh IS NOT NEW.class_zh THEN ',class_zh' ELSE '' END ||
            CASE WHEN OLD.code_16 IS NOT NEW.code_16 THEN ',code_16' ELSE '' END ||
            CASE WHEN OLD.community_code IS NOT NEW.community_code THEN ',community_code' ELSE '' END ||
            CASE WHEN OLD.first_seen IS NOT NEW.first_seen THEN ',first_seen' ELSE '' END ||
            CASE WHEN OLD.grid_code IS NOT NEW.grid_code THEN ',grid_code' ELSE '' END ||
            CASE WHEN OLD.inv_state IS NOT NEW.inv_state THEN ',inv_state' ELSE '' END ||
            CASE WHEN OLD.major IS NOT NEW.major THEN ',major' ELSE '' END ||
            CASE WHEN OLD.major_en IS NOT NEW.major_en THEN ',major_en' ELSE '' END ||
            CASE WHEN OLD.major_zh IS NOT NEW.major_zh THEN ',major_zh' ELSE '' END ||
            CASE WHEN OLD.minor IS NOT NEW.minor THEN ',minor' ELSE '' END ||
            CASE WHEN OLD.missing_since IS NOT NEW.missing_since THEN ',missing_since' ELSE '' END ||
            CASE WHEN OLD.name IS NOT NEW.name THEN ',name' ELSE '' END ||
            CASE WHEN OLD.owner_dept IS NOT NEW.owner_dept THEN ',owner_dept' ELSE '' END ||
            CASE WHEN OLD.retired_on IS NOT NEW.retired_on THEN ',retired_on' ELSE '' END ||
            CASE WHEN OLD.source_file IS NOT NEW.source_file THEN ',source_file' ELSE '' END ||
            CASE WHEN OLD.source_row IS NOT NEW.source_row THEN ',source_row' ELSE '' END ||
            CASE WHEN OLD.status IS NOT NEW.status THEN ',status' ELSE '' END ||
            CASE WHEN OLD.street_code IS NOT NEW.street_code THEN ',street_code' ELSE '' END ||
            CASE WHEN OLD.survey_date IS NOT NEW.survey_date THEN ',survey_date' ELSE '' END ||
            CASE WHEN OLD.x IS NOT NEW.x OR OLD.y IS NOT NEW.y THEN ',geom' ELSE '' END, 2),
        (SELECT actor FROM inventory_runs WHERE id = NEW.last_run), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'class_code', OLD.class_code, 'class_en', OLD.class_en, 'class_zh', OLD.class_zh, 'code', OLD.code,
            'code_16', OLD.code_16, 'community_code', OLD.community_code, 'first_seen', OLD.first_seen, 'grid_code', OLD.grid_code,
            'inv_state', OLD.inv_state, 'kind', OLD.kind, 'major', OLD.major, 'major_en', OLD.major_en,
            'major_zh', OLD.major_zh, 'minor', OLD.minor, 'missing_since', OLD.missing_since, 'name', OLD.name,
            'owner_dept', OLD.owner_dept, 'retired_on', OLD.retired_on, 'source_file', OLD.source_file, 'source_row', OLD.source_row,
            'status', OLD.status, 'street_code', OLD.street_code, 'survey_date', OLD.survey_date),
        json_object(
            'class_code', NEW.class_code, 'class_en', NEW.class_en, 'class_zh', NEW.class_zh, 'code', NEW.code,
            'code_16', NEW.code_16, 'community_code', NEW.community_code, 'first_seen', NEW.first_seen, 'grid_code', NEW.grid_code,
            'inv_state', NEW.inv_state, 'kind', NEW.kind, 'major', NEW.major, 'major_en', NEW.major_en,
            'major_zh', NEW.major_zh, 'minor', NEW.minor, 'missing_since', NEW.missing_since, 'name', NEW.name,
            'owner_dept', NEW.owner_dept, 'retired_on', NEW.retired_on, 'source_file', NEW.source_file, 'source_row', NEW.source_row,
            'status', NEW.status, 'street_code', NEW.street_code, 'survey_date', NEW.survey_date),
        OLD.x, OLD.y, NEW.x, NEW.y,
        NEW.version,
        (SELECT CAST(value AS INTEGER) FROM settings WHERE key = '_restore_from' AND NEW.last_change = 'restore'));
END;

CREATE TABLE part_photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    part_code TEXT NOT NULL REFERENCES parts (code),
    taken_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor TEXT NOT NULL DEFAULT '',
    mime TEXT NOT NULL DEFAULT 'image/jpeg',
    bytes BLOB NOT NULL,
    thumbnail BLOB,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX part_photos_part_idx ON part_photos (part_code, id);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('part_photos', 'attributes', 'part_photos', 'Photos of parts'),
    ('part_code_counters', 'attributes', 'part_code_counters', 'Last serial of part codes per scope and class'),
    ('part_majors', 'attributes', 'part_majors', 'Major classes of parts');

-- last: an ALTER TABLE .. ADD COLUMN after this edit would use the offsets of the old text (the store bumps
-- schema_version after this script so every connection reads the new schema)
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (length(code) = 4 AND code NOT GLOB', 'CHECK (length(code) IN (4, 5) AND code NOT GLOB')
    WHERE type = 'table' AND name = 'classes';
UPDATE sqlite_master SET sql = replace(sql, '''missing'', ''edit''))', '''missing'', ''edit'', ''add'', ''retire'', ''restore''))')
    WHERE type = 'table' AND name = 'parts';
PRAGMA writable_schema = OFF;
