"""The shared store on PostgreSQL/PostGIS (psycopg2).  The workflow runs in the database."""

import io
import json
import re
import select

import pandas as pd
import psycopg2
import psycopg2.extensions
import psycopg2.extras
from psycopg2 import sql

from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS
from ..parts.inventory import INVENTORY_FIELDS, NEW, UNCHANGED, staged_changes, summarise
from .interface import (
    ANALYSIS_FIELDS,
    ATTACHMENT_COLUMNS,
    CASE_COLUMNS,
    DEFAULT_MAX_PHOTO_BYTES,
    EVENT_COLUMNS,
    GRID_ROLE,
    INVENTORY_ROLE,
    ROLES,
    STORE_CRS,
    STORE_ROLES,
    CaseStore,
    ListenerLost,
    StaleVersionError,
    StoreError,
    WorkflowError,
    check_apply_input,
    check_class,
    check_department,
    check_text,
    deadlock_message,
    filter_sql,
    local_days,
    read_photo_file,
    statistics_bounds,
    statistics_sql,
    utcnow,
    write_photo_file,
)
from .parts import (
    DATE_COLUMNS,
    HISTORY_COLUMNS,
    PART_COLUMNS,
    PART_HISTORY_COLUMNS,
    REWRITES,
    RUN_COLUMNS,
    TEXT_COLUMNS,
    chunks,
    inventory_frame,
)

_CASE_SELECT = ", ".join(
    "ST_X(geom) AS x"
    if c == "x"
    else "ST_Y(geom) AS y"
    if c == "y"
    else "overdue_seconds::float AS overdue_seconds"
    if c == "overdue_seconds"
    else c
    for c in CASE_COLUMNS
)
_LIST_COLUMNS = (
    "id",
    "case_code",
    "state",
    "kind",
    "class_code",
    "urgency",
    "department",
    "grid_code",
    "community_code",
    "street_code",
    "reported_at",
    "deadline_at",
    "version",
    "x",
    "y",
    "description",
    "extension_pending",
)
_LIST_SELECT = ", ".join("ST_X(geom) AS x" if c == "x" else "ST_Y(geom) AS y" if c == "y" else c for c in _LIST_COLUMNS)


_SEARCH = "gm.case_search_text(case_code, description, part_code, grid_code, department, reporter)"


_DENIED = re.compile(r"permission denied for (table|view|function|procedure|schema|sequence|relation) (\S+)")


def permission_message(text):
    """A sentence in the UI language for PostgreSQL's "permission denied for function gm.report_case" (the
    database's own text is English whatever the desk's language): what the login may not use, by name."""
    match = _DENIED.search(text or "")
    if match is None:
        return translate("CaseStore", "Permission denied: your login may not make this change in the case store.")
    kind, name = match.groups()
    if kind in ("function", "procedure"):
        return translate(
            "CaseStore",
            "Permission denied: your login may not use the case store's function {name}; ask the store's "
            "administrator for the role that may do this.",
        ).format(name=name)
    return translate(
        "CaseStore",
        "Permission denied: your login may not read or change {name} in the case store directly; changes go "
        "through the case workflow.",
    ).format(name=name)


def translate_error(error):
    """A psycopg2 error → a translated :class:`StoreError` (refusals keep their code and parameters)."""
    code = getattr(error, "pgcode", None) or ""
    if code.startswith("GM"):
        detail = getattr(getattr(error, "diag", None), "message_detail", None) or "{}"
        try:
            params = json.loads(detail)
        except ValueError:
            params = {"detail": detail}
        cls = StaleVersionError if code in ("GM002", "GM010", "GM030", "GM041") else WorkflowError
        return cls(code, params)
    if code == "40P01":
        return StoreError(deadlock_message())
    if code == "42501" or isinstance(error, psycopg2.errors.InsufficientPrivilege):
        return StoreError(
            permission_message(getattr(getattr(error, "diag", None), "message_primary", None) or str(error))
        )
    if isinstance(error, (psycopg2.OperationalError, psycopg2.InterfaceError)):
        return StoreError(
            translate("CaseStore", "The connection to the case store was lost; nothing was saved ({error}).").format(
                error=str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
        )
    return StoreError(
        translate("CaseStore", "The case store refused the change: {error}").format(error=str(error).strip())
    )


class InventoryVersion(int):
    """The inventory version read with the inventory (the last run's id), carrying the snapshot of the
    reading transaction (``pg_current_snapshot()``) so that the apply sees hand edits made after it."""

    snapshot = None


class PostgisStore(CaseStore):
    backend = "postgis"

    def __init__(self, dsn, connect_timeout=10, application_name="gridmanager"):
        self.dsn = dsn
        self._connect_kwargs = {"connect_timeout": connect_timeout, "application_name": application_name}
        self.conn = None
        self._listener = None
        self._channel = None
        self._watermark = None
        self._seen = {}
        self._zone_name = None
        #: how many times the listening connection was lost (the dock shows it and listens again)
        self.listener_losses = 0
        self._transitions = None
        self._connect()

    # -- connection -------------------------------------------------------------------------------
    def _connect(self):
        try:
            self.conn = psycopg2.connect(self.dsn, **self._connect_kwargs)
        except psycopg2.Error as error:
            raise StoreError(
                translate("CaseStore", "Cannot connect to the case store: {error}").format(error=str(error).strip())
            ) from None
        self.conn.autocommit = False
        with self.conn.cursor() as cur:
            cur.execute("SELECT session_user")
            self.user = cur.fetchone()[0]
        self.conn.commit()

    def _run(self, func):
        """Run ``func(cursor)`` in one transaction; commit, or roll back (whatever the exception: a
        database error, a cancellation, a failure of the caller's code) and raise; database errors are
        raised as translated :class:`StoreError`."""
        if self.conn is None or self.conn.closed:
            self._connect()
        try:
            with self.conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                result = func(cur)
            self.conn.commit()
            return result
        except BaseException as error:
            try:
                if not self.conn.closed:
                    self.conn.rollback()
            except psycopg2.Error:
                pass
            if isinstance(error, psycopg2.Error):
                raise translate_error(error) from None
            raise

    def close(self):
        for conn in (self.conn, self._listener):
            if conn is not None and not conn.closed:
                conn.close()
        self.conn = self._listener = None

    def backend_pid(self):
        return self._run(lambda cur: (cur.execute("SELECT pg_backend_pid() AS pid"), cur.fetchone())[1]["pid"])

    # -- migrations -------------------------------------------------------------------------------
    def migrate(self):
        def run(cur):
            cur.execute("CREATE SCHEMA IF NOT EXISTS gm")
            cur.execute(
                "CREATE TABLE IF NOT EXISTS gm.schema_migrations (version integer PRIMARY KEY, "
                "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            cur.execute("LOCK TABLE gm.schema_migrations IN EXCLUSIVE MODE")
            cur.execute("SELECT version FROM gm.schema_migrations")
            done = {row["version"] for row in cur.fetchall()}
            for version, name, path in self.migration_files("postgis"):
                if version in done:
                    continue
                with open(path, encoding="utf-8") as handle:
                    cur.execute(handle.read())
                cur.execute("INSERT INTO gm.schema_migrations (version, name) VALUES (%s, %s)", (version, name))
            cur.execute("SELECT max(version) AS v FROM gm.schema_migrations")
            return cur.fetchone()["v"]

        self._transitions = None
        return self._run(run)

    def schema_version(self):
        def run(cur):
            cur.execute("SELECT to_regclass('gm.schema_migrations') IS NOT NULL AS ok")
            if not cur.fetchone()["ok"]:
                return 0
            cur.execute("SELECT coalesce(max(version), 0) AS v FROM gm.schema_migrations")
            return cur.fetchone()["v"]

        return self._run(run)

    # -- users and roles (gm.admin_* functions: the administrator or the command centre; audited) ---------
    def create_user(self, login, role, department=None, password=None, streets=None):
        """Create a login that acts as ``role`` (a workflow role, ``planner`` or ``surveyor``), or change the
        role of an existing one: the previous role is revoked.  The store's administrator may manage any login;
        the command centre only the store's users (never the administrator, never itself).  A surveyor needs
        the street codes whose grids they may edit (``streets``).  Every change is audited."""
        if role not in STORE_ROLES:
            raise WorkflowError("GM008", {"field": "role", "value": role})
        check_text("login", login, 63)
        check_text("department", department, 200)
        streets = [str(s).strip() for s in (streets or []) if str(s).strip()]
        if role == GRID_ROLE and not streets:
            raise WorkflowError("GM008", {"field": "streets", "value": ""})
        if role == "department" and not department:
            raise WorkflowError("GM066", {})

        def run(cur):
            if self._has_admin_functions(cur):
                cur.execute(
                    "SELECT gm.admin_save_user(%s, %s, %s, %s, %s::text[])",
                    (login, role, department or None, password, streets or None),
                )
                return
            # a store older than migration 013, set up by its owner
            cur.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", (login,))
            if cur.fetchone() is None:
                if password is None:
                    cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
                else:
                    cur.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(sql.Identifier(login)), (password,))
            cur.execute("SELECT gm.add_user(%s, %s, %s)", (login, role, department))
            if role == GRID_ROLE:
                cur.execute("SELECT gm.set_user_streets(%s, %s::text[])", (login, streets))

        self._run(run)

    set_user_role = create_user

    def set_user_enabled(self, login, enabled):
        """Disable a login (it can no longer connect nor act; its open sessions are ended) or enable it."""
        check_text("login", login, 63)

        def run(cur):
            name = "admin_set_user_enabled" if self._has_admin_functions(cur) else "set_user_enabled"
            cur.execute(sql.SQL("SELECT gm.{}(%s, %s)").format(sql.Identifier(name)), (login, bool(enabled)))

        self._run(run)

    def disable_user(self, login):
        self.set_user_enabled(login, False)

    def enable_user(self, login):
        self.set_user_enabled(login, True)

    def remove_user(self, login):
        """Remove a login from the store and drop its database role (its name stays in the audit trail)."""
        check_text("login", login, 63)

        def run(cur):
            name = "admin_remove_user" if self._has_admin_functions(cur) else "remove_user"
            cur.execute(sql.SQL("SELECT gm.{}(%s)").format(sql.Identifier(name)), (login,))

        self._run(run)

    delete_user = remove_user

    def users(self):
        """Store users: login, role, department, enabled, and whether the database role may log in."""
        return self._select(
            "SELECT u.login, u.role, u.department_code AS department, u.enabled, "
            "coalesce(r.rolcanlogin, false) AS can_login FROM gm.store_users u "
            "LEFT JOIN pg_catalog.pg_roles r ON r.rolname = u.login ORDER BY u.login"
        )

    def may_administer(self):
        return self._run(lambda cur: (cur.execute("SELECT gm.may_administer() AS ok"), cur.fetchone())[1]["ok"])

    def admin_audit(self, obj=None, key=None):
        rows = self._select(
            "SELECT id, at, actor, object, key, operation, old_values, new_values FROM gm.admin_audit "
            "WHERE (%s::text IS NULL OR object = %s) AND (%s::text IS NULL OR key = %s) ORDER BY id",
            (obj, obj, key, key),
        )
        return [dict(r) for r in rows]

    # -- settings ---------------------------------------------------------------------------------
    def time_zone(self):
        """The store's time zone (case code dates, deadlines, periods): default Asia/Shanghai."""
        if self._select("SELECT to_regclass('gm.settings') IS NOT NULL AS ok")[0]["ok"]:
            rows = self._select("SELECT value FROM gm.settings WHERE key = 'time_zone'")
            if rows:
                return rows[0]["value"]
        return "Asia/Shanghai"

    def set_time_zone(self, name):
        check_text("time_zone", name, 100)
        self._zone_name = None
        self._run(
            lambda cur: cur.execute(
                "INSERT INTO gm.settings (key, value) VALUES ('time_zone', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (name,),
            )
        )

    def my_roles(self):
        def run(cur):
            cur.execute("SELECT r FROM unnest(%s::text[]) AS r WHERE gm.acts_as(r)", (list(ROLES),))
            return [row["r"] for row in cur.fetchall()]

        return self._run(run)

    def my_department(self):
        return self._run(lambda cur: (cur.execute("SELECT gm.current_department() AS d"), cur.fetchone())[1]["d"])

    # -- reference data ---------------------------------------------------------------------------
    @staticmethod
    def _has_admin_functions(cur):
        """Whether the schema has the audited administration functions (migration 013); an older store is
        loaded by its owner with plain SQL."""
        cur.execute("SELECT to_regprocedure('gm.admin_save_class(text,text,text,text)') IS NOT NULL AS ok")
        return cur.fetchone()["ok"]

    def save_department(self, code, name):
        check_department(code, name)

        def run(cur):
            if self._has_admin_functions(cur):
                cur.execute("SELECT gm.admin_save_department(%s, %s)", (code, name))
            else:
                cur.execute(
                    "INSERT INTO gm.departments (code, name) VALUES (%s, %s) "
                    "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                    (code, name.strip()),
                )

        self._run(run)

    add_department = save_department

    def remove_department(self, code):
        check_text("department", code, 200)
        self._run(lambda cur: cur.execute("SELECT gm.admin_remove_department(%s)", (code,)))

    def save_class(self, kind, code, name, name_zh=""):
        name, name_zh = check_class(kind, code, name, name_zh)

        def run(cur):
            if self._has_admin_functions(cur):
                cur.execute("SELECT gm.admin_save_class(%s, %s, %s, %s)", (kind, code, name, name_zh))
            else:
                cur.execute(
                    "INSERT INTO gm.classes (kind, code, name, name_zh) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, name_zh = excluded.name_zh",
                    (kind, code, name, name_zh),
                )

        self._run(run)

    add_class = save_class

    def set_time_limits(self, rows):
        rows = self.expand_time_limits(rows)

        def run(cur):
            for row in rows:
                cur.execute(
                    "SELECT gm.set_time_limit(%s, %s, %s, %s, %s::numeric, %s, %s::numeric)",
                    (
                        row["kind"],
                        row["class_code"],
                        int(row["urgency"]),
                        row.get("stage") or "handling",
                        row["amount"],
                        row.get("unit") or "hours",
                        row.get("max_extension_hours"),
                    ),
                )
            return len(rows)

        return self._run(run)

    def time_limits(self):
        rows = self._select(
            "SELECT kind, class_code, urgency, stage, amount::float AS amount, unit, "
            "max_extension_hours::float AS max_extension_hours FROM gm.time_limits "
            "ORDER BY kind, class_code, urgency, array_position(ARRAY['verification', 'registration', 'dispatch', "
            "'handling', 'check', 'closing'], stage)"
        )
        return rows

    # -- working time -----------------------------------------------------------------------------
    def working_hours(self):
        rows = self._select("SELECT value FROM gm.settings WHERE key = 'working_hours'")
        return rows[0]["value"] if rows else "08:30-12:00,13:30-17:30"

    def set_working_hours(self, text):
        from ..cases.working_time import format_working_hours, parse_working_hours

        value = format_working_hours(parse_working_hours(text))
        self._run(lambda cur: cur.execute("SELECT gm.set_working_hours(%s)", (value,)))

    def calendar(self, year=None):
        if year is None:
            return self._select("SELECT day, working, note FROM gm.calendar ORDER BY day")
        return self._select(
            "SELECT day, working, note FROM gm.calendar WHERE date_part('year', day) = %s ORDER BY day", (int(year),)
        )

    def load_calendar(self, rows):
        rows = list(rows)

        def run(cur):
            cur.execute(
                "SELECT gm.load_calendar(%s::date[], %s::boolean[], %s::text[]) AS n",
                ([r[0] for r in rows], [bool(r[1]) for r in rows], [r[2] or "" for r in rows]),
            )
            return cur.fetchone()["n"]

        return self._run(run)

    def add_working_times(self, starts, amounts, units):
        from .interface import as_utc

        def run(cur):
            cur.execute(
                "SELECT unnest(gm.add_working_times(%s::timestamptz[], %s::numeric[], %s::text[])) AS d",
                (
                    [as_utc(s) for s in starts],
                    [None if a is None else str(a) for a in amounts],
                    list(units),
                ),
            )
            return [row["d"] for row in cur.fetchall()]

        if not starts:
            return []
        return self._run(run)

    def case_deadlines(self, as_of=None, case_code=None):
        return self._select(
            "SELECT case_id, case_code, stage, started_at, due_at, overdue FROM gm.case_deadlines(%s, %s) "
            "ORDER BY case_id",
            (as_of, case_code),
        )

    def working_time_log(self, limit=200):
        return self._select(
            "SELECT id, at, actor, table_name, operation, old_row, new_row FROM gm.working_time_log "
            "ORDER BY id DESC LIMIT %s",
            (int(limit),),
        )

    def add_admin_unit(self, code, level, name, parent_code=None, wkt=None):
        self._run(
            lambda cur: cur.execute(
                "INSERT INTO gm.admin_units (code, level, name, parent_code, geom) VALUES (%s, %s, %s, %s, "
                "ST_Multi(ST_GeomFromText(%s, 4490)))",
                (code, level, name, parent_code, wkt),
            )
        )

    def add_grid(self, code, community_code, wkt, version=1):
        self._run(
            lambda cur: cur.execute(
                "INSERT INTO gm.grids (code, version, community_code, geom) VALUES (%s, %s, %s, "
                "ST_Multi(ST_GeomFromText(%s, 4490)))",
                (code, version, community_code, wkt),
            )
        )

    # -- grids edited in the store (surveyors) ---------------------------------------------------------
    def commit_grid_edits(self, edits, reason, publish=False):
        payload = []
        for edit in edits:
            item = {"code": str(edit.get("code") or ""), "base_version": edit.get("base_version")}
            if edit.get("retire"):
                item["retire"] = True
            if edit.get("geometry") is not None:
                geometry = edit["geometry"]
                item["geometry"] = geometry if isinstance(geometry, str) else geometry.wkt
            if edit.get("community_code") is not None:
                item["community_code"] = str(edit["community_code"])
            payload.append(item)

        def run(cur):
            cur.execute(
                "SELECT gm.commit_grid_edits(%s::jsonb, %s, %s) AS r",
                (json.dumps(payload), reason, "publish" if publish else "edit"),
            )
            return cur.fetchone()["r"]

        return self._run(run)

    def grid_history(self, code):
        rows = self._select(
            "SELECT code, version, community_code, valid_from, valid_to, change, actor, at, reason, commit_id, "
            "retired_by, retired_at, retire_reason, ST_AsText(geom) AS wkt FROM gm.grid_history "
            "WHERE code = %s ORDER BY version",
            (code,),
        )
        return [dict(r) for r in rows]

    def current_grids(self):
        return [
            dict(r)
            for r in self._select(
                "SELECT code, version, community_code, ST_AsText(geom) AS wkt FROM gm.grids "
                "WHERE valid_to IS NULL ORDER BY code"
            )
        ]

    def my_streets(self):
        """The streets whose grids the current login may edit (None: the administrator, every street)."""
        return self._run(lambda cur: (cur.execute("SELECT gm.current_streets() AS s"), cur.fetchone())[1]["s"])

    def revise_grid(self, code, community_code, wkt):
        """A new version of a grid: the current one is closed (valid_to), the new one becomes current.
        Cases keep the grid code they were reported in; new cases are located in the new geometry.
        Returns the new version number."""

        def run(cur):
            cur.execute("SELECT version FROM gm.grids WHERE code = %s FOR UPDATE", (code,))
            version = max([r["version"] for r in cur.fetchall()], default=0) + 1
            cur.execute("UPDATE gm.grids SET valid_to = now() WHERE code = %s AND valid_to IS NULL", (code,))
            cur.execute(
                "INSERT INTO gm.grids (code, version, community_code, geom) VALUES (%s, %s, %s, "
                "ST_Multi(ST_GeomFromText(%s, 4490)))",
                (code, version, community_code, wkt),
            )
            return version

        return self._run(run)

    def transitions(self):
        if self._transitions is None:

            def run(cur):
                cur.execute(
                    "SELECT state, action, role, new_state, guard, effects FROM gm.transitions "
                    "ORDER BY state, action, role"
                )
                return [dict(r) for r in cur.fetchall()]

            self._transitions = self._run(run)
        return self._transitions

    def departments(self):
        return self._select("SELECT code, name FROM gm.departments ORDER BY code")

    def classes(self, kind=None):
        if kind:
            return self._select(
                "SELECT kind, code, name, name_zh FROM gm.classes WHERE kind = %s ORDER BY code", (kind,)
            )
        return self._select("SELECT kind, code, name, name_zh FROM gm.classes ORDER BY kind, code")

    def admin_units(self, level=None):
        if level:
            return self._select(
                "SELECT code, level, name, parent_code FROM gm.admin_units WHERE level = %s ORDER BY code",
                (level,),
            )
        return self._select("SELECT code, level, name, parent_code FROM gm.admin_units ORDER BY code")

    def grid_codes(self):
        return [r["code"] for r in self._select("SELECT code FROM gm.grids WHERE valid_to IS NULL ORDER BY code")]

    def time_limit(self, kind, class_code, urgency, stage="handling"):
        """The amount of a time limit (in its unit, see :meth:`time_limits`) or None."""
        rows = self._select(
            "SELECT amount FROM gm.time_limits WHERE kind = %s AND class_code = %s AND urgency = %s AND stage = %s",
            (kind, class_code, urgency, stage),
        )
        return float(rows[0]["amount"]) if rows else None

    def _select(self, query, params=()):
        def run(cur):
            cur.execute(query, params)
            return [dict(r) for r in cur.fetchall()]

        return self._run(run)

    # -- cases ------------------------------------------------------------------------------------
    def report_case(
        self,
        kind,
        class_code,
        source,
        x,
        y,
        description="",
        urgency=0,
        part_code=None,
        role="inspector",
        note="",
        reported_at=None,
        photos=(),
    ):
        urgency, x, y = self.check_case_input(kind, source, urgency, x, y, class_code, description, note, part_code)
        photos, settings = self._checked_photos(photos)

        def run(cur):
            cur.execute(
                "SELECT " + _CASE_SELECT + " FROM gm.report_case(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    kind,
                    class_code,
                    source,
                    x,
                    y,
                    description or "",
                    urgency,
                    part_code or None,
                    role,
                    note or "",
                    reported_at,
                ),
            )
            case = dict(cur.fetchone())
            self._insert_photos(cur, case["case_code"], 1, role, photos, settings)
            return case

        return self._run(run)

    def apply(
        self,
        case_code,
        action,
        role,
        expected_version,
        note="",
        department=None,
        hours=None,
        attachments=(),
        photos=(),
    ):
        attachments = check_apply_input(case_code, action, role, note, department, attachments)
        photos, settings = self._checked_photos(photos)

        def run(cur):
            # the function returns the updated row: no second read (a department may no longer see
            # a case it has just returned)
            cur.execute(
                "SELECT " + _CASE_SELECT + " FROM gm.apply_transition(%s, %s, %s, %s, %s, %s, %s::numeric, %s::text[])",
                (
                    case_code,
                    action,
                    role,
                    int(expected_version),
                    note or "",
                    department or None,
                    hours,
                    list(attachments),
                ),
            )
            case = dict(cur.fetchone())
            self._insert_photos(cur, case_code, case["version"], role, photos, settings)
            return case

        return self._run(run)

    # -- photos -----------------------------------------------------------------------------------
    def attachment_settings(self):
        rows = self._select(
            "SELECT key, value FROM gm.settings WHERE key IN ('max_attachment_bytes', 'attachments_folder')"
        )
        values = {r["key"]: r["value"] for r in rows}
        return {
            "max_bytes": int(values.get("max_attachment_bytes") or DEFAULT_MAX_PHOTO_BYTES),
            "folder": values.get("attachments_folder") or None,
        }

    def _put_settings(self, pairs, keep_empty=False):
        def run(cur):
            for key, value in pairs:
                if value == "" and not keep_empty:
                    cur.execute("DELETE FROM gm.settings WHERE key = %s", (key,))
                else:
                    cur.execute(
                        "INSERT INTO gm.settings (key, value) VALUES (%s, %s) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, value),
                    )

        self._run(run)

    def _insert_photos(self, cur, case_code, seq, role, photos, settings):
        ids = []
        for photo in photos:
            path = digest = None
            if settings["folder"]:
                path, digest = write_photo_file(settings["folder"], photo)
            cur.execute(
                "SELECT gm.add_attachment(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) AS id",
                (
                    case_code,
                    int(seq),
                    role,
                    photo.name,
                    photo.mime,
                    len(photo.data),
                    None if path else psycopg2.Binary(photo.data),
                    psycopg2.Binary(photo.thumbnail) if photo.thumbnail else None,
                    path,
                    digest,
                ),
            )
            ids.append(cur.fetchone()["id"])
        return ids

    def add_photos(self, case_code, seq, role, photos):
        check_text("case_code", case_code, 200)
        check_text("role", role, 40)
        photos, settings = self._checked_photos(photos)
        if not photos:
            return []
        return self._run(lambda cur: self._insert_photos(cur, case_code, seq, role, photos, settings))

    def attachments(self, case_code):
        check_text("case_code", case_code, 200)
        rows = self._select(
            "SELECT a.id, c.case_code, a.seq, a.stage, a.actor, a.role, a.at, a.mime, a.name, a.size, a.sha256, "
            "a.path, a.thumbnail FROM gm.case_attachments a JOIN gm.cases c ON c.id = a.case_id "
            "WHERE c.case_code = %s ORDER BY a.seq, a.id",
            (case_code,),
        )
        for row in rows:
            row["thumbnail"] = bytes(row["thumbnail"]) if row["thumbnail"] is not None else None
        return [{c: r[c] for c in ATTACHMENT_COLUMNS} for r in rows]

    def attachment_data(self, attachment_id):
        rows = self._select(
            "SELECT name, data, path, sha256 FROM gm.case_attachments WHERE id = %s", (int(attachment_id),)
        )
        if not rows:
            raise StoreError(
                translate("CaseStore", "Photo {id} does not exist or is not visible to you.").format(id=attachment_id)
            )
        row = rows[0]
        if row["data"] is not None:
            return bytes(row["data"])
        return read_photo_file(self.attachment_settings()["folder"], row["path"], row["sha256"], row["name"])

    def get_case(self, case_code):
        check_text("case_code", case_code, 200)
        rows = self._select("SELECT " + _CASE_SELECT + " FROM gm.cases WHERE case_code = %s", (case_code,))
        return rows[0] if rows else None

    def events(self, case_code):
        check_text("case_code", case_code, 200)
        return self._select(
            "SELECT " + ", ".join("e." + c for c in EVENT_COLUMNS) + " FROM gm.case_events e "
            "JOIN gm.cases c ON c.id = e.case_id WHERE c.case_code = %s ORDER BY e.seq",
            (case_code,),
        )

    def list_cases(self, flt=None, after_id=None, limit=200):
        flt = self._check_filter(flt)
        where, params = filter_sql(flt, "%s", utcnow(), search_expr=_SEARCH)
        if after_id is not None:
            where += " AND id < %s"
            params.append(after_id)
        params.append(int(limit))
        return self._select(
            "SELECT " + _LIST_SELECT + " FROM gm.cases WHERE " + where + " ORDER BY id DESC LIMIT %s", params
        )

    def count_cases(self, flt=None):
        flt = self._check_filter(flt)
        where, params = filter_sql(flt, "%s", utcnow(), search_expr=_SEARCH)
        return self._select("SELECT count(*) AS n FROM gm.cases WHERE " + where, params)[0]["n"]

    def counts_by_state(self, flt=None):
        flt = self._check_filter(flt)
        where, params = filter_sql(flt, "%s", utcnow(), search_expr=_SEARCH)
        rows = self._select("SELECT state, count(*) AS n FROM gm.cases WHERE " + where + " GROUP BY state", params)
        return {r["state"]: r["n"] for r in rows}

    def statistics(self, flt=None, by="department", now=None):
        flt = self._check_filter(flt)
        now, today, tomorrow, week_start, week_end = statistics_bounds(self.time_zone(), now)
        where, params = filter_sql(flt, "%s", now, search_expr=_SEARCH)
        query = statistics_sql(by, where, "%s").format(table="gm.cases")
        rows = self._select(query, [now, max(now, today), tomorrow, week_start, week_end] + params)
        return [{k: (int(v) if k != "key" else v) for k, v in r.items()} for r in rows]

    def grid_at(self, x, y):
        rows = self._select(
            "SELECT g.code, g.community_code, a.parent_code FROM gm.grids g "
            "LEFT JOIN gm.admin_units a ON a.code = g.community_code WHERE g.valid_to IS NULL AND "
            "ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(%s, %s), 4490)) ORDER BY g.code LIMIT 1",
            (float(x), float(y)),
        )
        if not rows:
            return None
        return rows[0]["code"], rows[0]["community_code"], rows[0]["parent_code"]

    def nearest_part(self, x, y, max_distance_m=50.0, class_code=None):
        params = [float(x), float(y)]
        where = ""
        if class_code:
            where = "AND class_code = %s"
            params.append(class_code)
        params += [float(max_distance_m)]
        rows = self._select(
            "WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4490) AS pt) "
            "SELECT * FROM (SELECT code, class_code, "
            "ST_Distance(geom::geography, (SELECT pt FROM p)::geography) AS d "
            "FROM gm.parts WHERE inv_state = 'active' " + where + " ORDER BY geom <-> (SELECT pt FROM p) LIMIT 8) s "
            "WHERE d <= %s ORDER BY d LIMIT 1",
            params,
        )
        if not rows:
            return None
        return rows[0]["code"], rows[0]["class_code"], float(rows[0]["d"])

    def analysis_rows(self):
        return self._select(
            "SELECT "
            + ", ".join(ANALYSIS_FIELDS)
            + ", ST_X(geom) AS x, ST_Y(geom) AS y FROM gm.cases_analysis ORDER BY case_code"
        )

    def analysis_layer_uri(self):
        """QgsDataSourceUri-style parameters of the analysis view: (schema, table, geometry, key)."""
        return "gm", "cases_analysis", "geom", "case_code"

    # -- part inventory ---------------------------------------------------------------------------
    def has_inventory(self):
        return self._select("SELECT to_regclass('gm.part_history') IS NOT NULL AS ok")[0]["ok"]

    def can_write_inventory(self):
        return self._select("SELECT gm.acts_as(%s) AS ok", (INVENTORY_ROLE,))[0]["ok"]

    def read_inventory(self):
        columns = [
            "to_char({c}, 'YYYY-MM-DD') AS {c}".format(c=c)
            if c in DATE_COLUMNS
            else "coalesce(grid_code, '') AS grid_code"
            if c == "grid_code"
            else c
            for c in INVENTORY_FIELDS
        ]

        def run(cur):
            # one snapshot for the version, the parts and the hand edits they include: a run committed
            # after it makes the apply refuse (GM010), and so does a hand edit committed after it (GM035)
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cur.execute("SELECT version, pg_catalog.pg_current_snapshot()::text AS snapshot FROM gm.inventory_state")
            row = cur.fetchone()
            version = InventoryVersion(row["version"])
            version.snapshot = row["snapshot"]
            buffer = io.StringIO()
            cur.copy_expert(
                "COPY (SELECT " + ", ".join(columns) + ", ST_X(geom) AS x, ST_Y(geom) AS y FROM gm.parts "
                "ORDER BY code) TO STDOUT WITH (FORMAT csv, HEADER)",
                buffer,
            )
            return version, buffer.getvalue()

        version, text = self._run(run)
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        return inventory_frame(frame, frame.columns), STORE_CRS, version

    def apply_inventory_changes(self, report, survey, run, progress=NULL_PROGRESS, before_commit=None):
        stage = staged_changes(report, survey)
        counts = summarise(report)

        def work(cur):
            cur.execute(
                "SELECT gm.begin_inventory_run(%s, %s, %s, %s, %s) AS id",
                (run.version, run.source or "", run.move_threshold, run.today or None, psycopg2.extras.Json(counts)),
            )
            run_id = cur.fetchone()["id"]
            self._refuse_unseen_hand_edits(cur, getattr(run.version, "snapshot", None))
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS gm_inventory_stage (code text, change text, "
                + ", ".join(c + (" bigint" if c == "source_row" else " text") for c in stage.columns[2:-2])
                + ", x double precision, y double precision) ON COMMIT DROP"
            )
            done = 0
            for chunk in chunks(stage, self.inventory_chunk):
                self._apply_inventory_chunk(cur, chunk, run_id, run.today)
                done += len(chunk)
                progress.set(done / max(1, len(stage)))
            progress.check()
            # again at the end: a hand edit that committed while the run was writing (its part row was
            # locked by the planner, the run then wrote over it) refuses the whole run too
            self._refuse_unseen_hand_edits(cur, getattr(run.version, "snapshot", None))
            if before_commit is not None:
                before_commit(run_id)
            return run_id

        return self._run(work)

    def _refuse_unseen_hand_edits(self, cur, snapshot):
        """GM035 when a planner's hand edit committed after the inventory this run was compared with was
        read (``snapshot``: the reading transaction's; None when the caller read no snapshot)."""
        if not snapshot:
            return
        cur.execute(
            "SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = 'gm.part_history'::regclass "
            "AND attname = 'tx' AND NOT attisdropped"
        )
        if cur.fetchone() is None:  # a store before migration 015
            return
        cur.execute(
            "SELECT h.code, h.actor, to_char(h.at AT TIME ZONE gm.setting('time_zone'), 'YYYY-MM-DD HH24:MI') AS at "
            "FROM gm.part_history h WHERE h.run_id IS NULL "
            "AND NOT pg_catalog.pg_visible_in_snapshot(h.tx, %s::pg_snapshot) ORDER BY h.id DESC LIMIT 1",
            (snapshot,),
        )
        row = cur.fetchone()
        if row is not None:
            raise StaleVersionError("GM035", {"part": row["code"], "actor": row["actor"], "at": row["at"]})

    def _apply_inventory_chunk(self, cur, chunk, run_id, today):
        """Stage one chunk of the change report and apply it (inside the run's transaction)."""
        cur.execute("TRUNCATE pg_temp.gm_inventory_stage")
        cur.copy_expert(
            "COPY pg_temp.gm_inventory_stage FROM STDIN WITH (FORMAT csv)",
            io.StringIO(chunk.to_csv(index=False, header=False)),
        )
        cur.execute("ANALYZE pg_temp.gm_inventory_stage")  # join plans by the real row counts
        values = dict(run=run_id, today=today or None)
        texts = ", ".join("coalesce(s.{c}, '')".format(c=c) for c in TEXT_COLUMNS)
        point = "ST_SetSRID(ST_MakePoint(s.x, s.y), 4490)"
        expected = chunk["change"].value_counts().to_dict()
        cur.execute(
            "INSERT INTO gm.parts (code, grid_code, source_row, geom, "
            + ", ".join(TEXT_COLUMNS)
            + ", inv_state, first_seen, last_seen, last_run, last_change) SELECT s.code, nullif(s.grid_code, ''), "
            "coalesce(s.source_row, 0), " + point + ", " + texts + ", 'active', %(today)s, %(today)s, %(run)s, "
            "'new' FROM pg_temp.gm_inventory_stage s WHERE s.change = 'new'",
            values,
        )
        written = {NEW: cur.rowcount}
        cur.execute(
            "UPDATE gm.parts p SET grid_code = nullif(s.grid_code, ''), source_row = coalesce(s.source_row, 0), "
            "geom = "
            + point
            + ", "
            + ", ".join("{c} = coalesce(s.{c}, '')".format(c=c) for c in TEXT_COLUMNS)
            + ", inv_state = 'active', last_seen = %(today)s, missing_since = NULL, last_run = %(run)s, "
            "last_change = s.change FROM pg_temp.gm_inventory_stage s WHERE p.code = s.code AND s.change IN ("
            + ", ".join("'%s'" % c for c in REWRITES)
            + ")",
            values,
        )
        written["rewritten"] = cur.rowcount
        cur.execute(
            "UPDATE gm.parts p SET inv_state = 'missing', missing_since = %(today)s, last_run = %(run)s, "
            "last_change = 'missing' FROM pg_temp.gm_inventory_stage s WHERE p.code = s.code AND s.change = 'missing'",
            values,
        )
        written["missing"] = cur.rowcount
        cur.execute(
            "UPDATE gm.parts p SET last_seen = %(today)s, last_run = %(run)s, last_change = 'unchanged' "
            "FROM pg_temp.gm_inventory_stage s WHERE p.code = s.code AND s.change = 'unchanged'",
            values,
        )
        written[UNCHANGED] = cur.rowcount
        self._check_written(expected, written)

    def inventory_history(self, code=None):
        where, params = ("WHERE code = %s", (code,)) if code else ("", ())
        rows = self._select(
            "SELECT id, run_id, code, change, changed_fields, actor, at, old_values, new_values, "
            "ST_X(old_geom) AS old_x, ST_Y(old_geom) AS old_y, ST_X(geom) AS x, ST_Y(geom) AS y "
            "FROM gm.part_history " + where + " ORDER BY id",
            params,
        )
        return [{c: r[c] for c in HISTORY_COLUMNS} for r in rows]

    # -- part editing (issue 14): the rules are the triggers of migration 010 ----------------------
    def part_code_scheme(self):
        rows = {
            r["key"]: r["value"]
            for r in self._select("SELECT key, value FROM gm.settings WHERE key IN ('part_code_scheme', 'part_county')")
        }
        return rows.get("part_code_scheme", "survey12"), rows.get("part_county", "")

    _PART_SELECT = (
        ", ".join(
            "to_char({c}, 'YYYY-MM-DD') AS {c}".format(c=c) if c in DATE_COLUMNS + ("retired_on",) else c
            for c in PART_COLUMNS
        )
        + ", ST_X(geom) AS x, ST_Y(geom) AS y"
    )

    def get_part(self, code):
        rows = self._select("SELECT " + self._PART_SELECT + " FROM gm.parts WHERE code = %s", (code,))
        return rows[0] if rows else None

    def insert_part(self, class_code, x, y, **values):
        self._check_part_values(values)
        names = ["class_code"] + list(values)

        def run(cur):
            cur.execute(
                "INSERT INTO gm.parts ("
                + ", ".join(names)
                + ", geom) VALUES ("
                + ", ".join(["%s"] * len(names))
                + ", ST_SetSRID(ST_MakePoint(%s, %s), 4490)) RETURNING "
                + self._PART_SELECT,
                [class_code] + list(values.values()) + [float(x), float(y)],
            )
            return dict(cur.fetchone())

        return self._run(run)

    def update_part(self, code, expected_version, x=None, y=None, **values):
        self._check_part_values(values)
        sets = ["version = %s"] + ["{} = %s".format(n) for n in values]
        params = [int(expected_version)] + list(values.values())
        if x is not None and y is not None:
            sets.append("geom = ST_SetSRID(ST_MakePoint(%s, %s), 4490)")
            params += [float(x), float(y)]

        def run(cur):
            cur.execute(
                "UPDATE gm.parts SET " + ", ".join(sets) + " WHERE code = %s RETURNING " + self._PART_SELECT,
                params + [code],
            )
            row = cur.fetchone()
            if row is None:
                raise WorkflowError("GM048", {"part": str(code)[:40]})
            return dict(row)

        return self._run(run)

    def restore_part(self, code, history_id, expected_version=None):
        def run(cur):
            cur.execute("SELECT gm.restore_part(%s, %s, %s) AS v", (code, int(history_id), expected_version))
            return cur.fetchone()["v"]

        return self._run(run)

    def part_history(self, code):
        rows = self._select(
            "SELECT id, run_id, code, change, changed_fields, actor, at, old_values, new_values, "
            "ST_X(old_geom) AS old_x, ST_Y(old_geom) AS old_y, ST_X(geom) AS x, ST_Y(geom) AS y, version, "
            "restored_from FROM gm.part_history WHERE code = %s ORDER BY id",
            (code,),
        )
        return [{c: r[c] for c in PART_HISTORY_COLUMNS} for r in rows]

    def inventory_runs(self):
        rows = self._select("SELECT " + ", ".join(RUN_COLUMNS) + " FROM gm.inventory_runs ORDER BY id")
        for row in rows:
            row["survey_day"] = row["survey_day"].isoformat() if row["survey_day"] else None
        return rows

    def case_returns(self, case_code):
        """The accepted returns of a case (oldest first): the department, dispatch, deadline, reason and the
        time already overdue when the command centre accepted the return."""
        return self._select(
            "SELECT r.seq, r.department, r.dispatched_at, r.deadline_at, r.requested_at, r.reason, r.accepted_at, "
            "r.accepted_by, r.overdue_seconds::float AS overdue_seconds FROM gm.case_returns r "
            "JOIN gm.cases c ON c.id = r.case_id WHERE c.case_code = %s ORDER BY r.id",
            (case_code,),
        )

    # -- live refresh -----------------------------------------------------------------------------
    def listen(self):
        """Open the LISTEN connection; returns its socket file descriptor (for a QSocketNotifier).

        The channel is a random name the store hands to this session only (``gm.listen_channel()``): no
        other login can notify it.  Notifications carry nothing; :meth:`poll_changes` re-reads the changed
        cases through row-level security."""
        if self._listener is None or self._listener.closed:
            try:
                # keepalives: a connection that silently died is noticed within about a minute
                listener = psycopg2.connect(
                    self.dsn,
                    keepalives=1,
                    keepalives_idle=30,
                    keepalives_interval=10,
                    keepalives_count=3,
                    **dict(
                        self._connect_kwargs,
                        application_name=(self._connect_kwargs.get("application_name") or "gridmanager") + "-listen",
                    ),
                )
                listener.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
                with listener.cursor() as cur:
                    cur.execute("SELECT gm.listen_channel(), pg_catalog.clock_timestamp()")
                    channel, now = cur.fetchone()
                    cur.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            except psycopg2.Error as error:
                raise ListenerLost(
                    translate(
                        "CaseStore", "Live updates are paused: cannot listen to the case store ({error})."
                    ).format(error=str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
                ) from None
            self._listener, self._channel = listener, channel
            if self._watermark is None:
                self._watermark = now
                self.changed_since()  # what changed before listening is not news
        return self._listener.fileno()

    def listening(self):
        return self._listener is not None and not self._listener.closed

    def poll_changes(self, timeout=0.0):
        """Codes of the cases visible to this login that changed since the last call.

        A notification is only a hint to look: the changed cases are re-read from ``gm.cases`` (row-level
        security applies), so a forged or foreign notification shows nothing.  When the listening
        connection is lost the call returns ``[]`` and :meth:`listening` turns False; the next call
        listens again and returns what changed meanwhile (raises :class:`ListenerLost` if the store cannot
        be reached)."""
        if self._listener is None or self._listener.closed:
            first = self._watermark is None
            self.listen()
            return [] if first else self.changed_since()
        if timeout:
            select.select([self._listener], [], [], timeout)
        try:
            self._listener.poll()
        except psycopg2.Error:
            try:
                self._listener.close()
            except psycopg2.Error:
                pass
            self._listener = None
            self.listener_losses += 1
            return []
        if not self._listener.notifies:
            return []
        del self._listener.notifies[:]
        return self.changed_since()

    def changed_since(self):
        """Codes of visible cases changed since the last look (a short overlap catches transactions that
        committed after a later one; each (case, version) is reported once)."""
        import datetime as _dt

        since = (self._watermark or utcnow()) - _dt.timedelta(seconds=5)
        rows = self._select(
            "SELECT case_code, version, updated_at FROM gm.cases WHERE updated_at > %s ORDER BY updated_at LIMIT 5000",
            (since,),
        )
        codes = []
        for row in rows:
            key = row["case_code"]
            if self._seen.get(key) != row["version"]:
                self._seen[key] = row["version"]
                if key not in codes:
                    codes.append(key)
            if self._watermark is None or row["updated_at"] > self._watermark:
                self._watermark = row["updated_at"]
        if len(self._seen) > 20000:
            self._seen = {r["case_code"]: r["version"] for r in rows}
        return codes

    def _check_filter(self, flt):
        if flt is None:
            return None
        check_text("text", flt.text, 1000)
        for name in ("kind", "class_code", "street_code", "community_code", "grid_code", "department"):
            check_text(name, getattr(flt, name) or None, 200)
        if flt.date_from or flt.date_to:
            if self._zone_name is None:
                self._zone_name = self.time_zone()
            flt = local_days(flt, self._zone_name)
        return flt
