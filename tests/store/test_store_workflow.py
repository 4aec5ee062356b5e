"""The case store workflow, run against BOTH backends (GeoPackage and a throwaway PostGIS cluster)."""

import datetime as dt
import importlib.util
import sqlite3
import time
from pathlib import Path

import psycopg2
import pytest

from gridmanager.grid_manager.store import CaseFilter, StoreError, WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import ANALYSIS_FIELDS, CASE_STATES, CaseStore, StaleVersionError, utcnow
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

INJECTIONS = (
    "'); DROP TABLE gm.cases; --",
    "' OR '1'='1",
    "x'; DELETE FROM cases; --",
    '"; DROP TABLE case_events; --',
    "%_\\' UNION SELECT * FROM pg_roles --",
    "Robert'); UPDATE cases SET state='closed' WHERE ('1'='1",
)


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module", params=["gpkg", "postgis"])
def store(request, tmp_path_factory):
    if request.param == "gpkg":
        path = tmp_path_factory.mktemp("gpkg") / "cases.gpkg"
        st = GpkgStore(path, user="desk")
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
    else:
        cluster = request.getfixturevalue("cluster")
        dsn = cluster.create_database("workflow")
        st = PostgisStore(dsn)
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
        cluster.drop_database("workflow")


def centre(grid_index=0):
    code, community, wkt = grid_squares()[grid_index]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return code, community, (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def new_case(store, kind="event", class_code="0102", grid_index=0, **kw):
    _code, _community, x, y = centre(grid_index)
    return store.report_case(kind, class_code, "public", x, y, description="test", **kw)


def run(store, case, *steps):
    for step in steps:
        action, role = step[:2]
        extra = step[2] if len(step) > 2 else {}
        case = store.apply(case["case_code"], action, role, case["version"], **extra)
    return case


def registered(store, **kw):
    return run(store, new_case(store, **kw), ("verify", "inspector"), ("register", "supervision"))


def test_migrations_are_versioned_and_idempotent(store):
    version = store.schema_version()
    assert version >= 3
    assert store.migrate() == version
    names = [n for _v, n, _p in store.migration_files(store.backend)]
    assert names == sorted(names) and names[0].startswith("001_")


def test_report_fills_grid_community_and_street(store):
    grid, community, x, y = centre(5)
    case = store.report_case("event", "0505", "hotline", x, y, description="机动车乱停放", urgency=1)
    assert (case["grid_code"], case["community_code"]) == (grid, community)
    assert case["street_code"] == community[:9]
    assert case["state"] == "reported" and case["version"] == 1
    assert abs(case["x"] - x) < 1e-9 and abs(case["y"] - y) < 1e-9
    assert len(case["case_code"]) == 14 and case["case_code"].isdigit()
    events = store.events(case["case_code"])
    assert [(e["action"], e["from_state"], e["to_state"], e["seq"]) for e in events] == [
        ("report", "new", "reported", 1)
    ]
    assert store.grid_at(x, y) == (grid, community, community[:9])
    assert store.grid_at(0.0, 0.0) is None


def test_full_workflow_with_extension_and_rework(store):
    case = registered(store, urgency=0)
    assert case["registered_at"] is not None
    case = run(store, case, ("dispatch", "command", {"department": "sz", "note": "派遣市政"}))
    assert case["state"] == "dispatched" and case["department"] == "sz"
    assert case["deadline_at"] - case["dispatched_at"] == dt.timedelta(hours=24)  # event, normal: 24 h
    first_deadline = case["deadline_at"]
    case = run(
        store,
        case,
        ("handle", "department", {"note": "处置中"}),
        ("request_extension", "department", {"hours": 12}),
    )
    assert case["extension_pending"] and case["state"] == "dispatched"
    case = run(store, case, ("approve_extension", "command"))
    assert case["deadline_at"] - first_deadline == dt.timedelta(hours=12)
    assert case["extension_count"] == 1 and not case["extension_pending"]
    case = run(store, case, ("report_back", "department"), ("check", "inspector"), ("rework", "supervision"))
    assert case["state"] == "dispatched" and case["rework_count"] == 1 and not case["checked"]
    assert case["handled_at"] is None
    case = run(
        store,
        case,
        ("report_back", "department"),
        ("check", "inspector"),
        ("close", "supervision", {"note": "核查通过", "attachments": ["photos/after.jpg"]}),
    )
    assert case["state"] == "closed" and case["closed_at"] is not None and case["handled_at"] is not None
    events = store.events(case["case_code"])
    assert len(events) == case["version"] == 13
    assert [e["seq"] for e in events] == list(range(1, 14))
    for before, after in zip(events, events[1:]):
        assert after["from_state"] == before["to_state"]
    assert events[-1]["attachments"] == ["photos/after.jpg"] and events[-1]["note"] == "核查通过"
    assert events[3]["note"] == "派遣市政"


def test_urgent_part_deadline_and_return(store):
    near = store.nearest_part(*centre(2)[2:], max_distance_m=500.0)
    assert near is not None and near[2] <= 500.0
    case = registered(store, kind="part", class_code=near[1], grid_index=2, urgency=1, part_code=near[0])
    assert case["part_code"] == near[0]
    case = run(store, case, ("dispatch", "command", {"department": "yl"}))
    assert case["deadline_at"] - case["dispatched_at"] == dt.timedelta(hours=8)  # part, urgent: 8 h
    with pytest.raises(WorkflowError, match="not allowed"):
        store.apply(case["case_code"], "return", "department", case["version"], note="非本单位职责")
    case = run(store, case, ("request_return", "department", {"note": "非本单位职责"}))
    assert case["state"] == "dispatched" and case["return_pending"] and case["department"] == "yl"
    case = run(store, case, ("accept_return", "command"))
    assert case["state"] == "registered" and case["department"] is None and case["deadline_at"] is None
    assert case["returned_count"] == 1 and not case["return_pending"]
    returns = store.case_returns(case["case_code"])
    assert [(r["department"], r["reason"]) for r in returns] == [("yl", "非本单位职责")]
    case = run(store, case, ("dispatch", "command", {"department": "gs"}))
    assert case["department"] == "gs" and case["state"] == "dispatched"


ILLEGAL = (
    # (steps to reach the state, action, role)
    ((), "register", "supervision"),  # reported: must be verified first
    ((), "dispatch", "command"),
    ((), "verify", "department"),
    ((("verify", "inspector"),), "register", "inspector"),
    ((("verify", "inspector"),), "close", "supervision"),
    ((("verify", "inspector"), ("register", "supervision")), "report_back", "department"),
    ((("verify", "inspector"), ("register", "supervision")), "dispatch", "supervision"),
    ((("decline", "supervision"),), "verify", "inspector"),
    ((("cancel", "supervision"),), "register", "supervision"),
    (
        (("verify", "inspector"), ("register", "supervision"), ("dispatch", "command", {"department": "cg"})),
        "close",
        "supervision",
    ),
    (
        (("verify", "inspector"), ("register", "supervision"), ("dispatch", "command", {"department": "cg"})),
        "viewer_action",
        "viewer",
    ),
)


@pytest.mark.parametrize("steps,action,role", ILLEGAL)
def test_illegal_transitions_are_refused_and_write_nothing(store, steps, action, role):
    case = run(store, new_case(store), *steps)
    before = len(store.events(case["case_code"]))
    with pytest.raises(WorkflowError) as info:
        store.apply(case["case_code"], action, role, case["version"], department="cg")
    assert info.value.code == "GM001"
    message = str(info.value)
    assert case["case_code"] in message and action in message and role in message and case["state"] in message
    assert store.get_case(case["case_code"]) == case
    assert len(store.events(case["case_code"])) == before


def test_stale_version_is_refused(store):
    case = new_case(store)
    run(store, case, ("verify", "inspector"))
    with pytest.raises(StaleVersionError) as info:
        store.apply(case["case_code"], "decline", "supervision", case["version"])
    assert info.value.code == "GM002"
    assert "version 2" in str(info.value) and "version 1" in str(info.value)
    assert store.get_case(case["case_code"])["state"] == "verified"
    assert len(store.events(case["case_code"])) == 2


def test_guards(store):
    case = run(store, registered(store), ("dispatch", "command", {"department": "jt"}))
    with pytest.raises(WorkflowError, match="no extension request is pending"):
        store.apply(case["case_code"], "approve_extension", "command", case["version"])
    with pytest.raises(WorkflowError, match="positive number of hours"):
        store.apply(case["case_code"], "request_extension", "department", case["version"], hours=0)
    case = run(store, case, ("request_extension", "department", {"hours": 4}))
    with pytest.raises(WorkflowError, match="already pending"):
        store.apply(case["case_code"], "request_extension", "department", case["version"], hours=4)
    case = run(store, case, ("refuse_extension", "command"), ("report_back", "department"))
    assert case["extension_count"] == 0
    with pytest.raises(WorkflowError, match="on-site check"):
        store.apply(case["case_code"], "close", "supervision", case["version"])
    case = run(store, case, ("check", "inspector"))
    with pytest.raises(WorkflowError, match="already passed"):
        store.apply(case["case_code"], "check", "inspector", case["version"])


def test_dispatch_needs_department_and_time_limit(store):
    case = registered(store)
    with pytest.raises(WorkflowError, match="choose the department"):
        store.apply(case["case_code"], "dispatch", "command", case["version"])
    with pytest.raises(WorkflowError, match="department 'nowhere' does not exist"):
        store.apply(case["case_code"], "dispatch", "command", case["version"], department="nowhere")
    store.add_class("event", "2101", "Extended event without a time limit")
    case2 = registered(store, class_code="2101")
    with pytest.raises(WorkflowError, match="No time limit is set for event class 2101 with urgency 0"):
        store.apply(case2["case_code"], "dispatch", "command", case2["version"], department="sz")
    assert store.get_case(case["case_code"])["state"] == "registered"
    assert store.get_case(case2["case_code"])["state"] == "registered"


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"kind": "event", "class_code": "9999", "source": "public"}, "class_code"),
        ({"kind": "part", "class_code": "0505", "source": "public"}, "class_code"),
        ({"kind": "event", "class_code": "0102", "source": "email"}, "source"),
        ({"kind": "incident", "class_code": "0102", "source": "public"}, "kind"),
        ({"kind": "event", "class_code": "0102", "source": "public", "urgency": 5}, "urgency"),
        (
            {"kind": "part", "class_code": "0101", "source": "public", "part_code": "000000000000"},
            "part_code",
        ),
        ({"kind": "event", "class_code": "0102", "source": "public", "x": 500.0}, "geom"),
    ],
)
def test_bad_report_input_names_the_field_and_writes_nothing(store, kwargs, field):
    before = store.count_cases()
    _g, _c, x, y = centre(0)
    args = dict(kwargs)
    x = args.pop("x", x)
    with pytest.raises(WorkflowError) as info:
        store.report_case(args.pop("kind"), args.pop("class_code"), args.pop("source"), x, y, **args)
    assert "field " + field in str(info.value)
    assert store.count_cases() == before


def test_unknown_case_and_role(store):
    with pytest.raises(WorkflowError, match="does not exist or is not visible"):
        store.apply("20990101999999", "verify", "inspector", 1)
    with pytest.raises(WorkflowError, match="not allowed to act as 'mayor'"):
        store.apply("20990101999999", "verify", "mayor", 1)


@pytest.mark.parametrize("text", INJECTIONS)
def test_sql_injection_strings_are_stored_verbatim(store, text):
    store.add_department(text, text)
    store.add_class("event", "2102", text, text)
    store.set_time_limit("event", "2102", 0, 1)
    case = store.report_case("event", "2102", "public", *centre(1)[2:], description=text, note=text)
    assert case["description"] == text
    case = run(
        store,
        case,
        ("verify", "inspector", {"note": text, "attachments": [text]}),
        ("register", "supervision"),
        ("dispatch", "command", {"department": text, "note": text}),
    )
    assert case["department"] == text
    events = store.events(case["case_code"])
    assert all(e["note"] == text for e in events[:2]) and events[1]["attachments"] == [text]
    # text used as a key / filter value never matches by accident and never breaks the query
    for bad_key in (text, case["case_code"] + text):
        assert store.get_case(bad_key) is None
        with pytest.raises(WorkflowError):
            store.apply(bad_key, "verify", "inspector", 1)
    found = store.list_cases(CaseFilter(text=text))
    assert case["case_code"] in [c["case_code"] for c in found]
    assert store.list_cases(CaseFilter(grid_code=text, text=text)) == []
    assert store.count_cases(CaseFilter(department=text)) >= 1
    with pytest.raises(WorkflowError):
        store.report_case("event", text, "public", *centre(1)[2:])
    with pytest.raises(WorkflowError):
        store.report_case("part", "0101", "public", *centre(1)[2:], part_code=text)
    # the tables are intact
    assert store.count_cases() > 0 and len(store.transitions()) == 24
    assert all(c["state"] in CASE_STATES for c in store.list_cases(limit=1000))


def test_filters_counts_and_paging(store):
    store.add_class("event", "2103", "Extended event with a tiny limit")
    store.set_time_limit("event", "2103", 0, 1e-9)
    late = run(
        store,
        registered(store, class_code="2103", grid_index=7),
        ("dispatch", "command", {"department": "cg"}),
    )
    while utcnow() <= late["deadline_at"] + dt.timedelta(milliseconds=2):
        time.sleep(0.002)  # the deadline (3.6 µs after dispatch) has certainly passed
    overdue = store.list_cases(CaseFilter(overdue=True))
    assert late["case_code"] in [c["case_code"] for c in overdue]
    assert all(c["state"] == "dispatched" for c in overdue)
    grid = centre(7)[0]
    in_grid = store.list_cases(CaseFilter(grid_code=grid))
    assert late["case_code"] in [c["case_code"] for c in in_grid] and all(c["grid_code"] == grid for c in in_grid)
    counts = store.counts_by_state()
    assert sum(counts.values()) == store.count_cases()
    assert set(counts) <= set(CASE_STATES)
    assert store.count_cases(CaseFilter(states=("dispatched",))) == counts["dispatched"]
    assert store.count_cases(CaseFilter(street_code="110101002")) == sum(
        1 for c in store.list_cases(limit=100000) if c["street_code"] == "110101002"
    )
    tomorrow = utcnow() + dt.timedelta(days=1)
    assert store.count_cases(CaseFilter(date_from=tomorrow)) == 0
    assert store.count_cases(CaseFilter(date_to=tomorrow)) == store.count_cases()
    # keyset paging returns every case once, newest first
    seen, after = [], None
    while True:
        page = store.list_cases(after_id=after, limit=7)
        if not page:
            break
        seen.extend(c["id"] for c in page)
        after = page[-1]["id"]
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == store.count_cases()
    # free text is literal: LIKE wildcards in the text do not match everything
    assert store.count_cases(CaseFilter(text="%")) < store.count_cases() or store.count_cases() == 0
    assert store.count_cases(CaseFilter(text="处置中不存在的描述")) == 0


def test_allowed_actions_follow_state_role_and_guards(store):
    case = registered(store)
    assert store.allowed_actions(case, ["command"]) == [("cancel", "command"), ("dispatch", "command")]
    assert store.allowed_actions(case, ["viewer"]) == []
    case = run(store, case, ("dispatch", "command", {"department": "sz"}))
    actions = {a for a, _r in store.allowed_actions(case, ["department", "command"])}
    assert actions == {"handle", "report_back", "request_return", "request_extension", "cancel"}
    case = run(store, case, ("request_extension", "department", {"hours": 2}))
    actions = {a for a, _r in store.allowed_actions(case, ["department", "command"])}
    assert actions == {"handle", "report_back", "request_return", "approve_extension", "refuse_extension", "cancel"}
    case = run(store, case, ("request_return", "department", {"note": "不属本单位"}))
    actions = {a for a, _r in store.allowed_actions(case, ["department", "command"])}
    assert actions == {
        "handle",
        "report_back",
        "approve_extension",
        "refuse_extension",
        "accept_return",
        "reject_return",
        "cancel",
    }


def test_audit_trail_is_append_only(store):
    case = new_case(store)
    if store.backend == "gpkg":
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.conn.execute("UPDATE case_events SET note = 'forged'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.conn.execute("DELETE FROM case_events")
    else:
        for statement in (
            "UPDATE gm.case_events SET note = 'forged'",
            "DELETE FROM gm.case_events",
            "TRUNCATE gm.case_events CASCADE",
        ):
            with store.conn.cursor() as cur, pytest.raises(psycopg2.Error, match="append-only"):
                cur.execute(statement)
            store.conn.rollback()
    assert store.events(case["case_code"])[0]["note"] == ""


def test_poll_changes_reports_changed_cases(store):
    store.poll_changes()  # start listening / remember the last audit row
    case = new_case(store)
    case = run(store, case, ("verify", "inspector"))
    seen = set()
    for _ in range(50):
        seen.update(store.poll_changes(timeout=0.1))
        if case["case_code"] in seen:
            break
    assert case["case_code"] in seen


def test_analysis_export_has_exactly_the_agreed_fields(store, qgis_app):
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    rows = store.analysis_rows()
    assert rows and set(rows[0]) == set(ANALYSIS_FIELDS) | {"x", "y"}
    assert all(r["state"] in CASE_STATES and r["kind"] in ("part", "event") and r["urgency"] in (0, 1) for r in rows)
    assert all(len(r["class_code"]) == 4 for r in rows)
    if store.backend == "gpkg":
        layer = QgsVectorLayer(store.path + "|layername=cases_analysis", "a", "ogr")
        hidden = {"fid"}
    else:
        uri = QgsDataSourceUri(store.dsn)
        uri.setDataSource("gm", "cases_analysis", "geom", "", "case_code")
        layer = QgsVectorLayer(uri.uri(False), "a", "postgres")
        hidden = set()
    assert layer.isValid()
    names = [f.name() for f in layer.fields() if f.name() not in hidden]
    assert names == list(ANALYSIS_FIELDS)
    assert layer.featureCount() == len(rows)
    assert layer.crs().authid() == "EPSG:4490"
    types = {f.name(): f.typeName().lower() for f in layer.fields()}
    assert "date" in types["reported_at"] or "timestamp" in types["reported_at"]


def test_both_backends_share_the_same_transitions_table(cluster, tmp_path):
    gpkg = GpkgStore(tmp_path / "t.gpkg")
    gpkg.migrate()
    dsn = cluster.create_database("transitions_compare")
    pg = PostgisStore(dsn)
    pg.migrate()
    try:
        assert gpkg.transitions() == pg.transitions()
        assert len(pg.transitions()) == 24
    finally:
        pg.close()
        gpkg.close()
        cluster.drop_database("transitions_compare")


def test_connection_errors_are_translated(cluster):
    with pytest.raises(StoreError, match="Cannot connect to the case store"):
        PostgisStore("host=127.0.0.1 port=1 dbname=none user=nobody", connect_timeout=2)


def test_admin_command_line(tmp_path, capsys):
    from gridmanager.grid_manager.store import admin

    path = str(tmp_path / "cli.gpkg")
    assert admin.main([path, "sample", "--cases", "4"]) == 0
    out = capsys.readouterr().out
    latest = CaseStore.migration_files("gpkg")[-1][0]
    assert "schema version %d" % latest in out and "4 sample cases reported" in out
    store = GpkgStore(path)
    assert store.count_cases() == 4 and len(store.departments()) == 5
    store.close()
    assert admin.main(["host=127.0.0.1 port=1 dbname=x user=y connect_timeout=2", "migrate"]) == 1
    assert "Cannot connect to the case store" in capsys.readouterr().err


def test_free_text_search_is_case_insensitive_and_literal(store):
    description = "Broken LAMP near gate_7 (50%)"
    case = store.report_case("event", "0102", "hotline", *centre(6)[2:], description=description)
    for text in ("lamp", "LAMP NEAR", "gate_7", "(50%)", case["case_code"][-6:]):
        found = [c["case_code"] for c in store.list_cases(CaseFilter(text=text), limit=100000)]
        assert case["case_code"] in found, text
    for text in ("gateX7", "50x%", "lamp  near"):
        found = [c["case_code"] for c in store.list_cases(CaseFilter(text=text))]
        assert case["case_code"] not in found, text


def test_two_desks_dispatch_the_same_case_only_one_wins(store):
    import threading

    def another():
        return GpkgStore(store.path, user="desk2") if store.backend == "gpkg" else PostgisStore(store.dsn)

    desks = [another(), another()]
    try:
        for _round in range(5):
            case = registered(store)
            barrier = threading.Barrier(2)
            outcome = []

            def dispatch(desk, department, case=case, barrier=barrier, outcome=outcome):
                barrier.wait()
                try:
                    outcome.append(
                        desk.apply(case["case_code"], "dispatch", "command", case["version"], department=department)
                    )
                except WorkflowError as error:
                    outcome.append(error)

            threads = [
                threading.Thread(target=dispatch, args=(desk, department))
                for desk, department in zip(desks, ("sz", "cg"))
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            winners = [o for o in outcome if isinstance(o, dict)]
            losers = [o for o in outcome if isinstance(o, StaleVersionError)]
            assert len(winners) == 1 and len(losers) == 1, outcome
            final = store.get_case(case["case_code"])
            assert final["department"] == winners[0]["department"] and final["version"] == 4
            assert [e["action"] for e in store.events(case["case_code"])][-1:] == ["dispatch"]
            assert len(store.events(case["case_code"])) == 4
    finally:
        for desk in desks:
            desk.close()


def test_grid_versions_locate_new_cases_and_keep_old_ones(store):
    grid, community, x, y = centre(10)
    old = store.report_case("event", "0102", "public", x, y)
    assert old["grid_code"] == grid
    far = "POLYGON((100 30,100.001 30,100.001 30.001,100 30.001,100 30))"  # the grid moves away
    assert store.revise_grid(grid, community, far) == 2
    with pytest.raises(WorkflowError, match="lies in no grid"):
        store.report_case("event", "0102", "public", x, y)  # no grid there any more: refused
    assert store.grid_at(100.0005, 30.0005)[0] == grid
    assert store.get_case(old["case_code"])["grid_code"] == grid  # history is not rewritten
    wkt = grid_squares()[10][2]
    assert store.revise_grid(grid, community, wkt) == 3
    assert store.report_case("event", "0102", "public", x, y)["grid_code"] == grid


UNITS_CSV = """community_code,community_name,street_code,street_name
110101003001,东四社区居委会,110101003,交道口街道
110101003002,府学社区居委会,110101003,交道口街道
"""


def test_load_reference_data_from_files(store, tmp_path):
    import geopandas
    from shapely.geometry import Point, box

    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.store import reference

    csv_path = tmp_path / "units.csv"
    csv_path.write_text(UNITS_CSV, encoding="utf-8")
    assert reference.load_units_csv(store, str(csv_path)) == 3  # 1 street + 2 communities (district exists)
    assert reference.load_units_csv(store, str(csv_path)) == 0
    bad = tmp_path / "bad_units.csv"
    bad.write_text(UNITS_CSV.replace("110101003002,", "11010100300X,"), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad_units.csv, row 3, field community_code: '11010100300X'"):
        reference.load_units_csv(store, str(bad))
    # grids in Beijing Gauss-Krüger (EPSG:4548) are converted to the store's CGCS2000
    cells = [box(500000 + i * 100, 4420000, 500100 + i * 100, 4420100) for i in range(2)]
    grids = geopandas.GeoDataFrame(
        {"code": ["110101003001001", "110101003001002"], "community_code": ["110101003001"] * 2},
        geometry=cells,
        crs=4548,
    )
    path = str(tmp_path / "grids.gpkg")
    grids.to_file(path, layer="grids")
    assert reference.load_grids(store, path, "grids") == (2, 0)
    assert reference.load_grids(store, path, "grids") == (0, 2)  # second import: new versions
    centre_xy = geopandas.GeoSeries([Point(500050, 4420050)], crs=4548).to_crs(4490).iloc[0]
    assert store.grid_at(centre_xy.x, centre_xy.y)[0] == "110101003001001"
    wrong = grids.assign(community_code=["110101003001", "999999999999"])
    wrong.to_file(str(tmp_path / "wrong.gpkg"), layer="grids")
    with pytest.raises(InputError, match=r"wrong.gpkg, row 2, field community_code: '999999999999'"):
        reference.load_grids(store, str(tmp_path / "wrong.gpkg"))
    parts = geopandas.GeoDataFrame(
        {"code": ["010100000001", "1101010118000001"]},
        geometry=[Point(500020, 4420020), Point(500150, 4420050)],
        crs=4548,
    )
    parts.to_file(str(tmp_path / "parts.gpkg"))
    before = store.nearest_part(centre_xy.x, centre_xy.y, 200.0)
    assert reference.load_parts(store, str(tmp_path / "parts.gpkg")) == 2
    near = store.nearest_part(centre_xy.x, centre_xy.y, 200.0)
    assert near[0] == "010100000001" and near[1] == "0101" and near != before
    unknown = parts.assign(code=["999900000001", "x"])
    unknown.to_file(str(tmp_path / "unknown.gpkg"))
    with pytest.raises(InputError, match=r"unknown.gpkg, row 1, field code: '9999'"):
        reference.load_parts(store, str(tmp_path / "unknown.gpkg"))


# -- issue 11: input limits, report time, time zone, return history (both backends) -------------------
@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"description": "bad\x00byte"}, "field description contains a NUL"),
        ({"note": "\x00"}, "field note contains a NUL"),
        ({"description": "长" * 4001}, "field description is too long (4001 characters; at most 4000)"),
        ({"class_code": "01\x0002"}, "field class_code contains a NUL"),
    ],
)
def test_report_text_limits_are_translated_and_write_nothing(store, kwargs, message):
    before = store.count_cases()
    args = {"kind": "event", "class_code": "0102", "source": "public", "description": "x"}
    args.update(kwargs)
    _g, _c, x, y = centre(1)
    with pytest.raises(WorkflowError) as info:
        store.report_case(args.pop("kind"), args.pop("class_code"), args.pop("source"), x, y, **args)
    assert message in str(info.value)
    assert store.count_cases() == before
    # exactly 4,000 characters is fine
    case = store.report_case("event", "0102", "public", x, y, description="长" * 4000)
    assert len(store.get_case(case["case_code"])["description"]) == 4000


@pytest.mark.parametrize("x,y", [(0.0, 0.0), (121.47, 31.23), (float("nan"), 39.9)])
def test_report_outside_every_grid_is_refused_naming_the_point(store, x, y):
    before = store.count_cases()
    with pytest.raises(WorkflowError) as info:
        store.report_case("event", "0102", "public", x, y)
    text = str(info.value)
    if x == x:
        assert "The point ({}, {})".format(*(("%.7f" % v).rstrip("0").rstrip(".") for v in (x, y))) in text
        assert "no grid" in text
    else:
        assert "field geom" in text
    assert store.count_cases() == before


def test_part_must_be_of_the_class_family_and_in_or_next_to_the_grid(store):
    _g, _c, x, y = centre(2)
    near = store.nearest_part(x, y, max_distance_m=500.0)
    part_code, part_class, _d = near
    before = store.count_cases()
    # an event case does not carry a part; a part of another class family is refused
    with pytest.raises(WorkflowError, match="class family"):
        store.report_case("event", "0102", "public", x, y, part_code=part_code)
    other = "04" if part_class[:2] != "04" else "01"
    other_class = next(c["code"] for c in store.classes("part") if c["code"].startswith(other))
    with pytest.raises(WorkflowError, match="class family"):
        store.report_case("part", other_class, "public", x, y, part_code=part_code)
    # a part two grids away (not touching the case's grid) is refused
    far_x, far_y = centre(20)[2:]
    far = store.nearest_part(far_x, far_y, max_distance_m=500.0)
    with pytest.raises(WorkflowError, match="nor in a grid next to it"):
        store.report_case("part", far[1], "public", x, y, part_code=far[0])
    assert store.count_cases() == before
    # the same family, in the grid: accepted
    case = store.report_case("part", part_class, "public", x, y, part_code=part_code)
    assert case["part_code"] == part_code


def test_extension_hours_are_bounded_per_class(store):
    case = run(store, registered(store), ("dispatch", "command", {"department": "sz"}))
    for hours, message in ((1e12, "more than this class allows (72 hours)"), (float("nan"), "field hours")):
        with pytest.raises(WorkflowError, match=message.replace("(", r"\(").replace(")", r"\)")):
            store.apply(case["case_code"], "request_extension", "department", case["version"], hours=hours)
    store.set_time_limit("event", "0102", 0, 24, max_extension_hours=12)
    try:
        with pytest.raises(WorkflowError, match="12 hours"):
            store.apply(case["case_code"], "request_extension", "department", case["version"], hours=13)
        case = run(store, case, ("request_extension", "department", {"hours": 12}))
        with pytest.raises(WorkflowError, match="12 hours"):
            store.apply(case["case_code"], "approve_extension", "command", case["version"], hours=1e12)
        case = run(store, case, ("approve_extension", "command"))
        assert case["extension_count"] == 1
    finally:
        store.set_time_limit("event", "0102", 0, 24, max_extension_hours=72)


def test_attachments_are_a_list_never_a_string_split_into_characters(store):
    case = new_case(store)
    for bad in ("photo.jpg", ["ok.jpg", ""], ["a\x00.jpg"], ["x" * 501], [f"{i}.jpg" for i in range(21)]):
        with pytest.raises(WorkflowError, match="attachments"):
            store.apply(case["case_code"], "verify", "inspector", case["version"], attachments=bad)
    assert len(store.events(case["case_code"])) == 1
    case = run(store, case, ("verify", "inspector", {"attachments": ("photo.jpg",)}))
    assert store.events(case["case_code"])[-1]["attachments"] == ["photo.jpg"]


def test_nul_in_any_argument_is_refused_cleanly(store):
    case = new_case(store)
    for kwargs in ({"note": "a\x00b"}, {"department": "s\x00z"}):
        with pytest.raises(WorkflowError, match="NUL"):
            store.apply(case["case_code"], "verify", "inspector", case["version"], **kwargs)
    with pytest.raises(WorkflowError, match="NUL"):
        store.apply(case["case_code"] + "\x00", "verify", "inspector", case["version"])
    with pytest.raises(WorkflowError, match="NUL"):
        store.get_case("\x00")
    with pytest.raises(WorkflowError, match="NUL"):
        store.list_cases(CaseFilter(text="\x00"))
    assert len(store.events(case["case_code"])) == 1


def test_report_time_is_the_clock_except_for_the_call_centre(store):
    _g, _c, x, y = centre(3)
    now = utcnow()
    before = store.count_cases()
    if store.backend == "postgis":
        # the fixture's login is the superuser, i.e. the administrator, who may load historical cases;
        # the rules for the desks' logins: test_store_security.test_reported_at_rules
        return
    with pytest.raises(WorkflowError, match="in the future"):
        store.report_case(
            "event", "0102", "inspector", x, y, reported_at=dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc)
        )
    with pytest.raises(WorkflowError, match="call centre"):
        store.report_case(
            "event", "0102", "inspector", x, y, reported_at=dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)
        )
    with pytest.raises(WorkflowError, match="72 hours"):
        store.report_case(
            "event", "0102", "hotline", x, y, role="supervision", note="call", reported_at=now - dt.timedelta(hours=80)
        )
    with pytest.raises(WorkflowError, match="needs a note"):
        store.report_case("event", "0102", "hotline", x, y, role="supervision", reported_at=now - dt.timedelta(hours=1))
    assert store.count_cases() == before
    case = store.report_case(
        "event", "0102", "hotline", x, y, role="supervision", note="来电", reported_at=now - dt.timedelta(hours=5)
    )
    assert abs((case["reported_at"] - (now - dt.timedelta(hours=5))).total_seconds()) < 1
    case = store.report_case("event", "0102", "inspector", x, y)
    assert abs((case["reported_at"] - utcnow()).total_seconds()) < 60


def test_case_code_date_uses_the_store_time_zone(store):
    _g, _c, x, y = centre(4)
    assert store.time_zone() == "Asia/Shanghai"
    when = dt.datetime(2025, 12, 1, 23, 30, tzinfo=dt.timezone.utc)  # 07:30 in Beijing on 2 December
    if store.backend == "gpkg":
        admin = GpkgStore(store.path, user="admin", admin=True)
        case = admin.report_case("event", "0102", "hotline", x, y, reported_at=when)
        admin.close()
    else:
        case = store.report_case("event", "0102", "hotline", x, y, reported_at=when)
    assert case["case_code"].startswith("20251202")
    # "reported on 2 December" (a plain date) means the day in the store's time zone
    day = dt.date(2025, 12, 2)
    assert case["case_code"] in [
        c["case_code"] for c in store.list_cases(CaseFilter(date_from=day, date_to=day + dt.timedelta(days=1)))
    ]
    assert store.count_cases(CaseFilter(date_from=dt.date(2025, 12, 1), date_to=day)) == 0
    with pytest.raises(WorkflowError, match="Unknown time zone"):
        store.set_time_zone("Nowhere/Atlantis")
    assert store.time_zone() == "Asia/Shanghai"


def test_accepted_return_keeps_the_overdue_in_the_record_and_the_analysis(store):
    store.add_class("event", "2105", "Extended event with a tiny limit")
    store.set_time_limit("event", "2105", 0, 1e-6)
    case = run(store, registered(store, class_code="2105"), ("dispatch", "command", {"department": "cg"}))
    time.sleep(0.05)
    case = run(store, case, ("request_return", "department", {"note": "非本单位"}))
    case = run(store, case, ("accept_return", "command"))
    assert case["state"] == "registered" and case["overdue_seconds"] > 0
    (returned,) = store.case_returns(case["case_code"])
    assert returned["department"] == "cg" and returned["overdue_seconds"] > 0 and returned["reason"] == "非本单位"
    row = next(r for r in store.analysis_rows() if r["case_code"] == case["case_code"])
    assert row["returned_overdue_hours"] > 0 and row["returned_count"] == 1


def test_geopackage_triggers_refuse_edits_outside_the_workflow(store):
    if store.backend != "gpkg":
        pytest.skip("the PostGIS store refuses direct writes by privileges (test_store_postgis)")
    case = run(store, registered(store), ("dispatch", "command", {"department": "sz"}))
    conn = sqlite3.connect(store.path)
    try:
        for statement in (
            "UPDATE cases SET state = 'closed' WHERE case_code = ?",
            "UPDATE cases SET department = 'yl' WHERE case_code = ?",
            "UPDATE cases SET deadline_at = '2099-01-01T00:00:00.000Z' WHERE case_code = ?",
            "DELETE FROM cases WHERE case_code = ?",
            "INSERT INTO case_events (case_id, seq, actor, role, action, from_state, to_state, at) "
            "SELECT id, 99, 'x', 'command', 'close', state, 'closed', '2026-01-01' FROM cases WHERE case_code = ?",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="GM020|append-only"):
                conn.execute(statement, (case["case_code"],))
        with pytest.raises(sqlite3.DatabaseError, match="GM020"):
            conn.execute("UPDATE transitions SET new_state = 'closed'")
        assert conn.execute("SELECT count(*) FROM gm_transition_token").fetchone()[0] == 0
    finally:
        conn.close()
    assert store.get_case(case["case_code"]) == case
    assert len(store.events(case["case_code"])) == case["version"]
