"""Issue 11 adds migrations (PostGIS 008, GeoPackage 005): a store created before them upgrades in place,
keeps every case and audit row, and follows the new rules afterwards."""

import importlib.util
from pathlib import Path

import pytest

from gridmanager.grid_manager.store import WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import CaseStore
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

BEFORE = {"postgis": 7, "gpkg": 4}


def point(i):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def old_store(monkeypatch, store):
    """Migrate ``store`` only up to the schema before issue 11 and use it as the code of that time did
    (the old functions / plain SQL: today's code expects today's schema)."""
    files = CaseStore.migration_files
    with monkeypatch.context() as patch:
        patch.setattr(
            CaseStore,
            "migration_files",
            staticmethod(lambda backend: [f for f in files(backend) if f[0] <= BEFORE[backend]]),
        )
        assert store.migrate() == BEFORE[store.backend]
        patch.setattr(store, "set_time_limit", lambda *args: old_time_limit(store, *args))
        seed_reference(store)
        return [old_case(store, i) for i in range(3)]


def old_time_limit(store, kind, class_code, urgency, hours):
    values = (kind, class_code, urgency, hours)
    if store.backend == "gpkg":
        store.conn.execute("INSERT INTO time_limits (kind, class_code, urgency, hours) VALUES (?, ?, ?, ?)", values)
    else:
        store._run(
            lambda cur: cur.execute(
                "INSERT INTO gm.time_limits (kind, class_code, urgency, hours) VALUES (%s, %s, %s, %s)", values
            )
        )


OLD_STEPS = (("verify", "inspector", None), ("register", "supervision", None), ("dispatch", "command", "sz"))


def old_case(store, i):
    """A case reported and dispatched to sz; the first one returned by the department on its own (the
    old workflow)."""
    x, y = point(i)
    steps = OLD_STEPS + ((("return", "department", None),) if i == 0 else ())
    if store.backend == "postgis":

        def run(cur):
            cur.execute(
                "SELECT case_code, version FROM gm.report_case('event', '0102', 'public', %s, %s, 'before')", (x, y)
            )
            code, version = cur.fetchone()["case_code"], 1
            for action, role, department in steps:
                cur.execute(
                    "SELECT version FROM gm.apply_transition(%s, %s, %s, %s, 'old', %s)",
                    (code, action, role, version, department),
                )
                version = cur.fetchone()["version"]
            return code

        return store._run(run)
    conn = store.conn
    code = "20250101%06d" % (i + 1)
    grid = store.grid_at(x, y)
    at = "2025-01-01T00:00:00.000Z"
    state = "registered" if i == 0 else "dispatched"
    dispatched = None if i == 0 else at
    deadline = None if i == 0 else "2025-01-02T00:00:00.000Z"
    department = None if i == 0 else "sz"
    from shapely.geometry import Point

    from gridmanager.grid_manager.store.gpkg import gpkg_blob

    cur = conn.execute(
        "INSERT INTO cases (geom, case_code, kind, class_code, source, description, x, y, grid_code, community_code, "
        "street_code, state, department, deadline_at, reported_at, verified_at, registered_at, dispatched_at, "
        "returned_count, reporter, version, updated_at) VALUES (?, ?, 'event', '0102', 'public', 'before', ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, 'desk', ?, ?)",
        (
            gpkg_blob(Point(x, y)),
            code,
            x,
            y,
            *grid,
            state,
            department,
            deadline,
            at,
            at,
            at,
            dispatched,
            1 if i == 0 else 0,
            len(steps) + 1,
            at,
        ),
    )
    rows = [("report", "new", "reported", "inspector")] + [
        (a, f, t, r)
        for (a, r, _d), (f, t) in zip(
            steps,
            (
                ("reported", "verified"),
                ("verified", "registered"),
                ("registered", "dispatched"),
                ("dispatched", "registered"),
            ),
        )
    ]
    for seq, (action, from_state, to_state, role) in enumerate(rows, start=1):
        conn.execute(
            "INSERT INTO case_events (case_id, seq, actor, role, action, from_state, to_state, at, note) "
            "VALUES (?, ?, 'desk', ?, ?, ?, ?, ?, 'old')",
            (cur.lastrowid, seq, role, action, from_state, to_state, at),
        )
    return code


@pytest.mark.parametrize("backend", ["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)])
def test_a_store_from_before_issue_11_upgrades_in_place(backend, tmp_path, monkeypatch):
    cluster = None
    if backend == "gpkg":
        store = GpkgStore(tmp_path / "old.gpkg", user="desk")
    else:
        cluster = postgis_cluster.LocalCluster().__enter__()
        store = PostgisStore(cluster.create_database("old"))
    try:
        codes = old_store(monkeypatch, store)
        if backend == "postgis":
            store.create_user("old_multi", "command")
            store._run(lambda cur: cur.execute("GRANT gm_inspector TO old_multi"))  # the old 'only adds'
        events = {code: store.events(code) for code in codes}
        query = (
            "SELECT * FROM cases WHERE case_code = ?"
            if backend == "gpkg"
            else ("SELECT * FROM gm.cases WHERE case_code = %s")
        )
        rows = {code: store._select(query, (code,))[0] for code in codes}
        version = store.migrate()
        assert version == max(v for v, _n, _p in store.migration_files(backend))
        cases = [store.get_case(code) for code in codes]
        for code, case in zip(codes, cases):
            after = store._select(query, (code,))[0]
            assert {k: after[k] for k in rows[code]} == rows[code]  # every old column as it was
            assert store.events(code) == events[code]
            assert case["return_pending"] is False and case["overdue_seconds"] == 0
            assert case["version"] == len(events[code]) and case["description"] == "before"
        assert cases[0]["state"] == "registered" and cases[1]["state"] == "dispatched"
        assert [e["action"] for e in events[codes[0]]][-1] == "return"  # old rows stay readable
        # the new rules apply at once
        with pytest.raises(WorkflowError, match="not allowed"):
            store.apply(cases[1]["case_code"], "return", "department", cases[1]["version"], note="x")
        case = store.apply(cases[1]["case_code"], "request_return", "department", cases[1]["version"], note="x")
        case = store.apply(case["case_code"], "accept_return", "command", case["version"])
        assert case["state"] == "registered" and len(store.case_returns(case["case_code"])) == 1
        assert store.time_zone() == "Asia/Shanghai"
        with pytest.raises(WorkflowError, match="no grid"):
            store.report_case("event", "0102", "public", 0.0, 0.0)
        if backend == "postgis":
            multi = PostgisStore(cluster.dsn("old", user="old_multi"))
            assert multi.my_roles() == ["command"]
            multi.close()
            member = store._select("SELECT pg_catalog.pg_has_role('old_multi', 'gm_inspector', 'MEMBER') AS m")
            assert member[0]["m"] is False
        assert store.migrate() == version
    finally:
        store.close()
        if cluster is not None:
            cluster.__exit__(None, None, None)
