-- The workflow as data: the same rows as the PostGIS store (a test compares both tables).
CREATE TABLE transitions (
    state TEXT NOT NULL,
    action TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('inspector', 'supervision', 'command', 'department', 'viewer')),
    new_state TEXT NOT NULL,
    guard TEXT NOT NULL DEFAULT '',
    effects TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (state, action, role)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('transitions', 'attributes', 'transitions', 'Workflow: state, action, role -> new state');

INSERT INTO transitions (state, action, role, new_state, guard, effects) VALUES
    ('new', 'report', 'inspector', 'reported', '', ''),
    ('new', 'report', 'supervision', 'reported', '', ''),
    ('reported', 'verify', 'inspector', 'verified', '', ''),
    ('reported', 'verify', 'supervision', 'verified', '', ''),
    ('reported', 'decline', 'supervision', 'declined', '', ''),
    ('reported', 'cancel', 'supervision', 'cancelled', '', ''),
    ('verified', 'register', 'supervision', 'registered', '', ''),
    ('verified', 'decline', 'supervision', 'declined', '', ''),
    ('verified', 'cancel', 'supervision', 'cancelled', '', ''),
    ('registered', 'dispatch', 'command', 'dispatched', '', 'dispatch'),
    ('registered', 'cancel', 'command', 'cancelled', '', ''),
    ('registered', 'cancel', 'supervision', 'cancelled', '', ''),
    ('dispatched', 'handle', 'department', 'dispatched', '', ''),
    ('dispatched', 'report_back', 'department', 'handled', '', 'clear_extension'),
    ('dispatched', 'return', 'department', 'registered', '', 'return'),
    ('dispatched', 'request_extension', 'department', 'dispatched', 'no_extension_pending', 'request_extension'),
    ('dispatched', 'approve_extension', 'command', 'dispatched', 'extension_pending', 'grant_extension'),
    ('dispatched', 'refuse_extension', 'command', 'dispatched', 'extension_pending', 'refuse_extension'),
    ('dispatched', 'cancel', 'command', 'cancelled', '', ''),
    ('handled', 'check', 'inspector', 'handled', 'not_checked', 'check'),
    ('handled', 'close', 'supervision', 'closed', 'checked', ''),
    ('handled', 'rework', 'supervision', 'dispatched', '', 'rework');
