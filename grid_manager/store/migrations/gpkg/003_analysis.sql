-- Export for analysis (hotspots, evaluation): point geometry and a fixed set of fields.
CREATE VIEW cases_analysis AS
SELECT id AS fid, geom, case_code, kind, class_code, source, urgency, state, department, grid_code,
       community_code, street_code, reported_at, registered_at, dispatched_at, deadline_at, handled_at,
       closed_at, rework_count, extension_count, returned_count
FROM cases;
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('cases_analysis', 'features', 'cases_analysis', 'Cases for hotspot analysis and evaluation', 4490);
INSERT INTO gpkg_geometry_columns VALUES ('cases_analysis', 'geom', 'POINT', 4490, 0, 0);
