-- The workflow as data, and the one function that applies it.
CREATE TABLE gm.transitions (
    state text NOT NULL,
    action text NOT NULL,
    role text NOT NULL CHECK (role IN ('inspector', 'supervision', 'command', 'department', 'viewer')),
    new_state text NOT NULL,
    guard text NOT NULL DEFAULT '',
    effects text NOT NULL DEFAULT '',
    PRIMARY KEY (state, action, role)
);

INSERT INTO gm.transitions (state, action, role, new_state, guard, effects) VALUES
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

-- Raise a refusal the client turns into a translated message (details as JSON).
CREATE FUNCTION gm.refuse(p_code text, p_detail json) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = 'case store refusal ' || p_code, DETAIL = p_detail::text;
END $$;

-- Is the session user allowed to act as this workflow role?  (Owner/superuser: any role.)
CREATE FUNCTION gm.acts_as(p_role text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = gm, pg_catalog AS $$
    SELECT p_role IN ('inspector', 'supervision', 'command', 'department', 'viewer') AND (
        EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        OR (pg_has_role(session_user, 'gm_' || p_role, 'MEMBER')
            AND (p_role <> 'department' OR EXISTS (
                SELECT 1 FROM gm.store_users u WHERE u.login = session_user AND u.department_code IS NOT NULL))))
$$;

CREATE FUNCTION gm.current_department() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = gm, pg_catalog AS $$
    SELECT department_code FROM gm.store_users WHERE login = session_user
$$;

CREATE FUNCTION gm.deadline_from(c gm.cases, p_start timestamptz) RETURNS timestamptz LANGUAGE plpgsql STABLE
    SET search_path = gm, pg_catalog AS $$
DECLARE
    v_hours numeric;
BEGIN
    SELECT hours INTO v_hours FROM gm.time_limits
        WHERE kind = c.kind AND class_code = c.class_code AND urgency = c.urgency;
    IF v_hours IS NULL THEN
        PERFORM gm.refuse('GM007', json_build_object('kind', c.kind, 'class_code', c.class_code,
                                                     'urgency', c.urgency));
    END IF;
    RETURN p_start + make_interval(secs => v_hours * 3600);
END $$;

CREATE FUNCTION gm.apply_transition(p_case_code text, p_action text, p_role text, p_expected_version integer,
                                    p_note text DEFAULT '', p_department text DEFAULT NULL,
                                    p_hours numeric DEFAULT NULL, p_attachments text[] DEFAULT '{}')
RETURNS gm.cases LANGUAGE plpgsql SECURITY DEFINER SET search_path = gm, public, pg_catalog AS $$
DECLARE
    c gm.cases;
    t gm.transitions;
    v_now timestamptz := clock_timestamp();
    v_from text;
    v_effect text;
    v_ok boolean;
BEGIN
    IF NOT gm.acts_as(p_role) THEN
        PERFORM gm.refuse('GM003', json_build_object('role', p_role));
    END IF;
    SELECT * INTO c FROM gm.cases WHERE case_code = p_case_code FOR UPDATE;
    IF NOT FOUND OR (p_role = 'department' AND c.department IS DISTINCT FROM gm.current_department()
                     AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)) THEN
        PERFORM gm.refuse('GM004', json_build_object('case', p_case_code));
    END IF;
    IF c.version <> p_expected_version THEN
        PERFORM gm.refuse('GM002', json_build_object('case', p_case_code, 'current', c.version,
                                                     'expected', p_expected_version));
    END IF;
    SELECT * INTO t FROM gm.transitions WHERE state = c.state AND action = p_action AND role = p_role;
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM001', json_build_object('case', p_case_code, 'action', p_action, 'role', p_role,
                                                     'state', c.state));
    END IF;
    v_ok := CASE t.guard
        WHEN '' THEN true
        WHEN 'extension_pending' THEN c.extension_pending
        WHEN 'no_extension_pending' THEN NOT c.extension_pending
        WHEN 'checked' THEN c.checked
        WHEN 'not_checked' THEN NOT c.checked
        ELSE false END;
    IF NOT v_ok THEN
        PERFORM gm.refuse('GM005', json_build_object('case', p_case_code, 'guard', t.guard));
    END IF;

    v_from := c.state;
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
    FOREACH v_effect IN ARRAY string_to_array(t.effects, ',') LOOP
        CASE v_effect
            WHEN 'dispatch' THEN
                IF p_department IS NULL OR p_department = '' THEN
                    PERFORM gm.refuse('GM006', json_build_object('case', p_case_code, 'department', ''));
                END IF;
                IF NOT EXISTS (SELECT 1 FROM gm.departments WHERE code = p_department) THEN
                    PERFORM gm.refuse('GM006', json_build_object('case', p_case_code, 'department', p_department));
                END IF;
                c.department := p_department;
                c.dispatched_at := v_now;
                c.deadline_at := gm.deadline_from(c, v_now);
                c.extension_pending := false; c.extension_hours := NULL;
                c.checked := false; c.checked_at := NULL; c.handled_at := NULL;
            WHEN 'rework' THEN
                c.rework_count := c.rework_count + 1;
                c.checked := false; c.checked_at := NULL; c.handled_at := NULL;
                c.deadline_at := gm.deadline_from(c, v_now);
            WHEN 'return' THEN
                c.returned_count := c.returned_count + 1;
                c.department := NULL; c.deadline_at := NULL; c.dispatched_at := NULL;
                c.extension_pending := false; c.extension_hours := NULL;
            WHEN 'request_extension' THEN
                IF p_hours IS NULL OR NOT p_hours > 0 THEN
                    PERFORM gm.refuse('GM008', json_build_object('case', p_case_code, 'field', 'hours',
                                                                 'value', p_hours));
                END IF;
                c.extension_pending := true; c.extension_hours := p_hours;
            WHEN 'grant_extension' THEN
                c.deadline_at := c.deadline_at + make_interval(secs => 3600 *
                    CASE WHEN p_hours > 0 THEN p_hours ELSE coalesce(c.extension_hours, 0) END);
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

    UPDATE gm.cases SET
        state = c.state, department = c.department, deadline_at = c.deadline_at,
        verified_at = c.verified_at, registered_at = c.registered_at, declined_at = c.declined_at,
        dispatched_at = c.dispatched_at, handled_at = c.handled_at, checked_at = c.checked_at,
        closed_at = c.closed_at, cancelled_at = c.cancelled_at, extension_pending = c.extension_pending,
        extension_hours = c.extension_hours, checked = c.checked, rework_count = c.rework_count,
        extension_count = c.extension_count, returned_count = c.returned_count, version = c.version,
        updated_at = c.updated_at
    WHERE id = c.id AND version = p_expected_version;

    INSERT INTO gm.case_events (case_id, seq, actor, role, action, from_state, to_state, at, note, attachments)
    VALUES (c.id, c.version, session_user, p_role, p_action, v_from, c.state, v_now, coalesce(p_note, ''),
            coalesce(p_attachments, '{}'));
    PERFORM pg_notify('gm_cases', c.case_code);
    RETURN c;
END $$;

CREATE FUNCTION gm.report_case(p_kind text, p_class_code text, p_source text, p_x double precision,
                               p_y double precision, p_description text DEFAULT '', p_urgency integer DEFAULT 0,
                               p_part_code text DEFAULT NULL, p_role text DEFAULT 'inspector',
                               p_note text DEFAULT '', p_reported_at timestamptz DEFAULT NULL)
RETURNS gm.cases LANGUAGE plpgsql SECURITY DEFINER SET search_path = gm, public, pg_catalog AS $$
DECLARE
    c gm.cases;
    v_now timestamptz := coalesce(p_reported_at, clock_timestamp());
    v_point geometry;
BEGIN
    IF NOT gm.acts_as(p_role) THEN
        PERFORM gm.refuse('GM003', json_build_object('role', p_role));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM gm.transitions WHERE state = 'new' AND action = 'report' AND role = p_role) THEN
        PERFORM gm.refuse('GM001', json_build_object('case', '', 'action', 'report', 'role', p_role,
                                                     'state', 'new'));
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('part', 'event') THEN
        PERFORM gm.refuse('GM008', json_build_object('field', 'kind', 'value', p_kind));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM gm.classes WHERE kind = p_kind AND code = p_class_code) THEN
        PERFORM gm.refuse('GM008', json_build_object('field', 'class_code', 'value', p_class_code, 'kind', p_kind));
    END IF;
    IF p_source IS NULL OR p_source NOT IN ('inspector', 'public', 'hotline', 'video') THEN
        PERFORM gm.refuse('GM008', json_build_object('field', 'source', 'value', p_source));
    END IF;
    IF p_urgency IS NULL OR p_urgency NOT IN (0, 1) THEN
        PERFORM gm.refuse('GM008', json_build_object('field', 'urgency', 'value', p_urgency));
    END IF;
    IF p_part_code IS NOT NULL AND p_part_code <> ''
            AND NOT EXISTS (SELECT 1 FROM gm.parts WHERE code = p_part_code) THEN
        PERFORM gm.refuse('GM008', json_build_object('field', 'part_code', 'value', p_part_code));
    END IF;
    IF p_x IS NULL OR p_y IS NULL OR p_x NOT BETWEEN -180 AND 180 OR p_y NOT BETWEEN -90 AND 90 THEN
        PERFORM gm.refuse('GM008', json_build_object('field', 'location', 'value', ''));
    END IF;
    v_point := ST_SetSRID(ST_MakePoint(p_x, p_y), 4490);
    c.id := nextval('gm.cases_id_seq');
    c.case_code := to_char(v_now AT TIME ZONE 'UTC', 'YYYYMMDD') || lpad(nextval('gm.case_code_seq')::text, 6, '0');
    c.kind := p_kind; c.class_code := p_class_code; c.source := p_source;
    c.description := coalesce(p_description, ''); c.geom := v_point;
    c.part_code := nullif(p_part_code, ''); c.urgency := p_urgency; c.state := 'reported';
    SELECT g.code, g.community_code, a.parent_code INTO c.grid_code, c.community_code, c.street_code
        FROM gm.grids g LEFT JOIN gm.admin_units a ON a.code = g.community_code
        WHERE g.valid_to IS NULL AND ST_Intersects(g.geom, v_point) ORDER BY g.code LIMIT 1;
    c.reported_at := v_now; c.reporter := session_user; c.version := 1; c.updated_at := v_now;
    c.extension_pending := false; c.checked := false;
    c.rework_count := 0; c.extension_count := 0; c.returned_count := 0;
    INSERT INTO gm.cases SELECT c.*;
    INSERT INTO gm.case_events (case_id, seq, actor, role, action, from_state, to_state, at, note)
    VALUES (c.id, 1, session_user, p_role, 'report', 'new', 'reported', v_now, coalesce(p_note, ''));
    PERFORM pg_notify('gm_cases', c.case_code);
    RETURN c;
END $$;
