"""Part editing by planners (issue 14): insert throughput with the database making the code and the grid,
and the time to open one part's history among 1,000,000 history rows.

    .venv/bin/python -P bench/inventory/editing.py [--desks 4] [--parts 500] [--batch 1] [--history 1000000]

PostGIS runs in a throwaway cluster started here (fsync off, as in the tests) with the sample reference data
(24 grids).  Each desk is a planner login on its own connection inserting ``--parts`` parts like the QGIS
provider does (INSERT .. RETURNING code; the trigger makes the code from the counter row of its scope and
class, finds the grid, community and street, fills the class names and writes the history row);
``--batch`` parts per transaction (1: every part committed on its own, the worst case for the counter lock).
Then ``--history`` history rows are added (10 per part over 100,000 codes) and one part's history is read
through ``PostgisStore.part_history`` on a new connection.
"""

import argparse
import importlib.util
import re
import sys
import threading
import time
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
CLASSES = ("0101", "0102", "0103", "0118", "0305", "0402")


def cluster_module():
    spec = importlib.util.spec_from_file_location("gm_postgis_cluster", REPO / "tests" / "postgis_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desk(dsn, n, batch, origin, cell, out, barrier, errors):
    try:
        _desk(dsn, n, batch, origin, cell, out, barrier)
    except Exception as error:  # reported by the main thread
        errors.append(error)
        raise


def _desk(dsn, n, batch, origin, cell, out, barrier):
    conn = psycopg2.connect(dsn)
    codes = []
    barrier.wait()
    with conn.cursor() as cur:
        for i in range(n):
            x = origin[0] + ((i * 7919) % 1000 + 0.5) / 1000 * 12 * cell
            y = origin[1] + ((i * 104729) % 1000 + 0.5) / 1000 * 2 * cell
            cur.execute(
                "INSERT INTO gm.parts (class_code, name, geom) VALUES (%s, %s, ST_SetSRID(ST_MakePoint(%s, %s), 4490)) "
                "RETURNING code, grid_code",
                (CLASSES[i % len(CLASSES)], "bench", x, y),
            )
            codes.append(cur.fetchone())
            if (i + 1) % batch == 0:
                conn.commit()
        conn.commit()
    conn.close()
    out.append(codes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--parts", type=int, default=500, help="parts per desk")
    parser.add_argument("--batch", type=int, default=1, help="parts per transaction")
    parser.add_argument("--history", type=int, default=1_000_000)
    args = parser.parse_args()
    sys.path.insert(0, str(PLUGINS))
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import CELL, ORIGIN, seed_reference

    with cluster_module().LocalCluster() as cluster:
        dsn = cluster.create_database("bench_editing")
        admin = PostgisStore(dsn)
        admin.migrate()
        seed_reference(admin)
        admin.set_part_code_scheme("gbt30428")
        logins = ["bench_planner_%d" % i for i in range(args.desks)]
        for login in logins:
            admin.create_user(login, "planner")
        out, errors, barrier = [], [], threading.Barrier(args.desks + 1)
        threads = [
            threading.Thread(
                target=desk,
                args=(
                    cluster.dsn("bench_editing", user=login),
                    args.parts,
                    args.batch,
                    ORIGIN,
                    CELL,
                    out,
                    barrier,
                    errors,
                ),
            )
            for login in logins
        ]
        for t in threads:
            t.start()
        barrier.wait()
        start = time.perf_counter()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
        assert not errors, errors
        rows = [r for codes in out for r in codes]
        codes = [c for c, _g in rows]
        total = args.desks * args.parts
        assert len(rows) == total and len(set(codes)) == total, "missing or duplicate codes"
        assert all(re.match(r"^110101\d{4}\d{6}$", c) and g for c, g in rows), "malformed code or no grid"
        print(
            "insert: {} desks x {} parts, {} per transaction: {:.2f} s, {:.0f} parts/s (codes unique and "
            "well-formed, every part in a grid)".format(args.desks, args.parts, args.batch, seconds, total / seconds)
        )

        # -- history: one part among --history rows ------------------------------------------------
        target = codes[0]
        start = time.perf_counter()
        with admin.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO gm.part_history (run_id, code, change, changed_fields, actor, at, old_values, new_values, "
                "old_geom, geom, version) "
                "SELECT NULL, '110101' || '0101' || lpad((i %% 100000)::text, 6, '0') || 'h', 'edit', 'name', "
                '\'bench\', now() - make_interval(secs => i), \'{"name": "a"}\', \'{"name": "b"}\', '
                "ST_SetSRID(ST_MakePoint(116.4, 39.9), 4490), ST_SetSRID(ST_MakePoint(116.4, 39.9), 4490), i / 100000 + 2 "
                "FROM generate_series(1, %s) AS i",
                (args.history,),
            )
            cur.execute("ANALYZE gm.part_history")
            cur.execute("SELECT count(*) FROM gm.part_history")
            history_rows = cur.fetchone()[0]
        admin.conn.commit()
        load = time.perf_counter() - start
        reader = PostgisStore(cluster.dsn("bench_editing", user=logins[0]))
        times = []
        for code in (target, codes[-1], "11010101010" + "00042h"):
            start = time.perf_counter()
            history = reader.part_history(code)
            times.append((code, len(history), time.perf_counter() - start))
        with reader.conn.cursor() as cur:
            cur.execute("EXPLAIN SELECT * FROM gm.part_history WHERE code = %s ORDER BY id", (target,))
            plan = " / ".join(r[0].strip() for r in cur.fetchall())
        reader.close()
        print("history: {:,} rows (loaded in {:.1f} s)".format(history_rows, load))
        for code, n, seconds in times:
            print("  part_history({}): {} rows in {:.3f} s".format(code, n, seconds))
        print("  plan:", plan)
        admin.close()


if __name__ == "__main__":
    main()
