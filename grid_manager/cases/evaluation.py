"""Case-handling indicators (综合评价) per grid, community, street or department and period.

A *case record* has the fields of the case store's ``cases_analysis`` export: ``case_code``,
``kind``, ``class_code``, ``state``, ``department``, ``grid_code``, ``community_code``,
``street_code``, the timestamps ``reported_at``, ``registered_at``, ``dispatched_at``,
``deadline_at``, ``handled_at``, ``closed_at`` and the counters ``rework_count``,
``extension_count``, ``returned_count``.

A case belongs to the period containing its ``reported_at``.  ``as_of`` is the evaluation time
(default: the latest timestamp in the data).  Counts, for the cases of one unit and period:

=================  ==========================================================================
reported (上报数)   cases reported, except cancelled ones (state ``cancelled``, 作废)
registered (立案数) reported cases with ``registered_at``
due (应处置数)      registered cases with a deadline that had passed at ``as_of``, or handled
on_time (按期处置数) due cases handled no later than their deadline
handled (处置数)    due cases with ``handled_at``
overdue (超期数)    due cases not handled by their deadline (handled late or still open), and
                   cases that were overdue when a return was accepted (``returned_overdue_hours``)
closed (结案数)     registered cases with ``closed_at``
due_close (应结案数) registered cases that have been handled (``handled_at``) or closed
rework (返工数)     due_close cases sent back at least once (``rework_count`` > 0)
extended (延期数)   registered cases with at least one approved extension (``extension_count`` > 0)
=================  ==========================================================================

Indicators (a rate is empty — never infinite — when its denominator is 0):

* 立案率 ``registration_rate = registered / reported``
* 按期处置率 ``ontime_rate = on_time / due``
* 处置率 ``handling_rate = handled / due``
* 结案率 ``closing_rate = closed / registered``
* 返工率 ``rework_rate = rework / due_close``
* 延期率 ``extension_rate = extended / registered``
* 超期率 ``overdue_rate = overdue / due`` (= 1 − 按期处置率)
* mean handling hours ``handling_hours``: mean of ``handled_at − dispatched_at`` in hours over the
  handled cases that have both timestamps.

**Score and five levels.** Each rate becomes a 0–100 indicator score (``100 × rate`` where higher
is better, ``100 × (1 − rate)`` for 返工率 and 延期率); the composite score is the weighted mean
of the available indicator scores with :data:`DEFAULT_WEIGHTS` (按期处置率 30 %, 处置率 20 %,
结案率 20 %, 返工率 15 %, 延期率 15 %).  Level 1 优秀 ≥ 90, 2 良好 ≥ 80, 3 中等 ≥ 70,
4 较差 ≥ 60, 5 差 < 60; empty when no indicator can be computed.
"""

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate

STATES = ("reported", "verified", "registered", "declined", "dispatched", "handled", "closed", "cancelled")
TIME_FIELDS = ("reported_at", "registered_at", "dispatched_at", "deadline_at", "handled_at", "closed_at")
COUNT_FIELDS = ("rework_count", "extension_count", "returned_count")
UNITS = ("grid", "community", "street", "department")
UNIT_FIELDS = {
    "grid": "grid_code",
    "community": "community_code",
    "street": "street_code",
    "department": "department",
}
PERIODS = ("all", "week", "month", "quarter", "year")
_PANDAS_FREQ = {"week": "W-MON", "month": "M", "quarter": "Q", "year": "Y"}

RATES = (
    "registration_rate",
    "ontime_rate",
    "handling_rate",
    "closing_rate",
    "rework_rate",
    "extension_rate",
    "overdue_rate",
)
COUNTS = (
    "reported",
    "registered",
    "due",
    "on_time",
    "handled",
    "overdue",
    "closed",
    "due_close",
    "rework",
    "extended",
)
DEFAULT_WEIGHTS = {
    "ontime_rate": 0.30,
    "handling_rate": 0.20,
    "closing_rate": 0.20,
    "rework_rate": 0.15,
    "extension_rate": 0.15,
}
LOWER_IS_BETTER = {"rework_rate", "extension_rate", "overdue_rate"}
LEVEL_THRESHOLDS = (90.0, 80.0, 70.0, 60.0)


def level_names():
    return {
        1: translate("Evaluation", "Excellent"),
        2: translate("Evaluation", "Good"),
        3: translate("Evaluation", "Fair"),
        4: translate("Evaluation", "Poor"),
        5: translate("Evaluation", "Very poor"),
    }


def parse_times(frame, layer=""):
    """Turn the timestamp columns into UTC-naive pandas datetimes; bad text raises InputError."""
    out = frame.copy()
    for name in TIME_FIELDS:
        if name not in out.columns:
            out[name] = pd.NaT
            continue
        raw = out[name]
        values = pd.to_datetime(raw, errors="coerce", utc=True)
        bad = (
            values.isna() & raw.notna() & (raw.astype(str).str.strip() != "") & (raw.astype(str).str.upper() != "NULL")
        )
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            fid = out["fid"].iloc[row] if "fid" in out.columns else row + 1
            raise InputError(
                translate(
                    "Evaluation", "{layer}: feature {fid}, field {field}: {value!r} is not a date and time."
                ).format(layer=layer, fid=fid, field=name, value=str(raw.iloc[row]))
            )
        out[name] = values.dt.tz_convert(None)
    for name in COUNT_FIELDS:
        if name in out.columns:
            out[name] = pd.to_numeric(out[name], errors="coerce").fillna(0)
        else:
            out[name] = 0
    return out


def derive_units(frame):
    """Fill community/street codes from the 15-digit grid code where they are missing."""
    out = frame.copy()
    grid = out.get("grid_code", pd.Series([None] * len(out), index=out.index)).astype("string")
    if "community_code" not in out.columns:
        out["community_code"] = pd.NA
    if "street_code" not in out.columns:
        out["street_code"] = pd.NA
    comm = out["community_code"].astype("string")
    comm = comm.where(comm.notna() & (comm.str.len() > 0), grid.str.slice(0, 12))
    street = out["street_code"].astype("string")
    street = street.where(street.notna() & (street.str.len() > 0), comm.str.slice(0, 9))
    out["community_code"] = comm
    out["street_code"] = street
    if "department" not in out.columns:
        out["department"] = pd.NA
    return out


def case_flags(frame, as_of):
    """Boolean columns for every count of the module docstring."""
    f = frame
    state = f.get("state", pd.Series([""] * len(f), index=f.index)).astype("string").str.lower()
    reported = f["reported_at"].notna() & (state != "cancelled")
    registered = reported & f["registered_at"].notna()
    handled_any = f["handled_at"].notna()
    deadline_passed = f["deadline_at"].notna() & (f["deadline_at"] <= as_of)
    # time overdue before a return the command centre accepted (the case store's
    # returned_overdue_hours): the return does not erase it
    if "returned_overdue_hours" in f.columns:
        overdue_before = pd.to_numeric(f["returned_overdue_hours"], errors="coerce").fillna(0) > 0
    else:
        overdue_before = pd.Series(False, index=f.index)
    due = registered & (deadline_passed | handled_any | overdue_before)
    on_time = due & handled_any & f["deadline_at"].notna() & (f["handled_at"] <= f["deadline_at"]) & ~overdue_before
    handled = due & handled_any
    overdue = due & ~on_time
    closed = registered & f["closed_at"].notna()
    due_close = registered & (handled_any | f["closed_at"].notna())
    rework = due_close & (f["rework_count"] > 0)
    extended = registered & (f["extension_count"] > 0)
    hours = (f["handled_at"] - f["dispatched_at"]).dt.total_seconds() / 3600.0
    hours = hours.where(registered & handled_any & f["dispatched_at"].notna())
    return pd.DataFrame(
        {
            "reported": reported,
            "registered": registered,
            "due": due,
            "on_time": on_time,
            "handled": handled,
            "overdue": overdue,
            "closed": closed,
            "due_close": due_close,
            "rework": rework,
            "extended": extended,
            "hours": hours,
        },
        index=f.index,
    )


def period_bounds(times, period):
    """(start, end) of the period of each time (end exclusive: the next period's start); one global
    period spanning all times for ``all``."""
    if period == "all":
        start = pd.Series(times.min(), index=times.index)
        end = pd.Series(times.max(), index=times.index)
        return start, end
    per = times.dt.to_period(_PANDAS_FREQ[period])
    return per.dt.start_time, (per + 1).dt.start_time


def score_table(table, weights=None):
    """Add indicator scores, the composite score and the five-level class to an indicator table."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    total = np.zeros(len(table))
    wsum = np.zeros(len(table))
    for name, weight in weights.items():
        rate = table[name].to_numpy(dtype=float)
        score = 100.0 * ((1.0 - rate) if name in LOWER_IS_BETTER else rate)
        ok = np.isfinite(score)
        total += np.where(ok, score * weight, 0.0)
        wsum += np.where(ok, weight, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = np.where(wsum > 0, total / wsum, np.nan)
    level = np.full(len(table), np.nan)
    fin = np.isfinite(composite)
    lv = np.full(len(table), 5.0)
    for i, thr in enumerate(LEVEL_THRESHOLDS):
        lv = np.where((composite >= thr) & (lv == 5.0), float(i + 1), lv)
    level[fin] = lv[fin]
    out = table.copy()
    out["score"] = np.round(composite, 2)
    out["level"] = pd.array(np.where(fin, level, np.nan), dtype="Int64")
    return out


def evaluate(frame, unit="grid", period="all", as_of=None, start=None, end=None, weights=None, layer=""):
    """Indicator table: one row per unit (code) and period.

    ``frame`` is a DataFrame of case records (timestamps as text, datetimes or NaT).  Returns a
    DataFrame with ``unit_code``, ``period_start``, ``period_end``, the counts, the rates,
    ``handling_hours``, ``score`` and ``level``; and the number of cases without a unit code.
    """
    if unit not in UNITS:
        raise ValueError(unit)
    if period not in PERIODS:
        raise ValueError(period)
    if len(frame) == 0:
        raise InputError(
            translate("Evaluation", "{layer}: there are no cases to evaluate (empty layer or selection).").format(
                layer=layer
            )
        )
    f = derive_units(parse_times(frame, layer))
    if start is not None:
        f = f[f["reported_at"] >= pd.Timestamp(start)]
    if end is not None:
        f = f[f["reported_at"] < pd.Timestamp(end)]
    f = f[f["reported_at"].notna()]
    if len(f) == 0:
        raise InputError(
            translate("Evaluation", "{layer}: no case was reported in the chosen time window.").format(layer=layer)
        )
    if as_of is None:
        as_of = max(f[c].max() for c in TIME_FIELDS if f[c].notna().any())
    as_of = pd.Timestamp(as_of)
    flags = case_flags(f, as_of)
    code = f[UNIT_FIELDS[unit]].astype("string")
    missing = code.isna() | (code.str.strip() == "")
    n_missing = int(missing.sum())
    pstart, pend = period_bounds(f["reported_at"], period)
    flags["unit_code"] = code
    flags["period_start"] = pstart
    flags["period_end"] = pend
    flags = flags[~missing]
    if len(flags) == 0:
        raise InputError(
            translate("Evaluation", "{layer}: no case has a value in field {field}.").format(
                layer=layer, field=UNIT_FIELDS[unit]
            )
        )
    grouped = flags.groupby(["unit_code", "period_start", "period_end"], sort=True)
    table = grouped[list(COUNTS)].sum().astype(np.int64)
    table["handling_hours"] = grouped["hours"].mean().round(2)
    table = table.reset_index()

    def ratio(a, b):
        num = table[a].to_numpy(dtype=float)
        den = table[b].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, np.round(num / np.where(den > 0, den, 1.0), 4), np.nan)

    table["registration_rate"] = ratio("registered", "reported")
    table["ontime_rate"] = ratio("on_time", "due")
    table["handling_rate"] = ratio("handled", "due")
    table["closing_rate"] = ratio("closed", "registered")
    table["rework_rate"] = ratio("rework", "due_close")
    table["extension_rate"] = ratio("extended", "registered")
    table["overdue_rate"] = ratio("overdue", "due")
    return score_table(table, weights), n_missing


def parse_class_filter(text):
    """``"0102, 05"`` -> ``("0102", "05")``: class codes or class-code prefixes (major classes)."""
    if text is None:
        return ()
    parts = [p.strip() for p in str(text).replace(";", ",").replace("，", ",").split(",")]
    return tuple(p for p in parts if p)


def filter_mask(frame, classes=(), states=(), start=None, end=None, time_field="reported_at", layer=""):
    """Boolean mask of the cases that pass the class / state / time-window filters.

    ``classes`` are class codes or prefixes (``"01"`` keeps every class of major class 01);
    ``states`` are workflow states; the window is ``start <= time < end`` on ``time_field``.
    A filter on a field the layer does not have raises :class:`InputError`.
    """
    mask = np.ones(len(frame), dtype=bool)

    def need(field):
        if field not in frame.columns:
            raise InputError(
                translate(
                    "Evaluation", "{layer}: the filter needs field {field}, which the layer does not have."
                ).format(layer=layer, field=field)
            )
        return frame[field]

    if classes:
        codes = need("class_code").astype("string").fillna("").str.strip()
        keep = np.zeros(len(frame), dtype=bool)
        for prefix in classes:
            keep |= codes.str.startswith(prefix).to_numpy(dtype=bool)
        mask &= keep
    if states:
        wanted = {s.lower() for s in states}
        mask &= need("state").astype("string").str.lower().isin(wanted).fillna(False).to_numpy(dtype=bool)
    if start is not None or end is not None:
        raw = need(time_field)
        times = pd.to_datetime(raw, errors="coerce", utc=True).dt.tz_convert(None)
        ok = times.notna().to_numpy()
        if start is not None:
            ok &= (times >= pd.Timestamp(start)).fillna(False).to_numpy(dtype=bool)
        if end is not None:
            ok &= (times < pd.Timestamp(end)).fillna(False).to_numpy(dtype=bool)
        mask &= ok
    return mask
