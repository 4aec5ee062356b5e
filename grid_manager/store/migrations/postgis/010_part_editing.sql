-- Issue 14: planners keep the part inventory (部件台账) by ordinary editing of gm.parts (QGIS PostGIS provider).
--
-- * Outside an inventory run a planner (gm_planner, acts_as('planner')) may INSERT and UPDATE gm.parts
--   directly; every other role is refused (no INSERT/UPDATE privilege; the guard trigger checks the role too).
--   DELETE is refused with GM012 (retire instead: status 注销, retired_on).
-- * gm.parts_edit (BEFORE ROW) makes the database the only source of:
--     code      generated on INSERT from the scheme (setting part_code_scheme), the scope (county) and the
--               class: the next serial of gm.part_code_counters (one row per scope and class, locked by
--               INSERT .. ON CONFLICT DO UPDATE .. RETURNING until the transaction ends); a code supplied by
--               the client (a copied feature) is replaced; an UPDATE of code is refused (GM040);
--     derived   grid_code, community_code, street_code from the location (on a shared boundary: the grid
--               with the smallest code), major/minor/class names from gm.classes and gm.part_majors;
--     version   the client sends the version it read (unchanged); a different one is stale (GM041, naming
--               who changed the part last and when); every accepted change increments it.
-- * The history triggers append every change to gm.part_history with run_id NULL for hand edits (the survey
--   runs keep their run id) and the version it made; gm.restore_part() writes a 'restore' change.
-- * gm.part_photos: photos of parts (planners write, everyone reads).

-- -- settings: the part code scheme and the county of the 16/17-digit schemes ---------------------------------
INSERT INTO gm.settings (key, value) VALUES ('part_code_scheme', 'survey12'), ('part_county', '')
    ON CONFLICT (key) DO NOTHING;
ALTER TABLE gm.settings ADD CONSTRAINT settings_part_code_scheme
    CHECK (key <> 'part_code_scheme' OR value IN ('survey12', 'gbt30428', 'gbt47678'));
ALTER TABLE gm.settings ADD CONSTRAINT settings_part_county
    CHECK (key <> 'part_county' OR value ~ '^([0-9]{6})?$');

-- -- classes: 4-digit (2 major + 2 minor) and 5-digit (2 major + 3 minor, GB/T 47678.5) -----------------------
ALTER TABLE gm.classes DROP CONSTRAINT classes_code_check;
ALTER TABLE gm.classes ADD CONSTRAINT classes_code_check CHECK (code ~ '^[0-9]{4,5}$');

-- The major classes of parts (GB/T 30428.2; a store may add its own).
CREATE TABLE gm.part_majors (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
    name_zh text NOT NULL,
    name_en text NOT NULL
);
INSERT INTO gm.part_majors (code, name_zh, name_en) VALUES
    ('01', '公用设施', 'Public utilities'),
    ('02', '道路交通', 'Roads and traffic'),
    ('03', '市容环境', 'City appearance and environment'),
    ('04', '园林绿化', 'Landscaping and greening'),
    ('05', '房屋土地', 'Buildings and land'),
    ('06', '其他设施', 'Other facilities'),
    ('21', '扩展部件', 'Extended parts');

-- -- parts: version, retirement, derived-field bookkeeping ------------------------------------------------------
ALTER TABLE gm.parts
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN retired_on date;
ALTER TABLE gm.parts ALTER COLUMN code SET DEFAULT '';
ALTER TABLE gm.parts DROP CONSTRAINT parts_last_change_check;
ALTER TABLE gm.parts ADD CONSTRAINT parts_last_change_check
    CHECK (last_change IN ('new', 'unchanged', 'moved', 'changed', 'moved_changed', 'missing', 'edit',
                           'add', 'retire', 'restore'));
ALTER TABLE gm.parts ADD CONSTRAINT parts_retired_check CHECK ((status = '注销') = (retired_on IS NOT NULL))
    NOT VALID;
ALTER TABLE gm.parts ADD CONSTRAINT parts_version_check CHECK (version >= 1);
CREATE INDEX parts_grid_idx ON gm.parts (grid_code);

-- The statuses a planner may set (survey runs keep the survey's text; '' is an unknown status).
CREATE FUNCTION gm.part_statuses() RETURNS text[] LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT ARRAY['完好', '破损', '丢失', '占用', '注销']::text[]
$$;

-- -- counters: the last serial issued per scope (county, '' for the 12-digit scheme) and class --------------
CREATE TABLE gm.part_code_counters (
    scope text NOT NULL,
    class_code text NOT NULL,
    last_serial bigint NOT NULL CHECK (last_serial >= 0),
    PRIMARY KEY (scope, class_code)
);

-- The layout of a scheme: county digits, class digits, serial digits.
CREATE FUNCTION gm.part_scheme_layout(p_scheme text, OUT county integer, OUT class_len integer,
                                      OUT serial_len integer)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT CASE p_scheme WHEN 'survey12' THEN 0 ELSE 6 END,
           CASE p_scheme WHEN 'gbt47678' THEN 5 ELSE 4 END,
           CASE p_scheme WHEN 'survey12' THEN 8 ELSE 6 END
$$;

-- The highest serial used by a part code of (scope, class) in gm.parts (0 when none).
CREATE FUNCTION gm.part_max_serial(p_prefix text, p_serial_len integer) RETURNS bigint LANGUAGE sql STABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT coalesce(pg_catalog.max(pg_catalog.right(p.code, p_serial_len)::bigint), 0)
    FROM gm.parts p
    WHERE p.code >= p_prefix || pg_catalog.repeat('0', p_serial_len)
      AND p.code <= p_prefix || pg_catalog.repeat('9', p_serial_len)
      AND pg_catalog.length(p.code) = pg_catalog.length(p_prefix) + p_serial_len
      AND p.code ~ '^[0-9]+$'
$$;

-- The next part code of (scheme, scope, class).  The counter row stays locked until the transaction ends,
-- so two desks never get the same serial and the serials of a (scope, class) have no gaps (a rolled-back
-- save rolls its counter back too).  Serials taken
-- by survey runs or administrative loads (codes not made here) are skipped.
CREATE FUNCTION gm.next_part_code(p_scheme text, p_scope text, p_class text) RETURNS text LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_serial_len integer := CASE p_scheme WHEN 'survey12' THEN 8 ELSE 6 END;
    v_prefix text;
    v_serial bigint;
    v_code text;
BEGIN
    v_prefix := p_scope || p_class;
    -- one numbering transaction at a time: a save of parts of several classes takes the counter rows in
    -- its own order, so two such saves could otherwise deadlock; the lock is held until commit (a desk
    -- waits for the other's commit, milliseconds) and taken again at no cost by the same transaction
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('gm.next_part_code'));
    INSERT INTO gm.part_code_counters AS c (scope, class_code, last_serial)
    VALUES (p_scope, p_class, gm.part_max_serial(v_prefix, v_serial_len) + 1)
    ON CONFLICT (scope, class_code) DO UPDATE SET last_serial = c.last_serial + 1
    RETURNING c.last_serial INTO v_serial;
    v_code := v_prefix || pg_catalog.lpad(v_serial::text, v_serial_len, '0');
    IF EXISTS (SELECT 1 FROM gm.parts p WHERE p.code = v_code) THEN
        UPDATE gm.part_code_counters c SET last_serial = gm.part_max_serial(v_prefix, v_serial_len) + 1
        WHERE c.scope = p_scope AND c.class_code = p_class
        RETURNING c.last_serial INTO v_serial;
        v_code := v_prefix || pg_catalog.lpad(v_serial::text, v_serial_len, '0');
    END IF;
    IF v_serial >= pg_catalog.power(10, v_serial_len)::bigint THEN
        PERFORM gm.refuse('GM046', pg_catalog.json_build_object('scope', p_scope, 'class_code', p_class,
                                                                'max', pg_catalog.power(10, v_serial_len)::bigint - 1));
    END IF;
    RETURN v_code;
END $$;

-- The grid, community and street of a point: the current grid that contains it or has it on its boundary;
-- on a boundary shared by several grids, the grid with the smallest code.
CREATE FUNCTION gm.part_place(p_geom public.geometry, OUT grid_code text, OUT community_code text,
                              OUT street_code text)
LANGUAGE sql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT g.code, g.community_code, coalesce(a.parent_code, '')
    FROM gm.grids g LEFT JOIN gm.admin_units a ON a.code = g.community_code
    WHERE g.valid_to IS NULL AND public.st_intersects(g.geom, p_geom)
    ORDER BY g.code LIMIT 1
$$;

-- The recorded values of a part (history): retired_on added.
CREATE OR REPLACE FUNCTION gm.part_values(p gm.parts) RETURNS jsonb LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT pg_catalog.jsonb_build_object(
        'code', p.code, 'kind', p.kind, 'class_code', p.class_code, 'grid_code', p.grid_code,
        'major', p.major, 'minor', p.minor, 'major_zh', p.major_zh, 'major_en', p.major_en,
        'class_zh', p.class_zh, 'class_en', p.class_en, 'code_16', p.code_16, 'name', p.name,
        'status', p.status, 'owner_dept', p.owner_dept, 'survey_date', p.survey_date, 'community_code', p.community_code,
        'street_code', p.street_code, 'source_file', p.source_file, 'source_row', p.source_row, 'inv_state', p.inv_state,
        'first_seen', p.first_seen, 'missing_since', p.missing_since, 'retired_on', p.retired_on)
$$;

-- -- helpers of the triggers, in PL/pgSQL: the plans of their queries are kept for the session (an SQL
-- function with a SET clause is planned again at every call: 0.2-1.6 ms each on a busy server) ---------------
-- The open inventory run of this transaction (gm.current_inventory_run()).
CREATE FUNCTION gm.part_run() RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_setting text := nullif(pg_catalog.current_setting('gm.inventory_run', true), '');
    v_id bigint;
BEGIN
    IF v_setting IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT r.id INTO v_id FROM gm.inventory_runs r
    WHERE r.id = v_setting::bigint AND r.txid = pg_catalog.txid_current() AND r.actor = SESSION_USER;
    RETURN v_id;
END $$;

-- Whether the session user acts as a planner (gm.acts_as('planner')).
CREATE FUNCTION gm.part_planner() RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = SESSION_USER AND r.rolsuper)
            OR EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles o ON o.oid = n.nspowner
                       WHERE n.nspname = 'gm' AND o.rolname = SESSION_USER) THEN
        RETURN true;
    END IF;
    RETURN EXISTS (SELECT 1 FROM gm.store_users u WHERE u.login = SESSION_USER AND u.enabled AND u.role = 'planner')
        AND pg_catalog.pg_has_role(SESSION_USER, 'gm_planner', 'MEMBER');
END $$;

-- -- the guard: runs as before; outside a run only planners, never DELETE/TRUNCATE ------------------------------
CREATE OR REPLACE FUNCTION gm.parts_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        PERFORM gm.refuse('GM012', pg_catalog.json_build_object('table', 'parts'));
    END IF;
    IF gm.part_run() IS NULL AND NOT gm.part_planner() THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'planner'));
    END IF;
    RETURN NULL;
END $$;

-- -- the row trigger: codes, derived fields, checks, versions -------------------------------------------------
CREATE FUNCTION gm.parts_edit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_run bigint := gm.part_run();
    v_zone text;
    v_scheme text;
    v_county text;
    v_county_len integer;
    v_class_len integer;
    v_scope text;
    v_place record;
    v_class record;
    v_major record;
    v_last record;
    v_moved boolean;
    v_part text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.code ELSE '' END;
    v_restore text := pg_catalog.current_setting('gm.part_restore', true);
BEGIN
    IF v_run IS NOT NULL THEN
        -- an inventory run writes the survey's values; it only keeps the versions counting
        IF TG_OP = 'INSERT' THEN
            NEW.version := 1;
        ELSIF NEW.last_change IS DISTINCT FROM 'unchanged' THEN
            NEW.version := OLD.version + 1;
        ELSE
            NEW.version := OLD.version;
        END IF;
        IF NEW.status = '注销' AND NEW.retired_on IS NULL THEN
            SELECT coalesce(pg_catalog.max(x.value), 'UTC') INTO v_zone FROM gm.settings x WHERE x.key = 'time_zone';
            NEW.retired_on := coalesce(OLD.retired_on, (pg_catalog.now() AT TIME ZONE v_zone)::date);
        ELSIF NEW.status IS DISTINCT FROM '注销' THEN
            NEW.retired_on := NULL;
        END IF;
        RETURN NEW;
    END IF;

    SELECT coalesce(pg_catalog.max(x.value) FILTER (WHERE x.key = 'time_zone'), 'UTC'),
           coalesce(pg_catalog.max(x.value) FILTER (WHERE x.key = 'part_code_scheme'), 'survey12'),
           coalesce(pg_catalog.max(x.value) FILTER (WHERE x.key = 'part_county'), '')
        INTO v_zone, v_scheme, v_county
        FROM gm.settings x WHERE x.key IN ('time_zone', 'part_code_scheme', 'part_county');

    -- a planner's edit
    IF TG_OP = 'UPDATE' THEN
        IF NEW.code IS DISTINCT FROM OLD.code OR NEW.kind IS DISTINCT FROM OLD.kind THEN
            PERFORM gm.refuse('GM040', pg_catalog.json_build_object('part', OLD.code,
                                                                    'value', pg_catalog.left(NEW.code, 40)));
        END IF;
        IF NEW.version IS DISTINCT FROM OLD.version THEN
            SELECT h.actor, h.at INTO v_last FROM gm.part_history h WHERE h.code = OLD.code
                ORDER BY h.id DESC LIMIT 1;
            PERFORM gm.refuse('GM041', pg_catalog.json_build_object(
                'part', OLD.code, 'current', OLD.version, 'expected', NEW.version, 'actor', v_last.actor,
                'at', pg_catalog.to_char(v_last.at AT TIME ZONE v_zone,
                                         'YYYY-MM-DD HH24:MI:SS')));
        END IF;
        -- the bookkeeping of the survey runs is not a planner's to change
        NEW.inv_state := OLD.inv_state; NEW.first_seen := OLD.first_seen; NEW.last_seen := OLD.last_seen;
        NEW.missing_since := OLD.missing_since; NEW.last_run := OLD.last_run;
        NEW.source_file := OLD.source_file; NEW.source_row := OLD.source_row;
    END IF;

    -- the class: in the catalogue, with the digits of the scheme
    v_county_len := CASE v_scheme WHEN 'survey12' THEN 0 ELSE 6 END;
    v_class_len := CASE v_scheme WHEN 'gbt47678' THEN 5 ELSE 4 END;
    IF TG_OP = 'INSERT' OR NEW.class_code IS DISTINCT FROM OLD.class_code THEN
        SELECT c.code, c.name, c.name_zh INTO v_class FROM gm.classes c
            WHERE c.kind = 'part' AND c.code = NEW.class_code;
        IF NOT FOUND THEN
            PERFORM gm.refuse('GM042', pg_catalog.json_build_object('part', v_part, 'reason', 'unknown',
                                                                    'value', pg_catalog.left(NEW.class_code, 40)));
        END IF;
        IF pg_catalog.length(NEW.class_code) <> v_class_len THEN
            PERFORM gm.refuse('GM042', pg_catalog.json_build_object('part', v_part, 'reason', 'length',
                                                                    'value', NEW.class_code,
                                                                    'digits', v_class_len,
                                                                    'scheme', v_scheme));
        END IF;
        SELECT m.name_zh, m.name_en INTO v_major FROM gm.part_majors m WHERE m.code = pg_catalog.left(NEW.class_code, 2);
        NEW.major := pg_catalog.left(NEW.class_code, 2);
        NEW.minor := pg_catalog.substr(NEW.class_code, 3);
        NEW.major_zh := coalesce(v_major.name_zh, '');
        NEW.major_en := coalesce(v_major.name_en, '');
        NEW.class_zh := v_class.name_zh;
        NEW.class_en := v_class.name;
    ELSE
        NEW.major := OLD.major; NEW.minor := OLD.minor; NEW.major_zh := OLD.major_zh; NEW.major_en := OLD.major_en;
        NEW.class_zh := OLD.class_zh; NEW.class_en := OLD.class_en;
    END IF;

    -- the status: one of the list (an unchanged legacy value of a survey is kept)
    NEW.status := pg_catalog.btrim(coalesce(NEW.status, ''));
    IF TG_OP = 'INSERT' AND NEW.status = '' THEN
        NEW.status := '完好';
    END IF;
    IF (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) AND NOT NEW.status = ANY (ARRAY['完好', '破损', '丢失', '占用', '注销']) THEN
        PERFORM gm.refuse('GM043', pg_catalog.json_build_object('part', v_part, 'value', pg_catalog.left(NEW.status, 40)));
    END IF;
    IF NEW.status = '注销' THEN
        NEW.retired_on := coalesce(NEW.retired_on, CASE WHEN TG_OP = 'UPDATE' THEN OLD.retired_on END,
                                   (pg_catalog.now() AT TIME ZONE v_zone)::date);
    ELSE
        NEW.retired_on := NULL;
    END IF;

    -- the owner: a department of the store (or none)
    NEW.owner_dept := pg_catalog.btrim(coalesce(NEW.owner_dept, ''));
    IF NEW.owner_dept <> '' AND (TG_OP = 'INSERT' OR NEW.owner_dept IS DISTINCT FROM OLD.owner_dept)
            AND NOT EXISTS (SELECT 1 FROM gm.departments d WHERE d.code = NEW.owner_dept) THEN
        PERFORM gm.refuse('GM044', pg_catalog.json_build_object('part', v_part,
                                                                'value', pg_catalog.left(NEW.owner_dept, 40)));
    END IF;
    NEW.name := coalesce(NEW.name, ''); NEW.code_16 := coalesce(NEW.code_16, '');
    NEW.survey_date := coalesce(NEW.survey_date, '');

    -- the place: grid, community and street of the location
    v_moved := TG_OP = 'INSERT' OR (NEW.geom OPERATOR(public.=) OLD.geom) IS NOT TRUE;
    IF v_moved THEN
        IF NEW.geom IS NULL OR public.st_isempty(NEW.geom) OR public.geometrytype(NEW.geom) <> 'POINT'
                OR NOT public.st_x(NEW.geom) BETWEEN -180 AND 180 OR NOT public.st_y(NEW.geom) BETWEEN -90 AND 90 THEN
            PERFORM gm.refuse('GM045', pg_catalog.json_build_object('part', v_part, 'x', '', 'y', ''));
        END IF;
        SELECT g.code AS grid_code, g.community_code, coalesce(a.parent_code, '') AS street_code INTO v_place
            FROM gm.grids g LEFT JOIN gm.admin_units a ON a.code = g.community_code
            WHERE g.valid_to IS NULL AND public.st_intersects(g.geom, NEW.geom)
            ORDER BY g.code LIMIT 1;
        IF NOT FOUND THEN
            PERFORM gm.refuse('GM045', pg_catalog.json_build_object('part', v_part, 'x', public.st_x(NEW.geom),
                                                                    'y', public.st_y(NEW.geom)));
        END IF;
        NEW.grid_code := v_place.grid_code;
        NEW.community_code := v_place.community_code;
        NEW.street_code := v_place.street_code;
    ELSE
        NEW.grid_code := OLD.grid_code; NEW.community_code := OLD.community_code; NEW.street_code := OLD.street_code;
    END IF;

    IF TG_OP = 'INSERT' THEN
        -- the code: always made here (a copied feature gets a new one)
        v_scope := '';
        IF v_county_len > 0 THEN
            v_scope := coalesce(nullif(v_county, ''), pg_catalog.left(NEW.community_code, 6));
        END IF;
        NEW.code := gm.next_part_code(v_scheme, v_scope, NEW.class_code);
        NEW.kind := 'part';
        NEW.code_16 := CASE WHEN v_scheme = 'gbt30428' THEN NEW.code ELSE '' END;
        NEW.version := 1;
        NEW.last_change := 'add';
        NEW.inv_state := 'active';
        NEW.first_seen := (pg_catalog.now() AT TIME ZONE v_zone)::date;
        NEW.last_seen := NULL; NEW.missing_since := NULL; NEW.last_run := NULL;
        NEW.source_file := ''; NEW.source_row := 0;
        RETURN NEW;
    END IF;

    IF (gm.part_values(NEW) = gm.part_values(OLD)) AND NOT v_moved THEN
        RETURN NEW;  -- nothing changed: no new version, no history
    END IF;
    NEW.version := OLD.version + 1;
    NEW.last_change := CASE WHEN v_restore IS NOT NULL AND v_restore <> '' THEN 'restore'
                            WHEN NEW.status = '注销' AND OLD.status IS DISTINCT FROM '注销' THEN 'retire'
                            ELSE 'edit' END;
    RETURN NEW;
END $$;
CREATE TRIGGER parts_edit BEFORE INSERT OR UPDATE ON gm.parts FOR EACH ROW EXECUTE FUNCTION gm.parts_edit();

-- -- history: hand edits have no run; the version made; the history row a restore went back to -------------
ALTER TABLE gm.part_history ALTER COLUMN run_id DROP NOT NULL;
ALTER TABLE gm.part_history ADD COLUMN version integer, ADD COLUMN restored_from bigint;

CREATE OR REPLACE FUNCTION gm.parts_history_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_run bigint := gm.part_run();
BEGIN
    INSERT INTO gm.part_history (run_id, code, change, actor, at, new_values, geom, version)
    SELECT v_run, n.code, coalesce(n.last_change, 'new'), SESSION_USER, pg_catalog.now(), gm.part_values(n), n.geom,
           n.version
    FROM new_parts n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION gm.parts_history_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_old jsonb := gm.part_values(OLD);
    v_new jsonb := gm.part_values(NEW);
    v_run bigint := gm.part_run();
BEGIN
    INSERT INTO gm.part_history (run_id, code, change, changed_fields, actor, at, old_values, new_values,
                                 old_geom, geom, version, restored_from)
    VALUES (v_run, NEW.code, coalesce(NEW.last_change, 'edit'),
            pg_catalog.concat_ws(',', nullif((SELECT pg_catalog.string_agg(k, ',' ORDER BY k)
                                                         FROM pg_catalog.jsonb_object_keys(v_new) k
                                                         WHERE v_new -> k IS DISTINCT FROM v_old -> k), ''),
                                 CASE WHEN (OLD.geom OPERATOR(public.=) NEW.geom) IS NOT TRUE THEN 'geom' END),
            SESSION_USER, pg_catalog.now(), v_old, v_new, OLD.geom, NEW.geom, NEW.version,
            CASE WHEN v_run IS NULL THEN nullif(pg_catalog.current_setting('gm.part_restore', true), '')::bigint END);
    RETURN NULL;
END $$;
DROP TRIGGER parts_history_update ON gm.parts;
CREATE TRIGGER parts_history_update AFTER UPDATE ON gm.parts FOR EACH ROW
    WHEN (
    (OLD.code, OLD.kind, OLD.class_code, OLD.grid_code, OLD.major, OLD.minor, OLD.major_zh, OLD.major_en,
     OLD.class_zh, OLD.class_en, OLD.code_16, OLD.name, OLD.status, OLD.owner_dept, OLD.survey_date,
     OLD.community_code, OLD.street_code, OLD.source_file, OLD.source_row, OLD.inv_state, OLD.first_seen,
     OLD.missing_since, OLD.retired_on, OLD.geom)
    IS DISTINCT FROM
    (NEW.code, NEW.kind, NEW.class_code, NEW.grid_code, NEW.major, NEW.minor, NEW.major_zh, NEW.major_en,
     NEW.class_zh, NEW.class_en, NEW.code_16, NEW.name, NEW.status, NEW.owner_dept, NEW.survey_date,
     NEW.community_code, NEW.street_code, NEW.source_file, NEW.source_row, NEW.inv_state, NEW.first_seen,
     NEW.missing_since, NEW.retired_on, NEW.geom))
    EXECUTE FUNCTION gm.parts_history_update();

-- -- restore: a part back to the values and position of one of its history rows (a new version) ------------
CREATE FUNCTION gm.restore_part(p_code text, p_history_id bigint, p_expected_version integer DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    h gm.part_history;
    p gm.parts;
    v jsonb;
BEGIN
    IF NOT gm.part_planner() THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'planner'));
    END IF;
    SELECT * INTO p FROM gm.parts x WHERE x.code = p_code FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM048', pg_catalog.json_build_object('part', pg_catalog.left(p_code, 40)));
    END IF;
    SELECT * INTO h FROM gm.part_history x WHERE x.id = p_history_id AND x.code = p_code;
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM047', pg_catalog.json_build_object('part', p_code, 'row', p_history_id));
    END IF;
    v := h.new_values;
    PERFORM pg_catalog.set_config('gm.part_restore', p_history_id::text, true);
    UPDATE gm.parts x SET
        class_code = v ->> 'class_code', name = coalesce(v ->> 'name', ''), status = coalesce(v ->> 'status', ''),
        owner_dept = coalesce(v ->> 'owner_dept', ''), survey_date = coalesce(v ->> 'survey_date', ''),
        code_16 = coalesce(v ->> 'code_16', ''), retired_on = (v ->> 'retired_on')::date, geom = h.geom,
        version = coalesce(p_expected_version, p.version)
    WHERE x.code = p_code
    RETURNING x.version INTO p.version;
    PERFORM pg_catalog.set_config('gm.part_restore', '', true);
    RETURN p.version;
END $$;

-- -- photos of parts ----------------------------------------------------------------------------------------
CREATE TABLE gm.part_photos (
    id bigserial PRIMARY KEY,
    part_code text NOT NULL REFERENCES gm.parts (code),
    taken_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor text NOT NULL DEFAULT SESSION_USER,
    mime text NOT NULL DEFAULT 'image/jpeg',
    bytes bytea NOT NULL,
    thumbnail bytea,
    note text NOT NULL DEFAULT ''
);
CREATE INDEX part_photos_part_idx ON gm.part_photos (part_code, id);
CREATE FUNCTION gm.part_photos_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NOT gm.part_planner() THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'planner'));
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.actor := SESSION_USER;
    ELSIF TG_OP = 'UPDATE' THEN
        NEW.actor := OLD.actor; NEW.part_code := OLD.part_code;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER part_photos_guard BEFORE INSERT OR UPDATE OR DELETE ON gm.part_photos
    FOR EACH ROW EXECUTE FUNCTION gm.part_photos_guard();

-- -- privileges ---------------------------------------------------------------------------------------------
REVOKE ALL ON gm.part_code_counters, gm.part_majors, gm.part_photos FROM PUBLIC;
GRANT SELECT ON gm.part_majors, gm.part_photos
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
GRANT SELECT ON gm.parts, gm.part_history, gm.inventory_runs, gm.inventory_state TO gm_surveyor;
GRANT SELECT ON gm.part_code_counters TO gm_planner;
GRANT INSERT, UPDATE (taken_at, mime, bytes, thumbnail, note), DELETE ON gm.part_photos TO gm_planner;
GRANT USAGE ON SEQUENCE gm.part_photos_id_seq TO gm_planner;
-- code and version: the trigger refuses a changed code with a translated message (not a privilege error);
-- DELETE: the guard refuses it with GM012 (retire instead).
GRANT INSERT, DELETE ON gm.parts TO gm_planner;
GRANT UPDATE (code, version, retired_on) ON gm.parts TO gm_planner;
REVOKE ALL ON FUNCTION gm.part_run(), gm.part_planner(), gm.part_statuses(), gm.part_scheme_layout(text), gm.part_max_serial(text, integer),
    gm.next_part_code(text, text, text), gm.part_place(public.geometry), gm.parts_edit(),
    gm.restore_part(text, bigint, integer), gm.part_photos_guard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gm.part_statuses(), gm.part_scheme_layout(text), gm.part_place(public.geometry)
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
GRANT EXECUTE ON FUNCTION gm.restore_part(text, bigint, integer) TO gm_planner;
