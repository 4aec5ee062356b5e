-- An approved extension (延期) counts in the same kind of time as the case's handling limit (issue 15, item 1):
-- working hours when the limit is in working hours or working days (a 4-hour extension granted on Friday
-- afternoon ends on Monday), clock hours when the limit is in clock hours.  gm.apply_transition is the
-- function of 008_security.sql with that one line changed (c.deadline_at := gm.extended_deadline(...));
-- the GeoPackage store does the same in interface.plan_transition.

CREATE FUNCTION gm.extended_deadline(c gm.cases, p_hours numeric) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT CASE
        WHEN (SELECT t.unit FROM gm.time_limits t
              WHERE t.kind = c.kind AND t.class_code = c.class_code AND t.urgency = c.urgency
                AND t.stage = 'handling') IN ('working_hours', 'working_days')
        THEN gm.add_working_time(c.deadline_at, p_hours, 'working_hours')
        ELSE c.deadline_at + pg_catalog.make_interval(secs => 3600 * p_hours)
    END
$$;

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
                c.deadline_at := gm.extended_deadline(c, v_extra);
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

