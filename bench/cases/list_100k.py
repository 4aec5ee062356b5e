"""Responsiveness of the dock 案件处理 with 100,000+ cases (PostGIS).

Starts a throwaway cluster, reports N cases through the store's own function ``gm.report_case``
(server-side, one statement) and moves most of them along the workflow with
``gm.apply_transition``, then opens the dock offscreen on the store and times what a user does:
connect (first page + counts), scroll (fetchMore), change each filter, select a case (detail +
history), and the live-refresh path after another user's change.

Usage:  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/cases/list_100k.py [--cases 100000]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REPO, load_modules


def timed(label, func, results, repeat=3):
    values = []
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        values.append(1000 * (time.perf_counter() - start))
    results[label] = round(statistics.median(values), 1)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--json", default=str(REPO / "bench" / "out" / "cases_list.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    postgis_cluster = load_modules()
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from gridmanager.grid_manager.gui.case_dock import CaseDock
    from gridmanager.grid_manager.store import CaseFilter
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import extent, seed_reference

    results = {"cases": args.cases}
    with postgis_cluster.LocalCluster() as cluster:
        store = PostgisStore(cluster.create_database("list100k"))
        store.migrate()
        seed_reference(store)
        x0, y0, x1, y1 = extent()
        start = time.perf_counter()

        def bulk(cur):
            cur.execute(
                "SELECT count(gm.report_case('event', "
                "(ARRAY['0102','0201','0302','0401','0505'])[1 + mod(i, 5)], "
                "(ARRAY['inspector','public','hotline','video'])[1 + mod(i, 4)], %s + random() * %s, "
                "%s + random() * %s, 'bulk case ' || i, (mod(i, 7) = 0)::int, NULL, 'supervision')) "
                "FROM generate_series(1, %s) AS i",
                (x0, x1 - x0, y0, y1 - y0, args.cases),
            )
            steps = (
                ("verify", "inspector", 1, 0.85, ""),
                ("register", "supervision", 2, 0.9, ""),
                ("dispatch", "command", 3, 0.9, "sz"),
                ("report_back", "department", 4, 0.8, ""),
                ("check", "inspector", 5, 0.9, ""),
                ("close", "supervision", 6, 0.95, ""),
            )
            for action, role, version, share, department in steps:
                cur.execute(
                    "SELECT count(gm.apply_transition(case_code, %s, %s, %s, '', nullif(%s, ''))) "
                    "FROM gm.cases WHERE version = %s AND random() < %s",
                    (action, role, version, department, version, share),
                )
            cur.execute("ANALYZE gm.cases; ANALYZE gm.case_events")

        store._run(bulk)
        results["load_seconds"] = round(time.perf_counter() - start, 1)
        results["audit_rows"] = store._select("SELECT count(*) AS n FROM gm.case_events")[0]["n"]
        dock = CaseDock(None)
        dock.store = store
        dock.store_key = "pg:bench"
        dock._fill_choices()
        dock._set_enabled(True)
        timed("open: first page + counts per state (ms)", dock.apply_filters, results)
        results["rows_after_open"] = dock.model.rowCount()

        def scroll():
            dock.model.fetchMore()

        timed("scroll: fetch next page of 200 (ms)", scroll, results, repeat=5)

        def clear():
            for combo in (dock.f_state, dock.f_department, dock.f_street):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            dock.f_overdue.blockSignals(True)
            dock.f_overdue.setChecked(False)
            dock.f_overdue.blockSignals(False)
            dock.apply_filters()

        def choose(combo, value):
            return lambda: combo.setCurrentIndex(combo.findData(value))

        for label, setter in (
            ("filter state = dispatched (ms)", choose(dock.f_state, "dispatched")),
            ("filter overdue (ms)", lambda: dock.f_overdue.setChecked(True)),
            ("filter department (ms)", choose(dock.f_department, "sz")),
            ("filter street (ms)", choose(dock.f_street, "110101002")),
        ):
            values = []
            for _ in range(3):
                clear()
                start = time.perf_counter()
                setter()
                values.append(1000 * (time.perf_counter() - start))
            results[label] = round(statistics.median(values), 1)
        clear()

        def text_filter():
            dock.f_text.setText("bulk case 4242")
            dock.apply_filters()

        timed("free-text filter (ms)", text_filter, results)
        dock.f_text.setText("")
        dock.apply_filters()
        code = dock.model.rows[10]["case_code"]
        timed("select a case: detail + history + actions (ms)", lambda: dock.select_case(code), results)
        case = store.get_case(code)

        def live():
            dock._changed = [code]
            dock._apply_changes()

        timed("live refresh of one changed case (ms)", live, results)
        results["counts"] = store.counts_by_state(CaseFilter())
        dock.store = None
        store.close()
        del case
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
