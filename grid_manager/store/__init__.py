"""The case store: one interface (:mod:`.base`), a shared PostGIS backend (:mod:`.postgis`) and an
embedded single-desk GeoPackage backend (:mod:`.gpkg`), both built from versioned SQL migrations.

All SQL of the plugin lives in this package.  Nothing here imports qgis: the GUI resolves a QGIS
connection to a DSN and hands it to :func:`open_store`.
"""

from .interface import (  # noqa: F401
    ACTIONS,
    CASE_STATES,
    ROLES,
    SOURCES,
    STORE_ROLES,
    CaseFilter,
    CaseStore,
    StoreError,
    WorkflowError,
)


def is_case_store_file(path):
    """Whether ``path`` is a GeoPackage holding a case store (created by the case dock or the store
    administration), as opposed to a plain GeoPackage layer."""
    import os
    import sqlite3
    from pathlib import Path

    if not path or not os.path.isfile(path):
        return False
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gm_schema_migrations'"
        return conn.execute(query).fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def open_store(target, **kwargs):
    """Open a store: a ``.gpkg`` path opens (creating if needed) the embedded store; anything else is
    taken as a PostgreSQL DSN / connection string."""
    target = str(target)
    if target.lower().endswith(".gpkg"):
        from .gpkg import GpkgStore

        return GpkgStore(target, **kwargs)
    from .postgis import PostgisStore

    return PostgisStore(target, **kwargs)
