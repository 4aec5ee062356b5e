"""Getis-Ord Gi*, permutations, FDR and gridmanager:gridcasestats on real QGIS layers."""

import math

import numpy as np
import pandas as pd
import pytest

X0, Y0 = 500000.0, 4420000.0  # EPSG:4548
COLS, ROWS, SIZE = 20, 15, 100.0


def grid_frame():
    """20 x 15 squares of 100 m; 5 x 5 squares per community; households with gaps (NULL and 0)."""
    import shapely

    rows = []
    rng = np.random.default_rng(11)
    serial = {}
    for r in range(ROWS):
        for c in range(COLS):
            community = "110101001" + f"{(r // 5) * 4 + c // 5 + 1:03d}"
            serial[community] = serial.get(community, 0) + 1
            hh = float(rng.integers(200, 600))
            if (r, c) in ((0, 0), (3, 7)):
                hh = None
            if (r, c) == (14, 19):
                hh = 0.0
            rows.append(
                {
                    "grid_code": community + f"{serial[community]:03d}",
                    "households": hh,
                    "geometry": shapely.box(X0 + c * SIZE, Y0 + r * SIZE, X0 + (c + 1) * SIZE, Y0 + (r + 1) * SIZE),
                }
            )
    return rows


def case_frame(n=4000, seed=5):
    rng = np.random.default_rng(seed)
    k = n // 2
    x = np.concatenate([rng.normal(X0 + 550, 110, k), rng.uniform(X0, X0 + COLS * SIZE, n - k)])
    y = np.concatenate([rng.normal(Y0 + 1050, 110, k), rng.uniform(Y0, Y0 + ROWS * SIZE, n - k)])
    # move some cases out of every grid
    x[:25] = X0 - 500.0 - np.arange(25)
    kind = rng.choice(["part", "event"], n)
    reported = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 90 * 24, n), unit="h")
    return pd.DataFrame(
        {
            "case_code": [f"C{i:06d}" for i in range(n)],
            "kind": kind,
            "class_code": np.where(kind == "part", "0101", "0102"),
            "state": "registered",
            "grid_code": None,
            "reported_at": reported,
            "x": x,
            "y": y,
        }
    )


@pytest.fixture(scope="module")
def layers(tmp_path_factory):
    import geopandas as gpd
    import shapely

    folder = tmp_path_factory.mktemp("hotspots")
    grids = gpd.GeoDataFrame(grid_frame(), crs="EPSG:4548")
    grids.to_file(folder / "grids.gpkg", layer="grids", driver="GPKG")
    cases = case_frame()
    gdf = gpd.GeoDataFrame(
        cases.drop(columns=["x", "y"]), geometry=shapely.points(cases["x"], cases["y"]), crs="EPSG:4548"
    )
    gdf.to_file(folder / "cases.gpkg", layer="cases", driver="GPKG")
    return {
        "grids": str(folder / "grids.gpkg") + "|layername=grids",
        "cases": str(folder / "cases.gpkg") + "|layername=cases",
        "frame": cases,
        "grid_rows": grid_frame(),
    }


def output_rows(layer):
    fields = [f.name() for f in layer.fields()]
    rows = []
    for feat in layer.getFeatures():
        rows.append({name: feat[name] for name in fields})
    return pd.DataFrame(rows)


def clean(value):
    from qgis.PyQt.QtCore import QVariant

    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


# ---------------------------------------------------------------------------------------------- core
def lattice(side):
    import shapely

    xs, ys = np.meshgrid(np.arange(side), np.arange(side))
    return shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 1, ys.ravel() + 1)


def test_queen_weights_on_a_lattice():
    from gridmanager.grid_manager.cases import hotspots

    w = hotspots.queen_weights(lattice(4))
    degree = np.asarray(w.sum(axis=1)).ravel()
    assert degree.reshape(4, 4).tolist() == [[3, 5, 5, 3], [5, 8, 8, 5], [5, 8, 8, 5], [3, 5, 5, 3]]
    assert (w != w.T).nnz == 0


def test_gi_star_z_is_the_getis_ord_formula():
    from gridmanager.grid_manager.cases import hotspots

    rng = np.random.default_rng(1)
    y = rng.poisson(4, 36).astype(float)
    w = hotspots.queen_weights(lattice(6))
    res = hotspots.gi_star(y, w, permutations=0)
    dense = w.toarray().astype(float) + np.eye(36)
    n = 36
    xbar = y.mean()
    s = math.sqrt((y**2).mean() - xbar**2)
    for i in range(n):
        wi = dense[i]
        num = wi @ y - xbar * wi.sum()
        den = s * math.sqrt((n * (wi**2).sum() - wi.sum() ** 2) / (n - 1))
        assert res["z"][i] == pytest.approx(num / den, rel=1e-10)
    assert np.allclose(res["g"], (dense @ y) / y.sum())


def test_permutation_p_values_match_a_brute_force_conditional_permutation():
    from gridmanager.grid_manager.cases import hotspots

    rng = np.random.default_rng(2)
    side = 8
    y = rng.poisson(3, side * side).astype(float)
    y[:10] += 6  # a hot corner
    w = hotspots.queen_weights(lattice(side))
    res = hotspots.gi_star(y, w, permutations=3999, seed=4)
    dense = w.toarray()
    n = len(y)
    brute = np.empty(n)
    perms = 3999
    for i in range(n):
        nb = np.flatnonzero(dense[i])
        others = np.delete(np.arange(n), i)
        obs = y[nb].sum()
        draws = np.array([y[rng.choice(others, size=len(nb), replace=False)].sum() for _ in range(perms)])
        upper = int((draws >= obs - 1e-9).sum())  # ties on both sides
        lower = int((draws <= obs + 1e-9).sum())
        brute[i] = (min(upper, lower) + 1) / (perms + 1)
    assert np.abs(res["p_sim"] - brute).max() < 0.025
    assert np.corrcoef(res["p_sim"], brute)[0, 1] > 0.99
    assert np.array_equal(res["p"], np.minimum(1.0, 2 * res["p_sim"]))  # two-sided


def test_permutations_are_reproducible_with_a_seed():
    from gridmanager.grid_manager.cases import hotspots

    y = np.random.default_rng(3).poisson(5, 100).astype(float)
    w = hotspots.queen_weights(lattice(10))
    a = hotspots.gi_star(y, w, 999, seed=9)["p"]
    b = hotspots.gi_star(y, w, 999, seed=9)["p"]
    c = hotspots.gi_star(y, w, 999, seed=10)["p"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_benjamini_hochberg():
    from gridmanager.grid_manager.cases import hotspots

    p = np.array([0.01, 0.04, 0.03, 0.005, np.nan, 0.5])
    q = hotspots.fdr_bh(p)
    # sorted 0.005, 0.01, 0.03, 0.04, 0.5 with m = 5: 0.025, 0.025, 0.05, 0.05, 0.5
    assert np.allclose(q[[3, 0, 2, 1, 5]], [0.025, 0.025, 0.05, 0.05, 0.5])
    assert np.isnan(q[4])


def test_classes_and_degenerate_inputs():
    from gridmanager.grid_manager.cases import hotspots

    # two-sided bins: |z| >= 2.576 / 1.96 / 1.645 and p <= 0.01 / 0.05 / 0.10, both needed
    z = [3.0, 2.0, 1.7, 0.5, -2.0, -3.0, np.nan, 1.6, 2.7, -1.645, 1.96, 2.576]
    p = [0.001, 0.03, 0.08, 0.5, 0.04, 0.005, 0.01, 0.001, 0.03, 0.10, 0.05, 0.01]
    cls = hotspots.classify(z, p)
    assert cls.tolist() == [3, 2, 1, 0, -2, -3, 0, 0, 2, -1, 2, 3]
    w = hotspots.queen_weights(lattice(3))
    flat = hotspots.gi_star(np.full(9, 4.0), w, 99, seed=1)
    assert np.isnan(flat["z"]).all() and (flat["hotspot_class"] == 0).all()
    rates_hh, rates_km2 = hotspots.grid_rates([5, 5, 5], [None, 0, 500], [0, 1e6, 2e6])
    assert np.isnan(rates_hh[:2]).all() and rates_hh[2] == 10.0
    assert np.isnan(rates_km2[0]) and rates_km2[1] == 5.0 and np.isfinite(rates_km2[1:]).all()


# ------------------------------------------------------------------------------------------ algorithm
def test_grid_case_stats_counts_rates_and_hotspots(run_alg, layers, tmp_path):
    from qgis.core import QgsVectorLayer

    out = str(tmp_path / "stats.gpkg")
    res, feedback = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "HOUSEHOLD_FIELD": "households",
            "SEED": 1,
            "PERMUTATIONS": 9999,
            "OUTPUT": out,
        },
    )
    layer = QgsVectorLayer(res["OUTPUT"], "stats", "ogr")
    rows = output_rows(layer)
    assert len(rows) == COLS * ROWS
    # cases outside every grid: counted as unassigned and reported
    assert res["UNASSIGNED"] == 25 and res["TOTAL_CASES"] == 4000
    assert rows["n_cases"].sum() == 4000 - 25
    assert any("25 cases lie outside every grid" in line for line in feedback.log)
    assert (rows["n_parts"] + rows["n_events"] == rows["n_cases"]).all()
    # grids without households: empty rate, never infinite
    no_hh = rows[rows["grid_code"].isin([layers["grid_rows"][i]["grid_code"] for i in (0, 3 * COLS + 7, 299)])]
    assert len(no_hh) == 3 and all(clean(v) is None for v in no_hh["rate_1000hh"])
    rates = [clean(v) for v in rows["rate_1000hh"]]
    assert all(v is None or math.isfinite(v) for v in rates)
    assert np.allclose(rows["rate_km2"].astype(float), rows["n_cases"] * 100.0)  # 0.01 km² squares
    # the cluster centre (x0 + 550, y0 + 1050) -> column 5, row 10 is a 99 % hot spot (after FDR, which
    # needs more than 999 permutations when only a few grids reach the smallest p-value)
    centre = rows.iloc[10 * COLS + 5]
    assert centre["hotspot_class"] == 3 and centre["gi_z"] > 3
    assert res["HOT_SPOTS"] > 0
    p = rows["gi_p"].astype(float)
    assert ((p > 0) & (p <= 1)).all() and (rows["gi_p_fdr"].astype(float) >= p - 1e-12).all()


def test_counts_match_qgis_count_points_in_polygon(run_alg, layers, tmp_path):
    from qgis.core import QgsVectorLayer

    ours, _ = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "PERMUTATIONS": 0,
            "OUTPUT": str(tmp_path / "a.gpkg"),
        },
    )
    theirs, _ = run_alg(
        "native:countpointsinpolygon",
        {
            "POLYGONS": layers["grids"],
            "POINTS": layers["cases"],
            "FIELD": "NUMPOINTS",
            "OUTPUT": str(tmp_path / "b.gpkg"),
        },
    )
    a = output_rows(QgsVectorLayer(ours["OUTPUT"], "a", "ogr")).set_index("grid_code")["n_cases"]
    b = output_rows(QgsVectorLayer(theirs["OUTPUT"], "b", "ogr")).set_index("grid_code")["NUMPOINTS"]
    assert (a.sort_index().to_numpy() == b.sort_index().to_numpy()).all()


def test_time_slices_for_the_temporal_controller(run_alg, layers, tmp_path):
    from qgis.core import QgsVectorLayer

    res, _ = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "PERIOD": 2,
            "PERMUTATIONS": 99,
            "SEED": 3,
            "CLASS_FILTER": "0101",
            "OUTPUT": str(tmp_path / "s.gpkg"),
            "OUTPUT_SLICES": str(tmp_path / "slices.gpkg"),
        },
    )
    assert res["PERIODS"] == 3
    slices = QgsVectorLayer(res["OUTPUT_SLICES"], "slices", "ogr")
    rows = output_rows(slices)
    assert len(rows) == 3 * COLS * ROWS
    starts = sorted({clean(v).toString("yyyy-MM") for v in rows["period_start"]})
    assert starts == ["2025-01", "2025-02", "2025-03"]
    frame = layers["frame"]
    parts_in_grids = int(((frame["class_code"] == "0101") & (frame.index >= 25)).sum())
    assert rows["n_cases"].sum() == parts_in_grids
    total = output_rows(QgsVectorLayer(res["OUTPUT"], "s", "ogr"))
    assert total["n_cases"].sum() == parts_in_grids and (total["n_events"] == 0).all()


def test_bad_input_messages(run_alg, layers, tmp_path):
    import geopandas as gpd
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="time window without cases"):
        run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": layers["cases"],
                "GRIDS": layers["grids"],
                "START": "2031-01-01T00:00:00",
                "OUTPUT": str(tmp_path / "x.gpkg"),
            },
        )
    assert not (tmp_path / "x.gpkg").exists()
    dup = gpd.GeoDataFrame(grid_frame()[:4], crs="EPSG:4548")
    dup.loc[3, "grid_code"] = dup.loc[1, "grid_code"]
    dup.to_file(tmp_path / "dup.gpkg", layer="dup grids", driver="GPKG")
    with pytest.raises(QgsProcessingException, match=r"grid code 110101001001002 appears twice.*features 2 and 4"):
        run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": layers["cases"],
                "GRIDS": str(tmp_path / "dup.gpkg") + "|layername=dup grids",
                "OUTPUT": str(tmp_path / "y.gpkg"),
            },
        )
    with pytest.raises(QgsProcessingException, match="household field"):
        run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": layers["cases"],
                "GRIDS": layers["grids"],
                "VALUE": 1,
                "OUTPUT": str(tmp_path / "z.gpkg"),
            },
        )


def test_empty_case_selection(run_alg, layers, tmp_path):
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
        with pytest.raises(QgsProcessingException, match="selected cases"):
            run_alg(
                "gridmanager:gridcasestats",
                {
                    "CASES": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                    "GRIDS": layers["grids"],
                    "OUTPUT": str(tmp_path / "e.gpkg"),
                },
                context=context,
            )
        layer.selectByIds([30, 31, 32])
        res, _ = run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                "GRIDS": layers["grids"],
                "PERMUTATIONS": 9,
                "OUTPUT": str(tmp_path / "f.gpkg"),
            },
            context=context,
        )
        assert res["TOTAL_CASES"] == 3
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_distance_band_and_rate_based_gi(run_alg, layers, tmp_path):
    from qgis.core import QgsVectorLayer

    res, _ = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "HOUSEHOLD_FIELD": "households",
            "VALUE": 1,
            "NEIGHBOURS": 1,
            "DISTANCE": 150.0,
            "SEED": 2,
            "OUTPUT": str(tmp_path / "d.gpkg"),
        },
    )
    rows = output_rows(QgsVectorLayer(res["OUTPUT"], "d", "ogr"))
    no_rate = rows[[clean(v) is None for v in rows["rate_1000hh"]]]
    assert len(no_rate) == 3 and all(clean(v) is None for v in no_rate["gi_z"])
    assert (no_rate["hotspot_class"] == 0).all()
    assert rows.iloc[10 * COLS + 5]["hotspot_class"] > 0


# ------------------------------------------------------------------------------------------- PostGIS
@pytest.fixture(scope="module")
def postgis_cases(layers):
    """The same cases in a throwaway PostGIS database (tests/postgis_cluster.py)."""
    import importlib.util
    from pathlib import Path

    psycopg2 = pytest.importorskip("psycopg2")
    spec = importlib.util.spec_from_file_location(
        "gm_postgis_cluster_hotspots", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
    )
    cluster_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cluster_mod)
    with cluster_mod.LocalCluster() as cluster:
        dsn = cluster.create_database("hotspots")
        frame = layers["frame"]
        with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            cur.execute("CREATE SCHEMA gm")
            cur.execute(
                "CREATE TABLE gm.cases (case_code text PRIMARY KEY, kind text, class_code text, state text, "
                "grid_code text, reported_at timestamptz, geom geometry(Point, 4548))"
            )
            rows = [
                (
                    r.case_code,
                    r.kind,
                    r.class_code,
                    r.state,
                    None,
                    r.reported_at.isoformat() + "+08",  # the file holds naive Shanghai times
                    float(r.x),
                    float(r.y),
                )
                for r in frame.itertuples()
            ]
            cur.executemany(
                "INSERT INTO gm.cases VALUES (%s, %s, %s, %s, %s, %s::timestamptz, "
                "ST_SetSRID(ST_MakePoint(%s, %s), 4548))",
                rows,
            )
            cur.execute("CREATE VIEW gm.cases_analysis AS SELECT * FROM gm.cases")
        yield dsn
        cluster.drop_database("hotspots")


def test_postgis_cases_are_counted_in_the_database(run_alg, layers, postgis_cases, tmp_path):
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    uri = QgsDataSourceUri(postgis_cases)
    uri.setDataSource("gm", "cases_analysis", "geom", "", "case_code")
    uri.setSrid("4548")
    uri.setWkbType(1)
    layer = QgsVectorLayer(uri.uri(False), "db cases", "postgres")
    assert layer.isValid()
    params = {"GRIDS": layers["grids"], "PERIOD": 2, "CLASS_FILTER": "0101", "PERMUTATIONS": 99, "SEED": 3}
    db, feedback = run_alg(
        "gridmanager:gridcasestats",
        dict(params, CASES=layer, OUTPUT=str(tmp_path / "db.gpkg"), OUTPUT_SLICES=str(tmp_path / "dbs.gpkg")),
    )
    assert any("in the database" in line for line in feedback.log)
    local, _ = run_alg(
        "gridmanager:gridcasestats",
        dict(
            params,
            CASES=layers["cases"],
            OUTPUT=str(tmp_path / "local.gpkg"),
            OUTPUT_SLICES=str(tmp_path / "locals.gpkg"),
        ),
    )
    assert db["UNASSIGNED"] == local["UNASSIGNED"] > 0 and db["TOTAL_CASES"] == local["TOTAL_CASES"]
    a = output_rows(QgsVectorLayer(db["OUTPUT"], "a", "ogr"))
    b = output_rows(QgsVectorLayer(local["OUTPUT"], "b", "ogr"))
    assert (a["n_cases"] == b["n_cases"]).all() and (a["n_parts"] == b["n_parts"]).all()
    assert np.allclose(a["gi_z"].astype(float), b["gi_z"].astype(float), equal_nan=True)
    sa = output_rows(QgsVectorLayer(db["OUTPUT_SLICES"], "sa", "ogr"))
    sb = output_rows(QgsVectorLayer(local["OUTPUT_SLICES"], "sb", "ogr"))
    assert len(sa) == len(sb) == 3 * COLS * ROWS and (sa["n_cases"] == sb["n_cases"]).all()


def test_esda_random_stream_reproduces_esda_conditional_randomisation():
    """esda_stream=True sees exactly the draws of esda's crand loop (written out here from its published
    algorithm: legacy seed, one choice(n - 1, max_card) per permutation, values without grid i); the
    counts differ from esda's only in the ties, which count on both sides here."""
    from gridmanager.grid_manager.cases import hotspots

    rng = np.random.default_rng(8)
    side = 7
    y = rng.poisson(4, side * side).astype(float)
    y[:6] += 5
    w = hotspots.queen_weights(lattice(side))
    perms, seed = 199, 21
    ours = hotspots.gi_star(y, w, perms, seed=seed, esda_stream=True)["p_sim"]
    n = len(y)
    card = np.asarray(w.sum(axis=1)).ravel().astype(int)
    np.random.seed(seed)
    ids = np.array([np.random.choice(n - 1, size=card.max(), replace=False) for _ in range(perms)])
    dense = w.toarray()
    expected = np.empty(n)
    for i in range(n):
        z_no_i = np.delete(y, i)
        sims = z_no_i[ids[:, : card[i]]].sum(axis=1) + y[i]
        observed = y[dense[i]].sum() + y[i]
        upper, lower = int((sims >= observed).sum()), int((sims <= observed).sum())
        expected[i] = (min(upper, lower) + 1) / (perms + 1)
    assert np.array_equal(ours, expected)


def _esda_local(y, w, perms, seed):
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    import warnings

    lw = libpysal.weights.WSP(w.astype(float).tocsr()).to_W(silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(y, lw, transform="B", star=True, permutations=perms, seed=seed, n_jobs=1)


def test_same_z_p_and_classes_as_esda_on_the_same_random_stream():
    """Continuous values (no ties): z equals esda's Zs, p_sim equals esda's p_sim draw for draw, and the
    classes equal those made from esda's numbers (two-sided p = 2 p_sim) — except grids where a draw
    reproduces the observed neighbourhood exactly (a tie: esda counts it as larger, we on both sides)."""
    from gridmanager.grid_manager.cases import hotspots

    side = 12
    rng = np.random.default_rng(3)
    y = rng.gamma(2.0, 2.0, side * side)
    y[:30] += 4.0
    w = hotspots.queen_weights(lattice(side))
    perms, seed = 499, 7
    ref = _esda_local(y, w, perms, seed)
    ours = hotspots.gi_star(y, w, perms, seed=seed, esda_stream=True)
    assert np.abs(ours["z"] - ref.Zs).max() < 1e-10
    n = len(y)
    card = np.asarray(w.sum(axis=1)).ravel().astype(int)
    np.random.seed(seed)
    ids = np.array([np.random.choice(n - 1, size=card.max(), replace=False) for _ in range(perms)])
    dense = w.toarray()
    tie = np.array(
        [(np.abs(np.delete(y, i)[ids[:, : card[i]]].sum(axis=1) - y[dense[i]].sum()) < 1e-9).any() for i in range(n)]
    )
    assert tie.sum() <= 3
    assert np.array_equal(ours["p_sim"][~tie], ref.p_sim[~tie])
    esda_classes = hotspots.classify(ref.Zs, np.minimum(1.0, 2 * ref.p_sim))
    assert np.array_equal(ours["hotspot_class"][~tie], esda_classes[~tie])
    assert (ours["hotspot_class"] > 0).sum() >= 5  # the hot corner is found


def test_ties_empty_grids_are_never_cold_spots_unlike_esda():
    """The issue's case: all cases in one grid. esda (ties counted as 'larger', then folded) makes almost
    every empty grid significant; here none is, and the grid itself is not a hot spot either (its
    neighbours are as empty as any draw)."""
    from gridmanager.grid_manager.cases import hotspots

    side = 16
    y = np.zeros(side * side)
    y[5 * side + 6] = 120.0
    w = hotspots.queen_weights(lattice(side))
    ref = _esda_local(y, w, 999, 5)
    assert ((ref.p_sim < 0.01) & (y == 0)).sum() > 200  # esda: empty grids at "99 %"
    for stream in (False, True):
        res = hotspots.gi_star(y, w, 999, seed=5, esda_stream=stream)
        assert (res["hotspot_class"][y == 0] < 0).sum() == 0
        assert (res["z"][y == 0] > -0.3).all()  # z = -0.24-ish: nowhere near a cold spot
        assert res["p"][5 * side + 6] == 1.0
    normal = hotspots.gi_star(y, w, 0)
    assert (normal["hotspot_class"] < 0).sum() == 0


def test_empty_neighbourhoods_are_never_significant_in_sparse_counts():
    """Per class and month: most grids empty, a few clusters; no grid whose neighbourhood has no case may
    be a cold spot, with or without FDR, with permutations or normal-theory p."""
    from gridmanager.grid_manager.cases import hotspots

    side = 16
    w = hotspots.queen_weights(lattice(side))
    dense = w.toarray() | np.eye(side * side, dtype=bool)
    for seed in range(6):
        rng = np.random.default_rng(seed)
        y = rng.poisson([0.3, 0.8, 2.0][seed % 3], side * side).astype(float)
        y[rng.integers(0, side * side, 4)] += 25  # a few busy grids
        block = (
            (np.arange(side * side) // side >= 4 + seed)
            & (np.arange(side * side) % side >= 3)
            & (np.arange(side * side) % side < 8)
        )
        y[block & (np.arange(side * side) // side < 9 + seed)] = 0  # a 5 x 5 park without cases
        empty = dense.astype(float) @ y == 0
        assert empty.sum() >= 9
        for perms in (0, 999):
            for fdr in (False, True):
                res = hotspots.gi_star(y, w, perms, seed=seed, fdr=fdr)
                assert (res["hotspot_class"][empty] == 0).all()
                assert np.array_equal(res["empty"], empty)


def test_normal_theory_p_without_permutations_and_optional_fdr():
    from scipy import stats

    from gridmanager.grid_manager.cases import hotspots

    rng = np.random.default_rng(6)
    side = 14
    y = rng.poisson(4, side * side).astype(float)
    y[: 3 * side] += rng.poisson(6, 3 * side)  # a hot band
    w = hotspots.queen_weights(lattice(side))
    res = hotspots.gi_star(y, w, 0)
    assert np.isnan(res["p_sim"]).all()
    assert np.allclose(res["p"], 2 * stats.norm.sf(np.abs(res["z"])))
    # without FDR and with the normal p, the bins are exactly the |z| thresholds
    expected = np.select(
        [
            res["z"] >= 2.576,
            res["z"] >= 1.96,
            res["z"] >= 1.645,
            res["z"] <= -2.576,
            res["z"] <= -1.96,
            res["z"] <= -1.645,
        ],
        [3, 2, 1, -3, -2, -1],
        0,
    )
    assert np.array_equal(res["hotspot_class"], expected) and (expected == 3).sum() > 5
    with_fdr = hotspots.gi_star(y, w, 0, fdr=True)
    assert (np.abs(with_fdr["hotspot_class"]) <= np.abs(res["hotspot_class"])).all()
    assert (with_fdr["p_fdr"] >= res["p"] - 1e-12).all()
    # 999 permutations: a strong band reaches 99 % without FDR
    perm = hotspots.gi_star(y, w, 999, seed=1)
    assert (perm["hotspot_class"] == 3).sum() > 5


def test_all_cases_in_one_grid_through_the_algorithm(run_alg, tmp_path):
    """gridcasestats with its defaults (999 permutations, FDR off) and with PERMUTATIONS = 0: none of the
    empty grids is a cold spot."""
    import geopandas as gpd
    import shapely
    from qgis.core import QgsVectorLayer

    grids = gpd.GeoDataFrame(grid_frame(), crs="EPSG:4548")
    grids.to_file(tmp_path / "grids.gpkg", layer="grids", driver="GPKG")
    rng = np.random.default_rng(4)
    x = X0 + 700 + rng.uniform(5, 95, 300)  # all in the grid of column 7, row 9
    y = Y0 + 900 + rng.uniform(5, 95, 300)
    cases = gpd.GeoDataFrame(
        {"case_code": [f"A{i}" for i in range(300)]}, geometry=shapely.points(x, y), crs="EPSG:4548"
    )
    cases.to_file(tmp_path / "cases.gpkg", layer="cases", driver="GPKG")
    for perms in (999, 0):
        res, _ = run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": str(tmp_path / "cases.gpkg") + "|layername=cases",
                "GRIDS": str(tmp_path / "grids.gpkg") + "|layername=grids",
                "PERMUTATIONS": perms,
                "SEED": 2,
                "OUTPUT": str(tmp_path / f"out{perms}.gpkg"),
            },
        )
        rows = output_rows(QgsVectorLayer(res["OUTPUT"], "o", "ogr"))
        assert rows["n_cases"].sum() == 300 and (rows["n_cases"] > 0).sum() == 1
        assert res["COLD_SPOTS"] == 0 and (rows.loc[rows["n_cases"] == 0, "hotspot_class"] >= 0).all()
        z = rows.loc[rows["n_cases"] == 0, "gi_z"].astype(float)
        assert (z.abs() < 0.3).sum() > 250


def test_empirical_bayes_rates_equal_esda():
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    from gridmanager.grid_manager.cases import hotspots

    side = 10
    w = hotspots.queen_weights(lattice(side))
    rng = np.random.default_rng(1)
    b = rng.integers(1, 800, side * side).astype(float)
    b[:5] = [1, 2, 3, 5, 8]  # tiny grids
    e = rng.poisson(b * 0.01 * (1 + (np.arange(side * side) % side > 6))).astype(float)
    glob = hotspots.eb_rates(e, b)
    assert np.allclose(glob, esda.smoothing.Empirical_Bayes(e, b).r.ravel(), rtol=1e-12, atol=1e-15)
    lw = libpysal.weights.WSP(w.astype(float).tocsr()).to_W(silence_warnings=True)
    spatial = hotspots.eb_rates(e, b, w)
    assert np.allclose(spatial, esda.smoothing.Spatial_Empirical_Bayes(e, b, lw).r.ravel(), rtol=1e-12, atol=1e-15)
    # a grid without a base: NaN, and it takes no part in the others' estimates
    b2 = b.copy()
    b2[50] = 0
    assert np.isnan(hotspots.eb_rates(e, b2)[50]) and np.isfinite(hotspots.eb_rates(e, b2)).sum() == 99
    # variance estimate below 0 (rates closer than Poisson noise): every rate = the overall rate
    flat = hotspots.eb_rates(np.array([1.0, 2.0, 1.0, 2.0]), np.array([100.0, 200.0, 100.0, 200.0]))
    assert np.allclose(flat, 0.01)


def test_one_household_grid_no_longer_dominates_the_rates():
    """The issue's case: a grid with one household and a few cases shows 1,000s per 1,000 households."""
    from gridmanager.grid_manager.cases import hotspots

    side = 12
    w = hotspots.queen_weights(lattice(side))
    rng = np.random.default_rng(5)
    hh = rng.integers(300, 500, side * side).astype(float)
    hh[0] = 1.0
    counts = rng.poisson(hh * 0.02).astype(float)
    counts[0] = 3.0
    counts[side * 6 + 6 : side * 6 + 9] += 40  # a real hot area
    raw = hotspots.grid_statistics(counts, w, hh, None, "rate_1000hh", permutations=0)
    assert raw["rate_1000hh"][0] == 3000.0
    floor = hotspots.grid_statistics(counts, w, hh, None, "rate_1000hh", permutations=0, min_households=20)
    assert np.isnan(floor["rate_1000hh"][0]) and np.isnan(floor["gi_z"][0])
    # raw rates: the one-household grid swamps the variance, the real hot area is invisible (z about 0)
    assert (raw["hotspot_class"][side * 6 + 6 : side * 6 + 9] == 0).all()
    glob = hotspots.grid_statistics(counts, w, hh, None, "rate_1000hh", permutations=0, smoothing="global")
    assert glob["rate_1000hh_eb"][0] < 100.0  # shrunk towards the overall 20 per 1,000
    assert (glob["hotspot_class"][side * 6 + 6 : side * 6 + 9] == 3).all()
    # spatial EB shrinks towards the neighbourhood's rate (less here: the grid's own rate inflates the
    # local variance), never beyond the raw rate
    spatial = hotspots.grid_statistics(counts, w, hh, None, "rate_1000hh", permutations=0, smoothing="spatial")
    assert spatial["rate_1000hh_eb"][0] < raw["rate_1000hh"][0] / 2


def test_rate_smoothing_through_the_algorithm(run_alg, layers, tmp_path):
    from qgis.core import QgsVectorLayer

    res, _ = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layers["cases"],
            "GRIDS": layers["grids"],
            "HOUSEHOLD_FIELD": "households",
            "VALUE": 1,
            "RATE_SMOOTHING": 2,
            "MIN_HOUSEHOLDS": 250,
            "PERMUTATIONS": 0,
            "OUTPUT": str(tmp_path / "eb.gpkg"),
        },
    )
    rows = output_rows(QgsVectorLayer(res["OUTPUT"], "eb", "ogr"))
    hh = rows["households"].map(clean)
    small = hh.map(lambda v: v is None or not v >= 250)
    assert small.sum() > 10
    assert all(clean(v) is None for v in rows.loc[small, "rate_1000hh"])
    assert all(clean(v) is None for v in rows.loc[small, "rate_1000hh_eb"])
    eb = rows.loc[~small, "rate_1000hh_eb"].map(clean).astype(float)
    rate = rows.loc[~small, "rate_1000hh"].map(clean).astype(float)
    assert np.isfinite(eb).all() and eb.std() < rate.std()  # smoothing shrinks the spread
    assert res["HOT_SPOTS"] > 0


def test_postgis_cases_selected_or_whole_give_the_same_periods(run_alg, layers, postgis_cases, tmp_path):
    """The selected features of a PostGIS layer are read through QGIS (timestamptz -> QDateTime), the whole
    layer is counted in the database (AT TIME ZONE): the same local months either way."""
    from qgis.core import (
        QgsDataSourceUri,
        QgsProcessingContext,
        QgsProcessingFeatureSourceDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    uri = QgsDataSourceUri(postgis_cases)
    uri.setDataSource("gm", "cases_analysis", "geom", "", "case_code")
    uri.setSrid("4548")
    uri.setWkbType(1)
    layer = QgsVectorLayer(uri.uri(False), "db cases", "postgres")
    QgsProject.instance().addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"GRIDS": layers["grids"], "PERIOD": 2, "PERMUTATIONS": 0}
    try:
        whole, _ = run_alg(
            "gridmanager:gridcasestats",
            dict(params, CASES=layer, OUTPUT=str(tmp_path / "w.gpkg"), OUTPUT_SLICES=str(tmp_path / "ws.gpkg")),
            context=context,
        )
        layer.selectAll()
        selected, _ = run_alg(
            "gridmanager:gridcasestats",
            dict(
                params,
                CASES=QgsProcessingFeatureSourceDefinition(layer.id(), True),
                OUTPUT=str(tmp_path / "s.gpkg"),
                OUTPUT_SLICES=str(tmp_path / "ss.gpkg"),
            ),
            context=context,
        )
    finally:
        QgsProject.instance().removeMapLayer(layer.id())

    def months(path):
        out = {}
        for f in QgsVectorLayer(path, "x", "ogr").getFeatures():
            key = f["period_start"].toString("yyyy-MM-dd HH:mm")
            out[key] = out.get(key, 0) + f["n_cases"]
        return out

    a, b = months(whole["OUTPUT_SLICES"]), months(selected["OUTPUT_SLICES"])
    assert a == b and sorted(a) == ["2025-01-01 00:00", "2025-02-01 00:00", "2025-03-01 00:00"]
    frame = layers["frame"]
    assert a["2025-01-01 00:00"] == int((frame.index >= 25)[frame["reported_at"] < "2025-02-01"].sum())


def test_postgis_duplicates_and_missing_times_counted_once_and_reported(run_alg, layers, postgis_cases, tmp_path):
    """A PostGIS table without a unique case code: repeated codes count once in the database path too
    (the same totals as the file path) and are reported with examples, as are cases without reported_at."""
    import psycopg2
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    with psycopg2.connect(postgis_cases) as conn, conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS gm.cases_dup")
        cur.execute("CREATE TABLE gm.cases_dup AS SELECT * FROM gm.cases")
        cur.execute("INSERT INTO gm.cases_dup SELECT * FROM gm.cases WHERE case_code IN ('C000030', 'C000031')")
        cur.execute("UPDATE gm.cases_dup SET reported_at = NULL WHERE case_code = 'C000040'")
    uri = QgsDataSourceUri(postgis_cases)
    uri.setDataSource("gm", "cases_dup", "geom", "", "")
    uri.setSrid("4548")
    uri.setWkbType(1)
    layer = QgsVectorLayer(uri.uri(False), "dup cases", "postgres")
    assert layer.isValid() and layer.featureCount() == 4002
    res, feedback = run_alg(
        "gridmanager:gridcasestats",
        {"CASES": layer, "GRIDS": layers["grids"], "PERIOD": 2, "PERMUTATIONS": 0, "OUTPUT": str(tmp_path / "d.gpkg")},
    )
    log = "\n".join(feedback.log)
    assert "in the database" in log
    assert "dup cases: 2 cases repeat a case_code already read (e.g. C000030, C000031)" in log
    assert "dup cases: 1 cases have no reported_at" in log
    assert res["TOTAL_CASES"] == 4000
    by_code, _ = run_alg(
        "gridmanager:gridcasestats",
        {
            "CASES": layer,
            "GRIDS": layers["grids"],
            "ASSIGN": 1,
            "PERMUTATIONS": 0,
            "OUTPUT": str(tmp_path / "c.gpkg"),
        },
    )
    assert by_code["TOTAL_CASES"] == 4000 and by_code["UNASSIGNED"] == 4000  # no grid_code recorded


def test_group_by_class_one_output_with_a_class_field(run_alg, layers, tmp_path):
    """GROUP_BY_CLASS: every grid once per class present, each class with its own counts and Gi* — the
    same as a run filtered on that class; time slices likewise."""
    from qgis.core import QgsVectorLayer

    base = {"CASES": layers["cases"], "GRIDS": layers["grids"], "SEED": 3, "PERMUTATIONS": 199}
    res, feedback = run_alg(
        "gridmanager:gridcasestats",
        dict(
            base,
            GROUP_BY_CLASS=True,
            PERIOD=2,
            OUTPUT=str(tmp_path / "by_class.gpkg"),
            OUTPUT_SLICES=str(tmp_path / "by_class_slices.gpkg"),
        ),
    )
    rows = output_rows(QgsVectorLayer(res["OUTPUT"], "o", "ogr"))
    assert res["CLASSES"] == 2 and len(rows) == 2 * COLS * ROWS
    assert sorted(rows["class_code"].unique()) == ["0101", "0102"]
    frame = layers["frame"]
    for code in ("0101", "0102"):
        part = rows[rows["class_code"] == code].sort_values("grid_code").reset_index(drop=True)
        assert len(part) == COLS * ROWS
        # 25 cases lie outside every grid (of both classes)
        outside = int((frame["class_code"].iloc[:25] == code).sum())
        assert part["n_cases"].sum() == int((frame["class_code"] == code).sum()) - outside
        one, _ = run_alg(
            "gridmanager:gridcasestats",
            dict(base, CLASS_FILTER=code, OUTPUT=str(tmp_path / f"only_{code}.gpkg")),
        )
        ref = output_rows(QgsVectorLayer(one["OUTPUT"], "r", "ogr")).sort_values("grid_code").reset_index(drop=True)
        assert (part["n_cases"] == ref["n_cases"]).all()
        assert np.allclose(part["gi_z"].astype(float), ref["gi_z"].astype(float), equal_nan=True)
        assert (part["hotspot_class"] == ref["hotspot_class"]).all()
    assert any("2 case classes: 0101, 0102" in line for line in feedback.log)
    slices = output_rows(QgsVectorLayer(res["OUTPUT_SLICES"], "s", "ogr"))
    assert set(slices["class_code"]) == {"0101", "0102"} and res["PERIODS"] == 3
    assert slices["n_cases"].sum() == rows["n_cases"].sum()
    assert len(slices) == 2 * 3 * COLS * ROWS


def test_group_by_class_needs_the_class_field(run_alg, tmp_path):
    import geopandas as gpd
    import shapely
    from qgis.core import QgsProcessingException

    grids = gpd.GeoDataFrame(grid_frame(), crs="EPSG:4548")
    grids.to_file(tmp_path / "grids.gpkg", layer="grids", driver="GPKG")
    cases = gpd.GeoDataFrame(
        {"case_code": ["A", "B"]}, geometry=shapely.points([X0 + 50] * 2, [Y0 + 50] * 2), crs="EPSG:4548"
    )
    cases.to_file(tmp_path / "cases.gpkg", layer="cases", driver="GPKG")
    with pytest.raises(QgsProcessingException, match="cases: there is no field class_code"):
        run_alg(
            "gridmanager:gridcasestats",
            {
                "CASES": str(tmp_path / "cases.gpkg") + "|layername=cases",
                "GRIDS": str(tmp_path / "grids.gpkg") + "|layername=grids",
                "GROUP_BY_CLASS": True,
                "OUTPUT": str(tmp_path / "o.gpkg"),
            },
        )


def test_group_by_class_on_postgis_cases(run_alg, layers, postgis_cases, tmp_path):
    """PostGIS cases with GROUP_BY_CLASS are read and counted in QGIS: the same rows as from the file."""
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    uri = QgsDataSourceUri(postgis_cases)
    uri.setDataSource("gm", "cases_analysis", "geom", "", "case_code")
    uri.setSrid("4548")
    uri.setWkbType(1)
    layer = QgsVectorLayer(uri.uri(False), "db cases", "postgres")
    params = {"GRIDS": layers["grids"], "PERMUTATIONS": 0, "GROUP_BY_CLASS": True}
    db, _ = run_alg("gridmanager:gridcasestats", dict(params, CASES=layer, OUTPUT=str(tmp_path / "db.gpkg")))
    local, _ = run_alg(
        "gridmanager:gridcasestats", dict(params, CASES=layers["cases"], OUTPUT=str(tmp_path / "local.gpkg"))
    )
    a = output_rows(QgsVectorLayer(db["OUTPUT"], "a", "ogr")).sort_values(["class_code", "grid_code"])
    b = output_rows(QgsVectorLayer(local["OUTPUT"], "b", "ogr")).sort_values(["class_code", "grid_code"])
    assert db["CLASSES"] == 2 and len(a) == len(b) == 2 * COLS * ROWS
    assert (a["n_cases"].to_numpy() == b["n_cases"].to_numpy()).all()
    assert (a["hotspot_class"].to_numpy() == b["hotspot_class"].to_numpy()).all()


def _loaded_layer_labels(algorithm_id, params, output="OUTPUT"):
    """Run with the outputs loaded into the project (as the toolbox does) and return the legend labels of
    the loaded layer by category value."""
    from qgis import processing
    from qgis.core import QgsProject

    before = set(QgsProject.instance().mapLayers())
    processing.runAndLoadResults(algorithm_id, params)
    new = [layer for lid, layer in QgsProject.instance().mapLayers().items() if lid not in before]
    try:
        assert new, "no layer was loaded"
        labels = {int(c.value()): c.label() for c in new[0].renderer().categories()}
        return labels, new[0].name()
    finally:
        QgsProject.instance().removeMapLayers([layer.id() for layer in new])


def test_hotspot_legend_in_english(provider, layers, tmp_path):
    labels, name = _loaded_layer_labels(
        "gridmanager:gridcasestats",
        {"CASES": layers["cases"], "GRIDS": layers["grids"], "PERMUTATIONS": 0, "OUTPUT": str(tmp_path / "en.gpkg")},
    )
    assert labels[3] == "Hot spot 99 %" and labels[-1] == "Cold spot 90 %" and labels[0] == "Not significant"


def test_hotspot_legend_in_chinese(provider, layers, tmp_path, zh_cn):
    from gridmanager.processing.algorithms.grid_case_stats import GridCaseStatsAlgorithm

    if GridCaseStatsAlgorithm().hotspot_labels()[3] == "Hot spot 99 %":
        pytest.skip("the zh_CN messages of issue 12 are not merged into i18n/*.ts yet (i18n-pending/issue12b.json)")
    labels, name = _loaded_layer_labels(
        "gridmanager:gridcasestats",
        {"CASES": layers["cases"], "GRIDS": layers["grids"], "PERMUTATIONS": 0, "OUTPUT": str(tmp_path / "zh.gpkg")},
    )
    assert labels[3] == "热点 99 %" and labels[-2] == "冷点 95 %" and labels[0] == "不显著"
    assert set(labels) == {3, 2, 1, 0, -1, -2, -3}
