"""Issue 17 (item 4): casedensity and gridcasestats estimate their work before starting and refuse, fast
and with the estimate and the limit, a raster or a permutation test that would not fit in memory or in
the time budget — instead of running for a quarter of an hour or ending in a MemoryError."""

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

X0, Y0 = 448000.0, 4418000.0


def points(coords, crs="EPSG:4548"):
    layer = QgsVectorLayer("Point?crs={}&field=id:integer".format(crs), "cases", "memory")
    feats = []
    for i, (x, y) in enumerate(coords):
        f = QgsFeature(layer.fields())
        f.setAttributes([i])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


@pytest.fixture
def sixteen_gigabytes(monkeypatch):
    """The machine has 16 GB available (a job may use a quarter: 4 GB), whatever this one has now."""
    from gridmanager.grid_manager.common import budget

    monkeypatch.setattr(budget, "available_memory", lambda: 16e9)


@pytest.fixture
def no_kde(monkeypatch):
    """Fails if any raster array is allocated: the refusal must come before."""
    from gridmanager.grid_manager.cases import density

    def refused(*args, **kwargs):
        raise AssertionError("the density was computed")

    for name in ("_intervals", "_exact", "_binned", "_reach_superset", "_stamp_tiles", "_dense"):
        monkeypatch.setattr(density, name, refused)


def test_386_million_sparse_pixels_hold_only_a_few_tiles(run_alg, tmp_path, sixteen_gigabytes):
    """Issue 12: five cases at the corners of 19.4 km at 1 m cells (384 million pixels, 15 GB as a whole
    raster) are no longer refused: only the tiles their kernels reach are computed and written."""
    side = 19_400.0
    corners = [(X0, Y0), (X0 + side, Y0), (X0, Y0 + side), (X0 + side, Y0 + side), (X0 + 5000, Y0 + 7000)]
    out = tmp_path / "d.tif"
    _res, feedback = run_alg(
        "gridmanager:casedensity",
        {"INPUT": points(corners), "RADIUS": 100.0, "PIXEL_SIZE": 1.0, "OUTPUT": str(out)},
    )
    assert any(
        "Raster 19601 x 19601 cells (" in line and "of 5929 tiles of 256 x 256 cells hold data" in line
        for line in feedback.log
    )
    assert out.stat().st_size < 5_000_000


def test_dense_fine_raster_is_refused_with_the_memory_estimate(run_alg, tmp_path, sixteen_gigabytes, no_kde):
    rng = np.random.default_rng(3)
    layer = points(zip(X0 + rng.uniform(0, 5000, 3000), Y0 + rng.uniform(0, 5000, 3000)))
    out = tmp_path / "d.tif"
    with pytest.raises(QgsProcessingException) as error:
        run_alg("gridmanager:casedensity", {"INPUT": layer, "RADIUS": 300.0, "PIXEL_SIZE": 0.25, "OUTPUT": str(out)})
    message = str(error.value)
    assert "cases: case density: a raster of 22,394 x 22,393 pixels of which 100 tiles of 2416 x 2416" in message
    assert "would need about 9.8 GB of memory, more than the 4.0 GB one job may use (25 % of the 16.0 GB" in message
    assert "Choose a larger pixel size" in message and "smaller extent" in message and not out.exists()


def test_five_centimetre_pixels_on_a_small_extent_are_refused(run_alg, tmp_path, sixteen_gigabytes, no_kde):
    rng = np.random.default_rng(3)
    layer = points(zip(X0 + rng.uniform(0, 500, 300), Y0 + rng.uniform(0, 500, 300)))
    with pytest.raises(
        QgsProcessingException,
        match=r"16 tiles of 4016 x 4016 pixels hold cases \(300 cases, a kernel of 4,001 x 4,001 pixels\) would "
        r"need about 5\.3 GB",
    ):
        run_alg(
            "gridmanager:casedensity",
            {"INPUT": layer, "RADIUS": 100.0, "PIXEL_SIZE": 0.05, "OUTPUT": str(tmp_path / "d.tif")},
        )


def test_ordinary_density_is_not_refused(run_alg, tmp_path, sixteen_gigabytes):
    rng = np.random.default_rng(3)
    layer = points(zip(X0 + rng.uniform(0, 5000, 3000), Y0 + rng.uniform(0, 5000, 3000)))
    results, _fb = run_alg(
        "gridmanager:casedensity",
        {"INPUT": layer, "RADIUS": 300.0, "PIXEL_SIZE": 10.0, "OUTPUT": str(tmp_path / "d.tif")},
    )
    assert (tmp_path / "d.tif").exists()


def lattice_grids(tmp_path, cols=100, rows=50, size=10.0):
    """5,000 grids of 10 m with grid codes, and a few cases."""
    import geopandas as gpd
    import shapely

    boxes = [
        shapely.box(X0 + c * size, Y0 + r * size, X0 + (c + 1) * size, Y0 + (r + 1) * size)
        for r in range(rows)
        for c in range(cols)
    ]
    codes = ["110101001{:03d}{:03d}".format(1 + k // 1000, 1 + k % 1000) for k in range(len(boxes))]
    path = str(tmp_path / "grids.gpkg")
    gpd.GeoDataFrame({"grid_code": codes}, geometry=boxes, crs="EPSG:4548").to_file(path, layer="grids")
    rng = np.random.default_rng(1)
    cases = points(zip(X0 + rng.uniform(0, cols * size, 2000), Y0 + rng.uniform(0, rows * size, 2000)))
    return path + "|layername=grids", cases


def test_permutations_times_neighbours_are_refused_with_the_estimate(run_alg, tmp_path, sixteen_gigabytes, monkeypatch):
    from gridmanager.grid_manager.cases import hotspots

    grids, cases = lattice_grids(tmp_path)

    def drawn(*args, **kwargs):
        raise AssertionError("permutations were drawn")

    monkeypatch.setattr(hotspots, "_draw_subsets", drawn)
    params = {
        "CASES": cases,
        "GRIDS": grids,
        "NEIGHBOURS": 1,
        "DISTANCE": 200.0,
        "PERMUTATIONS": 99999,
        "OUTPUT": str(tmp_path / "s.gpkg"),
    }
    with pytest.raises(QgsProcessingException) as error:
        run_alg("gridmanager:gridcasestats", params)
    message = str(error.value)
    assert "99,999 permutations for 5,000 grids with up to 1,256 neighbours each would need about 7.2 GB" in message
    assert "Use fewer permutations" in message
    # the usual 999 permutations on the same grids are not refused
    monkeypatch.undo()
    results, _fb = run_alg(
        "gridmanager:gridcasestats", dict(params, PERMUTATIONS=999, OUTPUT=str(tmp_path / "ok.gpkg"))
    )
    assert QgsVectorLayer(results["OUTPUT"], "ok", "ogr").featureCount() == 5000
