-- The part inventory (部件台账) in the shared store (issue 3, item 5).
--
-- gm.parts gets the fields of the GeoPackage inventory (the columns of an 'Import part survey' output plus
-- the inventory state).  Every change to gm.parts happens inside an inventory run: gm.begin_inventory_run()
-- checks the role (planner), locks the inventory (one run at a time), checks the version the caller
-- compared against, and records the run; the guard trigger refuses any write to gm.parts outside the
-- caller's open run, and DELETE/TRUNCATE always (missing parts are flagged, never deleted).  The history
-- triggers append the old and new values and position of every changed part to gm.part_history
-- (append-only): nothing is ever overwritten.

-- The planner role: keeps the inventory.  Everyone else reads it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gm_planner') THEN
        CREATE ROLE gm_planner NOLOGIN;
    END IF;
END $$;

ALTER TABLE gm.store_users DROP CONSTRAINT store_users_role_check;
ALTER TABLE gm.store_users ADD CONSTRAINT store_users_role_check
    CHECK (role IN ('inspector', 'supervision', 'command', 'department', 'viewer', 'planner'));

CREATE OR REPLACE FUNCTION gm.acts_as(p_role text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = gm, pg_catalog AS $$
    SELECT p_role IN ('inspector', 'supervision', 'command', 'department', 'viewer', 'planner') AND (
        EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        OR (pg_has_role(session_user, 'gm_' || p_role, 'MEMBER')
            AND (p_role <> 'department' OR EXISTS (
                SELECT 1 FROM gm.store_users u WHERE u.login = session_user AND u.department_code IS NOT NULL))))
$$;

-- One row per run that changed the inventory (append-only).
CREATE TABLE gm.inventory_runs (
    id bigserial PRIMARY KEY,
    actor text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    txid bigint NOT NULL,
    base_version bigint NOT NULL,            -- the inventory version the survey was compared with
    source text NOT NULL DEFAULT '',         -- the survey (file or layer)
    move_threshold double precision,
    survey_day date,
    counts jsonb NOT NULL DEFAULT '{}'       -- new, unchanged, moved, changed, moved_changed, missing
);

-- The inventory version: the id of the last run (row locked by a run until it commits).
CREATE TABLE gm.inventory_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO gm.inventory_state DEFAULT VALUES;

ALTER TABLE gm.parts
    ADD COLUMN major text NOT NULL DEFAULT '',
    ADD COLUMN minor text NOT NULL DEFAULT '',
    ADD COLUMN major_zh text NOT NULL DEFAULT '',
    ADD COLUMN major_en text NOT NULL DEFAULT '',
    ADD COLUMN class_zh text NOT NULL DEFAULT '',
    ADD COLUMN class_en text NOT NULL DEFAULT '',
    ADD COLUMN code_16 text NOT NULL DEFAULT '',
    ADD COLUMN name text NOT NULL DEFAULT '',
    ADD COLUMN status text NOT NULL DEFAULT '',
    ADD COLUMN owner_dept text NOT NULL DEFAULT '',
    ADD COLUMN survey_date text NOT NULL DEFAULT '',
    ADD COLUMN community_code text NOT NULL DEFAULT '',
    ADD COLUMN street_code text NOT NULL DEFAULT '',
    ADD COLUMN source_file text NOT NULL DEFAULT '',
    ADD COLUMN source_row bigint NOT NULL DEFAULT 0,
    ADD COLUMN inv_state text NOT NULL DEFAULT 'active' CHECK (inv_state IN ('active', 'missing')),
    ADD COLUMN first_seen date,
    ADD COLUMN last_seen date,
    ADD COLUMN missing_since date,
    ADD COLUMN last_run bigint REFERENCES gm.inventory_runs (id),
    ADD COLUMN last_change text CHECK (last_change IN ('new', 'unchanged', 'moved', 'changed', 'moved_changed',
                                                       'missing', 'edit'));

-- Room on every page for the yearly update of each part (last_seen, last_run): heap-only updates that
-- leave the indexes alone.
ALTER TABLE gm.parts SET (fillfactor = 60);

-- The history of the inventory (append-only): one row per part a run added or changed.
CREATE TABLE gm.part_history (
    id bigserial PRIMARY KEY,
    run_id bigint NOT NULL REFERENCES gm.inventory_runs (id),
    code text NOT NULL,
    change text NOT NULL,
    changed_fields text NOT NULL DEFAULT '',
    actor text NOT NULL,
    at timestamptz NOT NULL,
    old_values jsonb,
    new_values jsonb NOT NULL,
    old_geom geometry(Point, 4490),
    geom geometry(Point, 4490) NOT NULL
);
CREATE INDEX part_history_code_idx ON gm.part_history (code, id);
CREATE INDEX part_history_run_idx ON gm.part_history (run_id);

CREATE FUNCTION gm.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'GM009', MESSAGE = TG_TABLE_NAME || ' is append-only';
END $$;
CREATE TRIGGER part_history_append_only BEFORE UPDATE OR DELETE ON gm.part_history
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_history_change();
CREATE TRIGGER part_history_no_truncate BEFORE TRUNCATE ON gm.part_history
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_history_change();
CREATE TRIGGER inventory_runs_append_only BEFORE UPDATE OR DELETE ON gm.inventory_runs
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_history_change();
CREATE TRIGGER inventory_runs_no_truncate BEFORE TRUNCATE ON gm.inventory_runs
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_history_change();

-- Open an inventory run in the current transaction; returns its id.  p_expected_version is the version
-- the caller read with the inventory (NULL: no check, for administrative loads).  Concurrent runs wait
-- for the lock on gm.inventory_state; the later one then finds a newer version and is refused (GM010).
CREATE FUNCTION gm.begin_inventory_run(p_expected_version bigint, p_source text DEFAULT '',
                                       p_move_threshold double precision DEFAULT NULL,
                                       p_survey_day date DEFAULT NULL, p_counts jsonb DEFAULT '{}')
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = gm, pg_catalog AS $$
DECLARE
    v_version bigint;
    v_id bigint;
    r gm.inventory_runs;
BEGIN
    IF NOT gm.acts_as('planner') THEN
        PERFORM gm.refuse('GM003', json_build_object('role', 'planner'));
    END IF;
    SELECT version INTO v_version FROM gm.inventory_state FOR UPDATE;
    IF p_expected_version IS NOT NULL AND v_version <> p_expected_version THEN
        SELECT * INTO r FROM gm.inventory_runs WHERE id = v_version;
        PERFORM gm.refuse('GM010', json_build_object('current', v_version, 'expected', p_expected_version,
                                                     'actor', r.actor,
                                                     'at', to_char(r.started_at, 'YYYY-MM-DD HH24:MI:SS TZ')));
    END IF;
    INSERT INTO gm.inventory_runs (actor, txid, base_version, source, move_threshold, survey_day, counts)
    VALUES (session_user, txid_current(), v_version, coalesce(p_source, ''), p_move_threshold, p_survey_day,
            coalesce(p_counts, '{}'))
    RETURNING id INTO v_id;
    UPDATE gm.inventory_state SET version = v_id;
    PERFORM set_config('gm.inventory_run', v_id::text, true);
    RETURN v_id;
END $$;

-- The run open in this transaction by this user, or NULL.
CREATE FUNCTION gm.current_inventory_run() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = gm, pg_catalog AS $$
    SELECT r.id FROM gm.inventory_runs r
    WHERE r.id = nullif(current_setting('gm.inventory_run', true), '')::bigint
      AND r.txid = txid_current() AND r.actor = session_user
$$;

CREATE FUNCTION gm.parts_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = gm, pg_catalog AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        PERFORM gm.refuse('GM012', json_build_object('table', 'parts'));
    END IF;
    IF gm.current_inventory_run() IS NULL THEN
        PERFORM gm.refuse('GM011', json_build_object('table', 'parts'));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER parts_guard BEFORE INSERT OR UPDATE OR DELETE ON gm.parts
    FOR EACH STATEMENT EXECUTE FUNCTION gm.parts_guard();
CREATE TRIGGER parts_no_truncate BEFORE TRUNCATE ON gm.parts
    FOR EACH STATEMENT EXECUTE FUNCTION gm.parts_guard();

-- The recorded values of a part: every column but the position and the bookkeeping of the last run
-- (last_seen, last_run, last_change).  Built column by column: to_jsonb(row) would also turn the geometry
-- into GeoJSON, five times slower.
CREATE FUNCTION gm.part_values(p gm.parts) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object(
        'code', p.code, 'kind', p.kind, 'class_code', p.class_code, 'grid_code', p.grid_code,
        'major', p.major, 'minor', p.minor, 'major_zh', p.major_zh, 'major_en', p.major_en,
        'class_zh', p.class_zh, 'class_en', p.class_en, 'code_16', p.code_16, 'name', p.name,
        'status', p.status, 'owner_dept', p.owner_dept, 'survey_date', p.survey_date, 'community_code', p.community_code,
        'street_code', p.street_code, 'source_file', p.source_file, 'source_row', p.source_row, 'inv_state', p.inv_state,
        'first_seen', p.first_seen, 'missing_since', p.missing_since)
$$;

CREATE FUNCTION gm.parts_history_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = gm, public, pg_catalog AS $$
DECLARE
    v_run bigint := gm.current_inventory_run();
BEGIN
    INSERT INTO gm.part_history (run_id, code, change, actor, at, new_values, geom)
    SELECT v_run, n.code, coalesce(n.last_change, 'new'), session_user, now(), gm.part_values(n), n.geom
    FROM new_parts n;
    RETURN NULL;
END $$;
CREATE TRIGGER parts_history_insert AFTER INSERT ON gm.parts REFERENCING NEW TABLE AS new_parts
    FOR EACH STATEMENT EXECUTE FUNCTION gm.parts_history_insert();

-- Row level, filtered by WHEN: an update that only stamps last_seen (an unchanged part) costs no history row
-- and no JSON.  The WHEN list is every column of gm.part_values() plus the position.
CREATE FUNCTION gm.parts_history_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = gm, public, pg_catalog AS $$
DECLARE
    v_old jsonb := gm.part_values(OLD);
    v_new jsonb := gm.part_values(NEW);
BEGIN
    INSERT INTO gm.part_history (run_id, code, change, changed_fields, actor, at, old_values, new_values,
                                 old_geom, geom)
    VALUES (gm.current_inventory_run(), NEW.code, coalesce(NEW.last_change, 'edit'),
            concat_ws(',', nullif((SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(v_new) k
                                   WHERE v_new -> k IS DISTINCT FROM v_old -> k), ''),
                      CASE WHEN OLD.geom IS DISTINCT FROM NEW.geom THEN 'geom' END),
            session_user, now(), v_old, v_new, OLD.geom, NEW.geom);
    RETURN NULL;
END $$;
CREATE TRIGGER parts_history_update AFTER UPDATE ON gm.parts FOR EACH ROW
    WHEN (
    (OLD.code, OLD.kind, OLD.class_code, OLD.grid_code, OLD.major, OLD.minor, OLD.major_zh, OLD.major_en,
     OLD.class_zh, OLD.class_en, OLD.code_16, OLD.name, OLD.status, OLD.owner_dept, OLD.survey_date,
     OLD.community_code, OLD.street_code, OLD.source_file, OLD.source_row, OLD.inv_state, OLD.first_seen,
     OLD.missing_since, OLD.geom)
    IS DISTINCT FROM
    (NEW.code, NEW.kind, NEW.class_code, NEW.grid_code, NEW.major, NEW.minor, NEW.major_zh, NEW.major_en,
     NEW.class_zh, NEW.class_en, NEW.code_16, NEW.name, NEW.status, NEW.owner_dept, NEW.survey_date,
     NEW.community_code, NEW.street_code, NEW.source_file, NEW.source_row, NEW.inv_state, NEW.first_seen,
     NEW.missing_since, NEW.geom))
    EXECUTE FUNCTION gm.parts_history_update();

-- Privileges: planners write the inventory (never code or kind, never DELETE), inside their own run;
-- the history is written by the triggers only.  Every role reads the inventory and its history.
GRANT USAGE ON SCHEMA gm TO gm_planner;
GRANT SELECT ON gm.admin_units, gm.grids, gm.classes, gm.departments, gm.parts, gm.schema_migrations
    TO gm_planner;
GRANT SELECT ON gm.inventory_runs, gm.inventory_state, gm.part_history
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner;
GRANT INSERT ON gm.parts TO gm_planner;
GRANT UPDATE (class_code, grid_code, geom, major, minor, major_zh, major_en, class_zh, class_en, code_16, name,
              status, owner_dept, survey_date, community_code, street_code, source_file, source_row, inv_state,
              first_seen, last_seen, missing_since, last_run, last_change) ON gm.parts TO gm_planner;
REVOKE ALL ON FUNCTION gm.begin_inventory_run(bigint, text, double precision, date, jsonb),
    gm.current_inventory_run(), gm.part_values(gm.parts) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gm.acts_as(text), gm.current_department() TO gm_planner;
GRANT EXECUTE ON FUNCTION gm.begin_inventory_run(bigint, text, double precision, date, jsonb),
    gm.current_inventory_run()
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner;
