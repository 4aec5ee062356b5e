"""Case times in one time zone: every case algorithm reads, filters and buckets times the same way.

* A time **without** a zone (a naive ``2025-01-31 20:00``, what most exports and spreadsheets hold) is a
  wall-clock time in the chosen zone (``TIME_ZONE``, default ``Asia/Shanghai``).
* A time **with** a zone or an offset (``2025-01-31T12:00:00Z``, ``…+08:00``, a tz-aware datetime) is
  converted to that zone.
* Internally every time is a *naive local* wall-clock time in the zone, so weeks (Monday–Sunday),
  months, quarters and years are local ones, and filters and ``AS_OF`` compare local times.
"""

import re

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate

DEFAULT_TIME_ZONE = "Asia/Shanghai"

# an explicit zone after a time of day: HH:MM[:SS[.fff]] then Z, ±HH, ±HHMM or ±HH:MM
_ZONE_SUFFIX = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)


def check_zone(name):
    """The IANA zone name, stripped; InputError naming it when unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone = (name or "").strip() or DEFAULT_TIME_ZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InputError(
            translate(
                "CaseTimes", "Unknown time zone {zone!r}: give an IANA name such as Asia/Shanghai or UTC."
            ).format(zone=zone)
        ) from None
    return zone


def _aware_to_local(series, zone):
    return series.dt.tz_convert(zone).dt.tz_localize(None)


def to_local(values, zone=DEFAULT_TIME_ZONE):
    """Any column of times (text, datetimes with or without zone, numpy datetime64, None/NaT) as naive
    wall-clock times in ``zone`` (a datetime64[ns] Series; unparseable values become NaT — callers that
    must report them compare with the input)."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        if getattr(series.dt, "tz", None) is not None:
            return _aware_to_local(series, zone)
        return series.astype("datetime64[ns]")
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    obj = series.astype(object)
    present = obj.notna().to_numpy()
    if not present.any():
        return out
    aware = np.zeros(len(obj), dtype=bool)
    is_text = np.array([isinstance(v, (str, bytes)) for v in obj], dtype=bool)
    if is_text.any():
        text = obj[is_text].map(lambda v: v.decode("utf-8") if isinstance(v, bytes) else v).str.strip()
        text = text.str.replace("/", "-", regex=False)
        obj = obj.copy()
        obj[is_text] = text.where(~text.str.upper().isin(["", "NULL", "NAT", "NONE"]), None)
        aware[is_text] = text.str.contains(_ZONE_SUFFIX).fillna(False).to_numpy(dtype=bool)
    other = present & ~is_text
    if other.any():
        aware[other] = [getattr(v, "tzinfo", None) is not None for v in obj[other]]
    aware &= obj.notna().to_numpy()
    naive = obj.notna().to_numpy() & ~aware
    if naive.any():
        out[naive] = pd.to_datetime(obj[naive], errors="coerce", format="mixed").astype("datetime64[ns]")
    if aware.any():
        parsed = pd.to_datetime(obj[aware], errors="coerce", utc=True, format="mixed")
        out[aware] = _aware_to_local(parsed, zone).astype("datetime64[ns]")
    return out


def local_timestamp(value, zone=DEFAULT_TIME_ZONE):
    """One time (text, datetime, Timestamp; None passes) as a naive local Timestamp in ``zone``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    result = to_local(pd.Series([value], dtype=object), zone).iloc[0]
    return None if pd.isna(result) else pd.Timestamp(result)
