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

from ..cases.times import DEFAULT_TIME_ZONE  # noqa: F401  (the store's default zone)
from ..cases.vocabulary import (  # noqa: F401  (the store's vocabulary, re-exported)
    ACTIONS,
    ANALYSIS_FIELDS,
    CASE_COLUMNS,
    CASE_STATES,
    EVENT_COLUMNS,
    GRID_ROLE,
    INVENTORY_ROLE,
    KINDS,
    LEGACY_ACTIONS,
    NEW,
    OPEN_STATES,
    ROLES,
    SOURCES,
    STORE_ROLES,
    TIMESTAMP_OF_STATE,
)
from ..common.errors import GridManagerError, InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")

# Input limits (both backends; PostGIS enforces the same in its functions).
MAX_DESCRIPTION = 4000
MAX_NOTE = 4000
MAX_CODE = 40
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT = 500
MAX_BACKDATE_HOURS = 72
DEFAULT_MAX_EXTENSION_HOURS = 72.0
# Who may record a report time other than now: the call centre (supervision desk, calls from the
# public and the hotline).
BACKDATE_ROLE = "supervision"
BACKDATE_SOURCES = ("hotline", "public")

# Actions that take no per-case input (one department, one note for all): they can be applied to many cases at
# once (:meth:`CaseStore.apply_batch`).  Reporting, handling notes, return requests, extension requests and the
# on-site check carry evidence of one case and stay one case at a time.
BATCH_ACTIONS = (
    "verify",
    "register",
    "decline",
    "dispatch",
    "report_back",
    "close",
    "rework",
    "accept_return",
    "reject_return",
    "approve_extension",
    "refuse_extension",
    "cancel",
)
# Who may administer the reference data (departments, classes) and the users of a shared store, besides the
# store's administrator (its owner or a superuser).
ADMIN_ROLE = "command"

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


class ListenerLost(StoreError):
    """The connection that listens for changes was lost (the caller shows it and reconnects)."""


class StaleVersionError(WorkflowError):
    """Someone else changed the case (or the part inventory) since the caller read it."""


def vocabulary_label(code):
    """A state, action or role of the vocabulary in the UI language, for the refusal sentences (the English
    text is the code itself, as the store records it; a code this version does not know is shown as it is)."""
    labels = {
        "new": translate("CaseStore", "new"),
        "reported": translate("CaseStore", "reported"),
        "verified": translate("CaseStore", "verified"),
        "registered": translate("CaseStore", "registered"),
        "declined": translate("CaseStore", "declined"),
        "dispatched": translate("CaseStore", "dispatched"),
        "handled": translate("CaseStore", "handled"),
        "closed": translate("CaseStore", "closed"),
        "cancelled": translate("CaseStore", "cancelled"),
        "report": translate("CaseStore", "report"),
        "verify": translate("CaseStore", "verify"),
        "register": translate("CaseStore", "register"),
        "decline": translate("CaseStore", "decline"),
        "dispatch": translate("CaseStore", "dispatch"),
        "handle": translate("CaseStore", "handle"),
        "report_back": translate("CaseStore", "report_back"),
        "check": translate("CaseStore", "check"),
        "fail_check": translate("CaseStore", "fail_check"),
        "close": translate("CaseStore", "close"),
        "rework": translate("CaseStore", "rework"),
        "return": translate("CaseStore", "return"),
        "request_return": translate("CaseStore", "request_return"),
        "accept_return": translate("CaseStore", "accept_return"),
        "reject_return": translate("CaseStore", "reject_return"),
        "request_extension": translate("CaseStore", "request_extension"),
        "approve_extension": translate("CaseStore", "approve_extension"),
        "refuse_extension": translate("CaseStore", "refuse_extension"),
        "cancel": translate("CaseStore", "cancel"),
        "inspector": translate("CaseStore", "inspector"),
        "supervision": translate("CaseStore", "supervision"),
        "command": translate("CaseStore", "command"),
        "department": translate("CaseStore", "department"),
        "viewer": translate("CaseStore", "viewer"),
        "planner": translate("CaseStore", "planner"),
        "surveyor": translate("CaseStore", "surveyor"),
    }
    return labels.get(code, code)


def workflow_message(code, p):
    """The translated message for a refusal code (``GM001``…) and its parameters."""
    p = {k: ("" if v is None else v) for k, v in p.items()}
    if code == "GM008" and p.get("field") == "note" and p.get("action") == "fail_check":
        return translate(
            "CaseStore", "Case {case}: a failed on-site check needs a note saying what is not fixed (field note)."
        ).format(case=p.get("case", ""))
    if code == "GM008" and p.get("field") == "working_hours":
        return translate(
            "CaseStore",
            "Invalid working hours '{value}' (setting working_hours); write periods such as 08:30-12:00,13:30-17:30.",
        ).format(value=p.get("value", ""))
    if code == "GM008" and p.get("field") == "amount":
        return translate("CaseStore", "'{value}' is not a positive time limit of at most 8760 (field amount).").format(
            value=p.get("value", "")
        )
    if code == "GM008" and p.get("field") == "note":
        return translate("CaseStore", "Case {case}: a return request needs a reason (field note).").format(
            case=p.get("case", "")
        )
    if code == "GM008" and p.get("field") == "attachments":
        return translate(
            "CaseStore",
            "Invalid attachment '{value}' (field attachments): give a list of stored file names, each "
            "non-empty and at most 500 characters.",
        ).format(value=p.get("value", ""))
    if code == "GM008" and p.get("field") == "time_zone":
        return translate("CaseStore", "Unknown time zone '{value}' (setting time_zone).").format(
            value=p.get("value", "")
        )
    if code == "GM008" and p.get("field") == "reason":
        return translate("CaseStore", "Saving grid edits needs a reason (field reason).")
    if code == "GM008" and p.get("field") == "streets":
        return translate(
            "CaseStore", "'{value}' is not a street of this store (field streets); a surveyor needs at least one."
        ).format(value=p.get("value", ""))
    if code in GRID_MESSAGES:
        return grid_message(code, p)
    if code in PART_MESSAGES:
        return part_message(code, p)
    if code == "GM001":
        return translate(
            "CaseStore",
            "Case {case}: the action '{action}' is not allowed for the role '{role}' in the state '{state}'.",
        ).format(
            case=p.get("case", ""),
            action=vocabulary_label(p.get("action", "")),
            role=vocabulary_label(p.get("role", "")),
            state=vocabulary_label(p.get("state", "")),
        )
    if code == "GM002":
        return translate(
            "CaseStore",
            "Case {case} was changed by someone else (now version {current}, you had version "
            "{expected}); reload it and try again.",
        ).format(**_defaults(p, "case", "current", "expected"))
    if code == "GM003":
        return translate("CaseStore", "You are not allowed to act as '{role}' in this case store.").format(
            role=vocabulary_label(p.get("role", ""))
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
        if guard == "return_pending":
            return translate("CaseStore", "Case {case}: no return request is pending.").format(case=case)
        if guard == "no_return_pending":
            return translate("CaseStore", "Case {case}: a return request is already pending.").format(case=case)
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
    if code == "GM035":
        return translate(
            "CaseStore",
            "Part {part} was edited by hand ({actor}, {at}) after this survey was compared with the inventory; "
            "nothing was applied. Run the update again: the new comparison includes that edit.",
        ).format(**_defaults(p, "part", "actor", "at"))
    if code == "GM011":
        return translate(
            "CaseStore", "Parts change only through an inventory update ('Update part inventory from a new survey')."
        )
    if code == "GM012":
        return translate(
            "CaseStore",
            "Parts are never deleted: retire a part instead (status 注销 with the date it was retired); a part "
            "missing from a survey is flagged 'missing'.",
        )
    if code == "GM013":
        reason = p.get("reason")
        if reason == "future":
            return translate("CaseStore", "The report time {value} is in the future (field reported_at).").format(
                value=p.get("value", "")
            )
        if reason == "too_old":
            return translate(
                "CaseStore",
                "The report time {value} is more than {max} hours in the past (field reported_at); "
                "historical cases are loaded by the store administrator.",
            ).format(value=p.get("value", ""), max=p.get("max", MAX_BACKDATE_HOURS))
        if reason == "note":
            return translate(
                "CaseStore",
                "A report time in the past (field reported_at) needs a note saying when and how the call came in.",
            )
        return translate(
            "CaseStore",
            "Only the call centre (role supervision, source hotline or public) may record a report time "
            "(field reported_at); other reports take the time of the store's clock.",
        )
    if code == "GM014":
        return translate(
            "CaseStore",
            "The point ({x}, {y}) lies in no grid of this case store; report cases inside the grids (field geom).",
        ).format(x=_coord(p.get("x")), y=_coord(p.get("y")))
    if code == "GM015":
        if p.get("reason") == "grid":
            return translate(
                "CaseStore", "Part {part} is neither in grid {grid} nor in a grid next to it (field part_code)."
            ).format(**_defaults(p, "part", "grid"))
        return translate(
            "CaseStore",
            "Part {part} (class {part_class}) does not belong to the class family of the case ({kind} "
            "{class_code}) (field part_code).",
        ).format(**_defaults(p, "part", "part_class", "kind", "class_code"))
    if code == "GM016" and p.get("field") == "photos":
        return translate("CaseStore", "A step takes at most {max} photos ({length} given).").format(
            **_defaults(p, "max", "length")
        )
    if code == "GM016":
        return translate("CaseStore", "The field {field} is too long ({length} characters; at most {max}).").format(
            **_defaults(p, "field", "length", "max")
        )
    if code == "GM017":
        return translate(
            "CaseStore",
            "Case {case}: an extension of {value} hours is more than this class allows ({max} hours) (field hours).",
        ).format(**_defaults(p, "case", "value", "max"))
    if code == "GM018":
        return translate("CaseStore", "The login '{login}' is not a user of this case store.").format(
            **_defaults(p, "login")
        )
    if code in PHOTO_MESSAGES:
        return photo_message(code, p)
    if code == "GM060":
        return translate("CaseStore", "Case {case}: not attempted, the batch was stopped.").format(
            **_defaults(p, "case")
        )
    if code == "GM061":
        return translate(
            "CaseStore", "The action '{action}' takes details of each case; apply it to one case at a time."
        ).format(**_defaults(p, "action"))
    if code == "GM062":
        return translate(
            "CaseStore",
            "Only the store's administrator or the command centre may change {what}; your login '{login}' may not.",
        ).format(what=_admin_object(p.get("what")), login=p.get("login", ""))
    if code == "GM063":
        return translate(
            "CaseStore",
            "The department {department} cannot be removed: {cases} case(s) and {users} user(s) refer to it.",
        ).format(**_defaults(p, "department", "cases", "users"))
    if code == "GM064":
        return translate(
            "CaseStore",
            "The login '{login}' is a database role that is not a user of this case store (or its administrator); "
            "only the administrator may change it.",
        ).format(**_defaults(p, "login"))
    if code == "GM065":
        return translate("CaseStore", "You cannot disable your own login or change your own role.")
    if code == "GM066":
        return translate(
            "CaseStore", "A user of the role 'department' needs the department they work for (field department)."
        )
    if code == "GM067":
        return translate(
            "CaseStore", "The class {kind} {code} cannot be removed: {cases} case(s) or part(s) refer to it."
        ).format(**_defaults(p, "kind", "code", "cases"))
    if code == "GM068":
        return translate("CaseStore", "Invalid code '{value}' (field {field}): {rule}.").format(
            value=p.get("value", ""), field=p.get("field", ""), rule=_code_rule(p.get("field"))
        )
    if code == "GM069":
        return translate("CaseStore", "The department '{department}' does not exist (field department).").format(
            **_defaults(p, "department")
        )
    if code == "GM019":
        return translate(
            "CaseStore", "The field {field} contains a NUL character (\\0), which a case store cannot keep."
        ).format(**_defaults(p, "field"))
    return translate("CaseStore", "The case store refused the change: {detail}").format(detail=p.get("detail", code))


# -- photos of a case (case_attachments) -------------------------------------------------------------
#: default largest photo a store takes (setting ``max_attachment_bytes``)
DEFAULT_MAX_PHOTO_BYTES = 10 * 1024 * 1024
#: largest thumbnail (the GUI makes ~256 px JPEGs of a few kB)
MAX_THUMBNAIL_BYTES = 256 * 1024
#: photos one workflow step may carry
MAX_PHOTOS = 20
PHOTO_TYPES = ("image/jpeg", "image/png", "image/heic")
PHOTO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic"}
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
PHOTO_MESSAGES = ("GM050", "GM051", "GM052", "GM053", "GM054")


@dataclass
class Photo:
    """A photo to store with a workflow step: its original file name, its bytes and a small JPEG
    thumbnail (made by the GUI; None when the image cannot be decoded there, e.g. HEIC)."""

    name: str
    data: bytes
    thumbnail: bytes = None
    mime: str = ""


def sniff_mime(data):
    """The image type by its first bytes (never by the file name): JPEG, PNG, HEIC/HEIF, or None."""
    head = bytes(data[:16])
    if head[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return None


def check_photo(photo, max_bytes=DEFAULT_MAX_PHOTO_BYTES):
    """A :class:`Photo` a store can keep: a plain file name, not empty, at most ``max_bytes``, a JPEG, PNG or
    HEIC by its magic bytes (the extension may lie), a JPEG/PNG thumbnail.  Returns it with ``mime`` set;
    refusals name the file (GM050 size, GM051 type, GM054 thumbnail)."""
    name = photo.name if isinstance(photo.name, str) else ""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    check_text("name", name or None, MAX_ATTACHMENT)
    if not name:
        raise WorkflowError("GM008", {"field": "name", "value": ""})
    data = photo.data
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise WorkflowError("GM051", {"name": name, "found": ""})
    data = bytes(data)
    if not data:
        raise WorkflowError("GM050", {"name": name, "size": 0, "max": max_bytes, "reason": "empty"})
    if len(data) > max_bytes:
        raise WorkflowError("GM050", {"name": name, "size": len(data), "max": max_bytes})
    mime = sniff_mime(data)
    if mime is None:
        raise WorkflowError("GM051", {"name": name, "found": _found_type(data)})
    thumb = photo.thumbnail
    if thumb is not None:
        thumb = bytes(thumb)
        if len(thumb) > MAX_THUMBNAIL_BYTES or sniff_mime(thumb) not in ("image/jpeg", "image/png"):
            raise WorkflowError("GM054", {"name": name})
    return Photo(name=name, data=data, thumbnail=thumb or None, mime=mime)


def check_photos(photos, max_bytes=DEFAULT_MAX_PHOTO_BYTES):
    """Every photo of one step checked (a list, at most :data:`MAX_PHOTOS`)."""
    if photos is None:
        return []
    if not isinstance(photos, (list, tuple)):
        raise WorkflowError("GM008", {"field": "photos", "value": str(photos)[:60]})
    if len(photos) > MAX_PHOTOS:
        raise WorkflowError("GM016", {"field": "photos", "length": len(photos), "max": MAX_PHOTOS})
    return [check_photo(p, max_bytes) for p in photos]


ATTACHMENT_COLUMNS = (
    "id",
    "case_code",
    "seq",
    "stage",
    "actor",
    "role",
    "at",
    "mime",
    "name",
    "size",
    "sha256",
    "path",
    "thumbnail",
)


def photo_file_path(photo):
    """``(relative path, sha256)`` of a photo kept in the attachments folder: ``ab/<sha256>.jpg``."""
    import hashlib

    digest = hashlib.sha256(photo.data).hexdigest()
    return "{}/{}{}".format(digest[:2], digest, PHOTO_EXTENSIONS[photo.mime]), digest


def write_photo_file(folder, photo):
    """Write a checked photo into the attachments folder under its content hash (an existing file with the
    same hash is the same photo and is kept).  Returns ``(relative path, sha256)``."""
    import tempfile

    relative, digest = photo_file_path(photo)
    target = os.path.join(folder, *relative.split("/"))
    try:
        if not os.path.isfile(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".part")
            with os.fdopen(handle, "wb") as out:
                out.write(photo.data)
            os.replace(temp, target)  # atomic: a reader never sees half a photo
    except OSError as error:
        raise StoreError(
            translate(
                "CaseStore", "Cannot write the photo '{name}' into the attachments folder {folder}: {error}"
            ).format(name=photo.name, folder=folder, error=error.strerror or error)
        ) from None
    return relative, digest


def read_photo_file(folder, relative, sha256, name):
    """The bytes of a photo kept in the attachments folder, checked against the hash in its row."""
    import hashlib

    if not folder:
        raise StoreError(
            translate(
                "CaseStore", "The photo '{name}' is kept in an attachments folder, but this store has none set."
            ).format(name=name)
        )
    path = os.path.join(folder, *relative.split("/"))
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise StoreError(
            translate("CaseStore", "Cannot read the photo '{name}' ({path}): {error}").format(
                name=name, path=path, error=error.strerror or error
            )
        ) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoreError(
            translate(
                "CaseStore", "The file of the photo '{name}' ({path}) was changed after it was stored; it is not shown."
            ).format(name=name, path=path)
        )
    return data


def check_max_photo_bytes(value):
    """The setting max_attachment_bytes: a whole number of bytes from 1 kB to 1 GB."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if isinstance(value, bool) or number < 1024 or number > 1024**3 or str(number) != str(value).strip():
        raise WorkflowError("GM008", {"field": "max_attachment_bytes", "value": str(value)[:60]})
    return number


def _found_type(data):
    """A short description of what a refused file looks like (for the message)."""
    head = bytes(data[:16])
    for magic, label in (
        (b"%PDF", "PDF"),
        (b"GIF8", "GIF"),
        (b"PK\x03\x04", "ZIP"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"BM", "BMP"),
    ):
        if head.startswith(magic):
            return label
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp":
        return head[8:12].decode("ascii", "replace").strip()
    return ""


def photo_message(code, p):
    """The translated message of a refused photo (GM050…GM054); it names the file."""
    name = p.get("name", "")
    if code == "GM050":
        if p.get("reason") == "empty" or str(p.get("size")) == "0":
            return translate("CaseStore", "The photo '{name}' is empty (0 bytes).").format(name=name)
        return translate(
            "CaseStore", "The photo '{name}' is too large ({size}); this case store takes photos up to {max}."
        ).format(name=name, size=_mb(p.get("size")), max=_mb(p.get("max")))
    if code == "GM051":
        found = p.get("found", "")
        if found:
            return translate(
                "CaseStore",
                "'{name}' is not a JPEG, PNG or HEIC photo (its content is {found}, whatever its file name says).",
            ).format(name=name, found=found)
        return translate(
            "CaseStore", "'{name}' is not a JPEG, PNG or HEIC photo (its content is not an image this store takes)."
        ).format(name=name)
    if code == "GM052":
        return translate(
            "CaseStore",
            "Case {case}: photos are added by whoever took the step ({seq}) they belong to, in that role; "
            "'{name}' was not stored.",
        ).format(**_defaults(p, "case", "seq", "name"))
    if code == "GM053":
        return translate("CaseStore", "Photos are never changed nor deleted: the case record keeps them as taken.")
    return translate("CaseStore", "The thumbnail of '{name}' is not a small JPEG or PNG image.").format(name=name)


def _mb(value):
    """A size for a message: ``3.4 MB``, ``10 MB``, ``2 kB`` (never ``0 MB`` for a small limit)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if value >= 1048576:
        return ("%.1f" % (value / 1048576.0)).rstrip("0").rstrip(".") + " MB"
    return "%d kB" % max(1, round(value / 1024.0))


def deadlock_message():
    return translate(
        "CaseStore",
        "Another desk was saving new parts of the same classes at the same moment; nothing was saved. Save again.",
    )


def refusal_message(text):
    """The translated message of a store refusal quoted in a database error text (a line of
    ``QgsVectorLayer.commitErrors()``: PostgreSQL's SQLSTATE GM0xx with its JSON detail, or a GeoPackage
    trigger's 'GM0xx …'), or None when the text holds no refusal."""
    import json

    text = str(text or "")
    match = re.search(r"\b(GM\d{3})\b", text)
    if not match:
        return deadlock_message() if "deadlock detected" in text else None
    params = {}
    detail = re.search(r"DETAIL:\s*(\{.*?\})\s*$", text, re.MULTILINE)
    if detail:
        try:
            params = json.loads(detail.group(1))
        except ValueError:
            params = {}
    return workflow_message(match.group(1), params)


def _admin_object(what):
    if what == "departments":
        return translate("CaseStore", "the departments")
    if what == "classes":
        return translate("CaseStore", "the part and event classes")
    return translate("CaseStore", "the users and their roles")


def _code_rule(field_name):
    if field_name == "class_code":
        return translate(
            "CaseStore", "a class code has 4 or 5 digits (2-digit major + 2- or 3-digit minor class) the store can keep"
        )
    if field_name == "name":
        return translate("CaseStore", "a name is not empty and at most 200 characters")
    if field_name == "login":
        return translate(
            "CaseStore",
            "a login has 1 to 63 lower-case letters, digits or '_', starts with a letter and not with 'pg_' or 'gm_'",
        )
    return translate(
        "CaseStore", "a department code has 1 to 200 characters, no control character and no space at either end"
    )


GRID_MESSAGES = ("GM030", "GM031", "GM032", "GM033", "GM034")
PART_MESSAGES = ("GM040", "GM041", "GM042", "GM043", "GM044", "GM045", "GM046", "GM047", "GM048", "GM049")
#: the statuses a planner may give a part (注销: retired, with the date in retired_on)
PART_STATUSES = ("完好", "破损", "丢失", "占用", "注销")
RETIRED = "注销"


def _part(p):
    """'Part 0101000001' or 'The new part' (an insert has no code yet)."""
    if "part" not in p:  # a refusal of the GeoPackage's triggers: which part is the edited feature
        return translate("CaseStore", "The part")
    code = p.get("part", "")
    if code:
        return translate("CaseStore", "Part {part}").format(part=code)
    return translate("CaseStore", "The new part")


def part_message(code, p):
    """The translated message of a refused part edit (GM040…GM048)."""
    who = _part(p)
    if code == "GM040":
        return translate(
            "CaseStore",
            "{who}: the code is made by the store and cannot be changed (field code, value '{value}'); a copied "
            "or split part gets a new code when it is added.",
        ).format(who=who, value=p.get("value", ""))
    if code == "GM041":
        return translate(
            "CaseStore",
            "{who} was changed by {actor} at {at} (now version {current}, you had version {expected}); nothing "
            "was saved. Reload the part and edit it again.",
        ).format(who=who, **_defaults(p, "actor", "at", "current", "expected"))
    if code == "GM042":
        if p.get("reason") == "length":
            return translate(
                "CaseStore",
                "{who}: the class '{value}' has the wrong number of digits for the part code scheme {scheme} of "
                "this store, which needs {digits}-digit classes (field class_code).",
            ).format(who=who, **_defaults(p, "value", "scheme", "digits"))
        return translate(
            "CaseStore", "{who}: the class '{value}' is not in the class catalogue of the store (field class_code)."
        ).format(who=who, value=p.get("value", ""))
    if code == "GM043":
        return translate("CaseStore", "{who}: unknown status '{value}' (field status); use one of {statuses}.").format(
            who=who, value=p.get("value", ""), statuses="、".join(PART_STATUSES)
        )
    if code == "GM044":
        return translate(
            "CaseStore", "{who}: the owner department '{value}' is not a department of the store (field owner_dept)."
        ).format(who=who, value=p.get("value", ""))
    if code == "GM045":
        if p.get("x") in ("", None):
            return translate("CaseStore", "{who}: the location is not a valid point (field geom).").format(who=who)
        return translate(
            "CaseStore",
            "{who}: the point ({x}, {y}) lies in no grid of the store; parts are placed inside the grids (field geom).",
        ).format(who=who, x=_coord(p.get("x")), y=_coord(p.get("y")))
    if code == "GM046":
        return translate(
            "CaseStore",
            "No part code left for class {class_code} in {scope}: every serial up to {max} is used (field code).",
        ).format(**_defaults(p, "class_code", "max"), scope=p.get("scope") or "-")
    if code == "GM049":
        return deadlock_message()
    if code == "GM047":
        return translate("CaseStore", "{who}: history row {row} is not a change of this part.").format(
            who=who, row=p.get("row", "")
        )
    return translate("CaseStore", "Part {part} does not exist or is not visible to you.").format(part=p.get("part", ""))


def grid_message(code, p):
    """The translated message of a refused grid edit (GM030…GM034)."""
    if code == "GM030":
        if p.get("current") in ("", None):
            return translate(
                "CaseStore",
                "Grid {grid} was retired by {actor} at {at} after you started editing it (you had version "
                "{expected}); nothing was saved. Reload the grids and edit again.",
            ).format(**_defaults(p, "grid", "actor", "at", "expected"))
        return translate(
            "CaseStore",
            "Grid {grid} was changed by {actor} at {at} (now version {current}, you started from version "
            "{expected}); nothing was saved. Reload the grids and edit again.",
        ).format(**_defaults(p, "grid", "actor", "at", "current", "expected"))
    if code == "GM031":
        return translate(
            "CaseStore",
            "Grid {grid} lies in community {community} of street {street}; you may edit only the grids of "
            "street(s) {streets}.",
        ).format(**_defaults(p, "grid", "community", "street", "streets"))
    if code == "GM032":
        reason = p.get("reason")
        grid = p.get("grid", "")
        if reason == "multipart":
            return translate(
                "CaseStore", "Grid {grid}: the geometry has {parts} parts; a grid is one polygon (field geometry)."
            ).format(grid=grid, parts=p.get("parts", ""))
        if reason == "invalid":
            return translate("CaseStore", "Grid {grid}: the geometry is invalid ({detail}) (field geometry).").format(
                grid=grid, detail=p.get("detail", "")
            )
        if reason == "type":
            return translate(
                "CaseStore", "Grid {grid}: the geometry is a {type}, not a polygon (field geometry)."
            ).format(grid=grid, type=p.get("type", ""))
        if reason == "crs":
            return translate(
                "CaseStore",
                "Grid {grid}: the coordinates are not longitude/latitude in EPSG:4490 (field geometry).",
            ).format(grid=grid)
        if reason == "unreadable":
            return translate("CaseStore", "Grid {grid}: the geometry cannot be read (field geometry).").format(
                grid=grid
            )
        return translate("CaseStore", "Grid {grid}: the geometry is empty (field geometry).").format(grid=grid)
    if code == "GM033":
        reason = p.get("reason")
        if reason == "retired":
            return translate(
                "CaseStore",
                "Grid code {grid} was retired at {at}; a retired code is never issued again (field code).",
            ).format(**_defaults(p, "grid", "at"))
        if reason == "twice":
            return translate("CaseStore", "Grid {grid} appears twice in one save (field code).").format(
                **_defaults(p, "grid")
            )
        if reason == "community":
            return translate(
                "CaseStore", "Grid code {grid} does not begin with its community code {community} (field code)."
            ).format(**_defaults(p, "grid", "community"))
        return translate(
            "CaseStore", "Grid code {grid} is already in use; a new grid needs a new code (field code)."
        ).format(**_defaults(p, "grid"))
    if p.get("reason") == "moved":
        return translate(
            "CaseStore",
            "Grid {grid}: a grid cannot move to another community ({community}); retire it and add a new "
            "grid there (field community_code).",
        ).format(**_defaults(p, "grid", "community"))
    if p.get("community"):
        return translate("CaseStore", "Grid {grid}: '{community}' is not a community of this store.").format(
            **_defaults(p, "grid", "community")
        )
    return translate("CaseStore", "Grid {grid} does not exist in this store.").format(**_defaults(p, "grid"))


def check_grid_geometry(code, wkt):
    """One grid's geometry of an edit: WKT (or a shapely geometry) in EPSG:4490, one valid, non-empty polygon.
    Returns it as a one-part MultiPolygon; a refusal names the grid (the checks of ``gm.grid_geometry``)."""
    import shapely
    from shapely.geometry import MultiPolygon
    from shapely.validation import explain_validity

    if wkt is None or (isinstance(wkt, str) and not wkt.strip()):
        raise WorkflowError("GM032", {"grid": code, "reason": "empty"})
    if isinstance(wkt, str):
        try:
            geom = shapely.from_wkt(wkt)
        except Exception:  # shapely raises several kinds for unreadable WKT
            raise WorkflowError("GM032", {"grid": code, "reason": "unreadable"}) from None
    else:
        geom = wkt
    if geom is None or geom.is_empty:
        raise WorkflowError("GM032", {"grid": code, "reason": "empty"})
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise WorkflowError("GM032", {"grid": code, "reason": "type", "type": geom.geom_type.upper()})
    parts = len(geom.geoms) if geom.geom_type == "MultiPolygon" else 1
    if parts != 1:
        raise WorkflowError("GM032", {"grid": code, "reason": "multipart", "parts": parts})
    if not geom.is_valid:
        raise WorkflowError("GM032", {"grid": code, "reason": "invalid", "detail": explain_validity(geom)[:200]})
    x0, y0, x1, y1 = geom.bounds
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90):
        raise WorkflowError("GM032", {"grid": code, "reason": "crs"})
    return geom if parts == 1 and geom.geom_type == "MultiPolygon" else MultiPolygon([geom])


GRID_CODE = re.compile(r"[0-9]{14,15}")


def _coord(value):
    """A coordinate for a message: up to 7 decimals, no trailing zeros (0, 116.4006, 39.91565)."""
    try:
        return ("%.7f" % float(value)).rstrip("0").rstrip(".")
    except (TypeError, ValueError):
        return str(value)


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


STATISTICS_GROUPS = ("department", "street_code")
STATISTICS_FIELDS = ("open", "overdue", "due_today", "closed_week")


def statistics_bounds(time_zone, now=None):
    """``(now, today, tomorrow, week_start, week_end)`` as UTC instants: today and this week (Monday to Sunday)
    are those of the store's time zone."""
    from zoneinfo import ZoneInfo

    now = as_utc(now) if now is not None else utcnow()
    zone = ZoneInfo(time_zone)
    local = now.astimezone(zone)
    today = _dt.datetime.combine(local.date(), _dt.time(), tzinfo=zone)
    tomorrow = _dt.datetime.combine(local.date() + _dt.timedelta(days=1), _dt.time(), tzinfo=zone)
    monday = local.date() - _dt.timedelta(days=local.weekday())
    week_start = _dt.datetime.combine(monday, _dt.time(), tzinfo=zone)
    week_end = _dt.datetime.combine(monday + _dt.timedelta(days=7), _dt.time(), tzinfo=zone)
    return tuple(v.astimezone(_dt.timezone.utc) for v in (now, today, tomorrow, week_start, week_end))


def statistics_sql(by, where, ph):
    """SELECT of the statistics strip grouped by ``by`` (a column of :data:`STATISTICS_GROUPS`) over the cases
    matching ``where``; parameters: now, max(now, today), tomorrow, week_start, week_end, then the filter's."""
    if by not in STATISTICS_GROUPS:
        raise WorkflowError("GM008", {"field": "group", "value": str(by)[:60]})
    open_states = ",".join("'{}'".format(s) for s in OPEN_STATES)
    return (
        "SELECT coalesce({by}, '') AS key, "
        "sum(CASE WHEN state IN ({open}) THEN 1 ELSE 0 END) AS open, "
        "sum(CASE WHEN state = 'dispatched' AND deadline_at < {ph} THEN 1 ELSE 0 END) AS overdue, "
        "sum(CASE WHEN state = 'dispatched' AND deadline_at >= {ph} AND deadline_at < {ph} THEN 1 ELSE 0 END) "
        "AS due_today, "
        "sum(CASE WHEN state = 'closed' AND closed_at >= {ph} AND closed_at < {ph} THEN 1 ELSE 0 END) AS closed_week "
        "FROM {{table}} WHERE {where} GROUP BY coalesce({by}, '') ORDER BY 1"
    ).format(by=by, open=open_states, ph=ph, where=where)


# -- the workflow engine used by the embedded backend (PostGIS runs the same rules in plpgsql) ----------
GUARDS = {
    "": lambda case: True,
    "extension_pending": lambda case: bool(case["extension_pending"]),
    "no_extension_pending": lambda case: not case["extension_pending"],
    "checked": lambda case: bool(case["checked"]),
    "not_checked": lambda case: not case["checked"],
    "return_pending": lambda case: bool(case.get("return_pending")),
    "no_return_pending": lambda case: not case.get("return_pending"),
}


def guard_ok(guard, case):
    return GUARDS.get(guard or "", lambda c: False)(case)


def plan_transition(
    case,
    transition,
    now,
    department=None,
    hours=None,
    limit_hours=None,
    department_exists=None,
    note="",
    max_extension_hours=None,
    add_time=None,
):
    """The column updates a transition makes (the embedded backend's copy of ``gm.apply_transition``).

    ``limit_hours(kind, class_code, urgency)`` returns the handling time limit: clock hours, or a tuple
    ``(amount, unit)`` that ``add_time(start, amount, unit)`` turns into the deadline (the store's working
    time, :class:`..cases.working_time.WorkingTime`), or None;
    ``department_exists(code)`` tells whether a department exists; ``max_extension_hours(kind,
    class_code, urgency)`` the longest extension of the class (None: the default).  An accepted return
    adds ``_return`` (the dispatch that ended: department, dispatched_at, deadline_at, overdue_seconds)
    for the backend's return history.  Raises :class:`WorkflowError`.
    """
    code = case["case_code"]
    if transition.get("action") == "fail_check" and not (note or "").strip():
        raise WorkflowError("GM008", {"case": code, "field": "note", "action": "fail_check", "value": ""})
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
        amount, unit = limit if isinstance(limit, tuple) else (limit, "hours")
        if unit == "hours" or add_time is None:
            return start + _dt.timedelta(hours=float(amount))
        deadline = add_time(start, amount, unit)
        if deadline is None:
            raise WorkflowError(
                "GM007", {"kind": case["kind"], "class_code": case["class_code"], "urgency": case["urgency"]}
            )
        return deadline

    def extended_deadline(deadline, extra):
        """An approved extension counts in the handling limit's kind of time (gm.extended_deadline):
        working hours when the limit is in working hours or days, clock hours otherwise."""
        limit = limit_hours(case["kind"], case["class_code"], case["urgency"]) if limit_hours else None
        unit = limit[1] if isinstance(limit, tuple) else "hours"
        if unit in ("working_hours", "working_days") and add_time is not None and deadline is not None:
            extended = add_time(deadline, extra, "working_hours")
            if extended is not None:
                return extended
        return deadline + _dt.timedelta(hours=extra)

    def bound():
        value = max_extension_hours(case["kind"], case["class_code"], case["urgency"]) if max_extension_hours else None
        return float(value) if value is not None else DEFAULT_MAX_EXTENSION_HOURS

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
                return_pending=False,
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
        elif effect == "request_return":
            if not (note or "").strip():
                raise WorkflowError("GM008", {"case": code, "field": "note", "value": ""})
            upd.update(return_pending=True)
        elif effect in ("reject_return", "clear_return"):
            upd.update(return_pending=False)
        elif effect == "return":
            deadline = as_utc(case["deadline_at"])
            overdue = max(0.0, (now - deadline).total_seconds()) if deadline is not None else 0.0
            upd.update(
                returned_count=case["returned_count"] + 1,
                overdue_seconds=float(case.get("overdue_seconds") or 0) + overdue,
                department=None,
                deadline_at=None,
                dispatched_at=None,
                extension_pending=False,
                extension_hours=None,
                return_pending=False,
                _return={
                    "department": case["department"],
                    "dispatched_at": case["dispatched_at"],
                    "deadline_at": case["deadline_at"],
                    "overdue_seconds": overdue,
                },
            )
        elif effect == "request_extension":
            value = _hours(hours)
            if value is None or not value > 0:
                raise WorkflowError("GM008", {"case": code, "field": "hours", "value": hours})
            if value > bound():
                raise WorkflowError("GM017", {"case": code, "value": hours, "max": _num(bound())})
            upd.update(extension_pending=True, extension_hours=value)
        elif effect == "grant_extension":
            value = _hours(hours)
            extra = value if value is not None and value > 0 else float(case["extension_hours"] or 0)
            if extra > bound():
                raise WorkflowError("GM017", {"case": code, "value": _num(extra), "max": _num(bound())})
            upd.update(
                extension_pending=False,
                extension_hours=None,
                extension_count=case["extension_count"] + 1,
                deadline_at=extended_deadline(as_utc(case["deadline_at"]), extra),
            )
        elif effect == "refuse_extension":
            upd.update(extension_pending=False, extension_hours=None)
        elif effect == "clear_extension":
            upd.update(extension_pending=False, extension_hours=None)
        elif effect == "check":
            upd.update(checked=True, checked_at=now)
    return upd


def _hours(value):
    """Hours as a finite float, or None (NaN and infinities count as invalid)."""
    if value is None or value == "":
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise WorkflowError("GM008", {"field": "hours", "value": value}) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise WorkflowError("GM008", {"field": "hours", "value": value})
    return value


def _num(value):
    value = float(value)
    return int(value) if value.is_integer() else value


def check_text(field_name, value, max_length):
    """A text argument: no NUL, at most ``max_length`` characters (both backends, before any write)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise WorkflowError("GM008", {"field": field_name, "value": repr(value)[:60]})
    if "\x00" in value:
        raise WorkflowError("GM019", {"field": field_name})
    if len(value) > max_length:
        raise WorkflowError("GM016", {"field": field_name, "length": len(value), "max": max_length})


DEPARTMENT_CODE = re.compile(r"[^\s\x00-\x1f](?:[^\x00-\x1f]{0,198}[^\s\x00-\x1f])?")
CLASS_CODE = re.compile(r"[0-9]{4,5}")


def check_department(code, name):
    """A department's code and name (both backends; PostGIS checks the same in its functions)."""
    if not isinstance(code, str) or not DEPARTMENT_CODE.fullmatch(code):
        raise WorkflowError("GM068", {"field": "department", "value": str(code or "")[:60]})
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise WorkflowError("GM068", {"field": "name", "value": str(name or "")[:60]})
    check_text("name", name, 200)


def check_class(kind, code, name, name_zh):
    """A class of the store: kind part/event, a 4- or 5-digit code (a store whose schema keeps only 4-digit classes
    refuses 5 digits itself), an English or a Chinese name."""
    if kind not in KINDS:
        raise WorkflowError("GM008", {"field": "kind", "value": str(kind or "")[:60]})
    if not isinstance(code, str) or not CLASS_CODE.fullmatch(code):
        raise WorkflowError("GM068", {"field": "class_code", "value": str(code or "")[:60]})
    name, name_zh = (name or "").strip(), (name_zh or "").strip()
    if not (name or name_zh) or len(name) > 200 or len(name_zh) > 200:
        raise WorkflowError("GM068", {"field": "name", "value": name[:60]})
    check_text("name", name, 200)
    check_text("name_zh", name_zh, 200)
    return name or name_zh, name_zh


def check_attachments(attachments):
    """Attachments: a list (or tuple) of stored file names, never one string split into characters."""
    if attachments is None:
        return []
    if isinstance(attachments, (str, bytes)) or not isinstance(attachments, (list, tuple)):
        raise WorkflowError("GM008", {"field": "attachments", "value": str(attachments)[:60]})
    if len(attachments) > MAX_ATTACHMENTS:
        raise WorkflowError("GM016", {"field": "attachments", "length": len(attachments), "max": MAX_ATTACHMENTS})
    items = []
    for item in attachments:
        if not isinstance(item, str) or not item.strip():
            raise WorkflowError("GM008", {"field": "attachments", "value": str(item)[:60]})
        check_text("attachments", item, MAX_ATTACHMENT)
        items.append(item)
    return items


def check_apply_input(case_code, action, role, note, department, attachments):
    for name, value, limit in (
        ("case_code", case_code, MAX_CODE),
        ("action", action, MAX_CODE),
        ("role", role, MAX_CODE),
        ("note", note, MAX_NOTE),
        ("department", department, 200),
    ):
        check_text(name, value, limit)
    return check_attachments(attachments)


def check_reported_at(reported_at, role, source, note, now, admin=False, max_hours=MAX_BACKDATE_HOURS):
    """The report time of a new case: the clock (``now``), or a time the call centre recorded (at most
    ``max_hours`` in the past, never in the future, with a note).  ``admin``: a historical load."""
    if reported_at is None or reported_at == "":
        return now
    try:
        when = as_utc(reported_at)
    except (TypeError, ValueError):
        raise WorkflowError("GM008", {"field": "reported_at", "value": str(reported_at)[:60]}) from None
    text = when.isoformat(timespec="seconds")
    if admin:  # a load of historical cases: the administrator's responsibility
        return when
    if when > now:
        raise WorkflowError("GM013", {"reason": "future", "value": text})
    if role != BACKDATE_ROLE or source not in BACKDATE_SOURCES:
        raise WorkflowError("GM013", {"reason": "role", "value": text})
    if when < now - _dt.timedelta(hours=max_hours):
        raise WorkflowError("GM013", {"reason": "too_old", "value": text, "max": max_hours})
    if not (note or "").strip():
        raise WorkflowError("GM013", {"reason": "note", "value": text})
    return when


def local_days(flt, time_zone):
    """A filter whose plain dates (``date_from``/``date_to`` as ``datetime.date``) become midnight in the
    store's time zone: "reported on 2 December" means 2 December in Beijing, not in UTC."""
    import dataclasses
    from zoneinfo import ZoneInfo

    if flt is None:
        return None
    changes = {}
    for name in ("date_from", "date_to"):
        value = getattr(flt, name)
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            changes[name] = _dt.datetime.combine(value, _dt.time(), tzinfo=ZoneInfo(time_zone))
    return dataclasses.replace(flt, **changes) if changes else flt


def case_code_date(when, time_zone):
    """The date part of a case code: the report day in the store's time zone (YYYYMMDD)."""
    from zoneinfo import ZoneInfo

    return as_utc(when).astimezone(ZoneInfo(time_zone)).strftime("%Y%m%d")


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

    def commit_grid_edits(self, edits, reason, publish=False):
        """Save grid edits as one commit: ``edits`` is a list of dicts ``{"code", "base_version"`` (None for a
        new grid), ``"geometry"`` (WKT in EPSG:4490), ``"community_code"`` (new grids), ``"retire"``}.  Each
        change becomes a new version; a grid changed by someone else since ``base_version`` refuses the whole
        commit (:class:`StaleVersionError`).  Returns ``[{"code", "version", "change"}]``."""
        raise NotImplementedError

    def publish_grids(self, grids, reason):
        """Load a partition's output as version 1 of new grids: ``grids`` is ``[(code, community_code, wkt)]``."""
        return self.commit_grid_edits(
            [{"code": c, "base_version": None, "community_code": m, "geometry": w} for c, m, w in grids],
            reason,
            publish=True,
        )

    def grid_history(self, code):
        """Every version of a grid, oldest first: version, community_code, valid_from, valid_to, change,
        actor, at, reason, retired_by, retired_at, retire_reason, wkt."""
        raise NotImplementedError

    def current_grids(self):
        """The current version of every grid: code, version, community_code, wkt."""
        raise NotImplementedError

    def revise_grid(self, code, community_code, wkt):
        """Close the current version of a grid and make ``wkt`` its new current version."""
        raise NotImplementedError

    # -- administration (departments, classes, users; every change audited) ----------------------
    def may_administer(self):
        """Whether the current login may change departments, classes and users (administrator, command)."""
        raise NotImplementedError

    def save_department(self, code, name):
        """Add a department or rename it (audited)."""
        raise NotImplementedError

    def remove_department(self, code):
        """Remove a department no case and no user refers to (audited)."""
        raise NotImplementedError

    def save_class(self, kind, code, name, name_zh=""):
        """Add a part or event class or rename it (English and Chinese names; audited)."""
        raise NotImplementedError

    def admin_audit(self, obj=None, key=None):
        """The audit of administrative changes (oldest first): id, at, actor, object, key, operation,
        old_values, new_values (dicts or None)."""
        raise NotImplementedError

    def import_classes(self, kind, path=None):
        """Add (or rename) the classes of a catalogue CSV (``resources/catalogs``'s columns: code, name_zh,
        name_en...; the bundled catalogue of ``kind`` when ``path`` is None).  The store keeps minor classes
        (4 or 5 digits); the major classes (2 digits) are skipped with the reason.
        Returns ``(saved, skipped)`` where skipped is ``[(code, reason)]``."""
        from ..parts.catalogs import load_catalog, read_catalog

        catalog = read_catalog(path) if path else load_catalog(kind)
        saved, skipped = 0, []
        for entry in sorted(catalog.entries.values(), key=lambda e: e.code):
            if entry.is_major:
                skipped.append(
                    (entry.code, translate("CaseStore", "a major class (2 digits); the store keeps minor classes"))
                )
                continue
            if not CLASS_CODE.fullmatch(entry.code):
                skipped.append((entry.code, translate("CaseStore", "not a class code of 4 or 5 digits")))
                continue
            self.save_class(kind, entry.code, entry.name_en, entry.name_zh)
            saved += 1
        return saved, skipped

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
        photos=(),
    ):
        """Create a case at (x, y) (store CRS, lon/lat CGCS2000); grid, community and street are filled
        in from the location; ``photos`` are stored with the report in the same transaction.  Returns the case
        dict."""
        raise NotImplementedError

    def apply(
        self,
        case_code,
        action,
        role,
        expected_version,
        note="",
        department=None,
        hours=None,
        attachments=(),
        photos=(),
    ):
        """Apply one workflow action atomically; ``photos`` (:class:`Photo`) are stored with its audit row in the
        same transaction (a refused photo refuses the action).  Returns the updated case dict."""
        raise NotImplementedError

    def apply_batch(self, cases, action, role, note="", department=None, progress=None):
        """Apply ``action`` (one of :data:`BATCH_ACTIONS`) to many cases, each in its own transaction with the
        version the caller saw: ``cases`` is a list of ``(case_code, version)`` (or case dicts).  A refusal
        (stale version, action not allowed, another department...) refuses that case only.  Returns one dict per
        case, in order: ``case_code``, ``applied`` (bool), ``case`` (the updated case or None), ``code`` (the
        refusal code, e.g. ``GM002``, or None) and ``message`` (the translated reason, "" when applied).
        ``progress(done, total)``, when given, is called after each case and may return False to stop (the
        remaining cases are reported as not attempted, code ``GM060``)."""
        if action not in BATCH_ACTIONS:
            raise WorkflowError("GM061", {"action": action})
        items = []
        for item in cases:
            if isinstance(item, dict):
                items.append((item["case_code"], item["version"]))
            else:
                items.append((item[0], item[1]))
        extra = {"note": note or ""}
        if department is not None:
            extra["department"] = department
        results = []
        stopped = False
        for n, (code, version) in enumerate(items):
            if stopped:
                results.append(
                    {
                        "case_code": code,
                        "applied": False,
                        "case": None,
                        "code": "GM060",
                        "message": workflow_message("GM060", {"case": code}),
                    }
                )
                continue
            try:
                case = self.apply(code, action, role, version, **extra)
            except WorkflowError as error:
                results.append(
                    {"case_code": code, "applied": False, "case": None, "code": error.code, "message": str(error)}
                )
            except StoreError as error:  # a lost connection, a permission: this case only
                results.append({"case_code": code, "applied": False, "case": None, "code": "", "message": str(error)})
            else:
                results.append({"case_code": code, "applied": True, "case": case, "code": None, "message": ""})
            if progress is not None and progress(n + 1, len(items)) is False:
                stopped = True
        return results

    def get_case(self, case_code):
        raise NotImplementedError

    # -- photos (case_attachments) ----------------------------------------------------------------
    def attachment_settings(self):
        """``{"max_bytes": int, "folder": str or None}``: the largest photo and the attachments folder (None:
        photos are kept in the store itself)."""
        raise NotImplementedError

    def set_attachment_settings(self, max_bytes=None, folder=None):
        """Change the photo settings (the store's administrator); ``folder=""`` keeps new photos in the store."""
        updates = []
        if max_bytes is not None:
            updates.append(("max_attachment_bytes", str(check_max_photo_bytes(max_bytes))))
        if folder is not None:
            check_text("attachments_folder", folder, 1000)
            updates.append(("attachments_folder", folder))
        self._put_settings(updates)

    def _put_settings(self, pairs, keep_empty=False):
        """Write ``(key, value)`` pairs into the store's settings in one transaction (``""`` removes the key
        unless ``keep_empty``)."""
        raise NotImplementedError

    def _checked_photos(self, photos):
        """The photos checked against the store's settings (type, size) and the settings, or ``([], None)``."""
        if not photos:
            return [], None
        settings = self.attachment_settings()
        return check_photos(list(photos), settings["max_bytes"]), settings

    def add_photos(self, case_code, seq, role, photos):
        """Add :class:`Photo` s to the step ``seq`` of a case (only the login that took the step, in its role;
        the dialogs pass ``photos`` to :meth:`apply`/:meth:`report_case` instead, one transaction).  Returns
        the new attachment ids."""
        raise NotImplementedError

    def attachments(self, case_code):
        """The photos of a case, oldest first, as dicts of ATTACHMENT_COLUMNS: the thumbnail bytes, never the
        photo's (see :meth:`attachment_data`)."""
        raise NotImplementedError

    def attachment_data(self, attachment_id):
        """The full bytes of one photo (from the store or its attachments folder, checked by hash)."""
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

    def statistics(self, flt=None, by="department", now=None):
        """The statistics strip of the dock: per department (or street, ``by="street_code"``) of the cases
        matching ``flt``: ``open`` (not closed, declined or cancelled), ``overdue`` (dispatched, deadline
        passed), ``due_today`` (dispatched, deadline later today), ``closed_week`` (closed this week, Monday to
        Sunday).  Today and the week are those of the store's time zone.  Returns ``[{"key", ...}]`` sorted by
        key ("" for cases without a department)."""
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

    # -- working time (issue 15) ------------------------------------------------------------------
    def working_hours(self):
        """The working hours of a working day (setting working_hours, e.g. ``08:30-12:00,13:30-17:30``)."""
        raise NotImplementedError

    def set_working_hours(self, text):
        """Set the working hours (command centre or the store's administrator; audited)."""
        raise NotImplementedError

    def calendar(self, year=None):
        """The calendar rows (day, working, note), of one year or all, by day."""
        raise NotImplementedError

    def load_calendar(self, rows):
        """Load an official holiday list ``[(date, working, note)]``: the rows of the years it covers are
        replaced (command centre or administrator; audited).  Returns the number of rows loaded."""
        raise NotImplementedError

    def time_limits(self):
        """Every time limit: kind, class_code, urgency, stage, amount, unit, max_extension_hours."""
        raise NotImplementedError

    def set_time_limit(
        self, kind, class_code, urgency, hours, max_extension_hours=None, stage="handling", unit="hours"
    ):
        """One time limit (``hours``: the amount in ``unit``): command centre or administrator; audited."""
        self.set_time_limits(
            [
                {
                    "kind": kind,
                    "class_code": class_code,
                    "urgency": urgency,
                    "stage": stage,
                    "amount": hours,
                    "unit": unit,
                    "max_extension_hours": max_extension_hours,
                }
            ]
        )

    def set_time_limits(self, rows):
        """Write time limits in one transaction: dicts with kind, class_code, urgency, stage, amount, unit and
        optionally max_extension_hours; ``class_code`` ``*`` = every class of the kind, ``urgency`` ``*`` =
        both (command centre or administrator; audited).  Returns the number of limits written."""
        raise NotImplementedError

    def add_working_times(self, starts, amounts, units):
        """``starts[i] + amounts[i]`` in ``units[i]`` (hours, working_hours, working_days) with the store's
        calendar, working hours and time zone: aware UTC datetimes (None where it cannot be computed)."""
        raise NotImplementedError

    def add_working_time(self, start, amount, unit):
        return self.add_working_times([start], [amount], [unit])[0]

    def case_deadlines(self, as_of=None, case_code=None):
        """The current stage of every open case visible to the user (or of one case) and when it is due:
        dicts with case_id, case_code, stage, started_at, due_at (None without a limit), overdue."""
        raise NotImplementedError

    def case_deadline(self, case_code, as_of=None):
        """The current stage of one open case and when it is due (see :meth:`case_deadlines`), or None."""
        return next(iter(self.case_deadlines(as_of=as_of, case_code=case_code)), None)

    def working_time_log(self, limit=200):
        """The latest changes of the calendar, the time limits and the settings (newest first)."""
        raise NotImplementedError

    def expand_time_limits(self, rows):
        """Limit rows with ``*`` classes/urgencies expanded to the store's classes; an unknown class is
        refused naming the row (field class_code)."""
        known = {}
        for row in self.classes():
            known.setdefault(row["kind"], []).append(row["code"])
        out = []
        for row in rows:
            kind = row["kind"]
            if row["class_code"] == "*":
                codes = known.get(kind, [])
            elif row["class_code"] in known.get(kind, []):
                codes = [row["class_code"]]
            else:
                line = row.get("line")
                raise InputError(
                    (translate("CaseStore", "Line {line}: ").format(line=line) if line is not None else "")
                    + translate("CaseStore", "Unknown class '{value}' for kind '{kind}' (field class_code).").format(
                        value=row["class_code"], kind=kind
                    )
                )
            if str(row["urgency"]).strip() not in ("0", "1", "*"):
                raise WorkflowError("GM008", {"field": "urgency", "value": row["urgency"]})
            urgencies = (0, 1) if str(row["urgency"]).strip() == "*" else (int(row["urgency"]),)
            for code in codes:
                for urgency in urgencies:
                    out.append(dict(row, class_code=code, urgency=urgency))
        return out

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

    # -- part editing (issue 14) -------------------------------------------------------------------
    #: fields of a part a planner writes (the rest is made by the store: code, class names, grid,
    #: community, street, version, the bookkeeping of the survey runs)
    PART_EDIT_FIELDS = ("class_code", "name", "status", "owner_dept", "survey_date", "code_16", "retired_on")

    def part_code_scheme(self):
        """``(scheme, county)``: the scheme new part codes follow (survey12, gbt30428 or gbt47678) and the
        county of the 16/17-digit codes ('' = the district of the part's community)."""
        raise NotImplementedError

    def set_part_code_scheme(self, scheme, county=""):
        """Set the scheme and county of new part codes (the store's administrator)."""
        from .parts import PART_SCHEMES

        if scheme not in PART_SCHEMES:
            raise WorkflowError("GM008", {"field": "part_code_scheme", "value": str(scheme)[:40]})
        county = str(county or "").strip()
        if county and (len(county) != 6 or not county.isdigit()):
            raise WorkflowError("GM008", {"field": "part_county", "value": county[:40]})
        # the scheme is never "" and a county of "" is kept as the value "" (the district of each part)
        self._put_settings([("part_code_scheme", scheme), ("part_county", county)], keep_empty=True)

    def insert_part(self, class_code, x, y, **values):
        """Add a part at (x, y) (store coordinates) as a planner; the store makes its code, grid, community,
        street and class names.  ``values``: PART_EDIT_FIELDS.  Returns the new part (see :meth:`get_part`)."""
        raise NotImplementedError

    def update_part(self, code, expected_version, x=None, y=None, **values):
        """Change a part's fields (PART_EDIT_FIELDS) and/or move it, as a planner; refused (GM041) when the
        part is no longer at ``expected_version``.  Returns the part after the change."""
        raise NotImplementedError

    def retire_part(self, code, expected_version, retired_on=None):
        """Retire a part (status 注销 with the date, today by default); parts are never deleted."""
        values = {"status": RETIRED}
        if retired_on is not None:
            values["retired_on"] = retired_on
        return self.update_part(code, expected_version, **values)

    def restore_part(self, code, history_id, expected_version=None):
        """Put a part back to the values and position recorded by its history row ``history_id`` (a new
        version, recorded as a 'restore' change).  Returns the new version."""
        raise NotImplementedError

    def get_part(self, code):
        """A part as a dict (its columns, ``x``, ``y``; dates as ISO text) or None."""
        raise NotImplementedError

    def part_history(self, code):
        """The changes of one part, oldest first: dicts of PART_HISTORY_COLUMNS (old/new values as dicts,
        run_id None for a planner's edit, version the version the change made)."""
        raise NotImplementedError

    @staticmethod
    def _check_part_values(values):
        unknown = sorted(set(values) - set(CaseStore.PART_EDIT_FIELDS))
        if unknown:
            raise WorkflowError("GM008", {"field": unknown[0], "value": ""})
        for name, value in values.items():
            if name != "retired_on" and value is not None:
                check_text(name, str(value), 200)

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
    def check_case_input(kind, source, urgency, x, y, class_code="", description="", note="", part_code=None):
        for name, value, limit in (
            ("kind", kind, MAX_CODE),
            ("source", source, MAX_CODE),
            ("class_code", class_code, MAX_CODE),
            ("part_code", part_code, MAX_CODE),
            ("description", description, MAX_DESCRIPTION),
            ("note", note, MAX_NOTE),
        ):
            check_text(name, value, limit)
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
        if not (-180 <= x <= 180 and -90 <= y <= 90):  # also NaN
            raise WorkflowError("GM008", {"field": "location", "value": ""})
        return int(urgency), x, y


__all__ = ["BATCH_ACTIONS", "CaseStore", "CaseFilter", "StoreError", "WorkflowError", "StaleVersionError", "InputError"]
