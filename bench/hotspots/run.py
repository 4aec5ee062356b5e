"""Benchmark: case heatmap, per-grid counts and Gi* hot spots against QGIS and PySAL/esda, in one run.

Data (generated deterministically into bench/out/hotspots/ on the first run, gitignored):
* 1,000,000 synthetic cases in EPSG:4548 over an 8 km x 5 km district: 60 % in 12 clusters of
  80–300 m, 40 % spread uniformly, 2,000 just outside every grid;
* square grids of 100 m (80 x 50 = 4,000) and 20 m (400 x 250 = 100,000) with households.

Measured:
1. heatmap (radius 200 m, pixel 10 m, quartic, raw): QGIS ``qgis:heatmapkerneldensityestimation``
   vs ``gridmanager:casedensity`` (end to end through Processing) — time, same raster grid, Pearson r;
2. per-grid counts: QGIS ``native:countpointsinpolygon`` vs ``gridmanager:gridcasestats`` (which also
   computes rates and Gi* with 999 permutations) — time and identical counts;
3. Gi* (queen contiguity, 999 permutations): Grid Manager's core (weights + statistic) vs
   ``libpysal.weights.Queen`` + ``esda.G_Local(transform="B", star=True)`` as the HotSpotAnalysis
   plugin uses it — time, z-scores and the share of grids in the same hot/cold class; esda against
   itself with another seed shows how much two 999-permutation runs differ anyway, and Grid
   Manager run on esda's own random stream (``esda_stream=True``, same seed) shows the agreement
   once the Monte-Carlo noise is taken out.

Usage:  .venv/bin/python bench/hotspots/run.py [--skip-esda-100k] [--json bench/out/hotspots/results.json]
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
OUT = REPO / "bench" / "out" / "hotspots"
X0, Y0, WIDTH, HEIGHT = 500000.0, 4420000.0, 8000.0, 5000.0
N_CASES = 1_000_000
N_OUTSIDE = 2000


def setup_qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    PLUGINS.mkdir(parents=True, exist_ok=True)
    link = PLUGINS / "gridmanager"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS))
    sys.path.insert(1, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from gridmanager.processing.provider import GridManagerProvider

    provider = GridManagerProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def make_cases(rng):
    n_in = N_CASES - N_OUTSIDE
    n_cl = int(n_in * 0.6)
    centres = rng.uniform([X0 + 500, Y0 + 500], [X0 + WIDTH - 500, Y0 + HEIGHT - 500], size=(12, 2))
    sds = rng.uniform(80, 300, 12)
    which = rng.integers(0, 12, n_cl)
    x = np.concatenate(
        [
            rng.normal(centres[which, 0], sds[which]),
            rng.uniform(X0, X0 + WIDTH, n_in - n_cl),
            rng.uniform(X0 - 900, X0 - 100, N_OUTSIDE),
        ]
    )
    y = np.concatenate(
        [
            rng.normal(centres[which, 1], sds[which]),
            rng.uniform(Y0, Y0 + HEIGHT, n_in - n_cl),
            rng.uniform(Y0, Y0 + HEIGHT, N_OUTSIDE),
        ]
    )
    inside = (x > X0) & (x < X0 + WIDTH) & (y > Y0) & (y < Y0 + HEIGHT)
    x[:n_in] = np.where(inside[:n_in], x[:n_in], rng.uniform(X0, X0 + WIDTH, n_in))
    y[:n_in] = np.where(inside[:n_in], y[:n_in], rng.uniform(Y0, Y0 + HEIGHT, n_in))
    return x, y


def generate():
    import geopandas as gpd
    import pandas as pd
    import shapely

    OUT.mkdir(parents=True, exist_ok=True)
    cases = OUT / "cases_1m.gpkg"
    if not cases.exists():
        rng = np.random.default_rng(2026)
        x, y = make_cases(rng)
        kind = rng.choice(np.array(["part", "event"]), N_CASES)
        frame = gpd.GeoDataFrame(
            {
                "case_code": np.char.add("C", np.arange(N_CASES).astype(str)),
                "kind": kind,
                "class_code": rng.choice(np.array(["0101", "0102", "0118", "0305", "0201", "0505"]), N_CASES),
                "state": rng.choice(np.array(["registered", "dispatched", "handled", "closed"]), N_CASES),
                "reported_at": pd.Timestamp("2025-01-01")
                + pd.to_timedelta(rng.integers(0, 365 * 24, N_CASES), unit="h"),
            },
            geometry=shapely.points(x, y),
            crs="EPSG:4548",
        )
        frame.to_file(cases, layer="cases", driver="GPKG", engine="pyogrio")
    for name, size in (("grids_4k", 100.0), ("grids_100k", 20.0)):
        path = OUT / f"{name}.gpkg"
        if path.exists():
            continue
        rng = np.random.default_rng(7)
        cols, rows = int(WIDTH / size), int(HEIGHT / size)
        cx, cy = np.meshgrid(np.arange(cols), np.arange(rows))
        cx, cy = cx.ravel(), cy.ravel()
        community = (cy // (rows // 10)) * 20 + cx // (cols // 20) + 1
        serial = np.zeros(len(cx), dtype=int)
        counters = {}
        for i, c in enumerate(community):
            counters[c] = counters.get(c, 0) + 1
            serial[i] = counters[c]
        codes = [f"110101{1 + c // 100:03d}{c % 100 + 1:03d}{s:03d}" for c, s in zip(community, serial % 1000)]
        gdf = gpd.GeoDataFrame(
            {
                "grid_code": codes,
                "households": rng.integers(20, 600, len(cx)).astype(float) * (size / 100.0) ** 2,
            },
            geometry=shapely.box(X0 + cx * size, Y0 + cy * size, X0 + (cx + 1) * size, Y0 + (cy + 1) * size),
            crs="EPSG:4548",
        )
        gdf.to_file(path, layer="grids", driver="GPKG", engine="pyogrio")
    return str(cases) + "|layername=cases"


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def read_raster(path):
    from osgeo import gdal

    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray().astype(float), ds.GetGeoTransform()


def bench_kde(cases, results):
    from qgis import processing

    params = {"INPUT": cases, "RADIUS": 200.0, "PIXEL_SIZE": 10.0, "KERNEL": 0, "OUTPUT_VALUE": 0}
    ours, t_ours = timed(processing.run, "gridmanager:casedensity", dict(params, OUTPUT=str(OUT / "kde_ours.tif")))
    print(f"casedensity: {t_ours:.1f} s", flush=True)
    from qgis.core import QgsApplication

    heatmap = "native:heatmapkerneldensityestimation"
    if QgsApplication.processingRegistry().algorithmById(heatmap) is None:
        heatmap = "qgis:heatmapkerneldensityestimation"  # QGIS 3.22: the Python implementation
    theirs, t_qgis = timed(processing.run, heatmap, dict(params, OUTPUT=str(OUT / "kde_qgis.tif")))
    print(f"qgis heatmap: {t_qgis:.1f} s", flush=True)
    a, gta = read_raster(ours["OUTPUT"])
    b, gtb = read_raster(theirs["OUTPUT"])
    same_grid = a.shape == b.shape and np.allclose(gta, gtb, atol=1e-6)
    az, bz = np.where(a == -9999, 0, a), np.where(b == -9999, 0, b)
    r = float(np.corrcoef(az.ravel(), bz.ravel())[0, 1])
    # core only (points already in memory)
    import geopandas as gpd

    from gridmanager.grid_manager.cases import density

    frame = gpd.read_file(OUT / "cases_1m.gpkg", engine="pyogrio", columns=[])
    xs, ys = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    bounds = frame.total_bounds
    (arr, grid, stats), t_core = timed(density.kde, xs, ys, 200.0, 10.0, extent=tuple(bounds))
    results["kde"] = {
        "points": N_CASES,
        "raster": f"{a.shape[1]} x {a.shape[0]}",
        "qgis_s": round(t_qgis, 2),
        "ours_s": round(t_ours, 2),
        "ours_core_s": round(t_core, 2),
        "speedup": round(t_qgis / t_ours, 1),
        "same_grid": bool(same_grid),
        "pearson_r": r,
        "method": stats.method,
        "nodata_mismatch_cells": int(((a == -9999) != (b == -9999)).sum()),
        "max_abs_diff": float(np.abs(az - bz).max()),
        "max_value": float(bz.max()),
    }
    print(results["kde"], flush=True)


def bench_counts(cases, results):
    from qgis import processing
    from qgis.core import QgsVectorLayer

    for name in ("grids_4k", "grids_100k"):
        grids = str(OUT / f"{name}.gpkg") + "|layername=grids"
        ours, t_ours = timed(
            processing.run,
            "gridmanager:gridcasestats",
            {
                "CASES": cases,
                "GRIDS": grids,
                "HOUSEHOLD_FIELD": "households",
                "PERMUTATIONS": 999,
                "SEED": 1,
                "OUTPUT": str(OUT / f"stats_{name}.gpkg"),
            },
        )
        print(f"gridcasestats {name}: {t_ours:.1f} s", flush=True)
        theirs, t_qgis = timed(
            processing.run,
            "native:countpointsinpolygon",
            {
                "POLYGONS": grids,
                "POINTS": cases,
                "FIELD": "NUMPOINTS",
                "OUTPUT": str(OUT / f"count_{name}.gpkg"),
            },
        )
        print(f"countpointsinpolygon {name}: {t_qgis:.1f} s", flush=True)

        def column(path, field):
            layer = QgsVectorLayer(path, "x", "ogr")
            return {f["grid_code"]: f[field] for f in layer.getFeatures()}

        a = column(ours["OUTPUT"], "n_cases")
        b = column(theirs["OUTPUT"], "NUMPOINTS")
        diff = sum(1 for k in a if a[k] != b.get(k))
        results[f"counts_{name}"] = {
            "grids": len(a),
            "qgis_countpoints_s": round(t_qgis, 2),
            "ours_stats_gi999_s": round(t_ours, 2),
            "speedup": round(t_qgis / t_ours, 1),
            "grids_with_different_count": diff,
            "unassigned": ours["UNASSIGNED"],
            "hot": ours["HOT_SPOTS"],
            "cold": ours["COLD_SPOTS"],
        }
        print(results[f"counts_{name}"], flush=True)


def bench_gi(results, skip_esda_100k=False):
    import geopandas as gpd

    from gridmanager.grid_manager.cases import hotspots

    for name in ("grids_4k", "grids_100k"):
        grids = gpd.read_file(OUT / f"{name}.gpkg", engine="pyogrio")
        stats = gpd.read_file(OUT / f"stats_{name}.gpkg", engine="pyogrio", columns=["grid_code", "n_cases"])
        y = stats.set_index("grid_code").loc[grids["grid_code"], "n_cases"].to_numpy(dtype=float)
        geoms = grids.geometry.to_numpy()
        w, t_w = timed(hotspots.queen_weights, geoms)
        res, t_gi = timed(hotspots.gi_star, y, w, 999, 1, True)
        entry = {
            "grids": len(y),
            "ours_weights_s": round(t_w, 2),
            "ours_gi_s": round(t_gi, 2),
            "ours_total_s": round(t_w + t_gi, 2),
        }
        print(name, entry, flush=True)
        if name == "grids_100k" and skip_esda_100k:
            results[f"gi_{name}"] = entry
            continue
        import esda
        import libpysal

        warnings.filterwarnings("ignore")
        wq, t_lw = timed(libpysal.weights.Queen.from_dataframe, grids, use_index=False)
        print(f"libpysal queen {name}: {t_lw:.1f} s", flush=True)
        e1, t_e = timed(esda.G_Local, y, wq, transform="B", star=True, permutations=999, seed=2)
        print(f"esda G_Local {name}: {t_e:.1f} s", flush=True)
        e2 = esda.G_Local(y, wq, transform="B", star=True, permutations=999, seed=3)
        # the same statistic with esda's own random stream (seed 2): isolates Monte-Carlo noise
        same, t_same = timed(hotspots.gi_star, y, w, 999, 2, True, esda_stream=True)
        ours_raw = hotspots.classify(res["z"], res["p"])
        ours_fdr = res["hotspot_class"]
        esda_raw = hotspots.classify(e1.Zs, np.minimum(1.0, 2 * e1.p_sim))
        esda_fdr = hotspots.classify(e1.Zs, hotspots.fdr_bh(np.minimum(1.0, 2 * e1.p_sim)))
        esda2_raw = hotspots.classify(e2.Zs, np.minimum(1.0, 2 * e2.p_sim))
        esda2_fdr = hotspots.classify(e2.Zs, hotspots.fdr_bh(np.minimum(1.0, 2 * e2.p_sim)))
        zdiff = float(np.nanmax(np.abs(np.asarray(e1.Zs) - res["z"])))
        entry.update(
            {
                "esda_weights_s": round(t_lw, 2),
                "esda_gi_s": round(t_e, 2),
                "esda_total_s": round(t_lw + t_e, 2),
                "speedup_total": round((t_lw + t_e) / (t_w + t_gi), 1),
                "max_abs_z_diff": zdiff,
                "same_class_fdr": float((ours_fdr == esda_fdr).mean()),
                "same_class_raw_p": float((ours_raw == esda_raw).mean()),
                "esda_vs_esda_same_class_fdr": float((esda_fdr == esda2_fdr).mean()),
                "esda_vs_esda_same_class_raw_p": float((esda_raw == esda2_raw).mean()),
                "same_class_normal_p": float(
                    (
                        hotspots.classify(res["z"], res["p_norm"])
                        == hotspots.classify(e1.Zs, np.minimum(1.0, 2 * e1.p_norm))
                    ).mean()
                ),
                "mean_abs_p_diff": float(np.mean(np.abs(res["p_sim"] - e1.p_sim))),
                "ours_esda_stream_s": round(t_same, 2),
                "same_stream_identical_p": bool(np.array_equal(same["p_sim"], np.asarray(e1.p_sim))),
                "same_stream_same_class_fdr": float((same["hotspot_class"] == esda_fdr).mean()),
                "same_stream_same_class_raw_p": float((hotspots.classify(same["z"], same["p"]) == esda_raw).mean()),
                "esda_vs_esda_mean_abs_p_diff": float(np.mean(np.abs(e2.p_sim - e1.p_sim))),
            }
        )
        results[f"gi_{name}"] = entry
        print(name, entry, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", default=str(OUT / "results.json"))
    parser.add_argument("--skip-esda-100k", action="store_true")
    parser.add_argument("--only", choices=["kde", "counts", "gi"], default=None)
    args = parser.parse_args()
    app, provider = setup_qgis()
    cases, t_gen = timed(generate)
    print(f"data ready ({t_gen:.0f} s)", flush=True)
    results = {}
    if Path(args.json).exists():
        results = json.loads(Path(args.json).read_text())
    if args.only in (None, "kde"):
        bench_kde(cases, results)
    if args.only in (None, "counts"):
        bench_counts(cases, results)
    if args.only in (None, "gi"):
        bench_gi(results, args.skip_esda_100k)
    Path(args.json).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
