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
WHEN (SELECT store_tx FROM inventory_state) = 1
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
WHEN (SELECT store_tx FROM inventory_state) = 1 AND (OLD.class_code IS NOT NEW.class_code
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
    OR OLD.y IS NOT NEW.y)
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

-- -- QGIS editing of the parts layer (GDAL/OGR): the store's rules in triggers ---------------------------------
-- The store marks its own writes (inventory runs and GpkgStore.insert_part/update_part) with
-- inventory_state.store_tx = 1 inside its transaction (set back to 0 before the commit, so no other
-- connection ever sees it); every other write of parts is a planner's edit in QGIS and goes through the
-- triggers below.  SQLite triggers cannot change the row being written: the AFTER triggers complete it with
-- an UPDATE while inventory_state.fixing holds its fid (the other triggers stand aside).  Each save of a
-- feature is an edit run (inventory_runs.source 'edit', actor 'desk': a file has no logins) and a history row.
-- The position comes from the geometry with ST_MinX/ST_MinY (GDAL's SQL functions; the store registers the
-- same on its own connection); the grid from grid_edges (the rings of the current grids, kept by the store):
-- inside by the crossing count, or on an edge; on a shared boundary the smallest grid code.
ALTER TABLE inventory_state ADD COLUMN store_tx INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inventory_state ADD COLUMN fixing INTEGER;

CREATE TABLE grid_edges (
    grid_fid INTEGER NOT NULL,
    x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
    min_x REAL NOT NULL, max_x REAL NOT NULL, min_y REAL NOT NULL, max_y REAL NOT NULL
);
CREATE INDEX grid_edges_grid_idx ON grid_edges (grid_fid, min_y, max_y);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('grid_edges', 'attributes', 'grid_edges', 'Ring edges of the grids (the grid of a part point)');

-- the current grid of each part's point (x, y): inside, or on an edge; the smallest code first
CREATE VIEW part_grid AS
SELECT p.fid AS part_fid,
    (SELECT g.fid FROM grids g
     WHERE g.valid_to IS NULL AND p.x BETWEEN g.min_x AND g.max_x AND p.y BETWEEN g.min_y AND g.max_y
       AND ((SELECT count(*) FROM grid_edges e WHERE e.grid_fid = g.fid AND (e.y1 > p.y) <> (e.y2 > p.y)
               AND p.x < (e.x2 - e.x1) * (p.y - e.y1) / (e.y2 - e.y1) + e.x1) % 2 = 1
            OR EXISTS (SELECT 1 FROM grid_edges e WHERE e.grid_fid = g.fid AND p.y BETWEEN e.min_y AND e.max_y
               AND p.x BETWEEN e.min_x AND e.max_x
               AND abs((e.x2 - e.x1) * (p.y - e.y1) - (e.y2 - e.y1) * (p.x - e.x1)) <= 1e-16))
     ORDER BY g.code LIMIT 1) AS grid_fid
FROM parts p;

-- the scope (county, '' for the 12-digit scheme) and serial digits of each part's code
CREATE VIEW part_code_scope AS
SELECT p.fid AS part_fid, p.class_code AS class_code,
    CASE s.scheme WHEN 'survey12' THEN '' ELSE coalesce(nullif(s.county, ''), substr(p.community_code, 1, 6)) END AS scope,
    CASE s.scheme WHEN 'survey12' THEN 8 ELSE 6 END AS serial_len,
    s.scheme AS scheme
FROM parts p, (SELECT coalesce((SELECT value FROM settings WHERE key = 'part_code_scheme'), 'survey12') AS scheme,
                      coalesce((SELECT value FROM settings WHERE key = 'part_county'), '') AS county) s;

-- the store-mode guards of 004 (a store write belongs to the current run; a code never changes)
DROP TRIGGER parts_guard_insert;
CREATE TRIGGER parts_guard_insert BEFORE INSERT ON parts
WHEN (SELECT store_tx FROM inventory_state) = 1 AND (NEW.last_run IS NULL OR NEW.last_run IS NOT (SELECT version FROM inventory_state))
BEGIN SELECT RAISE(ABORT, 'GM011 parts change only inside an inventory run'); END;
DROP TRIGGER parts_guard_update;
CREATE TRIGGER parts_guard_update BEFORE UPDATE ON parts
WHEN (SELECT store_tx FROM inventory_state) = 1 AND (NEW.last_run IS NULL OR NEW.last_run IS NOT (SELECT version FROM inventory_state)
    OR NEW.last_run IS OLD.last_run)
BEGIN SELECT RAISE(ABORT, 'GM011 parts change only inside an inventory run'); END;
DROP TRIGGER parts_no_new_code;
CREATE TRIGGER parts_no_new_code BEFORE UPDATE OF code, kind ON parts
WHEN (SELECT fixing FROM inventory_state) IS NULL AND (NEW.code IS NOT OLD.code OR NEW.kind IS NOT OLD.kind)
BEGIN SELECT RAISE(ABORT, 'GM040 the code of a part is made by the store and never changes'); END;

-- checks of a planner's new part
CREATE TRIGGER parts_edit_check_insert BEFORE INSERT ON parts
WHEN (SELECT store_tx FROM inventory_state) = 0 AND (SELECT fixing FROM inventory_state) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'GM042 the class is not in the class catalogue of the store (field class_code)')
        WHERE NOT EXISTS (SELECT 1 FROM classes WHERE kind = 'part' AND code = NEW.class_code);
    SELECT RAISE(ABORT, 'GM042 the class has the wrong number of digits for the part code scheme (field class_code)')
        WHERE length(NEW.class_code) <> CASE coalesce((SELECT value FROM settings WHERE key = 'part_code_scheme'), 'survey12') WHEN 'gbt47678' THEN 5 ELSE 4 END;
    SELECT RAISE(ABORT, 'GM043 unknown status (field status)')
        WHERE trim(coalesce(NEW.status, '')) NOT IN ('', '完好', '破损', '丢失', '占用', '注销');
    SELECT RAISE(ABORT, 'GM044 the owner department is not a department of the store (field owner_dept)')
        WHERE trim(coalesce(NEW.owner_dept, '')) <> ''
          AND NOT EXISTS (SELECT 1 FROM departments WHERE code = trim(NEW.owner_dept));
    SELECT RAISE(ABORT, 'GM045 the location is not a valid point (field geom)') WHERE NEW.geom IS NULL;
END;

-- a planner's new part completed: position, grid, code, class names, version, edit run, history
CREATE TRIGGER parts_edit_insert AFTER INSERT ON parts
WHEN (SELECT store_tx FROM inventory_state) = 0 AND (SELECT fixing FROM inventory_state) IS NULL
BEGIN
    UPDATE inventory_state SET fixing = NEW.fid;
    UPDATE parts SET x = ST_MinX(geom), y = ST_MinY(geom) WHERE fid = NEW.fid;
    SELECT RAISE(ABORT, 'GM045 the point lies in no grid of the store (field geom)')
        WHERE (SELECT grid_fid FROM part_grid WHERE part_fid = NEW.fid) IS NULL;
    UPDATE parts SET (grid_code, community_code, street_code) = (
        SELECT g.code, g.community_code, coalesce(a.parent_code, '') FROM grids g
        LEFT JOIN admin_units a ON a.code = g.community_code
        WHERE g.fid = (SELECT grid_fid FROM part_grid WHERE part_fid = NEW.fid))
    WHERE fid = NEW.fid;
    INSERT INTO part_code_counters (scope, class_code, last_serial)
    SELECT v.scope, v.class_code,
        max(coalesce((SELECT c.last_serial FROM part_code_counters c
                      WHERE c.scope = v.scope AND c.class_code = v.class_code), 0),
            coalesce((SELECT max(CAST(substr(q.code, length(v.scope || v.class_code) + 1) AS INTEGER)) FROM parts q
                      WHERE q.code BETWEEN v.scope || v.class_code || substr('00000000', 1, v.serial_len)
                                       AND v.scope || v.class_code || substr('99999999', 1, v.serial_len)
                        AND length(q.code) = length(v.scope || v.class_code) + v.serial_len
                        AND q.code NOT GLOB '*[^0-9]*'), 0)) + 1
    FROM part_code_scope v WHERE v.part_fid = NEW.fid
    ON CONFLICT (scope, class_code) DO UPDATE SET last_serial = excluded.last_serial;
    SELECT RAISE(ABORT, 'GM046 no part code left for the class: every serial is used (field code)')
        FROM part_code_scope v JOIN part_code_counters c ON c.scope = v.scope AND c.class_code = v.class_code
        WHERE v.part_fid = NEW.fid AND c.last_serial >= CASE v.serial_len WHEN 8 THEN 100000000 ELSE 1000000 END;
    INSERT INTO inventory_runs (actor, started_at, base_version, source, counts)
    SELECT 'desk', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), version, 'edit', '{"add": 1}' FROM inventory_state;
    UPDATE inventory_state SET version = (SELECT max(id) FROM inventory_runs);
    UPDATE parts SET
        code = (SELECT v.scope || v.class_code || substr('00000000' || c.last_serial, -v.serial_len, v.serial_len)
                FROM part_code_scope v JOIN part_code_counters c ON c.scope = v.scope AND c.class_code = v.class_code
                WHERE v.part_fid = NEW.fid),
        kind = 'part', major = substr(class_code, 1, 2), minor = substr(class_code, 3),
        major_zh = coalesce((SELECT name_zh FROM part_majors WHERE code = substr(parts.class_code, 1, 2)), ''),
        major_en = coalesce((SELECT name_en FROM part_majors WHERE code = substr(parts.class_code, 1, 2)), ''),
        class_zh = (SELECT name_zh FROM classes WHERE kind = 'part' AND code = parts.class_code),
        class_en = (SELECT name FROM classes WHERE kind = 'part' AND code = parts.class_code),
        status = CASE WHEN trim(coalesce(status, '')) = '' THEN '完好' ELSE trim(status) END,
        owner_dept = trim(coalesce(owner_dept, '')), name = coalesce(name, ''), survey_date = coalesce(survey_date, ''),
        retired_on = CASE WHEN trim(coalesce(status, '')) = '注销' THEN coalesce(retired_on, date('now')) END,
        version = 1, inv_state = 'active', first_seen = date('now'), last_seen = NULL, missing_since = NULL,
        source_file = '', source_row = 0, last_change = 'add', last_run = (SELECT version FROM inventory_state)
    WHERE fid = NEW.fid;
    UPDATE parts SET code_16 = CASE coalesce((SELECT value FROM settings WHERE key = 'part_code_scheme'), 'survey12') WHEN 'gbt30428' THEN code ELSE '' END WHERE fid = NEW.fid;
    INSERT INTO part_history (geom, run_id, code, change, actor, at, new_values, x, y, version)
    SELECT p.geom, p.last_run, p.code, 'add', 'desk', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'class_code', p.class_code, 'class_en', p.class_en, 'class_zh', p.class_zh, 'code', p.code,
            'code_16', p.code_16, 'community_code', p.community_code, 'first_seen', p.first_seen, 'grid_code', p.grid_code,
            'inv_state', p.inv_state, 'kind', p.kind, 'major', p.major, 'major_en', p.major_en,
            'major_zh', p.major_zh, 'minor', p.minor, 'missing_since', p.missing_since, 'name', p.name,
            'owner_dept', p.owner_dept, 'retired_on', p.retired_on, 'source_file', p.source_file, 'source_row', p.source_row,
            'status', p.status, 'street_code', p.street_code, 'survey_date', p.survey_date),
        p.x, p.y, p.version
    FROM parts p WHERE p.fid = NEW.fid;
    UPDATE inventory_state SET fixing = NULL;
END;

-- checks of a planner's change
CREATE TRIGGER parts_edit_check_update BEFORE UPDATE ON parts
WHEN (SELECT store_tx FROM inventory_state) = 0 AND (SELECT fixing FROM inventory_state) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'GM040 the code of a part is made by the store and never changes (field code)')
        WHERE NEW.code IS NOT OLD.code OR NEW.kind IS NOT OLD.kind;
    SELECT RAISE(ABORT, 'GM041 the part was changed by someone else since you read it (field version); reload it')
        WHERE NEW.version IS NOT OLD.version;
    SELECT RAISE(ABORT, 'GM042 the class is not in the class catalogue of the store (field class_code)')
        WHERE NEW.class_code IS NOT OLD.class_code
          AND NOT EXISTS (SELECT 1 FROM classes WHERE kind = 'part' AND code = NEW.class_code);
    SELECT RAISE(ABORT, 'GM042 the class has the wrong number of digits for the part code scheme (field class_code)')
        WHERE NEW.class_code IS NOT OLD.class_code
          AND length(NEW.class_code) <> CASE coalesce((SELECT value FROM settings WHERE key = 'part_code_scheme'), 'survey12') WHEN 'gbt47678' THEN 5 ELSE 4 END;
    SELECT RAISE(ABORT, 'GM043 unknown status (field status)')
        WHERE NEW.status IS NOT OLD.status
          AND trim(coalesce(NEW.status, '')) NOT IN ('完好', '破损', '丢失', '占用', '注销');
    SELECT RAISE(ABORT, 'GM044 the owner department is not a department of the store (field owner_dept)')
        WHERE NEW.owner_dept IS NOT OLD.owner_dept AND trim(coalesce(NEW.owner_dept, '')) <> ''
          AND NOT EXISTS (SELECT 1 FROM departments WHERE code = trim(NEW.owner_dept));
    SELECT RAISE(ABORT, 'GM045 the location is not a valid point (field geom)') WHERE NEW.geom IS NULL;
END;

-- a planner's change completed: position and grid after a move, class names, bookkeeping kept, version,
-- edit run, history
CREATE TRIGGER parts_edit_update AFTER UPDATE ON parts
WHEN (SELECT store_tx FROM inventory_state) = 0 AND (SELECT fixing FROM inventory_state) IS NULL AND (OLD.class_code IS NOT NEW.class_code
    OR OLD.code_16 IS NOT NEW.code_16
    OR OLD.name IS NOT NEW.name
    OR OLD.owner_dept IS NOT NEW.owner_dept
    OR OLD.retired_on IS NOT NEW.retired_on
    OR OLD.status IS NOT NEW.status
    OR OLD.survey_date IS NOT NEW.survey_date
    OR OLD.geom IS NOT NEW.geom)
BEGIN
    UPDATE inventory_state SET fixing = NEW.fid;
    UPDATE parts SET x = ST_MinX(geom), y = ST_MinY(geom),
        inv_state = OLD.inv_state, first_seen = OLD.first_seen, last_seen = OLD.last_seen,
        missing_since = OLD.missing_since, source_file = OLD.source_file, source_row = OLD.source_row,
        grid_code = OLD.grid_code, community_code = OLD.community_code, street_code = OLD.street_code,
        major = OLD.major, minor = OLD.minor, major_zh = OLD.major_zh, major_en = OLD.major_en,
        class_zh = OLD.class_zh, class_en = OLD.class_en
    WHERE fid = NEW.fid;
    SELECT RAISE(ABORT, 'GM045 the point lies in no grid of the store (field geom)')
        FROM parts p WHERE p.fid = NEW.fid AND (p.x IS NOT OLD.x OR p.y IS NOT OLD.y)
          AND (SELECT grid_fid FROM part_grid WHERE part_fid = NEW.fid) IS NULL;
    UPDATE parts SET (grid_code, community_code, street_code) = (
        SELECT g.code, g.community_code, coalesce(a.parent_code, '') FROM grids g
        LEFT JOIN admin_units a ON a.code = g.community_code
        WHERE g.fid = (SELECT grid_fid FROM part_grid WHERE part_fid = NEW.fid))
    WHERE fid = NEW.fid AND (x IS NOT OLD.x OR y IS NOT OLD.y);
    UPDATE parts SET major = substr(class_code, 1, 2), minor = substr(class_code, 3),
        major_zh = coalesce((SELECT name_zh FROM part_majors WHERE code = substr(parts.class_code, 1, 2)), ''),
        major_en = coalesce((SELECT name_en FROM part_majors WHERE code = substr(parts.class_code, 1, 2)), ''),
        class_zh = (SELECT name_zh FROM classes WHERE kind = 'part' AND code = parts.class_code),
        class_en = (SELECT name FROM classes WHERE kind = 'part' AND code = parts.class_code)
    WHERE fid = NEW.fid AND class_code IS NOT OLD.class_code;
    INSERT INTO inventory_runs (actor, started_at, base_version, source, counts)
    SELECT 'desk', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), version, 'edit', '{"edit": 1}' FROM inventory_state;
    UPDATE inventory_state SET version = (SELECT max(id) FROM inventory_runs);
    UPDATE parts SET
        status = trim(coalesce(status, '')), owner_dept = trim(coalesce(owner_dept, '')),
        name = coalesce(name, ''), survey_date = coalesce(survey_date, ''), code_16 = coalesce(code_16, ''),
        retired_on = CASE WHEN trim(coalesce(status, '')) = '注销'
                          THEN coalesce(retired_on, OLD.retired_on, date('now')) END,
        version = OLD.version + 1,
        last_change = CASE WHEN trim(coalesce(status, '')) = '注销' AND OLD.status IS NOT '注销' THEN 'retire'
                           ELSE 'edit' END,
        last_run = (SELECT version FROM inventory_state)
    WHERE fid = NEW.fid;
    INSERT INTO part_history (geom, run_id, code, change, changed_fields, actor, at, old_values, new_values,
                              old_x, old_y, x, y, version)
    SELECT p.geom, p.last_run, p.code, p.last_change,
        substr(
            CASE WHEN OLD.class_code IS NOT p.class_code THEN ',class_code' ELSE '' END ||
            CASE WHEN OLD.class_en IS NOT p.class_en THEN ',class_en' ELSE '' END ||
            CASE WHEN OLD.class_zh IS NOT p.class_zh THEN ',class_zh' ELSE '' END ||
            CASE WHEN OLD.code_16 IS NOT p.code_16 THEN ',code_16' ELSE '' END ||
            CASE WHEN OLD.community_code IS NOT p.community_code THEN ',community_code' ELSE '' END ||
            CASE WHEN OLD.first_seen IS NOT p.first_seen THEN ',first_seen' ELSE '' END ||
            CASE WHEN OLD.grid_code IS NOT p.grid_code THEN ',grid_code' ELSE '' END ||
            CASE WHEN OLD.inv_state IS NOT p.inv_state THEN ',inv_state' ELSE '' END ||
            CASE WHEN OLD.major IS NOT p.major THEN ',major' ELSE '' END ||
            CASE WHEN OLD.major_en IS NOT p.major_en THEN ',major_en' ELSE '' END ||
            CASE WHEN OLD.major_zh IS NOT p.major_zh THEN ',major_zh' ELSE '' END ||
            CASE WHEN OLD.minor IS NOT p.minor THEN ',minor' ELSE '' END ||
            CASE WHEN OLD.missing_since IS NOT p.missing_since THEN ',missing_since' ELSE '' END ||
            CASE WHEN OLD.name IS NOT p.name THEN ',name' ELSE '' END ||
            CASE WHEN OLD.owner_dept IS NOT p.owner_dept THEN ',owner_dept' ELSE '' END ||
            CASE WHEN OLD.retired_on IS NOT p.retired_on THEN ',retired_on' ELSE '' END ||
            CASE WHEN OLD.source_file IS NOT p.source_file THEN ',source_file' ELSE '' END ||
            CASE WHEN OLD.source_row IS NOT p.source_row THEN ',source_row' ELSE '' END ||
            CASE WHEN OLD.status IS NOT p.status THEN ',status' ELSE '' END ||
            CASE WHEN OLD.street_code IS NOT p.street_code THEN ',street_code' ELSE '' END ||
            CASE WHEN OLD.survey_date IS NOT p.survey_date THEN ',survey_date' ELSE '' END ||
            CASE WHEN OLD.x IS NOT p.x OR OLD.y IS NOT p.y THEN ',geom' ELSE '' END, 2),
        'desk', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'class_code', OLD.class_code, 'class_en', OLD.class_en, 'class_zh', OLD.class_zh, 'code', OLD.code,
            'code_16', OLD.code_16, 'community_code', OLD.community_code, 'first_seen', OLD.first_seen, 'grid_code', OLD.grid_code,
            'inv_state', OLD.inv_state, 'kind', OLD.kind, 'major', OLD.major, 'major_en', OLD.major_en,
            'major_zh', OLD.major_zh, 'minor', OLD.minor, 'missing_since', OLD.missing_since, 'name', OLD.name,
            'owner_dept', OLD.owner_dept, 'retired_on', OLD.retired_on, 'source_file', OLD.source_file, 'source_row', OLD.source_row,
            'status', OLD.status, 'street_code', OLD.street_code, 'survey_date', OLD.survey_date),
        json_object(
            'class_code', p.class_code, 'class_en', p.class_en, 'class_zh', p.class_zh, 'code', p.code,
            'code_16', p.code_16, 'community_code', p.community_code, 'first_seen', p.first_seen, 'grid_code', p.grid_code,
            'inv_state', p.inv_state, 'kind', p.kind, 'major', p.major, 'major_en', p.major_en,
            'major_zh', p.major_zh, 'minor', p.minor, 'missing_since', p.missing_since, 'name', p.name,
            'owner_dept', p.owner_dept, 'retired_on', p.retired_on, 'source_file', p.source_file, 'source_row', p.source_row,
            'status', p.status, 'street_code', p.street_code, 'survey_date', p.survey_date),
        OLD.x, OLD.y, p.x, p.y, p.version
    FROM parts p WHERE p.fid = NEW.fid;
    UPDATE inventory_state SET fixing = NULL;
END;

-- last: an ALTER TABLE .. ADD COLUMN after this edit would use the offsets of the old text (the store bumps
-- schema_version after this script so every connection reads the new schema)
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (length(code) = 4 AND code NOT GLOB', 'CHECK (length(code) IN (4, 5) AND code NOT GLOB')
    WHERE type = 'table' AND name = 'classes';
UPDATE sqlite_master SET sql = replace(sql, '''missing'', ''edit''))', '''missing'', ''edit'', ''add'', ''retire'', ''restore''))')
    WHERE type = 'table' AND name = 'parts';
UPDATE sqlite_master SET sql = replace(replace(replace(replace(replace(replace(replace(sql,
        'code TEXT NOT NULL UNIQUE', 'code TEXT NOT NULL ON CONFLICT REPLACE DEFAULT '''' UNIQUE'),
        'x REAL NOT NULL', 'x REAL NOT NULL ON CONFLICT REPLACE DEFAULT 0'),
        'y REAL NOT NULL', 'y REAL NOT NULL ON CONFLICT REPLACE DEFAULT 0'),
        'TEXT NOT NULL DEFAULT', 'TEXT NOT NULL ON CONFLICT REPLACE DEFAULT'),
        'INTEGER NOT NULL DEFAULT', 'INTEGER NOT NULL ON CONFLICT REPLACE DEFAULT'),
        'kind TEXT NOT NULL ON CONFLICT REPLACE DEFAULT ''part''', 'kind TEXT NOT NULL ON CONFLICT REPLACE DEFAULT ''part'''),
        'class_code TEXT NOT NULL,', 'class_code TEXT NOT NULL,')
    WHERE type = 'table' AND name = 'parts';
PRAGMA writable_schema = OFF;
