"""Batch dispatch of 300 cases from the dock 案件处理, end to end, on PostGIS and on a GeoPackage (issue 15).

For each backend: a store with the sample reference data and N registered cases (reported, verified and
registered through the store's own workflow), the dock opened offscreen on it, every registered case selected
in the list (the list pages loaded as a user scrolls), then the timed part — exactly what the button does:
``CaseDock.run_batch("dispatch")``: one transaction per case with the version the list shows
(``CaseStore.apply_batch``), the list rows, the counts and the statistics strip refreshed, and the result
dialog built with one row per case.  A second round dispatches the same cases again with the versions the list
had before, so every case is refused (stale version): the refusal path costs about the same.

Usage:  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/cases/batch_300.py [--cases 300] [--backend both]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REPO, load_modules


def registered_cases(store, n):
    from gridmanager.grid_manager.store.sample import extent

    x0, y0, x1, y1 = extent()
    cases = []
    for i in range(n):
        x = x0 + (x1 - x0) * ((i * 37) % 100 + 0.5) / 100.0
        y = y0 + (y1 - y0) * ((i * 61) % 100 + 0.5) / 100.0
        case = store.report_case("event", "0102", "public", x, y, description="batch bench %d" % i)
        case = store.apply(case["case_code"], "verify", "inspector", case["version"])
        cases.append(store.apply(case["case_code"], "register", "supervision", case["version"]))
    return cases


def run_dock(store, key, n):
    from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel

    from gridmanager.grid_manager.gui.case_dock import CaseDock
    from gridmanager.grid_manager.store import CaseFilter

    dock = CaseDock(None)
    dock.store = store
    dock.store_key = key
    dock._fill_choices()
    dock._set_enabled(True)
    dock.role.setCurrentIndex(dock.role.findData("command"))
    dock.f_state.setCurrentIndex(dock.f_state.findData("registered"))
    while dock.model.canFetchMore():
        dock.model.fetchMore()
    block = QItemSelection()
    block.select(dock.model.index(0, 0), dock.model.index(dock.model.rowCount() - 1, dock.model.columnCount() - 1))
    dock.table.selectionModel().select(
        block, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    selected = dock.selected_cases()
    assert len(selected) == n, (len(selected), n)
    before = [dict(c) for c in selected]
    start = time.perf_counter()
    results = dock.run_batch("dispatch", {"department": "sz", "note": "bench"})
    seconds = time.perf_counter() - start
    applied = sum(1 for r in results if r["applied"])
    assert applied == n and dock.batch_dialog.table.rowCount() == n
    assert store.count_cases(CaseFilter(states=("dispatched",), department="sz")) >= n
    # the same cases again with the versions seen before: all refused (stale), each with its sentence
    start = time.perf_counter()
    refused = dock.run_batch("dispatch", {"department": "yl", "note": "bench"}, cases=before)
    stale_seconds = time.perf_counter() - start
    assert not any(r["applied"] for r in refused) and all(r["code"] == "GM002" for r in refused)
    dock.unload()
    return {"end_to_end_s": round(seconds, 2), "all_refused_stale_s": round(stale_seconds, 2), "applied": applied}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--backend", choices=("both", "postgis", "gpkg"), default="both")
    parser.add_argument("--json", default=str(REPO / "bench" / "out" / "cases_batch.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    postgis_cluster = load_modules()
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import seed_reference

    results = {"cases": args.cases}
    if args.backend in ("both", "gpkg"):
        with tempfile.TemporaryDirectory() as folder:
            store = GpkgStore(os.path.join(folder, "batch.gpkg"), user="bench")
            store.migrate()
            seed_reference(store)
            registered_cases(store, args.cases)
            results["gpkg"] = run_dock(store, "gpkg:" + store.path, args.cases)
            print("gpkg", results["gpkg"], flush=True)
    if args.backend in ("both", "postgis"):
        with postgis_cluster.LocalCluster() as cluster:
            admin = PostgisStore(cluster.create_database("batch"))
            admin.migrate()
            seed_reference(admin)
            registered_cases(admin, args.cases)
            admin.create_user("bench_cmd", "command")
            store = PostgisStore(cluster.dsn("batch", user="bench_cmd"))
            results["postgis"] = run_dock(store, "pg:bench", args.cases)
            print("postgis (login of the command centre)", results["postgis"], flush=True)
            admin.close()
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
