"""Partition engine speed against a baseline version of the same engine, in one run (issue 16).

    .venv/bin/python bench/partition/speed.py [--case helsinki|dongcheng|all] [--modes households,area]
                                              [--repeats 2] [--baseline partition-baseline] [--workers 0]

The baseline is the `grid_manager` package of a git revision (default: the tag ``partition-baseline``),
extracted with ``git archive`` into a temporary directory.  Baseline (A) and current tree (B) run
interleaved A B A B … in fresh subprocesses on the same inputs (the machine is shared: medians of the
repeats are reported).  Each run calls ``partition()`` in-process (no QGIS) with the bench's targets
(households 400 / area 10,000 m², ±10 %, seed 0) and the given number of worker processes (0 = one per
CPU, like the Processing algorithm).  Quality figures are computed here, with the current tree's
measures, for both: grids, share within ±10 % of the community's balanced share, mean / min
Polsby-Popper, buildings split, coverage error.  Also printed: revise of 3 grids of the Helsinki sample
(in-process, after one warm-up revise).

Without the tag (a clean clone has no tags) the baseline is taken from its commit, 53cb2a1, which is in
main's history; without either, the current tree is measured alone and the script says so.
"""

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "bench" / "out" / "partition"
TOL = 0.10
BASELINE_TAG = "partition-baseline"
BASELINE_COMMIT = "53cb2a1"  # the engine before issue 16 (tagged partition-baseline where the tag exists)

CASES = {
    "helsinki": dict(
        path=REPO / "resources" / "sample" / "helsinki_sample.gpkg", hh="households_est", crs="EPSG:32635"
    ),
    "dongcheng": dict(path=OUT / "dongcheng.gpkg", hh="households", crs="EPSG:4548"),
}


def read(case):
    import geopandas as gpd

    p = case["path"]
    a = gpd.read_file(p, layer="communities").to_crs(case["crs"])
    b = gpd.read_file(p, layer="buildings").to_crs(case["crs"])
    r = gpd.read_file(p, layer="roads").to_crs(case["crs"])
    return a, b, r


def worker(root, case_name, mode, workers, out_path, revise_grids):
    """One timed run of the engine found under `root` (a subprocess: fresh imports, fresh caches)."""
    sys.path.insert(0, root)
    from grid_manager.grids.partition import PartitionOptions, partition

    case = CASES[case_name]
    a, b, r = read(case)
    options = PartitionOptions(
        balance_by=0 if mode == "area" else 1,
        target_area=10_000.0,
        target_households=400.0,
        tolerance=TOL,
        seed=0,
        workers=workers,
    )
    hh = b[case["hh"]].values.astype(float)
    t = time.perf_counter()
    res = partition(
        a.geometry.values,
        list(range(len(a))),
        list(a["community_code"]),
        b.geometry.values,
        list(range(len(b))),
        hh,
        r.geometry.values,
        options,
    )
    seconds = time.perf_counter() - t
    grids = [g.geometry for g in res.grids]
    out = {
        "seconds": seconds,
        "wkb": shapely.to_wkb(np.array(grids, dtype=object)),
        "codes": [g.area_code for g in res.grids],
    }
    if revise_grids:
        from grid_manager.grids.revise import revise

        geoms = np.array(grids, dtype=object)
        codes = [g.code for g in res.grids]
        # the 3 grids around the first community's centre
        first = [i for i, g in enumerate(res.grids) if g.area_index == 0]
        centre = shapely.centroid(shapely.union_all(geoms[first]))
        pick = sorted(first, key=lambda i: geoms[i].distance(centre))[:3]
        mask = np.zeros(len(geoms), dtype=bool)
        mask[pick] = True
        args = (geoms, codes, list(range(len(geoms))), mask)
        kwargs = dict(building_geoms=b.geometry.values, households=hh, barrier_geoms=r.geometry.values, options=options)
        revise(*args, **kwargs)  # warm-up (and whatever the engine caches)
        t = time.perf_counter()
        revise(*args, **kwargs)
        out["revise_seconds"] = time.perf_counter() - t
    with open(out_path, "wb") as handle:
        pickle.dump(out, handle)


def quality(case, mode, wkb, area_codes):
    sys.path.insert(0, str(REPO))
    from grid_manager.grids.quality import buildings_per_grid, polsby_popper

    a, b, _ = read(case)
    grids = shapely.from_wkb(wkb)
    hh, _, splits = buildings_per_grid(grids, b.geometry.values, b[case["hh"]].values.astype(float))
    value = shapely.area(grids) if mode == "area" else hh
    target = 10_000.0 if mode == "area" else 400.0
    total, count = {}, {}
    for v, c in zip(value, area_codes):
        total[c] = total.get(c, 0.0) + v
        count[c] = count.get(c, 0) + 1
    share = np.array([total[c] / count[c] for c in area_codes])
    dev_share = np.where(share > 0, (value - share) / np.where(share > 0, share, 1), 0)
    union = shapely.union_all(grids)
    overlap = float(shapely.area(grids).sum() - union.area)
    gap = float(shapely.union_all(a.geometry.values).difference(union).area)
    pp = polsby_popper(grids)
    return {
        "grids": len(grids),
        "within_target": float(np.mean(np.abs((value - target) / target) <= TOL + 1e-9)),
        "within_share": float(np.mean(np.abs(dev_share) <= TOL + 1e-9)),
        "pp_mean": float(pp.mean()),
        "pp_min": float(pp.min()),
        "split": len(splits),
        "coverage_error": (overlap + gap) / float(shapely.area(a.geometry.values).sum()),
    }


def run_once(root, case, mode, workers, revise_grids):
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        out_path = handle.name
    cmd = [sys.executable, "-P", __file__, "--worker", root, case, mode, str(workers), out_path, str(int(revise_grids))]
    subprocess.run(cmd, check=True, cwd=str(REPO))
    with open(out_path, "rb") as handle:
        out = pickle.load(handle)
    os.unlink(out_path)
    return out


def extract_baseline(revision, into):
    try:
        subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
            cwd=str(REPO),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False
    archive = subprocess.run(
        ["git", "archive", revision, "grid_manager"], cwd=str(REPO), check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)
    return True


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        root, case, mode, workers, out_path, rev = sys.argv[2:8]
        worker(root, case, mode, int(workers), out_path, rev == "1")
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", default="all", choices=["helsinki", "dongcheng", "all"])
    parser.add_argument("--modes", default="households,area")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each engine per case (interleaved)")
    parser.add_argument("--baseline", default=BASELINE_TAG, help="git revision of the baseline engine")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (0 = one per CPU)")
    parser.add_argument("--out", default=str(OUT / "speed.json"), help="where the rows are written (JSON)")
    args = parser.parse_args()
    if args.case in ("dongcheng", "all") and not CASES["dongcheng"]["path"].exists():
        OUT.mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(Path(__file__).parent))
        import dongcheng

        dongcheng.generate(CASES["dongcheng"]["path"])
    tmp = tempfile.mkdtemp(prefix="partition-baseline-")
    engines = [("new", str(REPO))]
    # a clean clone has no tags: the baseline's commit itself is in main's history
    revisions = [args.baseline] + ([BASELINE_COMMIT] if args.baseline == BASELINE_TAG else [])
    found = next((rev for rev in revisions if extract_baseline(rev, tmp)), None)
    if found:
        engines.insert(0, ("baseline", tmp))
        print(f"baseline: the engine of git revision {found}", flush=True)
    else:
        print(
            f"NOTE: git revision '{args.baseline}' not found: measuring the current engine alone, no ratio.",
            flush=True,
        )
    try:
        rows = measure(args, engines)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"\nwrote {out}")


def measure(args, engines):
    rows = []
    for case_name in CASES:
        if args.case not in (case_name, "all"):
            continue
        for mode in args.modes.split(","):
            runs = {name: [] for name, _ in engines}
            outs = {}
            for rep in range(args.repeats):
                for name, root in engines:  # A B A B: the machine's load hits both alike
                    revise_grids = case_name == "helsinki" and mode == "households"
                    out = run_once(root, case_name, mode, args.workers, revise_grids)
                    runs[name].append(out)
                    outs[name] = out
                    print(f"  {case_name} {mode} {name} run {rep + 1}: {out['seconds']:.2f} s", flush=True)
            row = {"case": case_name, "mode": mode}
            for name, _ in engines:
                q = quality(CASES[case_name], mode, outs[name]["wkb"], outs[name]["codes"])
                q["seconds"] = statistics.median(o["seconds"] for o in runs[name])
                q["runs"] = [round(o["seconds"], 2) for o in runs[name]]
                if "revise_seconds" in outs[name]:
                    q["revise_seconds"] = statistics.median(o["revise_seconds"] for o in runs[name])
                row[name] = q
                print(
                    f"{case_name:9s} {mode:10s} {name:8s} grids {q['grids']:4d}  within target "
                    f"{100 * q['within_target']:5.1f} %  of share {100 * q['within_share']:5.1f} %  "
                    f"PP {q['pp_mean']:.3f}/{q['pp_min']:.3f}  split {q['split']}  "
                    f"coverage err {q['coverage_error']:.1e}  median {q['seconds']:6.2f} s {q['runs']}"
                    + (f"  revise 3 grids {q['revise_seconds']:.2f} s" if "revise_seconds" in q else ""),
                    flush=True,
                )
            if "baseline" in row:
                ratio = row["new"]["seconds"] / row["baseline"]["seconds"]
                row["ratio"] = ratio
                print(
                    f"{case_name:9s} {mode:10s} time new / baseline {ratio:.2f} (speed-up {1 / ratio:.2f}×)", flush=True
                )
            rows.append(row)
    return rows


if __name__ == "__main__":
    main()
