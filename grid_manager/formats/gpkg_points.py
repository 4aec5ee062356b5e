"""Write a point layer to a new GeoPackage fast: GDAL creates the (empty) layer, SQLite fills it
(the SQL in :mod:`grid_manager.store.gpkg_file`, the blobs and R-tree nodes in :mod:`.gpkg_geometry`).

``pyogrio.write_dataframe`` to a GeoPackage costs ~25 µs a feature with GDAL 3.6 (OGR feature
objects, one prepared INSERT per feature, and an R-tree grown one insertion at a time).  Here:

* GDAL (through its Python bindings, else pyogrio) creates the file and the empty layer with its
  spatial index, so the metadata tables, the spatial reference system, the rtree virtual table
  and its triggers are exactly the ones GDAL writes;
* the triggers are set aside, the rows go in through Python's ``sqlite3`` in one transaction
  (multi-row INSERTs, geometries as GeoPackage blobs built with numpy: ``GP`` header + WKB);
  columns that follow from a key (class names from the class code…) are bound once per distinct
  value and joined by SQLite — binding values is what costs most;
* the R-tree is bulk-loaded (sort-tile-recursive packing) straight into the rtree module's shadow
  tables in the node format SQLite documents (``ext/rtree/rtree.c``), with the same float32
  rounding SQLite applies (minimum down, maximum up);
* the triggers are put back, the extent and the feature count set.

The file is written under a temporary name next to ``path`` and renamed at the end: a failure
leaves the previous file (if any) untouched and no half-written output.

Destinations follow QGIS's conventions (:func:`parse_destination`): a plain path is a whole file;
``x.gpkg|layername=y`` and ``ogr:dbname='x.gpkg' table="y" (geom)`` name the layer ``y`` of ``x.gpkg``,
which :func:`replace_layer` adds (or replaces) in one transaction, keeping every other layer.
"""

import os
import re
import sqlite3
import uuid
from typing import NamedTuple

import numpy as np

from ..store import gpkg_file
from ..store.gpkg_file import quote  # noqa: F401  (identifier quoting, used by callers)
from .gpkg_geometry import gpkg_blobs, rtree_nodes  # noqa: F401  (re-exported)


# ------------------------------------------------------------------------------------------------
# Destinations
# ------------------------------------------------------------------------------------------------
class Destination(NamedTuple):
    """Where an output goes: ``path`` (a file), ``layer`` (None: named after the file) and whether the
    layer was named (``explicit``: add or replace that layer only, keeping the others)."""

    path: str
    layer: str
    explicit: bool

    @property
    def layer_name(self):
        return self.layer or os.path.splitext(os.path.basename(self.path))[0]


# Data source schemes QGIS offers for outputs that are not files.
NON_FILE_SCHEMES = ("postgres:", "postgis:", "spatialite:", "memory:", "mssql:", "oracle:", "hana:", "ogr:")
_URI_ITEM = re.compile(r"""(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)""")


def _uri_items(text):
    """key=value pairs of a QgsDataSourceUri string (values in single or double quotes, backslash
    escapes, or bare words)."""
    items = {}
    for key, value in _URI_ITEM.findall(text):
        if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        items.setdefault(key.lower(), value)
    return items


def parse_destination(value, layer=None):
    """A destination as QGIS writes it, as a :class:`Destination`:

    * ``ogr:dbname='x.gpkg' table="y" (geom)`` — layer ``y`` of ``x.gpkg`` (QGIS's "Save to GeoPackage");
    * ``x.gpkg|layername=y`` — the same in QGIS's layer source form;
    * ``x.gpkg`` — the whole file (its layer named after it), or layer ``layer`` when given.

    Returns None for a destination that is not a file (a database or memory layer URI)."""
    text = str(value or "").strip()
    lower = text.lower()
    if lower.startswith("ogr:"):
        items = _uri_items(text[4:])
        path = items.get("dbname")
        if not path:
            return None
        table = items.get("table") or layer
        return Destination(path, table or None, bool(table))
    if lower.startswith(NON_FILE_SCHEMES) or "://" in lower:
        return None
    if "|" in text:
        path, *options = text.split("|")
        named = layer
        for option in options:
            key, _sep, val = option.partition("=")
            if key.strip().lower() == "layername" and val.strip():
                named = val.strip()
        return Destination(path.strip(), named or None, bool(named))
    return Destination(text, layer or None, bool(layer))


def list_layers(path):
    """Names of the layers (feature and attribute tables) of a GeoPackage; raises when the file is not
    one GDAL can open."""
    import pyogrio

    return [str(name) for name, _kind in pyogrio.list_layers(path)]


def _field_values(series):
    """A column as a list of Python values for sqlite3 and the dtype that gives its field type
    (None, None when it is not text, 32/64-bit integer, float64 or boolean)."""
    values = series.values
    kind = values.dtype.kind
    if kind == "i" and values.dtype.itemsize in (4, 8):
        return values.tolist(), values.dtype
    if kind == "b":
        return values.astype(np.int64).tolist(), values.dtype
    if kind == "f" and values.dtype.itemsize == 8:
        out = values.astype(object)
        out[np.isnan(values)] = None  # as pyogrio writes NaN
        return out.tolist(), values.dtype
    if kind == "O":
        import pandas as pd

        if pd.api.types.infer_dtype(values, skipna=False) == "string":  # all str: the common case
            return values.tolist(), np.dtype(object)
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            missing = pd.isna(values)
            if missing.any():
                values = values.copy()
                values[missing] = None
            return values.tolist(), np.dtype(object)
    return None, None


class Prepared:
    """Columns ready for SQLite: ``fields``/``dtypes`` of the layer in order; ``direct`` maps a field
    to its list of values (bound row by row); ``groups`` holds ``(keys, names, rows)`` for fields
    that follow from a key column (a part's class names from its class code, a grid's community
    from its grid code): each row binds only the key, SQLite joins the few distinct ``rows``."""

    def __init__(self, fields, dtypes, direct, groups):
        self.fields = fields
        self.dtypes = dtypes
        self.direct = direct
        self.groups = groups

    def __len__(self):
        for values in self.direct.values():
            return len(values)
        return len(self.groups[0][0]) if self.groups else 0


def prepare(frame, names=None, groups=()):
    """The columns ``names`` (default: all) of ``frame`` for :func:`write_points`, or None when a
    column is neither text, integer, real nor boolean.  ``groups``: ``(key, [dependent columns])``
    pairs to check — a dependent column that takes one value for every key value is written
    through the key; any other stays a direct column.  With ``key`` None the dependent text columns
    that together take few distinct combinations (status, department, date…) share one key."""
    import pandas as pd

    names = [str(c) for c in (frame.columns if names is None else names)]
    fields, dtypes, direct, grouped = [], [], {}, []
    taken = set()
    limit = max(64, len(frame) // 8)
    for key, dependents in groups:
        if key is None:
            keys, members = _combination_keys(frame, [c for c in dependents if c in names and c not in taken], limit)
            if keys is None:
                continue
        else:
            if key not in names or key in taken:
                continue
            keys, uniques = pd.factorize(frame[key].values)
            if len(keys) == 0 or (keys < 0).any() or len(uniques) > limit:
                continue
            members = [key]
        first = np.empty(int(keys.max()) + 1, dtype=np.int64)
        first[keys[::-1]] = np.arange(len(keys) - 1, -1, -1)
        for name in dependents if key is not None else ():
            if name in names and name not in taken:
                values = frame[name].values
                if (values == values[first][keys]).all():
                    members.append(name)
        columns = []
        for name in members:  # every value of a member shows among its rows: checking them is enough
            values, dtype = _field_values(frame[name].iloc[first])
            if values is None:
                return None
            columns.append(values)
            dtypes.append(dtype)
            fields.append(name)
        grouped.append((keys.tolist(), members, list(zip(*columns))))
        taken.update(members)
    for name in names:
        if name in taken:
            continue
        values, dtype = _field_values(frame[name])
        if values is None:
            return None
        fields.append(name)
        dtypes.append(dtype)
        direct[name] = values
    order = {name: k for k, name in enumerate(names)}  # the layer keeps the frame's column order
    paired = sorted(zip(fields, dtypes), key=lambda fd: order[fd[0]])
    return Prepared([f for f, _d in paired], [d for _f, d in paired], direct, grouped)


def _combination_keys(frame, candidates, limit):
    """One key for the distinct combinations of the text columns ``candidates`` (those with the
    fewest values first, a column dropped when it would make more than ``limit`` combinations)."""
    import pandas as pd

    if len(frame) == 0:
        return None, []
    coded = []
    for name in candidates:
        if frame[name].dtype != object:
            continue
        codes, uniques = pd.factorize(frame[name].values)
        missing = codes < 0  # None/NaN: one more value
        if missing.any():
            codes = np.where(missing, len(uniques), codes)
        size = len(uniques) + int(missing.any())
        if size <= limit:
            coded.append((size, name, codes))
    coded.sort(key=lambda item: item[0])
    combined, members = np.zeros(len(frame), dtype=np.int64), []
    for size, name, codes in coded:
        trial, uniques = pd.factorize(combined * size + codes)
        if len(uniques) <= limit:
            combined = trial
            members.append(name)
    if len(members) < 2:
        return None, []
    return combined, members


def _temporary_name(path):
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, ".{}.{}.tmp.gpkg".format(name, uuid.uuid4().hex[:12]))


def _remove(path, suffixes=("", "-journal", "-wal", "-shm")):
    for suffix in suffixes:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def write_points(prepared, x, y, crs, path, layer=None, keep_others=False):
    """Write the columns ``prepared`` by :func:`prepare` with point geometries ``x``, ``y`` (finite)
    in ``crs`` as a new GeoPackage at ``path`` (replacing any file there), with a spatial index.
    With ``keep_others`` and an existing GeoPackage at ``path``, only the layer ``layer`` is added or
    replaced (:func:`replace_layer`) and the other layers are kept.
    Raises whatever GDAL, SQLite or the file system raise; ``path`` is then left as it was."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    _write(prepared, path, layer, crs, x, y, keep_others)


def write_table(prepared, path, layer=None, keep_others=False):
    """Write the columns ``prepared`` by :func:`prepare` as a new GeoPackage attribute table (no
    geometry) at ``path``, replacing any file there (or only the layer, with ``keep_others``); same
    guarantees as :func:`write_points`."""
    _write(prepared, path, layer, None, None, None, keep_others)


def _write(prepared, path, layer, crs, x, y, keep_others=False):
    layer = layer or os.path.splitext(os.path.basename(path))[0]
    tmp = _temporary_name(path)
    try:
        create_layer(tmp, layer, prepared.fields, prepared.dtypes, crs, x is not None)
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            gpkg_file.fill(con, layer, prepared, x, y)
        finally:
            con.close()
        place_file(tmp, path, layer, keep_others)
    finally:
        _remove(tmp)


def place_file(tmp, path, layer, keep_others=False):
    """Put the finished GeoPackage ``tmp`` (holding ``layer``) at ``path``: the whole file replaces
    ``path``, or, with ``keep_others`` and an existing ``path``, its layer is added to it (replacing a
    layer of that name) by :func:`replace_layer`."""
    if keep_others and os.path.exists(path):
        replace_layer(tmp, layer, path)
        return
    _remove(path, ("-journal", "-wal", "-shm"))  # SQLite must not apply them to the new file
    os.replace(tmp, path)


def replace_layer(source, layer, path):
    """Copy the layer ``layer`` of the GeoPackage ``source`` into the existing GeoPackage ``path``,
    replacing the layer of that name there and keeping every other layer.

    The rows are first copied under a temporary name (GDAL's CopyLayer, outside any transaction: it
    copies nothing inside one); then, in one transaction, the old layer is dropped and the copy renamed.
    A failure at any point leaves ``path`` as it was (the temporary copy is removed)."""
    from osgeo import gdal, ogr

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    src = dst = None
    staging = "{}__gm_{}".format(layer, uuid.uuid4().hex[:8])
    try:
        gdal.ErrorReset()
        src = ogr.Open(source)
        src_layer = src.GetLayerByName(layer) if src is not None else None
        if src_layer is None:
            raise OSError(gdal.GetLastErrorMsg() or "cannot read {}".format(source))
        dst = ogr.Open(path, 1)
        if dst is None or dst.GetDriver().GetName() != "GPKG":
            raise OSError(gdal.GetLastErrorMsg() or "{} is not a GeoPackage".format(path))
        # without an index, then the index built in one go: 6 s instead of 11 s for 200,000 points
        copied = dst.CopyLayer(src_layer, staging, ["SPATIAL_INDEX=NO"])
        if copied is None or copied.GetFeatureCount() != src_layer.GetFeatureCount():
            _drop_layer(dst, staging)
            raise OSError(gdal.GetLastErrorMsg() or "cannot copy the layer {}".format(layer))
        column = copied.GetGeometryColumn() if copied.GetGeomType() != ogr.wkbNone else ""
        copied = None
        if column and not _spatial_index(dst, staging, column):
            _drop_layer(dst, staging)
            raise OSError(gdal.GetLastErrorMsg() or "cannot index the layer {}".format(layer))
        if dst.StartTransaction() != 0:
            _drop_layer(dst, staging)
            raise OSError(gdal.GetLastErrorMsg() or "cannot start a transaction in {}".format(path))
        try:
            _drop_layer(dst, layer)
            renamed = dst.GetLayerByName(staging)
            if renamed is None or renamed.Rename(layer) != 0:
                raise OSError(gdal.GetLastErrorMsg() or "cannot name the layer {}".format(layer))
            renamed = None
            if dst.CommitTransaction() != 0:
                raise OSError(gdal.GetLastErrorMsg() or "cannot commit {}".format(path))
        except BaseException:
            dst.RollbackTransaction()
            _drop_layer(dst, staging)
            raise
    finally:
        src = dst = None  # closes both files
        gdal.PopErrorHandler()


def _spatial_index(dataset, table, column):
    """Build the GeoPackage R-tree of ``table`` in one go (GDAL's CreateSpatialIndex); True when it exists."""

    def literal(text):
        return "'{}'".format(str(text).replace("'", "''"))

    dataset.ExecuteSQL("SELECT CreateSpatialIndex({}, {})".format(literal(table), literal(column)))
    result = dataset.ExecuteSQL("SELECT HasSpatialIndex({}, {})".format(literal(table), literal(column)))
    try:
        feature = result.GetNextFeature() if result is not None else None
        return bool(feature is not None and feature.GetField(0))
    finally:
        if result is not None:
            dataset.ReleaseResultSet(result)


def _drop_layer(dataset, name):
    for index in range(dataset.GetLayerCount()):
        if dataset.GetLayerByIndex(index).GetName() == name:
            if dataset.DeleteLayer(index) != 0:
                from osgeo import gdal

                raise OSError(gdal.GetLastErrorMsg() or "cannot remove the layer {}".format(name))
            return


def create_layer(path, layer, fields, dtypes, crs, points):
    """A new GeoPackage 1.3 with one empty layer (points with a spatial index, or no geometry),
    created by GDAL: through its Python bindings when present (they load in milliseconds), else
    through pyogrio.  Field types as pyogrio gives them (text, Integer64, Integer, Boolean, Real)."""
    try:
        from osgeo import gdal, ogr, osr
    except ImportError:
        gdal = None
    if gdal is None:
        import pyogrio

        pyogrio.raw.write(
            path,
            np.empty(0, dtype=object),
            [np.empty(0, dtype=d) for d in dtypes],
            fields,
            layer=layer,
            driver="GPKG",
            geometry_type="Point" if points else None,
            crs=crs if points else None,
            dataset_options={"VERSION": "1.3"},
            layer_options={"SPATIAL_INDEX": "YES"} if points else None,
        )
        return
    types = {
        "O": (ogr.OFTString, ogr.OFSTNone),
        "i8": (ogr.OFTInteger64, ogr.OFSTNone),
        "i4": (ogr.OFTInteger, ogr.OFSTNone),
        "b1": (ogr.OFTInteger, ogr.OFSTBoolean),
        "f8": (ogr.OFTReal, ogr.OFSTNone),
    }
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        gdal.ErrorReset()
        driver = ogr.GetDriverByName("GPKG")
        dataset = driver.CreateDataSource(path, options=["VERSION=1.3"]) if driver is not None else None
        if dataset is None:
            raise OSError(gdal.GetLastErrorMsg() or "cannot create {}".format(path))
        srs = None
        if points and crs:
            srs = osr.SpatialReference()
            if srs.SetFromUserInput(str(crs)) != 0:
                raise ValueError(gdal.GetLastErrorMsg() or "unknown coordinate system {}".format(crs))
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        created = dataset.CreateLayer(
            layer, srs, ogr.wkbPoint if points else ogr.wkbNone, ["SPATIAL_INDEX=YES"] if points else []
        )
        if created is None:
            raise OSError(gdal.GetLastErrorMsg() or "cannot create the layer {}".format(layer))
        for name, dtype in zip(fields, dtypes):
            kind = "O" if dtype.kind == "O" else "{}{}".format(dtype.kind, dtype.itemsize)
            field_type, subtype = types[kind]
            definition = ogr.FieldDefn(name, field_type)
            definition.SetSubType(subtype)
            if created.CreateField(definition) != 0:
                raise OSError(gdal.GetLastErrorMsg() or "cannot create the field {}".format(name))
        created = None
        if dataset.FlushCache() not in (None, 0):
            raise OSError(gdal.GetLastErrorMsg())
        dataset = None  # closes the file
    finally:
        gdal.PopErrorHandler()
