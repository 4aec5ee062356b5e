-- Grid Manager case store, GeoPackage (embedded, single desk): the same schema as PostGIS.
-- Geometries are GeoPackage binary blobs written by the store; timestamps are GeoPackage DATETIME
-- text (YYYY-MM-DDTHH:MM:SS.fffZ, UTC), which sorts like the instant.
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
    ('China Geodetic Coordinate System 2000', 4490, 'EPSG', 4490, 'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]', 'CGCS2000');
CREATE TABLE IF NOT EXISTS gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
    description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
    srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
    table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));

CREATE TABLE admin_units (
    fid INTEGER PRIMARY KEY AUTOINCREMENT,
    geom MULTIPOLYGON,
    code TEXT NOT NULL UNIQUE CHECK (length(code) IN (6, 9, 12) AND code NOT GLOB '*[^0-9]*'),
    level TEXT NOT NULL CHECK (level IN ('district', 'street', 'community')),
    name TEXT NOT NULL,
    parent_code TEXT REFERENCES admin_units (code)
);

CREATE TABLE grids (
    fid INTEGER PRIMARY KEY AUTOINCREMENT,
    geom MULTIPOLYGON NOT NULL,
    code TEXT NOT NULL CHECK (length(code) IN (14, 15) AND code NOT GLOB '*[^0-9]*'),
    version INTEGER NOT NULL DEFAULT 1,
    community_code TEXT NOT NULL REFERENCES admin_units (code),
    valid_from DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    valid_to DATETIME,
    min_x REAL NOT NULL, max_x REAL NOT NULL, min_y REAL NOT NULL, max_y REAL NOT NULL,
    UNIQUE (code, version)
);
CREATE INDEX grids_bbox_idx ON grids (min_x, max_x);

CREATE TABLE classes (
    kind TEXT NOT NULL CHECK (kind IN ('part', 'event')),
    code TEXT NOT NULL CHECK (length(code) = 4 AND code NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, code)
);

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE parts (
    fid INTEGER PRIMARY KEY AUTOINCREMENT,
    geom POINT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'part' CHECK (kind = 'part'),
    class_code TEXT NOT NULL,
    grid_code TEXT,
    x REAL NOT NULL,
    y REAL NOT NULL,
    FOREIGN KEY (kind, class_code) REFERENCES classes (kind, code)
);
CREATE INDEX parts_xy_idx ON parts (x, y);

CREATE TABLE time_limits (
    kind TEXT NOT NULL,
    class_code TEXT NOT NULL,
    urgency INTEGER NOT NULL CHECK (urgency IN (0, 1)),
    hours REAL NOT NULL CHECK (hours > 0),
    PRIMARY KEY (kind, class_code, urgency),
    FOREIGN KEY (kind, class_code) REFERENCES classes (kind, code)
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    geom POINT NOT NULL,
    case_code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('part', 'event')),
    class_code TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('inspector', 'public', 'hotline', 'video')),
    description TEXT NOT NULL DEFAULT '',
    x REAL NOT NULL,
    y REAL NOT NULL,
    grid_code TEXT,
    community_code TEXT,
    street_code TEXT,
    part_code TEXT REFERENCES parts (code),
    urgency INTEGER NOT NULL DEFAULT 0 CHECK (urgency IN (0, 1)),
    state TEXT NOT NULL DEFAULT 'reported' CHECK (state IN ('reported', 'verified', 'registered', 'declined',
        'dispatched', 'handled', 'closed', 'cancelled')),
    department TEXT REFERENCES departments (code),
    deadline_at DATETIME,
    reported_at DATETIME NOT NULL,
    verified_at DATETIME,
    registered_at DATETIME,
    declined_at DATETIME,
    dispatched_at DATETIME,
    handled_at DATETIME,
    checked_at DATETIME,
    closed_at DATETIME,
    cancelled_at DATETIME,
    extension_pending INTEGER NOT NULL DEFAULT 0,
    extension_hours REAL,
    checked INTEGER NOT NULL DEFAULT 0,
    rework_count INTEGER NOT NULL DEFAULT 0,
    extension_count INTEGER NOT NULL DEFAULT 0,
    returned_count INTEGER NOT NULL DEFAULT 0,
    reporter TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at DATETIME NOT NULL,
    FOREIGN KEY (kind, class_code) REFERENCES classes (kind, code),
    CHECK (state <> 'dispatched' OR (department IS NOT NULL AND deadline_at IS NOT NULL))
);
CREATE INDEX cases_state_idx ON cases (state);
CREATE INDEX cases_department_idx ON cases (department);
CREATE INDEX cases_grid_idx ON cases (grid_code);
CREATE INDEX cases_community_idx ON cases (community_code);
CREATE INDEX cases_street_idx ON cases (street_code);
CREATE INDEX cases_reported_idx ON cases (reported_at);
CREATE INDEX cases_deadline_idx ON cases (state, deadline_at);

CREATE TABLE case_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    seq INTEGER NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    at DATETIME NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    attachments TEXT NOT NULL DEFAULT '[]',
    UNIQUE (case_id, seq)
);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('admin_units', 'features', 'admin_units', 'Districts, streets and communities', 4490),
    ('grids', 'features', 'grids', 'Grids (all versions; valid_to IS NULL = current)', 4490),
    ('parts', 'features', 'parts', 'City parts', 4490),
    ('cases', 'features', 'cases', 'Cases', 4490);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('classes', 'attributes', 'classes', 'Part and event classes'),
    ('departments', 'attributes', 'departments', 'Handling departments'),
    ('time_limits', 'attributes', 'time_limits', 'Time limits per minor class and urgency (hours)'),
    ('case_events', 'attributes', 'case_events', 'Audit trail (append-only)');
INSERT INTO gpkg_geometry_columns VALUES
    ('admin_units', 'geom', 'MULTIPOLYGON', 4490, 0, 0),
    ('grids', 'geom', 'MULTIPOLYGON', 4490, 0, 0),
    ('parts', 'geom', 'POINT', 4490, 0, 0),
    ('cases', 'geom', 'POINT', 4490, 0, 0);
