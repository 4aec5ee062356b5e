-- Issue 15: administration of the shared store by the command centre, audited.
--
-- * gm.admin_audit: one append-only row per change of a department, a class or a store user (who, when,
--   what, old and new values), written by triggers on the tables themselves: whatever path makes the change
--   (the functions below, the command line, the owner's own SQL), it is recorded.
-- * Departments, classes and users are changed through SECURITY DEFINER functions that the store's
--   administrator (owner or superuser) or an enabled login of the command centre may call; every other
--   role is refused with GM062.  A command-centre login may only manage logins that are users of this
--   store (never another database role nor the administrator) and never its own role or login.
-- * Every function has search_path = pg_catalog, gm, pg_temp and names every object with its schema.

CREATE TABLE gm.admin_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor text NOT NULL DEFAULT SESSION_USER,
    object text NOT NULL,            -- department, class, user
    key text NOT NULL,               -- the department code, 'kind:code', the login
    operation text NOT NULL,         -- insert, update, delete, password
    old_values jsonb,
    new_values jsonb
);
CREATE INDEX admin_audit_key_idx ON gm.admin_audit (object, key);
CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON gm.admin_audit
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_change();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON gm.admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_change();

CREATE FUNCTION gm.audit_admin_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_old jsonb;
    v_new jsonb;
    v_row jsonb;
    v_object text;
    v_key text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        v_old := pg_catalog.to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        v_new := pg_catalog.to_jsonb(NEW);
    END IF;
    IF TG_OP = 'UPDATE' AND v_old = v_new THEN
        RETURN NULL;
    END IF;
    v_row := coalesce(v_new, v_old);
    IF TG_TABLE_NAME = 'departments' THEN
        v_object := 'department';
        v_key := v_row ->> 'code';
    ELSIF TG_TABLE_NAME = 'classes' THEN
        v_object := 'class';
        v_key := (v_row ->> 'kind') || ':' || (v_row ->> 'code');
    ELSE
        v_object := 'user';
        v_key := v_row ->> 'login';
    END IF;
    INSERT INTO gm.admin_audit (object, key, operation, old_values, new_values)
        VALUES (v_object, v_key, pg_catalog.lower(TG_OP), v_old, v_new);
    RETURN NULL;
END $$;
CREATE TRIGGER departments_audit AFTER INSERT OR UPDATE OR DELETE ON gm.departments
    FOR EACH ROW EXECUTE FUNCTION gm.audit_admin_row();
CREATE TRIGGER classes_audit AFTER INSERT OR UPDATE OR DELETE ON gm.classes
    FOR EACH ROW EXECUTE FUNCTION gm.audit_admin_row();
CREATE TRIGGER store_users_audit AFTER INSERT OR UPDATE OR DELETE ON gm.store_users
    FOR EACH ROW EXECUTE FUNCTION gm.audit_admin_row();

-- May the session user administer the store (departments, classes, users)?
CREATE FUNCTION gm.may_administer() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT gm.is_admin() OR gm.acts_as('command')
$$;

CREATE FUNCTION gm.require_administer(p_what text) RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NOT gm.may_administer() THEN
        PERFORM gm.refuse('GM062', pg_catalog.json_build_object('what', p_what, 'login', SESSION_USER));
    END IF;
END $$;

-- -- departments ----------------------------------------------------------------------------------------
CREATE FUNCTION gm.admin_save_department(p_code text, p_name text) RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.require_administer('departments');
    IF p_code IS NULL OR p_code !~ '^[^[:space:][:cntrl:]]([^[:cntrl:]]{0,198}[^[:space:][:cntrl:]])?$' THEN
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'department', 'value',
                                                                  pg_catalog.left(coalesce(p_code, ''), 60)));
    END IF;
    IF p_name IS NULL OR pg_catalog.btrim(p_name) = '' OR pg_catalog.char_length(p_name) > 200 THEN
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'name', 'value',
                                                                  pg_catalog.left(coalesce(p_name, ''), 60)));
    END IF;
    INSERT INTO gm.departments (code, name) VALUES (p_code, pg_catalog.btrim(p_name))
        ON CONFLICT (code) DO UPDATE SET name = excluded.name;
END $$;

CREATE FUNCTION gm.admin_remove_department(p_code text) RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_cases bigint;
    v_users bigint;
BEGIN
    PERFORM gm.require_administer('departments');
    IF NOT EXISTS (SELECT 1 FROM gm.departments d WHERE d.code = p_code) THEN
        PERFORM gm.refuse('GM069', pg_catalog.json_build_object('department', p_code));
    END IF;
    SELECT pg_catalog.count(*) INTO v_cases FROM gm.cases c WHERE c.department = p_code;
    SELECT pg_catalog.count(*) INTO v_users FROM gm.store_users u WHERE u.department_code = p_code;
    IF v_cases > 0 OR v_users > 0 THEN
        PERFORM gm.refuse('GM063', pg_catalog.json_build_object('department', p_code, 'cases', v_cases,
                                                                  'users', v_users));
    END IF;
    DELETE FROM gm.departments d WHERE d.code = p_code;
END $$;

-- -- classes ----------------------------------------------------------------------------------------------
CREATE FUNCTION gm.admin_save_class(p_kind text, p_code text, p_name text, p_name_zh text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.require_administer('classes');
    IF p_kind IS NULL OR p_kind NOT IN ('part', 'event') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'kind', 'value', coalesce(p_kind, '')));
    END IF;
    IF p_code IS NULL OR p_code !~ '^[0-9]{4,5}$' THEN
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'class_code', 'value',
                                                                  pg_catalog.left(coalesce(p_code, ''), 60)));
    END IF;
    IF pg_catalog.btrim(coalesce(p_name, '')) = '' AND pg_catalog.btrim(coalesce(p_name_zh, '')) = ''
       OR pg_catalog.char_length(coalesce(p_name, '')) > 200 OR pg_catalog.char_length(coalesce(p_name_zh, '')) > 200 THEN
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'name', 'value',
                                                                  pg_catalog.left(coalesce(p_name, ''), 60)));
    END IF;
    BEGIN
        INSERT INTO gm.classes (kind, code, name, name_zh)
            VALUES (p_kind, p_code, coalesce(NULLIF(pg_catalog.btrim(p_name), ''), pg_catalog.btrim(p_name_zh)),
                    pg_catalog.btrim(coalesce(p_name_zh, '')))
            ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, name_zh = excluded.name_zh;
    EXCEPTION WHEN check_violation THEN  -- a schema that keeps only 4-digit classes (before 5-digit classes)
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'class_code', 'value', p_code));
    END;
END $$;

-- -- users --------------------------------------------------------------------------------------------------
-- Checks of a change of the login p_login by the session user (administrator: any login; command centre:
-- store users only, never the administrator, never itself).
CREATE FUNCTION gm.check_user_target(p_login text) RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.require_administer('users');
    IF p_login IS NULL OR pg_catalog.char_length(p_login) NOT BETWEEN 1 AND 63 THEN
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'login', 'value',
                                                                  pg_catalog.left(coalesce(p_login, ''), 60)));
    END IF;
    IF gm.is_admin() THEN
        RETURN;
    END IF;
    IF p_login = SESSION_USER THEN
        PERFORM gm.refuse('GM065', '{}'::json);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_login)
       AND NOT EXISTS (SELECT 1 FROM gm.store_users u WHERE u.login = p_login) THEN
        PERFORM gm.refuse('GM064', pg_catalog.json_build_object('login', p_login));
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_login AND (r.rolsuper OR r.rolcreaterole))
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles o ON o.oid = n.nspowner
                  WHERE n.nspname = 'gm' AND o.rolname = p_login) THEN
        PERFORM gm.refuse('GM064', pg_catalog.json_build_object('login', p_login));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_login)
       AND (p_login !~ '^[a-z][a-z0-9_]{0,62}$' OR p_login LIKE 'pg\_%' OR p_login LIKE 'gm\_%') THEN
        PERFORM gm.refuse('GM068', pg_catalog.json_build_object('field', 'login', 'value', p_login));
    END IF;
END $$;

-- Create a login acting as p_role, or change the role (and department, streets) of a store user.
CREATE FUNCTION gm.admin_save_user(p_login text, p_role text, p_department text DEFAULT NULL,
                                   p_password text DEFAULT NULL, p_streets text[] DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.check_user_target(p_login);
    IF p_role IS NULL OR p_role NOT IN ('inspector', 'supervision', 'command', 'department', 'viewer', 'planner',
                                        'surveyor') THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'role', 'value', coalesce(p_role, '')));
    END IF;
    IF p_role = 'department' AND p_department IS NULL THEN
        PERFORM gm.refuse('GM066', '{}'::json);
    END IF;
    IF p_department IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gm.departments d WHERE d.code = p_department) THEN
        PERFORM gm.refuse('GM069', pg_catalog.json_build_object('department', p_department));
    END IF;
    IF p_role = 'surveyor' AND (p_streets IS NULL OR pg_catalog.cardinality(p_streets) = 0) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'streets', 'value', ''));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_login) THEN
        IF p_password IS NULL THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', p_login);
        ELSE
            EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_password);
        END IF;
    ELSIF p_password IS NOT NULL THEN
        EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', p_login, p_password);
    END IF;
    PERFORM gm.add_user(p_login, p_role, p_department);
    IF p_role = 'surveyor' THEN
        PERFORM gm.set_user_streets(p_login, p_streets);
    END IF;
    IF p_password IS NOT NULL THEN  -- the fact, never the password
        INSERT INTO gm.admin_audit (object, key, operation) VALUES ('user', p_login, 'password');
    END IF;
END $$;

CREATE FUNCTION gm.admin_set_user_enabled(p_login text, p_enabled boolean) RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.check_user_target(p_login);
    PERFORM gm.set_user_enabled(p_login, p_enabled);
END $$;

CREATE FUNCTION gm.admin_remove_user(p_login text) RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.check_user_target(p_login);
    PERFORM gm.remove_user(p_login);
END $$;

-- -- privileges -----------------------------------------------------------------------------------------------
REVOKE ALL ON gm.admin_audit FROM PUBLIC;
REVOKE ALL ON FUNCTION gm.audit_admin_row(), gm.may_administer(), gm.require_administer(text),
    gm.admin_save_department(text, text), gm.admin_remove_department(text),
    gm.admin_save_class(text, text, text, text), gm.check_user_target(text),
    gm.admin_save_user(text, text, text, text, text[]), gm.admin_set_user_enabled(text, boolean),
    gm.admin_remove_user(text) FROM PUBLIC;
-- Every role may call them and is refused with a translated reason (GM062) unless it is the command centre.
GRANT EXECUTE ON FUNCTION gm.may_administer(), gm.admin_save_department(text, text),
    gm.admin_remove_department(text), gm.admin_save_class(text, text, text, text),
    gm.admin_save_user(text, text, text, text, text[]), gm.admin_set_user_enabled(text, boolean),
    gm.admin_remove_user(text)
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer, gm_planner, gm_surveyor;
GRANT SELECT ON gm.admin_audit, gm.store_users TO gm_command;
