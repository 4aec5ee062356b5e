"""Working time: the calendar of working days, the working hours of a day and time limits counted in them.

Chinese 数字城管 time limits (处置时限 and the limits of the other stages) are counted in *working* hours or
working days: weekends and public holidays do not count, make-up working days (调休, e.g. a Saturday
before the Spring Festival) do.  The store keeps

* a **calendar** of the days that differ from the Monday–Friday week (date, working, note), loaded from
  the official holiday list (``resources/calendars/cn_YYYY.csv``);
* the **working hours** of a working day (setting ``working_hours``, e.g. ``08:30-12:00,13:30-17:30``)
  in the store's time zone (setting ``time_zone``, default Asia/Shanghai);
* **time limits** per class, urgency and stage with a unit: ``hours`` (clock hours, as before issue 15),
  ``working_hours`` or ``working_days`` (one working day = the working hours of one day, so "2 working
  days" from Tuesday 10:00 ends on Thursday 10:00).

The one computation, :meth:`WorkingTime.add` here and ``gm.add_working_time`` in PostGIS (the same
arithmetic, tested equal on random inputs): the start is placed on a line of working time (working days
before its day × the length of a working day + the working time of its day already gone), the amount is
added, and the point is mapped back to a day and a time of day.  A start outside working hours counts from
the next working moment; a deadline that falls on the end of a working period stays there (Friday 16:00
+ 1.5 working hours = Friday 17:30, not Monday 08:30).  Everything is integer microseconds.
"""

import csv
import datetime as _dt
import os
import re
from decimal import ROUND_HALF_UP, Decimal

from ..common.errors import InputError
from ..common.i18n import translate

STAGES = ("verification", "registration", "dispatch", "handling", "check", "closing")
UNITS = ("hours", "working_hours", "working_days")
DEFAULT_WORKING_HOURS = "08:30-12:00,13:30-17:30"
# the range of the dense day table (both stores): deadlines outside it cannot be computed
FIRST_DAY = _dt.date(2000, 1, 1)
LAST_DAY = _dt.date(2099, 12, 31)
CALENDARS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources", "calendars"
)
# the stage an open case is in, and the column its clock starts from
STAGE_OF_STATE = {
    "reported": ("verification", "reported_at"),
    "verified": ("registration", "verified_at"),
    "registered": ("dispatch", "registered_at"),
    "dispatched": ("handling", "dispatched_at"),
    "handled": ("check", "handled_at"),  # once checked: ("closing", "checked_at")
}
_US = 1_000_000
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_TRUE = {"true", "t", "1", "yes", "y", "working", "work", "上班", "工作", "工作日", "是"}
_FALSE = {"false", "f", "0", "no", "n", "off", "holiday", "休息", "放假", "休息日", "节假日", "否"}


def stage_label(stage):
    """The translated name of a stage."""
    return {
        "verification": translate("WorkingTime", "verification (核实)"),
        "registration": translate("WorkingTime", "registration (立案)"),
        "dispatch": translate("WorkingTime", "dispatch (派遣)"),
        "handling": translate("WorkingTime", "handling (处置)"),
        "check": translate("WorkingTime", "check (核查)"),
        "closing": translate("WorkingTime", "closing (结案)"),
    }.get(stage, stage)


def parse_working_hours(text):
    """``"08:30-12:00,13:30-17:30"`` → ``[(30600, 43200), (48600, 63000)]`` (seconds after midnight).
    Periods are in order, do not overlap and are not empty; InputError names the setting otherwise."""

    def bad(detail):
        return InputError(
            translate(
                "WorkingTime",
                "Invalid working hours '{value}' (setting working_hours): {detail}. Write periods such as "
                "08:30-12:00,13:30-17:30.",
            ).format(value=text, detail=detail)
        )

    if not isinstance(text, str) or not text.strip():
        raise bad(translate("WorkingTime", "no period"))
    periods = []
    for part in text.split(","):
        m = _PERIOD.match(part)
        if m is None:
            raise bad(translate("WorkingTime", "'{part}' is not a period HH:MM-HH:MM").format(part=part.strip()))
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or h1 * 60 + m1 > 1440 or h2 * 60 + m2 > 1440:
            raise bad(translate("WorkingTime", "'{part}' is not a time of day").format(part=part.strip()))
        start, end = (h1 * 60 + m1) * 60, (h2 * 60 + m2) * 60
        if end <= start:
            raise bad(translate("WorkingTime", "'{part}' ends before it starts").format(part=part.strip()))
        if periods and start < periods[-1][1]:
            raise bad(
                translate("WorkingTime", "'{part}' overlaps or precedes the period before it").format(part=part.strip())
            )
        periods.append((start, end))
    return periods


def format_working_hours(periods):
    return ",".join("%02d:%02d-%02d:%02d" % (s // 3600, s % 3600 // 60, e // 3600, e % 3600 // 60) for s, e in periods)


def parse_working(value):
    """A working flag of a calendar row (true/false, 1/0, yes/no, 上班/休息…) or None when unreadable."""
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _rows(path):
    """Rows of a CSV (UTF-8 with or without BOM; lines starting with # are comments) as dicts with their
    line numbers; InputError naming the file when it cannot be read."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = [
                (n, line)
                for n, line in enumerate(handle, start=1)
                if line.strip() and not line.lstrip().startswith("#")
            ]
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            translate("WorkingTime", "Cannot read {path}: {error}").format(path=path, error=error)
        ) from None
    if not lines:
        raise InputError(translate("WorkingTime", "{path} holds no rows.").format(path=path))
    reader = csv.DictReader([line for _, line in lines])
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    out = []
    for (number, _), row in zip(lines[1:], reader):
        out.append((number, {k: (v or "").strip() for k, v in row.items() if k}))
    return header, out


def read_calendar_csv(path):
    """An official holiday list: ``date,working,note`` (``day`` also accepted for the date).  Returns
    ``[(date, working, note)]``; every bad row is named (file, line, field) in one InputError."""
    header, rows = _rows(path)
    date_col = "date" if "date" in header else "day" if "day" in header else None
    missing = [c for c, ok in (("date", date_col), ("working", "working" in header)) if not ok]
    if missing:
        raise InputError(
            translate("WorkingTime", "{path}: the column(s) {columns} are missing (need date, working, note).").format(
                path=path, columns=", ".join(missing)
            )
        )
    result, errors, seen = [], [], {}
    for number, row in rows:
        text = row.get(date_col, "")
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            errors.append(
                translate(
                    "WorkingTime", "{path}, line {line}: '{value}' is not a date YYYY-MM-DD (field date)."
                ).format(path=path, line=number, value=text)
            )
            continue
        if not FIRST_DAY <= day <= LAST_DAY:
            errors.append(
                translate("WorkingTime", "{path}, line {line}: {value} is outside 2000–2099 (field date).").format(
                    path=path, line=number, value=text
                )
            )
            continue
        working = parse_working(row.get("working"))
        if working is None:
            errors.append(
                translate("WorkingTime", "{path}, line {line}: '{value}' is not true or false (field working).").format(
                    path=path, line=number, value=row.get("working", "")
                )
            )
            continue
        if day in seen:
            errors.append(
                translate(
                    "WorkingTime", "{path}, line {line}: {value} is already on line {first} (field date)."
                ).format(path=path, line=number, value=text, first=seen[day])
            )
            continue
        seen[day] = number
        result.append((day, working, row.get("note", "")[:200]))
    if errors:
        raise InputError("\n".join(errors[:20]) + ("\n…" if len(errors) > 20 else ""))
    return result


def read_time_limits_csv(path):
    """Time limits: ``kind,class_code,urgency,stage,amount,unit[,max_extension_hours]``.  ``class_code``
    ``*`` means every class of the kind, ``urgency`` ``*`` both urgencies (the store expands them).
    Returns dicts; every bad row is named (file, line, field) in one InputError."""
    header, rows = _rows(path)
    need = ("kind", "class_code", "urgency", "stage", "amount", "unit")
    missing = [c for c in need if c not in header]
    if missing:
        raise InputError(
            translate("WorkingTime", "{path}: the column(s) {columns} are missing (need {need}).").format(
                path=path, columns=", ".join(missing), need=", ".join(need)
            )
        )
    result, errors = [], []

    def err(number, field, value, text):
        errors.append(
            translate("WorkingTime", "{path}, line {line}: {problem} (field {field}).").format(
                path=path, line=number, problem=text.format(value=value), field=field
            )
        )

    for number, row in rows:
        ok = True
        if row["kind"] not in ("part", "event"):
            err(number, "kind", row["kind"], translate("WorkingTime", "'{value}' is not part or event"))
            ok = False
        if not row["class_code"]:
            err(number, "class_code", "", translate("WorkingTime", "the class is empty (use * for every class)"))
            ok = False
        if row["urgency"] not in ("0", "1", "*"):
            err(number, "urgency", row["urgency"], translate("WorkingTime", "'{value}' is not 0, 1 or *"))
            ok = False
        if row["stage"] not in STAGES:
            err(
                number,
                "stage",
                row["stage"],
                translate("WorkingTime", "'{value}' is not a stage") + " (" + ", ".join(STAGES) + ")",
            )
            ok = False
        if row["unit"] not in UNITS:
            err(
                number,
                "unit",
                row["unit"],
                translate("WorkingTime", "'{value}' is not a unit") + " (" + ", ".join(UNITS) + ")",
            )
            ok = False
        amount = _positive(row["amount"])
        if amount is None:
            err(number, "amount", row["amount"], translate("WorkingTime", "'{value}' is not a positive number"))
            ok = False
        max_ext = None
        if row.get("max_extension_hours"):
            max_ext = _positive(row["max_extension_hours"])
            if max_ext is None or max_ext > 8760:
                err(
                    number,
                    "max_extension_hours",
                    row["max_extension_hours"],
                    translate("WorkingTime", "'{value}' is not a number of hours between 0 and 8760"),
                )
                ok = False
        if ok:
            result.append(
                {
                    "line": number,
                    "kind": row["kind"],
                    "class_code": row["class_code"],
                    "urgency": row["urgency"],
                    "stage": row["stage"],
                    "amount": amount,
                    "unit": row["unit"],
                    "max_extension_hours": max_ext,
                }
            )
    if errors:
        raise InputError("\n".join(errors[:20]) + ("\n…" if len(errors) > 20 else ""))
    return result


def _positive(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value > 0 and value < 1e6 else None


def _micros(amount, per_unit_us):
    """amount × per_unit_us rounded half away from zero (PostgreSQL numeric round)."""
    return int((Decimal(str(amount)) * per_unit_us).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class WorkingTime:
    """The working time of a store: ``calendar`` {date: working} (days not in it: Monday–Friday work),
    ``periods`` [(start, end)] seconds after midnight (or the setting text) and the time zone."""

    def __init__(self, calendar=None, periods=DEFAULT_WORKING_HOURS, zone="Asia/Shanghai"):
        from zoneinfo import ZoneInfo

        self.zone = ZoneInfo(zone)
        self.periods = parse_working_hours(periods) if isinstance(periods, str) else list(periods)
        self.day_us = sum(e - s for s, e in self.periods) * _US
        calendar = dict(calendar or {})
        n = (LAST_DAY - FIRST_DAY).days + 1
        self.working = []
        self.before = []
        self.workdays = []  # index (days after FIRST_DAY) of every working day, in order
        count = 0
        for i in range(n):
            day = FIRST_DAY + _dt.timedelta(days=i)
            work = calendar.get(day, day.weekday() < 5)
            self.working.append(work)
            self.before.append(count)
            if work:
                self.workdays.append(i)
                count += 1

    def is_working_day(self, day):
        return self.working[(day - FIRST_DAY).days]

    def add(self, start, amount, unit):
        """``start`` (an aware datetime; naive = UTC) + ``amount`` in ``unit`` → aware UTC datetime, or
        None when the result would leave 2000–2099 or ``amount`` is missing."""
        if start is None or amount is None:
            return None
        if start.tzinfo is None:
            start = start.replace(tzinfo=_dt.timezone.utc)
        if unit == "hours":
            return (start + _dt.timedelta(microseconds=_micros(amount, 3600 * _US))).astimezone(_dt.timezone.utc)
        if unit not in UNITS:
            raise InputError(translate("WorkingTime", "Unknown time unit '{unit}'.").format(unit=unit))
        if Decimal(str(amount)) <= 0:
            return start.astimezone(_dt.timezone.utc)
        local = start.astimezone(self.zone).replace(tzinfo=None)
        day = local.date()
        i = (day - FIRST_DAY).days
        if not 0 <= i < len(self.working):
            return None
        tod = (local.hour * 3600 + local.minute * 60 + local.second) * _US + local.microsecond
        within = 0
        if self.working[i]:
            within = sum(max(0, min(tod, e * _US) - s * _US) for s, e in self.periods)
        pos = self.before[i] * self.day_us + within
        per = 3600 * _US if unit == "working_hours" else self.day_us
        target = pos + _micros(amount, per)
        k = -(-target // self.day_us) - 1  # ceil - 1: the working day holding the deadline
        rest = target - k * self.day_us  # in (0, day_us]
        if k >= len(self.workdays):
            return None
        done = 0
        for s, e in self.periods:
            length = (e - s) * _US
            if rest <= done + length:
                tod_us = s * _US + rest - done
                break
            done += length
        result_day = FIRST_DAY + _dt.timedelta(days=self.workdays[k])
        naive = _dt.datetime.combine(result_day, _dt.time()) + _dt.timedelta(microseconds=tod_us)
        return naive.replace(tzinfo=self.zone).astimezone(_dt.timezone.utc)
