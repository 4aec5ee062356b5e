"""The part survey import engine: validate codes and coordinates, drop duplicates, convert
coordinates (GCJ-02, BD-09, any CRS), assign every part to its grid — and account for every row.

``accepted + rejected = input rows`` always: a row is either a part in a grid or a rejection with a
machine-readable reason code and a translated message.
"""

import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..common.errors import GridManagerError, InputError
from ..common.i18n import translate
from ..common.paths import folder_writable
from ..common.progress import NULL_PROGRESS
from ..formats import gpkg_points
from ..formats.survey_io import guess_field
from . import chinacoords
from .catalogs import load_catalog
from .schemes import AUTO, SURVEY12, check_codes, reason_message, survey12_to_gbt30428

COORD_LAYER, COORD_WGS84, COORD_GCJ02, COORD_BD09, COORD_CRS = range(5)

# Row-level reason codes besides the code reasons of codes.py.
R_EMPTY = "empty_row"
R_COORD_MISSING = "coordinates_missing"
R_COORD_BAD = "coordinates_unparseable"
R_COORD_RANGE = "coordinates_out_of_range"
R_DUP_SAME = "duplicate_same_location"
R_DUP_OTHER = "duplicate_other_location"
R_OUTSIDE = "outside_grids"

SAME_LOCATION_METRES = 1.0
# The scheme, county and serial segments follow from the code itself and are not repeated.
PART_FIELDS = (
    "code",
    "major",
    "minor",
    "class_code",
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
)


@dataclass
class GridSet:
    """Grid polygons (shapely) with their 15-digit codes, in one CRS."""

    codes: np.ndarray
    geoms: np.ndarray
    crs: str
    source: str = "grids"
    _tree: object = None

    @classmethod
    def build(cls, codes, geoms, crs, source="grids", ids=None):
        import shapely

        codes = np.array(["" if c is None else str(c).strip() for c in codes], dtype=object)
        geoms = np.asarray(geoms, dtype=object)
        ids = list(range(1, len(codes) + 1)) if ids is None else list(ids)
        for i, code in enumerate(codes):
            if not code or code.upper() == "NULL":
                raise InputError(
                    translate("SurveyImport", "{layer}, feature {fid}: the field 'grid_code' is empty.").format(
                        layer=source, fid=ids[i]
                    )
                )
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        if missing.any():
            fid = ids[int(np.flatnonzero(missing)[0])]
            raise InputError(
                translate("SurveyImport", "{layer}, feature {fid}: the grid has no geometry.").format(
                    layer=source, fid=fid
                )
            )
        invalid = ~shapely.is_valid(geoms)
        if invalid.any():
            geoms = geoms.copy()
            geoms[invalid] = shapely.make_valid(geoms[invalid])
        order = np.argsort(codes, kind="stable")  # ties on a shared edge go to the smallest code
        return cls(codes[order], geoms[order], crs, source)

    _lattice: object = None

    @property
    def tree(self):
        if self._tree is None:
            import shapely

            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    def community_street(self):
        """Community (12-digit) and street (9-digit) codes of every grid, from 14/15-digit codes."""
        gc = pd.Series(self.codes, dtype=object)
        long_code = (gc.str.len().isin([14, 15]) & gc.str.fullmatch(r"[0-9]+").fillna(False)).values
        community = np.where(long_code, gc.str[:12].values, "").astype(object)
        street = np.where(long_code, gc.str[:9].values, "").astype(object)
        return community, street

    def assign(self, x, y):
        """Index of the grid containing each point (-1 when none); boundary ties → smallest code."""
        lattice = self.lattice()
        if lattice is None:
            return self._assign_tree(x, y)
        return lattice.assign(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))

    def _assign_tree(self, x, y):
        import shapely

        points = shapely.points(x, y)
        hits = self.tree.query(points, predicate="intersects")
        out = np.full(len(x), len(self.codes), dtype=np.int64)
        if hits.shape[1]:
            np.minimum.at(out, hits[0], hits[1])
        out[out == len(self.codes)] = -1
        return out

    def lattice(self):
        """The bounding-box lattice of the grids (None when it would not pay)."""
        if self._lattice is None:
            self._lattice = _Lattice.build(self.geoms) or False
        return self._lattice or None


class _Lattice:
    """Candidate grids of a point from a regular lattice over the grids' bounding boxes.

    Every grid is registered in the lattice cells its bounding box touches; a point's candidates
    are the grids of its cell whose (closed) bounding box holds it.  Cell indices come from one
    monotonic formula for points and box corners alike, so a point on a box edge always finds the
    box.  Axis-aligned rectangular grids are then decided by the box test, which is exact; any other
    shape by GEOS (``intersects_xy``, on prepared geometries) — the same predicate as before."""

    def __init__(self, geoms, bounds, is_box, origin, size, shape, starts, members):
        self.geoms = geoms
        self.bounds = bounds
        self.is_box = is_box
        self.origin = origin
        self.size = size
        self.shape = shape
        self.starts = starts
        self.members = members

    @classmethod
    def build(cls, geoms):
        import shapely

        g = len(geoms)
        if g == 0:
            return None
        bounds = shapely.bounds(geoms)
        if not np.isfinite(bounds).all():
            return None
        width = bounds[:, 2] - bounds[:, 0]
        height = bounds[:, 3] - bounds[:, 1]
        x0, y0 = bounds[:, 0].min(), bounds[:, 1].min()
        span_x, span_y = bounds[:, 2].max() - x0, bounds[:, 3].max() - y0
        # Cells of half the typical grid: a point has ~2.25 candidates on a regular layout.
        size_x = float(np.median(width)) / 2 if np.median(width) > 0 else max(span_x, 1.0)
        size_y = float(np.median(height)) / 2 if np.median(height) > 0 else max(span_y, 1.0)
        cells = (span_x / size_x + 1) * (span_y / size_y + 1)
        if cells > 8 * g + 4096:  # scattered grids: a coarser lattice
            scale = np.sqrt(cells / (8 * g + 4096))
            size_x, size_y = size_x * scale, size_y * scale
        origin = np.array([x0, y0])
        size = np.array([size_x, size_y])
        ix0, iy0 = cls._cell(bounds[:, 0], origin[0], size[0]), cls._cell(bounds[:, 1], origin[1], size[1])
        ix1, iy1 = cls._cell(bounds[:, 2], origin[0], size[0]), cls._cell(bounds[:, 3], origin[1], size[1])
        nx, ny = int(ix1.max()) + 1, int(iy1.max()) + 1
        span = (ix1 - ix0 + 1) * (iy1 - iy0 + 1)
        total = int(span.sum())
        if total > 16 * g + 100_000:  # large overlapping grids: the R-tree does better
            return None
        # Every (grid, cell) registration, grouped by cell.
        grid_of = np.repeat(np.arange(g), span)
        k = np.arange(total) - np.repeat(np.cumsum(span) - span, span)
        w = (ix1 - ix0 + 1)[grid_of]
        cell = (iy0[grid_of] + k // w) * nx + ix0[grid_of] + k % w
        order = np.argsort(cell, kind="stable")
        members = grid_of[order]
        starts = np.zeros(nx * ny + 1, dtype=np.int64)
        np.cumsum(np.bincount(cell, minlength=nx * ny), out=starts[1:])
        is_box = _is_box(geoms, bounds)
        if not is_box.all():
            shapely.prepare(geoms[~is_box])  # intersects_xy on prepared shapes
        return cls(geoms, bounds, is_box, origin, size, (nx, ny), starts, members)

    @staticmethod
    def _cell(values, origin, size):
        return np.floor((values - origin) / size).astype(np.int64)

    def assign(self, x, y):
        import shapely

        n = len(x)
        out = np.full(n, -1, dtype=np.int64)
        nx, ny = self.shape
        ix = np.floor((x - self.origin[0]) / self.size[0])
        iy = np.floor((y - self.origin[1]) / self.size[1])
        inside = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)  # False for NaN
        points = np.flatnonzero(inside)
        cell = iy[points].astype(np.int64) * nx + ix[points].astype(np.int64)
        count = self.starts[cell + 1] - self.starts[cell]
        pair_point = np.repeat(points, count)
        first = np.repeat(self.starts[cell] - (np.cumsum(count) - count), count)
        pair_grid = self.members[first + np.arange(len(pair_point))]
        px, py = x[pair_point], y[pair_point]
        b = self.bounds[pair_grid]
        hit = (px >= b[:, 0]) & (px <= b[:, 2]) & (py >= b[:, 1]) & (py <= b[:, 3])
        exact = hit & ~self.is_box[pair_grid]
        if exact.any():
            hit[exact] = shapely.intersects_xy(self.geoms[pair_grid[exact]], px[exact], py[exact])
        hit_point, hit_grid = pair_point[hit], pair_grid[hit]  # grouped by point
        if len(hit_point):
            first = np.flatnonzero(np.r_[True, hit_point[1:] != hit_point[:-1]])
            out[hit_point[first]] = np.minimum.reduceat(hit_grid, first)  # ties: the smallest code
        return out


def _is_box(geoms, bounds):
    """Polygons that are exactly their (non-degenerate) bounding box."""
    import shapely

    out = np.zeros(len(geoms), dtype=bool)
    candidate = (
        (shapely.get_type_id(geoms) == 3)
        & (shapely.get_num_interior_rings(geoms) == 0)
        & (shapely.get_num_coordinates(geoms) == 5)
        & (bounds[:, 2] > bounds[:, 0])
        & (bounds[:, 3] > bounds[:, 1])
    )
    index = np.flatnonzero(candidate)
    index = index[shapely.is_valid(geoms[index])]
    if not len(index):
        return out
    xy = shapely.get_coordinates(geoms[index]).reshape(-1, 5, 2)
    b = bounds[index]
    x_ok = (xy[:, :, 0] == b[:, None, 0]) | (xy[:, :, 0] == b[:, None, 2])
    y_ok = (xy[:, :, 1] == b[:, None, 1]) | (xy[:, :, 1] == b[:, None, 3])
    step_x = xy[:, 1:, 0] != xy[:, :-1, 0]
    step_y = xy[:, 1:, 1] != xy[:, :-1, 1]
    axis_edges = (step_x != step_y).all(axis=1)  # every edge moves along exactly one axis
    out[index] = x_ok.all(axis=1) & y_ok.all(axis=1) & axis_edges
    return out


@dataclass
class ImportOptions:
    x_field: str = None
    y_field: str = None
    code_field: str = None
    scheme: str = AUTO
    coordinates: int = COORD_LAYER
    source_crs: str = None
    county_code: str = None
    catalog: object = None  # a Catalog; the bundled part catalogue by default


@dataclass
class ImportResult:
    accepted: pd.DataFrame  # PART_FIELDS + x, y (grid CRS)
    rejected: pd.DataFrame  # row, reason_code, reason + the original values
    n_rows: int
    crs: str
    notes: list = field(default_factory=list)

    def counts(self):
        return self.rejected["reason_code"].value_counts().to_dict()


def _repair_name(name, columns):
    """A field name picked from a layer QGIS decoded with the wrong encoding ('¾­¶È' for '经度', or
    '����' when the GBK bytes were read as UTF-8 and replaced): the column it stands for, or None."""
    for wrong in ("latin-1", "cp1252", "utf-8"):
        for right in ("gb18030", "utf-8"):
            try:
                fixed = name.encode(wrong).decode(right)
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if fixed != name and fixed in columns:
                return fixed
    if "\ufffd" in name:
        # the replaced bytes are lost: find the column shown under that name (QGIS numbers the repeats
        # of a name '_1', '_2'… in column order), or the only one whose shape matches
        shown, seen = {}, {}
        for column in columns:
            try:
                wrong = column.encode("gb18030").decode("utf-8", errors="replace")
            except UnicodeEncodeError:
                continue
            label, k = wrong, 0
            while label in seen:
                k += 1
                label = "{}_{}".format(wrong, k)
            seen[label] = True
            shown[label] = column
        if name in shown:
            return shown[name]
        squeeze = re.compile("\ufffd+")
        matches = [c for label, c in shown.items() if squeeze.sub("\ufffd", label) == squeeze.sub("\ufffd", name)]
        if len(set(matches)) == 1:
            return matches[0]
    return None


def _field(table, name, kind, required, label):
    if name:
        if name not in table.data:
            repaired = _repair_name(name, table.columns)
            if repaired is not None:
                return repaired
            raise InputError(
                translate("SurveyImport", "{source} has no field '{field}' (chosen as {role}).").format(
                    source=table.source, field=name, role=label
                )
            )
        return name
    guessed = guess_field(table.columns, kind)
    if guessed is None and required:
        raise InputError(
            translate(
                "SurveyImport",
                "{source}: no field for the {role} was given and none of the columns ({columns}) looks like one.",
            ).format(source=table.source, role=label, columns=", ".join(table.columns[:20]))
        )
    return guessed


_NUMBER_FIX = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def _numbers(values):
    """Parse coordinate text: returns (numbers, missing mask, unparseable mask)."""
    arr = np.asarray(values, dtype=object)
    missing = arr == ""
    try:
        numbers = arr.astype(float)  # the common case: plain decimal numbers, C speed
    except (ValueError, TypeError):
        numbers = pd.to_numeric(pd.Series(arr, dtype=object), errors="coerce").values.astype(float)
        # Cells that are not numbers as they are: full-width digits typed with a Chinese input
        # method, a trailing degree sign.  (to_numeric works cell by cell: the others stay.)
        failed = np.flatnonzero(np.isnan(numbers) & ~missing)
        if len(failed):
            text = np.array([str(v) for v in arr[failed]], dtype=object)
            joined = "\x00".join(text)
            if any(c in joined for c in "０１２３４５６７８９．－°"):
                fixed = np.array([v.translate(_NUMBER_FIX).rstrip("°") for v in text], dtype=object)
                numbers[failed] = pd.to_numeric(pd.Series(fixed, dtype=object), errors="coerce").values.astype(float)
    missing = missing | pd.isna(arr)
    bad = ~missing & ~np.isfinite(numbers)
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers, missing, bad


def _pyproj_crs(value, what):
    import pyproj

    try:
        return pyproj.CRS.from_user_input(value)
    except pyproj.exceptions.CRSError as error:
        raise InputError(
            translate("SurveyImport", "The coordinate system of {what} is not understood: {error}").format(
                what=what, error=error
            )
        ) from None


def _swap_lonlat(x, y, ok):
    """Rows given in lat/lon order (EPSG:4490's axis order): x looks like a Chinese latitude and y
    like a Chinese longitude.  Returns the mask of swapped rows."""
    swapped = ok & (x > 0) & (x < 60) & (y > 70) & (y < 140)
    return swapped


def _swap_projected(crs, x, y, ok):
    """Rows with northing/easting exchanged (the surveyors' X = north habit), detected against the
    CRS's area of use."""
    area = crs.area_of_use
    if area is None:
        return np.zeros(len(x), dtype=bool)
    import pyproj

    try:
        to_crs = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        xmin, ymin, xmax, ymax = to_crs.transform_bounds(area.west, area.south, area.east, area.north)
    except Exception:
        return np.zeros(len(x), dtype=bool)
    pad_x, pad_y = (xmax - xmin) * 0.05, (ymax - ymin) * 0.05
    inside = (x >= xmin - pad_x) & (x <= xmax + pad_x) & (y >= ymin - pad_y) & (y <= ymax + pad_y)
    inside_swapped = (y >= xmin - pad_x) & (y <= xmax + pad_x) & (x >= ymin - pad_y) & (x <= ymax + pad_y)
    return ok & ~inside & inside_swapped


def _grid_distance(crs, x1, y1, x2, y2):
    if crs.is_geographic:
        return chinacoords.ground_distance(x1, y1, x2, y2)
    return (
        np.hypot(x2 - x1, y2 - y1) * crs.axis_info[0].unit_conversion_factor
        if crs.axis_info
        else np.hypot(x2 - x1, y2 - y1)
    )


def import_survey(table, grids, options=None, progress=NULL_PROGRESS):
    """Run the import.  ``table`` is a SurveyTable, ``grids`` a GridSet."""
    import pyproj

    options = options or ImportOptions()
    catalog = options.catalog or load_catalog("part")
    n = table.n
    notes = list(table.notes)
    reason = np.full(n, None, dtype=object)
    detail = {}  # row index → message for reasons that need more than the code row

    # -- fields -------------------------------------------------------------------------------
    code_field = _field(table, options.code_field, "code", True, translate("SurveyImport", "part code"))
    use_geometry = table.has_geometry and not (options.x_field or options.y_field)
    if not use_geometry:
        x_field = _field(table, options.x_field, "x", True, translate("SurveyImport", "X coordinate"))
        y_field = _field(table, options.y_field, "y", True, translate("SurveyImport", "Y coordinate"))
        if x_field == y_field:
            raise InputError(
                translate(
                    "SurveyImport", "{source}: the X and Y coordinates cannot both come from the field '{field}'."
                ).format(source=table.source, field=x_field)
            )
    extra = {kind: _field(table, None, kind, False, kind) for kind in ("name", "status", "owner", "date")}
    progress.set(0.05)

    # -- codes ---------------------------------------------------------------------------------
    county = (options.county_code or "").strip() or None
    if county and (len(county) != 6 or not county.isdigit()):
        raise InputError(
            translate("SurveyImport", "The county code '{county}' must have 6 digits.").format(county=county)
        )
    checked = check_codes(table.data[code_field], catalog, options.scheme, county)
    reason[table.empty] = R_EMPTY
    code_bad = checked["reason"].notna().values & (reason == None)  # noqa: E711
    reason[code_bad] = checked["reason"].values[code_bad]
    progress.set(0.2)

    # -- coordinates ---------------------------------------------------------------------------
    if use_geometry:
        x = np.array(table.x, dtype=float)
        y = np.array(table.y, dtype=float)
        missing = ~(np.isfinite(x) & np.isfinite(y))
        unparseable = np.zeros(n, dtype=bool)
    else:
        x, mx, bx = _numbers(table.data[x_field])
        y, my, by = _numbers(table.data[y_field])
        missing = mx | my
        unparseable = (bx | by) & ~missing
    free = reason == None  # noqa: E711
    reason[free & missing] = R_COORD_MISSING
    reason[free & unparseable] = R_COORD_BAD
    ok = reason == None  # noqa: E711

    mode = options.coordinates
    grid_crs = _pyproj_crs(grids.crs, grids.source)
    if mode in (COORD_WGS84, COORD_GCJ02, COORD_BD09):
        src_crs = pyproj.CRS.from_epsg(4326)
    elif mode == COORD_CRS:
        if not options.source_crs:
            raise InputError(
                translate(
                    "SurveyImport",
                    "Choose the source coordinate system (SOURCE_CRS) when the coordinates are in another CRS.",
                )
            )
        src_crs = _pyproj_crs(options.source_crs, table.source)
    elif table.crs and (use_geometry or mode == COORD_LAYER):
        src_crs = _pyproj_crs(table.crs, table.source)
    else:
        lonlat = ok & (np.abs(x) <= 180) & (np.abs(y) <= 90)
        if ok.any() and lonlat[ok].mean() < 0.5:
            raise InputError(
                translate(
                    "SurveyImport",
                    "{source} has no coordinate system and its coordinates are "
                    "not longitude/latitude: choose the source coordinate "
                    "system.",
                ).format(source=table.source)
            )
        src_crs = pyproj.CRS.from_epsg(4326)
        notes.append(
            translate(
                "SurveyImport",
                "{source} has no coordinate system: the coordinates are taken as WGS84 longitude/latitude.",
            ).format(source=table.source)
        )

    if src_crs.is_geographic:
        swapped = _swap_lonlat(x, y, ok)
    else:
        swapped = _swap_projected(src_crs, x, y, ok)
    if swapped.any():
        x[swapped], y[swapped] = y[swapped].copy(), x[swapped].copy()
        notes.append(
            translate(
                "SurveyImport",
                "{source}: {n} row(s) had X and Y exchanged (latitude/northing "
                "first) and were read the other way round.",
            ).format(source=table.source, n=int(swapped.sum()))
        )
    if src_crs.is_geographic:
        out_of_range = ok & ((np.abs(x) > 180) | (np.abs(y) > 90))
        reason[out_of_range] = R_COORD_RANGE
        ok &= ~out_of_range
    if mode == COORD_GCJ02:
        x[ok], y[ok] = chinacoords.gcj02_to_wgs84(x[ok], y[ok])
    elif mode == COORD_BD09:
        x[ok], y[ok] = chinacoords.bd09_to_wgs84(x[ok], y[ok])
    progress.set(0.35)
    gx = np.full(n, np.nan)
    gy = np.full(n, np.nan)
    if ok.any():
        transformer = pyproj.Transformer.from_crs(src_crs, grid_crs, always_xy=True)
        gx[ok], gy[ok] = transformer.transform(x[ok], y[ok], errcheck=False)
    failed = ok & ~(np.isfinite(gx) & np.isfinite(gy))
    reason[failed] = R_COORD_RANGE
    ok &= ~failed
    progress.set(0.45)

    # -- duplicates within the file ------------------------------------------------------------
    codes = checked["code"].values
    if ok.any():
        index = np.flatnonzero(ok)
        ids, _uniques = pd.factorize(codes[index])
        _u, first_pos = np.unique(ids, return_index=True)  # first occurrence of every code
        first = index[first_pos[ids]]
        dup = first != index
        if dup.any():
            d_rows, f_rows = index[dup], first[dup]
            dist = _grid_distance(grid_crs, gx[f_rows], gy[f_rows], gx[d_rows], gy[d_rows])
            same = dist <= SAME_LOCATION_METRES
            reason[d_rows[same]] = R_DUP_SAME
            reason[d_rows[~same]] = R_DUP_OTHER
            detail.update(zip(d_rows.tolist(), zip(f_rows.tolist(), dist.tolist())))
            ok[d_rows] = False
    progress.set(0.5)

    # -- grids ---------------------------------------------------------------------------------
    grid_index = np.full(n, -1, dtype=np.int64)
    if ok.any():
        index = np.flatnonzero(ok)
        chunk = 200_000
        for start in range(0, len(index), chunk):
            part = index[start : start + chunk]
            grid_index[part] = grids.assign(gx[part], gy[part])
            progress.set(0.5 + 0.35 * min(1.0, (start + chunk) / len(index)))
    outside = ok & (grid_index < 0)
    reason[outside] = R_OUTSIDE
    ok &= ~outside
    progress.set(0.85)

    accepted = _accepted_frame(
        table, checked, catalog, ok, grids, grid_index, gx, gy, extra, county, options.scheme, notes
    )
    rejected = _rejected_frame(table, checked, reason, detail, county, options.scheme)
    if len(accepted) + len(rejected) != n:  # never expected: the accounting is the contract
        raise GridManagerError(
            translate(
                "SurveyImport", "Internal error: {a} accepted + {r} rejected rows do not add up to {n} input rows."
            ).format(a=len(accepted), r=len(rejected), n=n)
        )
    progress.set(1.0)
    return ImportResult(accepted, rejected, n, grids.crs, notes)


def _accepted_frame(table, checked, catalog, ok, grids, grid_index, gx, gy, extra, county, scheme, notes):
    index = np.flatnonzero(ok)
    sub = checked.iloc[index]
    class_codes = sub["class_code"].values
    keys, classes = pd.factorize(class_codes)
    names = np.empty((len(classes), 4), dtype=object)
    for k, c in enumerate(classes):
        entry = catalog.lookup(c)
        major = catalog.major(c[:2])
        names[k] = (
            major.name_zh if major else "",
            major.name_en if major else "",
            entry.name_zh if entry else "",
            entry.name_en if entry else "",
        )
    looked = names[keys].T if len(index) else np.empty((4, 0), dtype=object)
    grid_codes = grids.codes[grid_index[index]] if len(index) else np.empty(0, dtype=object)
    community, street = grids.community_street()
    community = community[grid_index[index]] if len(index) else grid_codes
    street = street[grid_index[index]] if len(index) else grid_codes

    def column(kind):
        name = extra.get(kind)
        if name is None:
            return np.full(len(index), "", dtype=object)
        return table.data[name][index]

    code_16 = np.full(len(index), "", dtype=object)
    if county and len(index):
        is12 = sub["scheme"].values == SURVEY12
        if is12.any():
            converted, overflow = survey12_to_gbt30428(sub["code"].values[is12], county)
            code_16[is12] = converted
            if overflow.any():
                rows = (index[is12][overflow] + 1)[:20]
                notes.append(
                    translate(
                        "SurveyImport",
                        "{n} 12-digit code(s) have a serial above 999999 that does not "
                        "fit the 16-digit GB/T 30428.2 code; their code_16 is left "
                        "empty (rows {rows}).",
                    ).format(n=int(overflow.sum()), rows=", ".join(str(r) for r in rows))
                )
    frame = pd.DataFrame(
        {
            "code": sub["code"].values,
            "major": sub["major"].values,
            "minor": sub["minor"].values,
            "class_code": class_codes,
            "major_zh": np.ascontiguousarray(looked[0]),
            "major_en": np.ascontiguousarray(looked[1]),
            "class_zh": np.ascontiguousarray(looked[2]),
            "class_en": np.ascontiguousarray(looked[3]),
            "code_16": code_16,
            "name": column("name"),
            "status": column("status"),
            "owner_dept": column("owner"),
            "survey_date": column("date"),
            "grid_code": grid_codes,
            "community_code": community,
            "street_code": street,
            "source_file": np.full(len(index), os.path.basename(table.source) or table.source, dtype=object),
            "source_row": (index + 1).astype(np.int64),
            "x": gx[index],
            "y": gy[index],
        }
    )
    return frame


def reason_text(reason, row, checked_row, detail, county=None, scheme=AUTO):
    if reason == R_EMPTY:
        return translate("SurveyImport", "the row is empty")
    if reason == R_COORD_MISSING:
        return translate("SurveyImport", "the coordinates are missing")
    if reason == R_COORD_BAD:
        return translate("SurveyImport", "the coordinates are not numbers")
    if reason == R_COORD_RANGE:
        return translate("SurveyImport", "the coordinates are outside the valid range of the coordinate system")
    if reason == R_DUP_SAME:
        first, _dist = detail[row]
        return translate("SurveyImport", "the code {code} repeats row {first} at the same location").format(
            code=checked_row["code"], first=first + 1
        )
    if reason == R_DUP_OTHER:
        first, dist = detail[row]
        return translate("SurveyImport", "the code {code} was already used in row {first}, {distance} m away").format(
            code=checked_row["code"], first=first + 1, distance="{:.1f}".format(dist)
        )
    if reason == R_OUTSIDE:
        return translate("SurveyImport", "the part lies outside every grid")
    return reason_message(reason, checked_row, county, scheme)


def _rejected_frame(table, checked, reason, detail, county, scheme):
    index = np.flatnonzero(reason != None)  # noqa: E711
    fields = {name: checked[name].values[index] for name in checked.columns}  # object columns: as is
    code_rows = [dict(zip(fields, values)) for values in zip(*fields.values())]
    texts = [reason_text(reason[i], i, code_rows[k], detail, county, scheme) for k, i in enumerate(index)]
    frame = pd.DataFrame(
        {
            "row": (index + 1).astype(np.int64),
            "reason_code": reason[index].astype(object),
            "reason": np.array(texts, dtype=object),
        }
    )
    for name in table.columns:
        out_name = name if name not in ("row", "reason_code", "reason", "fid") else name + "_orig"
        frame[out_name] = table.data[name][index]
    return frame


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------
def _driver(path):
    ext = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    return {
        "gpkg": "GPKG",
        "shp": "ESRI Shapefile",
        "geojson": "GeoJSON",
        "json": "GeoJSON",
        "csv": "CSV",
        "fgb": "FlatGeobuf",
    }.get(ext, "GPKG")


def output_destination(value, what=None, layer=None):
    """Check, before any work, an output the plugin writes itself (``value`` as QGIS gives it: a
    path, ``x.gpkg|layername=y`` or ``ogr:dbname='x.gpkg' table="y"``) and return its
    :class:`~grid_manager.formats.gpkg_points.Destination`.

    Follows QGIS's output conventions: a named layer is added to the GeoPackage (or replaces the layer
    of that name) and every other layer is kept; a plain path is the whole file.  A plain path to an
    existing GeoPackage that holds other layers is refused (they would be lost): the message says so and
    how to add the output as a layer instead.  Refused too: a destination that is not a file, a folder
    that does not exist or cannot be written, a named layer in a file that is not a GeoPackage."""
    what = what or translate("SurveyImport", "The output")
    dest = gpkg_points.parse_destination(value, layer)
    if dest is None or not dest.path:
        raise InputError(
            translate(
                "SurveyImport", "{what} {value} is not a file: choose a file (GeoPackage, Shapefile, GeoJSON, CSV…)."
            ).format(what=what, value=value)
        )
    path = os.path.abspath(dest.path)
    folder = os.path.dirname(path)
    if os.path.isdir(path):
        raise InputError(
            translate("SurveyImport", "{what} {path} is a folder, not a file.").format(what=what, path=path)
        )
    if not os.path.isdir(folder):
        raise InputError(
            translate("SurveyImport", "{what} {path} cannot be written: the folder {folder} does not exist.").format(
                what=what, path=path, folder=folder
            )
        )
    if not folder_writable(folder) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise InputError(
            translate("SurveyImport", "{what} {path} cannot be written: no permission to write in {folder}.").format(
                what=what, path=path, folder=folder
            )
        )
    if _driver(path) != "GPKG" or not os.path.exists(path):
        return dest
    try:
        layers = gpkg_points.list_layers(path)
    except Exception:  # not a GeoPackage GDAL can open
        if dest.explicit:
            raise InputError(
                translate(
                    "SurveyImport", "{what} {path} is not a GeoPackage: the layer {layer} cannot be added to it."
                ).format(what=what, path=path, layer=dest.layer)
            ) from None
        return dest
    others = [name for name in layers if name != dest.layer_name]
    if not dest.explicit and others:
        raise InputError(
            translate(
                "SurveyImport",
                "{what} {path} is an existing GeoPackage holding other layers ({layers}): writing to it as a "
                "file would replace them, so nothing was written. To add the output as a layer and keep the "
                "others, give '{path}|layername={layer}' (in the dialog: Save to GeoPackage…); or choose "
                "another file.",
            ).format(
                what=what,
                path=path,
                layers=", ".join(others[:8]) + (" …" if len(others) > 8 else ""),
                layer=dest.layer_name,
            )
        )
    return dest


def same_file(a, b):
    """Do the paths ``a`` and ``b`` name the same file (existing or not)?"""
    if not a or not b:
        return False
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def overwrites(dest, path, layer=None):
    """Would writing ``dest`` replace the layer ``layer`` of the file ``path`` (None: any layer of it,
    e.g. a survey read from its first layer)?  A plain destination replaces the whole file; a named
    layer only that layer."""
    if not same_file(dest.path, path):
        return False
    if not dest.explicit:
        return True
    if layer is not None:
        return dest.layer_name == layer
    try:
        return dest.layer_name in gpkg_points.list_layers(path)
    except Exception:
        return True


def clashes(a, b):
    """Would writing destination ``a`` and destination ``b`` (either order) overwrite one with the other?
    The same file, unless both name different layers of it."""
    if not same_file(a.path, b.path):
        return False
    return not (a.explicit and b.explicit) or a.layer_name == b.layer_name


def write_parts(frame, crs, path, layer=None, what=None):
    """Write accepted parts as points (in ``crs``) to ``path`` (a file, ``x.gpkg|layername=y`` or
    ``ogr:dbname=… table=…``; checked by :func:`output_destination`).  A GeoPackage goes through the
    fast writer of gpkg_points (a new file, replaced whole; or the named layer added to an existing
    GeoPackage, the others kept); other formats through pyogrio."""
    dest = output_destination(path, what, layer)
    path, layer = dest.path, dest.layer
    driver = _driver(path)
    if driver == "GPKG":
        prepared = gpkg_points.prepare(
            frame,
            [c for c in frame.columns if c not in ("x", "y")],
            groups=(
                ("class_code", ("major", "minor", "major_zh", "major_en", "class_zh", "class_en")),
                ("grid_code", ("community_code", "street_code")),
                ("source_file", ()),
                (None, ("code_16", "name", "status", "owner_dept", "survey_date")),
            ),
        )
        if prepared is not None:
            _write_fast(
                gpkg_points.write_points,
                path,
                prepared,
                frame["x"].values,
                frame["y"].values,
                crs,
                path,
                layer,
                dest.explicit,
            )
            return
    import geopandas as gpd
    import pyogrio
    import shapely

    geometry = shapely.points(frame["x"].values, frame["y"].values) if len(frame) else []
    gdf = gpd.GeoDataFrame(frame.drop(columns=["x", "y"]), geometry=geometry, crs=crs)
    kwargs = {}
    if driver == "CSV":
        kwargs["layer_options"] = {"GEOMETRY": "AS_XY"}
    _write(pyogrio, gdf, dest, driver, kwargs)


def write_table(frame, path, layer=None, what=None):
    """Write a table without geometry (the rejected rows) to ``path`` (as :func:`write_parts`)."""
    dest = output_destination(path, what, layer)
    path, layer = dest.path, dest.layer
    driver = _driver(path)
    if driver == "CSV":
        _replace_with(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig"))
        return
    if driver not in ("GPKG",):
        driver = "GPKG"
    prepared = gpkg_points.prepare(frame)
    if prepared is not None:
        _write_fast(gpkg_points.write_table, path, prepared, path, layer, dest.explicit)
        return
    import pyogrio

    _write(pyogrio, frame, dest, driver, {})


def _write_fast(writer, path, *args):
    try:
        writer(*args)
    except Exception as error:  # sqlite3.Error, OSError, GDAL's errors…
        raise InputError(
            translate("SurveyImport", "Cannot write {path}: {error}").format(path=path, error=error)
        ) from None


def _replace_with(path, write):
    """Write a new file through ``write(tmp)`` under a temporary name, then move it onto ``path``: a
    failure leaves the previous file."""
    folder, name = os.path.split(os.path.abspath(path))
    stem, ext = os.path.splitext(name)
    tmp = os.path.join(folder, ".{}.{}.tmp{}".format(stem, os.getpid(), ext))
    try:
        write(tmp)
        if os.path.isdir(path):
            raise IsADirectoryError(path)
        os.replace(tmp, path)
    except Exception as error:
        raise InputError(
            translate("SurveyImport", "Cannot write {path}: {error}").format(path=path, error=error)
        ) from None
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _write(pyogrio, frame, dest, driver, kwargs):
    """pyogrio's writer (formats and columns the fast writer does not take), through a temporary file:
    a GeoPackage layer is added with :func:`gpkg_points.replace_layer` (the others kept), any other file
    replaced whole."""
    path = dest.path
    if driver == "GPKG":
        kwargs["dataset_options"] = {"VERSION": "1.3"}  # readable without warnings by QGIS 3.22's GDAL 3.6
        kwargs["layer"] = dest.layer_name
        tmp = gpkg_points._temporary_name(path)
        try:
            pyogrio.write_dataframe(frame, tmp, driver=driver, **kwargs)
            gpkg_points.place_file(tmp, path, dest.layer_name, dest.explicit)
        except Exception as error:  # DataSourceError, FieldError…
            raise InputError(
                translate("SurveyImport", "Cannot write {path}: {error}").format(path=path, error=error)
            ) from None
        finally:
            gpkg_points._remove(tmp)
        return
    if os.path.exists(path):  # single-layer formats (Shapefile, GeoJSON, CSV…): the file is the layer
        os.remove(path)
    try:
        pyogrio.write_dataframe(frame, path, driver=driver, **kwargs)
    except Exception as error:  # DataSourceError, FieldError…
        raise InputError(
            translate("SurveyImport", "Cannot write {path}: {error}").format(path=path, error=error)
        ) from None
