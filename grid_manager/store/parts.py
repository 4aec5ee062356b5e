"""The part inventory in a case store: what both backends share (columns, the frame the comparison
reads, the checks of a survey before it is applied).  The SQL of each backend is in its module; the
comparison itself is :func:`grid_manager.parts.inventory.compare`, the same for every target."""

import datetime

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate
from ..parts.inventory import INVENTORY_FIELDS, NEW, InventoryRun
from ..parts.survey_import import PART_FIELDS

# Columns of the parts table written from the survey (besides code, grid_code, source_row and the position).
TEXT_COLUMNS = tuple(f for f in PART_FIELDS if f not in ("code", "grid_code", "source_row"))
DATE_COLUMNS = ("first_seen", "last_seen", "missing_since")
# Changes that write the survey's values (and position) into an existing part.
REWRITES = ("moved", "changed", "moved_changed")
HISTORY_COLUMNS = (
    "id",
    "run_id",
    "code",
    "change",
    "changed_fields",
    "actor",
    "at",
    "old_values",
    "new_values",
    "old_x",
    "old_y",
    "x",
    "y",
)
#: the part code schemes a store can generate codes in (grid_manager.parts.schemes)
PART_SCHEMES = ("survey12", "gbt30428", "gbt47678")


def scheme_layout(scheme):
    """(county digits, class digits, serial digits) of the codes a store makes in ``scheme``
    (the layouts of :mod:`grid_manager.parts.schemes`; ``gm.part_scheme_layout`` in PostGIS)."""
    from ..parts.schemes import SCHEMES

    s = SCHEMES[scheme]
    return s.county, s.major + s.minor, s.serial


PART_HISTORY_COLUMNS = HISTORY_COLUMNS + ("version", "restored_from")
# The columns of a part as get_part returns them (besides x and y).
PART_COLUMNS = (
    "code",
    "class_code",
    "major",
    "minor",
    "major_zh",
    "major_en",
    "class_zh",
    "class_en",
    "code_16",
    "name",
    "status",
    "owner_dept",
    "survey_date",
    "grid_code",
    "community_code",
    "street_code",
    "source_file",
    "source_row",
    "inv_state",
    "first_seen",
    "last_seen",
    "missing_since",
    "retired_on",
    "last_run",
    "last_change",
    "version",
)
RUN_COLUMNS = ("id", "actor", "started_at", "base_version", "source", "move_threshold", "survey_day", "counts")


def inventory_frame(records, columns):
    """The frame :func:`~grid_manager.parts.inventory.compare` reads (``fid``, the inventory fields,
    ``x``, ``y``) from rows of ``columns`` (which hold the inventory fields, ``x`` and ``y``)."""
    frame = (
        pd.DataFrame.from_records(records, columns=list(columns)) if not isinstance(records, pd.DataFrame) else records
    )
    out = pd.DataFrame({"fid": np.arange(len(frame), dtype=np.int64)})
    for name in INVENTORY_FIELDS:
        values = frame[name]
        if name == "source_row":
            out[name] = pd.to_numeric(values, errors="coerce").fillna(0).astype(np.int64).values
        else:
            out[name] = values.where(values.notna(), "").astype(str).values
    out["code"] = out["code"].str.strip()
    out["x"] = pd.to_numeric(frame["x"], errors="coerce").astype(float).values
    out["y"] = pd.to_numeric(frame["y"], errors="coerce").astype(float).values
    return out


def _where(survey, index, source):
    """'file, row n' (the original survey row) or 'layer, feature n' for a survey frame row."""
    file = str(survey["source_file"].values[index]) if "source_file" in survey else ""
    row = int(survey["source_row"].values[index]) if "source_row" in survey else 0
    if file and row > 0:
        return translate("CaseStore", "{file}, row {row}").format(file=file, row=row)
    return translate("CaseStore", "{source}, feature {feature}").format(source=source, feature=index + 1)


def check_survey(survey, source, known_classes):
    """Refuse a survey the store cannot hold, before anything is compared or written: a location the
    store's coordinates (EPSG:4490 lon/lat) cannot express, or a part class missing from the store's
    class catalogue.  The message names the file and row (or feature) and the field."""
    x = survey["x"].values.astype(float)
    y = survey["y"].values.astype(float)
    bad = ~(np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            translate(
                "CaseStore",
                "{where}, geometry (part {code}): the location cannot be stored in the case store's "
                "coordinates (CGCS2000 longitude/latitude, EPSG:4490).",
            ).format(where=_where(survey, i, source), code=survey["code"].values[i])
        )
    classes = survey["class_code"].fillna("").astype(str).str.strip()
    unknown = ~classes.isin(set(known_classes)).values
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        missing = sorted(set(classes.values[unknown]))
        raise InputError(
            translate(
                "CaseStore",
                "{where}, field class_code (part {code}): the part class '{value}' is not in the class "
                "catalogue of the case store; ask its administrator to add it. {count} parts of the "
                "survey have classes the store does not know: {classes}.",
            ).format(
                where=_where(survey, i, source),
                code=survey["code"].values[i],
                value=classes.values[i],
                count=int(unknown.sum()),
                classes=", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""),
            )
        )


def new_parts_change(rows):
    """A report and a survey frame adding ``rows`` [(code, class_code, x, y, grid_code)] as new parts
    (administrative loads: sample data, ``load-parts``)."""
    rows = list(rows)
    survey = pd.DataFrame({name: [""] * len(rows) for name in PART_FIELDS})
    survey["code"] = [str(r[0]) for r in rows]
    survey["class_code"] = [str(r[1]) for r in rows]
    survey["grid_code"] = ["" if r[4] is None else str(r[4]) for r in rows]
    survey["source_row"] = np.zeros(len(rows), dtype=np.int64)
    survey["x"] = [float(r[2]) for r in rows]
    survey["y"] = [float(r[3]) for r in rows]
    report = pd.DataFrame({"code": survey["code"], "change": NEW, "x": survey["x"], "y": survey["y"]})
    run = InventoryRun(source="add_parts", move_threshold=None, today=datetime.date.today().isoformat())
    return report, survey, run


def chunks(frame, size):
    for start in range(0, len(frame), max(1, int(size))):
        yield frame.iloc[start : start + size]
