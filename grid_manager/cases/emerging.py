"""Emerging hot spots: Gi* on a space-time cube plus the Mann–Kendall trend of each grid's z-scores.

Definitions (also in the algorithm help), following Esri's Emerging Hot Spot Analysis:

* **Space-time cube.** ``counts`` has one row per period (oldest first) and one column per grid.
  The neighbourhood of bin (period *t*, grid *i*) is grid *i* and its spatial neighbours in period *t*
  and in the ``k`` periods before it (ArcGIS's neighbourhood time step looks back only: a bin never
  depends on the future).  Gi* (:func:`grid_manager.cases.hotspots.gi_star`) is computed once on all
  ``T × n`` bins, so the mean and deviation are those of the whole cube, as ArcGIS does.
* **Significant bins**: Gi* class ±1..±3 (90 % or more; FDR-adjusted when asked).
* **Trend**: the Mann–Kendall test of each grid's z-score series: ``S = Σ_{a<b} sign(z_b − z_a)``,
  ``Var S = (T(T−1)(2T+5) − Σ_g t_g(t_g−1)(2t_g+5)) / 18`` (``t_g`` the size of each group of tied
  values), ``Z = (S − 1)/√Var`` if ``S > 0``, ``(S + 1)/√Var`` if ``S < 0``, else 0; two-sided ``p``.
  A trend is significant when ``p <= trend_alpha``.
* **Categories** (hot; cold alike with "cold" for "hot" and the trend reversed), ``share`` = the share
  of periods in which the grid is a significant hot spot, "final" = the last period:

  - 1 *new*: hot in the final period only, never before;
  - 2 *consecutive*: one uninterrupted run of at least two hot periods ending with the final one, never
    hot before the run, ``share < 90 %``;
  - 3 *intensifying*: ``share >= 90 %``, hot in the final period, significant upward trend of z;
  - 4 *persistent*: ``share >= 90 %``, hot in the final period, no significant trend;
  - 5 *diminishing*: ``share >= 90 %``, hot in the final period, significant downward trend of z;
  - 6 *sporadic*: hot in the final period, ``share < 90 %``, on and off, never a cold spot;
  - 7 *oscillating*: hot in the final period, ``share < 90 %``, a cold spot in some earlier period;
  - 8 *historical*: not hot in the final period but hot in at least 90 % of the periods;

  hot categories are coded 1..8, cold ones −1..−8, 0 *no pattern*.  The final period decides the side
  (hot if it is a hot spot, cold if a cold spot); historical is tested for hot first.
"""

import numpy as np
import pandas as pd
from scipy import sparse, stats

from ..common.errors import InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS
from .evaluation import _PANDAS_FREQ
from .hotspots import binary_weights, gi_star

PATTERNS = (
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
NO_PATTERN = 0


def mann_kendall(x):
    """Mann–Kendall test of each row of ``x`` (rows: series, columns: time, oldest first).

    Returns ``(s, var_s, z, p)`` arrays (tie-corrected variance, continuity-corrected Z, two-sided p).
    Rows with a NaN give NaN."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    m, t = x.shape
    s = np.zeros(m)
    for a in range(t - 1):
        s += np.sign(x[:, a + 1 :] - x[:, a : a + 1]).sum(axis=1)
    # tie groups: every value counts the members of its group; Σ_elements (c−1)(2c+5) = Σ_g t(t−1)(2t+5)
    same = (x[:, :, None] == x[:, None, :]).sum(axis=2).astype(float)
    ties = ((same - 1.0) * (2.0 * same + 5.0)).sum(axis=1)
    var = (t * (t - 1) * (2 * t + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var), np.where(s < 0, (s + 1) / np.sqrt(var), 0.0))
    z = np.where(var > 0, z, 0.0)
    p = 2.0 * stats.norm.sf(np.abs(z))
    bad = ~np.isfinite(x).all(axis=1)
    for arr in (s, var, z, p):
        arr[bad] = np.nan
    return s, var, z, p


def space_time_weights(w, periods, k=1):
    """Binary weights of the ``periods × n`` bins (period-major): grid and spatial neighbours in the same
    period and the ``k`` periods before it."""
    w = binary_weights(w)
    n = w.shape[0]
    spatial = (w + sparse.identity(n, format="csr")).tocsr()
    back = sparse.csr_matrix((periods, periods))
    for lag in range(0, int(k) + 1):
        back = back + sparse.eye(periods, k=-lag, format="csr")
    return sparse.kron(back, spatial, format="csr")


def _runs_at_end(flags):
    """Length of the run of True ending at the last column, per row."""
    t = flags.shape[1]
    run = np.zeros(flags.shape[0], dtype=np.int64)
    alive = np.ones(flags.shape[0], dtype=bool)
    for c in range(t - 1, -1, -1):
        alive &= flags[:, c]
        run += alive
    return run


def _side(sig, other, trend_z, trend_sig, up):
    """Pattern code 1..8 (0 none) for one side: ``sig`` its significant bins, ``other`` the other side's."""
    m, t = sig.shape
    share = sig.mean(axis=1) if t else np.zeros(m)
    final = sig[:, -1]
    before = sig[:, :-1].any(axis=1)
    run = _runs_at_end(sig)
    hot_before_run = (sig & (np.arange(t)[None, :] < (t - run)[:, None])).any(axis=1)
    high = share >= 0.9 - 1e-12
    rising = trend_sig & ((trend_z > 0) if up else (trend_z < 0))
    falling = trend_sig & ((trend_z < 0) if up else (trend_z > 0))
    code = np.zeros(m, dtype=np.int64)
    rest = final.copy()

    def take(mask, value):
        nonlocal rest
        hit = rest & mask
        code[hit] = value
        rest &= ~hit

    take(~before, 1)
    take((run >= 2) & ~hot_before_run & ~high, 2)
    take(high & rising, 3)
    take(high & falling, 5)
    take(high, 4)
    take(other[:, :-1].any(axis=1), 7)
    take(np.ones(m, dtype=bool), 6)
    code[~final & high] = 8
    return code


def classify_patterns(classes, z, trend_alpha=0.05):
    """Pattern codes (see the module) from Gi* classes and z-scores, both ``periods × n``.

    Returns ``(pattern, trend_z, trend_p, hot_share, cold_share)`` per grid."""
    classes = np.asarray(classes)
    z = np.asarray(z, dtype=float)
    hot = (classes > 0).T
    cold = (classes < 0).T
    _, _, tz, tp = mann_kendall(z.T)
    tsig = np.isfinite(tp) & (tp <= trend_alpha)
    hot_code = _side(hot, cold, tz, tsig, up=True)
    cold_code = _side(cold, hot, tz, tsig, up=False)
    pattern = np.where(hot[:, -1], hot_code, np.where(cold[:, -1], -cold_code, 0))
    rest = pattern == 0
    pattern = np.where(rest & (hot_code == 8), 8, np.where(rest & (cold_code == 8), -8, pattern))
    return pattern, tz, tp, hot.mean(axis=1), cold.mean(axis=1)


def emerging_hotspots(
    counts, w, k=1, permutations=0, seed=None, fdr=True, trend_alpha=0.05, progress=NULL_PROGRESS, layer=""
):
    """Emerging hot spots of ``counts`` (``periods × n``) on the spatial neighbours ``w`` (n × n).

    Returns a dict: ``pattern`` (n), ``trend_z``, ``trend_p``, ``hot_share``, ``cold_share`` (n), and
    ``z``, ``p``, ``hotspot_class`` (periods × n)."""
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2 or counts.shape[0] < 2:
        raise InputError(
            translate("Emerging", "{layer}: emerging hot spots need cases in at least 2 periods.").format(
                layer=layer or translate("Emerging", "cases")
            )
        )
    periods, n = counts.shape
    wst = space_time_weights(w, periods, k)
    res = gi_star(counts.ravel(), wst, permutations=permutations, seed=seed, fdr=fdr, progress=progress.span(0, 0.9))
    z = res["z"].reshape(periods, n)
    cls = res["hotspot_class"].reshape(periods, n)
    pattern, tz, tp, hs, cs = classify_patterns(cls, z, trend_alpha)
    progress.set(1.0)
    return {
        "pattern": pattern,
        "trend_z": tz,
        "trend_p": tp,
        "hot_share": hs,
        "cold_share": cs,
        "z": z,
        "p": res["p"].reshape(periods, n),
        "hotspot_class": cls,
    }


def count_cube(table, n, period, first=None, last=None):
    """``(starts, counts)``: every period from the first to the last one with a case (or from the periods
    of ``first``/``last`` when given), empty ones included, and the ``periods × n`` case counts of a count
    table (:func:`grid_manager.cases.counts.count_cases`; rows without a grid or a period are ignored)."""
    if period not in _PANDAS_FREQ:
        raise InputError(translate("Emerging", "Emerging hot spots need time periods (week, month, quarter or year)."))
    freq = _PANDAS_FREQ[period]
    rows = table[(table["grid"] >= 0) & table["period_start"].notna()]
    starts = pd.to_datetime(rows["period_start"])
    lo = pd.Timestamp(first).to_period(freq) if first is not None else None
    hi = (pd.Timestamp(last) - pd.Timedelta(microseconds=1)).to_period(freq) if last is not None else None
    if len(rows):
        per = starts.dt.to_period(freq)
        lo = per.min() if lo is None else lo
        hi = per.max() if hi is None else hi
    if lo is None or hi is None or hi < lo:
        return [], np.zeros((0, n))
    span = pd.period_range(lo, hi, freq=freq)
    cube = np.zeros((len(span), n))
    if len(rows):
        pos = (per - lo).apply(lambda off: off.n).to_numpy()
        keep = (pos >= 0) & (pos < len(span))
        np.add.at(cube, (pos[keep], rows["grid"].to_numpy()[keep].astype(np.int64)), rows["n"].to_numpy()[keep])
    return [p.start_time for p in span], cube
