"""``make casedb``: a local PostgreSQL/PostGIS case store with sample cases for the demo.

Starts (or reuses) a cluster in build/casedb on port 55432, creates the database ``gridmanager``
with the store, the sample data and one login per workflow role (trust authentication on
127.0.0.1, no passwords), and saves QGIS PostgreSQL connections ``Grid Manager demo (<role>)`` in
the isolated profile (build/qgis), so the dock 案件处理 lists them.  ``make casedb-stop`` stops it.
"""

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
BASE = REPO / "build" / "casedb"
PORT = 55432
USERS = (
    ("demo_inspector", "inspector", None),
    ("demo_supervision", "supervision", None),
    ("demo_command", "command", None),
    ("demo_department", "department", "sz"),
    ("demo_viewer", "viewer", None),
    ("demo_planner", "planner", None),
)


def load_cluster():
    spec = importlib.util.spec_from_file_location("gm_postgis_cluster", REPO / "tests" / "postgis_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stop", action="store_true")
    parser.add_argument("--cases", type=int, default=500)
    args = parser.parse_args(argv)
    postgis_cluster = load_cluster()
    cluster = postgis_cluster.LocalCluster(base=str(BASE), port=PORT)
    cluster.data = str(BASE / "data")
    if args.stop:
        cluster.stop()
        print("stopped")
        return 0
    PLUGINS.mkdir(parents=True, exist_ok=True)
    if not (PLUGINS / "gridmanager").exists():
        (PLUGINS / "gridmanager").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS))
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import seed_cases, seed_reference

    if not (BASE / "data" / "PG_VERSION").exists():
        cluster.start()
    else:
        try:
            cluster._as_pg([os.path.join(postgis_cluster.PG_BIN, "pg_ctl"), "-D", cluster.data, "status"])
        except subprocess.CalledProcessError:
            cluster._as_pg(
                [
                    os.path.join(postgis_cluster.PG_BIN, "pg_ctl"),
                    "-D",
                    cluster.data,
                    "-l",
                    str(BASE / "log.txt"),
                    "-o",
                    "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={}".format(PORT, BASE / "sock"),
                    "-w",
                    "start",
                ]
            )
    import psycopg2

    conn = psycopg2.connect(cluster.dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = 'gridmanager'")
        fresh = cur.fetchone() is None
        if fresh:
            cur.execute("CREATE DATABASE gridmanager")
    conn.close()
    store = PostgisStore(cluster.dsn("gridmanager"))
    store.migrate()
    if fresh:
        seed_reference(store)
        seed_cases(store, args.cases)
        for login, role, department in USERS:
            store.create_user(login, role, department)
    print("case store: {} ({} cases)".format(cluster.dsn("gridmanager"), store.count_cases()))
    store.close()
    save_connections()
    return 0


def save_connections():
    """QGIS connections in the isolated profile (user names only: trust authentication)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", str(REPO / "build" / "qgis"))
    from qgis.core import QgsApplication, QgsProviderRegistry

    app = QgsApplication([], False)
    app.initQgis()
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    for login, role, _department in USERS:
        uri = "host=127.0.0.1 port={} dbname='gridmanager' user='{}'".format(PORT, login)
        connection = metadata.createConnection(uri, {"saveUsername": True, "savePassword": False})
        metadata.saveConnection(connection, "Grid Manager demo ({})".format(role))
        print("QGIS connection 'Grid Manager demo ({})' -> user {}".format(role, login))
    app.exitQgis()


if __name__ == "__main__":
    sys.exit(main())
