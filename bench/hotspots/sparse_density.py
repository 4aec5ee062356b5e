"""Benchmark (issue 12): `casedensity` on a sparse, large extent against QGIS's heatmap.

20,000 cases in one cluster (normal, σ = 300 m) plus one stray case 10 km away (7,071 m east and north),
EPSG:4548, radius 150 m, 1 m pixels, quartic, raw values: a raster of about 9,800 x 9,800 cells of which
the kernels reach a few per cent.  Each algorithm runs in its own process under ``/usr/bin/time -v``
(wall time of the algorithm as printed by the child, peak resident memory of the whole process,
QGIS start-up included); the two rasters are then compared strip by strip (same grid, nodata cells,
Pearson r, largest difference).

Usage:  .venv/bin/python bench/hotspots/sparse_density.py [--radius 150] [--pixel 1] [--only gm|qgis]
"""

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import OUT, X0, Y0, setup_qgis

N = 20_000
DATA = OUT / "sparse_cases.gpkg"


def generate():
    if DATA.exists():
        return
    import geopandas as gpd
    import shapely

    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(12)
    x = np.r_[rng.normal(X0 + 2000, 300, N), X0 + 2000 + 7071.0]
    y = np.r_[rng.normal(Y0 + 2000, 300, N), Y0 + 2000 + 7071.0]
    gdf = gpd.GeoDataFrame(
        {"case_code": [f"S{i:06d}" for i in range(N + 1)]}, geometry=shapely.points(x, y), crs="EPSG:4548"
    )
    gdf.to_file(DATA, layer="cases", driver="GPKG")


def child(which, radius, pixel):
    """Run one algorithm in this process and print its wall time."""
    app, provider = setup_qgis()
    if which == "idle":  # QGIS, Processing and the plugin loaded, nothing run: the baseline memory
        import scipy.fft  # noqa: F401

        print("ALG_SECONDS 0.00", flush=True)
        return
    from qgis import processing
    from qgis.core import QgsApplication

    alg = "gridmanager:casedensity"
    if which == "qgis":
        alg = "native:heatmapkerneldensityestimation"
        if QgsApplication.processingRegistry().algorithmById(alg) is None:
            alg = "qgis:heatmapkerneldensityestimation"
    params = {
        "INPUT": str(DATA) + "|layername=cases",
        "RADIUS": radius,
        "PIXEL_SIZE": pixel,
        "KERNEL": 0,
        "OUTPUT_VALUE": 0,
        "OUTPUT": str(OUT / f"sparse_{which}.tif"),
    }
    start = time.perf_counter()
    processing.run(alg, params)
    print(f"ALG_SECONDS {time.perf_counter() - start:.2f}", flush=True)


def run_child(which, radius, pixel):
    cmd = ["/usr/bin/time", "-v", sys.executable, __file__, "--child", which, "--radius", str(radius)]
    cmd += ["--pixel", str(pixel)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = re.search(r"ALG_SECONDS ([\d.]+)", done.stdout)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if seconds is None or rss is None:
        print(done.stdout[-2000:], done.stderr[-4000:])
        raise SystemExit(f"{which} failed")
    return {"seconds": float(seconds.group(1)), "peak_rss_mb": int(rss.group(1)) / 1024.0}


def compare(path_a, path_b):
    """Same grid, nodata cells, Pearson r and the largest difference, read in strips of rows."""
    from osgeo import gdal

    a_ds, b_ds = gdal.Open(str(path_a)), gdal.Open(str(path_b))
    if (a_ds.RasterXSize, a_ds.RasterYSize) != (b_ds.RasterXSize, b_ds.RasterYSize):
        return {"same_grid": False}
    same_gt = np.allclose(a_ds.GetGeoTransform(), b_ds.GetGeoTransform(), atol=1e-6)
    ba, bb = a_ds.GetRasterBand(1), b_ds.GetRasterBand(1)
    n = sa = sb = sab = saa = sbb = 0.0
    mismatch = 0
    diff = 0.0
    step = 512
    for r in range(0, a_ds.RasterYSize, step):
        h = min(step, a_ds.RasterYSize - r)
        a = ba.ReadAsArray(0, r, a_ds.RasterXSize, h).astype(float)
        b = bb.ReadAsArray(0, r, a_ds.RasterXSize, h).astype(float)
        mismatch += int(((a == -9999) != (b == -9999)).sum())
        a[a == -9999] = 0.0
        b[b == -9999] = 0.0
        n += a.size
        sa, sb = sa + a.sum(), sb + b.sum()
        sab, saa, sbb = sab + (a * b).sum(), saa + (a * a).sum(), sbb + (b * b).sum()
        diff = max(diff, float(np.abs(a - b).max()))
    cov = sab / n - (sa / n) * (sb / n)
    r = cov / np.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2))
    return {
        "same_grid": bool(same_gt),
        "raster": f"{a_ds.RasterXSize} x {a_ds.RasterYSize}",
        "nodata_mismatch_cells": mismatch,
        "pearson_r": float(r),
        "max_abs_diff": diff,
        "file_mb": {Path(p).name: round(Path(p).stat().st_size / 1e6, 1) for p in (path_a, path_b)},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--radius", type=float, default=150.0)
    parser.add_argument("--pixel", type=float, default=1.0)
    parser.add_argument("--only", choices=["gm", "qgis"], default=None)
    parser.add_argument("--child", choices=["gm", "qgis", "idle"], default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.radius, args.pixel)
        return
    generate()
    results = {"cases": N + 1, "radius_m": args.radius, "pixel_m": args.pixel}
    results["idle"] = run_child("idle", args.radius, args.pixel)
    print("idle", results["idle"], flush=True)
    for which in ("gm", "qgis"):
        if args.only in (None, which):
            results[which] = run_child(which, args.radius, args.pixel)
            print(which, results[which], flush=True)
    if args.only is None:
        results["agreement"] = compare(OUT / "sparse_gm.tif", OUT / "sparse_qgis.tif")
        results["time_ratio_qgis_over_gm"] = round(results["qgis"]["seconds"] / results["gm"]["seconds"], 1)
        results["memory_ratio_qgis_over_gm"] = round(results["qgis"]["peak_rss_mb"] / results["gm"]["peak_rss_mb"], 2)
    print(json.dumps(results, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
