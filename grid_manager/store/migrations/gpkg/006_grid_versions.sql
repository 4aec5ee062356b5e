-- Issue 13: grids edited in the store, every change a new version with who/when/why (the GeoPackage side of
-- PostGIS migration 009).  The store's commit_grid_edits() writes them; the triggers keep versions and the
-- record append-only and register every code ever issued (a retired code is never issued again).
CREATE TABLE grid_codes (
    code TEXT PRIMARY KEY,
    community_code TEXT NOT NULL,
    issued_at DATETIME NOT NULL,
    retired_at DATETIME
);
INSERT INTO grid_codes (code, community_code, issued_at, retired_at)
SELECT g.code,
       (SELECT g2.community_code FROM grids g2 WHERE g2.code = g.code ORDER BY g2.version DESC LIMIT 1),
       min(g.valid_from),
       CASE WHEN count(g.valid_to) = count(*) THEN max(g.valid_to) END
FROM grids g GROUP BY g.code;

CREATE TABLE grid_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('load', 'publish', 'add', 'edit', 'retire')),
    actor TEXT NOT NULL,
    at DATETIME NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    commit_id INTEGER
);
CREATE INDEX grid_changes_code_idx ON grid_changes (code, version);

CREATE TRIGGER grid_changes_no_update BEFORE UPDATE ON grid_changes
BEGIN SELECT RAISE(ABORT, 'GM009 grid_changes is append-only'); END;
CREATE TRIGGER grid_changes_no_delete BEFORE DELETE ON grid_changes
BEGIN SELECT RAISE(ABORT, 'GM009 grid_changes is append-only'); END;
CREATE TRIGGER grid_codes_no_delete BEFORE DELETE ON grid_codes
BEGIN SELECT RAISE(ABORT, 'GM009 grid codes are never forgotten'); END;
CREATE TRIGGER grids_no_delete BEFORE DELETE ON grids
BEGIN SELECT RAISE(ABORT, 'GM009 grid versions are history: only valid_to may be set, once'); END;
CREATE TRIGGER grids_history_update BEFORE UPDATE ON grids
    WHEN NOT (OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL AND NEW.code IS OLD.code
              AND NEW.version IS OLD.version AND NEW.community_code IS OLD.community_code
              AND NEW.valid_from IS OLD.valid_from AND NEW.geom IS OLD.geom)
BEGIN SELECT RAISE(ABORT, 'GM009 grid versions are history: only valid_to may be set, once'); END;
-- a load by the store's administrator (load-grids, add_grid) is recorded as such
CREATE TRIGGER grids_register AFTER INSERT ON grids
BEGIN
    INSERT OR IGNORE INTO grid_codes (code, community_code, issued_at) VALUES (NEW.code, NEW.community_code, NEW.valid_from);
    UPDATE grid_codes SET retired_at = NULL WHERE code = NEW.code AND NEW.valid_to IS NULL;
    INSERT INTO grid_changes (code, version, change, actor, at)
    SELECT NEW.code, NEW.version, 'load', '', NEW.valid_from
    WHERE NOT EXISTS (SELECT 1 FROM grid_changes c WHERE c.code = NEW.code AND c.version = NEW.version);
END;
