"""Reading case layers for the case algorithms (density, grid statistics, evaluation): fields, filters,
fast OGR reads and the common parameters. A shared module: algorithm modules import it, never each other."""

import numpy as np
import pandas as pd
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
    QgsProviderRegistry,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QVariant

from ...grid_manager.cases.evaluation import STATES, parse_class_filter
from .layers import working_crs

CASE_FIELDS = (
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


def to_python(value):
    """Attribute value -> plain Python (QDateTime/QDate -> pandas Timestamp in UTC, NULL -> None)."""
    if isinstance(value, QVariant):
        if value.isNull():
            return None
        value = value.value()
    if isinstance(value, QDateTime):
        if not value.isValid() or value.isNull():
            return None
        return pd.Timestamp(value.toMSecsSinceEpoch(), unit="ms")
    if isinstance(value, QDate):
        return pd.Timestamp(value.toString("yyyy-MM-dd")) if value.isValid() else None
    return value


def qdatetime_utc(value):
    """A Processing date-time parameter value as a naive UTC Timestamp (None when unset)."""
    if value is None or not isinstance(value, QDateTime) or not value.isValid():
        return None
    return pd.Timestamp(value.toMSecsSinceEpoch(), unit="ms")


def _plain_source(parameters, key, layer):
    """True when the parameter is the whole layer (no selection, limit or filter) of an OGR file."""
    if layer is None or layer.providerType() != "ogr" or layer.subsetString():
        return False
    value = parameters.get(key)
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        if value.selectedFeaturesOnly or value.featureLimit != -1:
            return False
    return True


def _read_ogr(layer, fields):
    """Fast path: the whole OGR layer through GDAL's Arrow stream (no per-feature Python)."""
    from osgeo import gdal

    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    ds = gdal.OpenEx(parts.get("path"), gdal.OF_VECTOR)
    if ds is None:
        return None
    name = parts.get("layerName")
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(parts.get("layerId") or 0)
    if lyr is None or not hasattr(lyr, "GetArrowStreamAsNumPy"):
        return None
    defn = lyr.GetLayerDefn()
    present = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
    lyr.SetIgnoredFields([f for f in present if f not in fields])
    geom_col = lyr.GetGeometryColumn() or "wkb_geometry"
    fid_col = lyr.GetFIDColumn() or "OGC_FID"
    if lyr.GetGeomType() == 100:  # wkbNone: a table (a CSV without geometry) — read feature by
        return None  # feature instead, every coordinate NaN
    chunks = {"fid": [], "geom": [], "null": []}
    values = {f: [] for f in fields if f in present}
    stream = lyr.GetArrowStreamAsNumPy(options=["MAX_FEATURES_IN_BATCH=200000"])
    for batch in stream:
        chunks["fid"].append(np.asarray(batch[fid_col]))
        chunks["geom"].append(np.ma.getdata(batch[geom_col]))
        chunks["null"].append(np.ma.getmaskarray(batch[geom_col]))
        for f in values:
            values[f].append(_unmask(batch[f]))
    if not chunks["fid"]:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0), {f: np.zeros(0, object) for f in values}
    fids = np.concatenate(chunks["fid"])
    geoms = np.concatenate(chunks["geom"])
    null = np.concatenate(chunks["null"])
    if null.any():
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        x[~null], y[~null] = _wkb_points(geoms[~null])
    else:
        x, y = _wkb_points(geoms)
    out = {}
    for f, arrs in values.items():
        out[f] = _decode(np.concatenate(arrs))
    ds = None
    return fids, x, y, out


def _decode(arr):
    """Byte strings -> str objects, decoding each distinct value once (codes repeat a lot)."""
    if arr.dtype.kind == "S":
        uniq, inverse = np.unique(arr, return_inverse=True)
        return np.array([u.decode("utf-8") for u in uniq], dtype=object)[inverse]
    if arr.dtype == object and any(isinstance(v, bytes) for v in arr):
        return np.array([v.decode("utf-8") if isinstance(v, bytes) else v for v in arr], dtype=object)
    return arr


def read_ogr_geometries(alg, parameters, key, context, fields, dest_crs):
    """Fast path for polygon layers: (fids, shapely geometries, {field: values}) straight from an
    OGR file through Arrow, or None when the layer is filtered, selected or needs a transform."""
    import shapely

    layer = layer_for(alg, parameters, key, context)
    if not _plain_source(parameters, key, layer) or layer.crs() != dest_crs:
        return None
    if QgsWkbTypes.isCurvedType(layer.wkbType()):
        return None  # GEOS reads no curves: read_source approximates them by straight segments
    from osgeo import gdal

    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    ds = gdal.OpenEx(parts.get("path"), gdal.OF_VECTOR)
    if ds is None:
        return None
    name = parts.get("layerName")
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(parts.get("layerId") or 0)
    if lyr is None or not hasattr(lyr, "GetArrowStreamAsNumPy"):
        return None
    defn = lyr.GetLayerDefn()
    present = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
    wanted = [f for f in fields if f and f in present]
    lyr.SetIgnoredFields([f for f in present if f not in wanted])
    geom_col = lyr.GetGeometryColumn() or "wkb_geometry"
    fid_col = lyr.GetFIDColumn() or "OGC_FID"
    fids, geoms, values = [], [], {f: [] for f in wanted}
    for batch in lyr.GetArrowStreamAsNumPy(options=["MAX_FEATURES_IN_BATCH=100000"]):
        fids.append(np.asarray(batch[fid_col]))
        g = batch[geom_col]
        mask = np.ma.getmaskarray(g) if isinstance(g, np.ma.MaskedArray) else np.zeros(len(g), bool)
        data = np.ma.getdata(g)
        geoms.append(np.array([None if m else bytes(v) for v, m in zip(data, mask)], dtype=object))
        for f in wanted:
            values[f].append(_unmask(batch[f]))
    ds = None
    if not fids:
        return np.zeros(0, np.int64), np.zeros(0, dtype=object), {f: np.zeros(0, object) for f in wanted}
    out = {}
    for f, arrs in values.items():
        arr = _decode(np.concatenate(arrs))
        out[f] = [None if (isinstance(v, float) and np.isnan(v)) else v for v in arr.tolist()]
    try:
        shapes = shapely.from_wkb(np.concatenate(geoms))
    except shapely.errors.GEOSException:  # curves in a layer of a linear type: read_source segmentizes
        return None
    return np.concatenate(fids), shapes, out


def _unmask(arr):
    """Arrow nulls (masked entries) -> NaT / NaN / None."""
    if not isinstance(arr, np.ma.MaskedArray):
        return np.asarray(arr)
    mask = np.ma.getmaskarray(arr)
    data = np.ma.getdata(arr)
    if not mask.any():
        return data
    if data.dtype.kind == "M":
        out = data.copy()
        out[mask] = np.datetime64("NaT")
        return out
    if data.dtype.kind in "iufb":
        out = data.astype(float)
        out[mask] = np.nan
        return out
    out = data.astype(object)
    out[mask] = None
    return out


def _wkb_points(geoms):
    """x, y of WKB (or GeoPackage-stripped WKB) point geometries; NaN for empty/missing ones."""
    import shapely

    if geoms.dtype.kind == "V" and geoms.dtype.itemsize == 21:
        raw = np.frombuffer(geoms.tobytes(), dtype=np.uint8).reshape(-1, 21)
        if (raw[:, 0] == 1).all() and (raw[:, 1] == 1).all() and not raw[:, 2:5].any():
            xy = raw[:, 5:].copy().view("<f8").reshape(-1, 2)
            return xy[:, 0].copy(), xy[:, 1].copy()
    items = [None if g is None or len(bytes(g)) == 0 else bytes(g) for g in geoms]
    shp = shapely.from_wkb(items)
    x = np.full(len(items), np.nan)
    y = np.full(len(items), np.nan)
    ok = ~shapely.is_missing(shp) & ~shapely.is_empty(shp)
    pts = shapely.get_point(shp[ok], 0)
    pts = np.where(shapely.get_type_id(shp[ok]) == 0, shp[ok], pts)
    x[ok] = shapely.get_x(pts)
    y[ok] = shapely.get_y(pts)
    return x, y


def layer_for(alg, parameters, key, context):
    """The vector layer behind a source parameter (also for a selected-features definition)."""
    from qgis.core import QgsProcessingUtils

    layer = alg.parameterAsVectorLayer(parameters, key, context)
    value = parameters.get(key)
    if layer is None and isinstance(value, QgsProcessingFeatureSourceDefinition):
        layer = QgsProcessingUtils.mapLayerFromString(value.source.staticValue(), context)
    return layer


def read_cases(alg, parameters, key, context, feedback, fields, metric=True, projected_message=""):
    """Points and attributes of a case layer.

    Returns a dict: ``frame`` (pandas DataFrame with ``fid`` and the requested fields present in the
    layer), ``x``, ``y`` (in ``crs``), ``crs``, ``extent`` (source extent in ``crs``), ``name``,
    ``source`` and ``layer``.  Geographic layers are projected to a metric working CRS when
    ``metric`` is set; ``projected_message`` (translated by the calling algorithm, placeholders
    ``{layer}``, ``{crs}``, ``{work}``) then tells the user.
    """
    source = alg.parameterAsSource(parameters, key, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, key))
    layer = layer_for(alg, parameters, key, context)
    name = layer.name() if layer is not None else str(parameters.get(key))
    src_crs = source.sourceCrs()
    crs = src_crs
    if metric and (
        not src_crs.isValid() or src_crs.isGeographic() or src_crs.mapUnits() != QgsUnitTypes.DistanceMeters
    ):
        crs = working_crs(src_crs, source, context)
        if src_crs.isValid() and src_crs.isGeographic() and projected_message:
            feedback.pushInfo(projected_message.format(layer=name, crs=src_crs.authid(), work=crs.authid()))
    transform = QgsCoordinateTransform(src_crs, crs, context.transformContext())
    layer_fields = [f.name() for f in source.fields()]
    wanted = [f for f in fields if f and f in layer_fields]
    fast = _read_ogr(layer, wanted) if _plain_source(parameters, key, layer) else None
    if fast is not None:
        fids, x, y, values = fast
        if not transform.isShortCircuited() and len(x):
            ok = np.isfinite(x)
            xs, ys = x[ok].tolist(), y[ok].tolist()
            pts = [transform.transform(a, b) for a, b in zip(xs, ys)]
            x[ok] = [p.x() for p in pts]
            y[ok] = [p.y() for p in pts]
        values = {f: _decode(arr) for f, arr in values.items()}
    else:
        request = QgsFeatureRequest()
        request.setSubsetOfAttributes(wanted, source.fields())
        total = source.featureCount() or 1
        fids, xs, ys = [], [], []
        values = {f: [] for f in wanted}
        idx = [source.fields().lookupField(f) for f in wanted]
        for n, feature in enumerate(
            source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)
        ):
            if n % 5000 == 0:
                if feedback.isCanceled():
                    break
                feedback.setProgress(20.0 * n / total)
            geom = feature.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                xs.append(np.nan)
                ys.append(np.nan)
            else:
                if not transform.isShortCircuited():
                    geom.transform(transform)
                pt = geom.constGet()
                if geom.isMultipart():
                    pt = pt.geometryN(0)
                xs.append(pt.x())
                ys.append(pt.y())
            fids.append(feature.id())
            attrs = feature.attributes()
            for f, i in zip(wanted, idx):
                values[f].append(to_python(attrs[i]))
        x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        fids = np.asarray(fids, dtype=np.int64)
    frame = pd.DataFrame({"fid": fids})
    for f in wanted:
        frame[f] = values[f] if not isinstance(values[f], np.ndarray) else values[f]
    extent = source.sourceExtent()
    if not transform.isShortCircuited():
        extent = transform.transformBoundingBox(extent)
    from .validation import check_report_times

    check_report_times(frame, name, feedback)  # unparseable ones refused, NULL ones counted and reported
    return {
        "frame": frame,
        "x": x,
        "y": y,
        "crs": crs,
        "name": name,
        "source": source,
        "layer": layer,
        "extent": (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()),
    }


def add_filter_parameters(alg, classes_label, states_label, start_label, end_label):
    """CLASS_FILTER, STATE_FILTER, START, END (shared by the three case algorithms; the labels are
    translated by the calling algorithm, so each keeps its own translation context)."""
    alg.addParameter(QgsProcessingParameterString(alg.CLASS_FILTER, classes_label, optional=True))
    alg.addParameter(
        QgsProcessingParameterEnum(
            alg.STATE_FILTER, states_label, options=list(STATES), allowMultiple=True, optional=True
        )
    )
    alg.addParameter(QgsProcessingParameterDateTime(alg.START, start_label, optional=True))
    alg.addParameter(QgsProcessingParameterDateTime(alg.END, end_label, optional=True))


def read_filters(alg, parameters, context):
    classes = parse_class_filter(alg.parameterAsString(parameters, alg.CLASS_FILTER, context))
    states = ()
    if parameters.get(alg.STATE_FILTER) not in (None, "", []):
        states = tuple(STATES[i] for i in alg.parameterAsEnums(parameters, alg.STATE_FILTER, context))
    start = (
        qdatetime_utc(alg.parameterAsDateTime(parameters, alg.START, context))
        if parameters.get(alg.START) not in (None, "")
        else None
    )
    end = (
        qdatetime_utc(alg.parameterAsDateTime(parameters, alg.END, context))
        if parameters.get(alg.END) not in (None, "")
        else None
    )
    return classes, states, start, end


def filter_fields(classes, states, start, end):
    out = []
    if classes:
        out.append("class_code")
    if states:
        out.append("state")
    if start is not None or end is not None:
        out.append("reported_at")
    return out


def finite_number(value, digits=6):
    """Finite float rounded, or None (NULL) — never an infinite or NaN attribute."""
    if value is None:
        return None
    value = float(value)
    return round(value, digits) if np.isfinite(value) else None


def utc_qdatetime(ts):
    """A pandas/naive-UTC timestamp as a QDateTime in UTC (None for NaT/None)."""
    if ts is None or pd.isna(ts):
        return None
    return QDateTime.fromMSecsSinceEpoch(int(pd.Timestamp(ts).value // 1_000_000), Qt.TimeSpec.UTC)
