"""The fast GeoPackage point writer (grid_manager/formats/gpkg_points.py): a valid GeoPackage that GDAL
and QGIS read, with a bulk-loaded R-tree that SQLite accepts and that QGIS keeps right when editing."""

import glob
import os
import sqlite3

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

GK = "EPSG:4548"


def parts_frame(n, seed=0):
    rng = np.random.default_rng(seed)
    cls = rng.integers(0, 3, n)
    grid = rng.integers(0, 40, n)
    return pd.DataFrame(
        {
            "code": np.array(["0101{:08d}".format(k + 1) for k in range(n)], dtype=object),
            "class_code": np.array(["0101", "0118", "0402"], dtype=object)[cls],
            "major": np.array(["01", "01", "04"], dtype=object)[cls],
            "class_zh": np.array(["上水井盖", "路灯", "行道树"], dtype=object)[cls],
            "grid_code": np.array(["110101001001{:03d}".format(g) for g in range(40)], dtype=object)[grid],
            "community_code": np.array(["110101001{:03d}".format(g // 10) for g in range(40)], dtype=object)[grid],
            "source_file": np.full(n, "调查.csv", dtype=object),
            "name": np.array(["", "井盖 A", "灯\u3000B", None], dtype=object)[rng.integers(0, 4, n)],
            "source_row": np.arange(1, n + 1, dtype=np.int64),
            "score": np.where(rng.random(n) < 0.1, np.nan, rng.random(n)),
            "flag": rng.random(n) < 0.5,
            "x": 444000.0 + rng.uniform(0, 6400, n),
            "y": 4414000.0 + rng.uniform(0, 6300, n),
        }
    )


def write(frame, path, layer=None):
    from gridmanager.grid_manager.parts.survey_import import write_parts

    write_parts(frame, GK, str(path), layer)


def rtree_check(path, table):
    con = sqlite3.connect(str(path))
    try:
        return con.execute("SELECT rtreecheck(?)", ("rtree_{}_geom".format(table),)).fetchone()[0]
    finally:
        con.close()


def query_rtree(con, name, box):
    xmin, ymin, xmax, ymax = box
    rows = con.execute(
        "SELECT id FROM {} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?".format(name),
        (xmin, xmax, ymin, ymax),
    ).fetchall()
    return sorted(r[0] for r in rows)


@pytest.mark.parametrize("n", [1, 50, 51, 52, 2601, 2602, 20000])
def test_bulk_loaded_rtree_is_what_sqlite_expects(tmp_path, n):
    """Boxes of any size packed by rtree_nodes: rtreecheck passes, queries match brute force, and
    SQLite's own inserts and deletes keep working on the packed tree."""
    from gridmanager.grid_manager.store import gpkg_file

    rng = np.random.default_rng(n)
    path = str(tmp_path / "r.sqlite")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)")
    con.close()
    x0 = rng.uniform(-1000, 1000, n)
    y0 = rng.uniform(4e6, 4.001e6, n)
    w = rng.exponential(5, n) * (rng.random(n) < 0.5)  # half of them points
    ids = rng.permutation(np.arange(1, 3 * n + 1))[:n]
    con = sqlite3.connect(path, isolation_level=None)  # a connection that never opened the vtab
    con.execute("BEGIN")
    gpkg_file.fill_rtree(con, "r", ids, x0, x0 + w, y0, y0 + w)
    con.execute("COMMIT")
    con.close()
    con = sqlite3.connect(path, isolation_level=None)
    assert con.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM r").fetchone()[0] == n
    stored = dict((r[0], r[1:]) for r in con.execute("SELECT * FROM r"))
    k = int(ids[0])
    assert stored[k][0] <= x0[0] <= stored[k][1] and stored[k][2] <= y0[0] <= stored[k][3]
    for _ in range(5):
        bx, by = rng.uniform(-1000, 1000), rng.uniform(4e6, 4.001e6)
        box = (bx, by, bx + rng.uniform(1, 500), by + rng.uniform(1, 500))
        brute = np.flatnonzero((x0 + w >= box[0]) & (x0 <= box[2]) & (y0 + w >= box[1]) & (y0 <= box[3]))
        # float32 storage widens boxes by at most one unit in the last place: compare away from edges
        got = set(query_rtree(con, "r", box))
        assert set(ids[brute].tolist()) <= got
        assert len(got) - len(brute) <= max(2, len(brute) // 100)
    # SQLite's own insertions and deletions on the packed tree
    con.execute("BEGIN")
    for k in range(300):
        con.execute("INSERT INTO r VALUES (?, ?, ?, ?, ?)", (10 * n + k, k, k + 1, 4e6 + k, 4e6 + k + 1))
    for k in ids[: n // 2]:
        con.execute("DELETE FROM r WHERE id = ?", (int(k),))
    con.execute("COMMIT")
    assert con.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM r").fetchone()[0] == n - n // 2 + 300
    con.close()


def test_same_layer_as_pyogrio_writes(tmp_path):
    """Field names, types, values, geometry, CRS and extent equal those of pyogrio.write_dataframe."""
    import geopandas as gpd

    frame = parts_frame(3000)
    fast = tmp_path / "fast.gpkg"
    write(frame, fast)
    ref = str(tmp_path / "ref.gpkg")
    gdf = gpd.GeoDataFrame(frame.drop(columns=["x", "y"]), geometry=shapely.points(frame["x"], frame["y"]), crs=GK)
    pyogrio.write_dataframe(gdf, ref, driver="GPKG", layer="fast")
    a = pyogrio.read_dataframe(str(fast), fid_as_index=True)
    b = pyogrio.read_dataframe(ref, fid_as_index=True)
    pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns="geometry")), pd.DataFrame(b.drop(columns="geometry")))
    assert shapely.equals_exact(a.geometry.values, b.geometry.values, 0).all()
    ia, ib = pyogrio.read_info(str(fast)), pyogrio.read_info(ref)
    for key in ("layer_name", "geometry_type", "fields", "dtypes", "features", "fid_column", "geometry_name"):
        assert np.all(ia[key] == ib[key]), key
    assert ia["crs"] == ib["crs"] == "EPSG:4548"
    assert np.allclose(ia["total_bounds"], ib["total_bounds"])
    assert ia["capabilities"]["fast_spatial_filter"]


def test_valid_geopackage_for_gdal(tmp_path):
    validate_gpkg = pytest.importorskip("osgeo_utils.samples.validate_gpkg")
    path = tmp_path / "parts.gpkg"
    write(parts_frame(5000), path)
    validate_gpkg.check(str(path))  # raises on any violation of the GeoPackage 1.3 requirements
    con = sqlite3.connect(str(path))
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchone()[0] == 5000
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {
        "rtree_parts_geom_insert",
        "rtree_parts_geom_delete",
        "rtree_parts_geom_update1",
        "trigger_insert_feature_count_parts",
        "trigger_delete_feature_count_parts",
    } <= names
    con.close()
    assert rtree_check(path, "parts") == "ok"


def test_qgis_reads_filters_and_edits(tmp_path, qgis_app):
    """QGIS 3.22 sees the layer with its spatial index, filters by rectangle like brute force, and
    its edits (add, move, delete) keep the R-tree right through the triggers."""
    from qgis.core import (
        QgsFeature,
        QgsFeatureRequest,
        QgsFeatureSource,
        QgsGeometry,
        QgsPointXY,
        QgsRectangle,
        QgsVectorLayer,
    )

    frame = parts_frame(8000, seed=3)
    path = tmp_path / "parts.gpkg"
    write(frame, path)
    layer = QgsVectorLayer(str(path), "parts", "ogr")
    assert layer.isValid()
    assert layer.featureCount() == 8000
    assert layer.crs().authid() == GK
    assert layer.hasSpatialIndex() == QgsFeatureSource.SpatialIndexPresent
    extent = layer.extent()
    assert extent.xMinimum() == pytest.approx(frame["x"].min()) and extent.yMaximum() == pytest.approx(frame["y"].max())
    rect = QgsRectangle(445000, 4415000, 446500, 4416200)
    got = sorted(f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)))
    x, y = frame["x"].values, frame["y"].values
    brute = np.flatnonzero((x >= 445000) & (x <= 446500) & (y >= 4415000) & (y <= 4416200)) + 1
    assert got == brute.tolist()
    first = next(layer.getFeatures(QgsFeatureRequest(1)))
    assert first["code"] == "010100000001" and first["source_row"] == 1
    assert first.geometry().asPoint().x() == pytest.approx(x[0], abs=1e-9)

    assert layer.startEditing()
    new = QgsFeature(layer.fields())
    new.setAttribute("code", "011800000001")
    new.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(445100.0, 4415100.0)))
    assert layer.addFeature(new)
    assert layer.changeGeometry(1, QgsGeometry.fromPointXY(QgsPointXY(445200.0, 4415200.0)))
    assert layer.deleteFeature(2)
    assert layer.commitChanges(), layer.commitErrors()
    del layer

    assert rtree_check(path, "parts") == "ok"
    con = sqlite3.connect(str(path))
    ids = [r[0] for r in con.execute("SELECT fid FROM parts ORDER BY fid")]
    assert [r[0] for r in con.execute("SELECT id FROM rtree_parts_geom ORDER BY id")] == ids
    assert 2 not in ids and 8001 in ids
    hits = query_rtree(con, "rtree_parts_geom", (445050, 4415050, 445250, 4415250))
    assert 1 in hits and 8001 in hits
    con.close()
    layer = QgsVectorLayer(str(path), "parts", "ogr")
    got = sorted(
        f.id()
        for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(QgsRectangle(445190, 4415190, 445210, 4415210)))
    )
    assert 1 in got


def test_overwrite_and_no_leftovers(tmp_path):
    path = tmp_path / "parts.gpkg"
    write(parts_frame(100), path)
    write(parts_frame(40, seed=1), path)  # a new file replaces the old one whole
    info = pyogrio.read_info(str(path))
    assert info["features"] == 40 and info["layer_name"] == "parts"
    assert pyogrio.list_layers(str(path)).shape[0] == 1
    assert sorted(os.listdir(str(tmp_path))) == ["parts.gpkg"]
    write(parts_frame(0), path)  # no parts at all: an empty layer
    assert pyogrio.read_info(str(path))["features"] == 0
    assert rtree_check(path, "parts") == "ok"


def test_failure_leaves_previous_file(tmp_path, monkeypatch):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.store import gpkg_file

    path = tmp_path / "parts.gpkg"
    write(parts_frame(100), path)
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(gpkg_file, "fill_rtree", broken)
    with pytest.raises(InputError, match="Cannot write .*disk I/O error"):
        write(parts_frame(500), path)
    assert path.read_bytes() == before
    assert glob.glob(str(tmp_path / ".*")) == [] and sorted(os.listdir(str(tmp_path))) == ["parts.gpkg"]
    fresh = tmp_path / "new.gpkg"
    with pytest.raises(InputError):
        write(parts_frame(500), fresh)
    assert not fresh.exists()


def test_other_formats_and_named_layers(tmp_path):
    frame = parts_frame(30)
    write(frame, tmp_path / "parts.csv")
    csv = pd.read_csv(tmp_path / "parts.csv")
    assert len(csv) == 30 and {"X", "Y", "code"} <= set(csv.columns)
    write(frame, tmp_path / "parts.geojson")
    assert pyogrio.read_info(str(tmp_path / "parts.geojson"))["features"] == 30
    # a named layer in a new file, then a second layer added to it (GDAL's path)
    path = tmp_path / "both.gpkg"
    write(frame, path, layer="first")
    write(frame.iloc[:10], path, layer="second")
    layers = dict(pyogrio.list_layers(str(path)))
    assert set(layers) == {"first", "second"}
    assert pyogrio.read_info(str(path), layer="first")["features"] == 30
    assert pyogrio.read_info(str(path), layer="second")["features"] == 10
    assert rtree_check(path, "first") == "ok"


def test_rejected_table_as_pyogrio_writes(tmp_path):
    """write_table: a GeoPackage attribute table equal to pyogrio's, replacing a previous file."""
    from gridmanager.grid_manager.parts.survey_import import write_table

    frame = parts_frame(500).drop(columns=["x", "y"])
    frame.insert(0, "row", np.arange(1, 501, dtype=np.int64))
    path = tmp_path / "rejected.gpkg"
    write_table(frame.iloc[:3], str(path))
    write_table(frame, str(path))
    ref = str(tmp_path / "ref.gpkg")
    pyogrio.write_dataframe(frame, ref, driver="GPKG", layer="rejected")
    a = pyogrio.read_dataframe(str(path), read_geometry=False)
    b = pyogrio.read_dataframe(ref, read_geometry=False)
    pd.testing.assert_frame_equal(a, b)
    ia, ib = pyogrio.read_info(str(path)), pyogrio.read_info(ref)
    for key in ("layer_name", "geometry_type", "fields", "dtypes", "features"):
        assert np.all(ia[key] == ib[key]), key
    con = sqlite3.connect(str(path))
    assert con.execute("SELECT data_type FROM gpkg_contents").fetchone()[0] == "attributes"
    con.close()
    validate_gpkg = pytest.importorskip("osgeo_utils.samples.validate_gpkg")
    validate_gpkg.check(str(path))
    assert sorted(os.listdir(str(tmp_path))) == ["ref.gpkg", "rejected.gpkg"]


def test_without_gdal_bindings_pyogrio_creates_the_layer(tmp_path, monkeypatch):
    """Where osgeo is missing, pyogrio creates the empty layer: the same file comes out."""
    import builtins

    real_import = builtins.__import__

    def no_osgeo(name, *args, **kwargs):
        if name == "osgeo" or name.startswith("osgeo."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    frame = parts_frame(300)
    write(frame, tmp_path / "a.gpkg")
    monkeypatch.setattr(builtins, "__import__", no_osgeo)
    write(frame, tmp_path / "b.gpkg")
    monkeypatch.undo()
    a = pyogrio.read_dataframe(str(tmp_path / "a.gpkg"))
    b = pyogrio.read_dataframe(str(tmp_path / "b.gpkg"))
    pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns="geometry")), pd.DataFrame(b.drop(columns="geometry")))
    ia, ib = pyogrio.read_info(str(tmp_path / "a.gpkg")), pyogrio.read_info(str(tmp_path / "b.gpkg"))
    for key in ("geometry_type", "fields", "dtypes", "features", "crs"):
        assert np.all(ia[key] == ib[key]), key
    assert rtree_check(tmp_path / "b.gpkg", "b") == "ok"


@pytest.mark.parametrize("break_it", ["none", "dependent", "key_missing", "many_keys"])
def test_columns_joined_through_their_key(tmp_path, break_it):
    """Class and grid columns go in through their key (SQLite joins the distinct rows); a column
    that does not follow its key, or a key with gaps, is written row by row: same file either way."""
    import geopandas as gpd

    from gridmanager.grid_manager.formats import gpkg_points

    frame = parts_frame(4000, seed=7)
    if break_it == "dependent":
        frame.loc[17, "class_zh"] = "别的名字"
    elif break_it == "key_missing":
        frame.loc[5, "grid_code"] = None
    elif break_it == "many_keys":
        frame["grid_code"] = ["g{}".format(k) for k in range(len(frame))]
    groups = (("class_code", ("major", "class_zh")), ("grid_code", ("community_code",)), ("source_file", ()))
    names = [c for c in frame.columns if c not in ("x", "y")]
    prepared = gpkg_points.prepare(frame, names, groups)
    assert prepared.fields == names
    joined = {m for _k, members, _r in prepared.groups for m in members}
    expected = {
        "none": {"class_code", "major", "class_zh", "grid_code", "community_code", "source_file"},
        "dependent": {"class_code", "major", "grid_code", "community_code", "source_file"},
        "key_missing": {"class_code", "major", "class_zh", "source_file"},
        "many_keys": {"class_code", "major", "class_zh", "source_file"},
    }[break_it]
    assert joined == expected
    path = str(tmp_path / "parts.gpkg")
    gpkg_points.write_points(prepared, frame["x"].values, frame["y"].values, GK, path)
    ref = str(tmp_path / "ref.gpkg")
    gdf = gpd.GeoDataFrame(frame.drop(columns=["x", "y"]), geometry=shapely.points(frame["x"], frame["y"]), crs=GK)
    pyogrio.write_dataframe(gdf, ref, driver="GPKG", layer="parts")
    a = pyogrio.read_dataframe(path, fid_as_index=True)
    b = pyogrio.read_dataframe(ref, fid_as_index=True)
    pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns="geometry")), pd.DataFrame(b.drop(columns="geometry")))
    assert shapely.equals_exact(a.geometry.values, b.geometry.values, 0).all()
    assert rtree_check(path, "parts") == "ok"
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    con.close()


def test_combinations_of_text_columns_share_a_key(tmp_path):
    from gridmanager.grid_manager.formats import gpkg_points

    frame = parts_frame(3000, seed=11)
    frame["status"] = np.array(["完好", "破损", None], dtype=object)[np.arange(3000) % 3]
    frame["unique"] = ["u{}".format(k) for k in range(3000)]
    prepared = gpkg_points.prepare(
        frame, [c for c in frame.columns if c not in ("x", "y")], ((None, ("name", "status", "unique", "source_row")),)
    )
    members = [m for _k, ms, _r in prepared.groups for m in ms]
    assert sorted(members) == ["name", "status"]  # not the unique one, nor an integer column
    path = str(tmp_path / "parts.gpkg")
    gpkg_points.write_points(prepared, frame["x"].values, frame["y"].values, GK, path)
    back = pyogrio.read_dataframe(path)
    assert back["status"].tolist() == frame["status"].tolist()
    assert back["name"].tolist() == frame["name"].tolist()
    assert back["unique"].tolist() == frame["unique"].tolist()
