"""The embedded single-desk store: a GeoPackage (sqlite3) with the same schema and transitions table.

There are no database roles in a file: the desk user may act in any workflow role (optionally
limited to one department).  Transitions run the same rules as ``gm.apply_transition`` (see
:func:`.interface.plan_transition`) inside one ``BEGIN IMMEDIATE`` transaction with a version check.

What a single-user file can promise (migration 005): the cases and the audit change only through this
code — it writes a token row to ``gm_transition_token`` first and deletes it in the same transaction,
and SQLite triggers refuse any INSERT/UPDATE of ``cases``, ``case_events`` or ``case_returns`` without
it, every DELETE of cases and every change of ``transitions``; the dock's cases layer is read-only.  That
stops edits in QGIS, by another plugin or a quick SQL session.  It cannot stop someone who can write the
file (they can write the token or drop the triggers), prove who sat at the desk, or keep an older copy
from replacing the file: use the PostGIS store when the record must hold against its own users.
"""

import getpass
import hashlib
import json
import math
import os
import re
import sqlite3

import numpy as np
from shapely import wkt as shapely_wkt
from shapely.geometry import MultiPolygon, Point

from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS
from ..formats.gpkg_geometry import geometry_blob, gpkg_blobs, read_blob
from ..parts.inventory import INVENTORY_FIELDS, UNCHANGED, staged_changes, summarise
from ..parts.inventory import NEW as NEW_PART
from .interface import (
    ANALYSIS_FIELDS,
    ATTACHMENT_COLUMNS,
    CASE_COLUMNS,
    DEFAULT_MAX_PHOTO_BYTES,
    EVENT_COLUMNS,
    GRID_CODE,
    MAX_NOTE,
    MAX_PHOTOS,
    NEW,
    PART_STATUSES,
    RETIRED,
    ROLES,
    STORE_CRS,
    CaseStore,
    StaleVersionError,
    StoreError,
    WorkflowError,
    as_utc,
    case_code_date,
    check_apply_input,
    check_class,
    check_department,
    check_grid_geometry,
    check_reported_at,
    check_text,
    filter_sql,
    guard_ok,
    iso,
    local_days,
    plan_transition,
    read_photo_file,
    statistics_bounds,
    statistics_sql,
    utcnow,
    write_photo_file,
)
from .parts import (
    HISTORY_COLUMNS,
    PART_COLUMNS,
    PART_HISTORY_COLUMNS,
    REWRITES,
    RUN_COLUMNS,
    TEXT_COLUMNS,
    chunks,
    inventory_frame,
    scheme_layout,
)

GPKG_APPLICATION_ID = 0x47504B47
GPKG_USER_VERSION = 10300
SRID = 4490
# the time columns of cases and their events (stored as ISO text in SQLite)
_DATETIME_COLUMNS = {c for c in (*CASE_COLUMNS, *EVENT_COLUMNS) if c.endswith("_at") or c == "at"}
_BOOL_COLUMNS = {"extension_pending", "checked", "return_pending"}
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
_STORED_CASE_COLUMNS = [c for c in CASE_COLUMNS if c != "id"]


def gpkg_blob(geom):
    """A shapely geometry -> GeoPackage binary in the store's SRID."""
    return geometry_blob(geom, SRID)


def point_blobs(xs, ys):
    """GeoPackage binary points in the store's SRID for many coordinates at once."""
    return gpkg_blobs(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), SRID)


read_gpkg_blob = read_blob


def haversine_m(x1, y1, x2, y2):
    r = 6378137.0
    p1, p2 = math.radians(y1), math.radians(y2)
    dp, dl = p2 - p1, math.radians(x2 - x1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


class GpkgStore(CaseStore):
    backend = "gpkg"

    def __init__(self, path, user=None, department=None, timeout=30.0, admin=False):
        self.path = str(path)
        self.user = user or _login()
        self.department = department
        #: administrative use (bulk load of historical cases: any past report time)
        self.admin = bool(admin)
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError(
                translate("CaseStore", "Cannot open the case store {path}: {error}").format(path=self.path, error=error)
            ) from None
        self.conn.row_factory = sqlite3.Row
        _install_functions(self.conn)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self._transitions = None
        self._last_event = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    # -- transactions -----------------------------------------------------------------------------
    def _tx(self, func, immediate=True):
        try:
            self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        except sqlite3.Error as error:
            raise StoreError(
                translate("CaseStore", "The case store {path} is busy or unreadable: {error}").format(
                    path=self.path, error=error
                )
            ) from None
        try:
            result = func(self.conn)
            self.conn.execute("COMMIT")
            return result
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            refusal = re.match(r"(GM\d{3}) ", str(error)) if isinstance(error, sqlite3.Error) else None
            if isinstance(error, ValueError) and "null character" in str(error).lower():
                raise WorkflowError("GM019", {"field": "?"}) from None
            if refusal:  # a trigger's refusal (parts outside an inventory update, a delete)
                raise WorkflowError(refusal.group(1), {}) from None
            if isinstance(error, sqlite3.Error):
                raise StoreError(
                    translate("CaseStore", "The case store {path} refused the change: {error}").format(
                        path=self.path, error=error
                    )
                ) from None
            raise

    def _select(self, query, params=()):
        try:
            return [dict(r) for r in self.conn.execute(query, params).fetchall()]
        except sqlite3.Error as error:
            raise StoreError(
                translate("CaseStore", "Cannot read the case store {path}: {error}").format(path=self.path, error=error)
            ) from None

    # -- migrations -------------------------------------------------------------------------------
    def migrate(self):
        def run(conn):
            conn.execute("PRAGMA application_id = %d" % GPKG_APPLICATION_ID)
            conn.execute("PRAGMA user_version = %d" % GPKG_USER_VERSION)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS gm_schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at DATETIME NOT NULL)"
            )
            done = {r[0] for r in conn.execute("SELECT version FROM gm_schema_migrations")}
            for version, name, path in self.migration_files("gpkg"):
                if version in done:
                    continue
                with open(path, encoding="utf-8") as handle:
                    script = handle.read()
                for statement in _split_sql(script):
                    conn.execute(statement)
                if "writable_schema" in script:  # a CHECK edited in place: make every connection re-read the schema
                    schema = conn.execute("PRAGMA schema_version").fetchone()[0]
                    conn.execute("PRAGMA schema_version = %d" % (schema + 1))
                conn.execute("INSERT INTO gm_schema_migrations VALUES (?, ?, ?)", (version, name, iso(utcnow())))
            sync_grid_edges(conn)
            return conn.execute("SELECT max(version) FROM gm_schema_migrations").fetchone()[0]

        self._transitions = None
        return self._tx(run)

    def schema_version(self):
        rows = self._select("SELECT name FROM sqlite_master WHERE name = 'gm_schema_migrations'")
        if not rows:
            return 0
        return self._select("SELECT coalesce(max(version), 0) AS v FROM gm_schema_migrations")[0]["v"]

    # -- who am I --------------------------------------------------------------------------------
    def my_roles(self):
        return list(ROLES)

    def my_department(self):
        return self.department

    # -- reference data ---------------------------------------------------------------------------
    # -- administration (the desk that holds the file; every change audited by the triggers) ----------------
    def may_administer(self):
        return True

    def _as_actor(self, conn):
        """Name the desk login in the audit rows the triggers write in this transaction."""
        if self._has_table(conn, "gm_admin_actor"):
            conn.execute("DELETE FROM gm_admin_actor")
            conn.execute("INSERT INTO gm_admin_actor (actor) VALUES (?)", (self.user,))

    @staticmethod
    def _has_table(conn, name):
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()

    def _admin_tx(self, func):
        def run(conn):
            self._as_actor(conn)
            try:
                return func(conn)
            finally:
                if self._has_table(conn, "gm_admin_actor"):
                    conn.execute("DELETE FROM gm_admin_actor")

        return self._tx(run)

    def save_department(self, code, name):
        check_department(code, name)
        self._admin_tx(
            lambda c: c.execute(
                "INSERT INTO departments (code, name) VALUES (?, ?) ON CONFLICT (code) "
                "DO UPDATE SET name = excluded.name",
                (code, name.strip()),
            )
        )

    add_department = save_department

    def remove_department(self, code):
        check_text("department", code, 200)

        def run(conn):
            if conn.execute("SELECT 1 FROM departments WHERE code = ?", (code,)).fetchone() is None:
                raise WorkflowError("GM069", {"department": code})
            cases = conn.execute("SELECT count(*) FROM cases WHERE department = ?", (code,)).fetchone()[0]
            if cases:
                raise WorkflowError("GM063", {"department": code, "cases": cases, "users": 0})
            conn.execute("DELETE FROM departments WHERE code = ?", (code,))

        self._admin_tx(run)

    def save_class(self, kind, code, name, name_zh=""):
        name, name_zh = check_class(kind, code, name, name_zh)

        def run(conn):
            try:
                conn.execute(
                    "INSERT INTO classes (kind, code, name, name_zh) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, name_zh = excluded.name_zh",
                    (kind, code, name, name_zh),
                )
            except sqlite3.IntegrityError as error:  # a schema that keeps only 4-digit classes
                if "CHECK" not in str(error):
                    raise
                raise WorkflowError("GM068", {"field": "class_code", "value": code}) from None

        self._admin_tx(run)

    add_class = save_class

    def admin_audit(self, obj=None, key=None):
        rows = self._select(
            "SELECT id, at, actor, object, key, operation, old_values, new_values FROM admin_audit "
            "WHERE (? IS NULL OR object = ?) AND (? IS NULL OR key = ?) ORDER BY id",
            (obj, obj, key, key),
        )
        for row in rows:
            row["at"] = as_utc(row["at"])
            for name in ("old_values", "new_values"):
                row[name] = json.loads(row[name]) if row[name] else None
        return rows

    def set_time_limits(self, rows):
        from ..cases.working_time import STAGES, UNITS

        rows = self.expand_time_limits(rows)
        for row in rows:
            amount = _finite(row["amount"])
            if amount is None or not 0 < amount <= 8760:
                raise WorkflowError("GM008", {"field": "amount", "value": row["amount"]})
            if (row.get("stage") or "handling") not in STAGES:
                raise WorkflowError("GM008", {"field": "stage", "value": row.get("stage")})
            if (row.get("unit") or "hours") not in UNITS:
                raise WorkflowError("GM008", {"field": "unit", "value": row.get("unit")})

        def run(conn):
            for row in rows:
                key = (row["kind"], row["class_code"], int(row["urgency"]), row.get("stage") or "handling")
                old = self._limit_row(conn, *key)
                conn.execute(
                    "INSERT INTO time_limits (kind, class_code, urgency, stage, amount, unit, max_extension_hours) "
                    "VALUES (?, ?, ?, ?, ?, ?, coalesce(?, (SELECT max_extension_hours FROM time_limits WHERE "
                    "kind = ? AND class_code = ? AND urgency = ? LIMIT 1), 72)) "
                    "ON CONFLICT (kind, class_code, urgency, stage) DO UPDATE SET amount = excluded.amount, "
                    "unit = excluded.unit, max_extension_hours = coalesce(?, time_limits.max_extension_hours)",
                    (
                        *key,
                        float(row["amount"]),
                        row.get("unit") or "hours",
                        row.get("max_extension_hours"),
                        *key[:3],
                        row.get("max_extension_hours"),
                    ),
                )
                self._log(conn, "time_limits", "UPDATE" if old else "INSERT", old, self._limit_row(conn, *key))
            return len(rows)

        return self._tx(run)

    @staticmethod
    def _limit_row(conn, kind, class_code, urgency, stage):
        row = conn.execute(
            "SELECT kind, class_code, urgency, stage, amount, unit, max_extension_hours FROM time_limits "
            "WHERE kind = ? AND class_code = ? AND urgency = ? AND stage = ?",
            (kind, class_code, urgency, stage),
        ).fetchone()
        return dict(row) if row else None

    def _log(self, conn, table, operation, old, new):
        conn.execute(
            "INSERT INTO working_time_log (at, actor, table_name, operation, old_row, new_row) VALUES (?, ?, ?, ?, ?, ?)",
            (
                iso(utcnow()),
                self.user,
                table,
                operation,
                None if old is None else json.dumps(old, ensure_ascii=False),
                None if new is None else json.dumps(new, ensure_ascii=False),
            ),
        )

    def time_limits(self):
        return self._select(
            "SELECT kind, class_code, urgency, stage, amount, unit, max_extension_hours FROM time_limits "
            "ORDER BY kind, class_code, urgency, CASE stage WHEN 'verification' THEN 1 WHEN 'registration' THEN 2 "
            "WHEN 'dispatch' THEN 3 WHEN 'handling' THEN 4 WHEN 'check' THEN 5 ELSE 6 END"
        )

    # -- working time -----------------------------------------------------------------------------
    def working_hours(self):
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'working_hours'").fetchone()
        return row[0] if row else "08:30-12:00,13:30-17:30"

    def set_working_hours(self, text):
        from ..cases.working_time import format_working_hours, parse_working_hours

        value = format_working_hours(parse_working_hours(text))

        def run(conn):
            old = conn.execute("SELECT key, value FROM settings WHERE key = 'working_hours'").fetchone()
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('working_hours', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (value,),
            )
            self._log(
                conn,
                "settings",
                "UPDATE" if old else "INSERT",
                dict(old) if old else None,
                {"key": "working_hours", "value": value},
            )

        self._tx(run)

    def calendar(self, year=None):
        import datetime as dt

        if year is None:
            rows = self._select("SELECT day, working, note FROM calendar ORDER BY day")
        else:
            rows = self._select(
                "SELECT day, working, note FROM calendar WHERE substr(day, 1, 4) = ? ORDER BY day",
                ("%04d" % int(year),),
            )
        return [
            {"day": dt.date.fromisoformat(r["day"]), "working": bool(r["working"]), "note": r["note"]} for r in rows
        ]

    def load_calendar(self, rows):
        rows = [(day.isoformat(), int(bool(working)), (note or "")[:200]) for day, working, note in rows]
        years = sorted({r[0][:4] for r in rows})

        def run(conn):
            for year in years:
                for old in conn.execute("SELECT day, working, note FROM calendar WHERE substr(day, 1, 4) = ?", (year,)):
                    self._log(conn, "calendar", "DELETE", dict(old), None)
                conn.execute("DELETE FROM calendar WHERE substr(day, 1, 4) = ?", (year,))
            conn.executemany("INSERT INTO calendar (day, working, note) VALUES (?, ?, ?)", rows)
            for day, working, note in rows:
                self._log(conn, "calendar", "INSERT", None, {"day": day, "working": working, "note": note})
            return len(rows)

        return self._tx(run)

    def working_time(self, conn=None):
        """The store's :class:`WorkingTime` (calendar, working hours, time zone), rebuilt when they change."""
        from ..cases.working_time import WorkingTime

        conn = conn or self.conn
        rows = conn.execute("SELECT day, working FROM calendar ORDER BY day").fetchall()
        settings = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        key = (tuple(tuple(r) for r in rows), settings.get("working_hours"), settings.get("time_zone"))
        cached = getattr(self, "_working_time", None)
        if cached is None or cached[0] != key:
            import datetime as dt

            calendar = {dt.date.fromisoformat(day): bool(working) for day, working in rows}
            value = WorkingTime(
                calendar,
                settings.get("working_hours") or "08:30-12:00,13:30-17:30",
                settings.get("time_zone") or "Asia/Shanghai",
            )
            self._working_time = cached = (key, value)
        return cached[1]

    def add_working_times(self, starts, amounts, units):
        working = self.working_time()
        return [working.add(as_utc(s), a, u) for s, a, u in zip(starts, amounts, units)]

    def case_deadlines(self, as_of=None, case_code=None):
        from ..cases.working_time import STAGE_OF_STATE

        now = as_utc(as_of) or utcnow()
        working = self.working_time()
        limits = {
            (r["kind"], r["class_code"], r["urgency"], r["stage"]): (r["amount"], r["unit"]) for r in self.time_limits()
        }
        rows = self._select(
            "SELECT id, case_code, kind, class_code, urgency, state, checked, reported_at, verified_at, "
            "registered_at, dispatched_at, handled_at, checked_at, deadline_at FROM cases "
            "WHERE state IN ('reported', 'verified', 'registered', 'dispatched', 'handled')"
            + (" AND department = ?" if self.department else "")
            + (" AND case_code = ?" if case_code is not None else "")
            + " ORDER BY id",
            tuple(v for v in (self.department, case_code) if v is not None),
        )
        out = []
        for r in rows:
            stage, column = STAGE_OF_STATE[r["state"]]
            if r["state"] == "handled" and r["checked"]:
                stage, column = "closing", "checked_at"
            started = as_utc(r[column])
            if stage == "handling":
                due = as_utc(r["deadline_at"])
            else:
                limit = limits.get((r["kind"], r["class_code"], r["urgency"], stage))
                due = working.add(started, *limit) if limit and started is not None else None
            out.append(
                {
                    "case_id": r["id"],
                    "case_code": r["case_code"],
                    "stage": stage,
                    "started_at": started,
                    "due_at": due,
                    "overdue": bool(due is not None and due < now),
                }
            )
        return out

    def working_time_log(self, limit=200):
        rows = self._select(
            "SELECT id, at, actor, table_name, operation, old_row, new_row FROM working_time_log "
            "ORDER BY id DESC LIMIT ?",
            (int(limit),),
        )
        for row in rows:
            row["at"] = as_utc(row["at"])
            for key in ("old_row", "new_row"):
                row[key] = json.loads(row[key]) if row[key] else None
        return rows

    # -- settings ---------------------------------------------------------------------------------
    def time_zone(self):
        """The store's time zone (case code dates, deadlines, periods): default Asia/Shanghai."""
        try:
            row = self.conn.execute("SELECT value FROM settings WHERE key = 'time_zone'").fetchone()
        except sqlite3.Error:
            row = None
        return row[0] if row else "Asia/Shanghai"

    def set_time_zone(self, name):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        check_text("time_zone", name, 100)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise WorkflowError("GM008", {"field": "time_zone", "value": name}) from None
        self._tx(
            lambda c: c.execute(
                "INSERT INTO settings (key, value) VALUES ('time_zone', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (name,),
            )
        )

    def _max_extension(self, conn, kind, class_code, urgency):
        row = conn.execute(
            "SELECT max_extension_hours FROM time_limits WHERE kind = ? AND class_code = ? AND urgency = ?",
            (kind, class_code, int(urgency)),
        ).fetchone()
        return float(row[0]) if row else None

    @staticmethod
    def _token(conn):
        """Open the store's write token for this transaction (the triggers refuse writes without it)."""
        import secrets

        conn.execute("INSERT INTO gm_transition_token (token) VALUES (?)", (secrets.token_hex(16),))

    @staticmethod
    def _untoken(conn):
        conn.execute("DELETE FROM gm_transition_token")

    def add_admin_unit(self, code, level, name, parent_code=None, wkt=None):
        blob = gpkg_blob(_multi(shapely_wkt.loads(wkt))) if wkt else None
        self._tx(
            lambda c: c.execute(
                "INSERT INTO admin_units (geom, code, level, name, parent_code) VALUES (?, ?, ?, ?, ?)",
                (blob, code, level, name, parent_code),
            )
        )

    def add_grid(self, code, community_code, wkt, version=1):
        geom = _multi(shapely_wkt.loads(wkt))
        minx, miny, maxx, maxy = geom.bounds

        def run(conn):
            conn.execute(
                "INSERT INTO grids (geom, code, version, community_code, min_x, max_x, min_y, max_y) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (gpkg_blob(geom), code, version, community_code, minx, maxx, miny, maxy),
            )
            sync_grid_edges(conn)

        self._tx(run)

    def revise_grid(self, code, community_code, wkt):
        """A new version of a grid: the current one is closed (valid_to), the new one becomes current.
        Returns the new version number."""
        geom = _multi(shapely_wkt.loads(wkt))
        minx, miny, maxx, maxy = geom.bounds

        def run(conn):
            query = "SELECT coalesce(max(version), 0) FROM grids WHERE code = ?"
            version = conn.execute(query, (code,)).fetchone()[0]
            now = iso(utcnow())
            conn.execute("UPDATE grids SET valid_to = ? WHERE code = ? AND valid_to IS NULL", (now, code))
            conn.execute(
                "INSERT INTO grids (geom, code, version, community_code, valid_from, "
                "min_x, max_x, min_y, max_y) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (gpkg_blob(geom), code, version + 1, community_code, now, minx, maxx, miny, maxy),
            )
            sync_grid_edges(conn)
            return version + 1

        return self._tx(run)

    # -- grids edited in the store ---------------------------------------------------------------------
    def commit_grid_edits(self, edits, reason, publish=False):
        """As :meth:`PostgisStore.commit_grid_edits`, in one ``BEGIN IMMEDIATE`` transaction (a second desk
        waits, then finds the versions the first one saved).  A file has no roles: the desk edits every
        street's grids."""
        check_text("reason", reason, MAX_NOTE)
        if reason is None or not str(reason).strip():
            raise WorkflowError("GM008", {"field": "reason", "value": ""})
        edits = list(edits)
        if not edits:
            raise WorkflowError("GM008", {"field": "edits", "value": ""})
        codes = [str(e.get("code") or "") for e in edits]
        for code in codes:
            if not GRID_CODE.fullmatch(code):
                raise WorkflowError("GM008", {"field": "code", "value": code[:40]})
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise WorkflowError("GM033", {"grid": twice[0], "reason": "twice"})

        def run(conn):
            now = iso(utcnow())
            commit_id = conn.execute("SELECT coalesce(max(commit_id), 0) + 1 FROM grid_changes").fetchone()[0]
            result = []
            for code, edit in zip(codes, edits):
                base = edit.get("base_version")
                row = conn.execute(
                    "SELECT version, community_code FROM grids WHERE code = ? AND valid_to IS NULL", (code,)
                ).fetchone()
                if base is None:
                    result.append(self._add_grid_version(conn, code, edit, reason, now, commit_id, publish))
                    continue
                if row is None or row["version"] != int(base):
                    last = conn.execute(
                        "SELECT change, actor, at FROM grid_changes WHERE code = ? ORDER BY id DESC LIMIT 1", (code,)
                    ).fetchone()
                    if last is None and row is None:
                        raise WorkflowError("GM034", {"grid": code, "community": ""})
                    raise StaleVersionError(
                        "GM030",
                        {
                            "grid": code,
                            "expected": base,
                            "current": None if row is None else row["version"],
                            "actor": last["actor"] if last else "",
                            "at": self._local_time(last["at"]) if last else "",
                        },
                    )
                community = edit.get("community_code")
                if community is not None and str(community) != row["community_code"]:
                    raise WorkflowError("GM034", {"grid": code, "community": str(community)[:40], "reason": "moved"})
                if edit.get("retire"):
                    conn.execute("UPDATE grids SET valid_to = ? WHERE code = ? AND version = ?", (now, code, base))
                    conn.execute("UPDATE grid_codes SET retired_at = ? WHERE code = ?", (now, code))
                    self._grid_change(conn, code, int(base), "retire", now, reason, commit_id)
                    result.append({"code": code, "version": int(base), "change": "retire"})
                    continue
                geom = check_grid_geometry(code, edit.get("geometry"))
                conn.execute("UPDATE grids SET valid_to = ? WHERE code = ? AND version = ?", (now, code, base))
                self._grid_change(conn, code, int(base) + 1, "edit", now, reason, commit_id)
                self._insert_grid(conn, code, int(base) + 1, row["community_code"], now, geom)
                result.append({"code": code, "version": int(base) + 1, "change": "edit"})
            return result

        return self._tx(run)

    def _add_grid_version(self, conn, code, edit, reason, now, commit_id, publish):
        if edit.get("retire"):
            raise WorkflowError("GM008", {"field": "base_version", "grid": code, "value": ""})
        community = str(edit.get("community_code") or "")
        known = conn.execute(
            "SELECT 1 FROM admin_units WHERE code = ? AND level = 'community'", (community,)
        ).fetchone()
        if not known:
            raise WorkflowError("GM034", {"grid": code, "community": community[:40] or "?"})
        if not code.startswith(community):
            raise WorkflowError("GM033", {"grid": code, "community": community, "reason": "community"})
        issued = conn.execute("SELECT retired_at FROM grid_codes WHERE code = ?", (code,)).fetchone()
        if issued is not None:
            retired = issued["retired_at"]
            raise WorkflowError(
                "GM033",
                {
                    "grid": code,
                    "reason": "exists" if retired is None else "retired",
                    "at": self._local_time(retired) if retired else "",
                },
            )
        geom = check_grid_geometry(code, edit.get("geometry"))
        change = "publish" if publish else "add"
        self._grid_change(conn, code, 1, change, now, reason, commit_id)
        self._insert_grid(conn, code, 1, community, now, geom)
        return {"code": code, "version": 1, "change": change}

    def _grid_change(self, conn, code, version, change, now, reason, commit_id):
        conn.execute(
            "INSERT INTO grid_changes (code, version, change, actor, at, reason, commit_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (code, version, change, self.user, now, reason, commit_id),
        )

    @staticmethod
    def _insert_grid(conn, code, version, community, now, geom):
        minx, miny, maxx, maxy = geom.bounds
        conn.execute(
            "INSERT INTO grids (geom, code, version, community_code, valid_from, min_x, max_x, min_y, max_y) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (gpkg_blob(geom), code, version, community, now, minx, maxx, miny, maxy),
        )
        sync_grid_edges(conn)

    def _local_time(self, text):
        """A stored UTC time as 'YYYY-MM-DD HH:MM:SS Zone' in the store's time zone (for messages)."""
        from zoneinfo import ZoneInfo

        zone = self.time_zone()
        return as_utc(text).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S ") + zone

    def grid_history(self, code):
        rows = self._select(
            "SELECT g.code, g.version, g.community_code, g.valid_from, g.valid_to, "
            "coalesce(m.change, 'load') AS change, m.actor, coalesce(m.at, g.valid_from) AS at, "
            "coalesce(m.reason, '') AS reason, m.commit_id, x.actor AS retired_by, x.at AS retired_at, "
            "x.reason AS retire_reason, g.geom FROM grids g "
            "LEFT JOIN grid_changes m ON m.id = (SELECT min(c.id) FROM grid_changes c WHERE c.code = g.code "
            "AND c.version = g.version AND c.change <> 'retire') "
            "LEFT JOIN grid_changes x ON x.id = (SELECT min(c.id) FROM grid_changes c WHERE c.code = g.code "
            "AND c.version = g.version AND c.change = 'retire') "
            "WHERE g.code = ? ORDER BY g.version",
            (code,),
        )
        for row in rows:
            row["wkt"] = read_blob(row.pop("geom")).wkt
            for name in ("valid_from", "valid_to", "at", "retired_at"):
                if row[name] is not None:
                    row[name] = as_utc(row[name])
        return rows

    def current_grids(self):
        rows = self._select(
            "SELECT code, version, community_code, geom FROM grids WHERE valid_to IS NULL ORDER BY code"
        )
        for row in rows:
            row["wkt"] = read_blob(row.pop("geom")).wkt
        return rows

    def transitions(self):
        if self._transitions is None:
            self._transitions = self._select(
                "SELECT state, action, role, new_state, guard, effects FROM transitions ORDER BY state, action, role"
            )
        return self._transitions

    def departments(self):
        return self._select("SELECT code, name FROM departments ORDER BY code")

    def classes(self, kind=None):
        if kind:
            return self._select("SELECT kind, code, name, name_zh FROM classes WHERE kind = ? ORDER BY code", (kind,))
        return self._select("SELECT kind, code, name, name_zh FROM classes ORDER BY kind, code")

    def admin_units(self, level=None):
        if level:
            return self._select(
                "SELECT code, level, name, parent_code FROM admin_units WHERE level = ? ORDER BY code",
                (level,),
            )
        return self._select("SELECT code, level, name, parent_code FROM admin_units ORDER BY code")

    def grid_codes(self):
        return [r["code"] for r in self._select("SELECT code FROM grids WHERE valid_to IS NULL ORDER BY code")]

    def time_limit(self, kind, class_code, urgency, conn=None, stage="handling"):
        """The amount of a time limit (in its unit, see :meth:`time_limits`) or None."""
        row = self._limit_row(conn or self.conn, kind, class_code, int(urgency), stage)
        return float(row["amount"]) if row else None

    def _handling_limit(self, conn, kind, class_code, urgency):
        row = self._limit_row(conn, kind, class_code, int(urgency), "handling")
        return (float(row["amount"]), row["unit"]) if row else None

    # -- cases ------------------------------------------------------------------------------------
    def _case_from_row(self, row):
        if row is None:
            return None
        case = dict(row)
        case.pop("geom", None)
        for key in list(case):
            if key in _DATETIME_COLUMNS:
                case[key] = as_utc(case[key])
            elif key in _BOOL_COLUMNS:
                case[key] = bool(case[key])
        return case

    def _fetch_case(self, conn, case_code):
        row = conn.execute(
            "SELECT " + ", ".join(CASE_COLUMNS) + " FROM cases WHERE case_code = ?", (case_code,)
        ).fetchone()
        return self._case_from_row(row)

    def _grid_at(self, conn, x, y):
        point = Point(x, y)
        rows = conn.execute(
            "SELECT g.code, g.community_code, a.parent_code, g.geom FROM grids g "
            "LEFT JOIN admin_units a ON a.code = g.community_code WHERE g.valid_to IS NULL AND "
            "g.min_x <= ? AND g.max_x >= ? AND g.min_y <= ? AND g.max_y >= ? ORDER BY g.code",
            (x, x, y, y),
        ).fetchall()
        for row in rows:
            if read_gpkg_blob(row["geom"]).intersects(point):
                return row["code"], row["community_code"], row["parent_code"]
        return None

    def _part_near_grid(self, conn, part_x, part_y, grid_code):
        """Whether a part lies in the current grid ``grid_code`` or in a current grid touching it."""
        rows = conn.execute("SELECT geom FROM grids WHERE valid_to IS NULL AND code = ?", (grid_code,)).fetchall()
        if not rows:
            return False
        case_grid = read_gpkg_blob(rows[0]["geom"])
        point = Point(part_x, part_y)
        for row in conn.execute(
            "SELECT geom FROM grids WHERE valid_to IS NULL AND min_x <= ? AND max_x >= ? AND min_y <= ? AND max_y >= ?",
            (part_x, part_x, part_y, part_y),
        ):
            geom = read_gpkg_blob(row["geom"])
            if geom.intersects(point) and geom.intersects(case_grid):
                return True
        return False

    def grid_at(self, x, y):
        return self._grid_at(self.conn, float(x), float(y))

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
        if role not in self.my_roles():
            raise WorkflowError("GM003", {"role": role})
        if not any(t["state"] == NEW and t["action"] == "report" and t["role"] == role for t in self.transitions()):
            raise WorkflowError("GM001", {"case": "", "action": "report", "role": role, "state": NEW})
        clock = utcnow()
        now = check_reported_at(reported_at, role, source, note, clock, admin=self.admin)
        zone = self.time_zone()

        def run(conn):
            if conn.execute("SELECT 1 FROM classes WHERE kind = ? AND code = ?", (kind, class_code)).fetchone() is None:
                raise WorkflowError("GM008", {"field": "class_code", "value": class_code, "kind": kind})
            grid = self._grid_at(conn, x, y)
            if grid is None:
                raise WorkflowError("GM014", {"x": x, "y": y})
            if part_code:
                part = conn.execute("SELECT class_code, x, y FROM parts WHERE code = ?", (part_code,)).fetchone()
                if part is None:
                    raise WorkflowError("GM008", {"field": "part_code", "value": part_code})
                if kind != "part" or str(part["class_code"])[:2] != str(class_code)[:2]:
                    raise WorkflowError(
                        "GM015",
                        {
                            "reason": "class",
                            "part": part_code,
                            "part_class": part["class_code"],
                            "class_code": class_code,
                            "kind": kind,
                        },
                    )
                if not self._part_near_grid(conn, part["x"], part["y"], grid[0]):
                    raise WorkflowError("GM015", {"reason": "grid", "part": part_code, "grid": grid[0]})
            next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM cases").fetchone()[0]
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cases'").fetchone()
            next_id = max(next_id, (seq[0] + 1) if seq else 1)
            code = case_code_date(now, zone) + "%06d" % next_id
            values = {
                "case_code": code,
                "kind": kind,
                "class_code": class_code,
                "source": source,
                "description": description or "",
                "x": x,
                "y": y,
                "grid_code": grid[0],
                "community_code": grid[1],
                "street_code": grid[2],
                "part_code": part_code or None,
                "urgency": urgency,
                "state": "reported",
                "reported_at": iso(now),
                "reporter": self.user,
                "version": 1,
                "updated_at": iso(clock),
            }
            cols = ["geom"] + list(values)
            self._token(conn)
            cur = conn.execute(
                "INSERT INTO cases (" + ", ".join(cols) + ") VALUES (" + ", ".join("?" * len(cols)) + ")",
                [gpkg_blob(Point(x, y))] + list(values.values()),
            )
            conn.execute(
                "INSERT INTO case_events (case_id, seq, actor, role, action, from_state, to_state, at, note) "
                "VALUES (?, 1, ?, ?, 'report', ?, 'reported', ?, ?)",
                (cur.lastrowid, self.user, role, NEW, iso(clock), note or ""),
            )
            self._insert_photos(conn, cur.lastrowid, code, 1, "report", role, photos, settings)
            self._untoken(conn)
            return self._fetch_case(conn, code)

        return self._tx(run)

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
        if role not in self.my_roles():
            raise WorkflowError("GM003", {"role": role})

        def run(conn):
            case = self._fetch_case(conn, case_code)
            if case is None or (
                role == "department" and self.department is not None and case["department"] != self.department
            ):
                raise WorkflowError("GM004", {"case": case_code})
            if case["version"] != int(expected_version):
                raise StaleVersionError(
                    "GM002", {"case": case_code, "current": case["version"], "expected": expected_version}
                )
            transition = next(
                (
                    t
                    for t in self.transitions()
                    if t["state"] == case["state"] and t["action"] == action and t["role"] == role
                ),
                None,
            )
            if transition is None:
                raise WorkflowError(
                    "GM001", {"case": case_code, "action": action, "role": role, "state": case["state"]}
                )
            if not guard_ok(transition["guard"], case):
                raise WorkflowError("GM005", {"case": case_code, "guard": transition["guard"]})
            now = utcnow()
            upd = plan_transition(
                case,
                transition,
                now,
                department=department,
                hours=hours,
                limit_hours=lambda k, c, u: self._handling_limit(conn, k, c, u),
                add_time=lambda start, amount, unit: self.working_time(conn).add(start, amount, unit),
                department_exists=lambda d: conn.execute("SELECT 1 FROM departments WHERE code = ?", (d,)).fetchone()
                is not None,
                note=note,
                max_extension_hours=lambda k, c, u: self._max_extension(conn, k, c, u),
            )
            returned = upd.pop("_return", None)
            upd["version"] = case["version"] + 1
            upd["updated_at"] = now
            values = [
                iso(v) if k in _DATETIME_COLUMNS else (int(v) if k in _BOOL_COLUMNS else v) for k, v in upd.items()
            ]
            self._token(conn)
            cur = conn.execute(
                "UPDATE cases SET " + ", ".join(k + " = ?" for k in upd) + " WHERE id = ? AND version = ?",
                values + [case["id"], case["version"]],
            )
            if cur.rowcount != 1:
                raise StaleVersionError("GM002", {"case": case_code, "current": "?", "expected": expected_version})
            conn.execute(
                "INSERT INTO case_events (case_id, seq, actor, role, action, from_state, to_state, at, note, "
                "attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case["id"],
                    upd["version"],
                    self.user,
                    role,
                    action,
                    case["state"],
                    upd["state"],
                    iso(now),
                    note or "",
                    json.dumps(list(attachments), ensure_ascii=False),
                ),
            )
            if returned is not None:
                request = conn.execute(
                    "SELECT at, note FROM case_events WHERE case_id = ? AND action = 'request_return' "
                    "ORDER BY seq DESC LIMIT 1",
                    (case["id"],),
                ).fetchone()
                conn.execute(
                    "INSERT INTO case_returns (case_id, seq, department, dispatched_at, deadline_at, requested_at, "
                    "reason, accepted_at, accepted_by, overdue_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        case["id"],
                        upd["version"],
                        returned["department"],
                        iso(returned["dispatched_at"]),
                        iso(returned["deadline_at"]),
                        request["at"] if request else None,
                        request["note"] if request else "",
                        iso(now),
                        self.user,
                        returned["overdue_seconds"],
                    ),
                )
            self._insert_photos(conn, case["id"], case_code, upd["version"], action, role, photos, settings)
            self._untoken(conn)
            return self._fetch_case(conn, case_code)

        return self._tx(run)

    def get_case(self, case_code):
        check_text("case_code", case_code, 200)
        return self._fetch_case(self.conn, case_code)

    # -- photos -----------------------------------------------------------------------------------
    def attachment_settings(self):
        try:
            rows = self.conn.execute(
                "SELECT key, value FROM settings WHERE key IN ('max_attachment_bytes', 'attachments_folder')"
            ).fetchall()
        except sqlite3.Error:
            rows = []
        values = {r[0]: r[1] for r in rows}
        folder = values.get("attachments_folder") or None
        if folder and not os.path.isabs(folder):  # relative to the GeoPackage (the folder travels with it)
            folder = os.path.join(os.path.dirname(os.path.abspath(self.path)), folder)
        return {"max_bytes": int(values.get("max_attachment_bytes") or DEFAULT_MAX_PHOTO_BYTES), "folder": folder}

    def _put_settings(self, pairs, keep_empty=False):
        def run(conn):
            for key, value in pairs:
                if value == "" and not keep_empty:
                    conn.execute("DELETE FROM settings WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, value),
                    )

        self._tx(run)

    def _insert_photos(self, conn, case_id, case_code, seq, stage, role, photos, settings):
        """Insert checked photos for the step ``seq`` (inside the step's transaction, token open)."""
        if not photos:
            return []
        count = conn.execute(
            "SELECT count(*) FROM case_attachments WHERE case_id = ? AND seq = ?", (case_id, seq)
        ).fetchone()[0]
        if count + len(photos) > MAX_PHOTOS:
            raise WorkflowError("GM016", {"field": "photos", "length": count + len(photos), "max": MAX_PHOTOS})
        ids = []
        now = iso(utcnow())
        for photo in photos:
            path = None
            digest = hashlib.sha256(photo.data).hexdigest()
            if settings["folder"]:
                path, digest = write_photo_file(settings["folder"], photo)
            cur = conn.execute(
                "INSERT INTO case_attachments (case_id, seq, stage, actor, role, at, mime, name, size, sha256, data, "
                "path, thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    int(seq),
                    stage,
                    self.user,
                    role,
                    now,
                    photo.mime,
                    photo.name,
                    len(photo.data),
                    digest,
                    None if path else sqlite3.Binary(photo.data),
                    path,
                    sqlite3.Binary(photo.thumbnail) if photo.thumbnail else None,
                ),
            )
            ids.append(cur.lastrowid)
        return ids

    def add_photos(self, case_code, seq, role, photos):
        check_text("case_code", case_code, 200)
        check_text("role", role, 40)
        if role not in self.my_roles():
            raise WorkflowError("GM003", {"role": role})
        photos, settings = self._checked_photos(photos)
        if not photos:
            return []

        def run(conn):
            case = self._fetch_case(conn, case_code)
            if case is None or (
                role == "department" and self.department is not None and case["department"] != self.department
            ):
                raise WorkflowError("GM004", {"case": case_code})
            event = conn.execute(
                "SELECT actor, role, action FROM case_events WHERE case_id = ? AND seq = ?", (case["id"], int(seq))
            ).fetchone()
            if event is None or event["actor"] != self.user or event["role"] != role:
                raise WorkflowError("GM052", {"case": case_code, "seq": seq, "name": photos[0].name})
            self._token(conn)
            ids = self._insert_photos(conn, case["id"], case_code, seq, event["action"], role, photos, settings)
            self._untoken(conn)
            return ids

        return self._tx(run)

    def attachments(self, case_code):
        check_text("case_code", case_code, 200)
        rows = self._select(
            "SELECT a.id, c.case_code, a.seq, a.stage, a.actor, a.role, a.at, a.mime, a.name, a.size, a.sha256, "
            "a.path, a.thumbnail FROM case_attachments a JOIN cases c ON c.id = a.case_id "
            "WHERE c.case_code = ? ORDER BY a.seq, a.id",
            (case_code,),
        )
        for row in rows:
            row["at"] = as_utc(row["at"])
            row["thumbnail"] = bytes(row["thumbnail"]) if row["thumbnail"] is not None else None
        return [{c: r[c] for c in ATTACHMENT_COLUMNS} for r in rows]

    def attachment_data(self, attachment_id):
        rows = self._select("SELECT name, data, path, sha256 FROM case_attachments WHERE id = ?", (int(attachment_id),))
        if not rows:
            raise StoreError(
                translate("CaseStore", "Photo {id} does not exist or is not visible to you.").format(id=attachment_id)
            )
        row = rows[0]
        if row["data"] is not None:
            return bytes(row["data"])
        return read_photo_file(self.attachment_settings()["folder"], row["path"], row["sha256"], row["name"])

    def case_returns(self, case_code):
        """The accepted returns of a case (oldest first), as :meth:`PostgisStore.case_returns`."""
        rows = self._select(
            "SELECT r.seq, r.department, r.dispatched_at, r.deadline_at, r.requested_at, r.reason, r.accepted_at, "
            "r.accepted_by, r.overdue_seconds FROM case_returns r JOIN cases c ON c.id = r.case_id "
            "WHERE c.case_code = ? ORDER BY r.id",
            (case_code,),
        )
        for row in rows:
            for key in ("dispatched_at", "deadline_at", "requested_at", "accepted_at"):
                row[key] = as_utc(row[key])
        return rows

    def events(self, case_code):
        check_text("case_code", case_code, 200)
        rows = self._select(
            "SELECT " + ", ".join("e." + c for c in EVENT_COLUMNS) + " FROM case_events e "
            "JOIN cases c ON c.id = e.case_id WHERE c.case_code = ? ORDER BY e.seq",
            (case_code,),
        )
        for row in rows:
            row["at"] = as_utc(row["at"])
            row["attachments"] = json.loads(row["attachments"] or "[]")
        return rows

    def _where(self, flt):
        if flt is not None:
            check_text("text", flt.text, 1000)
            for name in ("kind", "class_code", "street_code", "community_code", "grid_code", "department"):
                check_text(name, getattr(flt, name) or None, 200)
            if flt.date_from or flt.date_to:
                flt = local_days(flt, self.time_zone())
        where, params = filter_sql(flt, "?", iso(utcnow()), ilike="LIKE")
        params = [iso(p) if hasattr(p, "year") else p for p in params]
        return where, params

    def list_cases(self, flt=None, after_id=None, limit=200):
        where, params = self._where(flt)
        if after_id is not None:
            where += " AND id < ?"
            params.append(after_id)
        params.append(int(limit))
        rows = self._select(
            "SELECT " + ", ".join(_LIST_COLUMNS) + " FROM cases WHERE " + where + " ORDER BY id DESC LIMIT ?",
            params,
        )
        return [self._case_from_row(r) for r in rows]

    def count_cases(self, flt=None):
        where, params = self._where(flt)
        return self._select("SELECT count(*) AS n FROM cases WHERE " + where, params)[0]["n"]

    def counts_by_state(self, flt=None):
        where, params = self._where(flt)
        rows = self._select("SELECT state, count(*) AS n FROM cases WHERE " + where + " GROUP BY state", params)
        return {r["state"]: r["n"] for r in rows}

    def statistics(self, flt=None, by="department", now=None):
        now, today, tomorrow, week_start, week_end = statistics_bounds(self.time_zone(), now)
        where, params = self._where(flt)
        query = statistics_sql(by, where, "?").format(table="cases")
        bounds = [iso(v) for v in (now, max(now, today), tomorrow, week_start, week_end)]
        rows = self._select(query, bounds + params)
        return [{k: (int(v or 0) if k != "key" else v) for k, v in r.items()} for r in rows]

    def nearest_part(self, x, y, max_distance_m=50.0, class_code=None):
        x, y = float(x), float(y)
        dy = max_distance_m / 111320.0
        dx = dy / max(0.01, math.cos(math.radians(y)))
        query = (
            "SELECT code, class_code, x, y FROM parts WHERE inv_state = 'active' AND x BETWEEN ? AND ? "
            "AND y BETWEEN ? AND ?"
        )
        params = [x - dx, x + dx, y - dy, y + dy]
        if class_code:
            query += " AND class_code = ?"
            params.append(class_code)
        best = None
        for row in self._select(query, params):
            d = haversine_m(x, y, row["x"], row["y"])
            if d <= max_distance_m and (best is None or d < best[2]):
                best = (row["code"], row["class_code"], d)
        return best

    def analysis_rows(self):
        rows = self._select("SELECT " + ", ".join(ANALYSIS_FIELDS) + ", geom FROM cases_analysis ORDER BY case_code")
        for row in rows:
            point = read_gpkg_blob(row.pop("geom"))
            row["x"], row["y"] = point.x, point.y
            for key in row:
                if key in _DATETIME_COLUMNS:
                    row[key] = as_utc(row[key])
        return rows

    # -- part inventory ---------------------------------------------------------------------------
    def has_inventory(self):
        return bool(self._select("SELECT name FROM sqlite_master WHERE name = 'part_history'"))

    def can_write_inventory(self):
        return True  # a file has no database roles: the desk user keeps its inventory

    def hold_part_writes(self, on):
        """While ``on``, the file's triggers refuse every write to ``parts`` that is not the store's own
        (GM011): the part form's watcher holds them for QGIS's own write of a save the store has just refused,
        so that nothing of it reaches the file (the edits stay in QGIS's buffer).  Every store write of the
        inventory releases the hold when it ends."""

        def work(conn):
            store_writes(conn, bool(on))

        self._tx(work)

    def read_inventory(self):
        self.conn.execute("BEGIN")  # one snapshot for the version and the parts
        try:
            version = self.conn.execute("SELECT version FROM inventory_state").fetchone()[0]
            rows = self.conn.execute(
                "SELECT " + ", ".join(INVENTORY_FIELDS) + ", x, y FROM parts ORDER BY code"
            ).fetchall()
        except sqlite3.Error as error:
            raise StoreError(
                translate("CaseStore", "Cannot read the case store {path}: {error}").format(path=self.path, error=error)
            ) from None
        finally:
            self.conn.execute("ROLLBACK")
        return inventory_frame(rows, list(INVENTORY_FIELDS) + ["x", "y"]), STORE_CRS, version

    def apply_inventory_changes(self, report, survey, run, progress=NULL_PROGRESS, before_commit=None):
        stage = staged_changes(report, survey)
        counts = summarise(report)

        def work(conn):
            store_writes(conn, True)
            version = conn.execute("SELECT version FROM inventory_state").fetchone()[0]
            if run.version is not None and version != run.version:
                last = conn.execute("SELECT actor, started_at FROM inventory_runs WHERE id = ?", (version,)).fetchone()
                raise StaleVersionError(
                    "GM010",
                    {
                        "current": version,
                        "expected": run.version,
                        "actor": last[0] if last else "",
                        "at": last[1] if last else "",
                    },
                )
            cur = conn.execute(
                "INSERT INTO inventory_runs (actor, started_at, base_version, source, move_threshold, survey_day, "
                "counts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self.user,
                    iso(utcnow()),
                    version,
                    run.source or "",
                    run.move_threshold,
                    run.today or None,
                    json.dumps(counts),
                ),
            )
            run_id = cur.lastrowid
            conn.execute("UPDATE inventory_state SET version = ?", (run_id,))
            done = 0
            for chunk in chunks(stage, self.inventory_chunk):
                self._apply_inventory_chunk(conn, chunk, run_id, run.today or None)
                done += len(chunk)
                progress.set(done / max(1, len(stage)))
            progress.check()
            if before_commit is not None:
                before_commit(run_id)
            store_writes(conn, False)
            return run_id

        return self._tx(work)

    def _apply_inventory_chunk(self, conn, chunk, run_id, today):
        """Apply one chunk of the change report (inside the run's transaction)."""
        expected = chunk["change"].value_counts().to_dict()
        fields = ["grid_code", "source_row"] + list(TEXT_COLUMNS)
        # every change counts a version of the part (migration 007; a store before it has no versions)
        has_version = any(r[1] == "version" for r in conn.execute("PRAGMA table_info(parts)"))
        bump = ", version = version + 1" if has_version else ""
        part = chunk.loc[chunk["change"] == NEW_PART]
        xs, ys = part["x"].tolist(), part["y"].tolist()
        rows = zip(point_blobs(xs, ys), part["code"].tolist(), xs, ys, *[_column(part, f) for f in fields])
        cur = conn.executemany(
            "INSERT INTO parts (geom, code, x, y, " + ", ".join(fields) + ", inv_state, first_seen, last_seen, "
            "last_run, last_change) VALUES (" + ", ".join("?" * (4 + len(fields))) + ", 'active', ?, ?, ?, 'new')",
            (row + (today, today, run_id) for row in rows),
        )
        written = {NEW_PART: max(cur.rowcount, 0)}
        part = chunk.loc[chunk["change"].isin(REWRITES)]
        xs, ys = part["x"].tolist(), part["y"].tolist()
        rows = zip(point_blobs(xs, ys), xs, ys, *[_column(part, f) for f in fields])
        cur = conn.executemany(
            "UPDATE parts SET geom = ?, x = ?, y = ?, "
            + ", ".join(f + " = ?" for f in fields)
            + ", inv_state = 'active', last_seen = ?, missing_since = NULL, last_run = ?, last_change = ?"
            + bump
            + " WHERE code = ?",
            (
                row + (today, run_id, change, code)
                for row, change, code in zip(rows, part["change"].tolist(), part["code"].tolist())
            ),
        )
        written["rewritten"] = max(cur.rowcount, 0)
        codes = chunk.loc[chunk["change"] == "missing", "code"]
        cur = conn.executemany(
            "UPDATE parts SET inv_state = 'missing', missing_since = ?, last_run = ?, last_change = 'missing'"
            + bump
            + " WHERE code = ?",
            ((today, run_id, code) for code in codes.tolist()),
        )
        written["missing"] = max(cur.rowcount, 0)
        codes = chunk.loc[chunk["change"] == UNCHANGED, "code"]
        cur = conn.executemany(
            "UPDATE parts SET last_seen = ?, last_run = ?, last_change = 'unchanged' WHERE code = ?",
            ((today, run_id, code) for code in codes.tolist()),
        )
        written[UNCHANGED] = max(cur.rowcount, 0)
        self._check_written(expected, written)

    def inventory_history(self, code=None):
        where, params = ("WHERE code = ?", (code,)) if code else ("", ())
        rows = self._select(
            "SELECT fid AS id, run_id, code, change, changed_fields, actor, at, old_values, new_values, old_x, "
            "old_y, x, y FROM part_history " + where + " ORDER BY fid",
            params,
        )
        for row in rows:
            row["at"] = as_utc(row["at"])
            for key in ("old_values", "new_values"):
                row[key] = json.loads(row[key]) if row[key] else None
        return [{c: r[c] for c in HISTORY_COLUMNS} for r in rows]

    # -- part editing (issue 14): the rules of PostGIS migration 010, in one BEGIN IMMEDIATE -------
    # SQLite has one writer at a time, so the counter row read and written inside the transaction is safe;
    # each save is an 'edit run' (inventory_runs.source 'edit'), which the guard and history triggers of
    # migrations 004/007 accept and record like a survey run.
    def part_code_scheme(self):
        rows = dict(
            self.conn.execute(
                "SELECT key, value FROM settings WHERE key IN ('part_code_scheme', 'part_county')"
            ).fetchall()
        )
        return rows.get("part_code_scheme", "survey12"), rows.get("part_county", "")

    def _part_row(self, conn, code):
        row = conn.execute("SELECT " + ", ".join(PART_COLUMNS) + ", x, y FROM parts WHERE code = ?", (code,)).fetchone()
        return dict(row) if row is not None else None

    def get_part(self, code):
        return self._part_row(self.conn, code)

    def _today(self):
        import datetime as dt
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo(self.time_zone())).date().isoformat()

    @staticmethod
    def _date(part, value):
        import datetime as dt

        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            raise WorkflowError("GM008", {"field": "retired_on", "value": str(value)[:40], "part": part}) from None

    def _next_part_code(self, conn, scheme, scope, class_code):
        """The next code of (scope, class): the counter row, past any serial a survey or a load used."""
        _county, _class_len, serial_len = scheme_layout(scheme)
        prefix = scope + class_code
        low, high = prefix + "0" * serial_len, prefix + "9" * serial_len
        used = conn.execute(
            "SELECT max(CAST(substr(code, ?) AS INTEGER)) FROM parts WHERE code BETWEEN ? AND ? AND length(code) = ? "
            "AND code NOT GLOB '*[^0-9]*'",
            (len(prefix) + 1, low, high, len(prefix) + serial_len),
        ).fetchone()[0]
        row = conn.execute(
            "SELECT last_serial FROM part_code_counters WHERE scope = ? AND class_code = ?", (scope, class_code)
        ).fetchone()
        serial = max(row[0] if row else 0, used or 0) + 1
        if serial >= 10**serial_len:
            raise WorkflowError("GM046", {"scope": scope, "class_code": class_code, "max": 10**serial_len - 1})
        conn.execute(
            "INSERT INTO part_code_counters (scope, class_code, last_serial) VALUES (?, ?, ?) "
            "ON CONFLICT (scope, class_code) DO UPDATE SET last_serial = excluded.last_serial",
            (scope, class_code, serial),
        )
        return prefix + str(serial).zfill(serial_len)

    def _edit_run(self, conn, counts):
        version = conn.execute("SELECT version FROM inventory_state").fetchone()[0]
        run_id = conn.execute(
            "INSERT INTO inventory_runs (actor, started_at, base_version, source, counts) VALUES (?, ?, ?, 'edit', ?)",
            (self.user, iso(utcnow()), version, json.dumps(counts)),
        ).lastrowid
        conn.execute("UPDATE inventory_state SET version = ?", (run_id,))
        return run_id

    def _checked_part(self, conn, part, new, old):
        """Check and complete the planner's values ``new`` (a full row) against ``old`` (None: an insert)."""
        scheme, county = self.part_code_scheme()
        _county, class_len, _serial = scheme_layout(scheme)
        if old is None or new["class_code"] != old["class_code"]:
            row = conn.execute(
                "SELECT name, name_zh FROM classes WHERE kind = 'part' AND code = ?", (new["class_code"],)
            ).fetchone()
            if row is None:
                raise WorkflowError("GM042", {"part": part, "reason": "unknown", "value": str(new["class_code"])[:40]})
            if len(new["class_code"]) != class_len:
                raise WorkflowError(
                    "GM042",
                    {
                        "part": part,
                        "reason": "length",
                        "value": new["class_code"],
                        "digits": class_len,
                        "scheme": scheme,
                    },
                )
            major = conn.execute(
                "SELECT name_zh, name_en FROM part_majors WHERE code = ?", (new["class_code"][:2],)
            ).fetchone()
            new.update(
                major=new["class_code"][:2],
                minor=new["class_code"][2:],
                major_zh=major[0] if major else "",
                major_en=major[1] if major else "",
                class_zh=row["name_zh"],
                class_en=row["name"],
            )
        new["status"] = str(new.get("status") or "").strip()
        if old is None and not new["status"]:
            new["status"] = PART_STATUSES[0]
        if (old is None or new["status"] != old["status"]) and new["status"] not in PART_STATUSES:
            raise WorkflowError("GM043", {"part": part, "value": new["status"][:40]})
        if new["status"] == RETIRED:
            given = new.get("retired_on") or (old or {}).get("retired_on")
            new["retired_on"] = self._date(part, given) if given else self._today()
        else:
            new["retired_on"] = None
        new["owner_dept"] = str(new.get("owner_dept") or "").strip()
        if (
            new["owner_dept"]
            and (old is None or new["owner_dept"] != old["owner_dept"])
            and conn.execute("SELECT 1 FROM departments WHERE code = ?", (new["owner_dept"],)).fetchone() is None
        ):
            raise WorkflowError("GM044", {"part": part, "value": new["owner_dept"][:40]})
        for name in ("name", "code_16", "survey_date"):
            new[name] = str(new.get(name) or "")
        if old is None or (new["x"], new["y"]) != (old["x"], old["y"]):
            x, y = new["x"], new["y"]
            if not (math.isfinite(x) and math.isfinite(y) and abs(x) <= 180 and abs(y) <= 90):
                raise WorkflowError("GM045", {"part": part, "x": "", "y": ""})
            place = self._grid_at(conn, x, y)
            if place is None:
                raise WorkflowError("GM045", {"part": part, "x": x, "y": y})
            new["grid_code"], new["community_code"], new["street_code"] = place[0], place[1], place[2] or ""
        return scheme, county

    _EDITED = (
        "class_code",
        "major",
        "minor",
        "major_zh",
        "major_en",
        "class_zh",
        "class_en",
        "code_16",
        "name",
        "status",
        "owner_dept",
        "survey_date",
        "grid_code",
        "community_code",
        "street_code",
        "retired_on",
    )

    def insert_part(self, class_code, x, y, **values):
        self._check_part_values(values)

        def run(conn):
            new = dict(values, class_code=str(class_code or "").strip(), x=float(x), y=float(y))
            scheme, county = self._checked_part(conn, "", new, None)
            county_len, _class_len, _serial = scheme_layout(scheme)
            scope = (county or new["community_code"][:6]) if county_len else ""
            new["code"] = self._next_part_code(conn, scheme, scope, new["class_code"])
            if scheme == "gbt30428":
                new["code_16"] = new["code"]
            store_writes(conn, True)
            run_id = self._edit_run(conn, {"add": 1})
            names = ("code",) + self._EDITED
            conn.execute(
                "INSERT INTO parts (geom, x, y, " + ", ".join(names) + ", inv_state, first_seen, last_run, "
                "last_change, version) VALUES (?, ?, ?, " + ", ".join("?" * len(names)) + ", 'active', ?, ?, 'add', 1)",
                (gpkg_blob(Point(new["x"], new["y"])), new["x"], new["y"])
                + tuple(new[n] for n in names)
                + (self._today(), run_id),
            )
            store_writes(conn, False)
            return new["code"]

        return self.get_part(self._tx(run))

    def update_part(self, code, expected_version, x=None, y=None, **values):
        self._check_part_values(values)
        return self._update_part(code, expected_version, x, y, values)

    def _update_part(self, code, expected_version, x, y, values, restore_from=None):
        def run(conn):
            old = self._part_row(conn, code)
            if old is None:
                raise WorkflowError("GM048", {"part": str(code)[:40]})
            if expected_version is not None and int(expected_version) != old["version"]:
                last = conn.execute(
                    "SELECT actor, at FROM part_history WHERE code = ? ORDER BY fid DESC LIMIT 1", (code,)
                ).fetchone()
                raise StaleVersionError(
                    "GM041",
                    {
                        "part": code,
                        "current": old["version"],
                        "expected": expected_version,
                        "actor": last[0] if last else "",
                        "at": self._local_time(last[1]) if last else "",
                    },
                )
            new = dict(old)
            new.update(values)
            if x is not None and y is not None:
                new["x"], new["y"] = float(x), float(y)
            self._checked_part(conn, code, new, old)
            moved = (new["x"], new["y"]) != (old["x"], old["y"])
            if not moved and all(new[n] == old[n] for n in self._EDITED):
                return  # nothing changed: no new version, no history
            change = (
                "restore"
                if restore_from is not None
                else "retire"
                if new["status"] == RETIRED and old["status"] != RETIRED
                else "edit"
            )
            store_writes(conn, True)
            run_id = self._edit_run(conn, {change: 1})
            if restore_from is not None:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES ('_restore_from', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(restore_from),),
                )
            conn.execute(
                "UPDATE parts SET geom = ?, x = ?, y = ?, "
                + ", ".join(n + " = ?" for n in self._EDITED)
                + ", last_run = ?, last_change = ?, version = ? WHERE code = ?",
                (gpkg_blob(Point(new["x"], new["y"])), new["x"], new["y"])
                + tuple(new[n] for n in self._EDITED)
                + (run_id, change, old["version"] + 1, code),
            )
            if restore_from is not None:
                conn.execute("DELETE FROM settings WHERE key = '_restore_from'")
            store_writes(conn, False)

        self._tx(run)
        return self.get_part(code)

    def restore_part(self, code, history_id, expected_version=None):
        rows = self._select(
            "SELECT new_values, x, y FROM part_history WHERE fid = ? AND code = ?", (int(history_id), code)
        )
        if self.get_part(code) is None:
            raise WorkflowError("GM048", {"part": str(code)[:40]})
        if not rows:
            raise WorkflowError("GM047", {"part": code, "row": history_id})
        recorded = json.loads(rows[0]["new_values"])
        values = {n: recorded.get(n) for n in self.PART_EDIT_FIELDS if n in recorded}
        values = {n: ("" if v is None and n != "retired_on" else v) for n, v in values.items()}
        return self._update_part(
            code, expected_version, rows[0]["x"], rows[0]["y"], values, restore_from=int(history_id)
        )["version"]

    def part_history(self, code):
        rows = self._select(
            "SELECT fid AS id, run_id, code, change, changed_fields, actor, at, old_values, new_values, old_x, "
            "old_y, x, y, version, restored_from FROM part_history WHERE code = ? ORDER BY fid",
            (code,),
        )
        for row in rows:
            row["at"] = as_utc(row["at"])
            for key in ("old_values", "new_values"):
                row[key] = json.loads(row[key]) if row[key] else None
        return [{c: r[c] for c in PART_HISTORY_COLUMNS} for r in rows]

    def inventory_runs(self):
        rows = self._select("SELECT " + ", ".join(RUN_COLUMNS) + " FROM inventory_runs ORDER BY id")
        for row in rows:
            row["started_at"] = as_utc(row["started_at"])
            row["counts"] = json.loads(row["counts"] or "{}")
        return rows

    def poll_changes(self, timeout=0.0):
        """Case codes with audit rows added since the last call (by this or another desk process)."""
        if self._last_event is None:
            self._last_event = self._select("SELECT coalesce(max(id), 0) AS m FROM case_events")[0]["m"]
            return []
        rows = self._select(
            "SELECT e.id, c.case_code FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.id > ? ORDER BY e.id",
            (self._last_event,),
        )
        codes = []
        for row in rows:
            self._last_event = row["id"]
            if row["case_code"] not in codes:
                codes.append(row["case_code"])
        return codes


def _column(frame, name):
    """Values of a staged column for sqlite (an empty grid code is stored as NULL, as in PostGIS)."""
    values = frame[name].tolist()
    return [v or None for v in values] if name == "grid_code" else values


def _multi(geom):
    if geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    return geom


def _login():
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desk"


def _split_sql(script):
    """Split a migration script into complete statements (sqlite3 knows trigger bodies and quotes)."""
    statements, buffer = [], ""
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _blob_bound(index):
    def bound(blob):
        if blob is None:
            return None
        try:
            geom = read_gpkg_blob(blob)
        except Exception:
            return None
        return None if geom is None or geom.is_empty else float(geom.bounds[index])

    return bound


def _install_functions(conn):
    """GDAL's SQL functions the part triggers use (migration 007), for the store's own connection."""
    for index, name in enumerate(("ST_MinX", "ST_MinY", "ST_MaxX", "ST_MaxY")):
        conn.create_function(name, 1, _blob_bound(index), deterministic=True)


def _has_column(conn, table, column):
    return any(r[1] == column for r in conn.execute("PRAGMA table_info(%s)" % table))


def store_writes(conn, on):
    """Mark the parts written in this transaction as the store's own (migration 007; before it, nothing)."""
    if _has_column(conn, "inventory_state", "store_tx"):
        conn.execute("UPDATE inventory_state SET store_tx = ?", (1 if on else 0,))


def sync_grid_edges(conn):
    """The ring edges of every grid that has none yet (the part triggers find a point's grid with them)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'grid_edges'").fetchone():
        return
    rows = conn.execute(
        "SELECT fid, geom FROM grids WHERE fid NOT IN (SELECT DISTINCT grid_fid FROM grid_edges)"
    ).fetchall()
    for fid, blob in rows:
        geom = read_gpkg_blob(blob)
        polygons = getattr(geom, "geoms", [geom])
        edges = []
        for polygon in polygons:
            for ring in [polygon.exterior, *polygon.interiors]:
                coords = list(ring.coords)
                for a, b in zip(coords, coords[1:]):
                    x1, y1, x2, y2 = a[0], a[1], b[0], b[1]
                    edges.append((fid, x1, y1, x2, y2, min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)))
        conn.executemany("INSERT INTO grid_edges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", edges)


def _finite(value):
    """A finite float or None."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None
