"""Load reference data into a case store: streets and communities (CSV of statistical division codes),
grids and parts (any vector file GDAL reads).  Every row is checked first; on a bad row nothing is
written and the message names the file, the row and the field."""

import csv
import re

import shapely

from ..common.errors import InputError
from ..common.i18n import translate


def _bad(path, row, field, value, why):
    return InputError(
        translate("StoreReference", "{path}, row {row}, field {field}: '{value}' {why}").format(
            path=path, row=row, field=field, value=value, why=why
        )
    )


def load_units_csv(store, path):
    """CSV with community_code, community_name, street_code, street_name (e.g. the 东城区 list).
    Districts are the first 6 digits of the street code.  Returns the number of units added."""
    digits = translate("StoreReference", "is not a code of {n} digits")
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(
            translate("StoreReference", "Cannot read {path}: {error}").format(path=path, error=error)
        ) from None
    needed = ("community_code", "community_name", "street_code", "street_name")
    if rows and any(name not in rows[0] for name in needed):
        missing = [name for name in needed if name not in rows[0]]
        raise InputError(
            translate("StoreReference", "{path}: missing columns {columns}").format(
                path=path, columns=", ".join(missing)
            )
        )
    units = {}
    for number, row in enumerate(rows, start=2):
        street, community = (row["street_code"] or "").strip(), (row["community_code"] or "").strip()
        if not re.fullmatch(r"\d{9}", street):
            raise _bad(path, number, "street_code", street, digits.format(n=9))
        if not re.fullmatch(r"\d{12}", community) or not community.startswith(street):
            raise _bad(
                path,
                number,
                "community_code",
                community,
                translate("StoreReference", "is not a 12-digit code inside its street"),
            )
        units.setdefault(street[:6], ("district", street[:6], None))
        units.setdefault(street, ("street", (row["street_name"] or "").strip() or street, street[:6]))
        units[community] = ("community", (row["community_name"] or "").strip() or community, street)
    existing = {u["code"] for u in store.admin_units()}
    added = 0
    for level in ("district", "street", "community"):
        for code, (lvl, name, parent) in units.items():
            if lvl == level and code not in existing:
                store.add_admin_unit(code, level, name, parent)
                added += 1
    return added


def _read_vector(path, layer):
    import geopandas

    try:
        frame = geopandas.read_file(path, layer=layer) if layer else geopandas.read_file(path)
    except Exception as error:
        raise InputError(
            translate("StoreReference", "Cannot read {path}: {error}").format(path=path, error=error)
        ) from None
    if frame.crs is None:
        raise InputError(translate("StoreReference", "{path} has no coordinate reference system.").format(path=path))
    return frame.to_crs(4490)


def _field(frame, path, name):
    if name not in frame.columns:
        raise InputError(translate("StoreReference", "{path}: missing field {field}").format(path=path, field=name))


def load_grids(store, path, layer=None, code_field="code", community_field="community_code"):
    """Grids from a polygon layer; an existing grid code gets a new version.  Returns (added, revised)."""
    rows = _grid_rows(store, path, layer, code_field, community_field)
    current = set(store.grid_codes())
    added = revised = 0
    for code, community, wkt in rows:
        if code in current:
            store.revise_grid(code, community, wkt)
            revised += 1
        else:
            store.add_grid(code, community, wkt)
            added += 1
    return added, revised


def publish_grids(store, path, layer=None, code_field="code", community_field="community_code", reason=""):
    """Publish a partition's output into the shared store as version 1 of new grids, in one commit with
    who/when/why (administrator or surveyor of the grids' streets).  Returns the number of grids."""
    rows = _grid_rows(store, path, layer, code_field, community_field)
    for number, (code, _community, wkt) in enumerate(rows, start=1):
        if wkt.startswith("MULTIPOLYGON") and len(shapely.from_wkt(wkt).geoms) != 1:
            raise _bad(path, number, "geometry", code, translate("StoreReference", "has several parts"))
    return len(store.publish_grids(rows, reason))


def _grid_rows(store, path, layer, code_field, community_field):
    frame = _read_vector(path, layer)
    _field(frame, path, code_field)
    _field(frame, path, community_field)
    communities = {u["code"] for u in store.admin_units("community")}
    rows = []
    for number, (_index, row) in enumerate(frame.iterrows(), start=1):
        code = str(row[code_field] or "").strip()
        community = str(row[community_field] or "").strip()
        geom = row.geometry
        if not re.fullmatch(r"\d{14,15}", code):
            raise _bad(
                path, number, code_field, code, translate("StoreReference", "is not a 14- or 15-digit grid code")
            )
        if community not in communities:
            raise _bad(
                path, number, community_field, community, translate("StoreReference", "is not a community of the store")
            )
        polygonal = geom is not None and geom.geom_type in ("Polygon", "MultiPolygon")
        if not polygonal or geom.is_empty or not geom.is_valid:
            raise _bad(
                path,
                number,
                "geometry",
                geom.geom_type if geom is not None else "",
                translate("StoreReference", "is not a valid polygon"),
            )
        rows.append((code, community, geom.wkt))
    return rows


def part_class(code):
    """The 4-digit class of a part code: 12 digits (2+2+8) or GB/T 30428.2 16 digits (6+2+2+6)."""
    if re.fullmatch(r"\d{12}", code):
        return code[:4]
    if re.fullmatch(r"\d{16}", code):
        return code[6:10]
    return None


def load_parts(store, path, layer=None, code_field="code", class_field=None):
    """Parts from a point layer (class from ``class_field`` or from the code); the grid is located.
    Returns the number of parts added."""
    frame = _read_vector(path, layer)
    _field(frame, path, code_field)
    if class_field:
        _field(frame, path, class_field)
    classes = {c["code"] for c in store.classes("part")}
    rows = []
    for number, (_index, row) in enumerate(frame.iterrows(), start=1):
        code = str(row[code_field] or "").strip()
        cls = str(row[class_field] or "").strip() if class_field else part_class(code)
        if not code:
            raise _bad(path, number, code_field, code, translate("StoreReference", "is empty"))
        if cls not in classes:
            raise _bad(
                path,
                number,
                class_field or code_field,
                cls or code,
                translate("StoreReference", "has no part class of the store"),
            )
        geom = row.geometry
        if geom is None or geom.is_empty or geom.geom_type != "Point":
            raise _bad(
                path,
                number,
                "geometry",
                geom.geom_type if geom is not None else "",
                translate("StoreReference", "is not a point"),
            )
        rows.append((code, cls, geom.x, geom.y))
    located = []
    for code, cls, x, y in rows:
        grid = store.grid_at(x, y)
        located.append((code, cls, x, y, grid[0] if grid else None))
    store.add_parts(located)
    return len(located)
