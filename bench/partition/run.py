"""Partitioning benchmark: Grid Manager against the tools a surveyor would otherwise use, in one run.

    .venv/bin/python bench/partition/run.py [--case helsinki|dongcheng|all] [--methods ...]

Same inputs for every method.  Block-based anchors (GerryChain recursive_tree_part, spopt
RegionKMeans / MaxP / AZP) get the same street blocks (communities cut by the streets) with the
households of the buildings whose interior point lies in them, and the same number of grids per
community as Grid Manager chooses.  The fishnet is QGIS native:creategrid + native:intersection with
the communities (so it at least never crosses one).  Printed per method: grids, max / mean absolute
deviation from the target, share within tolerance (of the target, and of the community's balanced
share), Polsby-Popper mean / min, buildings split, coverage error, wall time.
"""

import argparse
import json
import math
import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
OUT = REPO / "bench" / "out" / "partition"
sys.path.insert(0, str(PLUGINS))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TOL = 0.10


def cases():
    sample = REPO / "resources" / "sample" / "helsinki_sample.gpkg"
    dc = OUT / "dongcheng.gpkg"
    return {
        "helsinki": dict(
            path=sample,
            areas="communities",
            code="community_code",
            buildings="buildings",
            hh="households_est",
            roads="roads",
            crs="EPSG:32635",
        ),
        "dongcheng": dict(
            path=dc,
            areas="communities",
            code="community_code",
            buildings="buildings",
            hh="households",
            roads="roads",
            crs="EPSG:4548",
        ),
    }


def read(case):
    import geopandas as gpd

    p = case["path"]
    a = gpd.read_file(p, layer=case["areas"]).to_crs(case["crs"])
    b = gpd.read_file(p, layer=case["buildings"]).to_crs(case["crs"])
    r = gpd.read_file(p, layer=case["roads"]).to_crs(case["crs"])
    return a, b, r


# -- metrics --------------------------------------------------------------------------------------
def metrics(name, grids, area_codes, areas, buildings, households, mode, target, seconds, k_by_area, note=""):
    from gridmanager.grid_manager.grids.quality import buildings_per_grid, polsby_popper

    grids = np.asarray(grids, dtype=object)
    hh, _, splits = buildings_per_grid(grids, buildings, households)
    value = shapely.area(grids) if mode == 0 else hh
    dev = (value - target) / target
    # deviation from the community's balanced share (its total / its number of grids)
    tot_by_area = {}
    for v, c in zip(value, area_codes):
        tot_by_area[c] = tot_by_area.get(c, 0.0) + v
    share = np.array([tot_by_area[c] / max(k_by_area.get(c, 1), 1) for c in area_codes])
    dev_share = np.where(share > 0, (value - share) / np.where(share > 0, share, 1), 0)
    pp = polsby_popper(grids)
    total = float(shapely.area(areas).sum())
    union = shapely.union_all(grids)
    overlap = float(shapely.area(grids).sum() - union.area)
    gap = float(shapely.union_all(areas).difference(union).area)
    return {
        "method": name,
        "grids": int(len(grids)),
        "max_dev_pct": float(100 * np.abs(dev).max()) if len(dev) else None,
        "mean_dev_pct": float(100 * np.abs(dev).mean()) if len(dev) else None,
        "within_target": float(np.mean(np.abs(dev) <= TOL + 1e-9)) if len(dev) else 0.0,
        "within_share": float(np.mean(np.abs(dev_share) <= TOL + 1e-9)) if len(dev) else 0.0,
        "pp_mean": float(pp.mean()) if len(pp) else None,
        "pp_min": float(pp.min()) if len(pp) else None,
        "buildings_split": len(splits),
        "coverage_error": (overlap + gap) / total,
        "seconds": seconds,
        "note": note,
    }


# -- methods --------------------------------------------------------------------------------------
def run_gridmanager(case, mode, target):
    from qgis import processing

    p = str(case["path"])
    t = time.perf_counter()
    res = processing.run(
        "gridmanager:partitiongrids",
        {
            "AREAS": f"{p}|layername={case['areas']}",
            "AREA_CODE_FIELD": case["code"],
            "BARRIERS": f"{p}|layername={case['roads']}",
            "BUILDINGS": f"{p}|layername={case['buildings']}",
            "HOUSEHOLD_FIELD": case["hh"],
            "BALANCE_BY": mode,
            "TARGET_AREA": target,
            "TARGET_HOUSEHOLDS": target,
            "TOLERANCE": 100 * TOL,
            "SEED": 0,
            "OUTPUT": "memory:",
        },
    )
    seconds = time.perf_counter() - t
    layer = res["OUTPUT"]
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    ct = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(case["crs"]), QgsProject.instance())
    geoms, codes, flags = [], [], []
    for f in layer.getFeatures():
        g = f.geometry()
        g.transform(ct)
        geoms.append(shapely.from_wkb(bytes(g.asWkb())))
        codes.append(f["area_code"])
        flags.append(f["flag"])
    return geoms, codes, seconds, flags


def run_fishnet(case, areas, mode, target, total_value):
    from qgis import processing
    from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer

    crs = QgsCoordinateReferenceSystem(case["crs"])
    total_area = float(shapely.area(areas.geometry.values).sum())
    cell = math.sqrt(target) if mode == 0 else math.sqrt(total_area * target / total_value)
    t = time.perf_counter()
    layer = QgsVectorLayer(f"Polygon?crs={case['crs']}&field=code:string", "areas", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    feats = []
    for geom, code in zip(areas.geometry.values, areas[case["code"]]):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(geom.wkt))
        f.setAttributes([code])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    e = layer.extent()
    grid = processing.run(
        "native:creategrid",
        {
            "TYPE": 2,
            "EXTENT": f"{e.xMinimum()},{e.xMaximum()},{e.yMinimum()},{e.yMaximum()} [{case['crs']}]",
            "HSPACING": cell,
            "VSPACING": cell,
            "CRS": crs,
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    clipped = processing.run(
        "native:intersection", {"INPUT": grid, "OVERLAY": layer, "OVERLAY_FIELDS": ["code"], "OUTPUT": "memory:"}
    )["OUTPUT"]
    seconds = time.perf_counter() - t
    geoms, codes = [], []
    for f in clipped.getFeatures():
        for part in shapely.get_parts(shapely.from_wkb(bytes(f.geometry().asWkb()))):
            if part.geom_type == "Polygon" and part.area > 0:
                geoms.append(part)
                codes.append(f["code"])
    return geoms, codes, seconds, f"cell {cell:.0f} m"


def block_units(areas, code_field, roads, buildings, households):
    """Street blocks per community (the units of the block-based anchors) with their households."""
    from gridmanager.grid_manager.grids.atoms import clip_barriers, street_blocks

    out = []
    rep = shapely.point_on_surface(buildings)
    tree = shapely.STRtree(rep)
    for geom, code in zip(areas.geometry.values, areas[code_field]):
        geom = shapely.set_precision(geom, 1e-5)
        blocks = street_blocks(geom, clip_barriers(geom, roads))
        hh = np.zeros(len(blocks))
        bi, pj = tree.query(blocks, predicate="contains")
        np.add.at(hh, bi, households[pj])
        out.append((code, blocks, hh))
    return out


def rook_graph(blocks):
    """Edges between blocks sharing a boundary; blocks touching only at a corner are linked too
    when that is what keeps the graph connected (the anchors need one connected graph)."""
    import networkx as nx

    tree = shapely.STRtree(blocks)
    i, j = tree.query(blocks, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(blocks[i]), shapely.boundary(blocks[j])))
    rook = shared > 0.01
    g = nx.Graph()
    g.add_nodes_from(range(len(blocks)))
    g.add_edges_from(zip(i[rook].tolist(), j[rook].tolist()))
    if not nx.is_connected(g):
        g.add_edges_from(zip(i[~rook].tolist(), j[~rook].tolist()))
    e = np.array(list(g.edges()), dtype=int).reshape(-1, 2)
    return e[:, 0], e[:, 1]


def run_blocks(method, units, k_by_area, mode, seed=0):
    """Partition each community's blocks into k parts with an anchor method; returns grids and notes.
    On --timeout the communities done so far are returned, and the note says so."""
    geoms, codes, failed, crashed, done = [], [], 0, 0, 0
    t = time.perf_counter()
    try:
        for code, blocks, hh in units:
            k = max(1, min(k_by_area.get(code, 1), len(blocks)))
            weight = shapely.area(blocks) if mode == 0 else hh
            labels = np.zeros(len(blocks), dtype=int)  # no partition: the community stays one grid
            if k > 1:
                i, j = rook_graph(blocks)
                try:
                    labels = ANCHORS[method](blocks, weight, i, j, k, seed)
                except TimedOut:
                    raise
                except Exception as error:
                    failed += 1
                    crashed += 1
                    if os.environ.get("BENCH_VERBOSE"):
                        print(f"  {method} {code}: {type(error).__name__}: {error}", file=sys.stderr)
            for lab in np.unique(labels):
                part = shapely.union_all(blocks[labels == lab], grid_size=1e-5)
                for piece in shapely.get_parts(part):  # non-contiguous labels become several grids
                    geoms.append(piece)
                    codes.append(code)
            done += 1
    except TimedOut:
        return (
            geoms,
            codes,
            time.perf_counter() - t,
            (
                f"TIMED OUT after {done} of {len(units)} communities ({failed} not partitioned); "
                "figures cover those only"
            ),
        )
    return (
        geoms,
        codes,
        time.perf_counter() - t,
        (f"{failed} of {len(units)} communities not partitioned ({crashed} raised)"),
    )


def gerrychain_tree(blocks, weight, i, j, k, seed):
    import random

    import networkx as nx
    from gerrychain.tree import recursive_tree_part

    random.seed(seed)
    from gerrychain import Graph

    g = nx.Graph()
    for n, w in enumerate(weight):
        g.add_node(n, pop=float(w))
    g.add_edges_from(zip(i.tolist(), j.tolist()))
    if not nx.is_connected(g):
        raise RuntimeError("block graph not connected")
    assignment = recursive_tree_part(Graph.from_networkx(g), range(k), float(np.sum(weight)) / k, "pop", TOL)
    return np.array([assignment[n] for n in range(len(weight))])


def _spopt_frame(blocks, weight, i, j):
    import geopandas as gpd
    from libpysal.weights import W

    neighbors = {n: [] for n in range(len(blocks))}
    for a, b in zip(i.tolist(), j.tolist()):
        neighbors[a].append(b)
        neighbors[b].append(a)
    gdf = gpd.GeoDataFrame({"w": np.asarray(weight, dtype=float), "one": 1.0}, geometry=list(blocks))
    return gdf, W(neighbors, silence_warnings=True)


def spopt_regionkmeans(blocks, weight, i, j, k, seed):
    from spopt.region import RegionKMeansHeuristic

    np.random.seed(seed)
    gdf, w = _spopt_frame(blocks, weight, i, j)
    model = RegionKMeansHeuristic(gdf[["w"]].values, k, w)
    model.solve()
    return np.asarray(model.labels_)


def spopt_maxp(blocks, weight, i, j, k, seed):
    from spopt.region import MaxPHeuristic

    np.random.seed(seed)
    gdf, w = _spopt_frame(blocks, weight, i, j)
    threshold = 0.9 * float(np.sum(weight)) / k
    model = MaxPHeuristic(gdf, w, ["w"], "w", threshold, top_n=2, max_iterations_construction=20)
    model.solve()
    return np.asarray(model.labels_)


def spopt_azp(blocks, weight, i, j, k, seed):
    from spopt.region import AZP

    np.random.seed(seed)
    gdf, w = _spopt_frame(blocks, weight, i, j)
    model = AZP(gdf, w, ["w"], n_clusters=k)
    model.solve()
    return np.asarray(model.labels_)


ANCHORS = {
    "gerrychain": gerrychain_tree,
    "spopt_regionkmeans": spopt_regionkmeans,
    "spopt_maxp": spopt_maxp,
    "spopt_azp": spopt_azp,
}


def k_per_area(areas, code_field, buildings, households, mode, target):
    from gridmanager.grid_manager.grids.partition import choose_k

    rep = shapely.point_on_surface(buildings)
    tree = shapely.STRtree(areas.geometry.values)
    bi, aj = tree.query(rep, predicate="within")
    hh = np.zeros(len(areas))
    np.add.at(hh, aj, households[bi])
    out = {}
    for n, code in enumerate(areas[code_field]):
        total = float(areas.geometry.values[n].area) if mode == 0 else hh[n]
        out[code] = choose_k([max(total, 1e-9)], [target], TOL)[0]
    return out


class TimedOut(BaseException):
    """A method ran past --timeout (BaseException: the anchors' own `except Exception` must not eat it)."""


def _timeout(signum, frame):
    raise TimedOut("gave up after the time limit")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", default="all", choices=["helsinki", "dongcheng", "all"])
    parser.add_argument("--modes", default="households,area")
    parser.add_argument("--methods", default="gridmanager,fishnet,gerrychain,spopt_regionkmeans,spopt_maxp,spopt_azp")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per method and case before giving up")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.case in ("dongcheng", "all") and not (OUT / "dongcheng.gpkg").exists():
        sys.path.insert(0, str(Path(__file__).parent))
        import dongcheng

        dongcheng.generate(OUT / "dongcheng.gpkg")

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    from gridmanager.processing.provider import GridManagerProvider

    provider = GridManagerProvider()
    QgsApplication.processingRegistry().addProvider(provider)

    methods = args.methods.split(",")
    results = []
    for name, case in cases().items():
        if args.case not in (name, "all"):
            continue
        areas, b, roads = read(case)
        bgeoms = b.geometry.values
        households = b[case["hh"]].values.astype(float)
        for mode_name in args.modes.split(","):
            mode = 0 if mode_name == "area" else 1
            target = 10_000.0 if mode == 0 else 400.0
            k_by_area = k_per_area(areas, case["code"], bgeoms, households, mode, target)
            units = None
            print(f"\n== {name}, balance by {mode_name}, target {target:g} ± {100 * TOL:g} % ==", flush=True)
            for method in methods:
                t0 = time.perf_counter()
                signal.signal(signal.SIGALRM, _timeout)
                signal.setitimer(signal.ITIMER_REAL, args.timeout)
                try:
                    if method == "gridmanager":
                        geoms, codes, secs, flags = run_gridmanager(case, mode, target)
                        counts = {f: flags.count(f) for f in sorted(set(flags)) if f}
                        note = "flags: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                    elif method == "fishnet":
                        total_value = float(households.sum())
                        geoms, codes, secs, note = run_fishnet(case, areas, mode, target, total_value)
                    else:
                        if units is None:
                            units = block_units(areas, case["code"], roads.geometry.values, bgeoms, households)
                        geoms, codes, secs, note = run_blocks(method, units, k_by_area, mode)
                except (Exception, TimedOut) as error:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    print(f"{method:20s} failed: {type(error).__name__}: {error}", flush=True)
                    results.append(
                        {
                            "case": name,
                            "mode": mode_name,
                            "method": method,
                            "error": str(error),
                            "seconds": time.perf_counter() - t0,
                        }
                    )
                    continue
                signal.setitimer(signal.ITIMER_REAL, 0)
                row = metrics(
                    method, geoms, codes, areas.geometry.values, bgeoms, households, mode, target, secs, k_by_area, note
                )
                row.update(case=name, mode=mode_name)
                results.append(row)
                print(
                    f"{method:20s} grids {row['grids']:5d}  max|dev| {row['max_dev_pct']:8.1f} %  "
                    f"mean|dev| {row['mean_dev_pct']:6.1f} %  within ±10 % of target {100 * row['within_target']:5.1f} %"
                    f"  of share {100 * row['within_share']:5.1f} %  PP {row['pp_mean']:.3f}/{row['pp_min']:.3f}  "
                    f"split {row['buildings_split']:4d}  coverage err {row['coverage_error']:.1e}  "
                    f"{row['seconds']:7.1f} s  {row['note']}",
                    flush=True,
                )
            gm = next(
                (
                    r
                    for r in results
                    if r.get("method") == "gridmanager"
                    and r["case"] == name
                    and r["mode"] == mode_name
                    and "error" not in r
                ),
                None,
            )
            if gm:
                for r in results:
                    if r["case"] == name and r["mode"] == mode_name and "error" not in r and r is not gm:
                        print(
                            f"   gridmanager vs {r['method']}: time ratio {gm['seconds'] / r['seconds']:.2f}, "
                            f"PP {gm['pp_mean'] - r['pp_mean']:+.3f}, within-target "
                            f"{100 * (gm['within_target'] - r['within_target']):+.1f} points"
                        )
    (OUT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwrote {OUT / 'results.json'}")
    QgsApplication.processingRegistry().removeProvider(provider)
    os._exit(0)  # skip QGIS teardown (segfaults in 3.22's bindings at interpreter exit)


if __name__ == "__main__":
    main()
