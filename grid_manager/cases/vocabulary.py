"""The one vocabulary of cases: states, actions, roles, sources, kinds and the fields of a case.

Everything else takes these lists from here: both store backends (``store/interface.py`` re-exports
them), the evaluation, the dock and the analyses. The SQL of the migrations (CHECK constraints and the
``transitions`` rows of both backends) is checked against them by ``tests/store/test_vocabulary.py``.
"""

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
# ... and the surveyor, who edits the grids of their street(s) in the shared store.
GRID_ROLE = "surveyor"
STORE_ROLES = ROLES + (INVENTORY_ROLE, GRID_ROLE)
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
    "fail_check",
    "close",
    "rework",
    "request_return",
    "accept_return",
    "reject_return",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "cancel",
)
# The check outcomes of the inspector's on-site check (核查): fixed (the case may be closed) or not fixed
# (核查不通过: back to the same department for rework, with a note; rework_count + 1).
CHECK_OUTCOMES = ("check", "fail_check")
# Actions that count as a rework (返工) in the evaluation: the supervision centre's and a failed check.
REWORK_ACTIONS = ("rework", "fail_check")
# Audit rows written before migration 008 (a department returned a case on its own) keep this action.
LEGACY_ACTIONS = ("return",)
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
    "return_pending",
    "overdue_seconds",
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
    "returned_overdue_hours",
)
TIMESTAMP_OF_STATE = {
    "verified": "verified_at",
    "registered": "registered_at",
    "declined": "declined_at",
    "handled": "handled_at",
    "closed": "closed_at",
    "cancelled": "cancelled_at",
}
