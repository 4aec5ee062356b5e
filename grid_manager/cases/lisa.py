"""Local Moran's I (LISA, Anselin 1995): clusters (high-high, low-low) and outliers (high-low, low-high).

Definitions (also in the algorithm help):

* ``z_i = (y_i − ȳ) / s`` (``s`` the population standard deviation), row-standardised binary weights
  (``w_ij = 1 / k_i`` over the ``k_i`` neighbours, no self-weight) and the spatial lag
  ``lag_i = Σ_j w_ij z_j``;
  ``I_i = (n − 1) z_i lag_i / Σ_j z_j²`` — identical to ``esda.Moran_Local(y, w, transformation="r").Is``.
* **Quadrant**: HH (``z_i > 0``, ``lag_i > 0``), LH (``z_i <= 0 < lag_i``), LL (both ``<= 0``), HL
  (``z_i > 0 >= lag_i``) — esda's ``q`` 1, 2, 3, 4.
* **Permutation p-value**: the conditional randomisation of :func:`grid_manager.cases.hotspots.gi_star`
  (grid *i* keeps its value, its neighbours are drawn from the other grids, draws shared by all grids,
  ties on both sides).  ``I_i`` is monotone in the neighbours' sum, so the counts are those of the
  neighbour sums.  ``p_sim = (min(U, L) + 1) / (P + 1)`` — esda's ``p_sim`` on the same draws when there
  are no ties — and the two-sided ``p = min(1, 2 p_sim)``; ``permutations = 0``: the normal
  approximation is not used for LISA (its moments are unreliable): ``p`` stays empty and no grid is
  significant.
* **Classes**: ``cluster`` = 1 HH, 2 LL, 3 LH, 4 HL when ``p <= alpha`` (FDR-adjusted when asked), 0 not
  significant.  A grid whose whole neighbourhood (itself and its neighbours) has the value 0 in a field
  without negative values (no case around) is never significant; grids without neighbours or a
  constant field get no value.
"""

import numpy as np

from ..common.progress import NULL_PROGRESS
from .hotspots import _tail_counts, _tail_counts_esda_stream, binary_weights, fdr_bh

QUADRANT_NAMES = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
# cluster codes of the output (and of the style): 1 HH, 2 LL, 3 LH, 4 HL, 0 not significant
CLUSTER_OF_QUADRANT = {1: 1, 3: 2, 2: 3, 4: 4}


def local_moran(y, w, permutations=999, seed=None, alpha=0.05, fdr=False, progress=NULL_PROGRESS, esda_stream=False):
    """Local Moran's I of ``y`` on binary neighbours ``w`` (CSR, diagonal ignored).

    Returns a dict of arrays: ``I``, ``z`` (standardised values), ``lag``, ``q`` (esda's quadrant 1–4, 0
    without a value), ``p_sim``, ``p`` (two-sided), ``p_fdr``, ``empty``, ``cluster`` and ``k``."""

    y = np.asarray(y, dtype=float)
    n = len(y)
    w = binary_weights(w)
    k = np.asarray(w.sum(axis=1)).ravel()
    s = y.std() if n else np.nan
    z = (y - y.mean()) / s if n and s > 0 else np.full(n, np.nan)
    nb_sum = w @ y
    with np.errstate(divide="ignore", invalid="ignore"):
        lag = (w @ z) / k
        big_i = (n - 1) * z * lag / np.nansum(z * z)
    valid = (k > 0) & (n > 2) & np.isfinite(big_i)
    big_i = np.where(valid, big_i, np.nan)
    lag = np.where(k > 0, lag, np.nan)
    q = np.zeros(n, dtype=np.int64)
    zp, lp = z > 0, lag > 0
    q[valid & zp & lp] = 1
    q[valid & ~zp & lp] = 2
    q[valid & ~zp & ~lp] = 3
    q[valid & zp & ~lp] = 4
    empty = ((np.abs(w) @ np.abs(y) + np.abs(y)) == 0) & (y.min() >= 0) if n else np.zeros(0, bool)
    progress.set(0.1)
    perms = int(permutations or 0)
    p_sim = np.full(n, np.nan)
    if perms > 0 and valid.any():
        kk = k.astype(np.int64)
        if esda_stream:
            upper, lower = _tail_counts_esda_stream(y, nb_sum, kk, valid, perms, seed)
        else:
            upper, lower = _tail_counts(y, nb_sum, kk, valid, perms, seed, progress)
        p_sim = np.where(valid, (np.minimum(upper, lower) + 1.0) / (perms + 1.0), np.nan)
        # z_i = 0: every draw gives I = 0, the observed value: a tie on both sides
        p_sim = np.where(valid & (z == 0), 1.0, p_sim)
    p = np.minimum(1.0, 2.0 * p_sim)
    p_fdr = fdr_bh(p)
    use = p_fdr if fdr else p
    sig = valid & np.isfinite(use) & (use <= alpha) & ~empty
    cluster = np.zeros(n, dtype=np.int64)
    for quadrant, code in CLUSTER_OF_QUADRANT.items():
        cluster[sig & (q == quadrant)] = code
    progress.set(1.0)
    return {
        "I": big_i,
        "z": np.where(valid, z, np.nan),
        "lag": lag,
        "q": q,
        "p_sim": p_sim,
        "p": p,
        "p_fdr": p_fdr,
        "empty": empty,
        "cluster": cluster,
        "k": k,
    }
