"""checkgrids after a hand edit: polygons nested in make_valid's collections are kept, balance is checked
by households when a household field is given, and problems carry a translated label."""

from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer


def layer(rows, fields="grid_code:string(20)"):
    out = QgsVectorLayer(f"Polygon?crs=EPSG:32650&field={fields}", "grids", "memory")
    feats = []
    for wkt, *values in rows:
        f = QgsFeature(out.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(values))
        feats.append(f)
    out.dataProvider().addFeatures(feats)
    return out


# a ring that touches itself: make_valid gives GeometryCollection(MultiPolygon, LineString)
SELF_TOUCHING = "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0, 50 50, 150 50, 100 100, 0 0))"


def run_check(run_alg, grids, area="POLYGON((0 0, 150 0, 150 100, 0 100, 0 0))", **extra):
    areas = layer([(area, "440305001001")])
    buildings = layer([("POLYGON((10 60, 30 60, 30 80, 10 80, 10 60))", 400.0)], "hh:double")
    params = {
        "GRIDS": grids,
        "CODE_FIELD": "grid_code",
        "AREAS": areas,
        "AREA_CODE_FIELD": "grid_code",
        "BUILDINGS": buildings,
        "HOUSEHOLD_FIELD": "hh",
        "OUTPUT": "memory:",
    }
    params.update(extra)
    results, _ = run_alg("gridmanager:checkgrids", params)
    return list(results["OUTPUT"].getFeatures())


def test_polygons_inside_a_geometry_collection_are_kept(run_alg):
    # the area is the outline of the ring
    area = "POLYGON((0 0, 100 0, 100 50, 150 50, 100 100, 0 100, 0 0))"
    problems = run_check(run_alg, layer([(SELF_TOUCHING, "440305001001001")]), area)
    kinds = sorted(f["problem"] for f in problems)
    # before: the repaired grid was empty, so the whole area was a gap and the grid −100 % households
    assert "invalid_geometry" in kinds
    # only the triangle the ring covers twice (make_valid's even-odd rule) is a gap, not the whole area
    assert [f["value"] for f in problems if f["problem"] == "gap"] == [1250.0]
    assert "out_of_tolerance" not in kinds  # 400 households = the default target
    assert "outside_areas" not in kinds


def test_balance_is_checked_by_households_when_a_household_field_is_given(run_alg):
    grids = layer([("POLYGON((0 0, 150 0, 150 100, 0 100, 0 0))", "440305001001001")])
    # 15,000 m² is +50 % by area, but 400 households is right on target
    assert "out_of_tolerance" not in [f["problem"] for f in run_check(run_alg, grids)]
    by_area = run_check(run_alg, grids, BALANCE_BY=0)
    assert "out_of_tolerance" in [f["problem"] for f in by_area]
    # without a household field the default is area
    areas_only = run_check(run_alg, grids, HOUSEHOLD_FIELD=None)
    assert "out_of_tolerance" in [f["problem"] for f in areas_only]


def test_problem_label_is_in_the_ui_language(run_alg, zh_cn):
    problems = run_check(run_alg, layer([(SELF_TOUCHING, "440305001001001")]))
    invalid = next(f for f in problems if f["problem"] == "invalid_geometry")
    assert invalid["problem_label"] == "无效几何"
    assert invalid["problem"] == "invalid_geometry"
