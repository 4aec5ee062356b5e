"""Survey import benchmark: Grid Manager end to end vs QGIS native:joinattributesbylocation and
GeoPandas sjoin, in one run.

    .venv/bin/python -P bench/import/run.py [--sizes 168339 1000000] [--qgis-timeout 1800]
                                            [--reuse-qgis] [--repeat 3]

Generates deterministic synthetic inputs in bench/out/import/ (gitignored): ~4,000 square unit
grids of 100 m (EPSG:4548, 15-digit codes, 12 grids a community) over the 东城区 area, and part
surveys with a realistic class mix, exported the way planners receive them — a GBK CSV with
Chinese headers and GCJ-02 web-map coordinates — with ~1 % faulty rows.

What each contender does, from the CSV on disk to a GeoPackage of parts with their grid_code:
* Grid Manager ``gridmanager:importparts`` — read (encoding detected), validate every code against
  the catalogue, drop duplicates, convert GCJ-02 → WGS84 (iterative) → EPSG:4548, assign grids,
  write accepted parts and rejected rows.
* QGIS: load the CSV as a delimited-text layer (encoding GBK given by hand) and run
  ``native:joinattributesbylocation`` against the grids (it only assigns: no validation, no GCJ-02).
* GeoPandas: ``pandas.read_csv`` (GBK), points → ``to_crs`` → ``sjoin`` → ``to_file`` (only assigns).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "bench" / "out" / "import"
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
GK = "EPSG:4548"
QGIS_PROCESS = "/usr/bin/qgis_process.bin"
X0, Y0 = 444000.0, 4414000.0  # south-west corner, Gauss-Krüger CM 117°E (东城区 area)
CELL = 100.0
NX, NY = 64, 63  # 4,032 grids of 10,000 m²

# Class mix of a city-part survey (share of parts), after published 东城区 / 卢湾区 inventories:
# manhole covers dominate, then street trees, lamps, bins and signs.
MIX = {
    "0101": 0.08,
    "0102": 0.09,
    "0103": 0.08,
    "0104": 0.07,
    "0105": 0.05,
    "0106": 0.02,
    "0107": 0.05,
    "0108": 0.01,
    "0109": 0.01,
    "0110": 0.03,
    "0111": 0.03,
    "0112": 0.01,
    "0113": 0.01,
    "0115": 0.01,
    "0118": 0.12,
    "0123": 0.005,
    "0203": 0.01,
    "0209": 0.05,
    "0210": 0.01,
    "0213": 0.02,
    "0301": 0.005,
    "0305": 0.06,
    "0402": 0.15,
    "0403": 0.01,
    "0405": 0.01,
    "0601": 0.001,
}
NAMES = {
    "0101": "上水井盖",
    "0102": "污水井盖",
    "0103": "雨水井盖",
    "0104": "雨水箅子",
    "0105": "电力井盖",
    "0118": "路灯",
    "0402": "行道树",
    "0305": "垃圾箱",
    "0209": "交通标志牌",
}
STATUS = np.array(["完好", "破损", "丢失", "占用"])
OWNERS = np.array(["区水务局", "区市政市容委", "区园林绿化局", "区交通支队", "供电公司", "燃气集团"])


class Clock:
    """Wall and CPU seconds of this process (and of waited-for children).  The machine is shared:
    CPU time is the contention-proof figure, wall time what a user waits."""

    def __enter__(self):
        self.wall = time.perf_counter()
        self.cpu = time.process_time() + _children_cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() + _children_cpu() - self.cpu
        return False


def _children_cpu():
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ensure_plugin_importable():
    PLUGINS.mkdir(parents=True, exist_ok=True)
    link = PLUGINS / "gridmanager"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS))


def calibration():
    """CPU seconds of a fixed yardstick (numpy trigonometry + a Python loop): how fast the shared
    machine was at the time, to compare runs made at different moments."""
    a = np.linspace(0.0, 1.0, 2_000_000)
    text = "x" * 10
    t = time.process_time()
    for _ in range(10):
        np.sin(a)
    for _ in range(1_000_000):
        text.upper()
    return round(time.process_time() - t, 3)


def make_grids(path):
    import geopandas as gpd
    import shapely

    if path.exists():
        return
    boxes, codes = [], []
    for i in range(NX):
        for j in range(NY):
            k = i * NY + j
            community, serial = divmod(k, 12)
            street = community // 12
            code = "110101{:03d}{:03d}{:03d}".format(street + 1, community % 12 + 1, serial + 1)
            boxes.append(shapely.box(X0 + i * CELL, Y0 + j * CELL, X0 + (i + 1) * CELL, Y0 + (j + 1) * CELL))
            codes.append(code)
    gdf = gpd.GeoDataFrame({"grid_code": codes}, geometry=boxes, crs=GK)
    gdf.to_file(path, layer="grids", driver="GPKG", engine="pyogrio", dataset_options={"VERSION": "1.3"})


def make_survey(path, n, seed):
    """A GBK CSV with GCJ-02 coordinates; ~1 % faulty rows of every kind."""
    import pyproj

    from gridmanager.grid_manager.parts import chinacoords

    if path.exists():
        return
    rng = np.random.default_rng(seed)
    classes = np.array(list(MIX))
    p = np.array(list(MIX.values()))
    cls = rng.choice(classes, n, p=p / p.sum())
    serial = np.zeros(n, dtype=np.int64)
    for c in classes:  # serials numbered per class
        mask = cls == c
        serial[mask] = np.arange(1, mask.sum() + 1)
    codes = np.char.add(cls.astype("U4"), np.char.zfill(serial.astype("U8"), 8)).astype(object)
    x = X0 + rng.uniform(0, NX * CELL, n)
    y = Y0 + rng.uniform(0, NY * CELL, n)
    lon, lat = pyproj.Transformer.from_crs(GK, "EPSG:4326", always_xy=True).transform(x, y)
    glon, glat = chinacoords.wgs84_to_gcj02(lon, lat)
    lon_s = np.char.mod("%.7f", glon).astype(object)
    lat_s = np.char.mod("%.7f", glat).astype(object)
    bad = rng.random(n) < 0.01
    kinds = rng.integers(0, 6, n)
    for k, rows in enumerate(np.flatnonzero(bad & (kinds == v)) for v in range(6)):
        if k == 0:
            codes[rows] = [c[:-1] for c in codes[rows]]  # wrong length
        elif k == 1:
            codes[rows] = ["99" + c[2:] for c in codes[rows]]  # unknown class
        elif k == 2:
            lon_s[rows] = ""  # missing coordinates
        elif k == 3:
            codes[rows] = codes[np.maximum(rows - 1, 0)]  # duplicate code
        elif k == 4:
            lon_s[rows] = "116.9"  # outside every grid
        else:
            lat_s[rows] = "北纬39.9"  # unparseable
    names = np.array([NAMES.get(c, "部件") for c in cls], dtype=object)
    frame = pd.DataFrame(
        {
            "部件编码": codes,
            "部件名称": names,
            "经度": lon_s,
            "纬度": lat_s,
            "状态": STATUS[rng.integers(0, 4, n)],
            "主管部门": OWNERS[rng.integers(0, 6, n)],
            "普查日期": "2024-05-01",
        }
    )
    frame.to_csv(path, index=False, encoding="gbk")


def run_gridmanager(processing, csv, grids, tag):
    out, rej = OUT / "gm_{}.gpkg".format(tag), OUT / "gm_{}_rejected.gpkg".format(tag)
    for p in (out, rej):
        if p.exists():
            p.unlink()
    with Clock() as clock:
        result = processing.run(
            "gridmanager:importparts",
            {
                "INPUT": str(csv),
                "COORDINATES": 2,
                "GRIDS": "{}|layername=grids".format(grids),
                "OUTPUT": str(out),
                "REJECTED": str(rej),
            },
        )
    elapsed = clock
    counts = {"rows": result["ROWS"], "accepted": result["ACCEPTED"], "rejected": result["REJECTED_COUNT"]}
    return elapsed, counts


def core_breakdown(csv, grids, tag):
    """The same import through the core alone, step by step (where the time goes), wall and CPU."""
    import pyogrio

    from gridmanager.grid_manager.formats import survey_io
    from gridmanager.grid_manager.parts import survey_import

    times = {}
    with Clock() as clock:
        frame = pyogrio.read_dataframe(str(grids), layer="grids")
        grid_set = survey_import.GridSet.build(frame["grid_code"].values, frame.geometry.values, GK)
    times["grids"] = clock
    with Clock() as clock:
        table = survey_io.read_survey(str(csv))
    times["read"] = clock
    with Clock() as clock:
        result = survey_import.import_survey(table, grid_set, survey_import.ImportOptions(coordinates=2))
    times["validate_convert_assign"] = clock
    with Clock() as clock:
        out = OUT / "core_{}.gpkg".format(tag)
        survey_import.write_parts(result.accepted, GK, str(out))
    times["write_parts"] = clock
    with Clock() as clock:
        survey_import.write_table(result.rejected, str(OUT / "core_{}_rejected.gpkg".format(tag)))
    times["write_rejected"] = clock
    return {k: {"wall_s": round(c.wall, 2), "cpu_s": round(c.cpu, 2)} for k, c in times.items()}


def run_qgis_join(csv, grids, tag, timeout):
    """qgis_process: the CSV as a delimited-text layer (GBK, spatial index) joined to the grids."""
    import subprocess
    from urllib.parse import quote

    out = OUT / "qgis_{}.gpkg".format(tag)
    if out.exists():
        out.unlink()
    uri = (
        "file://{}?type=csv&delimiter=,&xField={}&yField={}&crs=EPSG:4326&encoding=GBK&detectTypes=no"
        "&spatialIndex=yes&geomType=point"
    ).format(csv, quote("经度"), quote("纬度"))
    command = [
        QGIS_PROCESS,
        "run",
        "native:joinattributesbylocation",
        "--",
        "INPUT=delimitedtext://" + uri,
        "JOIN={}|layername=grids".format(grids),
        "PREDICATE=5",
        "JOIN_FIELDS=grid_code",
        "METHOD=1",
        "DISCARD_NONMATCHING=false",
        "OUTPUT={}".format(out),
    ]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with Clock() as clock:
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
            finished = done.returncode == 0
            if not finished:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
        except subprocess.TimeoutExpired:
            finished = False
    return clock, {"finished": finished}


def run_qgis_join_only(processing, grids, tag):
    """QGIS's join alone, on points already in a GeoPackage in the grids' CRS (its best case)."""
    out = OUT / "qgis_only_{}.gpkg".format(tag)
    if out.exists():
        out.unlink()
    with Clock() as clock:
        processing.run(
            "native:joinattributesbylocation",
            {
                "INPUT": str(OUT / "points_{}.gpkg".format(tag)),
                "JOIN": "{}|layername=grids".format(grids),
                "PREDICATE": [5],
                "JOIN_FIELDS": ["grid_code"],
                "METHOD": 1,
                "DISCARD_NONMATCHING": False,
                "OUTPUT": str(out),
            },
        )
    return clock


def run_geopandas(csv, grids, tag):
    import geopandas as gpd

    out = OUT / "gpd_{}.gpkg".format(tag)
    if out.exists():
        out.unlink()
    clock = Clock().__enter__()
    frame = pd.read_csv(csv, encoding="gbk", dtype=str, keep_default_na=False)
    lon = pd.to_numeric(frame["经度"], errors="coerce")
    lat = pd.to_numeric(frame["纬度"], errors="coerce")
    keep = lon.notna() & lat.notna()  # GDAL refuses a layer extent of Inf
    frame, lon, lat = frame[keep], lon[keep], lat[keep]
    points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(GK)
    grid = gpd.read_file(grids, layer="grids", engine="pyogrio")
    joined = gpd.sjoin(points, grid, how="left", predicate="within")
    joined.drop(columns=["index_right"]).to_file(out, driver="GPKG", engine="pyogrio")
    clock.__exit__()
    elapsed = clock
    points_only = OUT / "points_{}.gpkg".format(tag)  # for the QGIS join-only variant (not timed here)
    if not points_only.exists():
        points[["部件编码", "geometry"]].to_file(points_only, driver="GPKG", engine="pyogrio")
    return elapsed, {"assigned": int(joined["grid_code"].notna().sum())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[168339, 1000000])
    parser.add_argument(
        "--qgis-timeout",
        type=float,
        default=1800.0,
        help="stop the QGIS CSV + join run after this many seconds (then a lower bound)",
    )
    parser.add_argument(
        "--reuse-qgis",
        action="store_true",
        help="do not run qgis_process CSV + join again: take its numbers from the previous "
        "results.json (marked reused)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run Grid Manager this many times in the same process (all runs are kept; the "
        "first includes one-off imports)",
    )
    args = parser.parse_args()
    previous = {}
    if (OUT / "results.json").exists():
        previous = {row["parts"]: row for row in json.loads((OUT / "results.json").read_text(encoding="utf-8"))}
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_plugin_importable()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    from gridmanager.processing.provider import GridManagerProvider

    provider = GridManagerProvider()  # keep a reference: the registry does not own Python objects
    QgsApplication.processingRegistry().addProvider(provider)

    grids = OUT / "grids.gpkg"
    make_grids(grids)
    results = []

    def show(n, what, clock, extra=""):
        print(
            "{:>9} parts  {:<34} wall {:8.2f} s   cpu {:8.2f} s  {}".format(n, what, clock.wall, clock.cpu, extra),
            flush=True,
        )
        return {"wall_s": round(clock.wall, 2), "cpu_s": round(clock.cpu, 2)}

    for n in args.sizes:
        tag = str(n)
        csv = OUT / "survey_{}.csv".format(n)
        make_survey(csv, n, seed=n)
        row = {
            "parts": n,
            "csv_mb": round(csv.stat().st_size / 1e6, 1),
            "loadavg_before": os.getloadavg(),
            "calibration_cpu_s": calibration(),
        }
        print(
            "{:>9} parts  machine yardstick {} s CPU, load average {}".format(
                n, row["calibration_cpu_s"], ", ".join("{:.2f}".format(v) for v in row["loadavg_before"])
            ),
            flush=True,
        )
        runs = []
        for _ in range(max(1, args.repeat)):
            clock, counts = run_gridmanager(processing, csv, grids, tag)
            runs.append(dict(show(n, "Grid Manager importparts", clock, counts), **counts))
        row["gridmanager"] = dict(runs[0])
        row["gridmanager_runs"] = runs
        row["core_breakdown"] = core_breakdown(csv, grids, tag)
        print("{:>9} parts  Grid Manager core by step: {}".format(n, row["core_breakdown"]), flush=True)
        row["loadavg_after_gridmanager"] = os.getloadavg()
        clock, counts = run_geopandas(csv, grids, tag)
        row["geopandas"] = dict(show(n, "GeoPandas read+sjoin+write", clock, counts), **counts)
        clock = run_qgis_join_only(processing, grids, tag)
        row["qgis_join_only"] = show(n, "QGIS join alone (points GPKG)", clock)
        if args.reuse_qgis and "qgis" in previous.get(n, {}):
            row["qgis"] = {k: v for k, v in previous[n]["qgis"].items() if not k.startswith("ratio_")}
            row["qgis"]["reused"] = True
            print(
                "{:>9} parts  qgis_process CSV + join: previous run reused ({} s wall / {} s cpu)".format(
                    n, row["qgis"]["wall_s"], row["qgis"]["cpu_s"]
                ),
                flush=True,
            )
        else:
            clock, status = run_qgis_join(csv, grids, tag, args.qgis_timeout)
            row["qgis"] = dict(show(n, "qgis_process CSV + join", clock, status), **status)
        for key in ("qgis", "qgis_join_only", "geopandas"):
            for unit in ("wall_s", "cpu_s"):
                ratio = row[key][unit] / max(1e-9, row["gridmanager"][unit])
                row[key]["ratio_" + unit[:-2]] = round(ratio, 2)
        print(
            "{:>9} parts  speed-up (wall / cpu): QGIS CSV+join {}{} / {}, QGIS join alone {} / {}, "
            "GeoPandas {} / {}".format(
                n,
                "" if row["qgis"]["finished"] else "≥ ",
                row["qgis"]["ratio_wall"],
                row["qgis"]["ratio_cpu"],
                row["qgis_join_only"]["ratio_wall"],
                row["qgis_join_only"]["ratio_cpu"],
                row["geopandas"]["ratio_wall"],
                row["geopandas"]["ratio_cpu"],
            ),
            flush=True,
        )
        results.append(row)
    merged = dict(previous)  # sizes not run this time keep their previous rows
    merged.update((row["parts"], row) for row in results)
    (OUT / "results.json").write_text(
        json.dumps([merged[k] for k in sorted(merged)], indent=2, ensure_ascii=False), encoding="utf-8"
    )
    app.exitQgis()


if __name__ == "__main__":
    main()
