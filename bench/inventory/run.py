"""Part inventory in the case store: time to compare and apply a city-sized survey.

    .venv/bin/python -P bench/inventory/run.py [--parts 168339] [--backends postgis gpkg]

A deterministic survey of N parts (lon/lat CGCS2000, the class mix of bench/import) is applied to a
fresh store twice: the first survey (every part new), then next year's survey (2 % moved, 3 %
attributes changed, 1 % moved and changed, 1 % missing, 1 % new).  PostGIS runs in a throwaway cluster
started here (fsync off, as in the tests); the user is a superuser, so the role checks are the
database's own (one function call).  Each step is timed as a whole: read the inventory, compare
(core), apply (one transaction, history written by the triggers).
"""

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
OUT = REPO / "bench" / "out" / "inventory"
MIX = {"0101": 0.15, "0102": 0.15, "0103": 0.15, "0118": 0.15, "0203": 0.02, "0301": 0.01, "0305": 0.12, "0402": 0.25}


def survey(n, rng):
    from gridmanager.grid_manager.parts.survey_import import PART_FIELDS

    classes = rng.choice(list(MIX), size=n, p=np.array(list(MIX.values())) / sum(MIX.values()))
    frame = pd.DataFrame({name: [""] * n for name in PART_FIELDS})
    frame["class_code"] = classes
    frame["code"] = [c + "%08d" % i for i, c in enumerate(classes)]
    frame["name"] = "部件"
    frame["status"] = "完好"
    frame["owner_dept"] = "区市政市容委"
    frame["grid_code"] = ["110101001001%03d" % (i % 400) for i in range(n)]
    frame["source_file"] = "survey_2024.csv"
    frame["source_row"] = np.arange(2, n + 2)
    frame["x"] = 116.38 + rng.uniform(0, 0.06, n)
    frame["y"] = 39.88 + rng.uniform(0, 0.06, n)
    return frame


def next_year(first, rng):
    s = first.copy()
    n = len(s)
    pick = rng.permutation(n)
    moved, changed, both, gone = np.split(pick[: int(0.07 * n)], [int(0.02 * n), int(0.05 * n), int(0.06 * n)])
    s.loc[moved, "y"] += 20 / 111320.0
    s.loc[changed, "status"] = "破损"
    s.loc[both, "y"] -= 30 / 111320.0
    s.loc[both, "owner_dept"] = "区园林绿化局"
    new = s.iloc[: int(0.01 * n)].copy()
    new["code"] = [c[:4] + "9%07d" % i for i, c in enumerate(new["code"])]
    s = pd.concat([s.drop(index=gone), new], ignore_index=True)
    s["source_file"] = "survey_2025.csv"
    return s


def run(store, first, second):
    from gridmanager.grid_manager.parts import inventory as inv

    rows = {}
    for label, frame, day in (
        ("first survey (all new)", first, "2024-05-01"),
        ("next year's survey", second, "2025-05-01"),
    ):
        t0 = time.perf_counter()
        inventory, crs, version = store.read_inventory()
        t1 = time.perf_counter()
        store.check_inventory_survey(frame, "bench")
        report = inv.compare(inventory, frame, crs)
        t2 = time.perf_counter()
        run_id = store.apply_inventory_changes(report, frame, inv.InventoryRun("bench", 5.0, day, version))
        t3 = time.perf_counter()
        rows[label] = {
            "read": t1 - t0,
            "compare": t2 - t1,
            "apply": t3 - t2,
            "total": t3 - t0,
            "counts": inv.summarise(report),
            "run": run_id,
            "history_rows": sum(1 for h in store.inventory_history() if h["run_id"] == run_id),
        }
        print(
            "  {}: read {:.1f} s, compare {:.1f} s, apply {:.1f} s, total {:.1f} s; {}".format(
                label,
                rows[label]["read"],
                rows[label]["compare"],
                rows[label]["apply"],
                rows[label]["total"],
                rows[label]["counts"],
            ),
            flush=True,
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", type=int, default=168339)
    parser.add_argument("--backends", nargs="+", default=["postgis", "gpkg"])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(PLUGINS))
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import seed_reference

    rng = np.random.default_rng(20240501)
    first = survey(args.parts, rng)
    second = next_year(first, rng)
    results = {}
    for backend in args.backends:
        print("{} ({} parts)".format(backend, args.parts), flush=True)
        if backend == "gpkg":
            with tempfile.TemporaryDirectory() as tmp:
                store = GpkgStore(Path(tmp) / "bench.gpkg", user="bench")
                store.migrate()
                seed_reference(store, parts_per_grid=0)
                results[backend] = run(store, first, second)
                store.close()
        else:
            spec = importlib.util.spec_from_file_location("gm_postgis_cluster", REPO / "tests" / "postgis_cluster.py")
            cluster_module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(cluster_module)
            with cluster_module.LocalCluster() as cluster:
                store = PostgisStore(cluster.create_database("bench"))
                store.migrate()
                seed_reference(store, parts_per_grid=0)
                results[backend] = run(store, first, second)
                store.close()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
