"""PostGIS only: roles and row-level security (each role logs in), concurrency, killed backends, NOTIFY."""

import importlib.util
import threading
from pathlib import Path

import psycopg2
import pytest

from gridmanager.grid_manager.store import CaseFilter, StoreError, WorkflowError
from gridmanager.grid_manager.store.interface import StaleVersionError
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

USERS = {
    "insp_wang": ("inspector", None),
    "sup_li": ("supervision", None),
    "cmd_zhao": ("command", None),
    "cmd_qian": ("command", None),
    "dep_sz": ("department", "sz"),
    "dep_yl": ("department", "yl"),
    "view_chen": ("viewer", None),
}


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module")
def admin(cluster):
    dsn = cluster.create_database("roles")
    store = PostgisStore(dsn)
    store.migrate()
    seed_reference(store)
    for login, (role, department) in USERS.items():
        store.create_user(login, role, department)
    yield store
    store.close()
    cluster.drop_database("roles")


@pytest.fixture(scope="module")
def login(cluster, admin):
    opened = []

    def open_as(user):
        store = PostgisStore(cluster.dsn("roles", user=user))
        opened.append(store)
        return store

    yield open_as
    for store in opened:
        store.close()


def point(i=0):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def dispatched_to(admin, department, i=0):
    case = admin.report_case("event", "0102", "public", *point(i), description="rubbish")
    for action, role, extra in (
        ("verify", "inspector", {}),
        ("register", "supervision", {}),
        ("dispatch", "command", {"department": department}),
    ):
        case = admin.apply(case["case_code"], action, role, case["version"], **extra)
    return case


def test_each_role_sees_its_roles(login):
    for user, (role, department) in USERS.items():
        store = login(user)
        assert store.user == user
        assert store.my_roles() == [role]
        assert store.my_department() == department


def test_inspector_reports_and_verifies_but_cannot_register(login):
    insp = login("insp_wang")
    case = insp.report_case("event", "0201", "inspector", *point(1), description="小广告")
    assert case["reporter"] == "insp_wang"
    case = insp.apply(case["case_code"], "verify", "inspector", case["version"])
    with pytest.raises(WorkflowError, match="not allowed to act as 'supervision'"):
        insp.apply(case["case_code"], "register", "supervision", case["version"])
    sup = login("sup_li")
    case = sup.apply(case["case_code"], "register", "supervision", case["version"])
    assert [e["actor"] for e in sup.events(case["case_code"])] == ["insp_wang", "insp_wang", "sup_li"]
    with pytest.raises(WorkflowError, match="not allowed to act as 'command'"):
        sup.apply(case["case_code"], "dispatch", "command", case["version"], department="sz")
    case = login("cmd_zhao").apply(case["case_code"], "dispatch", "command", case["version"], department="sz")
    assert case["state"] == "dispatched"


def test_department_sees_and_acts_only_on_its_own_cases(admin, login):
    mine = dispatched_to(admin, "sz", 2)
    theirs = dispatched_to(admin, "yl", 3)
    dep = login("dep_sz")
    codes = {c["case_code"] for c in dep.list_cases(limit=100000)}
    assert mine["case_code"] in codes and theirs["case_code"] not in codes
    assert all(c["department"] == "sz" for c in dep.list_cases(limit=100000))
    assert dep.count_cases() == admin.count_cases(CaseFilter(department="sz"))
    assert dep.get_case(theirs["case_code"]) is None
    assert dep.events(theirs["case_code"]) == []
    assert {r["department"] for r in dep.analysis_rows()} == {"sz"}
    with pytest.raises(WorkflowError, match="does not exist or is not visible"):
        dep.apply(theirs["case_code"], "report_back", "department", theirs["version"])
    with pytest.raises(WorkflowError, match="not allowed to act as 'command'"):
        dep.apply(mine["case_code"], "approve_extension", "command", mine["version"])
    with pytest.raises(StoreError, match="Permission denied"):
        dep.report_case("event", "0102", "public", *point(2))
    done = dep.apply(mine["case_code"], "report_back", "department", mine["version"], note="已修复")
    assert done["state"] == "handled"
    # once handled the case stays visible to its department
    assert dep.get_case(mine["case_code"])["state"] == "handled"
    assert admin.get_case(theirs["case_code"])["version"] == theirs["version"]


def test_viewer_reads_everything_and_changes_nothing(admin, login):
    case = dispatched_to(admin, "cg", 4)
    view = login("view_chen")
    assert view.count_cases() == admin.count_cases()
    assert len(view.analysis_rows()) == admin.count_cases()
    with pytest.raises(StoreError, match="Permission denied"):
        view.apply(case["case_code"], "report_back", "viewer", case["version"])
    with pytest.raises(StoreError, match="Permission denied"):
        view.apply(case["case_code"], "report_back", "department", case["version"])
    with pytest.raises(StoreError, match="Permission denied"):
        view.report_case("event", "0102", "public", *point(4))


@pytest.mark.parametrize("user", sorted(USERS))
def test_no_role_writes_tables_directly(login, admin, user):
    case = dispatched_to(admin, "sz", 5)
    store = login(user)
    statements = (
        ("UPDATE gm.cases SET state = 'closed' WHERE case_code = %s", (case["case_code"],)),
        ("DELETE FROM gm.cases WHERE case_code = %s", (case["case_code"],)),
        (
            "INSERT INTO gm.case_events (case_id, seq, actor, role, action, from_state, to_state) "
            "VALUES (%s, 99, 'x', 'command', 'close', 'dispatched', 'closed')",
            (case["id"],),
        ),
        ("DELETE FROM gm.case_events", ()),
        ("UPDATE gm.transitions SET new_state = 'closed'", ()),
        ("INSERT INTO gm.time_limits VALUES ('event', '0102', 0, 1000)", ()),
        ("SELECT gm.add_user('view_chen', 'command', NULL)", ()),
    )
    for statement, params in statements:
        with store.conn.cursor() as cur, pytest.raises(psycopg2.Error) as info:
            cur.execute(statement, params)
        assert info.value.pgcode in ("42501", "42P01") or "permission denied" in str(info.value)
        store.conn.rollback()
    after = admin.get_case(case["case_code"])
    assert after["state"] == "dispatched" and after["version"] == case["version"]
    assert len(admin.events(case["case_code"])) == case["version"]


def test_two_dispatchers_only_one_wins(admin, login):
    first, second = login("cmd_zhao"), login("cmd_qian")
    for round_no in range(10):
        case = admin.report_case("event", "0302", "video", *point(round_no % 8))
        case = admin.apply(case["case_code"], "verify", "inspector", 1)
        case = admin.apply(case["case_code"], "register", "supervision", 2)
        barrier = threading.Barrier(2)
        outcome = {}

        def dispatch(store, department, name, barrier=barrier, outcome=outcome, case=case):
            barrier.wait()
            try:
                outcome[name] = store.apply(
                    case["case_code"], "dispatch", "command", case["version"], department=department
                )
            except WorkflowError as error:
                outcome[name] = error

        threads = [
            threading.Thread(target=dispatch, args=(first, "sz", "a")),
            threading.Thread(target=dispatch, args=(second, "cg", "b")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [v for v in outcome.values() if isinstance(v, dict)]
        losers = [v for v in outcome.values() if isinstance(v, WorkflowError)]
        assert len(winners) == 1 and len(losers) == 1, outcome
        assert isinstance(losers[0], StaleVersionError)
        final = admin.get_case(case["case_code"])
        assert final["department"] == winners[0]["department"] and final["version"] == 4
        events = admin.events(case["case_code"])
        assert [e["action"] for e in events] == ["report", "verify", "register", "dispatch"]


def test_killed_backend_mid_transaction_leaves_no_partial_state(admin, login, cluster):
    case = admin.report_case("event", "0401", "hotline", *point(6), description="路面塌陷")
    case = admin.apply(case["case_code"], "verify", "inspector", 1)
    victim = login("sup_li")
    victim_pid = victim.backend_pid()
    # 1. killed after the function ran, before COMMIT: nothing of it survives
    with victim.conn.cursor() as cur:
        cur.execute("SELECT version FROM gm.apply_transition(%s, 'register', 'supervision', 2)", (case["case_code"],))
        assert cur.fetchone()[0] == 3
    killer = psycopg2.connect(cluster.dsn("roles"))
    killer.autocommit = True
    with killer.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (victim_pid,))
    with pytest.raises(psycopg2.Error):
        victim.conn.commit()
    assert admin.get_case(case["case_code"])["version"] == 2
    assert len(admin.events(case["case_code"])) == 2
    # 2. killed while blocked inside the function (the row is locked by another session)
    locker = psycopg2.connect(cluster.dsn("roles"))
    with locker.cursor() as cur:
        cur.execute("SELECT 1 FROM gm.cases WHERE case_code = %s FOR UPDATE", (case["case_code"],))
    victim2 = login("sup_li")
    pid2 = victim2.backend_pid()
    result = {}

    def register():
        try:
            result["case"] = victim2.apply(case["case_code"], "register", "supervision", 2)
        except StoreError as error:
            result["error"] = error

    thread = threading.Thread(target=register)
    thread.start()
    with killer.cursor() as cur:
        for _ in range(200):  # wait until the victim is blocked on the row lock
            cur.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid2,))
            row = cur.fetchone()
            if row and row[0] == "Lock":
                break
            thread.join(0.05)
        cur.execute("SELECT pg_terminate_backend(%s)", (pid2,))
    thread.join()
    locker.rollback()
    locker.close()
    killer.close()
    assert "error" in result and "connection to the case store was lost" in str(result["error"])
    assert admin.get_case(case["case_code"])["version"] == 2
    assert len(admin.events(case["case_code"])) == 2
    # the client reconnects on its next call and the transition then succeeds once
    done = victim2.apply(case["case_code"], "register", "supervision", 2)
    assert done["state"] == "registered" and len(admin.events(case["case_code"])) == 3


def test_notify_reaches_other_users(admin, login):
    watcher = login("view_chen")
    fd = watcher.listen()
    assert fd > 0
    watcher.poll_changes()
    case = dispatched_to(admin, "jt", 7)
    seen = set()
    for _ in range(100):
        seen.update(watcher.poll_changes(timeout=0.1))
        if case["case_code"] in seen:
            break
    assert case["case_code"] in seen


def test_injection_in_login_and_role_names(admin):
    case = dispatched_to(admin, "sz", 1)
    login = 'x"; DROP TABLE gm.cases; --'
    admin.create_user(login, "viewer")
    assert admin._select("SELECT rolname FROM pg_roles WHERE rolname = %s", (login,)) == [{"rolname": login}]
    assert admin._select("SELECT role FROM gm.store_users WHERE login = %s", (login,)) == [{"role": "viewer"}]
    with pytest.raises(WorkflowError, match="field role"):
        admin.create_user("someone", "viewer'; DROP TABLE gm.cases; --")
    with pytest.raises(StoreError):
        admin.create_user("someone_else", "department", "nowhere'); DROP TABLE gm.cases; --")
    assert admin._select("SELECT count(*) AS n FROM pg_roles WHERE rolname = 'someone_else'")[0]["n"] == 0
    assert admin.get_case(case["case_code"]) == case


def test_listener_recovers_after_its_backend_is_killed(admin, login, cluster):
    watcher = login("view_chen")
    watcher.listen()
    watcher.poll_changes()
    pid = watcher._listener.get_backend_pid()
    killer = psycopg2.connect(cluster.dsn("roles"))
    killer.autocommit = True
    with killer.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
    killer.close()
    for _ in range(50):
        assert watcher.poll_changes(timeout=0.1) == []
        if not watcher.listening():
            break
    assert not watcher.listening() and watcher.listener_losses == 1
    case = dispatched_to(admin, "cg", 6)  # changed while nobody listened
    seen = set(watcher.poll_changes())  # listens again and catches up
    assert watcher.listening() and watcher._listener.get_backend_pid() != pid
    for _ in range(50):
        if case["case_code"] in seen:
            break
        seen.update(watcher.poll_changes(timeout=0.1))
    assert case["case_code"] in seen
