-- Clients check the schema version before they use the store: every role may read it.
GRANT SELECT ON gm.schema_migrations TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
