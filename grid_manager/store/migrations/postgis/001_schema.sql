-- Grid Manager case store, PostGIS: reference data and cases.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS gm;

CREATE TABLE gm.admin_units (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
    level text NOT NULL CHECK (level IN ('district', 'street', 'community')),
    name text NOT NULL,
    parent_code text REFERENCES gm.admin_units (code),
    geom geometry(MultiPolygon, 4490)
);

CREATE TABLE gm.grids (
    code text NOT NULL CHECK (code ~ '^[0-9]{14,15}$'),
    version integer NOT NULL DEFAULT 1,
    community_code text NOT NULL REFERENCES gm.admin_units (code),
    valid_from timestamptz NOT NULL DEFAULT now(),
    valid_to timestamptz,
    geom geometry(MultiPolygon, 4490) NOT NULL,
    PRIMARY KEY (code, version)
);
CREATE INDEX grids_geom_idx ON gm.grids USING gist (geom);

CREATE TABLE gm.classes (
    kind text NOT NULL CHECK (kind IN ('part', 'event')),
    code text NOT NULL CHECK (code ~ '^[0-9]{4}$'),
    name text NOT NULL,
    name_zh text NOT NULL DEFAULT '',
    PRIMARY KEY (kind, code)
);

CREATE TABLE gm.departments (
    code text PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE gm.parts (
    code text PRIMARY KEY,
    kind text NOT NULL DEFAULT 'part' CHECK (kind = 'part'),
    class_code text NOT NULL,
    grid_code text,
    geom geometry(Point, 4490) NOT NULL,
    FOREIGN KEY (kind, class_code) REFERENCES gm.classes (kind, code)
);
CREATE INDEX parts_geom_idx ON gm.parts USING gist (geom);

-- Time limits per minor class and urgency (0 normal, 1 urgent), in hours from dispatch.
CREATE TABLE gm.time_limits (
    kind text NOT NULL,
    class_code text NOT NULL,
    urgency smallint NOT NULL CHECK (urgency IN (0, 1)),
    hours numeric NOT NULL CHECK (hours > 0),
    PRIMARY KEY (kind, class_code, urgency),
    FOREIGN KEY (kind, class_code) REFERENCES gm.classes (kind, code)
);

CREATE SEQUENCE gm.case_code_seq;

CREATE TABLE gm.cases (
    id bigserial PRIMARY KEY,
    case_code text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('part', 'event')),
    class_code text NOT NULL,
    source text NOT NULL CHECK (source IN ('inspector', 'public', 'hotline', 'video')),
    description text NOT NULL DEFAULT '',
    geom geometry(Point, 4490) NOT NULL,
    grid_code text,
    community_code text,
    street_code text,
    part_code text REFERENCES gm.parts (code),
    urgency smallint NOT NULL DEFAULT 0 CHECK (urgency IN (0, 1)),
    state text NOT NULL DEFAULT 'reported' CHECK (state IN ('reported', 'verified', 'registered', 'declined',
        'dispatched', 'handled', 'closed', 'cancelled')),
    department text REFERENCES gm.departments (code),
    deadline_at timestamptz,
    reported_at timestamptz NOT NULL DEFAULT now(),
    verified_at timestamptz,
    registered_at timestamptz,
    declined_at timestamptz,
    dispatched_at timestamptz,
    handled_at timestamptz,
    checked_at timestamptz,
    closed_at timestamptz,
    cancelled_at timestamptz,
    extension_pending boolean NOT NULL DEFAULT false,
    extension_hours numeric,
    checked boolean NOT NULL DEFAULT false,
    rework_count integer NOT NULL DEFAULT 0,
    extension_count integer NOT NULL DEFAULT 0,
    returned_count integer NOT NULL DEFAULT 0,
    reporter text NOT NULL DEFAULT session_user,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (kind, class_code) REFERENCES gm.classes (kind, code),
    CHECK (state <> 'dispatched' OR (department IS NOT NULL AND deadline_at IS NOT NULL))
);
CREATE INDEX cases_state_idx ON gm.cases (state);
CREATE INDEX cases_department_idx ON gm.cases (department);
CREATE INDEX cases_grid_idx ON gm.cases (grid_code);
CREATE INDEX cases_community_idx ON gm.cases (community_code);
CREATE INDEX cases_street_idx ON gm.cases (street_code);
CREATE INDEX cases_reported_idx ON gm.cases (reported_at);
CREATE INDEX cases_deadline_idx ON gm.cases (deadline_at) WHERE state = 'dispatched';
CREATE INDEX cases_geom_idx ON gm.cases USING gist (geom);

-- The audit trail: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
CREATE TABLE gm.case_events (
    id bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES gm.cases (id),
    seq integer NOT NULL,
    actor text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    note text NOT NULL DEFAULT '',
    attachments text[] NOT NULL DEFAULT '{}',
    UNIQUE (case_id, seq)
);

CREATE FUNCTION gm.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'GM009', MESSAGE = 'case_events is append-only';
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON gm.case_events
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_change();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON gm.case_events
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_change();

-- Users of the store: login name -> workflow role (and department for department users).
CREATE TABLE gm.store_users (
    login text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('inspector', 'supervision', 'command', 'department', 'viewer')),
    department_code text REFERENCES gm.departments (code),
    CHECK (role <> 'department' OR department_code IS NOT NULL)
);
