"""Case times through the algorithms: one time zone (TIME_ZONE), the same answer whatever the read path
(whole OGR layer, selected features), AS_OF, duplicates, NULL times and cases without grid_code."""

import pandas as pd
import pytest

X0, Y0 = 500000.0, 4420000.0  # EPSG:4548
G1, G2 = "110101001001001", "110101001001002"


def write_cases(path, rows, time_fields=("reported_at",), driver="GPKG"):
    """A point layer written with OGR (GeoPackage or GeoJSON): date-time fields are OGR DateTime fields,
    set from text so each value keeps the zone written in it (or none)."""
    from osgeo import ogr, osr

    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4548)
    layer = ds.CreateLayer("cases", srs, ogr.wkbPoint)
    names = [k for k in rows[0] if k not in ("x", "y")]
    for name in names:
        kind = ogr.OFTDateTime if name in time_fields or name.endswith("_at") else ogr.OFTString
        if name.endswith("_count"):
            kind = ogr.OFTInteger
        layer.CreateField(ogr.FieldDefn(name, kind))
    for row in rows:
        feat = ogr.Feature(layer.GetLayerDefn())
        for name in names:
            if row[name] is not None:
                feat.SetField(name, row[name])
        feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({} {})".format(row["x"], row["y"])))
        layer.CreateFeature(feat)
    ds = None
    return str(path) + ("|layername=cases" if driver == "GPKG" else "")


def grids_gpkg(path):
    import geopandas as gpd
    import shapely

    gpd.GeoDataFrame(
        {"grid_code": [G1, G2]},
        geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100), shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100)],
        crs="EPSG:4548",
    ).to_file(path, layer="grids", driver="GPKG")
    return str(path) + "|layername=grids"


def month_rows(naive=True):
    """January / February around midnight of Feb 1st in Shanghai (UTC+8)."""
    rows = []
    times = (
        # 8 cases late on Jan 31st, local time: January in Shanghai
        ["2025-01-31 20:00:00"] * 8
        # 5 cases early on Feb 1st, local time (Jan 31st 19:00 UTC): February in Shanghai
        + ["2025-02-01 03:00:00"] * 5
    )
    if not naive:
        # the same instants written with zones: Z (UTC) and +08
        times = ["2025-01-31 12:00:00+00"] * 4 + ["2025-01-31 20:00:00+08"] * 4 + ["2025-01-31 19:00:00+00"] * 5
    for i, t in enumerate(times):
        rows.append(
            {
                "case_code": f"C{i:03d}",
                "grid_code": G1 if i % 2 else G2,
                "reported_at": t,
                "x": X0 + 50 + 100 * (i % 2 == 0),
                "y": Y0 + 50,
            }
        )
    return rows


def run_both_ways(run_alg, alg, params, layer_path, key):
    """The algorithm on the whole layer (OGR fast path) and on all its features selected (QGIS path)."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer

    whole, whole_fb = run_alg(alg, dict(params, **{key: layer_path}))
    layer = QgsVectorLayer(layer_path, "selected cases", "ogr")
    QgsProject.instance().addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    try:
        layer.selectAll()
        sel_params = {
            k: (v.replace(".gpkg", "_sel.gpkg") if isinstance(v, str) and k.startswith("OUTPUT") else v)
            for k, v in params.items()
        }
        selected, sel_fb = run_alg(
            alg, dict(sel_params, **{key: QgsProcessingFeatureSourceDefinition(layer.id(), True)}), context=context
        )
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    return (whole, whole_fb), (selected, sel_fb)


def slices_by_month(path):
    from qgis.core import QgsVectorLayer

    out = {}
    for f in QgsVectorLayer(path, "s", "ogr").getFeatures():
        key = f["period_start"].toString("yyyy-MM")
        out[key] = out.get(key, 0) + f["n_cases"]
    return out


@pytest.mark.parametrize("naive", [True, False])
def test_january_is_the_same_whole_layer_or_selected(run_alg, tmp_path, naive):
    """The issue's case: the same data gave January 1,503 or 2,998 depending on the read path."""
    cases = write_cases(tmp_path / "cases.gpkg", month_rows(naive))
    grids = grids_gpkg(tmp_path / "grids.gpkg")
    params = {
        "GRIDS": grids,
        "PERIOD": 2,
        "PERMUTATIONS": 0,
        "OUTPUT": str(tmp_path / "stats.gpkg"),
        "OUTPUT_SLICES": str(tmp_path / "slices.gpkg"),
    }
    (whole, _), (selected, _) = run_both_ways(run_alg, "gridmanager:gridcasestats", params, cases, "CASES")
    assert slices_by_month(whole["OUTPUT_SLICES"]) == {"2025-01": 8, "2025-02": 5}
    assert slices_by_month(selected["OUTPUT_SLICES"]) == {"2025-01": 8, "2025-02": 5}
    # another zone: naive times stay local wall-clock times, zoned ones move
    utc, _ = run_alg(
        "gridmanager:gridcasestats",
        dict(
            params,
            CASES=cases,
            TIME_ZONE="UTC",
            OUTPUT=str(tmp_path / "u.gpkg"),
            OUTPUT_SLICES=str(tmp_path / "us.gpkg"),
        ),
    )
    assert slices_by_month(utc["OUTPUT_SLICES"]) == ({"2025-01": 8, "2025-02": 5} if naive else {"2025-01": 13})
    # the reporting window is local time too
    (w, _), (s, _) = run_both_ways(
        run_alg,
        "gridmanager:gridcasestats",
        {"GRIDS": grids, "PERMUTATIONS": 0, "START": "2025-02-01T00:00:00", "OUTPUT": str(tmp_path / "w.gpkg")},
        cases,
        "CASES",
    )
    assert w["TOTAL_CASES"] == s["TOTAL_CASES"] == 5
    # evaluate: the same months both ways
    (e1, _), (e2, _) = run_both_ways(
        run_alg,
        "gridmanager:evaluate",
        {"UNIT": 2, "PERIOD": 2, "AS_OF": "2025-03-01T00:00:00", "OUTPUT_TABLE": str(tmp_path / "t.gpkg")},
        cases,
        "CASES",
    )
    from qgis.core import QgsVectorLayer

    for res in (e1, e2):
        got = {
            f["period_start"].toString("yyyy-MM"): f["reported"]
            for f in QgsVectorLayer(res["OUTPUT_TABLE"]).getFeatures()
        }
        assert got == {"2025-01": 8, "2025-02": 5}
    # casedensity: the window in local time, same both ways
    (d1, f1), (d2, f2) = run_both_ways(
        run_alg,
        "gridmanager:casedensity",
        {"RADIUS": 50, "PIXEL_SIZE": 10, "END": "2025-02-01T00:00:00", "OUTPUT": str(tmp_path / "d.tif")},
        cases,
        "INPUT",
    )
    assert any("8 of 13 cases pass the filters" in line for line in f1.log)
    assert any("8 of 13 cases pass the filters" in line for line in f2.log)


def test_unknown_time_zone_is_a_clear_message(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    cases = write_cases(tmp_path / "cases.gpkg", month_rows())
    with pytest.raises(QgsProcessingException, match="Unknown time zone 'Asia/Beijing'"):
        run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": cases,
                "GRIDS": grids_gpkg(tmp_path / "grids.gpkg"),
                "TIME_ZONE": "Asia/Beijing",
                "OUTPUT": str(tmp_path / "x.gpkg"),
            },
        )


def three_case_rows():
    base = {"kind": "event", "class_code": "0102", "department": "环卫", "x": X0 + 50, "y": Y0 + 50, "grid_code": G1}
    return [
        dict(
            base,
            case_code="M1",
            state="closed",
            reported_at="2025-03-02 09:00:00",
            registered_at="2025-03-02 10:00:00",
            dispatched_at="2025-03-02 11:00:00",
            deadline_at="2025-03-05 11:00:00",
            handled_at="2025-03-04 09:00:00",
            closed_at="2025-03-04 18:00:00",
        ),
        dict(
            base,
            case_code="M2",
            state="closed",
            reported_at="2025-03-20 09:00:00",
            registered_at="2025-03-20 10:00:00",
            dispatched_at="2025-03-20 11:00:00",
            deadline_at="2025-03-25 11:00:00",
            handled_at="2025-04-02 09:00:00",
            closed_at="2025-04-03 09:00:00",
        ),
        dict(
            base,
            case_code="A1",
            state="closed",
            reported_at="2025-04-05 09:00:00",
            registered_at="2025-04-05 10:00:00",
            dispatched_at="2025-04-05 11:00:00",
            deadline_at="2025-04-08 11:00:00",
            handled_at="2025-04-06 09:00:00",
            closed_at="2025-04-07 09:00:00",
        ),
    ]


def table_rows(path):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(path, "t", "ogr")
    names = [f.name() for f in layer.fields()]
    return pd.DataFrame([{n: f[n] for n in names} for f in layer.getFeatures()])


def test_as_of_through_the_algorithm(run_alg, tmp_path):
    cases = write_cases(tmp_path / "cases.gpkg", three_case_rows())
    res, feedback = run_alg(
        "gridmanager:evaluate",
        {"CASES": cases, "UNIT": 0, "AS_OF": "2025-04-01T00:00:00", "OUTPUT_TABLE": str(tmp_path / "t.gpkg")},
    )
    row = table_rows(res["OUTPUT_TABLE"]).iloc[0]
    assert (row["reported"], row["closed"], row["overdue"]) == (2, 1, 1)
    assert any("1 cases were reported after the evaluation time 2025-04-01 00:00" in line for line in feedback.log)


def test_duplicates_null_times_and_cases_without_grid_code(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    rows = three_case_rows()
    rows.append(dict(rows[0]))  # the same case twice
    rows.append(dict(rows[1], case_code="N1", reported_at=None))  # no report time
    for r in rows:
        r.pop("grid_code")
    cases = write_cases(tmp_path / "cases.gpkg", rows)
    grids = grids_gpkg(tmp_path / "grids.gpkg")
    res, feedback = run_alg(
        "gridmanager:evaluate",
        {
            "CASES": cases,
            "GRIDS": grids,
            "UNIT": 0,
            "AS_OF": "2025-05-01T00:00:00",
            "OUTPUT": str(tmp_path / "m.gpkg"),
            "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
        },
    )
    log = "\n".join(feedback.log)
    assert "1 cases repeat a case_code already read (e.g. M1)" in log
    assert "1 cases have no reported_at" in log
    assert "has no grid_code: 4 of 4 cases put in the grid polygon containing them" in log
    table = table_rows(res["OUTPUT_TABLE"]).set_index("unit_code")
    assert table.loc[G1, "reported"] == 3  # M1 once, N1 left out
    assert table.loc[G2, "reported"] == 0 and table.loc[G2, "level_name"] == "No score"
    assert res["DUPLICATES"] == 1 and res["NO_REPORT_TIME"] == 1
    # without the grid layer: a clear message, no KeyError
    with pytest.raises(QgsProcessingException, match="has no grid_code values: give the grid layer"):
        run_alg("gridmanager:evaluate", {"CASES": cases, "UNIT": 0, "OUTPUT_TABLE": str(tmp_path / "t2.gpkg")})
    # duplicates are counted once in the grid statistics too
    stats, fb = run_alg(
        "gridmanager:gridcasestats",
        {"CASES": cases, "GRIDS": grids, "PERMUTATIONS": 0, "PERIOD": 2, "OUTPUT": str(tmp_path / "s.gpkg")},
    )
    assert stats["TOTAL_CASES"] == 4
    assert any("repeat a case_code" in line for line in fb.log)
    assert any("1 cases have no reported_at" in line for line in fb.log)


def test_weights_and_levels_parameters(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    cases = write_cases(tmp_path / "cases.gpkg", three_case_rows())
    res, _ = run_alg(
        "gridmanager:evaluate",
        {
            "CASES": cases,
            "UNIT": 0,
            "AS_OF": "2025-05-01T00:00:00",
            "WEIGHTS": "按期结案率 1",
            "LEVELS": "99, 98, 97, 50",
            "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
        },
    )
    row = table_rows(res["OUTPUT_TABLE"]).iloc[0]
    # M1 and A1 closed on time, M2 late: 2 / 3
    assert row["ontime_closing_rate"] == pytest.approx(0.6667) and row["score"] == pytest.approx(66.67)
    assert row["level"] == 4
    with pytest.raises(QgsProcessingException, match="Score weights"):
        run_alg(
            "gridmanager:evaluate",
            {"CASES": cases, "UNIT": 0, "WEIGHTS": "speed 3", "OUTPUT_TABLE": str(tmp_path / "t3.gpkg")},
        )


def test_level_legend_follows_the_thresholds(provider):
    import os

    from qgis.core import QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    from gridmanager.grid_manager.cases.evaluation import level_names
    from gridmanager.processing.algorithms import evaluate

    alg = evaluate.EvaluateAlgorithm()
    names = level_names()
    names[None] = "No score"
    labels = alg.level_labels((95.0, 85.0, 75.0, 65.0), names)
    layer = QgsVectorLayer("Polygon?crs=EPSG:4548", "e", "memory")
    layer.dataProvider().addAttributes([QgsField("level", QVariant.Int)])
    layer.updateFields()
    qml = os.path.join(os.path.dirname(evaluate.__file__), "..", "..", "resources", "styles", "evaluation.qml")
    layer.loadNamedStyle(qml)
    evaluate.relabel_levels(layer, labels)
    got = [c.label() for c in layer.renderer().categories()]
    assert got == [
        "1 Excellent (≥ 95)",
        "2 Good (85–95)",
        "3 Fair (75–85)",
        "4 Poor (65–75)",
        "5 Very poor (< 65)",
        "No score",
    ]


def test_time_texts_of_every_common_shape():
    from gridmanager.grid_manager.cases import times

    values = pd.Series(
        [
            "2025/01/31 20:00:00+08",  # OGR SQL text of a zoned GeoPackage time
            "2025/01/31 20:00:00",  # naive: local
            "2025-01-31T12:00:00Z",
            "2025-01-31 12:00:00 UTC",
            "2025-01-31T15:30:00.123+0530",
            "2025-01-31 07:00 -05",
            "2025-01-31T14:30:00.5+05:30",
            pd.Timestamp("2025-01-31 12:00", tz="UTC"),
            "2025-01-31",  # a date: local midnight, not a zone "-31"
            "31.01.2025 20:00",
            None,
            "",
            "not a time",
        ],
        dtype=object,
    )
    got = times.to_local(values, "Asia/Shanghai").tolist()
    t = pd.Timestamp
    assert got[:8] == [
        t("2025-01-31 20:00"),
        t("2025-01-31 20:00"),
        t("2025-01-31 20:00"),
        t("2025-01-31 20:00"),
        t("2025-01-31 18:00:00.123"),
        t("2025-01-31 20:00"),
        t("2025-01-31 17:00:00.5"),
        t("2025-01-31 20:00"),
    ]
    assert got[8] == t("2025-01-31") and got[9] == t("2025-01-31 20:00")
    assert all(pd.isna(v) for v in got[10:])
    # a whole column of zoned texts (the fast path) equals the naive column shifted by the offset
    naive = pd.Series(pd.date_range("2025-01-01", periods=1000, freq="37min").strftime("%Y/%m/%d %H:%M:%S"))
    utc = times.to_local(naive + "+00", "Asia/Shanghai")
    assert ((utc - times.to_local(naive, "Asia/Shanghai")) == pd.Timedelta("8h")).all()


def test_geojson_zoned_times_same_whole_or_selected(run_alg, tmp_path):
    cases = write_cases(tmp_path / "cases.geojson", month_rows(naive=False), driver="GeoJSON")
    grids = grids_gpkg(tmp_path / "grids.gpkg")
    params = {
        "GRIDS": grids,
        "PERIOD": 2,
        "PERMUTATIONS": 0,
        "OUTPUT": str(tmp_path / "stats.gpkg"),
        "OUTPUT_SLICES": str(tmp_path / "slices.gpkg"),
    }
    (whole, _), (selected, _) = run_both_ways(run_alg, "gridmanager:gridcasestats", params, cases, "CASES")
    assert slices_by_month(whole["OUTPUT_SLICES"]) == {"2025-01": 8, "2025-02": 5}
    assert slices_by_month(selected["OUTPUT_SLICES"]) == {"2025-01": 8, "2025-02": 5}
