"""Benchmark (issue 12): Local Moran's I and emerging hot spots on 100,000 grids x 12 months.

Data: a 400 x 250 lattice of grids (queen contiguity, 100,000 grids) and 12 monthly Poisson counts per
grid: a background of 0.3 cases, six clusters (some growing, some fading, one appearing in the last
months) — generated in memory with a fixed seed.  The same sparse weight matrix is given to both sides.

1. LISA (999 permutations, seed 7): ``esda.Moran_Local(y, w, transformation="r", n_jobs=1)`` (no numba)
   against Grid Manager's ``local_moran`` on esda's own random stream (``esda_stream=True``: the same draws,
   so identical pseudo p-values and classes are expected) and on its own stream (the production path);
   classes compared with the same rule (two-sided p = 2 p_sim <= 0.05, quadrant HH/LL/LH/HL).
2. Emerging hot spots (normal-theory p, FDR, one period back, as the algorithm's defaults): Grid Manager's
   ``emerging_hotspots`` against a plain reference written here independently — Gi* of every
   (month, grid) bin with numpy/scipy.sparse, Benjamini-Hochberg in numpy, ``pymannkendall.original_test``
   per grid, and the categories from the rules of the help applied grid by grid in Python.

Usage:  .venv/bin/python bench/hotspots/lisa_emerging.py [--cols 400 --rows 250] [--only lisa|emerging]
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import sparse, stats

sys.path.insert(0, str(Path(__file__).resolve().parents[2].parent))
REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"


def import_core():
    PLUGINS.mkdir(parents=True, exist_ok=True)
    link = PLUGINS / "gridmanager"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS))
    from gridmanager.grid_manager.cases import emerging, lisa

    return lisa, emerging


def lattice_queen(rows, cols):
    """Queen contiguity of a rows x cols lattice, row-major ids, as binary CSR."""
    idx = np.arange(rows * cols).reshape(rows, cols)
    pairs = []
    for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)):
        a = idx[max(0, -dr) : rows - max(0, dr), max(0, -dc) : cols - max(0, dc)]
        b = idx[max(0, dr) : rows - max(0, -dr), max(0, dc) : cols - max(0, -dc)]
        pairs.append((a.ravel(), b.ravel()))
    i = np.concatenate([p[0] for p in pairs] + [p[1] for p in pairs])
    j = np.concatenate([p[1] for p in pairs] + [p[0] for p in pairs])
    n = rows * cols
    return sparse.csr_matrix((np.ones(len(i)), (i, j)), shape=(n, n))


def make_counts(rows, cols, months=12, seed=12):
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:rows, 0:cols]
    lam = np.full((months, rows, cols), 0.3)
    centres = [(0.2, 0.2, 1.0, 0.0), (0.5, 0.7, 0.5, 0.25), (0.8, 0.3, 2.0, -0.15), (0.3, 0.8, 1.5, 0.0)]
    for fr, fc, height, slope in centres:
        bump = height * np.exp(-(((r - fr * rows) / 6.0) ** 2 + ((c - fc * cols) / 6.0) ** 2))
        for t in range(months):
            lam[t] += bump * max(0.0, 1.0 + slope * (t - months / 2))
    new = np.exp(-(((r - 0.6 * rows) / 4.0) ** 2 + ((c - 0.1 * cols) / 4.0) ** 2)) * 3.0
    lam[-2:] += new
    return rng.poisson(lam).reshape(months, rows * cols).astype(float)


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - start


def bench_lisa(lisa, y, w, perms, seed):
    import esda
    import libpysal

    lw, t_w = timed(lambda: libpysal.weights.WSP(w).to_W(silence_warnings=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref, t_esda = timed(esda.Moran_Local, y, lw, transformation="r", permutations=perms, seed=seed, n_jobs=1)
    same, t_same = timed(lisa.local_moran, y, w, perms, seed=seed, esda_stream=True)
    own, t_own = timed(lisa.local_moran, y, w, perms, seed=seed)
    sig = np.minimum(1, 2 * ref.p_sim) <= 0.05
    expected = np.where(sig, np.select([ref.q == 1, ref.q == 3, ref.q == 2, ref.q == 4], [1, 2, 3, 4], 0), 0)
    # Grid Manager never marks a grid whose neighbourhood has no case: compare on the others too
    nonempty = ~same["empty"]
    differ = same["cluster"] != expected
    return {
        "grids": len(y),
        "permutations": perms,
        "esda_s": round(t_esda, 2),
        "esda_weights_s": round(t_w, 2),
        "gm_esda_stream_s": round(t_same, 2),
        "gm_own_stream_s": round(t_own, 2),
        "ratio_esda_over_gm_own": round(t_esda / t_own, 1),
        "ratio_esda_over_gm_esda_stream": round(t_esda / t_same, 1),
        "max_abs_I_diff": float(np.nanmax(np.abs(same["I"] - ref.Is))),
        "same_quadrant": float((same["q"] == ref.q).mean()),
        "identical_p_sim_share": float((same["p_sim"] == ref.p_sim).mean()),
        "same_class_esda_stream": float((same["cluster"] == expected).mean()),
        "same_class_esda_stream_nonempty": float((same["cluster"][nonempty] == expected[nonempty]).mean()),
        "grids_differing_esda_stream": int(differ.sum()),
        # where they differ: esda significant, Grid Manager not (ties counted on both sides) or the reverse
        "differing_only_esda_significant": int((differ & (same["cluster"] == 0)).sum()),
        "differing_only_gm_significant": int((differ & (expected == 0)).sum()),
        "differing_with_tied_draws": int((differ & (same["p_sim"] != ref.p_sim)).sum()),
        "empty_neighbourhoods_significant_in_esda": int((expected[~nonempty] != 0).sum()),
        "same_class_own_stream": float((own["cluster"] == expected).mean()),
        "significant_gm_esda_stream": int((same["cluster"] > 0).sum()),
        "significant_esda": int((expected > 0).sum()),
    }


# --- plain reference for emerging hot spots -------------------------------------------------------------
LEVELS = ((0.10, 1.645, 1), (0.05, 1.96, 2), (0.01, 2.576, 3))


def reference_emerging(counts, w, k=1, trend_alpha=0.05):
    import pymannkendall as mk

    months, n = counts.shape
    spatial = (w + sparse.identity(n, format="csr")).tocsr()
    deg = np.asarray(spatial.sum(axis=1)).ravel()
    x = counts
    lag = np.zeros_like(x)
    kk = np.zeros_like(x)
    absl = np.zeros_like(x)
    for t in range(months):
        for back in range(0, k + 1):
            if t - back >= 0:
                lag[t] += spatial @ x[t - back]
                absl[t] += spatial @ np.abs(x[t - back])
                kk[t] += deg
    big_n = x.size
    ybar, s = x.mean(), x.std()
    z = (lag - ybar * kk) / (s * np.sqrt((big_n * kk - kk * kk) / (big_n - 1)))
    p = 2 * stats.norm.sf(np.abs(z))
    # Benjamini-Hochberg
    flat = p.ravel()
    order = np.argsort(flat)
    ranked = flat[order] * len(flat) / np.arange(1, len(flat) + 1)
    adj = np.empty_like(flat)
    adj[order] = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    q = adj.reshape(p.shape)
    cls = np.zeros(x.shape, dtype=int)
    for level, crit, value in LEVELS:
        cls[(q <= level) & (z >= crit)] = value
        cls[(q <= level) & (z <= -crit)] = -value
    cls[(absl == 0) & (x.min() >= 0)] = 0
    pattern = np.zeros(n, dtype=int)
    trend_z = np.zeros(n)
    for i in range(n):
        res = mk.original_test(z[:, i])
        trend_z[i] = res.z
        pattern[i] = pattern_of(cls[:, i], res.z, res.p <= trend_alpha)
    return pattern, cls, z, trend_z


def side_pattern(sig, other, tz, tsig, up):
    """Rules of the help, for one grid and one side (hot: up=True)."""
    t = len(sig)
    share = sum(sig) / t
    high = share >= 0.9 - 1e-12
    if not sig[-1]:
        return 8 if high else 0
    if not any(sig[:-1]):
        return 1
    run = 0
    for v in reversed(sig):
        if not v:
            break
        run += 1
    if run >= 2 and not any(sig[: t - run]) and not high:
        return 2
    rising = tsig and (tz > 0 if up else tz < 0)
    falling = tsig and (tz < 0 if up else tz > 0)
    if high and rising:
        return 3
    if high and falling:
        return 5
    if high:
        return 4
    if any(other[:-1]):
        return 7
    return 6


def pattern_of(classes, tz, tsig):
    hot = [c > 0 for c in classes]
    cold = [c < 0 for c in classes]
    if hot[-1]:
        return side_pattern(hot, cold, tz, tsig, True)
    if cold[-1]:
        return -side_pattern(cold, hot, tz, tsig, False)
    if side_pattern(hot, cold, tz, tsig, True) == 8:
        return 8
    if side_pattern(cold, hot, tz, tsig, False) == 8:
        return -8
    return 0


def bench_emerging(emerging, counts, w):
    ours, t_ours = timed(emerging.emerging_hotspots, counts, w, k=1, permutations=0, fdr=True)
    (pattern, cls, z, tz), t_ref = timed(reference_emerging, counts, w, 1)
    values, freq = np.unique(ours["pattern"], return_counts=True)
    return {
        "grids": counts.shape[1],
        "months": counts.shape[0],
        "gm_s": round(t_ours, 2),
        "reference_s": round(t_ref, 2),
        "ratio_reference_over_gm": round(t_ref / t_ours, 1),
        "max_abs_z_diff": float(np.nanmax(np.abs(ours["z"] - z))),
        "same_bin_class": float((ours["hotspot_class"] == cls).mean()),
        "max_abs_trend_z_diff": float(np.nanmax(np.abs(ours["trend_z"] - tz))),
        "same_pattern": float((ours["pattern"] == pattern).mean()),
        "grids_differing": int((ours["pattern"] != pattern).sum()),
        "patterns": {int(v): int(f) for v, f in zip(values, freq)},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=250)
    parser.add_argument("--cols", type=int, default=400)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--only", choices=["lisa", "emerging"], default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    lisa, emerging = import_core()
    w = lattice_queen(args.rows, args.cols)
    counts = make_counts(args.rows, args.cols)
    results = {}
    if args.only in (None, "lisa"):
        results["lisa"] = bench_lisa(lisa, counts.sum(axis=0), w, args.permutations, 7)
        print(json.dumps(results["lisa"], indent=1), flush=True)
        # a continuous field (cases per 1,000 households): no tied neighbour sums
        households = np.random.default_rng(3).uniform(50, 500, counts.shape[1])
        rates = 1000.0 * counts.sum(axis=0) / households
        results["lisa_rates"] = bench_lisa(lisa, rates, w, args.permutations, 7)
        print(json.dumps(results["lisa_rates"], indent=1), flush=True)
    if args.only in (None, "emerging"):
        results["emerging"] = bench_emerging(emerging, counts, w)
        print(json.dumps(results["emerging"], indent=1), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
