"""A throwaway PostgreSQL 15 + PostGIS cluster for the tests, the benchmark and the demo store.

Imported by path (``importlib``) from the store test modules and ``bench/cases/run.py``; it is not a
conftest plugin.  The server refuses to run as root, so as root ``initdb``/``pg_ctl`` run as the
``postgres`` user (``runuser -u postgres --``) in a temporary directory on a free port.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time

PG_BIN = os.environ.get("GM_PG_BIN", "/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalCluster:
    """``with LocalCluster() as c: c.dsn("dbname")``.  Trust authentication on 127.0.0.1 only."""

    def __init__(self, base=None, port=None, settings=None):
        self.base = base
        self.port = port or free_port()
        self.settings = dict(settings or {})
        self.superuser = "postgres"
        self.data = None
        self._owns_base = False

    # -- life cycle -------------------------------------------------------------------------------
    def _as_pg(self, args, **kwargs):
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--"] + args
        return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)

    def start(self):
        if not os.path.exists(os.path.join(PG_BIN, "initdb")):
            raise RuntimeError("PostgreSQL 15 is not installed (%s); run `make setup`" % PG_BIN)
        if self.base is None:
            self.base = tempfile.mkdtemp(prefix="gm-pg-")
            self._owns_base = True
        os.makedirs(self.base, exist_ok=True)
        self.data = os.path.join(self.base, "data")
        self.sockets = os.path.join(self.base, "sock")
        os.makedirs(self.sockets, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
            os.chmod(self.base, 0o755)
        self._as_pg(
            [
                os.path.join(PG_BIN, "initdb"),
                "-D",
                self.data,
                "-U",
                self.superuser,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-N",
            ]
        )
        options = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": self.sockets,
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "120",
            "shared_buffers": "128MB",
        }
        options.update(self.settings)
        opts = " ".join("-c {}={}".format(k, v) for k, v in options.items())
        self._as_pg(
            [
                os.path.join(PG_BIN, "pg_ctl"),
                "-D",
                self.data,
                "-l",
                os.path.join(self.base, "log.txt"),
                "-o",
                "-p {} {}".format(self.port, opts),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        return self

    def stop(self):
        if self.data and os.path.exists(self.data):
            try:
                self._as_pg([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"])
            except subprocess.CalledProcessError:
                pass
        if self._owns_base and self.base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- helpers ----------------------------------------------------------------------------------
    def dsn(self, dbname="postgres", user=None):
        return "host=127.0.0.1 port={} dbname={} user={}".format(self.port, dbname, user or self.superuser)

    def create_database(self, name):
        import psycopg2

        conn = psycopg2.connect(self.dsn())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE "{}"'.format(name))
        conn.close()
        return self.dsn(name)

    def drop_database(self, name):
        import psycopg2

        conn = psycopg2.connect(self.dsn())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            for _ in range(50):
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,))
                if cur.fetchone()[0] == 0:
                    break
                time.sleep(0.1)
            cur.execute('DROP DATABASE IF EXISTS "{}"'.format(name))
        conn.close()
