-- Issue 15 in the embedded store (see migrations/postgis/013_admin.sql for the shared store).
-- admin_audit: one append-only row per change of a department or a class (who, when, what, old and new
-- values), written by triggers on the tables themselves, so an edit of the tables in QGIS or with sqlite3 is
-- recorded too.  The actor is the desk login the store's own code writes into gm_admin_actor for the
-- length of its transaction; a change made outside the store's code is recorded as '(file edit)'.
CREATE TABLE admin_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor TEXT NOT NULL,
    object TEXT NOT NULL,
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    old_values TEXT,
    new_values TEXT
);
CREATE INDEX admin_audit_key_idx ON admin_audit (object, key);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('admin_audit', 'attributes', 'admin_audit', 'Changes of departments and classes: who, when, old and new');

CREATE TABLE gm_admin_actor (
    actor TEXT NOT NULL
);

CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
BEGIN SELECT RAISE(ABORT, 'GM009 admin_audit is append-only'); END;
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
BEGIN SELECT RAISE(ABORT, 'GM009 admin_audit is append-only'); END;

CREATE TRIGGER departments_audit_insert AFTER INSERT ON departments
BEGIN
    INSERT INTO admin_audit (actor, object, key, operation, old_values, new_values)
    VALUES (coalesce((SELECT actor FROM gm_admin_actor LIMIT 1), '(file edit)'), 'department', NEW.code, 'insert',
            NULL, json_object('code', NEW.code, 'name', NEW.name));
END;
CREATE TRIGGER departments_audit_update AFTER UPDATE ON departments
    WHEN OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name
BEGIN
    INSERT INTO admin_audit (actor, object, key, operation, old_values, new_values)
    VALUES (coalesce((SELECT actor FROM gm_admin_actor LIMIT 1), '(file edit)'), 'department', NEW.code, 'update',
            json_object('code', OLD.code, 'name', OLD.name), json_object('code', NEW.code, 'name', NEW.name));
END;
CREATE TRIGGER departments_audit_delete AFTER DELETE ON departments
BEGIN
    INSERT INTO admin_audit (actor, object, key, operation, old_values, new_values)
    VALUES (coalesce((SELECT actor FROM gm_admin_actor LIMIT 1), '(file edit)'), 'department', OLD.code, 'delete',
            json_object('code', OLD.code, 'name', OLD.name), NULL);
END;

CREATE TRIGGER classes_audit_insert AFTER INSERT ON classes
BEGIN
    INSERT INTO admin_audit (actor, object, key, operation, old_values, new_values)
    VALUES (coalesce((SELECT actor FROM gm_admin_actor LIMIT 1), '(file edit)'), 'class', NEW.kind || ':' || NEW.code,
            'insert', NULL, json_object('kind', NEW.kind, 'code', NEW.code, 'name', NEW.name, 'name_zh', NEW.name_zh));
END;
CREATE TRIGGER classes_audit_update AFTER UPDATE ON classes
    WHEN OLD.kind IS NOT NEW.kind OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name
         OR OLD.name_zh IS NOT NEW.name_zh
BEGIN
    INSERT INTO admin_audit (actor, object, key, operation, old_values, new_values)
    VALUES (coalesce((SELECT actor FROM gm_admin_actor LIMIT 1), '(file edit)'), 'class', NEW.kind || ':' || NEW.code,
            'update', json_object('kind', OLD.kind, 'code', OLD.code, 'name', OLD.name, 'name_zh', OLD.name_zh),
            json_object('kind', NEW.kind, 'code', NEW.code, 'name', NEW.name, 'name_zh', NEW.name_zh));
END;
CREATE TRIGGER classes_audit_delete AFTER DELETE ON classes
BEGIN
    INSERT INTO admin_audit (actor, object, key, operation, old_values, new_values)
    VALUES (coalesce((SELECT actor FROM gm_admin_actor LIMIT 1), '(file edit)'), 'class', OLD.kind || ':' || OLD.code,
            'delete', json_object('kind', OLD.kind, 'code', OLD.code, 'name', OLD.name, 'name_zh', OLD.name_zh), NULL);
END;
