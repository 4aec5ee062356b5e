"""Cases per grid (and period and kind): the Python counting path.

Two paths give the same table: this one counts case points already read into memory (any layer),
:mod:`grid_manager.store.grid_counts_sql` makes the database count them when the cases live in
PostGIS. Both end in :func:`count_table`, so the algorithms see one shape whichever path ran:
columns ``grid`` (index into the grid list, -1 for no grid), ``period_start``, ``period_end``,
``kind``, ``n``, ``parts``, ``events``.
"""

import numpy as np
import pandas as pd

from .evaluation import period_bounds
from .times import DEFAULT_TIME_ZONE, to_local
from .vocabulary import KINDS


def count_table(rows, period):
    """Aggregated rows ``(grid, period_start, kind, n)`` -> the count table (see the module)."""
    table = pd.DataFrame(rows, columns=["grid", "period_start", "kind", "n"])
    table["n"] = table["n"].astype(np.int64)
    # cases of no known kind (a layer without a kind field) count in n only; NA must not reach np.where
    kind = table["kind"].astype("string").str.lower().to_numpy(dtype=object, na_value="")
    table["parts"] = np.where(kind == "part", table["n"], 0)
    table["events"] = np.where(kind == "event", table["n"], 0)
    if period != "all" and len(table):
        table["period_start"] = pd.to_datetime(table["period_start"])
        _, pend = period_bounds(table["period_start"], period)
        table["period_end"] = pend.to_numpy()
    else:
        table["period_end"] = pd.NaT
    return table


def count_cases(grid_index, mask, reported_at, kinds, period, zone=DEFAULT_TIME_ZONE):
    """Count the cases selected by ``mask`` per (grid, period, kind).

    ``grid_index``: grid of every case (-1: none); ``reported_at``: report times (naive = local in
    ``zone``, zoned ones converted) or None when ``period`` is ``"all"``; periods are local ones;
    ``kinds``: the ``kind`` column or None. Returns the count table (cases without a report time
    fall in a period ``NaT``)."""
    mask = np.asarray(mask, dtype=bool)
    n_sel = int(mask.sum())
    if period != "all":
        times = to_local(pd.Series(reported_at).reset_index(drop=True), zone)
        pstart, _ = period_bounds(times, period)
        pcode, puniq = pd.factorize(pstart.to_numpy()[mask], use_na_sentinel=True)
        puniq = list(puniq) + [pd.NaT]
        pcode = np.where(pcode < 0, len(puniq) - 1, pcode)
    else:
        pcode = np.zeros(n_sel, dtype=np.int64)
        puniq = [pd.NaT]
    if kinds is not None:
        kind = pd.Series(kinds).astype("string").str.lower().to_numpy(dtype=object, na_value="")[mask]
        kcode = np.where(kind == KINDS[0], 0, np.where(kind == KINDS[1], 1, 2))
    else:
        kcode = np.full(n_sel, 2)
    # one integer key per (grid, period, kind): numpy instead of a pandas group-by on objects
    n_p = len(puniq)
    key = (np.asarray(grid_index)[mask] + 1) * (n_p * 3) + pcode * 3 + kcode
    ukey, counts = np.unique(key, return_counts=True)
    grid_of = ukey // (n_p * 3) - 1
    p_of = (ukey % (n_p * 3)) // 3
    k_of = ukey % 3
    names = np.array([KINDS[0], KINDS[1], None], dtype=object)
    rows = pd.DataFrame({"grid": grid_of, "period_start": [puniq[i] for i in p_of], "kind": names[k_of], "n": counts})
    return count_table(rows.to_numpy().tolist(), period)


def split_unassigned(table):
    """(table of the cases in a grid, number of cases in no grid, total)."""
    total = int(table["n"].sum())
    unassigned = int(table.loc[table["grid"] < 0, "n"].sum())
    return table[table["grid"] >= 0], unassigned, total


def grid_sums(table, n):
    """(cases, parts, events) per grid index 0..n-1 from a count table."""
    sums = table.groupby("grid")[["n", "parts", "events"]].sum()
    idx = sums.index.to_numpy()
    out = []
    for column in ("n", "parts", "events"):
        values = np.zeros(n)
        values[idx] = sums[column].to_numpy()
        out.append(values)
    return tuple(out)
