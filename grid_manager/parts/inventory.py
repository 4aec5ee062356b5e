"""The part inventory (部件台账): compare a new survey with it by code and apply the changes
atomically.

The inventory is either a point layer in a GeoPackage (``parts`` by default) keyed by ``code``,
or the ``parts`` table of a case store (:mod:`grid_manager.store`: shared PostGIS or embedded
GeoPackage).  A comparison classifies every code as new, unchanged, moved (beyond a distance
threshold), changed (attributes), moved and changed, or missing from the new survey.  Missing
parts are flagged (``inv_state = 'missing'``), never deleted.  Changes are applied in one
transaction (OGR for a GeoPackage layer; the store's ``apply_inventory_changes`` for a store): a
failure or a cancellation half way leaves the inventory exactly as it was.  The comparison is the
same for every target.
"""

import datetime
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate
from ..common.paths import folder_writable
from ..common.progress import NULL_PROGRESS
from . import chinacoords
from .survey_import import PART_FIELDS

DEFAULT_LAYER = "parts"
COMPARED = ("class_code", "name", "status", "owner_dept", "grid_code")
STATE_FIELDS = ("inv_state", "first_seen", "last_seen", "missing_since")
INVENTORY_FIELDS = tuple(f for f in PART_FIELDS) + STATE_FIELDS
NEW, UNCHANGED, MOVED, CHANGED, MOVED_CHANGED, MISSING = (
    "new",
    "unchanged",
    "moved",
    "changed",
    "moved_changed",
    "missing",
)
CHANGES = (NEW, UNCHANGED, MOVED, CHANGED, MOVED_CHANGED, MISSING)


@dataclass
class InventoryRun:
    """What a store records about one run besides the changes: the survey it came from, the move
    threshold, the day (ISO date: first_seen / last_seen / missing_since) and the inventory version
    the comparison was made on (a run on a newer inventory is refused)."""

    source: str = ""
    move_threshold: float = 5.0
    today: str = ""
    version: object = None


def change_label(change):
    labels = {
        NEW: translate("Inventory", "new"),
        UNCHANGED: translate("Inventory", "unchanged"),
        MOVED: translate("Inventory", "moved"),
        CHANGED: translate("Inventory", "attributes changed"),
        MOVED_CHANGED: translate("Inventory", "moved and attributes changed"),
        MISSING: translate("Inventory", "missing from the new survey"),
    }
    return labels[change]


def _crs(value):
    import pyproj

    return pyproj.CRS.from_user_input(value)


def survey_frame(table):
    """A SurveyTable of imported parts (needs a ``code`` field and point geometry) as a frame with
    the part fields, ``x`` and ``y``.  Codes must be unique."""
    if "code" not in table.data:
        raise InputError(
            translate("Inventory", "{source} has no field 'code': use the output of 'Import part survey'.").format(
                source=table.source
            )
        )
    if not table.has_geometry:
        raise InputError(translate("Inventory", "{source} has no point geometry.").format(source=table.source))
    frame = pd.DataFrame(
        {
            f: table.data[f] if f in table.data else np.full(table.n, "", dtype=object)
            for f in PART_FIELDS
            if f != "source_row"
        }
    )
    frame["source_row"] = (
        pd.to_numeric(pd.Series(table.data.get("source_row", np.full(table.n, ""))), errors="coerce")
        .fillna(0)
        .astype(np.int64)
        .values
    )
    frame["code"] = frame["code"].astype(str).str.strip()
    frame["x"] = np.asarray(table.x, dtype=float)
    frame["y"] = np.asarray(table.y, dtype=float)
    empty = (frame["code"] == "").values
    if empty.any():
        raise InputError(
            translate("Inventory", "{source}, feature {row}: the field 'code' is empty.").format(
                source=table.source, row=int(np.flatnonzero(empty)[0]) + 1
            )
        )
    nogeom = ~np.isfinite(frame["x"].values)
    if nogeom.any():
        raise InputError(
            translate("Inventory", "{source}, feature {row} (code {code}): no geometry.").format(
                source=table.source,
                row=int(np.flatnonzero(nogeom)[0]) + 1,
                code=frame["code"].values[np.flatnonzero(nogeom)[0]],
            )
        )
    dup = frame["code"].duplicated(keep=False).values
    if dup.any():
        rows = np.flatnonzero(dup)[:2] + 1
        raise InputError(
            translate(
                "Inventory",
                "{source}: the code {code} appears in features {first} and "
                "{second}; import the survey with 'Import part survey' "
                "first.",
            ).format(source=table.source, code=frame["code"].values[rows[0] - 1], first=rows[0], second=rows[1])
        )
    return frame


def _has_layer(path, layer):
    """Does the file `path` exist and hold the layer `layer`?  A file that cannot be opened is an error."""
    import pyogrio

    if not os.path.exists(path):
        return False
    try:
        layers = [str(name) for name, _kind in pyogrio.list_layers(path)]
    except Exception as error:
        raise InputError(
            translate("Inventory", "Cannot open the inventory {path}: {error}").format(path=path, error=error)
        ) from None
    return layer in layers


def _not_points(path, layer, kind, fid=None):
    names = {1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString"}
    names.update({6: "MultiPolygon", 7: "GeometryCollection"})
    kind = names.get(kind, kind) if isinstance(kind, (int, np.integer)) else kind
    where = (
        translate("Inventory", "feature {fid} is a {kind}").format(fid=fid, kind=kind)
        if fid is not None
        else translate("Inventory", "its geometries are {kind}").format(kind=kind or translate("Inventory", "none"))
    )
    return InputError(
        translate(
            "Inventory",
            "The inventory {path}, layer {layer}, is not a point layer ({where}): the part inventory keeps one "
            "point per part, and updating it would rewrite its geometries as points. Nothing was changed: "
            "choose the point layer of the inventory, or another layer name to start a new inventory.",
        ).format(path=path, layer=layer, where=where)
    )


def check_point_layer(path, layer):
    """Refuse an inventory layer that does not hold points (polygons, lines, no geometry): updating
    it would rewrite its geometries as points."""
    import pyogrio

    try:
        kind = pyogrio.read_info(path, layer=layer).get("geometry_type")
    except Exception as error:
        raise InputError(
            translate("Inventory", "Cannot read the inventory {path}: {error}").format(path=path, error=error)
        ) from None
    if kind is None or not (str(kind).startswith("Point") or str(kind) == "Unknown"):
        raise _not_points(path, layer, kind)


def read_inventory(path, layer=DEFAULT_LAYER):
    """The inventory as a frame (``fid``, fields, x, y) and its CRS (None if it does not exist yet)."""
    import pyogrio
    import shapely

    if not _has_layer(path, layer):
        return None, None
    check_point_layer(path, layer)
    try:
        frame = pyogrio.read_dataframe(path, layer=layer, fid_as_index=True)
    except Exception as error:
        raise InputError(
            translate("Inventory", "Cannot read the inventory {path}: {error}").format(path=path, error=error)
        ) from None
    if "code" not in frame.columns:
        raise InputError(
            translate("Inventory", "The inventory {path}, layer {layer}, has no field 'code'.").format(
                path=path, layer=layer
            )
        )
    crs = frame.crs.to_wkt() if frame.crs is not None else None
    geoms = np.asarray(frame.geometry.values, dtype=object)
    kinds = shapely.get_type_id(geoms)
    other = (kinds > 0) & ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if other.any():  # a layer of no declared type holding lines or polygons
        first = int(np.flatnonzero(other)[0])
        raise _not_points(path, layer, shapely.get_type_id(geoms[first]), int(frame.index.values[first]))
    out = pd.DataFrame({"fid": frame.index.values.astype(np.int64)})
    for name in INVENTORY_FIELDS:
        if name in frame.columns:
            values = frame[name]
            out[name] = (
                values.where(values.notna(), "").astype(str).values
                if name != "source_row"
                else pd.to_numeric(values, errors="coerce").fillna(0).astype(np.int64).values
            )
        else:
            out[name] = "" if name != "source_row" else 0
    out["code"] = out["code"].str.strip()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out["x"] = np.nan
    out["y"] = np.nan
    if present.any():
        out.loc[present, "x"] = shapely.get_x(geoms[present])
        out.loc[present, "y"] = shapely.get_y(geoms[present])
    return out, crs


def compare(inventory, survey, crs, move_threshold=5.0):
    """Classify every code.  ``inventory`` may be None (first import).  Returns the change report
    frame: code, change, distance_m, changed_fields, old_grid_code, grid_code, class_code, name,
    fid (inventory feature id, -1 for new), x, y (the new location; the old one for missing)."""
    survey = survey.reset_index(drop=True)
    geographic = _crs(crs).is_geographic
    if inventory is None or inventory.empty:
        inv = pd.DataFrame(columns=["fid", "code", "x", "y", "inv_state"] + list(COMPARED))
    else:
        dup = inventory["code"].duplicated(keep=False)
        if dup.any():
            first = inventory.loc[dup].iloc[0]
            raise InputError(
                translate(
                    "Inventory",
                    "The inventory holds the code {code} more than once (feature {fid}); fix it before re-importing.",
                ).format(code=first["code"], fid=first["fid"])
            )
        inv = inventory
    merged = survey.merge(inv, on="code", how="left", suffixes=("", "_old"), indicator=True)
    known = (merged["_merge"] == "both").values
    dist = np.full(len(merged), np.nan)
    if known.any():
        a = merged.loc[known]
        if geographic:
            x_old, y_old = a["x_old"].values.astype(float), a["y_old"].values.astype(float)
            dist[known] = chinacoords.ground_distance(x_old, y_old, a["x"].values, a["y"].values)
        else:
            dist[known] = np.hypot(
                a["x"].values - a["x_old"].values.astype(float), a["y"].values - a["y_old"].values.astype(float)
            )
    moved = known & ~(dist <= move_threshold)
    changed_fields = np.full(len(merged), "", dtype=object)
    if known.any():
        diffs = []
        for name in COMPARED:
            new = merged[name].fillna("").astype(str).str.strip().values
            old = merged[name + "_old"].fillna("").astype(str).str.strip().values
            diffs.append(np.where(known & (new != old), name, ""))
        state = merged["inv_state"].fillna("").astype(str).values
        diffs.append(np.where(known & (state == "missing"), "inv_state", ""))
        changed_fields = np.array([",".join(v for v in t if v) for t in zip(*diffs)], dtype=object)
    attr_changed = changed_fields != ""
    change = np.where(moved, MOVED, np.where(attr_changed, CHANGED, UNCHANGED))
    change = np.where(moved & attr_changed, MOVED_CHANGED, change)
    change = np.where(~known, NEW, change)
    report = pd.DataFrame(
        {
            "code": merged["code"].values,
            "change": change.astype(object),
            "distance_m": np.round(dist, 3),
            "changed_fields": changed_fields,
            "old_grid_code": merged["grid_code_old"].fillna("").values if "grid_code_old" in merged else "",
            "grid_code": merged["grid_code"].values,
            "class_code": merged["class_code"].values,
            "name": merged["name"].values,
            "fid": pd.to_numeric(merged["fid"], errors="coerce").fillna(-1).astype(np.int64).values,
            "x": merged["x"].values,
            "y": merged["y"].values,
        }
    )
    if len(inv):
        gone = inv.loc[~inv["code"].isin(survey["code"]) & (inv["inv_state"].astype(str) != "missing")]
        if len(gone):
            missing = pd.DataFrame(
                {
                    "code": gone["code"].values,
                    "change": MISSING,
                    "distance_m": np.nan,
                    "changed_fields": "",
                    "old_grid_code": gone["grid_code"].values,
                    "grid_code": gone["grid_code"].values,
                    "class_code": gone["class_code"].values,
                    "name": gone["name"].values,
                    "fid": gone["fid"].astype(np.int64).values,
                    "x": gone["x"].values.astype(float),
                    "y": gone["y"].values.astype(float),
                }
            )
            report = pd.concat([report, missing], ignore_index=True)
    report["change_label"] = [change_label(c) for c in report["change"].values]
    return report


def summarise(report):
    counts = report["change"].value_counts().to_dict()
    return {c: int(counts.get(c, 0)) for c in CHANGES}


# ------------------------------------------------------------------------------------------------
# Applying
# ------------------------------------------------------------------------------------------------
def _ogr():
    from osgeo import ogr

    return ogr


def _fail(what, path):
    from osgeo import gdal

    raise InputError(
        translate("Inventory", "Updating the inventory {path} failed ({what}): {error}").format(
            path=path, what=what, error=gdal.GetLastErrorMsg() or "?"
        )
    )


def _set_fields(feature, values, defn):
    """Copy ``values`` (field → value) into an OGR feature."""
    for name, value in values.items():
        index = defn.GetFieldIndex(name)
        if index < 0:
            continue
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            feature.SetFieldNull(index)
        elif isinstance(value, (int, np.integer)):
            feature.SetField(index, int(value))
        else:
            feature.SetField(index, str(value))


def _point(ogr, x, y):
    geometry = ogr.Geometry(ogr.wkbPoint)
    geometry.AddPoint_2D(float(x), float(y))
    return geometry


def create_inventory(path, survey, crs, layer=DEFAULT_LAYER, today=None, before_commit=None):
    """A new inventory from a first survey: written to a temporary file and moved into place (or, when
    ``path`` is an existing GeoPackage without the layer, added to it in one transaction, its other
    layers kept).  ``before_commit()`` runs once the inventory is written, before it is put in place."""
    import geopandas as gpd
    import pyogrio
    import shapely

    from ..formats import gpkg_points

    today = today or datetime.date.today().isoformat()
    frame = survey.drop(columns=["x", "y"]).copy()
    frame["inv_state"] = "active"
    frame["first_seen"] = today
    frame["last_seen"] = today
    frame["missing_since"] = ""
    gdf = gpd.GeoDataFrame(frame, geometry=shapely.points(survey["x"].values, survey["y"].values), crs=crs)
    tmp = path + ".tmp-{}.gpkg".format(os.getpid())
    try:
        try:
            pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG", dataset_options={"VERSION": "1.3"})
        except Exception as error:
            raise InputError(
                translate("Inventory", "Cannot write the inventory {path}: {error}").format(path=path, error=error)
            ) from None
        if before_commit is not None:
            before_commit()
        if os.path.exists(path):  # a GeoPackage without the layer: add it, keeping the other layers
            try:
                if _has_layer(path, layer):
                    raise InputError(
                        translate(
                            "Inventory",
                            "The inventory {path} was created by someone else while this survey was being "
                            "written. Nothing was changed: run the update again to compare with it.",
                        ).format(path=path)
                    )
                gpkg_points.replace_layer(tmp, layer, path)
            except InputError:
                raise
            except Exception as error:
                raise InputError(
                    translate("Inventory", "Cannot write the inventory {path}: {error}").format(path=path, error=error)
                ) from None
            return
        _place_new_file(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _place_new_file(tmp, path):
    """Move the finished file ``tmp`` to ``path`` unless a file appeared there meanwhile (another desk
    made the first import at the same time): that one is never overwritten."""
    taken = InputError(
        translate(
            "Inventory",
            "The inventory {path} was created by someone else while this survey was being "
            "written. Nothing was changed: run the update again to compare with it.",
        ).format(path=path)
    )
    try:
        os.link(tmp, path)  # atomic and never replaces an existing file
    except FileExistsError:
        raise taken from None
    except OSError:  # a file system without hard links
        if os.path.exists(path):
            raise taken from None
        try:
            os.rename(tmp, path)
        except FileExistsError:
            raise taken from None
        except OSError as error:
            raise InputError(
                translate("Inventory", "Cannot write the inventory {path}: {error}").format(path=path, error=error)
            ) from None


def check_writable(path):
    """Refuse, before anything is locked or read, an inventory that cannot be written: a read-only file,
    or a folder where SQLite cannot create its journal (or, for a first import, the file itself) — named
    as such, not as someone else's lock."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(
            translate(
                "Inventory", "The inventory {path} cannot be created: the folder {folder} does not exist."
            ).format(path=path, folder=folder)
        )
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise InputError(
            translate(
                "Inventory", "The inventory {path} is read-only (no permission to write the file). Nothing was changed."
            ).format(path=path)
        )
    if not folder_writable(folder):
        raise InputError(
            translate(
                "Inventory",
                "The inventory {path} cannot be changed: no permission to write in its folder {folder} (SQLite "
                "writes its journal there). Nothing was changed.",
            ).format(path=path, folder=folder)
        )


class _WriteLock:
    """An inventory GeoPackage opened for writing, inside a transaction that already holds SQLite's
    write lock: nobody else can change it until :meth:`commit` or :meth:`rollback`, while readers
    (including the comparison, which reads it through another connection) still see it.

    The lock is taken by rewriting one feature unchanged (or adding and removing one in an empty
    layer) — an ordinary OGR edit, undone by the rollback or a no-op when committed."""

    def __init__(self, path, layer):
        ogr = _ogr()
        self.path = path
        try:
            self.ds = ogr.Open(path, 1)
        except RuntimeError:
            self.ds = None
        if self.ds is None:
            _fail(translate("Inventory", "open for writing"), path)
        self.layer = self.ds.GetLayerByName(layer)
        if self.layer is None:
            self.ds = None
            _fail(translate("Inventory", "layer"), path)
        if self.ds.StartTransaction() != 0:
            self.ds = None
            _fail(translate("Inventory", "start a transaction"), path)
        try:
            self.layer.ResetReading()
            feature = self.layer.GetNextFeature()
            self.layer.ResetReading()
            if feature is not None:
                locked = self.layer.SetFeature(feature) == 0
            else:
                feature = ogr.Feature(self.layer.GetLayerDefn())
                locked = self.layer.CreateFeature(feature) == 0 and self.layer.DeleteFeature(feature.GetFID()) == 0
        except RuntimeError:
            locked = False
        if not locked:
            self.rollback()
            raise InputError(
                translate(
                    "Inventory",
                    "The inventory {path} is being changed by someone else (it is locked for writing). "
                    "Nothing was changed: run the update again when they are done.",
                ).format(path=path)
            )

    def commit(self):
        if self.ds.CommitTransaction() != 0:
            _fail(translate("Inventory", "commit"), self.path)
        self.ds = None  # closes the GeoPackage

    def rollback(self):
        if self.ds is not None:
            self.ds.RollbackTransaction()
            self.ds = None


def apply_changes(lock, report, survey, today=None, progress=NULL_PROGRESS):
    """Apply a change report to an existing inventory, locked for writing by ``lock`` (a
    :class:`_WriteLock`), in its transaction: all or nothing."""
    ogr = _ogr()
    path, lyr = lock.path, lock.layer
    today = today or datetime.date.today().isoformat()
    by_code = survey.set_index("code")
    todo = report.loc[report["change"] != UNCHANGED]
    unchanged = report.loc[report["change"] == UNCHANGED, "fid"].values
    defn = lyr.GetLayerDefn()
    for name in INVENTORY_FIELDS:
        if defn.GetFieldIndex(name) < 0:
            kind = ogr.OFTInteger64 if name == "source_row" else ogr.OFTString
            if lyr.CreateField(ogr.FieldDefn(name, kind)) != 0:
                _fail(translate("Inventory", "add field {field}").format(field=name), path)
    defn = lyr.GetLayerDefn()
    total = max(1, len(todo) + len(unchanged))
    done = 0
    for row in todo.itertuples(index=False):
        if done % 500 == 0:
            progress.set(done / total)
        done += 1
        if row.change == NEW:
            values = _part_values(by_code, row.code)
            values.update(inv_state="active", first_seen=today, last_seen=today, missing_since=None)
            feature = ogr.Feature(defn)
            _set_fields(feature, values, defn)
            feature.SetGeometry(_point(ogr, row.x, row.y))
            if lyr.CreateFeature(feature) != 0:
                _fail(translate("Inventory", "add part {code}").format(code=row.code), path)
            continue
        feature = lyr.GetFeature(int(row.fid))
        if feature is None:
            _fail(translate("Inventory", "read part {code}").format(code=row.code), path)
        if row.change == MISSING:
            _set_fields(feature, {"inv_state": "missing", "missing_since": today}, defn)
        else:
            values = _part_values(by_code, row.code)
            values.update(inv_state="active", last_seen=today, missing_since=None)
            _set_fields(feature, values, defn)
            feature.SetGeometry(_point(ogr, row.x, row.y))
        if lyr.SetFeature(feature) != 0:
            _fail(translate("Inventory", "update part {code}").format(code=row.code), path)
    index = defn.GetFieldIndex("last_seen")
    for fid in unchanged:
        if done % 500 == 0:
            progress.set(done / total)
        done += 1
        feature = lyr.GetFeature(int(fid))
        if feature is None:
            _fail(translate("Inventory", "read part {code}").format(code=fid), path)
        feature.SetField(index, today)
        if lyr.SetFeature(feature) != 0:
            _fail(translate("Inventory", "update part {code}").format(code=fid), path)
    progress.check()


def staged_changes(report, survey):
    """One row per code of ``report`` for a store to apply: ``code``, ``change``, the part fields of
    the new survey (empty for missing parts) and ``x``, ``y`` (the new location; the old one for
    missing parts)."""
    fields = [f for f in PART_FIELDS if f != "code"]
    stage = report[["code", "change", "x", "y"]].merge(survey[["code"] + fields], on="code", how="left")
    for name in fields:
        if name == "source_row":
            stage[name] = pd.to_numeric(stage[name], errors="coerce").fillna(0).astype(np.int64)
        else:
            stage[name] = stage[name].where(stage[name].notna(), "").astype(str)
    return stage[["code", "change"] + fields + ["x", "y"]]


def _part_values(by_code, code):
    row = by_code.loc[code]
    values = {name: row[name] for name in PART_FIELDS if name != "code" and name in row.index}
    values["code"] = code
    return values


def update_inventory(
    target,
    survey,
    survey_crs,
    layer=DEFAULT_LAYER,
    move_threshold=5.0,
    apply=True,
    today=None,
    progress=NULL_PROGRESS,
    source="",
    write_report=None,
):
    """Compare ``survey`` (a frame from :func:`survey_frame`) with the inventory and, when ``apply``,
    write the changes atomically.  ``target`` is the path of an inventory GeoPackage (layer ``layer``)
    or an open case store (an object with ``read_inventory`` and ``apply_inventory_changes``).

    ``write_report(report, crs)`` writes the change report: in a dry run once the comparison is done;
    when applying, after every change is written and *before* the commit (inside the transaction), so
    that a report that cannot be written rolls everything back, and nothing can fail or be cancelled
    once the inventory is committed.
    Returns ``(report, crs)``; ``report.attrs["run"]`` is the store's run id when one was applied."""
    store = target if hasattr(target, "apply_inventory_changes") else None
    version = None
    lock = None
    if store is not None:
        inventory, inv_crs, version = store.read_inventory()
    else:
        # The GeoPackage is locked for writing *before* it is read, so that what is compared is what
        # gets changed: a second desk updating the same file at the same time is refused, not merged.
        if apply:
            check_writable(target)
        if apply and _has_layer(target, layer):
            check_point_layer(target, layer)
            lock = _WriteLock(target, layer)
        try:
            inventory, inv_crs = read_inventory(target, layer)
        except BaseException:
            if lock is not None:
                lock.rollback()
            raise
    try:
        crs = inv_crs or survey_crs
        if crs is None:
            raise InputError(translate("Inventory", "The new survey has no coordinate system."))
        survey = survey.copy()
        if survey_crs and inv_crs and not _crs(survey_crs).equals(_crs(inv_crs)):
            import pyproj

            transformer = pyproj.Transformer.from_crs(_crs(survey_crs), _crs(inv_crs), always_xy=True)
            survey["x"], survey["y"] = transformer.transform(survey["x"].values, survey["y"].values)
        if store is not None:
            store.check_inventory_survey(survey, source, apply)
        progress.set(0.1)
        report = compare(inventory, survey, crs, move_threshold)
        progress.set(0.3)

        def before_commit(run_id=None):
            """Last step before the commit: nothing is cancelled past this point."""
            progress.check()
            if run_id is not None:
                report.attrs["run"] = run_id
            if write_report is not None:
                write_report(report, crs)

        if not apply:
            before_commit()
        else:
            today = today or datetime.date.today().isoformat()
            if store is not None:
                run = InventoryRun(source=source, move_threshold=move_threshold, today=today, version=version)
                store.apply_inventory_changes(report, survey, run, progress.span(0.3, 1.0), before_commit)
            elif lock is None:
                create_inventory(target, survey, crs, layer, today, before_commit)
            else:
                apply_changes(lock, report, survey, today, progress.span(0.3, 1.0))
                before_commit()
                lock.commit()
    except BaseException:
        if lock is not None:
            lock.rollback()
        raise
    return report, crs
