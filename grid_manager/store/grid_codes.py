"""The grid code registry of a GeoPackage grid layer, and the record of saves the surveyor forced.

Small tables created on first use in the GeoPackage that holds the grids:

- ``gm_grid_codes``: every code ever issued or seen, per community, ``active`` or ``retired``.  A new code
  takes the next serial after the highest one the community *ever* had, so a retired code (merged away,
  or issued by a split that was undone) is never issued again.
- ``gm_grid_commit_overrides``: who saved which problems anyway, when, and why.
- ``gm_grid_commit_gate`` and one trigger per write kind on the grid table: while the gate of a table is
  closed, every INSERT, UPDATE and DELETE on it is aborted with a message, so a save refused by the
  workbench's checks is refused by the file itself (QGIS keeps the edits in its buffer).  The gate is
  closed only for the duration of one save attempt and opened again right after.
"""

import getpass
import hashlib
import json
import sqlite3
from datetime import datetime, timezone

from ..common.i18n import translate
from ..grids.codes import MAX_SERIAL
from ..grids.revise import area_code_of, make_code, serial_of
from .interface import StoreError

GATE_MESSAGE = "Grid Manager: saving refused by the grid checks; see the Grid editing dock"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS gm_grid_codes (
        code TEXT PRIMARY KEY,
        community_code TEXT NOT NULL,
        serial INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'retired')),
        issued_at TEXT NOT NULL,
        retired_at TEXT,
        note TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS gm_grid_codes_community ON gm_grid_codes (community_code, serial)",
    """CREATE TABLE IF NOT EXISTS gm_grid_commit_overrides (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_name TEXT NOT NULL,
        layer TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        problems TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS gm_grid_commit_gate (
        table_name TEXT PRIMARY KEY,
        closed INTEGER NOT NULL DEFAULT 0
    )""",
)


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class GridCodeRegistry:
    """Registry in the GeoPackage at `path` (``":memory:"`` for a throwaway one)."""

    def __init__(self, path, user=None):
        self.path = str(path)
        self.user = user or getpass.getuser()
        try:
            self.conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            with self._tx():
                for statement in _SCHEMA:
                    self.conn.execute(statement)
        except sqlite3.Error as error:
            raise StoreError(
                translate("GridCodeRegistry", "{path}: cannot open the grid code registry: {error}").format(
                    path=self.path, error=error
                )
            ) from None

    def close(self):
        self.conn.close()

    def _tx(self):
        registry = self

        class _Tx:
            def __enter__(self):
                registry.conn.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, value, tb):
                registry.conn.execute("COMMIT" if kind is None else "ROLLBACK")
                return False

        return _Tx()

    # -- codes ------------------------------------------------------------------------------------
    def register(self, codes):
        """Record codes found in the layer (first use, or codes typed by hand) as active."""
        now = _now()
        with self._tx():
            for code in codes:
                code = "" if code is None else str(code).strip()
                if not code:
                    continue
                self.conn.execute(
                    "INSERT OR IGNORE INTO gm_grid_codes (code, community_code, serial, state, issued_at) "
                    "VALUES (?, ?, ?, 'active', ?)",
                    (code, area_code_of(code, None), serial_of(code), now),
                )

    def issue(self, community_code, in_use=()):
        """A new code for `community_code`: the serial after the highest the community ever had (in the
        registry or among `in_use`, the codes now in the layer)."""
        community_code = str(community_code).strip()
        with self._tx():
            row = self.conn.execute(
                "SELECT max(serial) FROM gm_grid_codes WHERE community_code = ?", (community_code,)
            ).fetchone()
            top = max([row[0] or 0] + [serial_of(c) for c in in_use if area_code_of(c, None) == community_code])
            serial = top + 1
            if serial > MAX_SERIAL:
                # (no comma after the last argument of translate(): pylupdate5 would not extract the message)
                message = translate("GridCodeRegistry", "Community {community} has used all {n} grid serials; "
                                    "no new grid code can be issued.")  # fmt: skip
                raise StoreError(message.format(community=community_code, n=MAX_SERIAL))
            code = make_code(community_code, serial)
            self.conn.execute(
                "INSERT INTO gm_grid_codes (code, community_code, serial, state, issued_at) "
                "VALUES (?, ?, ?, 'active', ?)",
                (code, community_code, serial, _now()),
            )
        return code

    def sync(self, present, note=""):
        """After a save: codes in the layer are active (registered if new), active codes no longer in the
        layer are retired.  Returns the codes retired now."""
        present = {str(c).strip() for c in present if c is not None and str(c).strip()}
        self.register(present)
        now = _now()
        with self._tx():
            active = [r[0] for r in self.conn.execute("SELECT code FROM gm_grid_codes WHERE state = 'active'")]
            gone = sorted(set(active) - present)
            for code in gone:
                self.conn.execute(
                    "UPDATE gm_grid_codes SET state = 'retired', retired_at = ?, note = ? WHERE code = ?",
                    (now, note, code),
                )
            for code in present:
                self.conn.execute(
                    "UPDATE gm_grid_codes SET state = 'active', retired_at = NULL WHERE code = ? AND state = 'retired'",
                    (code,),
                )
        return gone

    def codes(self, state=None):
        """{code: state} (optionally of one state)."""
        if state:
            rows = self.conn.execute("SELECT code, state FROM gm_grid_codes WHERE state = ?", (state,))
        else:
            rows = self.conn.execute("SELECT code, state FROM gm_grid_codes")
        return dict(rows.fetchall())

    # -- forced saves -------------------------------------------------------------------------------
    def record_override(self, layer, reason, problems):
        """Record that `layer` was saved with `problems` (a list of dicts) because of `reason`."""
        reason = (reason or "").strip()
        if not reason:
            raise StoreError(translate("GridCodeRegistry", "Saving despite the checks needs a reason."))
        with self._tx():
            self.conn.execute(
                "INSERT INTO gm_grid_commit_overrides (at, user_name, layer, reason, problems) VALUES (?, ?, ?, ?, ?)",
                (_now(), self.user, str(layer), reason, json.dumps(problems, ensure_ascii=False)),
            )

    def overrides(self):
        rows = self.conn.execute(
            "SELECT at, user_name, layer, reason, problems FROM gm_grid_commit_overrides ORDER BY id"
        ).fetchall()
        return [dict(zip(("at", "user", "layer", "reason", "problems"), r[:4] + (json.loads(r[4]),))) for r in rows]

    def feature_tables(self):
        """The feature tables of the GeoPackage (gpkg_contents), for a layer source that names none."""
        try:
            rows = self.conn.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")
            return [r[0] for r in rows.fetchall()]
        except sqlite3.Error:
            return []

    # -- the commit gate ----------------------------------------------------------------------------
    def install_gate(self, table):
        """Triggers that abort writes to `table` while its gate is closed (idempotent).  Any table name works
        (quoted as an identifier in the trigger, as a literal in its condition)."""
        if not table or "\x00" in table:
            raise StoreError(
                translate("GridCodeRegistry", "Table name '{name}' cannot carry the save checks.").format(name=table)
            )
        ident = '"' + table.replace('"', '""') + '"'
        literal = "'" + table.replace("'", "''") + "'"
        tag = hashlib.sha1(table.encode("utf-8")).hexdigest()[:12]
        try:
            with self._tx():
                self.conn.execute(
                    "INSERT OR IGNORE INTO gm_grid_commit_gate (table_name, closed) VALUES (?, 0)", (table,)
                )
                self.conn.execute("UPDATE gm_grid_commit_gate SET closed = 0 WHERE table_name = ?", (table,))
                for when in ("INSERT", "UPDATE", "DELETE"):
                    self.conn.execute(
                        f'CREATE TRIGGER IF NOT EXISTS "gm_gate_{tag}_{when.lower()}" BEFORE {when} ON {ident} '
                        f"WHEN (SELECT closed FROM gm_grid_commit_gate WHERE table_name = {literal}) = 1 "
                        f"BEGIN SELECT RAISE(ABORT, '{GATE_MESSAGE}'); END"
                    )
        except sqlite3.Error as error:
            raise StoreError(
                translate(
                    "GridCodeRegistry", "{path}: the save checks cannot be set on table '{name}': {error}"
                ).format(path=self.path, name=table, error=error)
            ) from None

    def set_gate(self, table, closed):
        with self._tx():
            self.conn.execute(
                "UPDATE gm_grid_commit_gate SET closed = ? WHERE table_name = ?", (1 if closed else 0, table)
            )

    def gate_closed(self, table):
        row = self.conn.execute("SELECT closed FROM gm_grid_commit_gate WHERE table_name = ?", (table,)).fetchone()
        return bool(row and row[0])
