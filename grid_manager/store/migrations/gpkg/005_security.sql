-- Issue 11 in the embedded store (see migrations/postgis/008_security.sql for the shared store).
-- * 退回 (return): the department requests it with a reason, the command centre accepts or rejects it;
--   the dispatch, the deadline and the time already overdue are kept (case_returns, overdue_seconds).
--   The transitions table has the same rows as PostGIS.
-- * The store's time zone (settings, default Asia/Shanghai) gives the date of case codes.
-- * Extension hours bounded per class (time_limits.max_extension_hours).
-- * Cases and their audit change only through the store's own transition code: it writes a token row
--   first and deletes it in the same transaction; the triggers refuse any INSERT or UPDATE of cases and
--   any audit row without it (an edit of the cases layer in QGIS, a script with sqlite3), and every
--   DELETE.  Whoever can write the file can still write that token: the triggers stop mistakes and
--   casual edits, not a determined user with the file (the README explains what a file can promise).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('time_zone', 'Asia/Shanghai'), ('max_backdate_hours', '72');
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('settings', 'attributes', 'settings', 'Store settings (time zone)');

ALTER TABLE cases ADD COLUMN return_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN overdue_seconds REAL NOT NULL DEFAULT 0 CHECK (overdue_seconds >= 0);
ALTER TABLE time_limits ADD COLUMN max_extension_hours REAL NOT NULL DEFAULT 72
    CHECK (max_extension_hours > 0 AND max_extension_hours <= 8760);

CREATE TABLE case_returns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    seq INTEGER NOT NULL,
    department TEXT NOT NULL,
    dispatched_at DATETIME NOT NULL,
    deadline_at DATETIME NOT NULL,
    requested_at DATETIME,
    reason TEXT NOT NULL DEFAULT '',
    accepted_at DATETIME NOT NULL,
    accepted_by TEXT NOT NULL,
    overdue_seconds REAL NOT NULL DEFAULT 0
);
CREATE INDEX case_returns_case_idx ON case_returns (case_id);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('case_returns', 'attributes', 'case_returns', 'Accepted returns: the dispatch that ended and its overdue time');

DELETE FROM transitions WHERE state = 'dispatched' AND action = 'return' AND role = 'department';
INSERT INTO transitions (state, action, role, new_state, guard, effects) VALUES
    ('dispatched', 'request_return', 'department', 'dispatched', 'no_return_pending', 'request_return'),
    ('dispatched', 'accept_return', 'command', 'registered', 'return_pending', 'return'),
    ('dispatched', 'reject_return', 'command', 'dispatched', 'return_pending', 'reject_return');
UPDATE transitions SET effects = 'clear_extension,clear_return'
    WHERE state = 'dispatched' AND action = 'report_back' AND role = 'department';

-- The token of the transaction in progress (written and deleted by the store's own code).
CREATE TABLE gm_transition_token (
    token TEXT PRIMARY KEY
);

CREATE TRIGGER cases_guard_insert BEFORE INSERT ON cases
    WHEN NOT EXISTS (SELECT 1 FROM gm_transition_token)
BEGIN SELECT RAISE(ABORT, 'GM020 cases change only through the case store workflow'); END;
CREATE TRIGGER cases_guard_update BEFORE UPDATE ON cases
    WHEN NOT EXISTS (SELECT 1 FROM gm_transition_token)
BEGIN SELECT RAISE(ABORT, 'GM020 cases change only through the case store workflow'); END;
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'GM020 cases are never deleted'); END;
CREATE TRIGGER case_events_guard_insert BEFORE INSERT ON case_events
    WHEN NOT EXISTS (SELECT 1 FROM gm_transition_token)
BEGIN SELECT RAISE(ABORT, 'GM020 audit rows are written only by the case store workflow'); END;
CREATE TRIGGER case_returns_guard_insert BEFORE INSERT ON case_returns
    WHEN NOT EXISTS (SELECT 1 FROM gm_transition_token)
BEGIN SELECT RAISE(ABORT, 'GM020 audit rows are written only by the case store workflow'); END;
CREATE TRIGGER case_returns_no_update BEFORE UPDATE ON case_returns
BEGIN SELECT RAISE(ABORT, 'case_returns is append-only'); END;
CREATE TRIGGER case_returns_no_delete BEFORE DELETE ON case_returns
BEGIN SELECT RAISE(ABORT, 'case_returns is append-only'); END;
CREATE TRIGGER transitions_no_insert BEFORE INSERT ON transitions
BEGIN SELECT RAISE(ABORT, 'GM020 the workflow table is fixed by the migrations'); END;
CREATE TRIGGER transitions_no_update BEFORE UPDATE ON transitions
BEGIN SELECT RAISE(ABORT, 'GM020 the workflow table is fixed by the migrations'); END;
CREATE TRIGGER transitions_no_delete BEFORE DELETE ON transitions
BEGIN SELECT RAISE(ABORT, 'GM020 the workflow table is fixed by the migrations'); END;

DROP VIEW cases_analysis;
CREATE VIEW cases_analysis AS
SELECT id AS fid, geom, case_code, kind, class_code, source, urgency, state, department, grid_code,
       community_code, street_code, reported_at, registered_at, dispatched_at, deadline_at, handled_at,
       closed_at, rework_count, extension_count, returned_count,
       overdue_seconds / 3600.0 AS returned_overdue_hours
FROM cases;
