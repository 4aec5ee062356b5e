"""Deadline computation for 100,000 open cases in the database (issue 15).

Starts a throwaway PostGIS cluster, loads the 2025 and 2026 holiday calendars, time limits for every
stage in working hours / working days, and N open cases spread over the five open states (reported,
verified, registered, dispatched, handled; stage starts between September and December 2026, across the
National Day week), then times

* ``gm.case_deadlines()``: the current stage, its start, its deadline and whether it is overdue for every
  open case (what the dock, the analyses and evaluate read), counted as the dock's overdue count;
* ``gm.add_working_times``: N raw deadlines (start + amount in working hours / working days) in one call;
* ``gm.add_working_time``: one deadline (what a dispatch or a rework adds to a transition);
* the check: every deadline equals grid_manager/cases/working_time.py (the GeoPackage store's arithmetic).

Usage:  .venv/bin/python bench/cases/deadlines_100k.py [--cases 100000]
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


def timed(label, func, results, repeat=5):
    values, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        values.append(1000 * (time.perf_counter() - start))
    results[label] = round(statistics.median(values), 1)
    results[label.replace("(ms)", "best (ms)")] = round(min(values), 1)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--json", default=str(REPO / "bench" / "out" / "cases_deadlines.json"))
    args = parser.parse_args(argv)
    postgis_cluster = load_modules()
    from gridmanager.grid_manager.cases.working_time import (
        CALENDARS,
        WorkingTime,
        read_calendar_csv,
        read_time_limits_csv,
    )
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import extent, seed_reference

    results = {"cases": args.cases}
    days = read_calendar_csv(os.path.join(CALENDARS, "cn_2025.csv")) + read_calendar_csv(
        os.path.join(CALENDARS, "cn_2026.csv")
    )
    with postgis_cluster.LocalCluster() as cluster:
        store = PostgisStore(cluster.create_database("deadlines"))
        store.migrate()
        seed_reference(store)
        store.load_calendar(days)
        store.set_time_limits(read_time_limits_csv(os.path.join(CALENDARS, "time_limits_example.csv")))
        x0, y0, x1, y1 = extent()
        start = time.perf_counter()

        def bulk(cur):
            # open cases straight into the table (the store's owner; the workflow is not what is measured)
            cur.execute(
                """
                WITH g AS (
                    SELECT i, (ARRAY['reported','verified','registered','dispatched','handled'])[1 + mod(i, 5)] AS state,
                           TIMESTAMPTZ '2026-09-01 00:00+08' + random() * INTERVAL '91 days' AS t,
                           (ARRAY['0102','0201','0302','0401','0505'])[1 + mod(i / 5, 5)] AS class_code
                    FROM generate_series(1, %s) AS i)
                INSERT INTO gm.cases (case_code, kind, class_code, source, description, geom, urgency, state,
                    department, reported_at, verified_at, registered_at, dispatched_at, handled_at, checked,
                    checked_at, deadline_at, reporter, version, updated_at)
                SELECT 'B' || lpad(i::text, 9, '0'), 'event', class_code, 'inspector', 'bench',
                       ST_SetSRID(ST_MakePoint(%s + random() * %s, %s + random() * %s), 4490), (mod(i, 7) = 0)::int,
                       state, CASE WHEN state IN ('dispatched', 'handled') THEN 'sz' END,
                       t - INTERVAL '4 hours', t - INTERVAL '3 hours', t - INTERVAL '2 hours',
                       CASE WHEN state IN ('dispatched', 'handled') THEN t - INTERVAL '1 hour' END,
                       CASE WHEN state = 'handled' THEN t END,
                       state = 'handled' AND mod(i, 2) = 0, CASE WHEN state = 'handled' AND mod(i, 2) = 0 THEN t END,
                       CASE WHEN state IN ('dispatched', 'handled') THEN t + INTERVAL '24 hours' END,
                       'bench', 1, t
                FROM g
                """,
                (args.cases, x0, x1 - x0, y0, y1 - y0),
            )
            # the handling deadline of every dispatched case, from its dispatch and its class limit
            cur.execute(
                """
                WITH d AS (
                    SELECT array_agg(c.id ORDER BY c.id) AS ids,
                           gm.add_working_times(array_agg(c.dispatched_at ORDER BY c.id),
                                                array_agg(l.amount ORDER BY c.id), array_agg(l.unit ORDER BY c.id)) AS due
                    FROM gm.cases c JOIN gm.time_limits l ON l.kind = c.kind AND l.class_code = c.class_code
                        AND l.urgency = c.urgency AND l.stage = 'handling'
                    WHERE c.dispatched_at IS NOT NULL)
                UPDATE gm.cases c SET deadline_at = u.due FROM d, unnest(d.ids, d.due) AS u(id, due) WHERE c.id = u.id
                """
            )
            cur.execute("ANALYZE gm.cases")

        store._run(bulk)
        results["load_seconds"] = round(time.perf_counter() - start, 1)
        results["open_cases"] = store._select(
            "SELECT count(*) AS n FROM gm.cases WHERE state IN ('reported','verified','registered','dispatched','handled')"
        )[0]["n"]
        as_of = "2026-10-15 10:00+08"

        def overdue_count():
            return store._select(
                "SELECT count(*) AS open, count(*) FILTER (WHERE overdue) AS overdue, count(due_at) AS with_deadline "
                "FROM gm.case_deadlines(%s)",
                (as_of,),
            )[0]

        counts = timed("gm.case_deadlines(): stage deadline + overdue of every open case (ms)", overdue_count, results)
        results.update(
            {"counted_open": counts["open"], "overdue": counts["overdue"], "with_deadline": counts["with_deadline"]}
        )

        def raw():
            return store._select(
                "SELECT cardinality(gm.add_working_times(array_agg(reported_at), array_agg(1.5 + mod(id, 40)::numeric), "
                "array_agg(CASE WHEN mod(id, 2) = 0 THEN 'working_hours' ELSE 'working_days' END))) AS n FROM gm.cases"
            )[0]["n"]

        timed("gm.add_working_times: N raw deadlines in one call (ms)", raw, results)

        def one():
            return store._select("SELECT gm.add_working_time(now(), 4, 'working_hours') AS d")[0]["d"]

        timed("gm.add_working_time: one deadline, as at a dispatch (ms)", one, results, repeat=20)

        # every stage deadline equals the Python arithmetic of the GeoPackage store
        working = WorkingTime({d: w for d, w, _ in days}, store.working_hours(), store.time_zone())
        limits = {(r["kind"], r["class_code"], r["urgency"], r["stage"]): r for r in store.time_limits()}
        rows = store._select(
            "SELECT d.stage, d.started_at, d.due_at, c.kind, c.class_code, c.urgency, c.dispatched_at "
            "FROM gm.case_deadlines() d JOIN gm.cases c ON c.id = d.case_id"
        )
        mismatches = 0
        for r in rows:
            stage = "handling" if r["stage"] == "handling" else r["stage"]
            limit = limits[(r["kind"], r["class_code"], r["urgency"], stage)]
            start_at = r["dispatched_at"] if stage == "handling" else r["started_at"]
            if working.add(start_at, limit["amount"], limit["unit"]) != r["due_at"]:
                mismatches += 1
        results["mismatches_with_python"] = mismatches
        store.close()
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2, ensure_ascii=False)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
