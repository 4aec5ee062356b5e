"""Issue 15: batch actions (one transaction per case) and administration (departments, classes, users),
against BOTH backends; the role checks of the shared store log in as every role."""

import importlib.util
from pathlib import Path

import psycopg2
import pytest

from gridmanager.grid_manager.store import StoreError, WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import BATCH_ACTIONS
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

USERS = {
    "ad_insp": ("inspector", None),
    "ad_sup": ("supervision", None),
    "ad_cmd": ("command", None),
    "ad_dep": ("department", "sz"),
    "ad_view": ("viewer", None),
    "ad_plan": ("planner", None),
    "ad_surv": ("surveyor", None),
}


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module", params=["gpkg", "postgis"])
def store(request, tmp_path_factory):
    if request.param == "gpkg":
        st = GpkgStore(tmp_path_factory.mktemp("gpkg") / "cases.gpkg", user="desk")
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
    else:
        cluster = request.getfixturevalue("cluster")
        st = PostgisStore(cluster.create_database("batch"))
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
        cluster.drop_database("batch")


def centre(i=0):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def registered(store, n):
    cases = []
    for i in range(n):
        case = store.report_case("event", "0102", "public", *centre(i % 4), description="batch %d" % i)
        case = store.apply(case["case_code"], "verify", "inspector", case["version"])
        cases.append(store.apply(case["case_code"], "register", "supervision", case["version"]))
    return cases


# -- batch --------------------------------------------------------------------------------------------------
def test_mixed_batch_applies_the_others_and_refuses_stale_and_not_allowed(store):
    cases = registered(store, 5)
    stale = cases[1]
    # someone else changes case 1 after the list was read: its version moves on
    fresh = store.apply(stale["case_code"], "dispatch", "command", stale["version"], department="yl")
    store.apply(fresh["case_code"], "request_return", "department", fresh["version"], note="not ours")
    # a case still only reported: dispatch is not allowed in its state
    other = store.report_case("event", "0102", "public", *centre(0), description="only reported")
    batch = [(c["case_code"], c["version"]) for c in cases] + [(other["case_code"], other["version"])]
    results = store.apply_batch(batch, "dispatch", "command", note="batch", department="sz")
    by_code = {r["case_code"]: r for r in results}
    assert [r["case_code"] for r in results] == [code for code, _v in batch]
    for case in (cases[0], cases[2], cases[3], cases[4]):
        result = by_code[case["case_code"]]
        assert result["applied"] and result["code"] is None and result["message"] == ""
        assert result["case"]["state"] == "dispatched" and result["case"]["department"] == "sz"
        assert store.get_case(case["case_code"])["version"] == case["version"] + 1
    refused = by_code[stale["case_code"]]
    assert not refused["applied"] and refused["code"] == "GM002"
    assert refused["message"] == (
        "Case {} was changed by someone else (now version {}, you had version {}); reload it and try again.".format(
            stale["case_code"], stale["version"] + 2, stale["version"]
        )
    )
    assert store.get_case(stale["case_code"])["department"] == "yl"
    wrong = by_code[other["case_code"]]
    assert not wrong["applied"] and wrong["code"] == "GM001"
    assert wrong["message"] == (
        "Case {}: the action 'dispatch' is not allowed for the role 'command' in the state 'reported'.".format(
            other["case_code"]
        )
    )
    assert store.get_case(other["case_code"])["state"] == "reported"
    # one audit row per applied case, none for the refused ones
    assert [e["action"] for e in store.events(cases[0]["case_code"])][-1] == "dispatch"
    assert [e["action"] for e in store.events(other["case_code"])] == ["report"]


def test_batch_verify_and_close_and_cancelled_progress(store):
    reported = [store.report_case("event", "0102", "public", *centre(i), description="v%d" % i) for i in range(3)]
    results = store.apply_batch(reported, "verify", "inspector")
    assert all(r["applied"] for r in results)
    assert {store.get_case(c["case_code"])["state"] for c in reported} == {"verified"}
    verified = [r["case"] for r in results]
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 1  # stop after the first case

    results = store.apply_batch(verified, "register", "supervision", progress=progress)
    assert [r["applied"] for r in results] == [True, False, False]
    assert [r["code"] for r in results[1:]] == ["GM060", "GM060"]
    assert "not attempted" in results[1]["message"]
    assert seen == [(1, 3)]
    assert store.get_case(verified[1]["case_code"])["state"] == "verified"


def test_batch_refuses_actions_with_per_case_input(store):
    case = registered(store, 1)[0]
    for action in ("handle", "request_extension", "request_return", "report"):
        assert action not in BATCH_ACTIONS
        with pytest.raises(WorkflowError, match="one case at a time"):
            store.apply_batch([case], action, "department")
    for action in ("dispatch", "verify", "close", "cancel"):
        assert action in BATCH_ACTIONS


# -- administration on both stores ---------------------------------------------------------------------------
def test_departments_and_classes_are_audited(store):
    before = len(store.admin_audit())
    store.save_department("zf", "综合执法")
    store.save_department("zf", "综合执法局")
    store.save_department("zf", "综合执法局")  # no change: no audit row
    store.save_class("event", "0199", "Other appearance", "其他市容")
    rows = store.admin_audit()[before:]
    assert [(r["object"], r["key"], r["operation"]) for r in rows] == [
        ("department", "zf", "insert"),
        ("department", "zf", "update"),
        ("class", "event:0199", "insert"),
    ]
    assert rows[1]["old_values"]["name"] == "综合执法" and rows[1]["new_values"]["name"] == "综合执法局"
    assert all(r["actor"] == store.user for r in rows)
    assert rows[0]["at"] is not None
    store.remove_department("zf")
    last = store.admin_audit("department", "zf")[-1]
    assert last["operation"] == "delete" and last["old_values"]["name"] == "综合执法局" and last["new_values"] is None
    assert "zf" not in {d["code"] for d in store.departments()}


def test_bad_department_and_class_input_names_the_field(store):
    with pytest.raises(WorkflowError, match="field department"):
        store.save_department(" padded ", "x")
    with pytest.raises(WorkflowError, match="field name"):
        store.save_department("ok", "  ")
    with pytest.raises(WorkflowError, match="field class_code"):
        store.save_class("event", "12", "Too short")
    with pytest.raises(WorkflowError, match="field kind"):
        store.save_class("thing", "1201", "x")
    with pytest.raises(WorkflowError, match="does not exist"):
        store.remove_department("nowhere")


def test_department_in_use_cannot_be_removed(store):
    case = registered(store, 1)[0]
    store.save_department("tmpdep", "Temporary")
    store.apply(case["case_code"], "dispatch", "command", case["version"], department="tmpdep")
    with pytest.raises(WorkflowError, match="cannot be removed: 1 case"):
        store.remove_department("tmpdep")
    assert "tmpdep" in {d["code"] for d in store.departments()}


def test_import_classes_from_the_bundled_catalogues(store):
    saved, skipped = store.import_classes("part")
    names = {(c["kind"], c["code"]): (c["name"], c["name_zh"]) for c in store.classes()}
    assert saved > 20
    assert names[("part", "0101")] == ("Water supply manhole cover", "上水井盖") or names[("part", "0101")][1] == (
        "上水井盖"
    )
    assert all(len(code) != 4 for code, _reason in skipped)
    assert any(len(code) == 2 and "major" in reason for code, reason in skipped)
    saved_events, _ = store.import_classes("event")
    assert saved_events > 10 and names.get(("event", "0102"), ("", "暴露垃圾"))[1] == "暴露垃圾"
    audit = store.admin_audit("class")
    assert any(r["key"] == "part:0101" for r in audit)


def test_gpkg_file_edits_are_audited_as_file_edits(tmp_path):
    import sqlite3

    st = GpkgStore(tmp_path / "c.gpkg", user="desk")
    st.migrate()
    st.close()
    conn = sqlite3.connect(tmp_path / "c.gpkg")
    conn.execute("INSERT INTO departments (code, name) VALUES ('x', 'by hand')")
    conn.commit()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM admin_audit")
    conn.close()
    st = GpkgStore(tmp_path / "c.gpkg", user="desk")
    assert st.admin_audit("department", "x")[0]["actor"] == "(file edit)"
    st.close()


# -- users and roles on the shared store ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_admin(cluster):
    st = PostgisStore(cluster.create_database("admin"))
    st.migrate()
    seed_reference(st)
    streets = [u["code"] for u in st.admin_units("street")][:1]
    for login, (role, department) in USERS.items():
        st.create_user(login, role, department, streets=streets if role == "surveyor" else None)
    yield st
    st.close()
    cluster.drop_database("admin")


@pytest.fixture(scope="module")
def login(cluster, pg_admin):
    opened = []

    def open_as(user):
        st = PostgisStore(cluster.dsn("admin", user=user))
        opened.append(st)
        return st

    yield open_as
    for st in opened:
        st.close()


def test_only_the_command_centre_and_the_administrator_may_administer(pg_admin, login):
    assert pg_admin.may_administer()
    pg_admin.create_user("ad_victim", "viewer")
    for user, (role, _department) in USERS.items():
        st = login(user)
        assert st.may_administer() == (role == "command")
        attempts = (
            (st.save_department, ("d_" + user, "Dept of " + user)),
            (st.save_class, ("event", "0198", "By " + user, "")),
            (st.create_user, ("new_" + user, "viewer")),
            (st.set_user_enabled, ("ad_victim", False)),
        )
        for method, args in attempts:
            if role == "command":
                method(*args)
            else:
                with pytest.raises(WorkflowError) as refused:
                    method(*args)
                assert refused.value.code == "GM062"
                assert "Only the store's administrator or the command centre may change" in str(refused.value)
                assert user in str(refused.value)
        # direct writes are refused by the privileges, whatever the role
        with pytest.raises(StoreError):
            st._run(lambda cur: cur.execute("INSERT INTO gm.departments VALUES ('zz', 'direct')"))
        with pytest.raises(StoreError):
            st._run(lambda cur: cur.execute("INSERT INTO gm.admin_audit (object, key, operation) VALUES ('x','y','z')"))
        if role != "command":
            with pytest.raises(StoreError):
                st.admin_audit()
    assert {u["login"]: u["enabled"] for u in pg_admin.users()}["ad_victim"] is False
    departments = {d["code"] for d in pg_admin.departments()}
    assert "d_ad_cmd" in departments and not {"d_" + u for u in USERS if u != "ad_cmd"} & departments
    logins = {u["login"]: u for u in pg_admin.users()}
    assert logins["new_ad_cmd"]["role"] == "viewer"
    assert not {"new_" + u for u in USERS if u != "ad_cmd"} & set(logins)
    audit = pg_admin.admin_audit()
    assert [r for r in audit if r["key"] == "d_ad_cmd"][0]["actor"] == "ad_cmd"
    created = [r for r in audit if r["key"] == "new_ad_cmd"][0]
    assert created["actor"] == "ad_cmd" and created["operation"] == "insert"
    assert created["new_values"]["role"] == "viewer" and created["old_values"] is None


def test_command_centre_limits_on_users(pg_admin, login, cluster):
    cmd = login("ad_cmd")
    with pytest.raises(WorkflowError) as refused:
        cmd.create_user("ad_cmd", "viewer")
    assert refused.value.code == "GM065"
    with pytest.raises(WorkflowError) as refused:
        cmd.set_user_enabled("ad_cmd", False)
    assert refused.value.code == "GM065"
    # a database role that is not a store user (the superuser running the tests, the schema owner)
    owner = pg_admin.user
    for target in (owner, "postgres"):
        with pytest.raises(WorkflowError) as refused:
            cmd.create_user(target, "command")
        assert refused.value.code in ("GM064",)
    for bad in ("Bad Name", "pg_monitor2", "gm_viewer2"):
        with pytest.raises(WorkflowError, match="field login"):
            cmd.create_user(bad, "viewer")
    with pytest.raises(WorkflowError, match="needs the department"):
        cmd.create_user("ad_new_dep", "department")
    with pytest.raises(WorkflowError, match="department 'nowhere' does not exist"):
        cmd.create_user("ad_new_dep", "department", "nowhere")
    assert "ad_new_dep" not in {u["login"] for u in pg_admin.users()}
    # change of role by the command centre: the previous group role is revoked, and it is audited
    cmd.set_user_role("ad_sup", "viewer")
    st = login("ad_sup")
    assert st.my_roles() == ["viewer"]
    change = [r for r in pg_admin.admin_audit("user", "ad_sup") if r["operation"] == "update"][-1]
    assert change["old_values"]["role"] == "supervision" and change["new_values"]["role"] == "viewer"
    assert change["actor"] == "ad_cmd"
    cmd.set_user_role("ad_sup", "supervision")
    # a password is set through the function, never written to the audit
    cmd.create_user("ad_pw", "viewer", password="s3cret-pw")
    rows = pg_admin.admin_audit("user", "ad_pw")
    assert [r["operation"] for r in rows] == ["insert", "password"]
    assert "s3cret" not in repr(rows)


def test_disabled_user_can_neither_log_in_nor_act(pg_admin, login, cluster):
    inspector = login("ad_insp")
    case = inspector.report_case("event", "0102", "inspector", *centre(0), description="before")
    login("ad_cmd").set_user_enabled("ad_insp", False)
    with pytest.raises(StoreError):
        PostgisStore(cluster.dsn("admin", user="ad_insp"))
    # the open session was ended (or, without the right to end it, the store refuses it anyway)
    with pytest.raises(StoreError):
        inspector.apply(case["case_code"], "verify", "inspector", case["version"])
    with pytest.raises(psycopg2.Error):
        psycopg2.connect(cluster.dsn("admin", user="ad_insp")).close()
    disabled = [r for r in pg_admin.admin_audit("user", "ad_insp") if r["operation"] == "update"][-1]
    assert disabled["old_values"]["enabled"] is True and disabled["new_values"]["enabled"] is False
    assert disabled["actor"] == "ad_cmd"
    pg_admin.set_user_enabled("ad_insp", True)
    again = PostgisStore(cluster.dsn("admin", user="ad_insp"))
    assert again.my_roles() == ["inspector"]
    again.close()


def test_audit_is_append_only_even_for_the_owner(pg_admin):
    pg_admin.save_department("aud", "Audited")
    with pytest.raises(StoreError):
        pg_admin._run(lambda cur: cur.execute("DELETE FROM gm.admin_audit"))
    with pytest.raises(StoreError):
        pg_admin._run(lambda cur: cur.execute("UPDATE gm.admin_audit SET actor = 'nobody'"))
    assert pg_admin.admin_audit("department", "aud")[0]["actor"] == pg_admin.user


def test_functions_have_a_fixed_search_path_and_qualified_names(pg_admin):
    rows = pg_admin._select(
        "SELECT p.proname, p.prosecdef, p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'gm' AND (p.proname LIKE 'admin\\_%%' OR p.proname IN ('may_administer', "
        "'require_administer', 'check_user_target', 'audit_admin_row'))"
    )
    assert len(rows) == 10
    for row in rows:
        assert row["prosecdef"], row["proname"]
        assert row["proconfig"] == ["search_path=pg_catalog, gm, pg_temp"], row["proname"]


# -- statistics strip -----------------------------------------------------------------------------------------
def test_statistics_bounds_use_the_store_week_monday_to_sunday():
    import datetime as dt

    from gridmanager.grid_manager.store.interface import statistics_bounds

    utc = dt.timezone.utc
    # Sunday 29 November 2026, 23:30 in Beijing = 15:30 UTC: still the week of Monday 23 November
    now, today, tomorrow, week_start, week_end = statistics_bounds("Asia/Shanghai", dt.datetime(2026, 11, 29, 15, 30))
    assert today == dt.datetime(2026, 11, 28, 16, 0, tzinfo=utc)
    assert tomorrow == dt.datetime(2026, 11, 29, 16, 0, tzinfo=utc)
    assert week_start == dt.datetime(2026, 11, 22, 16, 0, tzinfo=utc)
    assert week_end == dt.datetime(2026, 11, 29, 16, 0, tzinfo=utc)
    # 30 minutes later it is Monday in Beijing: a new week (while it is still Sunday in UTC)
    _now, _today, _tomorrow, week_start, _end = statistics_bounds("Asia/Shanghai", dt.datetime(2026, 11, 29, 16, 30))
    assert week_start == dt.datetime(2026, 11, 29, 16, 0, tzinfo=utc)


def test_statistics_per_department_and_street_follow_the_filter(store):
    import datetime as dt

    from gridmanager.grid_manager.store import CaseFilter

    store.save_department("stat", "Statistics")
    cases = registered(store, 3)
    one = store.apply(cases[0]["case_code"], "dispatch", "command", cases[0]["version"], department="stat")
    two = store.apply(cases[1]["case_code"], "dispatch", "command", cases[1]["version"], department="stat")
    for action, role in (("report_back", "department"), ("check", "inspector"), ("close", "supervision")):
        two = store.apply(two["case_code"], action, role, two["version"])
    flt = CaseFilter(department="stat")
    deadline = one["deadline_at"]

    def stats(now, by="department", f=flt):
        return {r["key"]: {k: v for k, v in r.items() if k != "key"} for r in store.statistics(f, by=by, now=now)}

    second = dt.timedelta(seconds=1)
    assert stats(deadline - second)["stat"] == {"open": 1, "overdue": 0, "due_today": 1, "closed_week": 1}
    assert stats(deadline + second)["stat"] == {"open": 1, "overdue": 1, "due_today": 0, "closed_week": 1}
    later = two["closed_at"] + dt.timedelta(days=8)
    assert stats(later)["stat"]["closed_week"] == 0
    # by street: the same cases, grouped by the street of their grid
    by_street = stats(deadline - second, by="street_code")
    assert sum(v["open"] for v in by_street.values()) == 1 and set(by_street) == {one["street_code"]}
    # the filters of the list apply (the open registered case of another department is not counted)
    everything = stats(deadline - second, f=CaseFilter())
    assert everything[""]["open"] >= 1 and "stat" in everything
    assert stats(deadline - second, f=CaseFilter(department="stat", states=("closed",)))["stat"]["open"] == 0
    with pytest.raises(WorkflowError, match="field group"):
        store.statistics(flt, by="reporter; DROP TABLE cases")


def test_command_line_manages_departments_and_classes_with_audit(tmp_path, capsys):
    from gridmanager.grid_manager.store import admin

    path = str(tmp_path / "cli.gpkg")
    assert admin.main([path, "migrate"]) == 0
    assert admin.main([path, "set-department", "hw", "环卫中心"]) == 0
    assert admin.main([path, "set-class", "event", "0199", "Other", "--zh", "其他"]) == 0
    assert admin.main([path, "import-classes", "event"]) == 0
    out = capsys.readouterr().out
    assert "department hw saved" in out and "classes saved" in out and "skipped 01:" in out
    assert admin.main([path, "set-class", "event", "19", "Bad"]) == 1
    assert "field class_code" in capsys.readouterr().err
    assert admin.main([path, "audit", "--object", "department"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "\thw\tinsert\t" in lines[0] and "环卫中心" in lines[0]
    assert admin.main([path, "remove-department", "hw"]) == 0


def test_five_digit_classes_follow_the_schema(store):
    """A 5-digit class (GB/T 47678.5) is kept where the schema has the 5-digit classes (part editing), refused with
    the field named where it keeps only 4 digits; 3 or 6 digits are always refused."""
    five_digits = any("part_editing" in name for _v, name, _p in store.migration_files(store.backend))
    before = len(store.admin_audit("class"))
    if five_digits:
        store.save_class("part", "01001", "Water supply manhole cover (5 digits)", "上水井盖")
        assert ("part", "01001") in {(c["kind"], c["code"]) for c in store.classes()}
        assert len(store.admin_audit("class")) == before + 1
    else:
        with pytest.raises(WorkflowError, match="field class_code"):
            store.save_class("part", "01001", "Water supply manhole cover (5 digits)", "上水井盖")
        assert len(store.admin_audit("class")) == before
    for bad in ("010", "010001"):
        with pytest.raises(WorkflowError, match="field class_code"):
            store.save_class("part", bad, "Bad", "")
