-- The table QGIS keeps layer styles in (public.layer_styles), ready for every login of the store (issue 14,
-- item 6: the part inventory form saved as the layer's default style so that other desks get it).
--
-- QGIS creates public.layer_styles itself the first time someone saves a style, owned by that login and
-- with no grants: a planner could not create it, and nobody but its owner could read the form saved in it.
-- This migration creates it with the columns QGIS 3.22 uses (including `type`, which QGIS otherwise adds
-- with ALTER TABLE, something only the owner may do), lets every role of the store read it and lets
-- planners save (and replace) the styles of the part inventory tables only (a trigger: the rows of other tables, saved
-- by other logins of the database, are left alone).  A table that already exists and belongs to someone
-- else is not changed; the grants are then the administrator's to give (the notice says so).

DO $$
BEGIN
    IF to_regclass('public.layer_styles') IS NULL THEN
        CREATE TABLE public.layer_styles (
            id serial PRIMARY KEY,
            f_table_catalog varchar,
            f_table_schema varchar,
            f_table_name varchar,
            f_geometry_column varchar,
            stylename text,
            styleqml xml,
            stylesld xml,
            useasdefault boolean,
            description text,
            owner varchar(63) DEFAULT CURRENT_USER,
            ui xml,
            update_time timestamp DEFAULT CURRENT_TIMESTAMP,
            type varchar
        );
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                   WHERE attrelid = 'public.layer_styles'::regclass AND attname = 'type' AND NOT attisdropped) THEN
        ALTER TABLE public.layer_styles ADD COLUMN type varchar;
    END IF;
    GRANT SELECT ON public.layer_styles
        TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
    GRANT INSERT, UPDATE, DELETE ON public.layer_styles TO gm_planner;
    EXECUTE format('GRANT USAGE ON SEQUENCE %s TO gm_planner',
                   pg_catalog.pg_get_serial_sequence('public.layer_styles', 'id'));
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'public.layer_styles belongs to another login: grant SELECT to the gm_* roles and INSERT, '
                 'UPDATE, DELETE to gm_planner there to share the part inventory form';
END $$;

-- A planner saves the styles of the part inventory tables, nothing else (the owner, superusers and logins
-- that are no planners are not concerned).
CREATE OR REPLACE FUNCTION gm.layer_styles_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    IF pg_catalog.pg_has_role(session_user, 'gm_planner', 'MEMBER')
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = session_user AND rolsuper)
       AND NOT pg_catalog.pg_has_role(session_user,
                                     (SELECT c.relowner FROM pg_catalog.pg_class c
                                      WHERE c.oid = TG_RELID), 'MEMBER')
       AND NOT (coalesce(r.f_table_schema, '') = 'gm'
                AND coalesce(r.f_table_name, '') IN ('parts', 'part_history', 'part_photos')
                AND (TG_OP <> 'UPDATE' OR (coalesce(OLD.f_table_schema, '') = 'gm'
                     AND coalesce(OLD.f_table_name, '') IN ('parts', 'part_history', 'part_photos')))) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'permission denied for table layer_styles: a planner saves the styles of gm.parts, '
                      'gm.part_history and gm.part_photos only';
    END IF;
    RETURN r;
END $$;

DO $$
BEGIN
    DROP TRIGGER IF EXISTS gm_layer_styles_guard ON public.layer_styles;
    CREATE TRIGGER gm_layer_styles_guard BEFORE INSERT OR UPDATE OR DELETE ON public.layer_styles
        FOR EACH ROW EXECUTE FUNCTION gm.layer_styles_guard();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'public.layer_styles belongs to another login: its planner guard is not installed';
END $$;
