-- Issue 11: close the role-spoofing hole and the loopholes that let a desk rewrite its own record.
--
-- * Every function of schema gm runs with search_path = pg_catalog, gm, pg_temp (pg_temp explicitly
--   LAST: a login's temporary views, tables or functions named pg_roles, store_users, cases... are never
--   found before the real ones) and names every object with its schema.
-- * acts_as(): superuser, or a login that is an ENABLED store user WITH this role AND a member of its
--   group role.  Role changes revoke the previous group role; logins can be disabled and removed.
-- * 退回 (return): a department requests it with a reason, the command centre accepts or rejects it;
--   the dispatch, the deadline and the time already overdue are kept (gm.case_returns, overdue_seconds).
-- * reported_at: the server's clock, except for the call centre (supervision, source hotline/public),
--   which may record a time at most 72 h in the past (never in the future) with a note; historical
--   loads are for the superuser.
-- * The store's time zone (gm.settings, default Asia/Shanghai) gives the date of case codes.
-- * Input limits: no NUL (PostgreSQL text has none), bounded lengths, report inside a grid, a part of
--   the case's class family in or next to its grid, extension hours bounded per class, typed attachments.
-- * NOTIFY: one random channel per listening session, known only to that session and to the store's
--   functions; no payload (the client re-reads through row-level security).

REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- -- settings ---------------------------------------------------------------------------------------
CREATE TABLE gm.settings (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO gm.settings (key, value) VALUES ('time_zone', 'Asia/Shanghai'), ('max_backdate_hours', '72');

CREATE FUNCTION gm.setting(p_key text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT s.value FROM gm.settings s WHERE s.key = p_key
$$;

CREATE FUNCTION gm.check_time_zone() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NEW.key = 'time_zone' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = NEW.value) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'time_zone', 'value', NEW.value));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER settings_time_zone BEFORE INSERT OR UPDATE ON gm.settings
    FOR EACH ROW EXECUTE FUNCTION gm.check_time_zone();

-- -- users: enabled flag; one role per login ----------------------------------------------------------
ALTER TABLE gm.store_users ADD COLUMN enabled boolean NOT NULL DEFAULT true;
-- Before this migration a role change only added: revoke every group role but the recorded one.
DO $$
DECLARE
    u record;
    r text;
BEGIN
    FOR u IN SELECT s.login, s.role FROM gm.store_users s
             JOIN pg_catalog.pg_roles l ON l.rolname = s.login LOOP
        FOREACH r IN ARRAY ARRAY['inspector', 'supervision', 'command', 'department', 'viewer', 'planner'] LOOP
            IF r <> u.role AND pg_catalog.pg_has_role(u.login, 'gm_' || r, 'MEMBER') THEN
                EXECUTE pg_catalog.format('REVOKE %I FROM %I', 'gm_' || r, u.login);
            END IF;
        END LOOP;
    END LOOP;
END $$;

-- -- cases: return requests, overdue kept, limits ---------------------------------------------------
ALTER TABLE gm.cases
    ADD COLUMN return_pending boolean NOT NULL DEFAULT false,
    ADD COLUMN overdue_seconds numeric NOT NULL DEFAULT 0 CHECK (overdue_seconds >= 0),
    -- NOT VALID: enforced on every new or changed row; rows of an older store are kept as they are
    ADD CONSTRAINT cases_description_length CHECK (char_length(description) <= 4000) NOT VALID;
CREATE INDEX cases_updated_idx ON gm.cases (updated_at);

ALTER TABLE gm.time_limits ADD COLUMN max_extension_hours numeric NOT NULL DEFAULT 72
    CHECK (max_extension_hours > 0 AND max_extension_hours <= 8760);
ALTER TABLE gm.time_limits ADD CONSTRAINT time_limits_hours_bound CHECK (hours <= 8760) NOT VALID;

-- One row per accepted return: the dispatch that ended, its deadline and the time already overdue.
CREATE TABLE gm.case_returns (
    id bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES gm.cases (id),
    seq integer NOT NULL,                -- the audit row of the acceptance
    department text NOT NULL,
    dispatched_at timestamptz NOT NULL,
    deadline_at timestamptz NOT NULL,
    requested_at timestamptz,
    reason text NOT NULL DEFAULT '',
    accepted_at timestamptz NOT NULL,
    accepted_by text NOT NULL,
    overdue_seconds numeric NOT NULL DEFAULT 0
);
CREATE INDEX case_returns_case_idx ON gm.case_returns (case_id);
CREATE TRIGGER case_returns_append_only BEFORE UPDATE OR DELETE ON gm.case_returns
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_change();
CREATE TRIGGER case_returns_no_truncate BEFORE TRUNCATE ON gm.case_returns
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_change();

-- -- the workflow: 退回 needs the command centre ------------------------------------------------------
DELETE FROM gm.transitions WHERE state = 'dispatched' AND action = 'return' AND role = 'department';
INSERT INTO gm.transitions (state, action, role, new_state, guard, effects) VALUES
    ('dispatched', 'request_return', 'department', 'dispatched', 'no_return_pending', 'request_return'),
    ('dispatched', 'accept_return', 'command', 'registered', 'return_pending', 'return'),
    ('dispatched', 'reject_return', 'command', 'dispatched', 'return_pending', 'reject_return');
UPDATE gm.transitions SET effects = 'clear_extension,clear_return'
    WHERE state = 'dispatched' AND action = 'report_back' AND role = 'department';

-- -- helpers, all with a fixed search path ------------------------------------------------------------
CREATE OR REPLACE FUNCTION gm.refuse(p_code text, p_detail json) RETURNS void LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = 'case store refusal ' || p_code, DETAIL = p_detail::text;
END $$;

CREATE OR REPLACE FUNCTION gm.refuse_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'GM009', MESSAGE = TG_TABLE_NAME || ' is append-only';
END $$;

CREATE OR REPLACE FUNCTION gm.refuse_history_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'GM009', MESSAGE = TG_TABLE_NAME || ' is append-only';
END $$;

CREATE OR REPLACE FUNCTION gm.case_search_text(p_case_code text, p_description text, p_part_code text,
                                               p_grid_code text, p_department text, p_reporter text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT pg_catalog.lower(pg_catalog.concat_ws(E'\x1f', p_case_code, p_description, p_part_code, p_grid_code,
                                                 p_department, p_reporter))
$$;

CREATE OR REPLACE FUNCTION gm.part_values(p gm.parts) RETURNS jsonb LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT pg_catalog.jsonb_build_object(
        'code', p.code, 'kind', p.kind, 'class_code', p.class_code, 'grid_code', p.grid_code,
        'major', p.major, 'minor', p.minor, 'major_zh', p.major_zh, 'major_en', p.major_en,
        'class_zh', p.class_zh, 'class_en', p.class_en, 'code_16', p.code_16, 'name', p.name,
        'status', p.status, 'owner_dept', p.owner_dept, 'survey_date', p.survey_date, 'community_code', p.community_code,
        'street_code', p.street_code, 'source_file', p.source_file, 'source_row', p.source_row, 'inv_state', p.inv_state,
        'first_seen', p.first_seen, 'missing_since', p.missing_since)
$$;

-- Is the session user the store's administrator: a superuser or the owner of schema gm (who owns every
-- table and could change them anyway)?  (session_user: SET ROLE does not change it.)
CREATE FUNCTION gm.is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = SESSION_USER), false)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles o ON o.oid = n.nspowner
                   WHERE n.nspname = 'gm' AND o.rolname = SESSION_USER)
$$;

-- Is the session user allowed to act as this workflow role?  Administrator: any role.  Otherwise an enabled
-- store user whose recorded role is this one and who is a member of the role's group role.
CREATE OR REPLACE FUNCTION gm.acts_as(p_role text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT p_role IN ('inspector', 'supervision', 'command', 'department', 'viewer', 'planner') AND (
        gm.is_admin()
        OR (EXISTS (SELECT 1 FROM gm.store_users u
                    WHERE u.login = SESSION_USER AND u.enabled AND u.role = p_role
                      AND (p_role <> 'department' OR u.department_code IS NOT NULL))
            AND pg_catalog.pg_has_role(SESSION_USER, 'gm_' || p_role, 'MEMBER')))
$$;

CREATE OR REPLACE FUNCTION gm.current_department() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT u.department_code FROM gm.store_users u WHERE u.login = SESSION_USER AND u.enabled
$$;

CREATE OR REPLACE FUNCTION gm.deadline_from(c gm.cases, p_start timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_hours numeric;
BEGIN
    SELECT t.hours INTO v_hours FROM gm.time_limits t
        WHERE t.kind = c.kind AND t.class_code = c.class_code AND t.urgency = c.urgency;
    IF v_hours IS NULL THEN
        PERFORM gm.refuse('GM007', pg_catalog.json_build_object('kind', c.kind, 'class_code', c.class_code,
                                                                'urgency', c.urgency));
    END IF;
    RETURN p_start + pg_catalog.make_interval(secs => v_hours * 3600);
END $$;

-- Text arguments: bounded length (PostgreSQL text never holds NUL).
CREATE FUNCTION gm.check_text(p_field text, p_value text, p_max integer) RETURNS void LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF p_value IS NOT NULL AND pg_catalog.char_length(p_value) > p_max THEN
        PERFORM gm.refuse('GM016', pg_catalog.json_build_object('field', p_field, 'length',
                                                                pg_catalog.char_length(p_value), 'max', p_max));
    END IF;
END $$;

-- -- notifications: one random channel per listening session --------------------------------------------
CREATE TABLE gm.listeners (
    pid integer PRIMARY KEY,
    login text NOT NULL,
    department text,
    all_cases boolean NOT NULL,
    channel text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- The channel this session should LISTEN on (a new random one each call; older entries of dead sessions
-- are dropped).  Only the session itself and the store's functions know it: no login can send a fake
-- notification to another login's listener.
CREATE FUNCTION gm.listen_channel() RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_channel text := 'gm_' || pg_catalog.md5(pg_catalog.gen_random_uuid()::text || pg_catalog.clock_timestamp()::text);
    v_all boolean;
    v_department text;
BEGIN
    v_all := gm.is_admin() OR gm.acts_as('inspector') OR gm.acts_as('supervision') OR gm.acts_as('command')
             OR gm.acts_as('viewer');
    v_department := CASE WHEN gm.acts_as('department') THEN gm.current_department() END;
    IF NOT v_all AND v_department IS NULL THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'viewer'));
    END IF;
    DELETE FROM gm.listeners l
        WHERE l.pid = pg_catalog.pg_backend_pid()
           OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_get_activity(NULL) a WHERE a.pid = l.pid);
    INSERT INTO gm.listeners (pid, login, department, all_cases, channel)
    VALUES (pg_catalog.pg_backend_pid(), SESSION_USER, v_department, v_all, v_channel);
    RETURN v_channel;
END $$;

-- Tell the listeners who may see a case (its department now or before the change) that something
-- changed.  No payload: the client re-reads through row-level security.
CREATE FUNCTION gm.notify_change(p_department text, p_old_department text) RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_channel text;
BEGIN
    FOR v_channel IN
        SELECT l.channel FROM gm.listeners l
        WHERE l.all_cases OR l.department = p_department OR l.department = p_old_department
    LOOP
        PERFORM pg_catalog.pg_notify(v_channel, '');
    END LOOP;
END $$;

-- -- the workflow function ------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION gm.apply_transition(p_case_code text, p_action text, p_role text,
                                               p_expected_version integer, p_note text DEFAULT '',
                                               p_department text DEFAULT NULL, p_hours numeric DEFAULT NULL,
                                               p_attachments text[] DEFAULT '{}')
RETURNS gm.cases LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    c gm.cases;
    t gm.transitions;
    v_now timestamptz := pg_catalog.clock_timestamp();
    v_from text;
    v_old_department text;
    v_effect text;
    v_ok boolean;
    v_max numeric;
    v_extra numeric;
    v_overdue numeric;
    v_request gm.case_events;
    v_item text;
BEGIN
    IF NOT gm.acts_as(p_role) THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', p_role));
    END IF;
    PERFORM gm.check_text('case_code', p_case_code, 40);
    PERFORM gm.check_text('action', p_action, 40);
    PERFORM gm.check_text('note', p_note, 4000);
    PERFORM gm.check_text('department', p_department, 200);
    IF p_attachments IS NOT NULL THEN
        IF pg_catalog.cardinality(p_attachments) > 20 THEN
            PERFORM gm.refuse('GM016', pg_catalog.json_build_object('field', 'attachments', 'length',
                pg_catalog.cardinality(p_attachments), 'max', 20));
        END IF;
        FOREACH v_item IN ARRAY p_attachments LOOP
            IF v_item IS NULL OR v_item = '' OR pg_catalog.char_length(v_item) > 500 THEN
                PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'attachments', 'value',
                    pg_catalog.left(coalesce(v_item, ''), 60)));
            END IF;
        END LOOP;
    END IF;
    SELECT * INTO c FROM gm.cases x WHERE x.case_code = p_case_code FOR UPDATE;
    IF NOT FOUND OR (p_role = 'department' AND c.department IS DISTINCT FROM gm.current_department()
                     AND NOT gm.is_admin()) THEN
        PERFORM gm.refuse('GM004', pg_catalog.json_build_object('case', p_case_code));
    END IF;
    IF c.version <> p_expected_version THEN
        PERFORM gm.refuse('GM002', pg_catalog.json_build_object('case', p_case_code, 'current', c.version,
                                                                'expected', p_expected_version));
    END IF;
    SELECT * INTO t FROM gm.transitions x WHERE x.state = c.state AND x.action = p_action AND x.role = p_role;
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM001', pg_catalog.json_build_object('case', p_case_code, 'action', p_action,
                                                                'role', p_role, 'state', c.state));
    END IF;
    v_ok := CASE t.guard
        WHEN '' THEN true
        WHEN 'extension_pending' THEN c.extension_pending
        WHEN 'no_extension_pending' THEN NOT c.extension_pending
        WHEN 'checked' THEN c.checked
        WHEN 'not_checked' THEN NOT c.checked
        WHEN 'return_pending' THEN c.return_pending
        WHEN 'no_return_pending' THEN NOT c.return_pending
        ELSE false END;
    IF NOT v_ok THEN
        PERFORM gm.refuse('GM005', pg_catalog.json_build_object('case', p_case_code, 'guard', t.guard));
    END IF;

    v_from := c.state;
    v_old_department := c.department;
    IF t.new_state <> c.state THEN
        CASE t.new_state
            WHEN 'verified' THEN c.verified_at := v_now;
            WHEN 'registered' THEN c.registered_at := v_now;
            WHEN 'declined' THEN c.declined_at := v_now;
            WHEN 'handled' THEN c.handled_at := v_now;
            WHEN 'closed' THEN c.closed_at := v_now;
            WHEN 'cancelled' THEN c.cancelled_at := v_now;
            ELSE NULL;
        END CASE;
    END IF;
    c.state := t.new_state;
    FOREACH v_effect IN ARRAY pg_catalog.string_to_array(t.effects, ',') LOOP
        CASE v_effect
            WHEN 'dispatch' THEN
                IF p_department IS NULL OR p_department = '' THEN
                    PERFORM gm.refuse('GM006', pg_catalog.json_build_object('case', p_case_code, 'department', ''));
                END IF;
                IF NOT EXISTS (SELECT 1 FROM gm.departments d WHERE d.code = p_department) THEN
                    PERFORM gm.refuse('GM006', pg_catalog.json_build_object('case', p_case_code,
                                                                            'department', p_department));
                END IF;
                c.department := p_department;
                c.dispatched_at := v_now;
                c.deadline_at := gm.deadline_from(c, v_now);
                c.extension_pending := false; c.extension_hours := NULL; c.return_pending := false;
                c.checked := false; c.checked_at := NULL; c.handled_at := NULL;
            WHEN 'rework' THEN
                c.rework_count := c.rework_count + 1;
                c.checked := false; c.checked_at := NULL; c.handled_at := NULL;
                c.deadline_at := gm.deadline_from(c, v_now);
            WHEN 'request_return' THEN
                IF p_note IS NULL OR pg_catalog.btrim(p_note) = '' THEN
                    PERFORM gm.refuse('GM008', pg_catalog.json_build_object('case', p_case_code, 'field', 'note',
                                                                            'value', ''));
                END IF;
                c.return_pending := true;
            WHEN 'reject_return' THEN
                c.return_pending := false;
            WHEN 'clear_return' THEN
                c.return_pending := false;
            WHEN 'return' THEN
                -- the dispatch ends; what it cost stays: the return row and the overdue time
                v_overdue := greatest(0, extract(epoch FROM v_now - c.deadline_at));
                SELECT * INTO v_request FROM gm.case_events e
                    WHERE e.case_id = c.id AND e.action = 'request_return' ORDER BY e.seq DESC LIMIT 1;
                INSERT INTO gm.case_returns (case_id, seq, department, dispatched_at, deadline_at, requested_at,
                                             reason, accepted_at, accepted_by, overdue_seconds)
                VALUES (c.id, c.version + 1, c.department, c.dispatched_at, c.deadline_at, v_request.at,
                        coalesce(v_request.note, ''), v_now, SESSION_USER, v_overdue);
                c.overdue_seconds := c.overdue_seconds + v_overdue;
                c.returned_count := c.returned_count + 1;
                c.department := NULL; c.deadline_at := NULL; c.dispatched_at := NULL;
                c.extension_pending := false; c.extension_hours := NULL; c.return_pending := false;
            WHEN 'request_extension' THEN
                SELECT l.max_extension_hours INTO v_max FROM gm.time_limits l
                    WHERE l.kind = c.kind AND l.class_code = c.class_code AND l.urgency = c.urgency;
                IF p_hours IS NULL OR NOT p_hours > 0 OR p_hours = 'NaN'::numeric THEN
                    PERFORM gm.refuse('GM008', pg_catalog.json_build_object('case', p_case_code, 'field', 'hours',
                                                                            'value', p_hours));
                END IF;
                IF p_hours > coalesce(v_max, 72) THEN
                    PERFORM gm.refuse('GM017', pg_catalog.json_build_object('case', p_case_code, 'value', p_hours,
                                                                            'max', coalesce(v_max, 72)));
                END IF;
                c.extension_pending := true; c.extension_hours := p_hours;
            WHEN 'grant_extension' THEN
                SELECT l.max_extension_hours INTO v_max FROM gm.time_limits l
                    WHERE l.kind = c.kind AND l.class_code = c.class_code AND l.urgency = c.urgency;
                v_extra := CASE WHEN p_hours > 0 THEN p_hours ELSE coalesce(c.extension_hours, 0) END;
                IF v_extra > coalesce(v_max, 72) OR v_extra = 'NaN'::numeric THEN
                    PERFORM gm.refuse('GM017', pg_catalog.json_build_object('case', p_case_code, 'value', v_extra,
                                                                            'max', coalesce(v_max, 72)));
                END IF;
                c.deadline_at := c.deadline_at + pg_catalog.make_interval(secs => 3600 * v_extra);
                c.extension_count := c.extension_count + 1;
                c.extension_pending := false; c.extension_hours := NULL;
            WHEN 'refuse_extension' THEN
                c.extension_pending := false; c.extension_hours := NULL;
            WHEN 'clear_extension' THEN
                c.extension_pending := false; c.extension_hours := NULL;
            WHEN 'check' THEN
                c.checked := true; c.checked_at := v_now;
            ELSE
                RAISE EXCEPTION 'unknown effect %', v_effect;
        END CASE;
    END LOOP;
    c.version := c.version + 1;
    c.updated_at := v_now;

    UPDATE gm.cases x SET
        state = c.state, department = c.department, deadline_at = c.deadline_at,
        verified_at = c.verified_at, registered_at = c.registered_at, declined_at = c.declined_at,
        dispatched_at = c.dispatched_at, handled_at = c.handled_at, checked_at = c.checked_at,
        closed_at = c.closed_at, cancelled_at = c.cancelled_at, extension_pending = c.extension_pending,
        extension_hours = c.extension_hours, checked = c.checked, rework_count = c.rework_count,
        extension_count = c.extension_count, returned_count = c.returned_count, version = c.version,
        updated_at = c.updated_at, return_pending = c.return_pending, overdue_seconds = c.overdue_seconds
    WHERE x.id = c.id AND x.version = p_expected_version;

    INSERT INTO gm.case_events (case_id, seq, actor, role, action, from_state, to_state, at, note, attachments)
    VALUES (c.id, c.version, SESSION_USER, p_role, p_action, v_from, c.state, v_now, coalesce(p_note, ''),
            coalesce(p_attachments, '{}'));
    PERFORM gm.notify_change(c.department, v_old_department);
    RETURN c;
END $$;

CREATE OR REPLACE FUNCTION gm.report_case(p_kind text, p_class_code text, p_source text, p_x double precision,
                                          p_y double precision, p_description text DEFAULT '',
                                          p_urgency integer DEFAULT 0, p_part_code text DEFAULT NULL,
                                          p_role text DEFAULT 'inspector', p_note text DEFAULT '',
                                          p_reported_at timestamptz DEFAULT NULL)
RETURNS gm.cases LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    c gm.cases;
    v_clock timestamptz := pg_catalog.clock_timestamp();
    v_now timestamptz;
    v_point public.geometry;
    v_grid public.geometry;
    v_part gm.parts;
    v_max_hours numeric := coalesce(gm.setting('max_backdate_hours')::numeric, 72);
    v_zone text := coalesce(gm.setting('time_zone'), 'Asia/Shanghai');
BEGIN
    IF NOT gm.acts_as(p_role) THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', p_role));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM gm.transitions x WHERE x.state = 'new' AND x.action = 'report'
                   AND x.role = p_role) THEN
        PERFORM gm.refuse('GM001', pg_catalog.json_build_object('case', '', 'action', 'report', 'role', p_role,
                                                                'state', 'new'));
    END IF;
    PERFORM gm.check_text('description', p_description, 4000);
    PERFORM gm.check_text('note', p_note, 4000);
    PERFORM gm.check_text('class_code', p_class_code, 40);
    PERFORM gm.check_text('part_code', p_part_code, 40);
    IF p_kind IS NULL OR p_kind NOT IN ('part', 'event') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'kind', 'value', pg_catalog.left(p_kind, 40)));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM gm.classes k WHERE k.kind = p_kind AND k.code = p_class_code) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'class_code', 'value', p_class_code,
                                                                'kind', p_kind));
    END IF;
    IF p_source IS NULL OR p_source NOT IN ('inspector', 'public', 'hotline', 'video') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'source',
                                                                'value', pg_catalog.left(p_source, 40)));
    END IF;
    IF p_urgency IS NULL OR p_urgency NOT IN (0, 1) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'urgency', 'value', p_urgency));
    END IF;
    IF p_x IS NULL OR p_y IS NULL OR p_x = 'NaN'::float8 OR p_y = 'NaN'::float8
            OR p_x NOT BETWEEN -180 AND 180 OR p_y NOT BETWEEN -90 AND 90 THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'location', 'value', ''));
    END IF;
    -- the report time: the server's clock; the call centre may record when the call came in
    IF p_reported_at IS NULL THEN
        v_now := v_clock;
    ELSIF gm.is_admin() THEN
        v_now := p_reported_at;  -- administrative load of historical cases (the administrator's responsibility)
    ELSIF p_reported_at > v_clock THEN
        PERFORM gm.refuse('GM013', pg_catalog.json_build_object('reason', 'future', 'value', p_reported_at::text));
    ELSIF p_role <> 'supervision' OR p_source NOT IN ('hotline', 'public') THEN
        PERFORM gm.refuse('GM013', pg_catalog.json_build_object('reason', 'role', 'value', p_reported_at::text));
    ELSIF p_reported_at < v_clock - pg_catalog.make_interval(secs => v_max_hours * 3600) THEN
        PERFORM gm.refuse('GM013', pg_catalog.json_build_object('reason', 'too_old', 'value', p_reported_at::text,
                                                                'max', v_max_hours));
    ELSIF p_note IS NULL OR pg_catalog.btrim(p_note) = '' THEN
        PERFORM gm.refuse('GM013', pg_catalog.json_build_object('reason', 'note', 'value', p_reported_at::text));
    ELSE
        v_now := p_reported_at;
    END IF;
    v_point := public.st_setsrid(public.st_makepoint(p_x, p_y), 4490);
    SELECT g.code, g.community_code, a.parent_code, g.geom INTO c.grid_code, c.community_code, c.street_code, v_grid
        FROM gm.grids g LEFT JOIN gm.admin_units a ON a.code = g.community_code
        WHERE g.valid_to IS NULL AND public.st_intersects(g.geom, v_point) ORDER BY g.code LIMIT 1;
    IF c.grid_code IS NULL THEN
        PERFORM gm.refuse('GM014', pg_catalog.json_build_object('x', p_x, 'y', p_y));
    END IF;
    IF p_part_code IS NOT NULL AND p_part_code <> '' THEN
        SELECT * INTO v_part FROM gm.parts p WHERE p.code = p_part_code;
        IF NOT FOUND THEN
            PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'part_code', 'value', p_part_code));
        END IF;
        IF p_kind <> 'part' OR pg_catalog.left(v_part.class_code, 2) <> pg_catalog.left(p_class_code, 2) THEN
            PERFORM gm.refuse('GM015', pg_catalog.json_build_object('reason', 'class', 'part', p_part_code,
                                                                    'part_class', v_part.class_code,
                                                                    'class_code', p_class_code, 'kind', p_kind));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM gm.grids g WHERE g.valid_to IS NULL
                       AND public.st_intersects(g.geom, v_part.geom) AND public.st_intersects(g.geom, v_grid)) THEN
            PERFORM gm.refuse('GM015', pg_catalog.json_build_object('reason', 'grid', 'part', p_part_code,
                                                                    'grid', c.grid_code));
        END IF;
    END IF;
    c.id := pg_catalog.nextval('gm.cases_id_seq');
    c.case_code := pg_catalog.to_char(v_now AT TIME ZONE v_zone, 'YYYYMMDD')
                   || pg_catalog.lpad(pg_catalog.nextval('gm.case_code_seq')::text, 6, '0');
    c.kind := p_kind; c.class_code := p_class_code; c.source := p_source;
    c.description := coalesce(p_description, ''); c.geom := v_point;
    c.part_code := nullif(p_part_code, ''); c.urgency := p_urgency; c.state := 'reported';
    c.reported_at := v_now; c.reporter := SESSION_USER; c.version := 1; c.updated_at := v_clock;
    c.extension_pending := false; c.checked := false; c.return_pending := false; c.overdue_seconds := 0;
    c.rework_count := 0; c.extension_count := 0; c.returned_count := 0;
    INSERT INTO gm.cases SELECT c.*;
    INSERT INTO gm.case_events (case_id, seq, actor, role, action, from_state, to_state, at, note)
    VALUES (c.id, 1, SESSION_USER, p_role, 'report', 'new', 'reported', v_clock, coalesce(p_note, ''));
    PERFORM gm.notify_change(NULL, NULL);
    RETURN c;
END $$;

-- -- users ------------------------------------------------------------------------------------------------
-- Set a login's role (run by the store's owner): the previous group role is revoked.
CREATE OR REPLACE FUNCTION gm.add_user(p_login text, p_role text, p_department text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    r text;
BEGIN
    INSERT INTO gm.store_users (login, role, department_code, enabled) VALUES (p_login, p_role, p_department, true)
        ON CONFLICT (login) DO UPDATE SET role = excluded.role, department_code = excluded.department_code,
                                          enabled = true;
    FOREACH r IN ARRAY ARRAY['inspector', 'supervision', 'command', 'department', 'viewer', 'planner'] LOOP
        IF r <> p_role AND pg_catalog.pg_has_role(p_login, 'gm_' || r, 'MEMBER') THEN
            EXECUTE pg_catalog.format('REVOKE %I FROM %I', 'gm_' || r, p_login);
        END IF;
    END LOOP;
    EXECUTE pg_catalog.format('GRANT %I TO %I', 'gm_' || p_role, p_login);
    EXECUTE pg_catalog.format('ALTER ROLE %I LOGIN', p_login);
END $$;
REVOKE ALL ON FUNCTION gm.add_user(text, text, text) FROM PUBLIC;

-- End the open sessions of a login (needs superuser or pg_signal_backend; without that right the sessions
-- stay open but the store's functions refuse the login anyway: acts_as() checks the enabled flag).
CREATE FUNCTION gm.end_sessions(p_login text) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_pid integer;
    v_n integer := 0;
BEGIN
    FOR v_pid IN SELECT a.pid FROM pg_catalog.pg_stat_activity a
                 WHERE a.usename = p_login AND a.pid <> pg_catalog.pg_backend_pid() LOOP
        BEGIN
            IF pg_catalog.pg_terminate_backend(v_pid) THEN
                v_n := v_n + 1;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'cannot end session % of %', v_pid, p_login;
        END;
    END LOOP;
    RETURN v_n;
END $$;

-- Disable a login (it can no longer connect nor act; its sessions are ended) or enable it again.
CREATE FUNCTION gm.set_user_enabled(p_login text, p_enabled boolean) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    UPDATE gm.store_users u SET enabled = p_enabled WHERE u.login = p_login;
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM018', pg_catalog.json_build_object('login', p_login));
    END IF;
    EXECUTE pg_catalog.format(CASE WHEN p_enabled THEN 'ALTER ROLE %I LOGIN' ELSE 'ALTER ROLE %I NOLOGIN' END,
                              p_login);
    IF NOT p_enabled THEN
        PERFORM gm.end_sessions(p_login);
    END IF;
END $$;
REVOKE ALL ON FUNCTION gm.set_user_enabled(text, boolean) FROM PUBLIC;

-- Remove a login: its group roles are revoked, its sessions ended and the role dropped.  Its name stays
-- in the audit trail (actor), which is never rewritten.
CREATE FUNCTION gm.remove_user(p_login text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    DELETE FROM gm.store_users u WHERE u.login = p_login;
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM018', pg_catalog.json_build_object('login', p_login));
    END IF;
    PERFORM gm.end_sessions(p_login);
    DELETE FROM gm.listeners l WHERE l.login = p_login;
    EXECUTE pg_catalog.format('DROP ROLE IF EXISTS %I', p_login);
END $$;
REVOKE ALL ON FUNCTION gm.remove_user(text) FROM PUBLIC;

-- -- inventory functions: same bodies, fixed search path ---------------------------------------------------
CREATE OR REPLACE FUNCTION gm.begin_inventory_run(p_expected_version bigint, p_source text DEFAULT '',
                                                  p_move_threshold double precision DEFAULT NULL,
                                                  p_survey_day date DEFAULT NULL, p_counts jsonb DEFAULT '{}')
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_version bigint;
    v_id bigint;
    r gm.inventory_runs;
BEGIN
    IF NOT gm.acts_as('planner') THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'planner'));
    END IF;
    PERFORM gm.check_text('source', p_source, 4000);
    SELECT s.version INTO v_version FROM gm.inventory_state s FOR UPDATE;
    IF p_expected_version IS NOT NULL AND v_version <> p_expected_version THEN
        SELECT * INTO r FROM gm.inventory_runs x WHERE x.id = v_version;
        PERFORM gm.refuse('GM010', pg_catalog.json_build_object(
            'current', v_version, 'expected', p_expected_version, 'actor', r.actor,
            'at', pg_catalog.to_char(r.started_at, 'YYYY-MM-DD HH24:MI:SS TZ')));
    END IF;
    INSERT INTO gm.inventory_runs (actor, txid, base_version, source, move_threshold, survey_day, counts)
    VALUES (SESSION_USER, pg_catalog.txid_current(), v_version, coalesce(p_source, ''), p_move_threshold,
            p_survey_day, coalesce(p_counts, '{}'))
    RETURNING id INTO v_id;
    UPDATE gm.inventory_state SET version = v_id;
    PERFORM pg_catalog.set_config('gm.inventory_run', v_id::text, true);
    RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION gm.current_inventory_run() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT r.id FROM gm.inventory_runs r
    WHERE r.id = nullif(pg_catalog.current_setting('gm.inventory_run', true), '')::bigint
      AND r.txid = pg_catalog.txid_current() AND r.actor = SESSION_USER
$$;

CREATE OR REPLACE FUNCTION gm.parts_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        PERFORM gm.refuse('GM012', pg_catalog.json_build_object('table', 'parts'));
    END IF;
    IF gm.current_inventory_run() IS NULL THEN
        PERFORM gm.refuse('GM011', pg_catalog.json_build_object('table', 'parts'));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION gm.parts_history_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_run bigint := gm.current_inventory_run();
BEGIN
    INSERT INTO gm.part_history (run_id, code, change, actor, at, new_values, geom)
    SELECT v_run, n.code, coalesce(n.last_change, 'new'), SESSION_USER, pg_catalog.now(), gm.part_values(n), n.geom
    FROM new_parts n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION gm.parts_history_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_old jsonb := gm.part_values(OLD);
    v_new jsonb := gm.part_values(NEW);
BEGIN
    INSERT INTO gm.part_history (run_id, code, change, changed_fields, actor, at, old_values, new_values,
                                 old_geom, geom)
    VALUES (gm.current_inventory_run(), NEW.code, coalesce(NEW.last_change, 'edit'),
            pg_catalog.concat_ws(',', nullif((SELECT pg_catalog.string_agg(k, ',' ORDER BY k)
                                                         FROM pg_catalog.jsonb_object_keys(v_new) k
                                                         WHERE v_new -> k IS DISTINCT FROM v_old -> k), ''),
                                 CASE WHEN (OLD.geom OPERATOR(public.=) NEW.geom) IS NOT TRUE THEN 'geom' END),
            SESSION_USER, pg_catalog.now(), v_old, v_new, OLD.geom, NEW.geom);
    RETURN NULL;
END $$;

-- -- analysis: time already overdue survives a return ----------------------------------------------------
CREATE OR REPLACE VIEW gm.cases_analysis WITH (security_invoker = true) AS
SELECT case_code, kind, class_code, source, urgency::integer AS urgency, state, department, grid_code,
       community_code, street_code, reported_at, registered_at, dispatched_at, deadline_at, handled_at,
       closed_at, rework_count, extension_count, returned_count, geom,
       (overdue_seconds / 3600.0)::double precision AS returned_overdue_hours
FROM gm.cases;

-- -- privileges -------------------------------------------------------------------------------------------
REVOKE ALL ON gm.settings, gm.listeners FROM PUBLIC;
GRANT SELECT ON gm.settings TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner;
GRANT SELECT ON gm.case_returns TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
ALTER TABLE gm.case_returns ENABLE ROW LEVEL SECURITY;
CREATE POLICY returns_read ON gm.case_returns FOR SELECT
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer
    USING (EXISTS (SELECT 1 FROM gm.cases c WHERE c.id = case_id));
-- No function of the schema is executable by PUBLIC (functions made after 003 had the default grant);
-- each role gets exactly the functions it calls.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA gm FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA gm REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gm.setting(text), gm.is_admin(), gm.listen_channel()
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner;
GRANT EXECUTE ON FUNCTION gm.acts_as(text), gm.current_department()
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner;
