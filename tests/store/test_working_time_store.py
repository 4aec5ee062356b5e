"""Issue 15: working-time calendar, time limits per stage and unit, deadlines computed by the store (PostGIS:
gm.add_working_time; GeoPackage: grid_manager/cases/working_time.py, tested equal), the time-limit
administration (command centre / administrator only, audited) and the check outcome 核查不通过."""

import datetime as dt
import importlib.util
import os
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from gridmanager.grid_manager.cases import evaluation
from gridmanager.grid_manager.cases.working_time import CALENDARS, WorkingTime, read_calendar_csv
from gridmanager.grid_manager.common.errors import InputError
from gridmanager.grid_manager.store import StoreError, WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

SH = ZoneInfo("Asia/Shanghai")
USERS = {
    "wt_insp": ("inspector", None),
    "wt_sup": ("supervision", None),
    "wt_cmd": ("command", None),
    "wt_dep": ("department", "sz"),
    "wt_view": ("viewer", None),
    "wt_plan": ("planner", None),
}


def local(*args):
    return dt.datetime(*args, tzinfo=SH)


def holiday_rows():
    rows = []
    for name in ("cn_2025.csv", "cn_2026.csv"):
        rows += read_calendar_csv(os.path.join(CALENDARS, name))
    return rows


def point(i=0):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module")
def pg(cluster):
    store = PostgisStore(cluster.create_database("working_time"))
    store.migrate()
    seed_reference(store)
    for login, (role, department) in USERS.items():
        store.create_user(login, role, department)
    store.load_calendar(holiday_rows())
    yield store
    store.close()


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    store = GpkgStore(str(tmp_path_factory.mktemp("wt") / "cases.gpkg"), user="desk")
    store.migrate()
    seed_reference(store)
    store.load_calendar(holiday_rows())
    yield store
    store.close()


@pytest.fixture(params=["postgis", "gpkg"])
def store(request):
    if request.param == "postgis":
        pytest.importorskip("psycopg2")
        return request.getfixturevalue("pg")
    return request.getfixturevalue("gpkg")


def at(store, start, amount, unit):
    return store.add_working_time(start, amount, unit).astimezone(SH)


@pytest.mark.postgis
def test_friday_afternoon_plus_four_working_hours_ends_monday_morning(store):
    # Friday 27 Nov 2026 16:00: 1.5 h left on Friday (to 17:30), 2.5 h from Monday 08:30
    assert at(store, local(2026, 11, 27, 16, 0), 4, "working_hours") == local(2026, 11, 30, 11, 0)
    # a deadline on the end of a working period stays there
    assert at(store, local(2026, 11, 27, 16, 0), 1.5, "working_hours") == local(2026, 11, 27, 17, 30)
    # the lunch break does not count: 11:00 + 2 h = 14:30
    assert at(store, local(2026, 11, 30, 11, 0), 2, "working_hours") == local(2026, 11, 30, 14, 30)
    # clock hours are unchanged (the limits before issue 15)
    assert at(store, local(2026, 11, 27, 16, 0), 24, "hours") == local(2026, 11, 28, 16, 0)


@pytest.mark.postgis
def test_a_limit_spanning_the_national_day_week(store):
    # Wednesday 30 Sep 2026 10:00 + 2 working days: 1-7 Oct are off, 8 Oct (Thu) and 9 Oct (Fri) work
    assert at(store, local(2026, 9, 30, 10, 0), 2, "working_days") == local(2026, 10, 9, 10, 0)
    # 2025: 1-8 Oct off; 30 Sep 2025 16:00 + 8 working hours (1.5 h on 30 Sep) -> Thursday 9 Oct 16:30
    assert at(store, local(2025, 9, 30, 16, 0), 8, "working_hours") == local(2025, 10, 9, 16, 30)


@pytest.mark.postgis
def test_make_up_saturdays_count_as_working_days(store):
    # Friday 13 Feb 2026 16:00 + 4 working hours: Saturday 14 Feb is a make-up working day (春节 调休)
    assert at(store, local(2026, 2, 13, 16, 0), 4, "working_hours") == local(2026, 2, 14, 11, 0)
    # Saturday 14 Feb + 1 working day: the Spring Festival (15-23 Feb) is skipped -> Tuesday 24 Feb
    assert at(store, local(2026, 2, 14, 9, 0), 1, "working_days") == local(2026, 2, 24, 9, 0)
    # 2025: Sunday 26 Jan 2025 is a make-up working day
    assert at(store, local(2025, 1, 26, 8, 30), 3.5, "working_hours") == local(2025, 1, 26, 12, 0)


@pytest.mark.postgis
def test_a_start_outside_working_hours_counts_from_the_next_working_moment(store):
    # Saturday 28 Nov 2026 (no make-up day) 10:00 + 1 working day -> end of Monday
    assert at(store, local(2026, 11, 28, 10, 0), 1, "working_days") == local(2026, 11, 30, 17, 30)
    # Monday 07:00 + 1 h -> 09:30; in the lunch break 12:30 + 1 h -> 14:30; 20:00 + 1 h -> next day 09:30
    assert at(store, local(2026, 11, 30, 7, 0), 1, "working_hours") == local(2026, 11, 30, 9, 30)
    assert at(store, local(2026, 11, 30, 12, 30), 1, "working_hours") == local(2026, 11, 30, 14, 30)
    assert at(store, local(2026, 11, 30, 20, 0), 1, "working_hours") == local(2026, 12, 1, 9, 30)


@pytest.mark.postgis
def test_limits_in_working_days(store):
    # Tuesday 1 Dec 2026 10:00 + 3 working days -> Friday 4 Dec 10:00; + 5 -> Tuesday 8 Dec 10:00
    assert at(store, local(2026, 12, 1, 10, 0), 3, "working_days") == local(2026, 12, 4, 10, 0)
    assert at(store, local(2026, 12, 1, 10, 0), 5, "working_days") == local(2026, 12, 8, 10, 0)
    # half a working day = 3.75 h: 10:00 -> 15:15 (1.5 h lunch)
    assert at(store, local(2026, 12, 1, 10, 0), 0.5, "working_days") == local(2026, 12, 1, 15, 15)


def random_inputs(seed, n=3000):
    rng = random.Random(seed)
    starts, amounts, units = [], [], []
    for _ in range(n):
        day = dt.date(2024, 12, 1) + dt.timedelta(days=rng.randrange(800))
        seconds = rng.randrange(86400 * 1000000) if rng.random() < 0.3 else rng.randrange(96) * 900 * 1000000
        starts.append(dt.datetime.combine(day, dt.time(), tzinfo=SH) + dt.timedelta(microseconds=seconds))
        unit = rng.choice(["hours", "working_hours", "working_days"])
        amount = (
            rng.choice([0.25, 0.5, 1, 1.5, 2, 4, 7.5, 8, 24, 40, 100])
            if rng.random() < 0.7
            else round(rng.uniform(0.01, 60), 3)
        )
        amounts.append(amount)
        units.append(unit)
    return starts, amounts, units


@pytest.mark.postgis
def test_postgis_function_equals_the_python_computation_on_random_inputs(pg):
    working = WorkingTime({d: w for d, w, _ in holiday_rows()}, pg.working_hours(), pg.time_zone())
    starts, amounts, units = random_inputs(15)
    database = pg.add_working_times(starts, amounts, units)
    for start, amount, unit, got in zip(starts, amounts, units, database):
        assert got == working.add(start, amount, unit), (start, amount, unit)


@pytest.mark.postgis
def test_equal_in_a_zone_with_summer_time_and_other_working_hours(pg):
    # Asia/Shanghai has one UTC offset (plain arithmetic in the database); Europe/Berlin changes it twice a
    # year (the database converts every time): both give the Python result
    pg.set_time_zone("Europe/Berlin")
    pg.set_working_hours("07:45-11:15,12:00-12:30,13:00-16:59")
    try:
        working = WorkingTime({d: w for d, w, _ in holiday_rows()}, pg.working_hours(), "Europe/Berlin")
        starts, amounts, units = random_inputs(16, 1500)
        database = pg.add_working_times(starts, amounts, units)
        for start, amount, unit, got in zip(starts, amounts, units, database):
            assert got == working.add(start, amount, unit), (start, amount, unit)
    finally:
        pg.set_time_zone("Asia/Shanghai")
        pg.set_working_hours("08:30-12:00,13:30-17:30")


@pytest.mark.postgis
def test_dispatch_deadline_uses_the_limit_unit_and_stage_deadlines_are_computed(store):
    store.set_time_limit("event", "0201", 0, 2, stage="handling", unit="working_days")
    store.set_time_limit("event", "0201", 0, 4, stage="verification", unit="working_hours")
    case = store.report_case("event", "0201", "inspector", *point(3), description="ads", role="inspector")
    row = next(r for r in store.case_deadlines() if r["case_code"] == case["case_code"])
    assert row["stage"] == "verification"
    assert row["due_at"] == store.add_working_time(case["reported_at"], 4, "working_hours")
    assert row["overdue"] is False
    later = next(
        r for r in store.case_deadlines(as_of=row["due_at"] + dt.timedelta(seconds=1)) if r["case_id"] == row["case_id"]
    )
    assert later["overdue"] is True
    case = store.apply(case["case_code"], "verify", "inspector", case["version"])
    case = store.apply(case["case_code"], "register", "supervision", case["version"])
    assert next(r for r in store.case_deadlines() if r["case_id"] == row["case_id"])["due_at"] is None  # no limit
    case = store.apply(case["case_code"], "dispatch", "command", case["version"], department="sz")
    assert case["deadline_at"] == store.add_working_time(case["dispatched_at"], 2, "working_days")
    handling = next(r for r in store.case_deadlines() if r["case_id"] == row["case_id"])
    assert (handling["stage"], handling["due_at"]) == ("handling", case["deadline_at"])


@pytest.mark.postgis
def test_failed_check_sends_the_case_back_to_the_same_department(store):
    case = store.report_case("event", "0102", "inspector", *point(5), description="rubbish", role="inspector")
    for action, role, extra in (
        ("verify", "inspector", {}),
        ("register", "supervision", {}),
        ("dispatch", "command", {"department": "yl"}),
        ("report_back", "department", {}),
    ):
        case = store.apply(case["case_code"], action, role, case["version"], **extra)
    with pytest.raises(WorkflowError) as refused:
        store.apply(case["case_code"], "fail_check", "inspector", case["version"], note="  ")
    assert "field note" in str(refused.value) and case["case_code"] in str(refused.value)
    with pytest.raises(WorkflowError):  # only the inspector checks
        store.apply(case["case_code"], "fail_check", "supervision", case["version"], note="still dirty")
    assert store.get_case(case["case_code"])["version"] == case["version"]
    failed = store.apply(
        case["case_code"], "fail_check", "inspector", case["version"], note="still dirty", attachments=["after.jpg"]
    )
    assert (failed["state"], failed["department"], failed["rework_count"]) == ("dispatched", "yl", 1)
    assert failed["handled_at"] is None and not failed["checked"]
    assert failed["deadline_at"] > case["deadline_at"]
    last = store.events(case["case_code"])[-1]
    assert (last["action"], last["note"], list(last["attachments"])) == ("fail_check", "still dirty", ["after.jpg"])
    # fixed this time: check passed, then closable
    case = store.apply(failed["case_code"], "report_back", "department", failed["version"])
    case = store.apply(case["case_code"], "check", "inspector", case["version"])
    case = store.apply(case["case_code"], "close", "supervision", case["version"])
    assert (case["state"], case["rework_count"]) == ("closed", 1)
    rows = store.analysis_rows()
    row = next(r for r in rows if r["case_code"] == case["case_code"])
    assert row["rework_count"] == 1
    # evaluate's 返工率 counts the failed check as a rework of the department
    frame = pd.DataFrame([r for r in rows if r["case_code"] == case["case_code"]])
    table, _ = evaluation.evaluate(frame, "department", "all", as_of="2099-01-01")
    assert table.set_index("unit_code").loc["yl", "rework"] == 1
    assert table.set_index("unit_code").loc["yl", "rework_rate"] == 1.0


def test_gpkg_time_limit_administration_is_audited(tmp_path):
    store = GpkgStore(str(tmp_path / "a.gpkg"), user="desk_admin")
    store.migrate()
    seed_reference(store)
    n = store.set_time_limits(
        [
            {"kind": "event", "class_code": "*", "urgency": "*", "stage": "check", "amount": 1, "unit": "working_days"},
        ]
    )
    classes = [c for c in store.classes("event")]
    assert n == 2 * len(classes)
    assert store.load_calendar(holiday_rows()) == len(holiday_rows())
    # reloading a year replaces that year only
    assert store.load_calendar([(dt.date(2026, 12, 31), False, "test")]) == 1
    assert [r["day"].year for r in store.calendar()].count(2026) == 1
    assert len(store.calendar(2025)) == len(read_calendar_csv(os.path.join(CALENDARS, "cn_2025.csv")))
    store.set_working_hours("09:00-12:00, 14:00-18:00")
    assert store.working_hours() == "09:00-12:00,14:00-18:00"
    with pytest.raises(InputError, match="working_hours"):
        store.set_working_hours("18:00-09:00")
    log = store.working_time_log(limit=10000)
    assert {r["table_name"] for r in log} == {"time_limits", "calendar", "settings"}
    assert {r["actor"] for r in log} == {"desk_admin"}
    with pytest.raises(InputError, match="class_code"):
        store.set_time_limits(
            [{"kind": "event", "class_code": "9999", "urgency": 0, "stage": "check", "amount": 1, "unit": "hours"}]
        )


@pytest.mark.postgis
@pytest.mark.parametrize("login", sorted(USERS))
def test_only_the_command_centre_manages_working_time(cluster, pg, login):
    store = PostgisStore(cluster.dsn("working_time", user=login))
    try:
        before = len(pg.working_time_log(limit=100000))
        allowed = USERS[login][0] == "command"
        actions = (
            lambda: store.set_time_limit("event", "0102", 1, 2, stage="check", unit="working_hours"),
            lambda: store.set_working_hours("08:30-12:00,13:30-17:30"),
            lambda: store.load_calendar([(dt.date(2027, 1, 1), False, "元旦")]),
        )
        for action in actions:
            if allowed:
                action()
            else:
                with pytest.raises(StoreError):
                    action()
        after = pg.working_time_log(limit=100000)
        if allowed:
            assert len(after) > before and after[0]["actor"] == login
        else:
            assert len(after) == before
        # everyone may compute deadlines; the log is the command centre's
        assert store.add_working_time(local(2026, 11, 27, 16), 4, "working_hours").astimezone(SH) == local(
            2026, 11, 30, 11
        )
        if login == "wt_plan":
            return
        if not allowed:
            with pytest.raises(StoreError):
                store.working_time_log()
        # nobody writes the tables directly
        with pytest.raises(StoreError):
            store._run(lambda cur: cur.execute("DELETE FROM gm.calendar"))
        with pytest.raises(StoreError):
            store._run(lambda cur: cur.execute("UPDATE gm.time_limits SET amount = 1000"))
    finally:
        store.close()


def test_admin_command_line_loads_calendar_and_limits_into_a_gpkg(tmp_path, capsys):
    from gridmanager.grid_manager.store import admin

    path = str(tmp_path / "cli.gpkg")
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    store.close()
    assert admin.main([path, "load-calendar", os.path.join(CALENDARS, "cn_2026.csv")]) == 0
    assert "2026" in capsys.readouterr().out
    assert admin.main([path, "load-time-limits", os.path.join(CALENDARS, "time_limits_example.csv")]) == 0
    assert admin.main([path, "working-hours", "09:00-12:00,13:00-17:00"]) == 0
    assert admin.main([path, "time-limits"]) == 0
    out = capsys.readouterr().out
    assert "working_days" in out and "09:00-12:00,13:00-17:00" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("date,working,note\n2026-13-01,false,x\n2026-10-01,maybe,y\n", encoding="utf-8")
    assert admin.main([path, "load-calendar", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 2" in err and "field date" in err and "line 3" in err and "field working" in err
    bad.write_text("kind,class_code,urgency,stage,amount,unit\nevent,0102,0,handling,-1,days\n", encoding="utf-8")
    assert admin.main([path, "load-time-limits", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "field amount" in err and "field unit" in err
    store = GpkgStore(path, user="desk")
    try:
        limits = {(r["kind"], r["class_code"], r["urgency"], r["stage"]): r for r in store.time_limits()}
        assert limits[("event", "0102", 0, "handling")]["unit"] == "working_days"
        assert limits[("event", "0102", 0, "verification")]["max_extension_hours"] == 24
        assert len(store.calendar(2026)) == len(read_calendar_csv(os.path.join(CALENDARS, "cn_2026.csv")))
    finally:
        store.close()


@pytest.mark.postgis
def test_admin_command_line_as_command_centre_and_as_inspector(cluster, pg, capsys):
    from gridmanager.grid_manager.store import admin

    limits = os.path.join(CALENDARS, "time_limits_example.csv")
    assert admin.main([cluster.dsn("working_time", user="wt_insp"), "load-time-limits", limits]) == 1
    assert "command" in capsys.readouterr().err
    assert admin.main([cluster.dsn("working_time", user="wt_cmd"), "load-time-limits", limits]) == 0
    assert (
        admin.main(
            [cluster.dsn("working_time", user="wt_cmd"), "load-calendar", os.path.join(CALENDARS, "cn_2026.csv")]
        )
        == 0
    )
    limits = {(r["kind"], r["class_code"], r["urgency"], r["stage"]): r for r in pg.time_limits()}
    assert limits[("part", "0101", 1, "handling")]["unit"] == "working_hours"
    assert pg.working_time_log(limit=1)[0]["actor"] == "wt_cmd"


@pytest.mark.postgis
@pytest.mark.parametrize("login", sorted(USERS))
def test_only_an_inspector_login_fails_a_check(cluster, pg, login):
    case = pg.report_case("event", "0102", "inspector", *point(7), description="rubbish")
    for action, role, extra in (
        ("verify", "inspector", {}),
        ("register", "supervision", {}),
        ("dispatch", "command", {"department": "sz"}),
        ("report_back", "department", {}),
    ):
        case = pg.apply(case["case_code"], action, role, case["version"], **extra)
    store = PostgisStore(cluster.dsn("working_time", user=login))
    try:
        role = USERS[login][0]
        for tried in ("inspector", role):  # as the inspector role (not theirs unless inspector) and as their own
            if tried != "inspector" and role == "inspector":
                continue
            if login == "wt_insp":
                done = store.apply(case["case_code"], "fail_check", tried, case["version"], note="不合格")
                assert (done["state"], done["department"], done["rework_count"]) == ("dispatched", "sz", 1)
                break
            with pytest.raises(StoreError):
                store.apply(case["case_code"], "fail_check", tried, case["version"], note="不合格")
        else:
            after = pg.get_case(case["case_code"])
            assert (after["state"], after["rework_count"]) == ("handled", 0)
    finally:
        store.close()


@pytest.mark.postgis
@pytest.mark.parametrize(
    "change, field",
    [
        ({"stage": "handing"}, "stage"),
        ({"unit": "days"}, "unit"),
        ({"amount": -1}, "amount"),
        ({"amount": float("nan")}, "amount"),
        ({"urgency": 2}, "urgency"),
    ],
)
def test_bad_time_limits_are_refused_naming_the_field(store, change, field):
    row = {"kind": "event", "class_code": "0102", "urgency": 0, "stage": "check", "amount": 2, "unit": "working_hours"}
    before = store.time_limits()
    with pytest.raises((StoreError, InputError)) as refused:
        store.set_time_limits([dict(row, **change)])
    assert "field {}".format(field) in str(refused.value)
    assert store.time_limits() == before


def test_calendar_lists_name_the_days_they_change():
    working = WorkingTime({d: w for d, w, _ in holiday_rows()})
    # 2025: 28 Jan-4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked; 2026: 1-7 Oct off, 20 Sep and 10 Oct worked
    assert not any(working.is_working_day(dt.date(2025, 1, 28) + dt.timedelta(days=i)) for i in range(8))
    assert working.is_working_day(dt.date(2025, 1, 26)) and working.is_working_day(dt.date(2025, 2, 8))
    assert not any(working.is_working_day(dt.date(2026, 10, 1) + dt.timedelta(days=i)) for i in range(7))
    assert working.is_working_day(dt.date(2026, 9, 20)) and working.is_working_day(dt.date(2026, 10, 10))
    assert working.is_working_day(dt.date(2026, 10, 8)) and not working.is_working_day(dt.date(2026, 10, 11))
    # working days per year, counted by hand from the notices: 261 weekdays - 18 holiday weekdays + 5 make-up
    # days in 2025; 261 - 19 + 6 in 2026
    for year in (2025, 2026):
        days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(365)]
        assert sum(working.is_working_day(d) for d in days) == 248


@pytest.mark.postgis
def test_an_approved_extension_counts_in_the_limit_s_kind_of_time(store):
    """延期: hours of working time when the handling limit is in working time (a Friday-afternoon deadline
    extended by 4 hours ends on Monday), clock hours when the limit is in clock hours."""
    cases = {}
    for class_code, amount, unit in (("0201", 2, "working_days"), ("0505", 24, "hours")):
        store.set_time_limit("event", class_code, 0, amount, max_extension_hours=48, stage="handling", unit=unit)
        case = store.report_case("event", class_code, "inspector", *point(4), description="ext", role="inspector")
        for action, role, extra in (
            ("verify", "inspector", {}),
            ("register", "supervision", {}),
            ("dispatch", "command", {"department": "sz"}),
            ("request_extension", "department", {"hours": 4}),
            ("approve_extension", "command", {}),
        ):
            before = case
            case = store.apply(case["case_code"], action, role, case["version"], **extra)
        cases[unit] = (before["deadline_at"], case["deadline_at"])
    old, new = cases["working_days"]
    assert new == store.add_working_time(old, 4, "working_hours") and new - old >= dt.timedelta(hours=4)
    old, new = cases["hours"]
    assert new - old == dt.timedelta(hours=4)
