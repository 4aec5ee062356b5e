-- Issue 15 in the embedded store (see migrations/postgis/011_calendar.sql for the shared store).
-- * calendar: the days that differ from the Monday-Friday week (holidays, make-up working days 调休).
-- * setting working_hours (default 08:30-12:00,13:30-17:30) in the store's time zone.
-- * time_limits: amount (was hours) + unit (hours, working_hours, working_days) per class, urgency and stage.
--   The deadlines are computed by grid_manager/cases/working_time.py (the arithmetic of gm.add_working_time).
-- * working_time_log: who changed the calendar, the limits or the settings, written by the store's code.
-- * fail_check: the inspector's check finds the problem not fixed -> rework by the same department.
CREATE TABLE calendar (
    day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND day BETWEEN '2000-01-01' AND '2099-12-31'),
    working INTEGER NOT NULL CHECK (working IN (0, 1)),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('calendar', 'attributes', 'calendar', 'Working-day calendar: holidays and make-up working days');

INSERT INTO settings (key, value) VALUES ('working_hours', '08:30-12:00,13:30-17:30')
    ON CONFLICT (key) DO NOTHING;

CREATE TABLE time_limits_new (
    kind TEXT NOT NULL,
    class_code TEXT NOT NULL,
    urgency INTEGER NOT NULL CHECK (urgency IN (0, 1)),
    stage TEXT NOT NULL DEFAULT 'handling'
        CHECK (stage IN ('verification', 'registration', 'dispatch', 'handling', 'check', 'closing')),
    amount REAL NOT NULL CHECK (amount > 0 AND amount <= 8760),
    unit TEXT NOT NULL DEFAULT 'hours' CHECK (unit IN ('hours', 'working_hours', 'working_days')),
    max_extension_hours REAL NOT NULL DEFAULT 72 CHECK (max_extension_hours > 0 AND max_extension_hours <= 8760),
    PRIMARY KEY (kind, class_code, urgency, stage),
    FOREIGN KEY (kind, class_code) REFERENCES classes (kind, code)
);
INSERT INTO time_limits_new (kind, class_code, urgency, stage, amount, unit, max_extension_hours)
    SELECT kind, class_code, urgency, 'handling', min(hours, 8760), 'hours', max_extension_hours FROM time_limits;
DROP TABLE time_limits;
ALTER TABLE time_limits_new RENAME TO time_limits;

-- max_extension_hours belongs to a class and urgency: kept equal on all its stage rows.
CREATE TRIGGER time_limits_max_extension_insert AFTER INSERT ON time_limits
BEGIN
    UPDATE time_limits SET max_extension_hours = NEW.max_extension_hours
    WHERE kind = NEW.kind AND class_code = NEW.class_code AND urgency = NEW.urgency
      AND max_extension_hours <> NEW.max_extension_hours;
END;
CREATE TRIGGER time_limits_max_extension_update AFTER UPDATE OF max_extension_hours ON time_limits
BEGIN
    UPDATE time_limits SET max_extension_hours = NEW.max_extension_hours
    WHERE kind = NEW.kind AND class_code = NEW.class_code AND urgency = NEW.urgency
      AND max_extension_hours <> NEW.max_extension_hours;
END;

CREATE TABLE working_time_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at DATETIME NOT NULL,
    actor TEXT NOT NULL,
    table_name TEXT NOT NULL,
    operation TEXT NOT NULL,
    old_row TEXT,
    new_row TEXT
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('working_time_log', 'attributes', 'working_time_log', 'Changes of the calendar, time limits and settings');
CREATE TRIGGER working_time_log_no_update BEFORE UPDATE ON working_time_log
BEGIN SELECT RAISE(ABORT, 'working_time_log is append-only'); END;
CREATE TRIGGER working_time_log_no_delete BEFORE DELETE ON working_time_log
BEGIN SELECT RAISE(ABORT, 'working_time_log is append-only'); END;

DROP TRIGGER transitions_no_insert;
INSERT INTO transitions (state, action, role, new_state, guard, effects) VALUES
    ('handled', 'fail_check', 'inspector', 'dispatched', 'not_checked', 'rework');
CREATE TRIGGER transitions_no_insert BEFORE INSERT ON transitions
BEGIN SELECT RAISE(ABORT, 'GM020 the workflow table is fixed by the migrations'); END;
