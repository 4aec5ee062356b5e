"""Case-handling indicators (综合评价) per grid, community, street or department and period.

A *case record* has the fields of the case store's ``cases_analysis`` export: ``case_code``,
``kind``, ``class_code``, ``state``, ``department``, ``grid_code``, ``community_code``,
``street_code``, the timestamps ``reported_at``, ``registered_at``, ``dispatched_at``,
``deadline_at``, ``handled_at``, ``closed_at`` (and ``cancelled_at`` when present) and the counters
``rework_count``, ``extension_count``, ``returned_count``.  Times are read in one time zone
(:mod:`grid_manager.cases.times`: naive times are local times there, zoned times are converted).

A case belongs to the period containing its ``reported_at`` (weeks Monday–Sunday, months, quarters
and years in local time).  **AS_OF** is the evaluation time (default: the latest timestamp in the
data); every count is taken *as the record stood at that moment*: a case reported after AS_OF is not
counted at all, a step taken after AS_OF (registration, dispatch, handling, closing, cancelling) has
not happened yet, and a deadline is only "passed" when it lies before AS_OF.  A case with a later
step but no ``registered_at`` counts as registered from that step on.  The counters
``rework_count``, ``extension_count`` and ``returned_count`` carry no time: they count as exported.

=======================  ====================================================================
reported (上报数)         cases reported by AS_OF, except cancelled ones (作废)
registered (立案数)       reported cases registered by AS_OF
dispatched (派遣数)       registered cases dispatched by AS_OF
returned (退回数)         dispatched cases returned at least once (``returned_count`` > 0)
due (应处置数)            registered cases whose deadline had passed at AS_OF, or handled by AS_OF
on_time (按期处置数)      due cases handled no later than their deadline
handled (处置数)          due cases handled by AS_OF
overdue (超期数)          due cases not handled by their deadline (handled late, or still open at AS_OF),
                         and cases that were overdue when a return was accepted (``returned_overdue_hours``)
due_close (应结案数)      registered cases whose deadline had passed at AS_OF, or closed by AS_OF
closed (结案数)           due_close cases closed by AS_OF
closed_on_time (按期结案数) due_close cases closed no later than their deadline
rework (返工数)           due_close cases sent back at least once (``rework_count`` > 0)
extended (延期数)         registered cases with at least one approved extension (``extension_count`` > 0)
=======================  ====================================================================

Indicators (a rate is empty — never infinite — when its denominator is 0):

* 立案率 ``registration_rate = registered / reported``
* 派遣准确率 ``dispatch_accuracy = (dispatched − returned) / dispatched`` (only where the layer has
  ``returned_count``)
* 按期处置率 ``ontime_rate = on_time / due``
* 处置率 ``handling_rate = handled / due``
* 按期结案率 ``ontime_closing_rate = closed_on_time / due_close``
* 结案率 ``closing_rate = closed / due_close``
* 返工率 ``rework_rate = rework / due_close``
* 延期率 ``extension_rate = extended / registered``
* 超期率 ``overdue_rate = overdue / due`` (= 1 − 按期处置率)
* mean handling hours ``handling_hours``: mean of ``handled_at − dispatched_at`` in hours over the
  cases handled by AS_OF that have both timestamps (calendar hours).

**Score and five levels.** Each rate becomes a 0–100 indicator score (``100 × rate`` where higher
is better, ``100 × (1 − rate)`` for 返工率, 延期率 and 超期率); the composite score is the weighted
mean of the available indicator scores (weights: :data:`DEFAULT_WEIGHTS` — 按期处置率 30 %,
处置率 20 %, 结案率 20 %, 返工率 15 %, 延期率 15 % — or any others, :func:`parse_weights`).  Levels
from the thresholds :data:`LEVEL_THRESHOLDS` (90 / 80 / 70 / 60, configurable): 1 优秀 ≥ 90,
2 良好 ≥ 80, 3 中等 ≥ 70, 4 较差 ≥ 60, 5 差 below; no score (empty) when no indicator can be
computed, e.g. a unit without cases.
"""

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate
from .times import DEFAULT_TIME_ZONE, to_local
from .vocabulary import ANALYSIS_FIELDS, CASE_STATES

STATES = CASE_STATES
# the time fields of a case record (the analysis export's, and cancelled_at when a layer has it)
TIME_FIELDS = tuple(f for f in ANALYSIS_FIELDS if f.endswith("_at")) + ("cancelled_at",)
COUNT_FIELDS = ("rework_count", "extension_count", "returned_count")
UNITS = ("grid", "community", "street", "department")
UNIT_FIELDS = {
    "grid": "grid_code",
    "community": "community_code",
    "street": "street_code",
    "department": "department",
}
PERIODS = ("all", "week", "month", "quarter", "year")
_PANDAS_FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}  # weeks Monday-Sunday

# rate: (numerator, denominator, Chinese name)
RATE_DEFINITIONS = {
    "registration_rate": ("registered", "reported", "立案率"),
    "dispatch_accuracy": ("dispatched_ok", "dispatched", "派遣准确率"),
    "ontime_rate": ("on_time", "due", "按期处置率"),
    "handling_rate": ("handled", "due", "处置率"),
    "ontime_closing_rate": ("closed_on_time", "due_close", "按期结案率"),
    "closing_rate": ("closed", "due_close", "结案率"),
    "rework_rate": ("rework", "due_close", "返工率"),
    "extension_rate": ("extended", "registered", "延期率"),
    "overdue_rate": ("overdue", "due", "超期率"),
}
RATES = tuple(RATE_DEFINITIONS)
COUNTS = (
    "reported",
    "registered",
    "dispatched",
    "returned",
    "due",
    "on_time",
    "handled",
    "overdue",
    "due_close",
    "closed",
    "closed_on_time",
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


def parse_times(frame, layer="", zone=DEFAULT_TIME_ZONE):
    """Turn the timestamp columns into naive local datetimes in ``zone``; bad text raises InputError."""
    out = frame.copy()
    for name in TIME_FIELDS:
        if name not in out.columns:
            out[name] = pd.NaT
            continue
        raw = out[name]
        values = to_local(raw, zone)
        text = raw.astype(str).str.strip().str.upper()
        bad = (
            values.isna().to_numpy()
            & raw.notna().to_numpy()
            & ~text.isin(["", "NULL", "NAT", "NONE", "NAN"]).to_numpy()
        )
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            fid = out["fid"].iloc[row] if "fid" in out.columns else row + 1
            raise InputError(
                translate(
                    "Evaluation", "{layer}: feature {fid}, field {field}: {value!r} is not a date and time."
                ).format(layer=layer, fid=fid, field=name, value=str(raw.iloc[row]))
            )
        out[name] = values.to_numpy()
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
    """Boolean columns for every count of the module docstring, as the records stood at ``as_of``."""
    f = frame
    as_of = pd.Timestamp(as_of)

    def by(name):  # the step's time if it had happened by AS_OF, else NaT
        col = f[name]
        return col.where(col <= as_of)

    state = f.get("state", pd.Series([""] * len(f), index=f.index)).astype("string").str.lower().fillna("")
    reported_at, dispatched_at = by("reported_at"), by("dispatched_at")
    handled_at, closed_at = by("handled_at"), by("closed_at")
    if "cancelled_at" in f.columns and f["cancelled_at"].notna().any():
        cancelled = by("cancelled_at").notna()
    else:  # no cancelling time: the state says it (as exported)
        cancelled = state == "cancelled"
    reported = reported_at.notna() & ~cancelled
    later_step = dispatched_at.notna() | handled_at.notna() | closed_at.notna()
    registered = reported & (by("registered_at").notna() | (f["registered_at"].isna() & later_step))
    deadline = f["deadline_at"].where(f["dispatched_at"].isna() | dispatched_at.notna())
    deadline_passed = deadline.notna() & (deadline <= as_of)
    dispatched = registered & (dispatched_at.notna() | (f["dispatched_at"].isna() & deadline.notna()))
    returned = dispatched & (f["returned_count"] > 0)
    # time overdue before a return the command centre accepted (the case store's returned_overdue_hours,
    # which carries no time of its own: counted as exported): the return does not erase it
    if "returned_overdue_hours" in f.columns:
        overdue_before = pd.to_numeric(f["returned_overdue_hours"], errors="coerce").fillna(0) > 0
    else:
        overdue_before = pd.Series(False, index=f.index)
    due = registered & (deadline_passed | handled_at.notna() | overdue_before)
    on_time = due & handled_at.notna() & deadline.notna() & (handled_at <= deadline) & ~overdue_before
    handled = due & handled_at.notna()
    overdue = due & ~on_time
    due_close = registered & (deadline_passed | closed_at.notna())
    closed = due_close & closed_at.notna()
    closed_on_time = closed & deadline.notna() & (closed_at <= deadline)
    rework = due_close & (f["rework_count"] > 0)
    extended = registered & (f["extension_count"] > 0)
    hours = (handled_at - dispatched_at).dt.total_seconds() / 3600.0
    hours = hours.where(registered & handled_at.notna() & dispatched_at.notna())
    return pd.DataFrame(
        {
            "reported": reported,
            "registered": registered,
            "dispatched": dispatched,
            "returned": returned,
            "dispatched_ok": dispatched & ~returned,
            "due": due,
            "on_time": on_time,
            "handled": handled,
            "overdue": overdue,
            "due_close": due_close,
            "closed": closed,
            "closed_on_time": closed_on_time,
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


def _weight_names():
    names = {}
    for key, (_, _, zh) in RATE_DEFINITIONS.items():
        names[key.lower()] = key
        names[zh] = key
    return names


def parse_weights(text, layer=""):
    """``"ontime_rate: 30, 结案率 20, rework_rate=15"`` -> ``{"ontime_rate": 30.0, ...}``.

    Indicator names are the rate fields or their Chinese names; weights are numbers >= 0 (any
    scale: they are normalised), at least one above 0.  Empty text: :data:`DEFAULT_WEIGHTS`."""
    if text is None or not str(text).strip():
        return dict(DEFAULT_WEIGHTS)
    names = _weight_names()
    out = {}
    for item in str(text).replace("；", ",").replace(";", ",").replace("，", ",").split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.replace("：", ":").replace("=", ":").replace(":", " ").split()
        key = names.get(parts[0].lower(), names.get(parts[0])) if parts else None
        try:
            value = float(parts[1]) if len(parts) == 2 else float("nan")
        except ValueError:
            value = float("nan")
        if key is None or not np.isfinite(value) or value < 0:
            message = translate(
                "Evaluation", "Score weights: {item!r} is not 'indicator weight ≥ 0' (indicators: {names})."
            )
            raise InputError(message.format(item=item, names=", ".join(RATES)))
        out[key] = value
    if sum(out.values()) <= 0:
        raise InputError(translate("Evaluation", "Score weights: at least one weight must be above 0."))
    return {k: v for k, v in out.items() if v > 0}


def parse_levels(text):
    """``"90, 80, 70, 60"`` -> four strictly decreasing score thresholds of levels 1–4 (empty: the
    defaults)."""
    if text is None or not str(text).strip():
        return LEVEL_THRESHOLDS
    try:
        values = tuple(float(v) for v in str(text).replace("，", ",").replace(";", ",").split(",") if v.strip())
    except ValueError:
        values = ()
    if len(values) != 4 or any(b >= a for a, b in zip(values, values[1:])) or not all(0 <= v <= 100 for v in values):
        message = translate(
            "Evaluation", "Level thresholds: {text!r} must be four decreasing scores 0–100, e.g. 90,80,70,60."
        )
        raise InputError(message.format(text=str(text)))
    return values


def score_table(table, weights=None, thresholds=None):
    """Add indicator scores, the composite score and the five-level class to an indicator table."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    thresholds = LEVEL_THRESHOLDS if thresholds is None else tuple(thresholds)
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
    for i, thr in enumerate(thresholds):
        lv = np.where((composite >= thr) & (lv == 5.0), float(i + 1), lv)
    level[fin] = lv[fin]
    out = table.copy()
    out["score"] = np.round(composite, 2)
    out["level"] = pd.array(np.where(fin, level, np.nan), dtype="Int64")
    return out


def duplicate_cases(frame):
    """(keep mask, number of duplicate records, up to five duplicated codes): records sharing a
    ``case_code`` count once (the first feature); records without a code are all kept."""
    keep = np.ones(len(frame), dtype=bool)
    if "case_code" not in frame.columns or len(frame) == 0:
        return keep, 0, []
    codes = frame["case_code"].astype("string").str.strip()
    has = codes.notna() & (codes != "")
    dup = (codes.duplicated(keep="first") & has).to_numpy(dtype=bool)
    keep &= ~dup
    examples = list(dict.fromkeys(codes[dup].tolist()))[:5]
    return keep, int(dup.sum()), examples


def evaluate(
    frame,
    unit="grid",
    period="all",
    as_of=None,
    start=None,
    end=None,
    weights=None,
    layer="",
    zone=DEFAULT_TIME_ZONE,
    thresholds=None,
    all_units=None,
    info=None,
):
    """Indicator table: one row per unit (code) and period.

    ``frame`` is a DataFrame of case records (timestamps as text, datetimes or NaT; naive ones are
    local times in ``zone``); ``as_of``, ``start`` and ``end`` are local times in ``zone`` too.
    ``all_units``: every unit code that should appear (e.g. all grids of the map): units without a
    case get zero counts and no score.  Returns a DataFrame with ``unit_code``, ``period_start``,
    ``period_end``, the counts, the rates, ``handling_hours``, ``score`` and ``level``; and the
    number of cases without a unit code.  ``info`` (a dict) receives ``no_report_time`` (records
    without ``reported_at``), ``after_as_of`` (reported after AS_OF) and ``as_of``.
    """
    if unit not in UNITS:
        raise ValueError(unit)
    if period not in PERIODS:
        raise ValueError(period)
    info = {} if info is None else info
    if len(frame) == 0:
        raise InputError(
            translate("Evaluation", "{layer}: there are no cases to evaluate (empty layer or selection).").format(
                layer=layer
            )
        )
    f = derive_units(parse_times(frame, layer, zone))
    info["no_report_time"] = int(f["reported_at"].isna().sum())
    f = f[f["reported_at"].notna()]
    if start is not None:
        f = f[f["reported_at"] >= pd.Timestamp(start)]
    if end is not None:
        f = f[f["reported_at"] < pd.Timestamp(end)]
    if len(f) == 0:
        raise InputError(
            translate("Evaluation", "{layer}: no case was reported in the chosen time window.").format(layer=layer)
        )
    if as_of is None:
        as_of = max(f[c].max() for c in TIME_FIELDS if f[c].notna().any())
    as_of = pd.Timestamp(as_of)
    info["as_of"] = as_of
    later = f["reported_at"] > as_of
    info["after_as_of"] = int(later.sum())
    f = f[~later]
    if len(f) == 0:
        raise InputError(
            translate("Evaluation", "{layer}: no case had been reported by the evaluation time {as_of}.").format(
                layer=layer, as_of=as_of.strftime("%Y-%m-%d %H:%M")
            )
        )
    flags = case_flags(f, as_of)
    code = f[UNIT_FIELDS[unit]].astype("string").str.strip()
    missing = code.isna() | (code == "")
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
    table = grouped[list(COUNTS) + ["dispatched_ok"]].sum().astype(np.int64)
    table["handling_hours"] = grouped["hours"].mean().round(2)
    table = table.reset_index()
    if all_units is not None:
        periods = table[["period_start", "period_end"]].drop_duplicates()
        known = set(zip(table["unit_code"], table["period_start"]))
        extra = [
            (str(u), ps, pe)
            for ps, pe in periods.itertuples(index=False)
            for u in dict.fromkeys(str(v) for v in all_units if v is not None and str(v).strip())
            if (str(u), ps) not in known
        ]
        if extra:
            add = pd.DataFrame(extra, columns=["unit_code", "period_start", "period_end"])
            for name in list(COUNTS) + ["dispatched_ok"]:
                add[name] = 0
            add["handling_hours"] = np.nan
            table = pd.concat([table, add], ignore_index=True)
            table = table.sort_values(["unit_code", "period_start"]).reset_index(drop=True)

    def ratio(a, b):
        num = table[a].to_numpy(dtype=float)
        den = table[b].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, np.round(num / np.where(den > 0, den, 1.0), 4), np.nan)

    for name, (num, den, _) in RATE_DEFINITIONS.items():
        table[name] = ratio(num, den)
    if "returned_count" not in frame.columns:  # returns not recorded: no dispatch accuracy
        table["dispatch_accuracy"] = np.nan
    table = table.drop(columns=["dispatched_ok"])
    return score_table(table, weights, thresholds), n_missing


def parse_class_filter(text):
    """``"0102, 05"`` -> ``("0102", "05")``: class codes or class-code prefixes (major classes)."""
    if text is None:
        return ()
    parts = [p.strip() for p in str(text).replace(";", ",").replace("，", ",").split(",")]
    return tuple(p for p in parts if p)


def filter_mask(
    frame, classes=(), states=(), start=None, end=None, time_field="reported_at", layer="", zone=DEFAULT_TIME_ZONE
):
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
        times = to_local(raw, zone)
        ok = times.notna().to_numpy()
        if start is not None:
            ok &= (times >= pd.Timestamp(start)).fillna(False).to_numpy(dtype=bool)
        if end is not None:
            ok &= (times < pd.Timestamp(end)).fillna(False).to_numpy(dtype=bool)
        mask &= ok
    return mask
