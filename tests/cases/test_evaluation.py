"""Indicators of 综合评价 and gridmanager:evaluate."""

import math

import numpy as np
import pandas as pd
import pytest

X0, Y0 = 500000.0, 4420000.0
G1, G2, G3 = "110101001001001", "110101001001002", "110101001002001"


def case(
    code,
    grid,
    reported,
    registered=None,
    dispatched=None,
    deadline=None,
    handled=None,
    closed=None,
    state="registered",
    department="环卫",
    rework=0,
    extension=0,
):
    return {
        "case_code": code,
        "kind": "event",
        "class_code": "0102",
        "state": state,
        "department": department,
        "grid_code": grid,
        "community_code": None,
        "street_code": None,
        "reported_at": reported,
        "registered_at": registered,
        "dispatched_at": dispatched,
        "deadline_at": deadline,
        "handled_at": handled,
        "closed_at": closed,
        "rework_count": rework,
        "extension_count": extension,
        "returned_count": 0,
    }


def sample_cases():
    return [
        # grid 1, January: on time and closed
        case(
            "A1",
            G1,
            "2025-01-03T10:00:00",
            "2025-01-03T11:00:00",
            "2025-01-03T12:00:00",
            "2025-01-04T12:00:00",
            "2025-01-04T10:00:00",
            "2025-01-05T10:00:00",
            "closed",
        ),
        # grid 1, January: late, reworked, extended, not closed
        case(
            "A2",
            G1,
            "2025-01-10T10:00:00",
            "2025-01-10T11:00:00",
            "2025-01-10T12:00:00",
            "2025-01-11T12:00:00",
            "2025-01-12T12:00:00",
            None,
            "handled",
            rework=1,
            extension=1,
        ),
        # grid 1, January: declined (reported, not registered)
        case("A3", G1, "2025-01-11T10:00:00", state="declined"),
        # grid 1, January: cancelled — not counted at all
        case("A4", G1, "2025-01-12T10:00:00", state="cancelled"),
        # grid 2, February: open and past its deadline
        case(
            "B1",
            G2,
            "2025-02-10T10:00:00",
            "2025-02-10T11:00:00",
            "2025-02-10T12:00:00",
            "2025-02-11T12:00:00",
            None,
            None,
            "dispatched",
            department="市政",
        ),
        # grid 2, February: deadline still ahead at the evaluation time -> not due yet
        case(
            "B2",
            G2,
            "2025-02-27T10:00:00",
            "2025-02-27T11:00:00",
            "2025-02-27T12:00:00",
            "2025-03-30T12:00:00",
            None,
            None,
            "dispatched",
            department="市政",
        ),
        # grid 3 (another community), February: on time, closed
        case(
            "C1",
            G3,
            "2025-02-01T08:00:00",
            "2025-02-01T09:00:00",
            "2025-02-01T09:00:00",
            "2025-02-02T09:00:00",
            "2025-02-01T21:00:00",
            "2025-02-02T08:00:00",
            "closed",
            department="市政",
        ),
    ]


def test_indicator_definitions_per_grid():
    from gridmanager.grid_manager.cases import evaluation

    table, missing = evaluation.evaluate(pd.DataFrame(sample_cases()), "grid", "all", as_of="2025-03-01T00:00:00")
    assert missing == 0
    g1 = table.set_index("unit_code").loc[G1]
    assert (g1.reported, g1.registered, g1.due, g1.on_time, g1.handled, g1.overdue) == (3, 2, 2, 1, 2, 1)
    assert (g1.closed, g1.due_close, g1.rework, g1.extended) == (1, 2, 1, 1)
    assert g1.registration_rate == pytest.approx(2 / 3, abs=1e-4)
    assert g1.ontime_rate == 0.5 and g1.handling_rate == 1.0 and g1.closing_rate == 0.5
    assert g1.rework_rate == 0.5 and g1.extension_rate == 0.5 and g1.overdue_rate == 0.5
    assert g1.handling_hours == pytest.approx((22 + 48) / 2)
    # composite: 0.3*50 + 0.2*100 + 0.2*50 + 0.15*50 + 0.15*50 = 60 -> level 4
    assert g1.score == pytest.approx(60.0) and g1.level == 4
    g2 = table.set_index("unit_code").loc[G2]
    assert (g2.reported, g2.registered, g2.due, g2.handled, g2.overdue) == (2, 2, 1, 0, 1)
    # 应结案 = registered with the deadline passed at AS_OF (or closed): B1 only
    assert (g2.due_close, g2.closed, g2.closing_rate, g2.rework_rate) == (1, 0, 0.0, 0.0)
    assert (g1.due_close, g1.closed_on_time, g1.ontime_closing_rate) == (2, 0, 0.0)  # A1 closed after its deadline
    assert g1.dispatch_accuracy == 1.0
    assert math.isnan(g2.handling_hours)
    g3 = table.set_index("unit_code").loc[G3]
    assert g3.score == 100.0 and g3.level == 1


def test_units_and_periods():
    from gridmanager.grid_manager.cases import evaluation

    frame = pd.DataFrame(sample_cases())
    comm, _ = evaluation.evaluate(frame, "community", "all", as_of="2025-03-01")
    assert sorted(comm["unit_code"]) == [G1[:12], G3[:12]]
    street, _ = evaluation.evaluate(frame, "street", "all", as_of="2025-03-01")
    assert street["unit_code"].tolist() == [G1[:9]] and street["reported"].iloc[0] == 6
    dept, _ = evaluation.evaluate(frame, "department", "month", as_of="2025-03-01")
    rows = {(r.unit_code, r.period_start.strftime("%Y-%m")): r for r in dept.itertuples()}
    assert set(rows) == {("环卫", "2025-01"), ("市政", "2025-02")}
    assert rows[("市政", "2025-02")].period_end == pd.Timestamp("2025-03-01")
    assert rows[("市政", "2025-02")].reported == 3


def test_levels_and_weights():
    from gridmanager.grid_manager.cases import evaluation

    table = pd.DataFrame({name: [np.nan] * 6 for name in evaluation.RATES})
    table["ontime_rate"] = [0.95, 0.85, 0.75, 0.65, 0.10, np.nan]
    scored = evaluation.score_table(table, {"ontime_rate": 1.0})
    assert scored["level"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert pd.isna(scored["level"].iloc[5]) and math.isnan(scored["score"].iloc[5])


def three_cases():
    """The issue's AS_OF example: reported and closed in March; reported in March and closed in April;
    reported in April."""
    return pd.DataFrame(
        [
            case(
                "M1",
                G1,
                "2025-03-02T09:00:00",
                "2025-03-02T10:00:00",
                "2025-03-02T11:00:00",
                "2025-03-05T11:00:00",
                "2025-03-04T09:00:00",
                "2025-03-04T18:00:00",
                "closed",
            ),
            case(
                "M2",
                G1,
                "2025-03-20T09:00:00",
                "2025-03-20T10:00:00",
                "2025-03-20T11:00:00",
                "2025-03-25T11:00:00",
                "2025-04-02T09:00:00",
                "2025-04-03T09:00:00",
                "closed",
            ),
            case(
                "A1",
                G1,
                "2025-04-05T09:00:00",
                "2025-04-05T10:00:00",
                "2025-04-05T11:00:00",
                "2025-04-08T11:00:00",
                "2025-04-06T09:00:00",
                "2025-04-07T09:00:00",
                "closed",
            ),
        ]
    )


def test_as_of_counts_the_records_as_they_stood():
    from gridmanager.grid_manager.cases import evaluation

    info = {}
    table, _ = evaluation.evaluate(three_cases(), "grid", "all", as_of="2025-04-01T00:00:00", info=info)
    row = table.iloc[0]
    assert (row.reported, row.closed) == (2, 1)
    assert info["after_as_of"] == 1
    # M2 was still open at AS_OF, its deadline (03-25) passed: due, overdue, not handled
    assert (row.registered, row.due, row.handled, row.overdue, row.due_close) == (2, 2, 1, 1, 2)
    assert row.closing_rate == 0.5 and row.handling_hours == pytest.approx(46.0)  # M1 only
    # the same data evaluated later: everything happened
    later, _ = evaluation.evaluate(three_cases(), "grid", "all", as_of="2025-05-01T00:00:00")
    assert (later.iloc[0].reported, later.iloc[0].closed) == (3, 3)
    # by month, as of April 1st: only March exists
    monthly, _ = evaluation.evaluate(three_cases(), "grid", "month", as_of="2025-04-01T00:00:00")
    assert monthly["period_start"].tolist() == [pd.Timestamp("2025-03-01")] and monthly["closed"].tolist() == [1]
    # a registration / cancellation after AS_OF has not happened yet
    frame = three_cases()
    frame.loc[0, "registered_at"] = None  # M1 has later steps: registered from its dispatch on
    frame["cancelled_at"] = [None, "2025-04-10T00:00:00", None]
    frame.loc[1, "state"] = "cancelled"
    again, _ = evaluation.evaluate(frame, "grid", "all", as_of="2025-04-01T00:00:00")
    assert (again.iloc[0].reported, again.iloc[0].registered, again.iloc[0].closed) == (2, 2, 1)
    with pytest.raises(Exception, match="no case had been reported by the evaluation time 2025-01-01 00:00"):
        evaluation.evaluate(three_cases(), "grid", "all", as_of="2025-01-01", layer="cases")


def test_kpis_weights_levels_and_units_without_cases():
    from gridmanager.grid_manager.cases import evaluation
    from gridmanager.grid_manager.common.errors import InputError

    weights = evaluation.parse_weights("按期结案率 50, closing_rate: 50")
    assert weights == {"ontime_closing_rate": 50.0, "closing_rate": 50.0}
    assert evaluation.parse_weights("") == evaluation.DEFAULT_WEIGHTS
    for bad in ("speed 10", "ontime_rate -1", "ontime_rate 0", "ontime_rate"):
        with pytest.raises(InputError, match="Score weights"):
            evaluation.parse_weights(bad)
    assert evaluation.parse_levels("95, 85, 75, 65") == (95.0, 85.0, 75.0, 65.0)
    with pytest.raises(InputError, match="four decreasing scores"):
        evaluation.parse_levels("60,70,80,90")
    table, _ = evaluation.evaluate(
        pd.DataFrame(sample_cases()),
        "grid",
        "all",
        as_of="2025-03-01T00:00:00",
        weights=weights,
        thresholds=(95.0, 85.0, 75.0, 65.0),
        all_units=[G1, G2, G3, "110101001002002"],
    )
    rows = table.set_index("unit_code")
    # G1: 按期结案率 0 and 结案率 0.5 -> 25; G3: closed on time -> 100
    assert rows.loc[G1].score == pytest.approx(25.0) and rows.loc[G1].level == 5
    assert rows.loc[G3].score == 100.0 and rows.loc[G3].level == 1
    empty = rows.loc["110101001002002"]
    assert empty.reported == 0 and pd.isna(empty.level) and math.isnan(empty.score)
    assert all(math.isnan(empty[r]) for r in evaluation.RATES)
    # without returned_count the dispatch accuracy is not computed
    no_returns = pd.DataFrame(sample_cases()).drop(columns=["returned_count"])
    t2, _ = evaluation.evaluate(no_returns, "grid", "all", as_of="2025-03-01T00:00:00")
    assert t2["dispatch_accuracy"].isna().all()


def test_duplicates_and_missing_report_times():
    from gridmanager.grid_manager.cases import evaluation

    frame = pd.DataFrame(sample_cases() + [sample_cases()[0], sample_cases()[1]])
    frame.loc[len(frame)] = case("N1", G1, None)
    keep, n, codes = evaluation.duplicate_cases(frame)
    assert n == 2 and codes == ["A1", "A2"] and keep.sum() == len(frame) - 2
    info = {}
    table, _ = evaluation.evaluate(frame[keep], "grid", "all", as_of="2025-03-01T00:00:00", info=info)
    assert info["no_report_time"] == 1
    assert table.set_index("unit_code").loc[G1].reported == 3


def test_time_zone_naive_local_and_zoned_times():
    from gridmanager.grid_manager.cases import evaluation, times

    # 2025-01-31 20:00 UTC is 2025-02-01 04:00 in Shanghai
    frame = pd.DataFrame(
        [
            case("T1", G1, "2025-01-31T20:00:00Z"),
            case("T2", G1, "2025-01-31T20:00:00"),
            case("T3", G1, "2025-02-01T03:00:00+08:00"),
            case("T4", G1, pd.Timestamp("2025-01-31T15:00:00", tz="UTC")),
        ]
    )
    shanghai, _ = evaluation.evaluate(frame, "grid", "month", as_of="2025-03-01")
    assert dict(zip(shanghai["period_start"].dt.strftime("%m"), shanghai["reported"])) == {"01": 2, "02": 2}
    utc, _ = evaluation.evaluate(frame, "grid", "month", as_of="2025-03-01", zone="UTC")
    assert dict(zip(utc["period_start"].dt.strftime("%m"), utc["reported"])) == {"01": 4}
    mask = evaluation.filter_mask(frame, start=pd.Timestamp("2025-02-01"), zone="Asia/Shanghai")
    assert mask.tolist() == [True, False, True, False]
    # weeks run Monday to Sunday
    week, _ = evaluation.evaluate(pd.DataFrame([case("W", G1, "2025-03-09T23:00:00")]), "grid", "week")
    assert week["period_start"].iloc[0] == pd.Timestamp("2025-03-03") and week["period_end"].iloc[0] == pd.Timestamp(
        "2025-03-10"
    )
    with pytest.raises(Exception, match="Unknown time zone 'Moon/Base'"):
        times.check_zone("Moon/Base")


def test_bad_timestamp_names_feature_and_field():
    from gridmanager.grid_manager.cases import evaluation
    from gridmanager.grid_manager.common.errors import InputError

    rows = sample_cases()
    rows[2]["handled_at"] = "yesterday"
    frame = pd.DataFrame(rows)
    frame["fid"] = range(11, 11 + len(rows))
    with pytest.raises(InputError, match=r"cases: feature 13, field handled_at: 'yesterday'"):
        evaluation.evaluate(frame, "grid", layer="cases")


@pytest.fixture(scope="module")
def layers(tmp_path_factory):
    import geopandas as gpd
    import shapely

    folder = tmp_path_factory.mktemp("evaluation")
    grids = gpd.GeoDataFrame(
        {"grid_code": [G1, G2, G3, "110101001002002"]},
        geometry=[shapely.box(X0 + i * 100, Y0, X0 + (i + 1) * 100, Y0 + 100) for i in range(4)],
        crs="EPSG:4548",
    )
    grids.to_file(folder / "grids.gpkg", layer="grids", driver="GPKG")
    rows = sample_cases()
    frame = pd.DataFrame(rows)
    for col in ("reported_at", "registered_at", "dispatched_at", "deadline_at", "handled_at", "closed_at"):
        frame[col] = pd.to_datetime(frame[col])
    xs = {G1: X0 + 50, G2: X0 + 150, G3: X0 + 250}
    cases = gpd.GeoDataFrame(
        frame, geometry=[shapely.Point(xs[g], Y0 + 50) for g in frame["grid_code"]], crs="EPSG:4548"
    )
    cases.to_file(folder / "cases.gpkg", layer="cases", driver="GPKG")
    return {
        "grids": str(folder / "grids.gpkg") + "|layername=grids",
        "cases": str(folder / "cases.gpkg") + "|layername=cases",
    }


def rows_of(path):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(path, "x", "ogr")
    names = [f.name() for f in layer.fields()]
    return [{n: feat[n] for n in names} | {"_geom": feat.geometry()} for feat in layer.getFeatures()]


def test_evaluate_algorithm_map_and_table(run_alg, layers, tmp_path):
    res, feedback = run_alg(
        "gridmanager:evaluate",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "UNIT": 0,
            "AS_OF": "2025-03-01T00:00:00",
            "OUTPUT": str(tmp_path / "map.gpkg"),
            "OUTPUT_TABLE": str(tmp_path / "table.gpkg"),
        },
    )
    table = {r["unit_code"]: r for r in rows_of(res["OUTPUT_TABLE"])}
    # the fourth grid has no case: in the table and on the map, with no score
    assert set(table) == {G1, G2, G3, "110101001002002"}
    assert table[G1]["level"] == 4 and table[G1]["level_name"] == "Poor" and table[G1]["score"] == 60.0
    mapped = {r["unit_code"]: r for r in rows_of(res["OUTPUT"])}
    assert set(mapped) == {G1, G2, G3, "110101001002002"}
    empty = mapped["110101001002002"]
    assert empty["reported"] == 0 and empty["level"] is None or empty["level"].isNull()
    assert empty["level_name"] == "No score"
    assert mapped[G3]["_geom"].area() == pytest.approx(10000.0)
    assert res["UNITS"] == 4


def test_evaluate_communities_by_month_for_the_temporal_controller(run_alg, layers, tmp_path):
    res, _ = run_alg(
        "gridmanager:evaluate",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "UNIT": 1,
            "PERIOD": 2,
            "AS_OF": "2025-03-01T00:00:00",
            "OUTPUT": str(tmp_path / "m.gpkg"),
            "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
        },
    )
    mapped = rows_of(res["OUTPUT"])
    keys = sorted((r["unit_code"], r["period_start"].toString("yyyy-MM")) for r in mapped)
    # community 002 has no case in January: there with no score, so the January map has no hole
    assert keys == [(G1[:12], "2025-01"), (G1[:12], "2025-02"), (G3[:12], "2025-01"), (G3[:12], "2025-02")]
    hole = [r for r in mapped if r["unit_code"] == G3[:12] and r["period_start"].toString("MM") == "01"][0]
    assert hole["reported"] == 0 and hole["level_name"] == "No score"
    # periods are local (Asia/Shanghai) months, written as local wall-clock times
    assert sorted({r["period_start"].toString("yyyy-MM-dd HH:mm") for r in mapped}) == [
        "2025-01-01 00:00",
        "2025-02-01 00:00",
    ]
    # community 001 is dissolved from its two grids
    first = [r for r in mapped if r["unit_code"] == G1[:12]][0]
    assert first["_geom"].area() == pytest.approx(20000.0)


def test_departments_get_a_table_only(run_alg, layers, tmp_path):
    res, feedback = run_alg(
        "gridmanager:evaluate",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "UNIT": 3,
            "OUTPUT": str(tmp_path / "m.gpkg"),
            "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
        },
    )
    assert "OUTPUT" not in res
    assert any("Departments have no geometry" in line for line in feedback.log)
    assert {r["unit_code"] for r in rows_of(res["OUTPUT_TABLE"])} == {"环卫", "市政"}


def test_time_window_without_cases(run_alg, layers, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="no case was reported in the chosen time window"):
        run_alg(
            "gridmanager:evaluate",
            {
                "CASES": layers["cases"],
                "START": "2024-01-01T00:00:00",
                "END": "2024-02-01T00:00:00",
                "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
            },
        )
    assert not (tmp_path / "t.gpkg").exists()


def test_message_in_chinese(run_alg, layers, tmp_path, zh_cn):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as info:
        run_alg(
            "gridmanager:evaluate",
            {
                "CASES": layers["cases"],
                "START": "2024-01-01T00:00:00",
                "END": "2024-02-01T00:00:00",
                "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
            },
        )
    text = str(info.value)
    assert "cases" in text
    assert "时间" in text


def test_empty_selection(run_alg, layers, tmp_path):
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingException,
        QgsProcessingFeatureSourceDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    layer = QgsVectorLayer(layers["cases"], "selected cases", "ogr")
    QgsProject.instance().addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    try:
        with pytest.raises(QgsProcessingException, match="selected cases: there are no cases to evaluate"):
            run_alg(
                "gridmanager:evaluate",
                {
                    "CASES": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                    "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
                },
                context=context,
            )
        assert not (tmp_path / "t.gpkg").exists()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_grid_case_stats_by_recorded_grid_code(run_alg, layers, tmp_path):
    """gridcasestats with ASSIGN = the case's grid_code field (cases store their grid)."""
    res, _ = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "ASSIGN": 1,
            "PERMUTATIONS": 9,
            "OUTPUT": str(tmp_path / "s.gpkg"),
        },
    )
    counts = {r["grid_code"]: r["n_cases"] for r in rows_of(res["OUTPUT"])}
    assert counts == {G1: 4, G2: 2, G3: 1, "110101001002002": 0}
    assert res["UNASSIGNED"] == 0 and res["TOTAL_CASES"] == 7


def test_time_overdue_before_an_accepted_return_still_counts():
    """A department that let a case run late and had it returned (退回, accepted by the command centre)
    does not erase the overdue: returned_overdue_hours > 0 keeps the case due and overdue."""
    from gridmanager.grid_manager.cases import evaluation

    rows = [
        # returned after running 5 h late, re-dispatched and handled on time by the next department
        dict(
            case(
                "R1",
                G1,
                "2025-01-03T10:00:00",
                "2025-01-03T11:00:00",
                "2025-01-05T12:00:00",
                "2025-01-06T12:00:00",
                "2025-01-06T10:00:00",
                state="handled",
            ),
            returned_overdue_hours=5.0,
        ),
        # returned early (nothing overdue), back in 'registered'
        dict(case("R2", G1, "2025-01-04T10:00:00", "2025-01-04T11:00:00"), returned_overdue_hours=0.0),
    ]
    table, _missing = evaluation.evaluate(pd.DataFrame(rows), "grid", "all", as_of="2025-03-01T00:00:00")
    g1 = table.set_index("unit_code").loc[G1]
    assert (g1.registered, g1.due, g1.on_time, g1.overdue) == (2, 1, 0, 1)
    # without the field (an older export) the same cases look on time: the field is what keeps the record
    plain = pd.DataFrame(rows).drop(columns=["returned_overdue_hours"])
    table, _missing = evaluation.evaluate(plain, "grid", "all", as_of="2025-03-01T00:00:00")
    g1 = table.set_index("unit_code").loc[G1]
    assert (g1.due, g1.on_time, g1.overdue) == (1, 1, 0)


def _report(run_alg, layers, tmp_path, name, **extra):
    params = {
        "CASES": layers["cases"],
        "PERIOD": 2,
        "AS_OF": "2025-03-01T00:00:00",
        "OUTPUT_TABLE": str(tmp_path / f"{name}.gpkg"),
        "REPORT": str(tmp_path / f"{name}.html"),
    }
    params.update(extra)
    res, _ = run_alg("gridmanager:evaluate", params)
    with open(res["REPORT"], encoding="utf-8") as handle:
        return handle.read()


def test_review_report(run_alg, layers, tmp_path):
    """REPORT: the KPI table per month (rates from the summed counts), top grids and departments."""
    import re

    text = _report(run_alg, layers, tmp_path, "review").replace("\n", "")
    assert text.startswith("<!DOCTYPE html>") and "Case handling review" in text
    assert "<th>2025-01-01</th><th>2025-02-01</th>" in text
    # January: A1, A2, A3 reported (A4 cancelled), 2 of them registered: 立案率 66.7 %
    assert "<tr><td>Cases reported</td><td>3</td><td>3</td></tr>" in text
    assert "<tr><td>Registration rate (立案率)</td><td>66.7 %</td><td>100.0 %</td></tr>" in text
    grids = text.split("Top 10 grids by cases reported")[1].split("Top 10 departments")[0]
    ranks = re.findall(r"<tr><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", grids)
    assert ranks == [("1", G1, "3"), ("2", G2, "2"), ("3", G3, "1")]
    departments = text.split("Top 10 departments by cases reported")[1]
    assert re.findall(r"<tr><td>\d+</td><td>([^<]+)</td><td>(\d+)</td>", departments) == [("市政", "3"), ("环卫", "3")]
    assert "evaluated as of 2025-03-01 00:00" in text


def test_review_report_per_department_and_in_chinese(run_alg, layers, tmp_path, zh_cn):
    from gridmanager.grid_manager.cases.report import kpi_names

    text = _report(run_alg, layers, tmp_path, "zh", UNIT=3, PERIOD=0)
    assert "<th>" in text and "3" in text
    if kpi_names()["ontime_rate"].startswith("On-time"):
        pytest.skip("the zh_CN messages of issue 12 are not merged into i18n/*.ts yet (i18n-pending/issue12b.json)")
    assert "案件处置评价报告" in text and "按上报案件数排名前 10 的网格" in text and "按期处置率" in text
    assert "On-time" not in text and "Top 10" not in text


@pytest.fixture(scope="module")
def hotspot_layers(layers, tmp_path_factory):
    """A hot spot layer (as gridcasestats writes it), an emerging hot spot layer by... (as emerginghotspots
    writes it) and a polygon layer without either field, on the four grids."""
    import geopandas as gpd
    import shapely

    folder = tmp_path_factory.mktemp("report_maps")
    boxes = [shapely.box(X0 + i * 100, Y0, X0 + (i + 1) * 100, Y0 + 100) for i in range(4)]
    codes = [G1, G2, G3, "110101001002002"]
    out = {}
    for name, field, values in (
        ("hot", "hotspot_class", [3, 0, -2, 1]),
        ("ehs", "ehs_pattern", [1, 4, -1, 0]),
        ("plain", "value", [1, 2, 3, 4]),
    ):
        gdf = gpd.GeoDataFrame({"grid_code": codes, field: values}, geometry=boxes, crs="EPSG:4548")
        gdf.to_file(folder / f"{name}.gpkg", layer=name, driver="GPKG")
        out[name] = str(folder / f"{name}.gpkg") + f"|layername={name}"
    return out


def _images(text):
    """The PNGs embedded in the report, decoded, as QImages."""
    import base64
    import re

    from qgis.PyQt.QtGui import QImage

    images = []
    for data in re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text):
        image = QImage()
        assert image.loadFromData(base64.b64decode(data), "PNG")
        images.append(image)
    return images


def _not_blank(image):
    """Pixel variance of a sample of the image: a map, not an empty page."""
    values = np.array(
        [
            image.pixelColor(x, y).lightness()
            for x in range(0, image.width(), max(1, image.width() // 60))
            for y in range(0, image.height(), max(1, image.height() // 60))
        ],
        dtype=float,
    )
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), max(1, image.width() // 60))
        for y in range(0, image.height(), max(1, image.height() // 60))
    }
    return values.var() > 10.0 and len(colours) >= 3


def test_review_report_embeds_the_grade_hot_spot_and_emerging_maps(run_alg, layers, hotspot_layers, tmp_path):
    text = _report(
        run_alg,
        layers,
        tmp_path,
        "maps",
        GRIDS=layers["grids"],
        HOTSPOTS=hotspot_layers["hot"],
        EMERGING=hotspot_layers["ehs"],
    )
    headings = ["Grade map", "Hot and cold spots (Gi*)", "Emerging hot spots"]
    assert all(f"<h2>{h}</h2>" in text for h in headings)
    # the maps come after the indicators and before the top-10 tables, in this order
    positions = [text.index(f"<h2>{h}</h2>") for h in headings]
    assert text.index("Indicators") < positions[0] < positions[1] < positions[2] < text.index("Top 10 grids")
    images = _images(text)
    assert len(images) == 3
    assert all(image.width() == 900 and image.height() >= 200 for image in images)
    assert all(_not_blank(image) for image in images)
    # legends: the categories present, with their translated labels and feature counts
    hot = text.split("<h2>Hot and cold spots (Gi*)</h2>")[1].split("<h2>")[0]
    assert "<td>Hot spot 99 %</td><td>1</td>" in hot and "<td>Cold spot 95 %</td><td>1</td>" in hot
    assert "Cold spot 99 %" not in hot  # absent categories are not listed
    ehs = text.split("<h2>Emerging hot spots</h2>")[1].split("<h2>")[0]
    assert "<td>New hot spot</td><td>1</td>" in ehs and "<td>Persistent hot spot</td><td>1</td>" in ehs
    grade = text.split("<h2>Grade map</h2>")[1].split("<h2>")[0]
    assert "Whole window" in grade and 'class="swatch"' in grade
    # the grid without cases has no score and is drawn as such
    assert "<td>1</td></tr>" in grade


def test_review_report_maps_need_their_fields_and_a_grid_layer(run_alg, layers, hotspot_layers, tmp_path):
    text = _report(run_alg, layers, tmp_path, "nomaps", HOTSPOTS=hotspot_layers["plain"])
    assert "<img" not in text
    assert "No grid layer given: the report has no grade map." in text
    assert "has no field hotspot_class: its map is left out of the report." in text


def test_review_report_maps_in_chinese(run_alg, layers, hotspot_layers, tmp_path, zh_cn):
    from gridmanager.grid_manager.common.i18n import translate

    text = _report(
        run_alg,
        layers,
        tmp_path,
        "zhmaps",
        GRIDS=layers["grids"],
        HOTSPOTS=hotspot_layers["hot"],
        EMERGING=hotspot_layers["ehs"],
    )
    assert len(_images(text)) == 3
    if translate("EvaluateAlgorithm", "Grade map") == "Grade map":
        pytest.skip("the zh_CN messages of the report maps are not merged into i18n/*.ts yet (i18n-pending/w12.json)")
    assert "<h2>等级分布图</h2>" in text and "<h2>热点与冷点（Gi*）</h2>" in text and "<h2>时空热点</h2>" in text
    assert "Grade map" not in text and "Hot spot 99 %" not in text


def test_review_report_draws_the_latest_period_of_a_layer_by_period(run_alg, layers, tmp_path):
    import geopandas as gpd
    import shapely

    boxes = [shapely.box(X0 + i * 100, Y0, X0 + (i + 1) * 100, Y0 + 100) for i in range(4)]
    gdf = gpd.GeoDataFrame(
        {
            "grid_code": [G1, G2, G3, "110101001002002"] * 2,
            "period_start": pd.to_datetime(["2025-01-01"] * 4 + ["2025-02-01"] * 4),
            "hotspot_class": [3, 3, 3, 3, -3, 0, 0, 2],
        },
        geometry=boxes * 2,
        crs="EPSG:4548",
    )
    gdf.to_file(tmp_path / "hot_slices.gpkg", layer="slices", driver="GPKG")
    text = _report(
        run_alg, layers, tmp_path, "slices", HOTSPOTS=str(tmp_path / "hot_slices.gpkg") + "|layername=slices"
    )
    hot = text.split("<h2>Hot and cold spots (Gi*)</h2>")[1].split("<h2>")[0]
    assert "period starting 2025-02-01" in hot
    assert "<td>Cold spot 99 %</td><td>1</td>" in hot and "<td>Not significant</td><td>2</td>" in hot
    assert "<td>Hot spot 95 %</td><td>1</td>" in hot and "Hot spot 99 %" not in hot
    assert len(_images(text)) == 1 and _not_blank(_images(text)[0])
