-- The part inventory (部件台账) in the embedded store: the same columns, history and version as PostGIS
-- (migrations/postgis/007_inventory.sql).  A file has no database roles: the desk user keeps the inventory.
-- Every write to parts belongs to the run that is the inventory's current version (the store opens the run
-- and writes the parts in one BEGIN IMMEDIATE transaction), once per part and run, so an edit of the parts
-- layer outside an update (e.g. in QGIS) is refused; parts are never deleted; the triggers append
-- the old and new values and position of every added or changed part to part_history (append-only).
CREATE TABLE inventory_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor TEXT NOT NULL,
    started_at DATETIME NOT NULL,
    base_version INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    move_threshold REAL,
    survey_day DATE,
    counts TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE inventory_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO inventory_state (singleton, version) VALUES (1, 0);

ALTER TABLE parts ADD COLUMN major TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN minor TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN major_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN major_en TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN class_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN class_en TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN code_16 TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN owner_dept TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN survey_date TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN community_code TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN street_code TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN source_file TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN source_row INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parts ADD COLUMN inv_state TEXT NOT NULL DEFAULT 'active' CHECK (inv_state IN ('active', 'missing'));
ALTER TABLE parts ADD COLUMN first_seen DATE;
ALTER TABLE parts ADD COLUMN last_seen DATE;
ALTER TABLE parts ADD COLUMN missing_since DATE;
ALTER TABLE parts ADD COLUMN last_run INTEGER REFERENCES inventory_runs (id);
ALTER TABLE parts ADD COLUMN last_change TEXT CHECK (last_change IN ('new', 'unchanged', 'moved', 'changed', 'moved_changed', 'missing', 'edit'));

CREATE TABLE part_history (
    fid INTEGER PRIMARY KEY AUTOINCREMENT,
    geom POINT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES inventory_runs (id),
    code TEXT NOT NULL,
    change TEXT NOT NULL,
    changed_fields TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    at DATETIME NOT NULL,
    old_values TEXT,
    new_values TEXT NOT NULL,
    old_x REAL,
    old_y REAL,
    x REAL NOT NULL,
    y REAL NOT NULL
);
CREATE INDEX part_history_code_idx ON part_history (code, fid);
CREATE INDEX part_history_run_idx ON part_history (run_id);

CREATE TRIGGER part_history_no_update BEFORE UPDATE ON part_history
BEGIN SELECT RAISE(ABORT, 'part_history is append-only'); END;
CREATE TRIGGER part_history_no_delete BEFORE DELETE ON part_history
BEGIN SELECT RAISE(ABORT, 'part_history is append-only'); END;
CREATE TRIGGER inventory_runs_no_update BEFORE UPDATE ON inventory_runs
BEGIN SELECT RAISE(ABORT, 'inventory_runs is append-only'); END;
CREATE TRIGGER inventory_runs_no_delete BEFORE DELETE ON inventory_runs
BEGIN SELECT RAISE(ABORT, 'inventory_runs is append-only'); END;

CREATE TRIGGER parts_no_delete BEFORE DELETE ON parts
BEGIN SELECT RAISE(ABORT, 'GM012 parts are never deleted'); END;
CREATE TRIGGER parts_guard_insert BEFORE INSERT ON parts
WHEN NEW.last_run IS NULL OR NEW.last_run IS NOT (SELECT version FROM inventory_state)
BEGIN SELECT RAISE(ABORT, 'GM011 parts change only inside an inventory run'); END;
CREATE TRIGGER parts_guard_update BEFORE UPDATE ON parts
WHEN NEW.last_run IS NULL OR NEW.last_run IS NOT (SELECT version FROM inventory_state)
    OR NEW.last_run IS OLD.last_run
BEGIN SELECT RAISE(ABORT, 'GM011 parts change only inside an inventory run'); END;
CREATE TRIGGER parts_no_new_code BEFORE UPDATE OF code, kind ON parts
WHEN NEW.code IS NOT OLD.code OR NEW.kind IS NOT OLD.kind
BEGIN SELECT RAISE(ABORT, 'GM011 the code of a part never changes'); END;

CREATE TRIGGER parts_history_insert AFTER INSERT ON parts
BEGIN
    INSERT INTO part_history (geom, run_id, code, change, actor, at, new_values, x, y)
    VALUES (NEW.geom, NEW.last_run, NEW.code, coalesce(NEW.last_change, 'new'),
        (SELECT actor FROM inventory_runs WHERE id = NEW.last_run), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'class_code', NEW.class_code, 'class_en', NEW.class_en, 'class_zh', NEW.class_zh, 'code', NEW.code,
            'code_16', NEW.code_16, 'community_code', NEW.community_code, 'first_seen', NEW.first_seen, 'grid_code', NEW.grid_code,
            'inv_state', NEW.inv_state, 'kind', NEW.kind, 'major', NEW.major, 'major_en', NEW.major_en,
            'major_zh', NEW.major_zh, 'minor', NEW.minor, 'missing_since', NEW.missing_since, 'name', NEW.name,
            'owner_dept', NEW.owner_dept, 'source_file', NEW.source_file, 'source_row', NEW.source_row, 'status', NEW.status,
            'street_code', NEW.street_code, 'survey_date', NEW.survey_date),
        NEW.x, NEW.y);
END;

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
    OR OLD.source_file IS NOT NEW.source_file
    OR OLD.source_row IS NOT NEW.source_row
    OR OLD.status IS NOT NEW.status
    OR OLD.street_code IS NOT NEW.street_code
    OR OLD.survey_date IS NOT NEW.survey_date
    OR OLD.x IS NOT NEW.x
    OR OLD.y IS NOT NEW.y
BEGIN
    INSERT INTO part_history (geom, run_id, code, change, changed_fields, actor, at, old_values, new_values,
                              old_x, old_y, x, y)
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
            'owner_dept', OLD.owner_dept, 'source_file', OLD.source_file, 'source_row', OLD.source_row, 'status', OLD.status,
            'street_code', OLD.street_code, 'survey_date', OLD.survey_date),
        json_object(
            'class_code', NEW.class_code, 'class_en', NEW.class_en, 'class_zh', NEW.class_zh, 'code', NEW.code,
            'code_16', NEW.code_16, 'community_code', NEW.community_code, 'first_seen', NEW.first_seen, 'grid_code', NEW.grid_code,
            'inv_state', NEW.inv_state, 'kind', NEW.kind, 'major', NEW.major, 'major_en', NEW.major_en,
            'major_zh', NEW.major_zh, 'minor', NEW.minor, 'missing_since', NEW.missing_since, 'name', NEW.name,
            'owner_dept', NEW.owner_dept, 'source_file', NEW.source_file, 'source_row', NEW.source_row, 'status', NEW.status,
            'street_code', NEW.street_code, 'survey_date', NEW.survey_date),
        OLD.x, OLD.y, NEW.x, NEW.y);
END;

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('part_history', 'features', 'part_history', 'Part inventory history (append-only)', 4490);
INSERT INTO gpkg_geometry_columns VALUES ('part_history', 'geom', 'POINT', 4490, 0, 0);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('inventory_runs', 'attributes', 'inventory_runs', 'Inventory runs (append-only)'),
    ('inventory_state', 'attributes', 'inventory_state', 'Inventory version (id of the last run)');
