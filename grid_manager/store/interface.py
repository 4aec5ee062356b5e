"""The store interface shared by the PostGIS and the GeoPackage backends.

The workflow is data: the ``transitions`` table (state, action, role -> new state, guard, effects)
is created by the migrations of both backends with the same rows.  PostGIS applies a transition in
the database (``gm.apply_transition``, SECURITY DEFINER, so roles cannot bypass it); the GeoPackage
backend applies the same table with :func:`plan_transition` inside one ``BEGIN IMMEDIATE``
transaction.  Both use optimistic concurrency: the caller passes the version it has seen.
"""

import datetime as _dt
import os
import re
from dataclasses import dataclass, field

from ..common.errors import GridManagerError, InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")

CASE_STATES = (
    "reported",
    "verified",
    "registered",
    "declined",
    "dispatched",
    "handled",
    "closed",
    "cancelled",
)
OPEN_STATES = ("reported", "verified", "registered", "dispatched", "handled")
ROLES = ("inspector", "supervision", "command", "department", "viewer")
# Roles of store users: the workflow roles plus the planner, who keeps the part inventory.
INVENTORY_ROLE = "planner"
STORE_ROLES = ROLES + (INVENTORY_ROLE,)
SOURCES = ("inspector", "public", "hotline", "video")
KINDS = ("part", "event")
ACTIONS = (
    "report",
    "verify",
    "register",
    "decline",
    "dispatch",
    "handle",
    "report_back",
    "check",
    "close",
    "rework",
    "return",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "cancel",
)
# The pseudo-state a case is in before it is reported (only used in the transitions table).
NEW = "new"

# Columns of a case as returned by both backends (dicts with these keys).
CASE_COLUMNS = (
    "id",
    "case_code",
    "kind",
    "class_code",
    "source",
    "description",
    "x",
    "y",
    "grid_code",
    "community_code",
    "street_code",
    "part_code",
    "urgency",
    "state",
    "department",
    "deadline_at",
    "reported_at",
    "verified_at",
    "registered_at",
    "declined_at",
    "dispatched_at",
    "handled_at",
    "checked_at",
    "closed_at",
    "cancelled_at",
    "extension_pending",
    "extension_hours",
    "checked",
    "rework_count",
    "extension_count",
    "returned_count",
    "reporter",
    "version",
    "updated_at",
)
EVENT_COLUMNS = (
    "id",
    "case_id",
    "seq",
    "actor",
    "role",
    "action",
    "from_state",
    "to_state",
    "at",
    "note",
    "attachments",
)
# The analysis export (issue #5): exactly these fields plus a point geometry.
ANALYSIS_FIELDS = (
    "case_code",
    "kind",
    "class_code",
    "source",
    "urgency",
    "state",
    "department",
    "grid_code",
    "community_code",
    "street_code",
    "reported_at",
    "registered_at",
    "dispatched_at",
    "deadline_at",
    "handled_at",
    "closed_at",
    "rework_count",
    "extension_count",
    "returned_count",
)
TIMESTAMP_OF_STATE = {
    "verified": "verified_at",
    "registered": "registered_at",
    "declined": "declined_at",
    "handled": "handled_at",
    "closed": "closed_at",
    "cancelled": "cancelled_at",
}
STORE_SRID = 4490  # CGCS2000 geographic (lon/lat in the database)
STORE_CRS = "EPSG:4490"


class StoreError(GridManagerError):
    """A store operation failed; the message is translated and nothing was written."""


class WorkflowError(StoreError):
    """A transition was refused (illegal, stale version, wrong role, missing data)."""

    def __init__(self, code, params):
        self.code = code
        self.params = dict(params)
        super().__init__(workflow_message(code, self.params))


class StaleVersionError(WorkflowError):
    """Someone else changed the case (or the part inventory) since the caller read it."""


def workflow_message(code, p):
    """The translated message for a refusal code (``GM001``…) and its parameters."""
    p = {k: ("" if v is None else v) for k, v in p.items()}
    if code == "GM001":
        return translate(
            "CaseStore",
            "Case {case}: the action '{action}' is not allowed for the role '{role}' in the state '{state}'.",
        ).format(**_defaults(p, "case", "action", "role", "state"))
    if code == "GM002":
        return translate(
            "CaseStore",
            "Case {case} was changed by someone else (now version {current}, you had version "
            "{expected}); reload it and try again.",
        ).format(**_defaults(p, "case", "current", "expected"))
    if code == "GM003":
        return translate("CaseStore", "You are not allowed to act as '{role}' in this case store.").format(
            **_defaults(p, "role")
        )
    if code == "GM004":
        return translate("CaseStore", "Case {case} does not exist or is not visible to you.").format(
            **_defaults(p, "case")
        )
    if code == "GM005":
        guard = p.get("guard")
        case = p.get("case", "")
        if guard == "extension_pending":
            return translate("CaseStore", "Case {case}: no extension request is pending.").format(case=case)
        if guard == "no_extension_pending":
            return translate("CaseStore", "Case {case}: an extension request is already pending.").format(case=case)
        if guard == "checked":
            return translate(
                "CaseStore", "Case {case}: it must pass the on-site check before it can be closed."
            ).format(case=case)
        return translate("CaseStore", "Case {case}: it has already passed the on-site check.").format(case=case)
    if code == "GM006":
        if p.get("department"):
            return translate("CaseStore", "Case {case}: the department '{department}' does not exist.").format(
                **_defaults(p, "case", "department")
            )
        return translate("CaseStore", "Case {case}: choose the department to dispatch it to.").format(
            **_defaults(p, "case")
        )
    if code == "GM007":
        return translate(
            "CaseStore",
            "No time limit is set for {kind} class {class_code} with urgency {urgency}; add it to the "
            "time-limit table before dispatching.",
        ).format(**_defaults(p, "kind", "class_code", "urgency"))
    if code == "GM008":
        fld = p.get("field", "")
        value = p.get("value", "")
        if fld == "class_code":
            return translate("CaseStore", "Unknown class '{value}' for kind '{kind}' (field class_code).").format(
                value=value, kind=p.get("kind", "")
            )
        if fld == "source":
            return translate(
                "CaseStore", "Unknown source '{value}' (field source); use inspector, public, hotline or video."
            ).format(value=value)
        if fld == "kind":
            return translate("CaseStore", "Unknown kind '{value}' (field kind); use part or event.").format(value=value)
        if fld == "urgency":
            return translate(
                "CaseStore", "Invalid urgency '{value}' (field urgency); use 0 (normal) or 1 (urgent)."
            ).format(value=value)
        if fld == "part_code":
            return translate("CaseStore", "Part '{value}' does not exist (field part_code).").format(value=value)
        if fld == "hours":
            return translate(
                "CaseStore", "Case {case}: an extension needs a positive number of hours (field hours)."
            ).format(case=p.get("case", ""))
        if fld == "location":
            return translate("CaseStore", "The location is not a valid point (field geom).")
        return translate("CaseStore", "Invalid value '{value}' in field {field}.").format(value=value, field=fld)
    if code == "GM010":
        return translate(
            "CaseStore",
            "The part inventory was changed by another run (run {current}, {actor}, {at}) after this survey "
            "was compared with it; nothing was applied. Run the update again.",
        ).format(**_defaults(p, "current", "actor", "at"))
    if code == "GM011":
        return translate(
            "CaseStore", "Parts change only through an inventory update ('Update part inventory from a new survey')."
        )
    if code == "GM012":
        return translate("CaseStore", "Parts are never deleted: a part missing from a survey is flagged 'missing'.")
    return translate("CaseStore", "The case store refused the change: {detail}").format(detail=p.get("detail", code))


def _defaults(p, *keys):
    return {k: p.get(k, "") for k in keys}


@dataclass
class CaseFilter:
    """Filters of the case list (all optional, combined with AND)."""

    states: tuple = ()
    kind: str = ""
    class_code: str = ""
    street_code: str = ""
    community_code: str = ""
    grid_code: str = ""
    department: str = ""
    overdue: bool = False
    date_from: object = None  # datetime/date: reported_at >= date_from
    date_to: object = None  # reported_at < date_to
    text: str = ""
    extra: dict = field(default_factory=dict)


def utcnow():
    return _dt.datetime.now(_dt.timezone.utc)


def as_utc(value):
    """A datetime (naive = UTC) or date or ISO text → aware UTC datetime (or None)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc)


def iso(value):
    """GeoPackage DATETIME text: ``YYYY-MM-DDTHH:MM:SS.fffZ`` (sorts like the instant)."""
    value = as_utc(value)
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def like_pattern(text):
    """A LIKE pattern matching ``text`` literally anywhere (escape character ``\\``)."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def filter_sql(flt, ph, now, ilike="ILIKE", search_expr=None):
    """WHERE clause (without the keyword) and parameters for a :class:`CaseFilter`.

    ``ph`` is the placeholder (``%s`` or ``?``), ``now`` the current instant as a parameter value.
    Only column names written here reach the SQL; every value is a parameter.
    """
    clauses, params = [], []
    if flt is None:
        return "TRUE" if ph == "%s" else "1", params
    if flt.states:
        clauses.append("state IN (" + ",".join([ph] * len(flt.states)) + ")")
        params.extend(flt.states)
    for column in ("kind", "class_code", "street_code", "community_code", "grid_code", "department"):
        value = getattr(flt, column)
        if value:
            clauses.append(column + " = " + ph)
            params.append(value)
    if flt.overdue:
        clauses.append("state = 'dispatched' AND deadline_at < " + ph)
        params.append(now)
    if flt.date_from:
        clauses.append("reported_at >= " + ph)
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("reported_at < " + ph)
        params.append(flt.date_to)
    if flt.text and search_expr:
        # one indexed, lower-cased text per case (PostGIS: trigram index)
        clauses.append(search_expr + " LIKE lower(" + ph + ") ESCAPE '\\'")
        params.append(like_pattern(flt.text))
    elif flt.text:
        pattern = like_pattern(flt.text)
        cols = ("case_code", "description", "part_code", "grid_code", "department", "reporter")
        clauses.append(
            "("
            + " OR ".join("COALESCE({c}, '') {op} {ph} ESCAPE '\\'".format(c=c, op=ilike, ph=ph) for c in cols)
            + ")"
        )
        params.extend([pattern] * len(cols))
    if not clauses:
        return ("TRUE" if ph == "%s" else "1"), params
    return " AND ".join(clauses), params


# -- the workflow engine used by the embedded backend (PostGIS runs the same rules in plpgsql) ----------
GUARDS = {
    "": lambda case: True,
    "extension_pending": lambda case: bool(case["extension_pending"]),
    "no_extension_pending": lambda case: not case["extension_pending"],
    "checked": lambda case: bool(case["checked"]),
    "not_checked": lambda case: not case["checked"],
}


def guard_ok(guard, case):
    return GUARDS.get(guard or "", lambda c: False)(case)


def plan_transition(case, transition, now, department=None, hours=None, limit_hours=None, department_exists=None):
    """The column updates a transition makes (the embedded backend's copy of ``gm.apply_transition``).

    ``limit_hours(kind, class_code, urgency)`` returns the time limit or None;
    ``department_exists(code)`` tells whether a department exists.  Raises :class:`WorkflowError`.
    """
    code = case["case_code"]
    effects = [e for e in (transition["effects"] or "").split(",") if e]
    new_state = transition["new_state"]
    upd = {"state": new_state}
    if new_state != case["state"] and new_state in TIMESTAMP_OF_STATE:
        upd[TIMESTAMP_OF_STATE[new_state]] = now

    def deadline_from(start):
        limit = limit_hours(case["kind"], case["class_code"], case["urgency"])
        if limit is None:
            raise WorkflowError(
                "GM007", {"kind": case["kind"], "class_code": case["class_code"], "urgency": case["urgency"]}
            )
        return start + _dt.timedelta(hours=float(limit))

    for effect in effects:
        if effect == "dispatch":
            if not department:
                raise WorkflowError("GM006", {"case": code, "department": ""})
            if not department_exists(department):
                raise WorkflowError("GM006", {"case": code, "department": department})
            upd.update(
                department=department,
                dispatched_at=now,
                deadline_at=deadline_from(now),
                extension_pending=False,
                extension_hours=None,
                checked=False,
                checked_at=None,
                handled_at=None,
            )
        elif effect == "rework":
            upd.update(
                rework_count=case["rework_count"] + 1,
                checked=False,
                checked_at=None,
                handled_at=None,
                deadline_at=deadline_from(now),
            )
        elif effect == "return":
            upd.update(
                returned_count=case["returned_count"] + 1,
                department=None,
                deadline_at=None,
                dispatched_at=None,
                extension_pending=False,
                extension_hours=None,
            )
        elif effect == "request_extension":
            if hours is None or not float(hours) > 0:
                raise WorkflowError("GM008", {"case": code, "field": "hours", "value": hours})
            upd.update(extension_pending=True, extension_hours=float(hours))
        elif effect == "grant_extension":
            extra = float(hours) if hours is not None and float(hours) > 0 else float(case["extension_hours"] or 0)
            upd.update(
                extension_pending=False,
                extension_hours=None,
                extension_count=case["extension_count"] + 1,
                deadline_at=as_utc(case["deadline_at"]) + _dt.timedelta(hours=extra),
            )
        elif effect == "refuse_extension":
            upd.update(extension_pending=False, extension_hours=None)
        elif effect == "clear_extension":
            upd.update(extension_pending=False, extension_hours=None)
        elif effect == "check":
            upd.update(checked=True, checked_at=now)
    return upd


class CaseStore:
    """Interface of a case store.  Every method raises :class:`StoreError` / :class:`InputError` with a
    translated message; a failed call writes nothing."""

    backend = ""
    #: login name used in the audit trail
    user = ""

    # -- life cycle ------------------------------------------------------------------------------
    def migrate(self):
        """Apply the missing migrations; returns the schema version."""
        raise NotImplementedError

    def schema_version(self):
        raise NotImplementedError

    def close(self):
        raise NotImplementedError

    # -- who am I --------------------------------------------------------------------------------
    def my_roles(self):
        """The workflow roles the current user may act as."""
        raise NotImplementedError

    def my_department(self):
        raise NotImplementedError

    # -- reference data --------------------------------------------------------------------------
    def transitions(self):
        """All rows of the transitions table as dicts (state, action, role, new_state, guard, effects)."""
        raise NotImplementedError

    def departments(self):
        raise NotImplementedError

    def classes(self, kind=None):
        raise NotImplementedError

    def admin_units(self, level=None):
        raise NotImplementedError

    def revise_grid(self, code, community_code, wkt):
        """Close the current version of a grid and make ``wkt`` its new current version."""
        raise NotImplementedError

    # -- cases -----------------------------------------------------------------------------------
    def report_case(
        self,
        kind,
        class_code,
        source,
        x,
        y,
        description="",
        urgency=0,
        part_code=None,
        role="inspector",
        note="",
        reported_at=None,
    ):
        """Create a case at (x, y) (store CRS, lon/lat CGCS2000); grid, community and street are filled
        in from the location.  Returns the case dict."""
        raise NotImplementedError

    def apply(self, case_code, action, role, expected_version, note="", department=None, hours=None, attachments=()):
        """Apply one workflow action atomically; returns the updated case dict."""
        raise NotImplementedError

    def get_case(self, case_code):
        raise NotImplementedError

    def events(self, case_code):
        raise NotImplementedError

    def list_cases(self, flt=None, after_id=None, limit=200):
        """Cases matching ``flt``, newest first (keyset paging: pass the last id seen)."""
        raise NotImplementedError

    def count_cases(self, flt=None):
        raise NotImplementedError

    def counts_by_state(self, flt=None):
        raise NotImplementedError

    def grid_at(self, x, y):
        """(grid_code, community_code, street_code) of the current grid containing the point."""
        raise NotImplementedError

    def nearest_part(self, x, y, max_distance_m=50.0, class_code=None):
        """(part_code, class_code, distance_m) of the nearest part within ``max_distance_m`` or None."""
        raise NotImplementedError

    def analysis_rows(self):
        """Rows of ``cases_analysis`` as dicts (the fields of ANALYSIS_FIELDS plus x, y)."""
        raise NotImplementedError

    def poll_changes(self):
        """Case codes changed by others since the last call (PostgreSQL NOTIFY / audit polling)."""
        raise NotImplementedError

    # -- part inventory --------------------------------------------------------------------------
    #: rows written per step of an inventory update (progress and cancellation between steps)
    inventory_chunk = 20000

    def has_inventory(self):
        """Whether the schema holds the part inventory (its migration was applied)."""
        raise NotImplementedError

    def can_write_inventory(self):
        """Whether the current user may update the part inventory (role planner)."""
        raise NotImplementedError

    def read_inventory(self):
        """``(frame, crs, version)``: every part as the frame :func:`core.inventory.compare` reads, the
        store's CRS and the inventory version (the id of the last run)."""
        raise NotImplementedError

    def apply_inventory_changes(self, report, survey, run, progress=NULL_PROGRESS, before_commit=None):
        """Apply a change report of :func:`core.inventory.compare` in one transaction: open an inventory
        run (role planner; refused when the inventory is no longer at ``run.version``; one run at a time),
        add the new parts, rewrite the moved and changed ones, flag the missing ones (never deleted) and
        stamp ``last_seen`` on the unchanged ones.  The history rows come from the database triggers.
        A failure or a cancellation leaves the store as it was.  ``before_commit(run_id)``, when given, runs
        inside the transaction once every change is written (the caller writes its change report there: if
        that fails, the run is rolled back with everything else).  Returns the run id."""
        raise NotImplementedError

    def inventory_history(self, code=None):
        """History rows (oldest first) as dicts of HISTORY_COLUMNS; old/new values as dicts."""
        raise NotImplementedError

    def inventory_runs(self):
        """Inventory runs (oldest first) as dicts of RUN_COLUMNS; counts as a dict."""
        raise NotImplementedError

    def check_inventory_survey(self, survey, source="", apply=True):
        """Refuse, before comparing, a survey this store cannot take (see :func:`.inventory.check_survey`)
        or a user who may not update the inventory."""
        from .parts import check_survey

        if apply and not self.can_write_inventory():
            raise WorkflowError("GM003", {"role": INVENTORY_ROLE})
        check_survey(survey, source, [c["code"] for c in self.classes("part")])

    @staticmethod
    def _check_written(expected, written):
        """Rows an inventory step wrote per kind of write against the change report (a mismatch means the
        inventory is not what was compared: refuse the whole run)."""
        want = {
            "new": expected.get("new", 0),
            "rewritten": sum(expected.get(c, 0) for c in ("moved", "changed", "moved_changed")),
            "missing": expected.get("missing", 0),
            "unchanged": expected.get("unchanged", 0),
        }
        if {k: written.get(k, 0) for k in want} != want:
            raise StoreError(
                translate(
                    "CaseStore",
                    "The part inventory is not what the survey was compared with ({written} rows "
                    "written, {expected} expected); nothing was applied. Run the update again.",
                ).format(written=sum(written.values()), expected=sum(want.values()))
            )

    def add_part(self, code, class_code, x, y, grid_code=None):
        self.add_parts([(code, class_code, x, y, grid_code)])

    def add_parts(self, rows):
        """Add [(code, class_code, x, y, grid_code)] as new parts in one inventory run (no version check:
        administrative loads)."""
        from .parts import new_parts_change

        report, survey, run = new_parts_change(rows)
        if len(report):
            self.apply_inventory_changes(report, survey, run)

    # -- shared helpers --------------------------------------------------------------------------
    def allowed_actions(self, case, roles=None):
        """[(action, role)] the user may apply to ``case`` now (state, role, guard and department)."""
        roles = list(roles if roles is not None else self.my_roles())
        result = []
        for row in self.transitions():
            if row["state"] != case["state"] or row["role"] not in roles:
                continue
            if not guard_ok(row["guard"], case):
                continue
            if (
                row["role"] == "department"
                and case.get("department") != self.my_department()
                and self.my_department() is not None
            ):
                continue
            result.append((row["action"], row["role"]))
        return result

    @staticmethod
    def migration_files(backend):
        folder = os.path.join(MIGRATIONS, backend)
        result = []
        for name in sorted(os.listdir(folder)):
            match = re.match(r"^(\d{3})_[a-z0-9_]+\.sql$", name)
            if match:
                result.append((int(match.group(1)), name, os.path.join(folder, name)))
        return result

    @staticmethod
    def check_case_input(kind, source, urgency, x, y):
        if kind not in KINDS:
            raise WorkflowError("GM008", {"field": "kind", "value": kind})
        if source not in SOURCES:
            raise WorkflowError("GM008", {"field": "source", "value": source})
        if urgency not in (0, 1, True, False):
            raise WorkflowError("GM008", {"field": "urgency", "value": urgency})
        try:
            x, y = float(x), float(y)
        except (TypeError, ValueError):
            raise WorkflowError("GM008", {"field": "location", "value": ""}) from None
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            raise WorkflowError("GM008", {"field": "location", "value": ""})
        return int(urgency), x, y


__all__ = ["CaseStore", "CaseFilter", "StoreError", "WorkflowError", "StaleVersionError", "InputError"]
