-- Export for analysis (hotspots, evaluation): point geometry and a fixed set of fields.
-- security_invoker: the reader's row-level security applies (a department sees only its cases).
CREATE VIEW gm.cases_analysis WITH (security_invoker = true) AS
SELECT case_code, kind, class_code, source, urgency::integer AS urgency, state, department, grid_code,
       community_code, street_code, reported_at, registered_at, dispatched_at, deadline_at, handled_at,
       closed_at, rework_count, extension_count, returned_count, geom
FROM gm.cases;
GRANT SELECT ON gm.cases_analysis TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
