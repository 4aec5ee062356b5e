"""gridmanager:revisegrids and gridmanager:checkgrids through QGIS Processing."""

import pytest
import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsGeometry,
    QgsProcessingException,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant


def sample(gpkg, layer):
    return f"{gpkg}|layername={layer}"


@pytest.fixture(scope="module")
def grids_path(provider, sample_gpkg, tmp_path_factory):
    from qgis import processing

    out = str(tmp_path_factory.mktemp("revise") / "grids.gpkg")
    processing.run(
        "gridmanager:partitiongrids",
        {
            "AREAS": sample(sample_gpkg, "communities"),
            "AREA_CODE_FIELD": "community_code",
            "BARRIERS": sample(sample_gpkg, "roads"),
            "BUILDINGS": sample(sample_gpkg, "buildings"),
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": out,
        },
    )
    return out


def features(layer):
    return {f["grid_code"]: f for f in layer.getFeatures()}


def test_revise_selected_grids_keeps_the_rest(run_alg, grids_path, sample_gpkg):
    layer = QgsVectorLayer(grids_path, "grids", "ogr")
    before = features(layer)
    area = "990101001003"
    chosen = sorted(c for c in before if c.startswith(area))[:3]
    layer.selectByIds([before[c].id() for c in chosen])
    results, feedback = run_alg(
        "gridmanager:revisegrids",
        {
            "GRIDS": layer,
            "CODE_FIELD": "grid_code",
            "AREA_CODE_FIELD": "area_code",
            "REVISE": 0,
            "BARRIERS": sample(sample_gpkg, "roads"),
            "BUILDINGS": sample(sample_gpkg, "buildings"),
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "TARGET_HOUSEHOLDS": 300,
            "SEED": 3,
            "OUTPUT": "memory:",
            "CHANGES": "memory:",
        },
    )
    after = features(results["OUTPUT"])
    # every grid not selected keeps code and geometry
    for code, f in before.items():
        if code in chosen:
            continue
        assert after[code]["status"] == "locked"
        assert (
            after[code].geometry().equals(f.geometry())
            or after[code].geometry().symDifference(f.geometry()).area() < 1e-12
        )
    revised = [f for f in after.values() if f["status"] != "locked"]
    assert len(revised) >= 3  # target 300 instead of 400: at least as many grids
    # the revised grids cover exactly the selected ones
    old_union = shapely.union_all([shapely.from_wkb(bytes(before[c].geometry().asWkb())) for c in chosen])
    new_union = shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in revised])
    assert abs(old_union.area - new_union.area) / old_union.area < 1e-6
    assert shapely.symmetric_difference(old_union, new_union).area < 1e-6 * old_union.area
    # new codes continue the area's serials; kept codes come from the chosen grids
    max_serial = max(int(c[-3:]) for c in before if c.startswith(area))
    for f in revised:
        code = f["grid_code"]
        assert code.startswith(area) and len(code) == 15
        assert code in chosen or int(code[-3:]) > max_serial
    changes = {f["grid_code"]: f for f in results["CHANGES"].getFeatures()}
    assert set(changes) >= set(chosen) | {f["grid_code"] for f in revised}
    assert sum(f["households_before"] for f in changes.values()) == pytest.approx(
        sum(f["households_after"] for f in changes.values())
    )
    assert any("revised" in t for t in feedback.log)


def test_revise_out_of_tolerance_after_new_households(run_alg, grids_path, sample_gpkg):
    # new household data: one community's households double
    buildings = QgsVectorLayer(sample(sample_gpkg, "buildings"), "b", "ogr")
    mem = buildings.materialize(QgsFeatureRequest())
    grids = QgsVectorLayer(grids_path, "grids", "ogr")
    target = next(f for f in grids.getFeatures() if f["grid_code"].startswith("990101001001"))
    idx = mem.fields().indexOf("households_est")
    mem.startEditing()
    for f in mem.getFeatures():
        if f.geometry().intersects(target.geometry()):
            mem.changeAttributeValue(f.id(), idx, f["households_est"] * 2)
    mem.commitChanges()
    results, _ = run_alg(
        "gridmanager:revisegrids",
        {
            "GRIDS": grids,
            "CODE_FIELD": "grid_code",
            "REVISE": 1,
            "BARRIERS": sample(sample_gpkg, "roads"),
            "BUILDINGS": mem,
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": "memory:",
            "CHANGES": "memory:",
        },
    )
    out = list(results["OUTPUT"].getFeatures())
    statuses = {f["status"] for f in out}
    assert "locked" in statuses and statuses & {"changed", "added"}
    assert target["grid_code"] not in {f["grid_code"] for f in out if f["status"] == "locked"}
    assert len(out) > grids.featureCount()  # more households: more grids


def test_revise_without_anything_to_revise_is_refused(run_alg, grids_path):
    layer = QgsVectorLayer(grids_path, "grids", "ogr")
    layer.removeSelection()
    with pytest.raises(QgsProcessingException) as err:
        run_alg(
            "gridmanager:revisegrids",
            {
                "GRIDS": layer,
                "CODE_FIELD": "grid_code",
                "REVISE": 0,
                "BALANCE_BY": 0,
                "OUTPUT": "memory:",
                "CHANGES": "memory:",
            },
        )
    assert "No grid to revise" in str(err.value)


def test_check_generated_grids_are_clean(run_alg, grids_path, sample_gpkg):
    results, _ = run_alg(
        "gridmanager:checkgrids",
        {
            "GRIDS": grids_path,
            "AREAS": sample(sample_gpkg, "communities"),
            "AREA_CODE_FIELD": "community_code",
            "BUILDINGS": sample(sample_gpkg, "buildings"),
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": "memory:",
        },
    )
    for kind in (
        "OVERLAP",
        "GAP",
        "CROSSES_AREA",
        "SPLIT_BUILDING",
        "MULTIPART",
        "MALFORMED_CODE",
        "DUPLICATE_CODE",
        "CODE_AREA_MISMATCH",
        "INVALID_GEOMETRY",
    ):
        assert results[kind] == 0, kind
    assert results["OUT_OF_TOLERANCE"] <= 6


def hand_drawn(rows):
    layer = QgsVectorLayer("Polygon?crs=EPSG:32650", "hand", "memory")
    layer.dataProvider().addAttributes([QgsField("grid_code", QVariant.String)])
    layer.updateFields()
    feats = []
    for wkt, code in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes([code])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_check_finds_every_problem_in_hand_drawn_grids(run_alg, tmp_path):
    grids = hand_drawn(
        [
            ("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "440305001001001"),
            ("POLYGON((90 0, 200 0, 200 100, 90 100, 90 0))", "440305001001001"),  # overlap + duplicate
            ("POLYGON((0 110, 100 110, 100 200, 0 200, 0 110))", "44030500100100"),  # malformed; gap below
            (
                "MULTIPOLYGON(((110 110, 150 110, 150 200, 110 200, 110 110)),((160 110, 200 110, 200 200, 160 200,"
                " 160 110)))",
                "440305001001004",
            ),
            ("POLYGON((0 210, 300 210, 300 211, 0 211, 0 210))", "440305001002005"),  # sliver; crosses area
            ("POLYGON((0 220, 10 230, 10 220, 0 230, 0 220))", ""),  # bow-tie, no code
        ]
    )
    areas = hand_drawn([("POLYGON((0 0, 200 0, 200 240, 0 240, 0 0))", "440305001001")])
    buildings = QgsVectorLayer("Polygon?crs=EPSG:32650&field=hh:double", "b", "memory")
    f = QgsFeature(buildings.fields())
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((40 40, 60 40, 60 60, 40 60, 40 40))"))
    f.setAttributes([10])
    g = QgsFeature(buildings.fields())
    g.setGeometry(QgsGeometry.fromWkt("POLYGON((95 50, 120 50, 120 70, 95 70, 95 50))"))  # across grids 1/2
    g.setAttributes([20])
    buildings.dataProvider().addFeatures([f, g])
    report = tmp_path / "check.html"
    results, feedback = run_alg(
        "gridmanager:checkgrids",
        {
            "GRIDS": grids,
            "CODE_FIELD": "grid_code",
            "AREAS": areas,
            "AREA_CODE_FIELD": "grid_code",
            "BUILDINGS": buildings,
            "HOUSEHOLD_FIELD": "hh",
            "BALANCE_BY": 0,
            "TARGET_AREA": 10000,
            "OUTPUT": "memory:",
            "REPORT": str(report),
        },
    )
    kinds = [f["problem"] for f in results["OUTPUT"].getFeatures()]
    for kind in (
        "overlap",
        "duplicate_code",
        "malformed_code",
        "gap",
        "multipart",
        "crosses_area",
        "missing_code",
        "invalid_geometry",
        "split_building",
        "out_of_tolerance",
        "low_compactness",
        "code_area_mismatch",
    ):
        assert kind in kinds, kind
    assert results["PROBLEM_COUNT"] == len(kinds)
    assert report.exists() and "overlap" in report.read_text(encoding="utf-8")


def layer_with_nulls(rows):
    """A grid layer where a row's WKT may be None (NULL geometry) or an empty polygon."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:32650", "grids with holes", "memory")
    layer.dataProvider().addAttributes([QgsField("grid_code", QVariant.String)])
    layer.updateFields()
    feats = []
    for wkt, code in rows:
        f = QgsFeature(layer.fields())
        if wkt is not None:
            f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes([code])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


@pytest.mark.parametrize("output", ["memory", "gpkg", "shp"])
def test_check_names_empty_grids_duplicate_areas_and_writes_every_problem(run_alg, tmp_path, output):
    """Issue 17: NULL/empty grid geometries are named with their feature ids (not an anonymous gap), a
    duplicated area is named, and the output holds exactly PROBLEM_COUNT features — also problems whose
    geometry GEOS returns as a collection (an overlap that also touches along a line), and a
    malformed-code grid without geometry."""
    grids = layer_with_nulls(
        [
            ("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "440305001001001"),
            (None, "4403050010010"),  # NULL geometry and a malformed code
            ("POLYGON EMPTY", "440305001001003"),
            # overlaps grid 1 on 50 × 50 m and touches it along x = 100: a GeometryCollection
            ("POLYGON((50 0, 150 0, 150 100, 100 100, 100 50, 50 50, 50 0))", "440305001001004"),
            ("POLYGON((0 100, 200 100, 200 200, 0 200, 0 100))", "440305001001005"),
        ]
    )
    square = "POLYGON((0 0, 200 0, 200 200, 0 200, 0 0))"
    areas = hand_drawn(
        [
            (square, "440305001001"),
            (square, "440305001009"),  # the same community twice
            ("POLYGON((300 0, 400 100, 400 0, 300 100, 300 0))", "440305001002"),  # a self-intersecting area
        ]
    )
    destination = {"memory": "memory:", "gpkg": str(tmp_path / "p.gpkg"), "shp": str(tmp_path / "p.shp")}[output]
    results, _fb = run_alg(
        "gridmanager:checkgrids",
        {
            "GRIDS": grids,
            "CODE_FIELD": "grid_code",
            "AREAS": areas,
            "AREA_CODE_FIELD": "grid_code",
            "BALANCE_BY": 3,
            "OUTPUT": destination,
        },
    )
    layer = results["OUTPUT"] if output == "memory" else QgsVectorLayer(results["OUTPUT"], "p", "ogr")
    features = list(layer.getFeatures())
    kinds = [f["problem"] for f in features]
    assert len(features) == results["PROBLEM_COUNT"]
    assert sum(results[k.upper()] for k in set(kinds)) == results["PROBLEM_COUNT"]
    empty = {f["feature_id"]: f["detail"] for f in features if f["problem"] == "empty_geometry"}
    assert empty == {2: "feature 2: NULL geometry", 3: "feature 3: empty geometry"}
    assert results["EMPTY_GEOMETRY"] == 2
    malformed = [f for f in features if f["problem"] == "malformed_code"]
    assert [f["grid_code"] for f in malformed] == ["4403050010010"]
    twice = [f for f in features if f["problem"] == "duplicate_area"]
    assert len(twice) == 1 and results["DUPLICATE_AREA"] == 1
    assert twice[0]["detail"] == "areas (features 1 and 2) are the same area given twice"
    assert (twice[0]["grid_code"], twice[0]["other_code"]) == ("440305001001", "440305001009")
    overlap = [f for f in features if f["problem"] == "overlap" and f["other_code"] == "440305001001004"]
    assert len(overlap) == 1 and overlap[0].geometry().area() == pytest.approx(2500.0)
    assert all(QgsWkbTypes.geometryType(f.geometry().wkbType()) in (2, 4) for f in features if f.hasGeometry())
