"""gridmanager:partitiongrids through QGIS Processing, on the bundled OSM sample and on bad input."""

import os

import pytest
import shapely
from qgis.core import (
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsProcessingException,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant


def sample(gpkg, layer):
    return f"{gpkg}|layername={layer}"


def load(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    return layer


def shapes(layer, *fields):
    out = []
    for f in layer.getFeatures():
        out.append((shapely.from_wkb(bytes(f.geometry().asWkb())), *[f[x] for x in fields]))
    return out


def memory_layer(kind, crs, fields, rows):
    """rows: (wkt, [attributes])"""
    layer = QgsVectorLayer(f"{kind}?crs={crs}", "mem", "memory")
    prov = layer.dataProvider()
    prov.addAttributes([QgsField(name, typ) for name, typ in fields])
    layer.updateFields()
    feats = []
    for wkt, attrs in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(attrs))
        feats.append(f)
    prov.addFeatures(feats)
    return layer


@pytest.fixture(scope="module")
def household_run(provider, sample_gpkg, tmp_path_factory):
    from qgis import processing

    out = str(tmp_path_factory.mktemp("part") / "grids.gpkg")
    report = str(tmp_path_factory.mktemp("part") / "report.html")
    params = {
        "AREAS": sample(sample_gpkg, "communities"),
        "AREA_CODE_FIELD": "community_code",
        "BARRIERS": sample(sample_gpkg, "roads"),
        "BUILDINGS": sample(sample_gpkg, "buildings"),
        "HOUSEHOLD_FIELD": "households_est",
        "BALANCE_BY": 1,
        "TARGET_HOUSEHOLDS": 400,
        "TOLERANCE": 10,
        "SEED": 0,
        "OUTPUT": out,
        "REPORT": report,
    }
    results = processing.run("gridmanager:partitiongrids", params)
    return params, results


def test_household_grids_cover_each_community_exactly(household_run, sample_gpkg):
    params, results = household_run
    grids = load(results["OUTPUT"])
    assert grids.crs().authid() == "EPSG:4326"  # results come back in the areas' CRS
    areas = load(sample(sample_gpkg, "communities"))
    # compare in metres
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    ct = QgsCoordinateTransform(grids.crs(), QgsCoordinateReferenceSystem("EPSG:32635"), QgsProject.instance())

    def metric(layer, field):
        out = {}
        for f in layer.getFeatures():
            g = QgsGeometry(f.geometry())
            g.transform(ct)
            out.setdefault(f[field], []).append(shapely.from_wkb(bytes(g.asWkb())))
        return out

    by_area = metric(grids, "area_code")
    communities = metric(areas, "community_code")
    assert set(by_area) == set(communities)
    for code, geoms in by_area.items():
        area = communities[code][0]
        union = shapely.union_all(geoms)
        assert abs(union.area - area.area) / area.area < 1e-6, code
        assert abs(sum(g.area for g in geoms) - area.area) / area.area < 1e-6, code  # no overlaps
        assert shapely.difference(union, area).area < 1e-6 * area.area  # never crosses the community
    for geoms in by_area.values():
        for g in geoms:
            assert g.geom_type == "Polygon" and g.is_valid


def test_household_grids_are_balanced_and_keep_buildings_whole(household_run, sample_gpkg):
    params, results = household_run
    grids = shapes(
        load(results["OUTPUT"]), "grid_code", "area_code", "households", "deviation_pct", "flag", "compactness"
    )
    assert 45 <= len(grids) <= 60  # 20,805 estimated households / 400
    codes = [g[1] for g in grids]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 15 and c.isdigit() and c.startswith(a) for _, c, a, *_ in grids)
    counted = [g for g in grids if g[5] != "oversize_building"]
    within = [g for g in counted if abs(g[4]) <= 10]
    assert len(within) / len(counted) >= 0.9
    # households add up
    buildings = load(sample(sample_gpkg, "buildings"))
    total = sum(f["households_est"] for f in buildings.getFeatures())
    assert sum(g[3] for g in grids) == pytest.approx(total)
    # no building is cut by a grid edge
    tree = shapely.STRtree([g[0] for g in grids])
    for f in buildings.getFeatures():
        b = shapely.from_wkb(bytes(f.geometry().asWkb()))
        hits = tree.query(b, predicate="intersects")
        pieces = [shapely.intersection(b, grids[i][0]).area for i in hits]
        assert sum(p > 1e-9 * 1e-3 for p in pieces) <= 1 or max(pieces) > 0.999 * b.area, f.id()
    assert min(g[6] for g in grids) > 0.05
    with open(results["REPORT"], encoding="utf-8") as handle:
        html = handle.read()
    assert "Grid partition report" in html and "990101001001" in html


def test_same_seed_gives_same_grids(household_run, provider):
    from qgis import processing

    params, results = household_run
    again = processing.run("gridmanager:partitiongrids", dict(params, OUTPUT="memory:", REPORT=None))
    first = sorted((c, g.wkb) for g, c in shapes(load(results["OUTPUT"]), "grid_code"))
    second = sorted((c, g.wkb) for g, c in shapes(again["OUTPUT"], "grid_code"))
    assert [c for c, _ in first] == [c for c, _ in second]
    for (_, a), (_, b) in zip(first, second):
        assert shapely.from_wkb(a).equals_exact(shapely.from_wkb(b), 1e-9)


@pytest.fixture(scope="module")
def area_runs(provider, sample_gpkg):
    """The sample in area mode (~200 grids: parallel) with 1, 2 and 4 worker processes (QGIS's thread
    limit; four even on a two-core machine)."""
    from qgis import processing
    from qgis.core import QgsApplication

    previous = QgsApplication.maxThreads()
    runs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "cpu_count", lambda: 4)
        try:
            for workers in (1, 2, 4):
                QgsApplication.setMaxThreads(workers)
                params = {
                    "AREAS": sample(sample_gpkg, "communities"),
                    "AREA_CODE_FIELD": "community_code",
                    "BARRIERS": sample(sample_gpkg, "roads"),
                    "BUILDINGS": sample(sample_gpkg, "buildings"),
                    "BALANCE_BY": 0,
                    "TARGET_AREA": 10000,
                    "OUTPUT": "memory:",
                }
                runs[workers] = processing.run("gridmanager:partitiongrids", params)
        finally:
            QgsApplication.setMaxThreads(previous)
    return runs


def test_grids_are_identical_whatever_the_number_of_workers(area_runs):
    """Issue 17: every grid bit for bit the same (geometry as WKB, code, attributes, order) with 1, 2 and
    4 workers — before, 4 of the sample's ~200 grids differed (ring start, and one straightened edge)."""

    def rows(layer):
        return [(bytes(f.geometry().asWkb()), f.attributes()) for f in layer.getFeatures()]

    one = rows(area_runs[1]["OUTPUT"])
    assert len(one) > 150  # more than PARALLEL_MIN_GRIDS: the areas did go to workers
    for workers in (2, 4):
        other = rows(area_runs[workers]["OUTPUT"])
        assert [a for _g, a in other] == [a for _g, a in one]
        differ = [a[0] for (g, a), (h, _b) in zip(one, other) if g != h]
        assert differ == [], "{} workers: {} grids differ".format(workers, len(differ))


def test_area_mode_balances_area_and_numbers_in_reading_order(area_runs):
    results = area_runs[2]
    grids = shapes(results["OUTPUT"], "grid_code", "area_m2", "deviation_pct", "area_code", "flag")
    assert 150 <= len(grids) <= 250
    counted = [g for g in grids if g[5] != "indivisible_area"]
    within = [g for g in counted if abs(g[3]) <= 10]
    assert len(within) / len(counted) >= 0.9
    for area_code in {g[4] for g in grids}:
        mine = [g for g in grids if g[4] == area_code]
        serials = sorted(int(g[1][-3:]) for g in mine)
        assert serials == list(range(1, len(mine) + 1))
        first = min(mine, key=lambda g: g[1])[0]
        # serial 001 lies in the northern row: no grid lies wholly north of it
        assert not any(g[0].bounds[1] > first.bounds[3] for g in mine)


# -- bad input ----------------------------------------------------------------------------------------
SQUARE_A = "POLYGON((0 0, 300 0, 300 300, 0 300, 0 0))"
SQUARE_B = "POLYGON((300 0, 600 0, 600 300, 300 300, 300 0))"
CRS = "EPSG:32650"


def areas_layer(rows=None):
    rows = rows or [(SQUARE_A, ["440305001001"]), (SQUARE_B, ["440305001002"])]
    return memory_layer("Polygon", CRS, [("code", QVariant.String)], rows)


def buildings_layer(values, field_type=QVariant.Double):
    rows = []
    for i, v in enumerate(values):
        x = 20 + (i % 10) * 28
        y = 20 + (i // 10) * 28
        rows.append((f"POLYGON(({x} {y}, {x + 15} {y}, {x + 15} {y + 15}, {x} {y + 15}, {x} {y}))", [v]))
    return memory_layer("Polygon", CRS, [("hh", field_type)], rows)


def run_bad(run_alg, tmp_path, **params):
    out = tmp_path / "grids.gpkg"
    base = {
        "AREAS": areas_layer(),
        "AREA_CODE_FIELD": "code",
        "BALANCE_BY": 0,
        "TARGET_AREA": 10000,
        "OUTPUT": str(out),
    }
    base.update(params)
    with pytest.raises(QgsProcessingException) as err:
        run_alg("gridmanager:partitiongrids", base)
    assert not out.exists()  # nothing written on failure
    return str(err.value)


def test_no_features_is_refused(run_alg, tmp_path):
    empty = memory_layer("Polygon", CRS, [("code", QVariant.String)], [])
    msg = run_bad(run_alg, tmp_path, AREAS=empty)
    assert "no features" in msg


def test_non_numeric_households_named(run_alg, tmp_path):
    msg = run_bad(
        run_alg,
        tmp_path,
        BUILDINGS=buildings_layer(["12", "abc", "7"], QVariant.String),
        HOUSEHOLD_FIELD="hh",
        BALANCE_BY=1,
    )
    assert "'hh'" in msg and "not a number" in msg and "feature 2" in msg and "abc" in msg


def test_negative_households_named(run_alg, tmp_path):
    msg = run_bad(run_alg, tmp_path, BUILDINGS=buildings_layer([5, -3, 8]), HOUSEHOLD_FIELD="hh", BALANCE_BY=1)
    assert "negative" in msg and "feature 2" in msg and "-3" in msg


def test_absurd_households_named(run_alg, tmp_path):
    """Issue 17: 1e300 households gave 'would create about 3,125,000,… grids' instead of the feature."""
    msg = run_bad(run_alg, tmp_path, BUILDINGS=buildings_layer([5, 1e300, 8]), HOUSEHOLD_FIELD="hh", BALANCE_BY=1)
    assert "field 'hh' holds more households than any building has (100,000) in 1 features, e.g. feature 2" in msg


def test_missing_households_named(run_alg, tmp_path):
    msg = run_bad(run_alg, tmp_path, BUILDINGS=buildings_layer([5, None, 8]), HOUSEHOLD_FIELD="hh", BALANCE_BY=1)
    assert "NULL" in msg and "feature 2" in msg


def test_households_mode_needs_a_field(run_alg, tmp_path):
    msg = run_bad(run_alg, tmp_path, BUILDINGS=buildings_layer([5, 6]), BALANCE_BY=1)
    assert "household field" in msg


def test_malformed_area_code_named(run_alg, tmp_path):
    layer = areas_layer([(SQUARE_A, ["44030500100"]), (SQUARE_B, ["440305001002"])])
    msg = run_bad(run_alg, tmp_path, AREAS=layer)
    assert "feature 1" in msg and "44030500100" in msg and "12 digits" in msg


def test_duplicate_area_code_named(run_alg, tmp_path):
    layer = areas_layer([(SQUARE_A, ["440305001001"]), (SQUARE_B, ["440305001001"])])
    msg = run_bad(run_alg, tmp_path, AREAS=layer)
    assert "440305001001" in msg and "1" in msg and "2" in msg and "own code" in msg


def test_duplicated_or_overlapping_area_is_refused(run_alg, tmp_path):
    """Issue 17: a community given twice (other code) gave overlapping grids without a word."""
    twice = areas_layer([(SQUARE_A, ["440305001001"]), (SQUARE_B, ["440305001002"]), (SQUARE_A, ["440305001003"])])
    msg = run_bad(run_alg, tmp_path, AREAS=twice)
    assert "features 1 and 3 are the same area given twice" in msg and "Remove one" in msg
    shifted = "POLYGON((200 0, 500 0, 500 300, 200 300, 200 0))"  # overlaps square A on 100 × 300 m
    msg = run_bad(run_alg, tmp_path, AREAS=areas_layer([(SQUARE_A, ["440305001001"]), (shifted, ["440305001002"])]))
    assert "features 1 and 2 overlap (30,000 m²)" in msg


def test_too_many_grids_refused_with_number(run_alg, tmp_path):
    msg = run_bad(run_alg, tmp_path, TARGET_AREA=1.0)
    assert "180,000" in msg and "100,000" in msg


def test_invalid_area_geometry_is_repaired_and_reported(run_alg):
    bowtie = "POLYGON((0 0, 300 300, 300 0, 0 300, 0 0))"
    layer = areas_layer([(bowtie, ["440305001001"]), (SQUARE_B, ["440305001002"])])
    results, feedback = run_alg(
        "gridmanager:partitiongrids",
        {"AREAS": layer, "AREA_CODE_FIELD": "code", "BALANCE_BY": 0, "TARGET_AREA": 15000, "OUTPUT": "memory:"},
    )
    log = "\n".join(feedback.log)
    assert "invalid geometries were repaired" in log and "feature ids 1" in log
    out = results["OUTPUT"]
    total = sum(f.geometry().area() for f in out.getFeatures())
    assert total == pytest.approx(45000 + 90000, rel=1e-6)  # bow-tie: two triangles of 22,500 m²


def test_straddling_building_assigned_by_largest_overlap(run_alg):
    # one building across the boundary x = 300, mostly in area B; households must not be lost
    rows = [
        ("POLYGON((290 100, 330 100, 330 130, 290 130, 290 100))", [120]),
        ("POLYGON((100 100, 130 100, 130 130, 100 130, 100 100))", [80]),
    ]
    buildings = memory_layer("Polygon", CRS, [("hh", QVariant.Double)], rows)
    results, feedback = run_alg(
        "gridmanager:partitiongrids",
        {
            "AREAS": areas_layer(),
            "AREA_CODE_FIELD": "code",
            "BUILDINGS": buildings,
            "HOUSEHOLD_FIELD": "hh",
            "BALANCE_BY": 1,
            "TARGET_HOUSEHOLDS": 400,
            "OUTPUT": "memory:",
        },
    )
    assert any("straddle two areas" in t and "feature ids 1" in t for t in feedback.log)
    by_area = {}
    for f in results["OUTPUT"].getFeatures():
        by_area[f["area_code"]] = by_area.get(f["area_code"], 0) + f["households"]
    assert by_area == {"440305001001": 80, "440305001002": 120}


def test_barriers_outside_every_area_only_warn(run_alg):
    barriers = memory_layer(
        "LineString",
        CRS,
        [("name", QVariant.String)],
        [("LINESTRING(150 -10, 150 310)", ["inside"]), ("LINESTRING(2000 2000, 2100 2100)", ["far away"])],
    )
    results, feedback = run_alg(
        "gridmanager:partitiongrids",
        {
            "AREAS": areas_layer(),
            "AREA_CODE_FIELD": "code",
            "BARRIERS": barriers,
            "BALANCE_BY": 0,
            "TARGET_AREA": 45000,
            "OUTPUT": "memory:",
        },
    )
    assert any("1 barrier lines lie outside every area" in t for t in feedback.log)
    grids = list(results["OUTPUT"].getFeatures())
    assert len(grids) == 4
    # area A is cut exactly along the barrier x = 150
    a_grids = sorted(f.geometry().boundingBox().xMaximum() for f in grids if f["area_code"] == "440305001001")
    assert a_grids[0] == pytest.approx(150, abs=1e-6)


def test_messages_in_chinese(run_alg, tmp_path, zh_cn):
    empty = memory_layer("Polygon", CRS, [("code", QVariant.String)], [])
    msg = run_bad(run_alg, tmp_path, AREAS=empty)
    assert "没有要素" in msg
    msg = run_bad(run_alg, tmp_path, BUILDINGS=buildings_layer([5, -3, 8]), HOUSEHOLD_FIELD="hh", BALANCE_BY=1)
    assert "负" in msg and "hh" in msg


def test_cancel_stops_without_output(provider, sample_gpkg, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p > 10 else None)
    out = tmp_path / "cancelled.gpkg"
    processing.run(
        "gridmanager:partitiongrids",
        {
            "AREAS": sample(sample_gpkg, "communities"),
            "BUILDINGS": sample(sample_gpkg, "buildings"),
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": str(out),
        },
        feedback=feedback,
    )
    assert feedback.isCanceled()
    assert not os.path.exists(out) or load(str(out)).featureCount() == 0


def test_buildings_as_address_points(run_alg):
    # a 300 m × 300 m community with 120 address points (households per address), no outlines
    import random

    rnd = random.Random(4)
    rows, total = [], 0
    for i in range(12):
        for j in range(10):
            x, y = 12 + 24 * i + rnd.random() * 6, 12 + 28 * j + rnd.random() * 6
            hh = rnd.randint(4, 22) if (i, j) != (11, 9) else 1600 - total  # 4 grids of 400
            total += hh
            rows.append((f"POINT({x:.2f} {y:.2f})", [hh]))
    addresses = memory_layer("Point", CRS, [("hh", QVariant.Double)], rows)
    area = memory_layer(
        "Polygon", CRS, [("code", QVariant.String)], [("POLYGON((0 0, 300 0, 300 300, 0 300, 0 0))", ["440305001001"])]
    )
    results, _ = run_alg(
        "gridmanager:partitiongrids",
        {
            "AREAS": area,
            "AREA_CODE_FIELD": "code",
            "BUILDINGS": addresses,
            "HOUSEHOLD_FIELD": "hh",
            "BALANCE_BY": 1,
            "TARGET_HOUSEHOLDS": 400,
            "OUTPUT": "memory:",
        },
    )
    grids = list(results["OUTPUT"].getFeatures())
    assert len(grids) == 4
    assert sum(f["households"] for f in grids) == total  # nothing lost
    assert sum(f["n_buildings"] for f in grids) == len(rows)
    geoms = [shapely.from_wkt(f.geometry().asWkt()) for f in grids]
    for wkt, _ in rows:  # every address in exactly one grid, none on an edge
        point = shapely.from_wkt(wkt)
        assert sum(g.contains(point) for g in geoms) == 1
    assert all(abs(f["deviation_pct"]) <= 10 for f in grids)
