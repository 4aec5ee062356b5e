"""Per-grid case counts and Getis-Ord Gi* hot spots, vectorised for 100,000+ grids.

Definitions (also in the algorithm help):

* **Weights** are binary: ``w_ij = 1`` when grids *i* and *j* are neighbours, by *queen
  contiguity* (the polygons share at least one boundary point, within an optional snapping
  tolerance) or by *distance band* (centroids at most ``d`` apart).  Gi* includes the grid itself:
  ``w_ii = 1``; ``k_i = sum_j w_ij`` is the neighbourhood size including the grid.
* **Gi*** of grid *i* with values ``y`` (case counts or rates), ``n`` grids, mean ``ybar`` and
  population standard deviation ``s``::

      G*_i = sum_j w_ij y_j / sum_j y_j
      z_i  = (sum_j w_ij y_j - ybar k_i) / (s * sqrt((n k_i - k_i^2) / (n - 1)))

  — Getis & Ord (1992, 1995); identical to ``esda.G_Local(y, w, transform="B", star=True).Zs``.
* **Permutation p-value** (conditional randomisation as ``esda``'s ``crand``, ``P`` permutations):
  grid *i* keeps its own value and its ``k_i - 1`` neighbours receive values drawn without
  replacement from the other ``n - 1`` grids; the draws are shared by all grids (as in ``esda``).
  Ties count on *both* sides: ``U_i`` draws give a neighbourhood sum at least the observed one,
  ``L_i`` draws at most the observed one, and

      p_sim_i = (min(U_i, L_i) + 1) / (P + 1)          (one-sided, folded: esda's p_sim without ties)
      p_i     = min(1, 2 p_sim_i)                      (two-sided, used for the classes)

  ``esda`` counts a tie as "larger" before folding, so a neighbourhood sitting at a value most
  draws also give (an empty neighbourhood among mostly empty grids) gets a tiny p there; here it
  gets a p near 1.  Without ties (continuous values) ``p_sim`` is exactly esda's ``p_sim`` on the
  same random stream.  ``permutations = 0``: the normal-theory two-sided ``p_i = 2 (1 - Φ(|z_i|))``.
* **Empty neighbourhoods.** A grid whose whole neighbourhood (the grid and its neighbours) holds no
  case (all values 0 in a field without negative values) is never significant: the absence of
  reports is no evidence of a cold spot.
* **FDR** (optional): Benjamini-Hochberg adjusted p-values ``q_(r) = min_{m >= r} p_(m) n / m``.
* **Classes** (two-sided, as ArcGIS's Gi_Bin): ``+3 / +2 / +1`` hot spot at 99 / 95 / 90 % when
  ``z >= 2.576 / 1.96 / 1.645`` *and* ``p <= 0.01 / 0.05 / 0.10``; ``-3 / -2 / -1`` cold spot likewise
  with ``z <= -2.576 / -1.96 / -1.645``; ``0`` not significant.  ``p`` is the permutation p (or the
  normal p with ``permutations = 0``), FDR-adjusted when FDR is on.  Grids without neighbours, or a
  constant ``y``, get no z-score and class 0.
"""

import numpy as np

from ..common.errors import InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS

# (two-sided p level, |z| threshold, class): 99 / 95 / 90 %
CLASS_LEVELS = ((0.01, 2.576, 3), (0.05, 1.96, 2), (0.10, 1.645, 1))


def queen_weights(geoms, tolerance=0.0):
    """Queen contiguity as a CSR boolean matrix (no diagonal) from shapely polygons."""
    import shapely
    from scipy import sparse

    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    tree = shapely.STRtree(geoms)
    if tolerance and tolerance > 0:
        left, right = tree.query(geoms, predicate="dwithin", distance=tolerance)
    else:
        left, right = tree.query(geoms, predicate="intersects")
    keep = left != right
    left, right = left[keep], right[keep]
    data = np.ones(len(left), dtype=bool)
    w = sparse.csr_matrix((data, (left, right)), shape=(n, n))
    w = w.maximum(w.T)
    w.sum_duplicates()
    return w.tocsr()


def distance_weights(x, y, distance):
    """Distance-band neighbours (centroids within ``distance``) as CSR boolean, no diagonal."""
    from scipy import sparse
    from scipy.spatial import cKDTree

    pts = np.column_stack([x, y])
    pairs = cKDTree(pts).query_pairs(distance, output_type="ndarray")
    n = len(pts)
    i = np.concatenate([pairs[:, 0], pairs[:, 1]]) if len(pairs) else np.zeros(0, int)
    j = np.concatenate([pairs[:, 1], pairs[:, 0]]) if len(pairs) else np.zeros(0, int)
    return sparse.csr_matrix((np.ones(len(i), dtype=bool), (i, j)), shape=(n, n))


def fdr_bh(p):
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN and is not counted)."""
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.isfinite(p)
    m = int(ok.sum())
    if m == 0:
        return out
    pv = p[ok]
    order = np.argsort(pv)
    ranked = pv[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    res = np.empty(m)
    res[order] = np.minimum(q, 1.0)
    out[ok] = res
    return out


def classify(z, p):
    """Hot/cold classes -3..3 from z-scores and two-sided p-values: a class needs both
    ``|z|`` above its threshold and ``p`` at or below its level (see the module)."""
    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    cls = np.zeros(len(z), dtype=np.int64)
    ok = np.isfinite(z) & np.isfinite(p)
    for level, zcrit, value in reversed(CLASS_LEVELS):  # 90 % first, overwritten by stricter levels
        sig = ok & (p <= level)
        cls[sig & (z >= zcrit)] = value
        cls[sig & (z <= -zcrit)] = -value
    return cls


def _draw_subsets(rng, n, permutations, size):
    """``permutations`` rows of ``size`` distinct indices from range(n), uniformly."""
    size = min(size, n)
    rows = rng.integers(0, n, size=(permutations, size))
    # redraw rows with duplicates (rare when n >> size)
    for _ in range(100):
        srt = np.sort(rows, axis=1)
        dup = (srt[:, 1:] == srt[:, :-1]).any(axis=1) if size > 1 else np.zeros(permutations, bool)
        if not dup.any():
            return rows
        bad = np.flatnonzero(dup)
        if n < 4 * size:
            for r in bad:
                rows[r] = rng.choice(n, size=size, replace=False)
            return rows
        rows[bad] = rng.integers(0, n, size=(len(bad), size))
    for r in np.flatnonzero(dup):
        rows[r] = rng.choice(n, size=size, replace=False)
    return rows


def _tail_counts_esda_stream(y, nb_sum, kk, valid, permutations, seed):
    """(U, L): draws at least / at most the observed neighbourhood sum, with the random stream of
    ``esda.crand`` (pure-Python esda, no numba): ``np.random.seed(seed)``, then one
    ``np.random.choice(n - 1, max_card, replace=False)`` per permutation, indices into the values
    without grid *i*.  With the same seed both see the same draws."""
    n = len(y)
    kmax = int(kk.max())
    saved = np.random.get_state()
    try:
        np.random.seed(seed)
        ids = np.empty((permutations, kmax), dtype=np.int64)
        for k in range(permutations):
            ids[k] = np.random.choice(n - 1, size=kmax, replace=False)
    finally:
        np.random.set_state(saved)
    upper = np.zeros(n, dtype=np.int64)
    lower = np.zeros(n, dtype=np.int64)
    for m in np.unique(kk[valid]):
        m = int(m)
        members = np.flatnonzero(valid & (kk == m))
        ps = np.sort(ids[:, :m], axis=1)
        a = y[ps]
        h = y[ps + 1]  # value seen at draw index p by a grid i <= p (the values skip grid i)
        prefix = np.concatenate([np.zeros((permutations, 1)), np.cumsum(a, axis=1)], axis=1)
        suffix = np.concatenate([np.cumsum(h[:, ::-1], axis=1)[:, ::-1], np.zeros((permutations, 1))], axis=1)
        sums = prefix + suffix  # sums[r, j]: j draws below grid i
        t = nb_sum[members]
        eps = 1e-9 * (1.0 + np.abs(t))
        up = np.zeros(len(members), dtype=np.int64)
        lo = np.zeros(len(members), dtype=np.int64)
        for r in range(permutations):
            j = np.searchsorted(ps[r], members, side="left")
            s = sums[r, j]
            up += s >= t - eps
            lo += s <= t + eps
        upper[members] = up
        lower[members] = lo
    return upper, lower


def _tail_counts(y, nb_sum, kk, valid, permutations, seed, progress):
    """(U, L) with the plugin's own stream (``numpy.random.Generator``): ``P`` rows of distinct
    indices shared by all grids; a grid with ``m`` neighbours uses the first ``m`` of each row, and
    a row containing the grid itself uses the row's next index instead (still a uniform draw from
    the other grids).  Sorting the draw sums makes the counting a binary search."""
    n = len(y)
    rng = np.random.default_rng(seed)
    kmax = int(kk[valid].max())
    need = min(kmax + 1, n)
    rows = _draw_subsets(rng, n, permutations, need)
    csum = np.cumsum(y[rows], axis=1)  # csum[:, m - 1] = sum of the first m draws
    upper = np.zeros(n, dtype=np.int64)
    lower = np.zeros(n, dtype=np.int64)
    groups = np.unique(kk[valid])
    for gi, m in enumerate(groups):
        members = np.flatnonzero(valid & (kk == m))
        m = int(m)
        if m >= n:
            continue
        sums = csum[:, m - 1]
        srt = np.sort(sums)
        thr = nb_sum[members]
        eps = 1e-9 * (1.0 + np.abs(thr))
        up = len(srt) - np.searchsorted(srt, thr - eps, side="left")
        lo = np.searchsorted(srt, thr + eps, side="right")
        # draws that contain the grid itself: replace it by the draw's next (distinct) index
        first = rows[:, :m]
        r_idx, c_idx = np.nonzero(np.isin(first, members))
        if len(r_idx) and m < rows.shape[1]:
            who = first[r_idx, c_idx]
            pos = np.searchsorted(members, who)
            corrected = sums[r_idx] - y[who] + y[rows[r_idx, m]]
            t = nb_sum[who]
            e = 1e-9 * (1.0 + np.abs(t))
            np.add.at(up, pos, (corrected >= t - e).astype(np.int64) - (sums[r_idx] >= t - e).astype(np.int64))
            np.add.at(lo, pos, (corrected <= t + e).astype(np.int64) - (sums[r_idx] <= t + e).astype(np.int64))
        upper[members] = up
        lower[members] = lo
        progress.set(0.1 + 0.85 * (gi + 1) / len(groups))
    return upper, lower


# Work model of the permutation test (measured, see bench/RESULTS.md): bytes per drawn index at the peak
# (draws, their values and running sums, isin's temporaries) and seconds per index compared.
BYTES_PER_DRAW = 57.0  # 7.2 GB for 99,999 permutations of 1,257 draws (issue 17)
SECONDS_PER_COMPARE = 3e-8  # 5,000 grids, 200 m band (≤ 1,256 neighbours), 2,999 permutations: 14.5 s


def permutation_work(n, neighbours, permutations):
    """``(bytes, seconds)`` of the permutation test for ``n`` grids whose neighbourhood sizes (without
    the grid itself) are ``neighbours``."""
    kk = np.asarray(neighbours, dtype=np.int64)
    if not len(kk) or permutations <= 0:
        return 0.0, 0.0
    need = float(min(int(kk.max()) + 1, n))
    groups = np.unique(kk[kk > 0]).astype(float)
    return BYTES_PER_DRAW * permutations * need, SECONDS_PER_COMPARE * permutations * (need + groups.sum())


def neighbour_weights(geoms, by_distance=False, band=0.0):
    """Neighbours of the grids: queen contiguity, or centroids within ``band`` metres. Returns
    ``(weights, islands)`` — the CSR matrix and the number of grids without any neighbour."""
    import shapely

    if by_distance:
        cent = shapely.centroid(geoms)
        weights = distance_weights(shapely.get_x(cent), shapely.get_y(cent), band)
    else:
        weights = queen_weights(geoms)
    islands = int((np.asarray(weights.sum(axis=1)).ravel() == 0).sum())
    return weights, islands


def binary_weights(w):
    """A neighbour matrix as binary CSR (1.0 for a neighbour), without the diagonal."""
    from scipy import sparse

    w = sparse.csr_matrix(w, dtype=float).tocoo()  # duplicates summed
    # the diagonal dropped by filtering (setdiag(0) on a matrix without diagonal entries inserts n of them
    # one by one: 4 s on 1.2 million space-time bins)
    keep = (w.row != w.col) & (w.data != 0)
    return sparse.csr_matrix((np.ones(int(keep.sum())), (w.row[keep], w.col[keep])), shape=w.shape, dtype=float)


def gi_star(
    y, w, permutations=999, seed=None, fdr=False, progress=NULL_PROGRESS, esda_stream=False, budget=None, layer=""
):
    """Getis-Ord Gi* for values ``y`` and binary neighbour matrix ``w`` (CSR, diagonal ignored).

    Returns a dict of arrays: ``g``, ``z``, ``p_sim`` (one-sided folded permutation p, ties on both
    sides; NaN if ``permutations`` is 0), ``p`` (two-sided permutation p; the two-sided normal p when
    ``permutations`` is 0), ``p_norm`` (two-sided normal), ``p_fdr`` (Benjamini-Hochberg of ``p``),
    ``empty`` (neighbourhood without any case), ``hotspot_class`` and ``k`` (neighbourhood size
    including the grid itself).  ``esda_stream=True`` draws the permutations exactly as esda does
    (slower; for cross-checks against ``esda.G_Local`` run with the same seed and without numba).
    """
    from scipy import stats

    y = np.asarray(y, dtype=float)
    n = len(y)
    w = binary_weights(w)
    k = np.asarray(w.sum(axis=1)).ravel() + 1.0
    nb_sum = w @ y  # neighbours only
    lag = nb_sum + y  # neighbourhood including the grid itself
    total = y.sum()
    ybar = total / n if n else np.nan
    s = y.std() if n else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        g = lag / total
        denom = s * np.sqrt((n * k - k * k) / (n - 1)) if n > 1 else np.full(n, np.nan)
        z = (lag - ybar * k) / denom
    valid = (k > 1) & (n > 2) & (s > 0) & np.isfinite(z)
    z = np.where(valid, z, np.nan)
    g = np.where(np.isfinite(g), g, np.nan)
    p_norm = np.where(valid, np.minimum(1.0, 2.0 * stats.norm.sf(np.abs(z))), np.nan)
    # every value of the neighbourhood is 0 in a field without negative values: no case around
    if n:
        abs_lag = np.abs(w) @ np.abs(y) + np.abs(y)
        empty = (abs_lag == 0) & (y.min() >= 0)
    else:
        empty = np.zeros(0, dtype=bool)
    if budget is not None and permutations and valid.any():
        kk = k.astype(np.int64) - 1
        memory, seconds = permutation_work(n, kk[valid], int(permutations))
        budget.check(
            translate("Hotspots", "{layer}: hot spots").format(layer=layer or translate("Hotspots", "grids")),
            translate("Hotspots", "{perms} permutations for {n} grids with up to {k} neighbours each").format(
                perms=f"{int(permutations):,}", n=f"{n:,}", k=f"{int(kk[valid].max()):,}"
            ),
            memory=memory,
            seconds=seconds,
            advice=translate("Hotspots", "Use fewer permutations (999 is usual) or a smaller neighbourhood distance."),
        )
    progress.set(0.1)

    perms = int(permutations or 0)
    p_sim = np.full(n, np.nan)
    if perms > 0 and valid.any():
        kk = k.astype(np.int64) - 1  # neighbours to draw
        if esda_stream:
            upper, lower = _tail_counts_esda_stream(y, nb_sum, kk, valid, perms, seed)
        else:
            upper, lower = _tail_counts(y, nb_sum, kk, valid, perms, seed, progress)
        p_sim = np.where(valid, (np.minimum(upper, lower) + 1.0) / (perms + 1.0), np.nan)
        p = np.minimum(1.0, 2.0 * p_sim)
    else:
        p = p_norm.copy()
    p_fdr = fdr_bh(p)
    cls = classify(z, p_fdr if fdr else p)
    cls[empty] = 0
    progress.set(1.0)
    return {
        "g": g,
        "z": z,
        "p": p,
        "p_sim": p_sim,
        "p_norm": p_norm,
        "p_fdr": p_fdr,
        "empty": empty,
        "hotspot_class": cls,
        "k": k,
    }


def assign_points(x, y, geoms, layer="", progress=NULL_PROGRESS):
    """Index of the grid containing each point, -1 outside every grid.

    A point on a boundary shared by several grids goes to the first of them (lowest index), so
    every case is counted once.
    """
    import shapely

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.full(len(x), -1, dtype=np.int64)
    if len(x) == 0 or len(geoms) == 0:
        return out
    geoms = np.asarray(geoms, dtype=object)
    tree = shapely.STRtree(geoms)
    chunk = 250_000
    for start in range(0, len(x), chunk):
        xs, ys = x[start : start + chunk], y[start : start + chunk]
        pi, gi = tree.query(shapely.points(xs, ys), predicate="intersects")
        if len(pi):
            order = np.lexsort((gi, pi))
            pi, gi = pi[order], gi[order]
            first = np.ones(len(pi), dtype=bool)
            first[1:] = pi[1:] != pi[:-1]
            out[start + pi[first]] = gi[first]
        progress.set(min(1.0, (start + chunk) / len(x)))
    return out


def grid_rates(counts, households=None, area_m2=None):
    """Cases per 1,000 households and per km²; NaN where the denominator is missing or 0."""
    counts = np.asarray(counts, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if households is None:
            per_hh = np.full(len(counts), np.nan)
        else:
            hh = np.asarray(households, dtype=float)
            per_hh = np.where(np.isfinite(hh) & (hh > 0), counts * 1000.0 / hh, np.nan)
        if area_m2 is None:
            per_km2 = np.full(len(counts), np.nan)
        else:
            a = np.asarray(area_m2, dtype=float)
            per_km2 = np.where(np.isfinite(a) & (a > 0), counts * 1e6 / a, np.nan)
    return per_hh, per_km2


SMOOTHING = ("none", "global", "spatial")


def eb_rates(events, base, w=None):
    """Empirical-Bayes smoothed rates ``events / base`` (Marshall 1991), as esda's smoothers.

    ``w=None``: global EB (``esda.smoothing.Empirical_Bayes``): every rate shrinks towards the overall
    rate ``m = Σe / Σb`` with weight ``v / (v + m / b_i)``, ``v = Σ b_i (r_i − m)² / Σb − m / b̄``.
    ``w`` (binary neighbours, CSR): spatial EB (``esda.smoothing.Spatial_Empirical_Bayes``): ``m`` and
    ``v`` from each grid's neighbourhood including itself.  A negative variance estimate is set to 0
    (every rate then equals its prior mean; esda does this for the spatial smoother only).  Grids
    with a missing or zero base get NaN and take no part (neither in ``m`` nor in ``v``)."""
    from scipy import sparse

    e = np.asarray(events, dtype=float)
    b = np.asarray(base, dtype=float)
    ok = np.isfinite(b) & (b > 0) & np.isfinite(e)
    out = np.full(len(e), np.nan)
    if not ok.any():
        return out
    e0, b0 = np.where(ok, e, 0.0), np.where(ok, b, 0.0)
    rate = np.where(ok, e0 / np.where(ok, b0, 1.0), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if w is None:
            m = e0.sum() / b0.sum()
            v = (b0 * (rate - m) ** 2).sum() / b0.sum() - m / b0[ok].mean()
            v = max(v, 0.0)
            shrink = v / (v + m / b)
            smoothed = m + (rate - m) * np.where(np.isfinite(shrink), shrink, 0.0)
        else:
            a = sparse.csr_matrix(w, dtype=float)
            a.setdiag(0)
            a.eliminate_zeros()
            a.data[:] = 1.0
            a = a + sparse.identity(len(e), format="csr")
            keep = sparse.diags(ok.astype(float))
            a = a @ keep  # neighbours without a base take no part
            b_sum = a @ b0
            m = (a @ e0) / b_sum
            count = a @ ok.astype(float)
            left = (a @ (b0 * rate**2) - 2 * m * (a @ (b0 * rate)) + m**2 * b_sum) / b_sum
            v = np.maximum(left - m / (b_sum / count), 0.0)
            shrink = v / (v + m / b)
            smoothed = m + (rate - m) * np.where(np.isfinite(shrink), shrink, 0.0)
    out[ok] = smoothed[ok]
    return out


def check_grids(codes, layer="", ids=None):
    """Grid codes must be present and unique (``ids``: feature ids for the messages)."""
    seen = {}
    ids = list(ids) if ids is not None else [i + 1 for i in range(len(codes))]
    for i, code in enumerate(codes):
        if code is None or str(code).strip() == "":
            raise InputError(
                translate("Hotspots", "{layer}: feature {fid} has no grid code (field grid_code).").format(
                    layer=layer, fid=ids[i]
                )
            )
        if code in seen:
            raise InputError(
                translate(
                    "Hotspots",
                    "{layer}: grid code {code} appears twice (features {a} and {b}, field grid_code).",
                ).format(layer=layer, code=code, a=ids[seen[code]], b=ids[i])
            )
        seen[code] = i


VALUES = ("count", "rate_1000hh", "rate_km2")


def grid_statistics(
    counts,
    weights,
    households=None,
    area_m2=None,
    value="count",
    permutations=999,
    seed=None,
    fdr=False,
    progress=NULL_PROGRESS,
    smoothing="none",
    min_households=0.0,
    budget=None,
    layer="",
):
    """Counts, rates and Gi* of one set of per-grid case counts.

    ``value`` selects what Gi* is computed on: the count, the rate per 1,000 households or the rate
    per km².  Grids whose rate is empty (no households / no area) are left out of a rate-based Gi*
    (their neighbours ignore them) and get empty Gi* fields.  ``min_households``: grids with fewer
    households get no household rate (a grid of one household would show 1,000 per 1,000 for one
    case).  ``smoothing`` (``"global"`` / ``"spatial"``): the household rate is also given
    Empirical-Bayes smoothed (:func:`eb_rates`) as ``rate_1000hh_eb``, and a Gi* on the household rate
    runs on the smoothed rate.
    """
    counts = np.asarray(counts, dtype=float)
    if households is not None and min_households and min_households > 0:
        households = np.asarray(households, dtype=float)
        households = np.where(households >= min_households, households, np.nan)
    per_hh, per_km2 = grid_rates(counts, households, area_m2)
    n = len(counts)
    eb = np.full(n, np.nan)
    if smoothing != "none" and households is not None:
        eb = eb_rates(counts, households, weights if smoothing == "spatial" else None) * 1000.0
    hh_value = eb if smoothing != "none" else per_hh
    y = {"count": counts, "rate_1000hh": hh_value, "rate_km2": per_km2}[value]
    out = {"n_cases": counts.astype(np.int64), "rate_1000hh": per_hh, "rate_km2": per_km2, "rate_1000hh_eb": eb}
    ok = np.isfinite(y)
    z = np.full(n, np.nan)
    p = np.full(n, np.nan)
    q = np.full(n, np.nan)
    cls = np.zeros(n, dtype=np.int64)
    if ok.sum() > 2:
        idx = np.flatnonzero(ok)
        sub = weights[idx][:, idx] if not ok.all() else weights
        res = gi_star(
            y[idx], sub, permutations=permutations, seed=seed, fdr=fdr, progress=progress, budget=budget, layer=layer
        )
        z[idx] = res["z"]
        p[idx] = res["p"]
        q[idx] = res["p_fdr"]
        cls[idx] = res["hotspot_class"]
    out.update({"gi_z": z, "gi_p": p, "gi_p_fdr": q, "hotspot_class": cls})
    return out
