"""Part code schemes: parse and check numeric part codes segment by segment.

* ``survey12`` — 12-digit survey code: 2 major + 2 minor + 8 serial (the plugin's default layout;
  no public standard fixes a 12-digit layout).
* ``gbt30428`` — GB/T 30428.2-2013 / CJ/T 214-2007, 16 digits: 6 county + 2 major + 2 minor + 6 serial.
* ``gbt47678`` — GB/T 47678.5-2026, 17 digits: 6 county + 2 major + 3 minor + 6 serial.

Checks are vectorised (pandas string operations) so a survey of a million rows is checked at once.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate
from ..formats.survey_io import needs_strip

AUTO = "auto"
SURVEY12 = "survey12"
GBT30428 = "gbt30428"
GBT47678 = "gbt47678"


@dataclass(frozen=True)
class Scheme:
    key: str
    length: int
    county: int  # digits of the county segment (0 = none)
    major: int
    minor: int
    serial: int

    def slices(self):
        a = self.county
        b = a + self.major
        c = b + self.minor
        return slice(0, a), slice(a, b), slice(b, c), slice(c, c + self.serial)


SCHEMES = {
    SURVEY12: Scheme(SURVEY12, 12, 0, 2, 2, 8),
    GBT30428: Scheme(GBT30428, 16, 6, 2, 2, 6),
    GBT47678: Scheme(GBT47678, 17, 6, 2, 3, 6),
}
BY_LENGTH = {s.length: s for s in SCHEMES.values()}
# The order of the CODE_SCHEME enum of gridmanager:importparts.
SCHEME_CHOICES = (AUTO, SURVEY12, GBT30428, GBT47678)

# GB/T 2260 province-level prefixes (the first two digits of a county code).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

# Reason codes (machine-readable; the message is built by :func:`reason_message`).
R_MISSING = "code_missing"
R_NOT_DIGITS = "code_not_digits"
R_LENGTH = "code_length"
R_COUNTY_INVALID = "county_invalid"
R_COUNTY_MISMATCH = "county_mismatch"
R_UNKNOWN_CLASS = "unknown_class"


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise(values):
    """Codes as an object array of stripped strings ('' for missing).  Excel/float artefacts such
    as ``'123.0'`` are not repaired: a code is text, and a mangled one must be reported."""
    arr = np.asarray(values, dtype=object).ravel()
    try:
        joined = "\x00".join(arr)
    except TypeError:  # None, numbers…: make everything text first
        arr = np.array(["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in arr], dtype=object)
        joined = "\x00".join(arr)
    if needs_strip(joined):
        arr = np.array([v.strip() for v in arr], dtype=object)
    # Full-width digits (０-９) typed with a Chinese input method are plain digits.
    if any(d in joined for d in "０１２３４５６７８９"):
        arr = np.array([v.translate(_FULLWIDTH) for v in arr], dtype=object)
    return arr


def _segment(chars, a, b):
    """Columns a..b of a (n, width) uint32 view of a unicode array, as an object array of str."""
    if b <= a:
        return np.full(chars.shape[0], "", dtype=object)
    return np.ascontiguousarray(chars[:, a:b]).view("U{}".format(b - a)).ravel().astype(object)


def _digits(chars, a, b):
    """Columns a..b of a (n, width) uint32 array of ASCII digits, as object str, the same str
    object for equal values (segments with few values — county, major, minor, class — cost one
    small integer pass instead of one new string per row)."""
    if b <= a:
        return np.full(chars.shape[0], "", dtype=object)
    number = np.zeros(chars.shape[0], dtype=np.int64)
    for j in range(a, b):
        number = number * 10 + (chars[:, j].astype(np.int64) - 48)
    uniques, inverse = np.unique(number, return_inverse=True)
    if len(uniques) > max(1000, chars.shape[0] // 4):  # mostly distinct (a serial): plain slices
        return _segment(chars, a, b)
    names = np.array(["{:0{}d}".format(int(u), b - a) for u in uniques], dtype=object)
    return names[inverse.ravel()]


def check_codes(values, catalog, scheme=AUTO, county=None):
    """Check every code.  Returns a DataFrame (one row per input value) with the columns
    ``code, scheme, county, major, minor, class_code, serial, reason`` where ``reason`` is None for
    a valid code or one of the ``R_*`` reason codes.  Vectorised on fixed-width unicode arrays."""
    if scheme != AUTO and scheme not in SCHEMES:
        raise InputError(translate("Codes", "Unknown code scheme '{scheme}'.").format(scheme=scheme))
    codes = normalise(values)
    n = len(codes)
    reason = np.full(n, None, dtype=object)
    columns = {name: np.full(n, "", dtype=object) for name in ("county", "major", "minor", "serial")}
    scheme_col = np.full(n, None, dtype=object)
    length = np.fromiter(map(len, codes), dtype=np.int64, count=n)
    width = 17
    short = length <= width
    chars = np.zeros((n, width), dtype=np.uint32)
    if short.any():
        fixed = np.array(codes[short].tolist(), dtype="U{}".format(width))
        chars[short] = fixed.view(np.uint32).reshape(-1, width)
    is_digit = (((chars >= 48) & (chars <= 57)) | (chars == 0)).all(axis=1) & short
    if (~short).any():  # long values: digits or not, only for the message
        is_digit[~short] = [v.isascii() and v.isdigit() for v in codes[~short]]
    empty = length == 0
    reason[empty] = R_MISSING
    reason[~empty & ~is_digit] = R_NOT_DIGITS
    ok = ~empty & is_digit
    schemes = [SCHEMES[scheme]] if scheme != AUTO else list(SCHEMES.values())
    matched = np.zeros(n, dtype=bool)
    class_code = np.full(n, "", dtype=object)
    for sch in schemes:
        mask = ok & (length == sch.length)
        matched |= mask
        if not mask.any():
            continue
        sub = chars[mask]
        s_county, s_major, s_minor, s_serial = sch.slices()
        scheme_col[mask] = sch.key
        for name, sl in (("county", s_county), ("major", s_major), ("minor", s_minor)):
            columns[name][mask] = _digits(sub, sl.start, sl.stop)
        columns["serial"][mask] = _segment(sub, s_serial.start, s_serial.stop)
        class_code[mask] = _digits(sub, s_major.start, s_minor.stop)
    reason[ok & ~matched] = R_LENGTH
    valid = ok & matched

    # County segment: a GB/T 2260 province prefix, and the given district when there is one.
    has_county = valid & (chars[:, 0] > 0) & (scheme_col != SURVEY12)
    if has_county.any():
        prefix = _segment(chars, 0, 2)
        bad_prefix = has_county & ~pd.Series(prefix).isin(PROVINCES).values
        reason[bad_prefix] = R_COUNTY_INVALID
        valid &= ~bad_prefix
        if county:
            mismatch = valid & has_county & (columns["county"] != str(county).strip())
            reason[mismatch] = R_COUNTY_MISMATCH
            valid &= ~mismatch

    # Class: the major + minor segments must be a class of the catalogue.
    uniques = pd.unique(class_code[valid])
    known = {c for c in uniques if catalog.lookup(c) is not None}
    unknown = valid & ~pd.Series(class_code).isin(known).values
    reason[unknown] = R_UNKNOWN_CLASS
    return pd.DataFrame(
        {
            "code": codes,
            "scheme": scheme_col,
            "county": columns["county"],
            "major": columns["major"],
            "minor": columns["minor"],
            "class_code": class_code,
            "serial": columns["serial"],
            "reason": reason,
        }
    )


def reason_message(reason, row, county=None, scheme=AUTO):
    """The translated explanation of a code reason for one checked row (a mapping with the
    columns of :func:`check_codes`)."""
    code = row["code"]
    if reason == R_MISSING:
        return translate("Codes", "the part code is empty")
    if reason == R_NOT_DIGITS:
        return translate("Codes", "the part code '{code}' contains characters other than digits").format(code=code)
    if reason == R_LENGTH:
        if scheme in SCHEMES:
            return translate(
                "Codes", "the part code '{code}' has {n} digits; the chosen scheme needs {expected}"
            ).format(code=code, n=len(code), expected=SCHEMES[scheme].length)
        return translate("Codes", "the part code '{code}' has {n} digits; expected 12, 16 or 17").format(
            code=code, n=len(code)
        )
    if reason == R_COUNTY_INVALID:
        return translate(
            "Codes", "the county segment '{county}' of the part code '{code}' is not a division code (GB/T 2260)"
        ).format(county=row["county"], code=code)
    if reason == R_COUNTY_MISMATCH:
        return translate(
            "Codes", "the county segment '{county}' of the part code '{code}' does not match the district {expected}"
        ).format(county=row["county"], code=code, expected=county)
    if reason == R_UNKNOWN_CLASS:
        return translate("Codes", "the class {major}-{minor} of the part code '{code}' is not in the catalogue").format(
            major=row["major"], minor=row["minor"], code=code
        )
    return reason


def parse_code(code, catalog, scheme=AUTO, county=None):
    """Check a single code; returns the parsed row (a dict) or raises InputError with the reason."""
    checked = check_codes([code], catalog, scheme, county).iloc[0].to_dict()
    if checked["reason"] is not None:
        raise InputError(reason_message(checked["reason"], checked, county, scheme))
    return checked


def survey12_to_gbt30428(codes, county):
    """Convert 12-digit survey codes to 16-digit GB/T 30428.2 codes in ``county``.

    Returns ``(converted, overflow)``: converted codes ('' where impossible) and a boolean array
    marking serials above 999999 that do not fit in the 6-digit serial (reported, never truncated).
    """
    county = str(county or "").strip()
    if len(county) != 6 or not county.isdigit() or county[:2] not in PROVINCES:
        raise InputError(
            translate("Codes", "The county code '{county}' is not a 6-digit division code (GB/T 2260).").format(
                county=county
            )
        )
    s = pd.Series(normalise(codes), dtype=object)
    ok = (s.str.len() == 12) & s.str.fullmatch(r"[0-9]+").fillna(False)
    serial = s.str[4:12]
    overflow = ok & (serial.str[:2] != "00")
    good = ok & ~overflow
    converted = pd.Series(np.full(len(s), "", dtype=object))
    converted[good] = county + s[good].str[:4] + serial[good].str[2:]
    return converted.values, overflow.values.astype(bool)


def convert_code(code, county):
    """One 12-digit survey code → 16 digits; InputError when it does not fit."""
    converted, overflow = survey12_to_gbt30428([code], county)
    if overflow[0]:
        raise InputError(
            translate(
                "Codes", "The serial {serial} of the part code '{code}' does not fit in the 6 digits of GB/T 30428.2."
            ).format(serial=str(code).strip()[4:], code=code)
        )
    if not converted[0]:
        raise InputError(translate("Codes", "'{code}' is not a 12-digit survey code.").format(code=code))
    return converted[0]
