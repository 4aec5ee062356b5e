"""gridmanager:workingtime through QGIS Processing: calendar, working hours and time limits into a case store."""

import os

import pytest
from qgis.core import QgsProcessingException

from gridmanager.grid_manager.cases.working_time import CALENDARS, read_calendar_csv
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.sample import seed_reference


@pytest.fixture
def store_path(tmp_path):
    path = str(tmp_path / "desk.gpkg")
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    store.close()
    return path


def test_loads_calendar_hours_and_limits(run_alg, store_path):
    results, feedback = run_alg(
        "gridmanager:workingtime",
        {
            "STORE": store_path,
            "CALENDAR": os.path.join(CALENDARS, "cn_2025.csv"),
            "WORKING_HOURS": "09:00-12:00, 13:00-17:00",
            "TIME_LIMITS": os.path.join(CALENDARS, "time_limits_example.csv"),
        },
    )
    assert results["CALENDAR_DAYS"] == len(read_calendar_csv(os.path.join(CALENDARS, "cn_2025.csv")))
    assert results["WORKING_HOURS_SET"] == "09:00-12:00,13:00-17:00"
    store = GpkgStore(store_path)
    try:
        assert results["LIMITS_SET"] == len(store.time_limits()) > 0
        assert {r["unit"] for r in store.time_limits()} == {"working_hours", "working_days"}
        assert store.working_time_log(limit=1)[0]["actor"]
    finally:
        store.close()


def test_bad_files_are_refused_before_anything_is_written(run_alg, store_path, tmp_path):
    bad = tmp_path / "limits.csv"
    bad.write_text("kind,class_code,urgency,stage,amount,unit\nevent,*,*,handing,1,working_days\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException) as refused:
        run_alg(
            "gridmanager:workingtime",
            {"STORE": store_path, "CALENDAR": os.path.join(CALENDARS, "cn_2026.csv"), "TIME_LIMITS": str(bad)},
        )
    message = str(refused.value)
    assert "limits.csv" in message and "line 2" in message and "field stage" in message and "handing" in message
    store = GpkgStore(store_path)
    try:
        assert store.calendar() == []  # the calendar of the same run was not loaded either
    finally:
        store.close()
    with pytest.raises(QgsProcessingException, match="Give a holiday calendar"):
        run_alg("gridmanager:workingtime", {"STORE": store_path})
    with pytest.raises(QgsProcessingException, match="working_hours"):
        run_alg("gridmanager:workingtime", {"STORE": store_path, "WORKING_HOURS": "17:30-08:30"})
