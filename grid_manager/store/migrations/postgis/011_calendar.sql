-- Issue 15: working-time calendar, time limits per stage in working hours/days, the check outcome 核查不通过.
--
-- * gm.calendar: the days that differ from the Monday-Friday week (official holidays and make-up working
--   days, 调休), loaded from resources/calendars/cn_YYYY.csv; gm.working_days is the dense day table
--   (2000-2099) derived from it (working, number of working days before), refreshed by a trigger.
-- * Setting working_hours (default 08:30-12:00,13:30-17:30) in the store's time zone.
-- * gm.time_limits: amount (was hours) + unit (hours = clock hours, working_hours, working_days) per class,
--   urgency and stage (verification, registration, dispatch, handling, check, closing).
-- * gm.add_working_times / gm.add_working_time: the ONE computation of deadlines (the GeoPackage store runs
--   the same arithmetic in grid_manager/cases/working_time.py); gm.deadline_from (dispatch, rework) and
--   gm.case_deadlines (the current stage's deadline of every open case) use it.
-- * Administration (command role or the store's owner): gm.load_calendar, gm.set_working_hours,
--   gm.set_time_limit; every change of the calendar, the limits and the settings is audited in
--   gm.working_time_log by triggers.
-- * fail_check: the inspector's on-site check finds the problem not fixed -> back to the same department
--   (rework_count + 1, a new handling deadline); a note is required.

-- -- calendar ------------------------------------------------------------------------------------------
CREATE TABLE gm.calendar (
    day date PRIMARY KEY CHECK (day BETWEEN DATE '2000-01-01' AND DATE '2099-12-31'),
    working boolean NOT NULL,
    note text NOT NULL DEFAULT '' CHECK (pg_catalog.char_length(note) <= 200)
);

CREATE TABLE gm.working_days (
    day date PRIMARY KEY,
    working boolean NOT NULL,
    before integer NOT NULL  -- working days strictly before this day (since 2000-01-01)
);
CREATE UNIQUE INDEX working_days_rank_idx ON gm.working_days (before) WHERE working;
-- What gm.add_working_times reads, in one row (refreshed when the calendar, the working hours or the time
-- zone change): before[i + 1] = working days before day first_day + i (one element more than there are
-- days), days[k + 1] = the k-th working day (days after first_day), cum[m + 1] = working microseconds of a
-- day before minute m, wmin[j + 1] = the minute of the day of the j-th working minute, day_us = working
-- microseconds of a day, offset_us = the zone's UTC offset when it is the same all through 2000-2099 (else
-- NULL: summer time).  Array subscripts instead of index lookups: 100,000 deadlines in one call.
CREATE TABLE gm.working_day_arrays (
    first_day date PRIMARY KEY,
    zone text NOT NULL,
    offset_us bigint,
    day_us bigint NOT NULL,
    before integer[] NOT NULL,
    days integer[] NOT NULL,
    cum bigint[] NOT NULL,
    wmin bigint[] NOT NULL
);

CREATE FUNCTION gm.refresh_working_days() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    DELETE FROM gm.working_days;
    INSERT INTO gm.working_days (day, working, before)
    SELECT x.d, x.w, (pg_catalog.count(*) FILTER (WHERE x.w) OVER (ORDER BY x.d) - CASE WHEN x.w THEN 1 ELSE 0 END)::integer
    FROM (SELECT g.d::date AS d, coalesce(c.working, pg_catalog.date_part('isodow', g.d) < 6) AS w
          FROM pg_catalog.generate_series(DATE '2000-01-01', DATE '2099-12-31', INTERVAL '1 day') AS g(d)
          LEFT JOIN gm.calendar c ON c.day = g.d::date) x;
    PERFORM gm.refresh_working_day_arrays();
    RETURN NULL;
END $$;
CREATE TRIGGER calendar_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gm.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refresh_working_days();

-- -- working hours ----------------------------------------------------------------------------------------
-- '08:30-12:00,13:30-17:30' -> {30600,43200,48600,63000} (seconds after midnight); GM008 otherwise.
CREATE FUNCTION gm.working_periods(p_text text) RETURNS integer[] LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_out integer[] := '{}';
    v_part text;
    m text[];
    s integer;
    e integer;
BEGIN
    IF p_text IS NULL OR pg_catalog.btrim(p_text) = '' THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'working_hours', 'value', ''));
    END IF;
    FOREACH v_part IN ARRAY pg_catalog.string_to_array(p_text, ',') LOOP
        m := pg_catalog.regexp_match(v_part, '^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$');
        IF m IS NULL THEN
            PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'working_hours', 'value', p_text));
        END IF;
        s := (m[1]::integer * 60 + m[2]::integer) * 60;
        e := (m[3]::integer * 60 + m[4]::integer) * 60;
        IF m[2]::integer > 59 OR m[4]::integer > 59 OR s > 86400 OR e > 86400 OR e <= s
           OR (pg_catalog.cardinality(v_out) > 0 AND s < v_out[pg_catalog.cardinality(v_out)]) THEN
            PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'working_hours', 'value', p_text));
        END IF;
        v_out := v_out || ARRAY[s, e];
    END LOOP;
    RETURN v_out;
END $$;

INSERT INTO gm.settings (key, value) VALUES ('working_hours', '08:30-12:00,13:30-17:30')
    ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION gm.refresh_working_day_arrays() RETURNS void LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_zone text := coalesce(gm.setting('time_zone'), 'Asia/Shanghai');
    v_per integer[] := gm.working_periods(coalesce(gm.setting('working_hours'), '08:30-12:00,13:30-17:30'));
BEGIN
    DELETE FROM gm.working_day_arrays;
    INSERT INTO gm.working_day_arrays (first_day, zone, offset_us, day_us, before, days, cum, wmin)
    WITH minutes AS MATERIALIZED (  -- the minutes of a day, working or not (periods start and end on whole minutes)
        SELECT m, EXISTS (SELECT 1 FROM pg_catalog.generate_series(1, pg_catalog.cardinality(v_per) / 2) i
                          WHERE v_per[2 * i - 1] <= m * 60 AND m * 60 < v_per[2 * i]) AS w
        FROM pg_catalog.generate_series(0, 1440) m
    )
    SELECT DATE '2000-01-01', v_zone,
           (SELECT CASE WHEN pg_catalog.count(DISTINCT o) = 1 THEN pg_catalog.max(o) END FROM (
                SELECT (pg_catalog.date_part('epoch', (t AT TIME ZONE v_zone) - (t AT TIME ZONE 'UTC')) * 1000000)::bigint AS o
                FROM pg_catalog.generate_series(TIMESTAMPTZ '2000-01-01 00:00+00', TIMESTAMPTZ '2100-01-01 00:00+00',
                                                INTERVAL '7 days') t) q),
           (SELECT 60000000 * pg_catalog.count(*) FROM minutes WHERE w)::bigint,
           (SELECT pg_catalog.array_agg(b ORDER BY o) FROM (
                SELECT w.day - DATE '2000-01-01' AS o, w.before AS b FROM gm.working_days w
                UNION ALL
                SELECT (SELECT pg_catalog.max(w.day) - DATE '2000-01-01' + 1 FROM gm.working_days w),
                       (SELECT pg_catalog.count(*)::integer FROM gm.working_days w WHERE w.working)) y),
           (SELECT pg_catalog.array_agg(w.day - DATE '2000-01-01' ORDER BY w.day) FROM gm.working_days w WHERE w.working),
           (SELECT pg_catalog.array_agg(c ORDER BY m) FROM (
                SELECT m, 60000000 * coalesce(pg_catalog.sum(w::integer) OVER (ORDER BY m ROWS BETWEEN UNBOUNDED
                       PRECEDING AND 1 PRECEDING), 0)::bigint AS c FROM minutes) x),
           (SELECT pg_catalog.array_agg(m ORDER BY m) FROM minutes WHERE w)::bigint[];
END $$;

CREATE FUNCTION gm.settings_refresh() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.refresh_working_day_arrays();
    RETURN NULL;
END $$;
CREATE TRIGGER settings_working_time AFTER INSERT OR UPDATE OR DELETE ON gm.settings
    FOR EACH STATEMENT EXECUTE FUNCTION gm.settings_refresh();
DELETE FROM gm.calendar;  -- fires the refresh once: the plain Monday-Friday week until a list is loaded

CREATE FUNCTION gm.check_working_hours() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NEW.key = 'working_hours' THEN
        PERFORM gm.working_periods(NEW.value);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER settings_working_hours BEFORE INSERT OR UPDATE ON gm.settings
    FOR EACH ROW EXECUTE FUNCTION gm.check_working_hours();

-- -- time limits per stage, with a unit --------------------------------------------------------------------
ALTER TABLE gm.time_limits RENAME COLUMN hours TO amount;
ALTER TABLE gm.time_limits
    ADD COLUMN stage text NOT NULL DEFAULT 'handling'
        CHECK (stage IN ('verification', 'registration', 'dispatch', 'handling', 'check', 'closing')),
    ADD COLUMN unit text NOT NULL DEFAULT 'hours' CHECK (unit IN ('hours', 'working_hours', 'working_days'));
ALTER TABLE gm.time_limits DROP CONSTRAINT time_limits_pkey;
ALTER TABLE gm.time_limits ADD PRIMARY KEY (kind, class_code, urgency, stage);

-- max_extension_hours belongs to a class and urgency: kept equal on all its stage rows.
CREATE FUNCTION gm.sync_max_extension() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    UPDATE gm.time_limits l SET max_extension_hours = NEW.max_extension_hours
        WHERE l.kind = NEW.kind AND l.class_code = NEW.class_code AND l.urgency = NEW.urgency
          AND l.max_extension_hours IS DISTINCT FROM NEW.max_extension_hours;
    RETURN NULL;
END $$;
CREATE TRIGGER time_limits_max_extension AFTER INSERT OR UPDATE OF max_extension_hours ON gm.time_limits
    FOR EACH ROW EXECUTE FUNCTION gm.sync_max_extension();

-- -- the one computation ----------------------------------------------------------------------------------
-- starts[i] + amounts[i] in units[i] for every i at once (set-based: 100,000 deadlines in one call).
-- hours: clock hours.  working_hours / working_days: the start is placed on the line of working time
-- (working days before its day x the length of a working day + the working time of its day already gone),
-- the amount added, and the point mapped back to a day and a time of day in the store's time zone; a
-- deadline on the end of a working period stays there.  Integer microseconds throughout; the days are
-- gm.working_day_arrays and the working time of a day is kept per minute (cumulative and inverse arrays),
-- so each input costs a few array subscripts: no loop, no index lookup.  NULL when the
-- amount is NULL or the result leaves 2000-2099; a start when the amount is not positive.
CREATE FUNCTION gm.add_working_times(p_starts timestamptz[], p_amounts numeric[], p_units text[])
RETURNS timestamptz[] LANGUAGE sql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
WITH cfg AS MATERIALIZED (  -- (slices: the arrays are detoasted once here, not at every subscript below)
    SELECT a.zone, a.first_day, a.first_day - DATE '1970-01-01' AS first_epoch_day, a.offset_us, a.day_us,
           a.before[1:pg_catalog.cardinality(a.before)] AS before, a.days[1:pg_catalog.cardinality(a.days)] AS days,
           a.cum[1:pg_catalog.cardinality(a.cum)] AS cum, a.wmin[1:pg_catalog.cardinality(a.wmin)] AS wmin
    FROM gm.working_day_arrays a
)
-- Below, cfg is read through scalar subqueries (evaluated once: its arrays are never copied per row) and
-- each step is a subquery (OFFSET 0: computed once per row, pipelined, no join).
SELECT pg_catalog.array_agg(
    CASE WHEN c.amt IS NULL OR c.st IS NULL THEN NULL
         WHEN c.unit = 'hours' THEN c.st + pg_catalog.round(c.amt * 3600000000)::bigint * INTERVAL '1 microsecond'
         WHEN c.unit NOT IN ('working_hours', 'working_days') THEN NULL
         WHEN c.amt <= 0 THEN c.st
         -- the time of day tod of the k-th working day, as an instant
         WHEN (SELECT g.offset_us FROM cfg g) IS NOT NULL
         THEN TIMESTAMPTZ 'epoch' + (((SELECT g.first_epoch_day FROM cfg g) + ((SELECT g.days FROM cfg g))[c.k + 1])
                                     * 86400000000 + c.tod - (SELECT g.offset_us FROM cfg g)) * INTERVAL '1 microsecond'
         ELSE ((SELECT g.first_day FROM cfg g) + ((SELECT g.days FROM cfg g))[c.k + 1] + c.tod * INTERVAL '1 microsecond')
              AT TIME ZONE (SELECT g.zone FROM cfg g) END
    ORDER BY c.n)
FROM (  -- the time of day of the deadline: r falls in the j-th working minute, j = ceil(r / 1 min) - 1
    SELECT kr.n, kr.st, kr.amt, kr.unit, kr.k,
           ((SELECT g.wmin FROM cfg g))[(kr.r + 59999999) / 60000000] * 60000000 + (kr.r - 1) % 60000000 + 1 AS tod
    FROM (  -- the working day holding the deadline (its rank k) and the working time it needs that day, r in (0, day]
    SELECT b.n, b.st, b.amt, b.unit, (b.t + (SELECT g.day_us FROM cfg g) - 1) / (SELECT g.day_us FROM cfg g) - 1 AS k,
           (b.t - 1) % (SELECT g.day_us FROM cfg g) + 1 AS r
    FROM (  -- the start on the line of working time, plus the amount (integer microseconds)
        SELECT a.n, a.st, a.amt, a.unit,
               CASE WHEN a.unit IN ('working_hours', 'working_days') AND a.amt > 0 THEN
                   ((SELECT g.before FROM cfg g))[a.d + 1] * (SELECT g.day_us FROM cfg g)
                   + CASE WHEN ((SELECT g.before FROM cfg g))[a.d + 2] > ((SELECT g.before FROM cfg g))[a.d + 1]
                          THEN ((SELECT g.cum FROM cfg g))[a.tod / 60000000 + 1]  -- a working day
                               + least(a.tod % 60000000, ((SELECT g.cum FROM cfg g))[a.tod / 60000000 + 2]
                                                         - ((SELECT g.cum FROM cfg g))[a.tod / 60000000 + 1])
                          ELSE 0 END
                   + pg_catalog.round(a.amt * CASE a.unit WHEN 'working_hours' THEN 3600000000
                                                          ELSE (SELECT g.day_us FROM cfg g) END)::bigint
               END AS t
        FROM (  -- each start: its local day (days after first_day) and time of day (microseconds)
            SELECT x.n, x.st, x.amt, x.unit,
                   CASE WHEN x.lus IS NOT NULL THEN x.lus / 86400000000 - (SELECT g.first_epoch_day FROM cfg g)
                        ELSE x.loc::date - (SELECT g.first_day FROM cfg g) END AS d,
                   CASE WHEN x.lus IS NOT NULL THEN x.lus % 86400000000
                        ELSE (pg_catalog.date_part('epoch', x.loc::time) * 1000000)::bigint END AS tod
            FROM (SELECT y.*,  -- local microseconds since 1970-01-01 (fixed offset), or the local time
                         (pg_catalog.date_part('epoch', y.st) * 1000000)::bigint + (SELECT g.offset_us FROM cfg g) AS lus,
                         CASE WHEN (SELECT g.offset_us FROM cfg g) IS NULL
                              THEN y.st AT TIME ZONE (SELECT g.zone FROM cfg g) END AS loc
                  FROM unnest(p_starts, p_amounts, p_units) WITH ORDINALITY AS y(st, amt, unit, n) OFFSET 0) x
            OFFSET 0) a
        OFFSET 0) b
    OFFSET 0) kr
    OFFSET 0) c
$$;

CREATE FUNCTION gm.add_working_time(p_start timestamptz, p_amount numeric, p_unit text) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT (gm.add_working_times(ARRAY[p_start], ARRAY[p_amount], ARRAY[p_unit]))[1]
$$;

-- The handling deadline of a dispatch or a rework (called by gm.apply_transition).
CREATE OR REPLACE FUNCTION gm.deadline_from(c gm.cases, p_start timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_limit gm.time_limits;
BEGIN
    SELECT * INTO v_limit FROM gm.time_limits t
        WHERE t.kind = c.kind AND t.class_code = c.class_code AND t.urgency = c.urgency AND t.stage = 'handling';
    IF NOT FOUND THEN
        PERFORM gm.refuse('GM007', pg_catalog.json_build_object('kind', c.kind, 'class_code', c.class_code,
                                                                'urgency', c.urgency));
    END IF;
    RETURN gm.add_working_time(p_start, v_limit.amount, v_limit.unit);
END $$;

-- The current stage of every open case the caller may see (row-level security applies: not a definer), or
-- of one case (p_case_code),
-- when its clock started and when it is due (handling: the stored deadline with its extensions; other
-- stages: their time limit from the stage's start, NULL without a limit).
CREATE FUNCTION gm.case_deadlines(p_as_of timestamptz DEFAULT NULL, p_case_code text DEFAULT NULL)
RETURNS TABLE (case_id bigint, case_code text, stage text, started_at timestamptz, due_at timestamptz,
               overdue boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, gm, pg_temp AS $$
WITH open AS (  -- (OFFSET 0: the stage is computed once per case)
    SELECT c.id, c.case_code, c.kind, c.class_code, c.urgency, c.deadline_at,
           CASE c.state WHEN 'reported' THEN 'verification' WHEN 'verified' THEN 'registration'
                WHEN 'registered' THEN 'dispatch' WHEN 'dispatched' THEN 'handling'
                ELSE CASE WHEN c.checked THEN 'closing' ELSE 'check' END END AS stage,
           CASE c.state WHEN 'reported' THEN c.reported_at WHEN 'verified' THEN c.verified_at
                WHEN 'registered' THEN c.registered_at WHEN 'dispatched' THEN c.dispatched_at
                ELSE CASE WHEN c.checked THEN c.checked_at ELSE c.handled_at END END AS started_at
    FROM gm.cases c WHERE c.state IN ('reported', 'verified', 'registered', 'dispatched', 'handled')
        AND (p_case_code IS NULL OR c.case_code = p_case_code)
    OFFSET 0
), agg AS (  -- one array per column, all in the same order (one aggregate pass)
    SELECT pg_catalog.array_agg(o.id) AS ids, pg_catalog.array_agg(o.case_code) AS codes,
           pg_catalog.array_agg(o.stage) AS stages, pg_catalog.array_agg(o.started_at) AS starts,
           pg_catalog.array_agg(o.deadline_at) AS handling,
           pg_catalog.array_agg(l.amount) AS amounts, pg_catalog.array_agg(l.unit) AS units
    FROM open o LEFT JOIN gm.time_limits l ON o.stage <> 'handling' AND l.kind = o.kind
        AND l.class_code = o.class_code AND l.urgency = o.urgency AND l.stage = o.stage
)
SELECT u.id, u.code, u.stage, u.started, d.due, coalesce(d.due < coalesce(p_as_of, pg_catalog.now()), false)
FROM agg
CROSS JOIN unnest(agg.ids, agg.codes, agg.stages, agg.starts, agg.handling,
                  gm.add_working_times(agg.starts, agg.amounts, agg.units)) AS u(id, code, stage, started, handling, due)
CROSS JOIN LATERAL (SELECT CASE WHEN u.stage = 'handling' THEN u.handling ELSE u.due END AS due) d
$$;

-- -- the check outcome: not fixed ---------------------------------------------------------------------------
INSERT INTO gm.transitions (state, action, role, new_state, guard, effects) VALUES
    ('handled', 'fail_check', 'inspector', 'dispatched', 'not_checked', 'rework');

-- A failed check needs a note saying what is not fixed (the audit row carries it; refused otherwise).
CREATE FUNCTION gm.check_fail_note() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NEW.action = 'fail_check' AND (NEW.note IS NULL OR pg_catalog.btrim(NEW.note) = '') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object(
            'case', (SELECT c.case_code FROM gm.cases c WHERE c.id = NEW.case_id), 'field', 'note',
            'action', 'fail_check', 'value', ''));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_events_fail_note BEFORE INSERT ON gm.case_events
    FOR EACH ROW EXECUTE FUNCTION gm.check_fail_note();

-- -- audit of the working-time administration ---------------------------------------------------------------
CREATE TABLE gm.working_time_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    actor text NOT NULL DEFAULT SESSION_USER,
    table_name text NOT NULL,
    operation text NOT NULL,
    old_row jsonb,
    new_row jsonb
);

CREATE FUNCTION gm.log_working_time() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    INSERT INTO gm.working_time_log (table_name, operation, old_row, new_row)
    VALUES (TG_TABLE_NAME, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN pg_catalog.to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN pg_catalog.to_jsonb(NEW) END);
    RETURN NULL;
END $$;
CREATE TRIGGER calendar_log AFTER INSERT OR UPDATE OR DELETE ON gm.calendar
    FOR EACH ROW EXECUTE FUNCTION gm.log_working_time();
CREATE TRIGGER time_limits_log AFTER INSERT OR UPDATE OR DELETE ON gm.time_limits
    FOR EACH ROW EXECUTE FUNCTION gm.log_working_time();
CREATE TRIGGER settings_log AFTER INSERT OR UPDATE OR DELETE ON gm.settings
    FOR EACH ROW EXECUTE FUNCTION gm.log_working_time();
CREATE FUNCTION gm.log_append_only() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'gm.working_time_log is append-only';
END $$;
CREATE TRIGGER working_time_log_append_only BEFORE UPDATE OR DELETE ON gm.working_time_log
    FOR EACH ROW EXECUTE FUNCTION gm.log_append_only();

-- -- administration functions (command centre or the store's owner) ----------------------------------------
CREATE FUNCTION gm.may_manage_time() RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NOT (gm.is_admin() OR gm.acts_as('command')) THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', 'command'));
    END IF;
END $$;

-- Replace the calendar rows of the years the list covers by the list (an official list is complete for its
-- year).  Returns the number of rows loaded.
CREATE FUNCTION gm.load_calendar(p_days date[], p_working boolean[], p_notes text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    PERFORM gm.may_manage_time();
    IF pg_catalog.cardinality(p_days) IS DISTINCT FROM pg_catalog.cardinality(p_working)
       OR pg_catalog.cardinality(p_days) IS DISTINCT FROM pg_catalog.cardinality(p_notes)
       OR pg_catalog.cardinality(p_days) > 4000 THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'calendar', 'value', ''));
    END IF;
    DELETE FROM gm.calendar c WHERE pg_catalog.date_part('year', c.day) IN (
        SELECT DISTINCT pg_catalog.date_part('year', d) FROM pg_catalog.unnest(p_days) d);
    INSERT INTO gm.calendar (day, working, note)
    SELECT d, w, coalesce(pg_catalog.left(n, 200), '') FROM unnest(p_days, p_working, p_notes) AS x(d, w, n);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END $$;

CREATE FUNCTION gm.set_working_hours(p_value text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.may_manage_time();
    PERFORM gm.check_text('working_hours', p_value, 200);
    INSERT INTO gm.settings (key, value) VALUES ('working_hours', p_value)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END $$;

CREATE FUNCTION gm.set_time_limit(p_kind text, p_class_code text, p_urgency integer, p_stage text,
                                  p_amount numeric, p_unit text, p_max_extension_hours numeric DEFAULT NULL)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.may_manage_time();
    IF NOT EXISTS (SELECT 1 FROM gm.classes k WHERE k.kind = p_kind AND k.code = p_class_code) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'class_code', 'value', p_class_code,
                                                                'kind', p_kind));
    END IF;
    IF p_amount IS NULL OR NOT p_amount > 0 OR p_amount = 'NaN'::numeric OR p_amount > 8760 THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'amount', 'value', p_amount));
    END IF;
    IF p_stage IS NULL OR p_stage NOT IN ('verification', 'registration', 'dispatch', 'handling', 'check', 'closing') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'stage', 'value', pg_catalog.left(p_stage, 40)));
    END IF;
    IF p_unit IS NULL OR p_unit NOT IN ('hours', 'working_hours', 'working_days') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'unit', 'value', pg_catalog.left(p_unit, 40)));
    END IF;
    IF p_urgency IS NULL OR p_urgency NOT IN (0, 1) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'urgency', 'value', p_urgency));
    END IF;
    IF p_max_extension_hours IS NOT NULL AND (NOT p_max_extension_hours > 0 OR p_max_extension_hours > 8760
                                              OR p_max_extension_hours = 'NaN'::numeric) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'max_extension_hours',
                                                                'value', p_max_extension_hours));
    END IF;
    INSERT INTO gm.time_limits (kind, class_code, urgency, stage, amount, unit, max_extension_hours)
    VALUES (p_kind, p_class_code, p_urgency, p_stage, p_amount, p_unit,
            coalesce(p_max_extension_hours,
                     (SELECT l.max_extension_hours FROM gm.time_limits l WHERE l.kind = p_kind
                      AND l.class_code = p_class_code AND l.urgency = p_urgency LIMIT 1), 72))
    ON CONFLICT (kind, class_code, urgency, stage) DO UPDATE
        SET amount = excluded.amount, unit = excluded.unit,
            max_extension_hours = coalesce(p_max_extension_hours, gm.time_limits.max_extension_hours);
END $$;

CREATE FUNCTION gm.delete_time_limit(p_kind text, p_class_code text, p_urgency integer, p_stage text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.may_manage_time();
    DELETE FROM gm.time_limits l WHERE l.kind = p_kind AND l.class_code = p_class_code
        AND l.urgency = p_urgency AND l.stage = p_stage;
    RETURN FOUND;
END $$;

-- -- privileges --------------------------------------------------------------------------------------------
REVOKE ALL ON gm.calendar, gm.working_days, gm.working_day_arrays, gm.working_time_log FROM PUBLIC;
GRANT SELECT ON gm.calendar, gm.working_days, gm.working_day_arrays, gm.time_limits
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
GRANT SELECT ON gm.working_time_log TO gm_command;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA gm FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gm.working_periods(text), gm.add_working_times(timestamptz[], numeric[], text[]),
    gm.add_working_time(timestamptz, numeric, text), gm.case_deadlines(timestamptz, text)
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
GRANT EXECUTE ON FUNCTION gm.setting(text) TO gm_surveyor;
GRANT EXECUTE ON FUNCTION gm.load_calendar(date[], boolean[], text[]), gm.set_working_hours(text),
    gm.set_time_limit(text, text, integer, text, numeric, text, numeric),
    gm.delete_time_limit(text, text, integer, text), gm.may_manage_time()
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
-- (every role may call them: the functions refuse all but the command centre with a clear message)
