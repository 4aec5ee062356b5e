"""Emerging hot spots: Mann–Kendall, the space-time neighbourhood and every pattern category."""

import numpy as np
import pytest
from scipy import sparse

from gridmanager.grid_manager.cases import emerging
from gridmanager.grid_manager.common.errors import InputError

T = 10


def series(*marks):
    """Gi* classes of one grid over T periods from a string like 'hhhh..cc.h' (h hot, c cold, . none)."""
    text = "".join(marks)
    assert len(text) == T
    return np.array([{"h": 3, "c": -3, ".": 0}[ch] for ch in text])


def pattern_of(text, z=None):
    cls = series(text)[:, None]
    if z is None:
        z = np.where(cls > 0, 3.0, np.where(cls < 0, -3.0, 0.0)) + np.random.default_rng(1).normal(0, 0.01, (T, 1))
    return int(emerging.classify_patterns(cls, np.asarray(z, float).reshape(T, 1))[0][0])


def test_mann_kendall_by_hand_with_ties():
    # S: pairs of (1, 2, 2, 3): +1 +1 +1, 0 +1, +1 = 5; ties one group of 2: Var = (4*3*13 - 2*1*9)/18 = 7.667
    s, var, z, p = emerging.mann_kendall([[1, 2, 2, 3]])
    assert s[0] == 5
    assert var[0] == pytest.approx((4 * 3 * 13 - 2 * 1 * 9) / 18)
    assert z[0] == pytest.approx(4 / np.sqrt(var[0]))
    s, var, z, p = emerging.mann_kendall([[3, 3, 3, 3]])
    assert s[0] == 0 and var[0] == 0 and z[0] == 0 and p[0] == 1
    assert np.isnan(emerging.mann_kendall([[1, np.nan, 3]])[3][0])


def test_mann_kendall_matches_pymannkendall():
    mk = pytest.importorskip("pymannkendall")
    rng = np.random.default_rng(7)
    x = np.round(rng.normal(size=(40, 12)) + np.linspace(0, 1.5, 12) * rng.integers(-1, 2, (40, 1)), 1)
    s, var, z, p = emerging.mann_kendall(x)
    for i, row in enumerate(x):
        ref = mk.original_test(row)
        assert s[i] == pytest.approx(ref.s)
        assert var[i] == pytest.approx(ref.var_s)
        assert z[i] == pytest.approx(ref.z)
        assert p[i] == pytest.approx(ref.p)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (".........h", 1),
        ("c........h", 1),
        ("......hhhh", 2),
        ("hhhhhhhhhh", 4),
        (".hhhhhhhhh", 4),
        ("h.h..h.h.h", 6),
        ("..c.h...hh", 7),
        ("hhhhhhhhh.", 8),
        (".........c", -1),
        ("........cc", -2),
        ("cccccccccc", -4),
        ("c.c.c..c.c", -6),
        ("h..c.c...c", -7),
        ("ccccccccc.", -8),
        ("h.h.......", 0),
        ("..........", 0),
    ],
)
def test_each_category(text, expected):
    assert pattern_of(text) == expected


def test_trend_decides_intensifying_persistent_diminishing():
    rising = np.linspace(2, 6, T)
    assert pattern_of("hhhhhhhhhh", rising) == 3
    assert pattern_of("hhhhhhhhhh", rising[::-1]) == 5
    assert pattern_of("hhhhhhhhhh", 3 + 0.5 * np.sin(np.arange(T) * 2.1)) == 4
    # cold: z falling (more and more cold) = intensifying cold spot
    assert pattern_of("cccccccccc", -rising) == -3
    assert pattern_of("cccccccccc", -rising[::-1]) == -5


def test_space_time_weights_look_back_only():
    w = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], float))
    wst = emerging.space_time_weights(w, 3, k=1).toarray()
    # bin (t=1, grid 0): grids 0, 1 in periods 0 and 1; never period 2
    row = wst[3 + 0].reshape(3, 3)
    assert row.tolist() == [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    assert wst[0].reshape(3, 3)[1:].sum() == 0


def test_emerging_hotspots_end_to_end_core():
    # a 6 × 6 lattice, 12 months; a hot cluster grows in the corner from month 6 on; elsewhere noise
    side, months = 6, 12
    idx = np.arange(side * side).reshape(side, side)
    rows, cols = [], []
    for r in range(side):
        for c in range(side):
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if (dr or dc) and 0 <= r + dr < side and 0 <= c + dc < side:
                        rows.append(idx[r, c])
                        cols.append(idx[r + dr, c + dc])
    w = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(side * side, side * side))
    rng = np.random.default_rng(3)
    counts = rng.poisson(3, (months, side * side)).astype(float)
    corner = [idx[0, 0], idx[0, 1], idx[1, 0], idx[1, 1]]
    for t in range(6, months):
        counts[t, corner] += 12
    res = emerging.emerging_hotspots(counts, w, k=1)
    assert set(res["pattern"][corner].tolist()) <= {2, 6}  # consecutive (or sporadic if an early month was hot)
    assert (res["pattern"][corner] == 2).sum() >= 3
    assert res["z"].shape == (months, side * side)
    with pytest.raises(InputError):
        emerging.emerging_hotspots(counts[:1], w)
