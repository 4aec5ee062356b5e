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

# an explicit zone at the end of a time of day: Z, UTC, GMT, ±HH, ±HHMM or ±HH:MM (the text must also
# hold a time, i.e. a colon: a plain date such as 2025-01-31 has no zone)
_ZONE_SUFFIX = re.compile(
    r"(?:\dZ|\d\s*UTC|\d\s*GMT|\d[+-]\d{2}(?::?\d{2})?|\d\s+[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE
)


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
        aware[is_text] = _has_zone(text)
    other = present & ~is_text
    if other.any():
        aware[other] = [getattr(v, "tzinfo", None) is not None for v in obj[other]]
    aware &= obj.notna().to_numpy()
    naive = obj.notna().to_numpy() & ~aware
    if naive.any():
        out[naive] = _parse(obj[naive], utc=False).astype("datetime64[ns]")
    if aware.any():
        out[aware] = _aware_to_local(_parse_zoned(obj[aware]), zone).astype("datetime64[ns]")
    return out


_ZONE_PARTS = re.compile(r"\s*(?:(Z|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)$", re.IGNORECASE)


def _parse_zoned(values):
    """Texts ending in a zone -> UTC-aware times: the zone is cut off and applied as an offset, so the
    rest parses on pandas' fast ISO path (parsing with offsets is ~30 times slower); Timestamps and
    unusual texts go the slow way."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    is_text = np.array([isinstance(v, str) for v in values], dtype=bool)
    if is_text.any():
        text = values[is_text].astype(str)
        codes, uniq = pd.factorize(text.str[-8:])
        cut = np.zeros(len(uniq), dtype=np.int64)
        minutes = np.zeros(len(uniq), dtype=np.int64)
        for i, tail in enumerate(uniq):
            m = _ZONE_PARTS.search(tail)
            if m is None:
                continue
            cut[i] = len(m.group(0))
            if m.group(2):
                sign = 1 if m.group(2) == "+" else -1
                minutes[i] = sign * (int(m.group(3)) * 60 + int(m.group(4) or 0))
        lengths, offsets = cut[codes], minutes[codes]
        local = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        for length in np.unique(lengths[lengths > 0]):
            rows = lengths == length
            local[rows] = pd.to_datetime(text[rows].str[: -int(length)], errors="coerce", format="ISO8601")
        utc = local - pd.to_timedelta(offsets, unit="m")
        out[is_text] = utc.dt.tz_localize("UTC")
    left = out.isna().to_numpy() & values.notna().to_numpy()
    if left.any():
        out[left] = _parse(values[left], utc=True)
    return out


def _has_zone(text):
    """Which texts end in a zone: the regex runs once per distinct 8-character ending (times repeat
    their endings a lot), then a colon must be present (a time of day)."""
    tail = text.fillna("").str[-8:]
    codes, uniq = pd.factorize(tail)
    zoned = np.array([bool(_ZONE_SUFFIX.search(u)) for u in uniq], dtype=bool)
    out = zoned[codes] if len(uniq) else np.zeros(len(text), dtype=bool)
    if out.any():
        out &= text.fillna("").str.contains(":", regex=False).to_numpy(dtype=bool)
    return out


def _parse(values, utc):
    """ISO 8601 text (the usual case, parsed in C) first; whatever is left, value by value."""
    try:
        parsed = pd.to_datetime(values, errors="coerce", utc=utc, format="ISO8601")
    except (ValueError, TypeError):
        parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]" if utc else "datetime64[ns]")
    left = parsed.isna().to_numpy()
    if left.any():
        parsed = parsed.copy()
        parsed[left] = pd.to_datetime(values[left], errors="coerce", utc=utc, format="mixed")
    return parsed


def local_timestamp(value, zone=DEFAULT_TIME_ZONE):
    """One time (text, datetime, Timestamp; None passes) as a naive local Timestamp in ``zone``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    result = to_local(pd.Series([value], dtype=object), zone).iloc[0]
    return None if pd.isna(result) else pd.Timestamp(result)
