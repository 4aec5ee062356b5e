-- Workflow roles as PostgreSQL group roles, privileges and row-level security.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['gm_inspector', 'gm_supervision', 'gm_command', 'gm_department', 'gm_viewer'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA gm FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA gm FROM PUBLIC;
GRANT USAGE ON SCHEMA gm TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
GRANT SELECT ON gm.admin_units, gm.grids, gm.classes, gm.departments, gm.parts, gm.time_limits,
    gm.transitions, gm.cases, gm.case_events
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
-- Nobody but the owner writes tables directly: every change goes through the workflow functions.
GRANT EXECUTE ON FUNCTION gm.acts_as(text), gm.current_department()
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
GRANT EXECUTE ON FUNCTION gm.apply_transition(text, text, text, integer, text, text, numeric, text[])
    TO gm_inspector, gm_supervision, gm_command, gm_department;
GRANT EXECUTE ON FUNCTION gm.report_case(text, text, text, double precision, double precision, text, integer,
    text, text, text, timestamptz) TO gm_inspector, gm_supervision;

ALTER TABLE gm.cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY cases_read_all ON gm.cases FOR SELECT
    TO gm_inspector, gm_supervision, gm_command, gm_viewer USING (true);
CREATE POLICY cases_read_own_department ON gm.cases FOR SELECT
    TO gm_department USING (department = gm.current_department());

ALTER TABLE gm.case_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_read ON gm.case_events FOR SELECT
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer
    USING (EXISTS (SELECT 1 FROM gm.cases c WHERE c.id = case_id));

-- Add a store user (run by the store's owner): membership in the group role plus the department.
CREATE FUNCTION gm.add_user(p_login text, p_role text, p_department text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SET search_path = gm, pg_catalog AS $$
BEGIN
    INSERT INTO gm.store_users (login, role, department_code) VALUES (p_login, p_role, p_department)
        ON CONFLICT (login) DO UPDATE SET role = excluded.role, department_code = excluded.department_code;
    EXECUTE format('GRANT %I TO %I', 'gm_' || p_role, p_login);
END $$;
REVOKE ALL ON FUNCTION gm.add_user(text, text, text) FROM PUBLIC;
