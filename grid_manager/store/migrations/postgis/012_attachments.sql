-- Issue 15: photos of a case (案件照片).  One row per photo, tied to the workflow step (audit row) it
-- belongs to: the report, a verification, the handling, the on-site check...
-- * The bytes are in the row (bytea) or, when the store setting attachments_folder is set, in a file of
--   that folder named by its SHA-256 (the row keeps the relative path and the hash).  A small JPEG/PNG
--   thumbnail (made by the client) is always in the row, so a case opens without reading the photos.
-- * Who sees a case sees its photos (row-level security through gm.cases, as the audit trail).  A photo is
--   added only by gm.add_attachment: by the login that took the step, in the role it took it in (normally
--   in the same transaction as the step).  Nobody changes or deletes a photo, not even the owner.
-- * The database checks every row, however it is inserted: the type by the first bytes (JPEG, PNG,
--   HEIC), the size against the setting max_attachment_bytes (default 10 MB), the thumbnail, the hash.

INSERT INTO gm.settings (key, value) VALUES ('max_attachment_bytes', '10485760') ON CONFLICT (key) DO NOTHING;

CREATE TABLE gm.case_attachments (
    id bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES gm.cases (id),
    seq integer NOT NULL,                  -- the audit row (step) the photo belongs to
    stage text NOT NULL,                   -- that step's action: report, verify, report_back, check...
    actor text NOT NULL,
    role text NOT NULL,
    at timestamptz NOT NULL,
    mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/heic')),
    name text NOT NULL CHECK (name <> '' AND char_length(name) <= 500),
    size bigint NOT NULL CHECK (size > 0),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data bytea,
    path text CHECK (path ~ '^[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|heic)$'),
    thumbnail bytea CHECK (thumbnail IS NULL OR octet_length(thumbnail) <= 262144),
    CONSTRAINT case_attachments_bytes_or_file CHECK ((data IS NULL) <> (path IS NULL)),
    CONSTRAINT case_attachments_size CHECK (data IS NULL OR octet_length(data) = size),
    FOREIGN KEY (case_id, seq) REFERENCES gm.case_events (case_id, seq)
);
CREATE INDEX case_attachments_case_idx ON gm.case_attachments (case_id, seq);

-- The first bytes of an image say its type (the file name may lie).
CREATE FUNCTION gm.image_type(p_head bytea) RETURNS text LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, gm, pg_temp AS $$
    SELECT CASE
        WHEN pg_catalog.substr(p_head, 1, 3) = '\xffd8ff'::bytea THEN 'image/jpeg'
        WHEN pg_catalog.substr(p_head, 1, 8) = '\x89504e470d0a1a0a'::bytea THEN 'image/png'
        WHEN pg_catalog.substr(p_head, 5, 4) = '\x66747970'::bytea
             AND pg_catalog.encode(pg_catalog.substr(p_head, 9, 4), 'escape')
                 IN ('heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1') THEN 'image/heic'
    END
$$;

CREATE FUNCTION gm.check_attachment() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    v_max bigint := coalesce(gm.setting('max_attachment_bytes')::bigint, 10485760);
BEGIN
    IF NEW.size IS NULL OR NEW.size <= 0 OR NEW.size > v_max THEN
        PERFORM gm.refuse('GM050', pg_catalog.json_build_object('name', NEW.name, 'size', coalesce(NEW.size, 0),
                                                                'max', v_max));
    END IF;
    IF NEW.data IS NOT NULL THEN
        IF pg_catalog.octet_length(NEW.data) > v_max THEN
            PERFORM gm.refuse('GM050', pg_catalog.json_build_object('name', NEW.name, 'size',
                                                                    pg_catalog.octet_length(NEW.data), 'max', v_max));
        END IF;
        IF gm.image_type(pg_catalog.substr(NEW.data, 1, 16)) IS DISTINCT FROM NEW.mime THEN
            PERFORM gm.refuse('GM051', pg_catalog.json_build_object('name', NEW.name, 'found', ''));
        END IF;
        NEW.sha256 := pg_catalog.encode(pg_catalog.sha256(NEW.data), 'hex');
    ELSIF NEW.path IS NULL OR pg_catalog.split_part(NEW.path, '/', 2) NOT LIKE NEW.sha256 || '.%' THEN
        PERFORM gm.refuse('GM051', pg_catalog.json_build_object('name', NEW.name, 'found', ''));
    END IF;
    IF NEW.thumbnail IS NOT NULL AND (pg_catalog.octet_length(NEW.thumbnail) > 262144
            OR coalesce(gm.image_type(pg_catalog.substr(NEW.thumbnail, 1, 16)), '') NOT IN ('image/jpeg',
                                                                                                   'image/png')) THEN
        PERFORM gm.refuse('GM054', pg_catalog.json_build_object('name', NEW.name));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_attachments_check BEFORE INSERT ON gm.case_attachments
    FOR EACH ROW EXECUTE FUNCTION gm.check_attachment();

CREATE FUNCTION gm.refuse_attachment_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    PERFORM gm.refuse('GM053', pg_catalog.json_build_object('table', TG_TABLE_NAME));
    RETURN NULL;
END $$;
CREATE TRIGGER case_attachments_append_only BEFORE UPDATE OR DELETE ON gm.case_attachments
    FOR EACH ROW EXECUTE FUNCTION gm.refuse_attachment_change();
CREATE TRIGGER case_attachments_no_truncate BEFORE TRUNCATE ON gm.case_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION gm.refuse_attachment_change();

-- The setting is a whole number of bytes between 1 kB and 1 GB.
CREATE FUNCTION gm.check_attachment_setting() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, gm, pg_temp AS $$
BEGIN
    IF NEW.key = 'max_attachment_bytes' AND (NEW.value !~ '^[0-9]{1,10}$' OR NEW.value::bigint < 1024
                                             OR NEW.value::bigint > 1073741824) THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'max_attachment_bytes', 'value', NEW.value));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER settings_attachment_bytes BEFORE INSERT OR UPDATE ON gm.settings
    FOR EACH ROW EXECUTE FUNCTION gm.check_attachment_setting();

-- Add one photo to the step p_seq of a case: only the login that took that step, in the role it took it in.
CREATE FUNCTION gm.add_attachment(p_case_code text, p_seq integer, p_role text, p_name text, p_mime text,
                                  p_size bigint, p_data bytea, p_thumbnail bytea, p_path text DEFAULT NULL,
                                  p_sha256 text DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, gm, pg_temp AS $$
DECLARE
    c gm.cases;
    e gm.case_events;
    v_id bigint;
    v_count integer;
BEGIN
    IF NOT gm.acts_as(p_role) THEN
        PERFORM gm.refuse('GM003', pg_catalog.json_build_object('role', p_role));
    END IF;
    PERFORM gm.check_text('case_code', p_case_code, 40);
    PERFORM gm.check_text('name', p_name, 500);
    SELECT * INTO c FROM gm.cases x WHERE x.case_code = p_case_code;
    IF NOT FOUND OR (p_role = 'department' AND c.department IS DISTINCT FROM gm.current_department()
                     AND NOT gm.is_admin()) THEN
        PERFORM gm.refuse('GM004', pg_catalog.json_build_object('case', p_case_code));
    END IF;
    SELECT * INTO e FROM gm.case_events x WHERE x.case_id = c.id AND x.seq = p_seq;
    IF NOT FOUND OR e.actor <> SESSION_USER OR e.role <> p_role THEN
        PERFORM gm.refuse('GM052', pg_catalog.json_build_object('case', p_case_code, 'seq', p_seq, 'name', p_name));
    END IF;
    -- a file row only when the store keeps photos in a folder (else a client could record files nobody has)
    IF p_path IS NOT NULL AND coalesce(gm.setting('attachments_folder'), '') = '' THEN
        PERFORM gm.refuse('GM008', pg_catalog.json_build_object('field', 'path', 'value', pg_catalog.left(p_path, 60)));
    END IF;
    SELECT count(*) INTO v_count FROM gm.case_attachments a WHERE a.case_id = c.id AND a.seq = p_seq;
    IF v_count >= 20 THEN
        PERFORM gm.refuse('GM016', pg_catalog.json_build_object('field', 'photos', 'length', v_count + 1, 'max', 20));
    END IF;
    INSERT INTO gm.case_attachments (case_id, seq, stage, actor, role, at, mime, name, size, sha256, data, path,
                                     thumbnail)
    VALUES (c.id, p_seq, e.action, SESSION_USER, p_role, pg_catalog.clock_timestamp(), p_mime, p_name, p_size,
            coalesce(p_sha256, pg_catalog.repeat('0', 64)), p_data, p_path, p_thumbnail)
    RETURNING id INTO v_id;
    PERFORM gm.notify_change(c.department, NULL);
    RETURN v_id;
END $$;

ALTER TABLE gm.case_attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY attachments_read ON gm.case_attachments FOR SELECT
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer
    USING (EXISTS (SELECT 1 FROM gm.cases c WHERE c.id = case_id));
REVOKE ALL ON gm.case_attachments FROM PUBLIC;
GRANT SELECT ON gm.case_attachments TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
REVOKE ALL ON FUNCTION gm.add_attachment(text, integer, text, text, text, bigint, bytea, bytea, text, text),
    gm.image_type(bytea), gm.check_attachment(), gm.refuse_attachment_change(), gm.check_attachment_setting()
    FROM PUBLIC;
-- (the viewer too: it gets the store's translated refusal GM003, not a bare "permission denied")
GRANT EXECUTE ON FUNCTION gm.add_attachment(text, integer, text, text, text, bigint, bytea, bytea, text, text)
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;
