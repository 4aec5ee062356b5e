-- Issue 13: grids edited in the shared store by surveyors, every change a new version with who/when/why.
--
-- * Role surveyor (group role gm_surveyor): reads every grid; changes only the grids of the street(s)
--   recorded for the login (gm.store_users.streets; grid -> community -> street in gm.admin_units).
-- * Nobody writes gm.grids directly: gm.commit_grid_edits() (SECURITY DEFINER) checks the role, the street,
--   the version each edit started from (the later of two concurrent saves of a grid is refused), the
--   geometry (one valid polygon) and the code (never reused after retirement: gm.grid_codes registry).
-- * gm.grid_changes is the append-only record of every version made and every retirement;
--   gm.grid_history shows every version of a grid with who/when/why.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'gm_surveyor') THEN
        CREATE ROLE gm_surveyor NOLOGIN;
    END IF;
END $$;

ALTER TABLE gm.store_users DROP CONSTRAINT store_users_role_check;
ALTER TABLE gm.store_users ADD CONSTRAINT store_users_role_check
    CHECK (role IN ('inspector', 'supervision', 'command', 'department', 'viewer', 'planner', 'surveyor'));
ALTER TABLE gm.store_users ADD COLUMN streets text[];
ALTER TABLE gm.store_users ADD CONSTRAINT store_users_surveyor_streets
    CHECK (role <> 'surveyor' OR pg_catalog.cardinality(streets) > 0) NOT VALID;

-- -- the code registry: every code ever issued, per community; a retired code is never issued again --------
CREATE TABLE gm.grid_codes (
    code text PRIMARY KEY,
    community_code text NOT NULL REFERENCES gm.admin_units (code),
    issued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    retired_at timestamptz
);
INSERT INTO gm.grid_codes (code, community_code, issued_at, retired_at)
SELECT g.code, (pg_catalog.array_agg(g.community_code ORDER BY g.version DESC))[1], pg_catalog.min(g.valid_from),
       CASE WHEN pg_catalog.bool_and(g.valid_to IS NOT NULL) THEN pg_catalog.max(g.valid_to) END
FROM gm.grids g GROUP BY g.code;

-- -- the record of changes: one row per version made and per retirement --------------------------------------
CREATE TABLE gm.grid_changes (
    id bigserial PRIMARY KEY,
    code text NOT NULL,
    version integer NOT NULL,           -- the version made, or the version retired
    change text NOT NULL CHECK (change IN ('load', 'publish', 'add', 'edit', 'retire')),
    actor text NOT NULL,
    at timestamptz NOT NULL,
    reason text NOT NULL DEFAULT '',
    commit_id bigint                    -- the changes saved together share it
);
CREATE INDEX grid_changes_code_idx ON gm.grid_changes (code, version);
CREATE SEQUENCE gm.grid_commit_seq;
CREATE TRIGGER grid_changes_append_only BEFORE UPDATE OR DELETE ON gm.grid_changes
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_change();
CREATE TRIGGER grid_changes_no_truncate BEFORE TRUNCATE ON gm.grid_changes
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_change();
CREATE TRIGGER grid_codes_no_delete BEFORE DELETE ON gm.grid_codes
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_change();
CREATE TRIGGER grid_codes_no_truncate BEFORE TRUNCATE ON gm.grid_codes
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_change();

-- Versions are history: a version is never deleted and only its valid_to may be set, once.
CREATE FUNCTION gm.grids_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO gm.grid_codes (code, community_code, issued_at) VALUES (NEW.code, NEW.community_code, NEW.valid_from)
            ON CONFLICT (code) DO UPDATE SET retired_at = NULL WHERE NEW.valid_to IS NULL;
        IF pg_catalog.current_setting('gm.grid_commit', true) IS NULL
                OR pg_catalog.current_setting('gm.grid_commit', true) = '' THEN
            -- a load by the store's administrator (load-grids, add_grid): recorded as such
            INSERT INTO gm.grid_changes (code, version, change, actor, at)
            VALUES (NEW.code, NEW.version, 'load', SESSION_USER, NEW.valid_from);
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL
            AND NEW.code = OLD.code AND NEW.version = OLD.version AND NEW.community_code = OLD.community_code
            AND NEW.valid_from = OLD.valid_from AND (NEW.geom OPERATOR(public.=) OLD.geom) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'GM009', MESSAGE = 'grid versions are history: only valid_to may be set, once';
END $$;
CREATE TRIGGER grids_history BEFORE INSERT OR UPDATE OR DELETE ON gm.grids
    FOR EACH ROW EXECUTE FUNCTION gm.grids_guard();
CREATE TRIGGER grids_no_truncate BEFORE TRUNCATE ON gm.grids
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_change();

-- -- who acts as what: surveyor added ------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION gm.acts_as(p_role text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT p_role IN ('inspector', 'supervision', 'command', 'department', 'viewer', 'planner', 'surveyor') AND (
        gm.is_admin()
        OR (EXISTS (SELECT 1 FROM gm.store_users u
                    WHERE u.login = SESSION_USER AND u.enabled AND u.role = p_role
                      AND (p_role <> 'department' OR u.department_code IS NOT NULL)
                      AND (p_role <> 'surveyor' OR pg_catalog.cardinality(u.streets) > 0))
            AND pg_catalog.pg_has_role(SESSION_USER, 'gm_' || p_role, 'MEMBER')))
$$;

-- The streets of the session user (a surveyor); NULL for the administrator (every street).
CREATE FUNCTION gm.current_streets() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT CASE WHEN gm.is_admin() THEN NULL
                ELSE coalesce((SELECT u.streets FROM gm.store_users u
                               WHERE u.login = SESSION_USER AND u.enabled AND u.role = 'surveyor'), '{}') END
$$;

-- The street of an administrative unit (itself when it is a street; NULL when it has none).
CREATE FUNCTION gm.street_of(p_unit text) RETURNS text LANGUAGE sql STABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    WITH RECURSIVE up (code, level, parent_code, depth) AS (
        SELECT a.code, a.level, a.parent_code, 0 FROM gm.admin_units a WHERE a.code = p_unit
        UNION ALL
        SELECT a.code, a.level, a.parent_code, up.depth + 1 FROM gm.admin_units a
        JOIN up ON a.code = up.parent_code WHERE up.depth < 10
    )
    SELECT up.code FROM up WHERE up.level = 'street' ORDER BY up.depth LIMIT 1
$$;

-- Set a login's role (run by the store's owner): the previous group role is revoked; the streets are kept
-- only while the login stays a surveyor.
CREATE OR REPLACE FUNCTION gm.add_user(p_login text, p_role text, p_department text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    r text;
BEGIN
    INSERT INTO gm.store_users (login, role, department_code, enabled) VALUES (p_login, p_role, p_department, true)
        ON CONFLICT (login) DO UPDATE SET role = excluded.role, department_code = excluded.department_code,
                                          enabled = true,
                                          streets = CASE WHEN excluded.role = 'surveyor'
                                                         THEN gm.store_users.streets END;
    FOREACH r IN ARRAY ARRAY['inspector', 'supervision', 'command', 'department', 'viewer', 'planner', 'surveyor'] LOOP
        IF r <> p_role AND pg_catalog.pg_has_role(p_login, 'gm_' || r, 'MEMBER') THEN
            EXECUTE pg_catalog.format('REVOKE %I FROM %I', 'gm_' || r, p_login);
        END IF;
    END LOOP;
    EXECUTE pg_catalog.format('GRANT %I TO %I', 'gm_' || p_role, p_login);
    EXECUTE pg_catalog.format('ALTER ROLE %I LOGIN', p_login);
END $$;
REVOKE ALL ON FUNCTION gm.add_user(text, text, text) FROM PUBLIC;

-- The streets a surveyor may edit (run by the store's owner): each must be a street of the store.
CREATE FUNCTION gm.set_user_streets(p_login text, p_streets text[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    s text;
BEGIN
    IF p_streets IS NULL OR pg_catalog.cardinality(p_streets) = 0 THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'streets', 'value', ''));
    END IF;
    FOREACH s IN ARRAY p_streets LOOP
        IF NOT EXISTS (SELECT 1 FROM gm.admin_units a WHERE a.code = s AND a.level = 'street') THEN
            PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'streets', 'value', s));
        END IF;
    END LOOP;
    UPDATE gm.store_users u SET streets = p_streets WHERE u.login = p_login AND u.role = 'surveyor';
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM018', pg_catalog.json_build_object('login', p_login));
    END IF;
END $$;
REVOKE ALL ON FUNCTION gm.set_user_streets(text, text[]) FROM PUBLIC;

-- A time for a message: in the store's time zone, named.
CREATE FUNCTION gm.store_time(p_at timestamptz) RETURNS text LANGUAGE sql STABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT pg_catalog.to_char(p_at AT TIME ZONE coalesce(gm.setting('time_zone'), 'Asia/Shanghai'),
                              'YYYY-MM-DD HH24:MI:SS') || ' ' || coalesce(gm.setting('time_zone'), 'Asia/Shanghai')
$$;

-- -- editing -----------------------------------------------------------------------------------------------
-- One geometry of an edit: WKT in EPSG:4490, one valid, non-empty polygon (stored as a one-part MultiPolygon).
CREATE FUNCTION gm.grid_geometry(p_code text, p_wkt text) RETURNS public.geometry LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_geom public.geometry;
    v_reason text;
BEGIN
    IF p_wkt IS NULL OR pg_catalog.btrim(p_wkt) = '' THEN
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'empty'));
    END IF;
    PERFORM gm.check_text('geometry', p_wkt, 10000000);
    BEGIN
        v_geom := public.st_geomfromtext(p_wkt, 4490);
    EXCEPTION WHEN OTHERS THEN
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'unreadable'));
    END;
    IF public.st_isempty(v_geom) THEN
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'empty'));
    END IF;
    IF public.geometrytype(v_geom) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'type',
                                                                'type', public.geometrytype(v_geom)));
    END IF;
    IF public.st_numgeometries(v_geom) <> 1 THEN
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'multipart',
                                                                'parts', public.st_numgeometries(v_geom)));
    END IF;
    IF NOT public.st_isvalid(v_geom) THEN
        v_reason := public.st_isvalidreason(v_geom);
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'invalid',
                                                                'detail', pg_catalog.left(v_reason, 200)));
    END IF;
    IF NOT public.st_xmin(v_geom) BETWEEN -180 AND 180 OR NOT public.st_xmax(v_geom) BETWEEN -180 AND 180
            OR NOT public.st_ymin(v_geom) BETWEEN -90 AND 90 OR NOT public.st_ymax(v_geom) BETWEEN -90 AND 90 THEN
        PERFORM gm.refuse('GM032', pg_catalog.json_build_object('grid', p_code, 'reason', 'crs'));
    END IF;
    RETURN public.st_multi(v_geom);
END $$;

-- May the session user change grids of this community?  Refused (GM031) otherwise.
CREATE FUNCTION gm.check_grid_street(p_code text, p_community text) RETURNS void LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_streets text[] := gm.current_streets();
    v_street text;
BEGIN
    IF v_streets IS NULL THEN
        RETURN;  -- the administrator
    END IF;
    v_street := gm.street_of(p_community);
    IF v_street IS NULL OR NOT (v_street = ANY (v_streets)) THEN
        PERFORM gm.refuse('GM031', pg_catalog.json_build_object('grid', p_code, 'community', p_community,
                                                                'street', v_street,
                                                                'streets', pg_catalog.array_to_string(v_streets, ',')));
    END IF;
END $$;

-- Save a set of grid edits as one commit.  p_edits: a JSON array of objects
--   {"code": "...", "base_version": n or null, "geometry": "WKT" or null, "community_code": "..." (new grids),
--    "retire": true/false}
-- base_version null: a new grid (its code must never have been issued); otherwise the version the edit
-- started from, which must still be the current one.  p_change: 'edit' (default) or 'publish'.
-- Returns [{"code", "version", "change"}] in the order of the edits.
CREATE FUNCTION gm.commit_grid_edits(p_edits jsonb, p_reason text, p_change text DEFAULT 'edit') RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_clock timestamptz;
    v_commit bigint;
    v_edit jsonb;
    v_code text;
    v_base integer;
    v_community text;
    v_geom public.geometry;
    v_retire boolean;
    v_current gm.grids;
    v_last gm.grid_changes;
    v_registered gm.grid_codes;
    v_result jsonb := '[]';
    v_change text;
    v_codes text[];
BEGIN
    IF NOT (gm.is_admin() OR gm.acts_as('surveyor')) THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'surveyor'));
    END IF;
    IF p_change IS NULL OR p_change NOT IN ('edit', 'publish') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'change', 'value', pg_catalog.left(p_change, 40)));
    END IF;
    PERFORM gm.check_text('reason', p_reason, 4000);
    IF p_reason IS NULL OR pg_catalog.btrim(p_reason) = '' THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'reason', 'value', ''));
    END IF;
    IF p_edits IS NULL OR pg_catalog.jsonb_typeof(p_edits) <> 'array' OR pg_catalog.jsonb_array_length(p_edits) = 0 THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'edits', 'value', ''));
    END IF;
    IF pg_catalog.jsonb_array_length(p_edits) > 100000 THEN
        PERFORM gm.refuse('GM016', pg_catalog.json_build_object('field', 'edits',
                                                                'length', pg_catalog.jsonb_array_length(p_edits),
                                                                'max', 100000));
    END IF;
    -- every code once; lock the codes in a fixed order (two commits never deadlock; the later one waits
    -- and then sees the first one's versions)
    SELECT pg_catalog.array_agg(e ->> 'code' ORDER BY e ->> 'code') INTO v_codes
        FROM pg_catalog.jsonb_array_elements(p_edits) e;
    IF EXISTS (SELECT 1 FROM pg_catalog.unnest(v_codes) c WHERE c IS NULL OR c !~ '^[0-9]{14,15}$') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object(
            'field', 'code', 'value', (SELECT pg_catalog.left(coalesce(c, ''), 40)
                                       FROM pg_catalog.unnest(v_codes) c
                                       WHERE c IS NULL OR c !~ '^[0-9]{14,15}$' LIMIT 1)));
    END IF;
    IF (SELECT pg_catalog.count(DISTINCT c) FROM pg_catalog.unnest(v_codes) c) <> pg_catalog.cardinality(v_codes) THEN
        PERFORM gm.refuse('GM033', pg_catalog.json_build_object(
            'grid', (SELECT c FROM pg_catalog.unnest(v_codes) c GROUP BY c HAVING pg_catalog.count(*) > 1 LIMIT 1),
            'reason', 'twice'));
    END IF;
    FOREACH v_code IN ARRAY v_codes LOOP
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('gm.grids'), pg_catalog.hashtext(v_code));
    END LOOP;
    v_clock := pg_catalog.clock_timestamp();  -- after the locks: later than any version made before
    v_commit := pg_catalog.nextval('gm.grid_commit_seq');
    PERFORM pg_catalog.set_config('gm.grid_commit', v_commit::text, true);
    FOR v_edit IN SELECT e FROM pg_catalog.jsonb_array_elements(p_edits) e LOOP
        IF pg_catalog.jsonb_typeof(v_edit) <> 'object' THEN
            PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'edits', 'value', ''));
        END IF;
        v_code := v_edit ->> 'code';
        v_retire := coalesce((v_edit ->> 'retire')::boolean, false);
        BEGIN
            v_base := (v_edit ->> 'base_version')::integer;
        EXCEPTION WHEN OTHERS THEN
            PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'base_version', 'grid', v_code,
                                                                    'value', pg_catalog.left(v_edit ->> 'base_version', 40)));
        END;
        SELECT * INTO v_current FROM gm.grids g WHERE g.code = v_code AND g.valid_to IS NULL FOR UPDATE;
        IF v_base IS NULL THEN
            -- a new grid: a code never issued, in a community the user may edit
            IF v_retire THEN
                PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'base_version', 'grid', v_code,
                                                                        'value', ''));
            END IF;
            v_community := v_edit ->> 'community_code';
            IF v_community IS NULL OR NOT EXISTS (SELECT 1 FROM gm.admin_units a
                                                  WHERE a.code = v_community AND a.level = 'community') THEN
                PERFORM gm.refuse('GM034', pg_catalog.json_build_object('grid', v_code,
                                                                        'community', pg_catalog.left(v_community, 40)));
            END IF;
            PERFORM gm.check_grid_street(v_code, v_community);
            IF pg_catalog.left(v_code, pg_catalog.length(v_community)) <> v_community THEN
                PERFORM gm.refuse('GM033', pg_catalog.json_build_object('grid', v_code, 'community', v_community,
                                                                        'reason', 'community'));
            END IF;
            SELECT * INTO v_registered FROM gm.grid_codes r WHERE r.code = v_code;
            IF FOUND THEN
                PERFORM gm.refuse('GM033', pg_catalog.json_build_object(
                    'grid', v_code, 'reason', CASE WHEN v_registered.retired_at IS NULL THEN 'exists' ELSE 'retired' END,
                    'at', gm.store_time(v_registered.retired_at)));
            END IF;
            v_geom := gm.grid_geometry(v_code, v_edit ->> 'geometry');
            v_change := CASE WHEN p_change = 'publish' THEN 'publish' ELSE 'add' END;
            INSERT INTO gm.grids (code, version, community_code, valid_from, geom)
            VALUES (v_code, 1, v_community, v_clock, v_geom);
            INSERT INTO gm.grid_changes (code, version, change, actor, at, reason, commit_id)
            VALUES (v_code, 1, v_change, SESSION_USER, v_clock, p_reason, v_commit);
            v_result := v_result || pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_build_object('code', v_code, 'version', 1, 'change', v_change));
            CONTINUE;
        END IF;
        -- a change or a retirement of an existing grid: it must still be at the version the edit started from
        IF v_current.code IS NULL OR v_current.version <> v_base THEN
            SELECT * INTO v_last FROM gm.grid_changes c WHERE c.code = v_code ORDER BY c.id DESC LIMIT 1;
            IF v_last.id IS NULL AND v_current.code IS NULL THEN
                PERFORM gm.refuse('GM034', pg_catalog.json_build_object('grid', v_code, 'community', ''));
            END IF;
            PERFORM gm.refuse('GM030', pg_catalog.json_build_object(
                'grid', v_code, 'expected', v_base, 'current', v_current.version, 'change', v_last.change,
                'actor', v_last.actor, 'at', gm.store_time(v_last.at)));
        END IF;
        PERFORM gm.check_grid_street(v_code, v_current.community_code);
        IF v_edit ? 'community_code' AND v_edit ->> 'community_code' IS DISTINCT FROM v_current.community_code THEN
            PERFORM gm.refuse('GM034', pg_catalog.json_build_object('grid', v_code,
                                                                    'community', pg_catalog.left(v_edit ->> 'community_code', 40),
                                                                    'reason', 'moved'));
        END IF;
        IF v_retire THEN
            UPDATE gm.grids g SET valid_to = v_clock WHERE g.code = v_code AND g.version = v_base;
            UPDATE gm.grid_codes r SET retired_at = v_clock WHERE r.code = v_code;
            INSERT INTO gm.grid_changes (code, version, change, actor, at, reason, commit_id)
            VALUES (v_code, v_base, 'retire', SESSION_USER, v_clock, p_reason, v_commit);
            v_result := v_result || pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_build_object('code', v_code, 'version', v_base, 'change', 'retire'));
            CONTINUE;
        END IF;
        v_geom := gm.grid_geometry(v_code, v_edit ->> 'geometry');
        UPDATE gm.grids g SET valid_to = v_clock WHERE g.code = v_code AND g.version = v_base;
        INSERT INTO gm.grids (code, version, community_code, valid_from, geom)
        VALUES (v_code, v_base + 1, v_current.community_code, v_clock, v_geom);
        INSERT INTO gm.grid_changes (code, version, change, actor, at, reason, commit_id)
        VALUES (v_code, v_base + 1, 'edit', SESSION_USER, v_clock, p_reason, v_commit);
        v_result := v_result || pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object('code', v_code, 'version', v_base + 1, 'change', 'edit'));
    END LOOP;
    PERFORM pg_catalog.set_config('gm.grid_commit', '', true);
    RETURN v_result;
END $$;

-- -- history -----------------------------------------------------------------------------------------------
-- Every version of every grid, with who made it, when and why, and who retired it (when it was retired).
CREATE VIEW gm.grid_history WITH (security_invoker = true) AS
SELECT g.code, g.version, g.community_code, g.valid_from, g.valid_to,
       coalesce(m.change, 'load') AS change, m.actor, coalesce(m.at, g.valid_from) AS at,
       coalesce(m.reason, '') AS reason, m.commit_id,
       x.actor AS retired_by, x.at AS retired_at, x.reason AS retire_reason, g.geom
FROM gm.grids g
LEFT JOIN LATERAL (SELECT c.* FROM gm.grid_changes c WHERE c.code = g.code AND c.version = g.version
                   AND c.change <> 'retire' ORDER BY c.id LIMIT 1) m ON true
LEFT JOIN LATERAL (SELECT c.* FROM gm.grid_changes c WHERE c.code = g.code AND c.version = g.version
                   AND c.change = 'retire' ORDER BY c.id LIMIT 1) x ON true;

-- -- privileges and row-level security ------------------------------------------------------------------------
GRANT USAGE ON SCHEMA gm TO gm_surveyor;
GRANT SELECT ON gm.admin_units, gm.grids, gm.classes, gm.departments, gm.settings TO gm_surveyor;
GRANT SELECT ON gm.grid_changes, gm.grid_codes, gm.grid_history
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
ALTER TABLE gm.grids ENABLE ROW LEVEL SECURITY;
CREATE POLICY grids_read ON gm.grids FOR SELECT
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor USING (true);
-- Defence in depth: even a surveyor given a write privilege by mistake could touch only the grids of their
-- streets (the functions above are the only way in: no role has INSERT, UPDATE or DELETE on gm.grids).
-- (one policy per write command: reading stays the plain grids_read policy.)
CREATE POLICY grids_surveyor_insert ON gm.grids FOR INSERT TO gm_surveyor
    WITH CHECK (gm.street_of(community_code) = ANY (gm.current_streets()));
CREATE POLICY grids_surveyor_update ON gm.grids FOR UPDATE TO gm_surveyor
    USING (gm.street_of(community_code) = ANY (gm.current_streets()))
    WITH CHECK (gm.street_of(community_code) = ANY (gm.current_streets()));
CREATE POLICY grids_surveyor_delete ON gm.grids FOR DELETE TO gm_surveyor
    USING (gm.street_of(community_code) = ANY (gm.current_streets()));
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA gm FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gm.setting(text), gm.is_admin(), gm.acts_as(text), gm.current_department(),
    gm.current_streets(), gm.street_of(text) TO gm_surveyor;
GRANT EXECUTE ON FUNCTION gm.current_streets(), gm.street_of(text)
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner;
GRANT EXECUTE ON FUNCTION gm.commit_grid_edits(jsonb, text, text) TO gm_surveyor;
