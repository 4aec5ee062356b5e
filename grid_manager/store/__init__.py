"""The case store: one interface (:mod:`.base`), a shared PostGIS backend (:mod:`.postgis`) and an
embedded single-desk GeoPackage backend (:mod:`.gpkg`), both built from versioned SQL migrations.

All SQL of the plugin lives in this package.  Nothing here imports qgis: the GUI resolves a QGIS
connection to a DSN and hands it to :func:`open_store`.
"""

from .base import (  # noqa: F401
    ACTIONS,
    CASE_STATES,
    ROLES,
    SOURCES,
    CaseFilter,
    CaseStore,
    StoreError,
    WorkflowError,
)


def open_store(target, **kwargs):
    """Open a store: a ``.gpkg`` path opens (creating if needed) the embedded store; anything else is
    taken as a PostgreSQL DSN / connection string."""
    target = str(target)
    if target.lower().endswith(".gpkg"):
        from .gpkg import GpkgStore

        return GpkgStore(target, **kwargs)
    from .postgis import PostgisStore

    return PostgisStore(target, **kwargs)
