"""What a GeoPackage on disk holds, read without changing anything in its folder (the input
validation asks before any output is written: a case store or a part inventory is never an output)."""

import os
import sqlite3
from pathlib import Path


def _read_only(path):
    """A read-only SQLite connection that leaves no -wal/-shm files behind when there are none
    (immutable when no write-ahead log exists), or None."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    if not os.path.exists(path + "-wal"):
        uri += "&immutable=1"
    try:
        return sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None


def persistent_store(path):
    """``"case store"`` for a GeoPackage holding a case store, ``"inventory"`` for one holding a part
    inventory layer (a table with an ``inv_state`` column), else None (also for any other file)."""
    if not path or not os.path.isfile(path):
        return None
    conn = _read_only(path)
    if conn is None:
        return None
    try:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gm_schema_migrations'")
        if found.fetchone():
            return "case store"
        tables = [r[0] for r in conn.execute("SELECT table_name FROM gpkg_contents")]
        for table in tables:
            columns = {r[1] for r in conn.execute('PRAGMA table_info("{}")'.format(table.replace('"', '""')))}
            if "inv_state" in columns:
                return "inventory"
        return None
    except sqlite3.Error:  # not an SQLite file, or not a GeoPackage
        return None
    finally:
        conn.close()
