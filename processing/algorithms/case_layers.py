"""Reading case layers for the case algorithms (density, grid statistics, evaluation): fields, filters,
fast OGR reads and the common parameters. A shared module: algorithm modules import it, never each other."""

import numpy as np
import pandas as pd
from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
    QgsProviderRegistry,
    QgsRectangle,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, QVariant

from ...grid_manager.cases.evaluation import STATES, duplicate_cases, parse_class_filter
from ...grid_manager.cases.times import DEFAULT_TIME_ZONE, check_zone, local_timestamp
from ...grid_manager.cases.vocabulary import ANALYSIS_FIELDS
from ...grid_manager.common.errors import InputError
from ...grid_manager.common.i18n import translate
from ...grid_manager.store.grid_counts_sql import ogr_time_text_sql
from .layers import working_crs

# the fields of a cases layer (the case store's analysis export)
CASE_FIELDS = ANALYSIS_FIELDS


def _wall_clock(value):
    d, t = value.date(), value.time()
    return pd.Timestamp(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), t.msec() * 1000)


def to_python(value):
    """Attribute value -> plain Python (NULL -> None). A QDateTime without a zone (local time spec) -> its
    wall-clock time as a naive Timestamp (a local time in the algorithm's TIME_ZONE); with a zone or an
    offset -> a UTC-aware Timestamp (converted to TIME_ZONE by the core)."""
    if isinstance(value, QVariant):
        if value.isNull():
            return None
        value = value.value()
    if isinstance(value, QDateTime):
        if not value.isValid() or value.isNull():
            return None
        if value.timeSpec() == Qt.TimeSpec.LocalTime:
            return _wall_clock(value)
        return pd.Timestamp(value.toMSecsSinceEpoch(), unit="ms", tz="UTC")
    if isinstance(value, QDate):
        return pd.Timestamp(value.toString("yyyy-MM-dd")) if value.isValid() else None
    return value


def qdatetime_local(value, zone=DEFAULT_TIME_ZONE):
    """A Processing date-time parameter value as a naive local Timestamp in ``zone`` (None when unset):
    a value without a zone is a wall-clock time in ``zone``, one with a zone or offset is converted."""
    if value is None or not isinstance(value, QDateTime) or not value.isValid():
        return None
    return local_timestamp(to_python(value), zone)


def add_time_zone_parameter(alg, label):
    """TIME_ZONE (IANA name, default Asia/Shanghai); ``label`` translated by the calling algorithm."""
    alg.addParameter(QgsProcessingParameterString(alg.TIME_ZONE, label, DEFAULT_TIME_ZONE, optional=True))


def read_time_zone(alg, parameters, context):
    """The algorithm's TIME_ZONE, checked (a clear message for an unknown name)."""
    try:
        return check_zone(alg.parameterAsString(parameters, alg.TIME_ZONE, context))
    except InputError as error:
        raise QgsProcessingException(str(error)) from None


def _ogr_time_texts(layer, fields):
    """{field: {fid: text}} of date-time fields read through OGR SQL as text, which keeps the zone each
    value was stored with (GDAL 3.6's Arrow stream and QGIS 3.22's OGR provider both drop it)."""
    if not fields:
        return None
    ds, lyr = _ogr_layer(layer)
    if lyr is None:
        return None
    result = ds.ExecuteSQL(ogr_time_text_sql(lyr.GetName(), fields), dialect="OGRSQL")
    if result is None:
        return None
    result.SetIgnoredFields(["OGR_GEOMETRY"])  # only the texts (and the fid) are needed
    try:
        fids, texts = [], {f: [] for f in fields}
        for batch in result.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]):
            fids.append(np.asarray(batch[result.GetFIDColumn() or "OGC_FID"]))
            for f in fields:
                texts[f].append(_unmask(batch[f]))
    finally:
        ds.ReleaseResultSet(result)
    if not fids:
        return {f: pd.Series(dtype=object) for f in fields}
    index = np.concatenate(fids)
    return {f: pd.Series(_decode(np.concatenate(texts[f])), index=index) for f in fields}


def _plain_source(parameters, key, layer):
    """True when the parameter is the whole layer (no selection, limit or filter) of an OGR file."""
    if layer is None or layer.providerType() != "ogr" or layer.subsetString():
        return False
    value = parameters.get(key)
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        if value.selectedFeaturesOnly or value.featureLimit != -1:
            return False
    return True


def _ogr_layer(layer):
    """(dataset, OGR layer) behind a QGIS OGR layer, else (None, None); keep the dataset alive while the
    layer is used."""
    from osgeo import gdal

    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    ds = gdal.OpenEx(parts.get("path"), gdal.OF_VECTOR)
    if ds is None:
        return None, None
    name = parts.get("layerName")
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(parts.get("layerId") or 0)
    return (ds, lyr) if lyr is not None else (None, None)


def _arrow_layer(layer):
    """:func:`_ogr_layer` when GDAL can stream the layer as Arrow, else (None, None)."""
    ds, lyr = _ogr_layer(layer)
    if lyr is None or not hasattr(lyr, "GetArrowStreamAsNumPy"):
        return None, None
    return ds, lyr


def _read_ogr(layer, fields):
    """Fast path: the whole OGR layer through GDAL's Arrow stream (no per-feature Python)."""
    _dataset, lyr = _arrow_layer(layer)  # the dataset stays open while the layer is read
    if lyr is None:
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
    _dataset = None  # closes the file
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
    _dataset, lyr = _arrow_layer(layer)  # the dataset stays open while the layer is read
    if lyr is None:
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
    _dataset = None  # closes the file
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
        not src_crs.isValid()
        or src_crs.isGeographic()
        or src_crs.mapUnits() != QgsUnitTypes.DistanceUnit.DistanceMeters
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
            source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
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
    time_fields = [f for f in wanted if source.fields().field(f).type() in (QVariant.Type.DateTime, QVariant.Type.Date)]
    if time_fields and layer is not None and layer.providerType() == "ogr" and len(frame):
        texts = _ogr_time_texts(layer, time_fields)
        if texts is not None:
            for f in time_fields:
                found = frame["fid"].isin(texts[f].index).to_numpy()  # else keep what was read
                text = texts[f].reindex(frame["fid"].to_numpy()).to_numpy(dtype=object)
                frame[f] = np.where(found, text, frame[f].to_numpy(dtype=object))
    extent = source.sourceExtent()
    if not transform.isShortCircuited():
        if extent.isNull() or extent.isEmpty() or not extent.isFinite():
            extent = QgsRectangle()  # no feature (or none with a geometry): nothing to transform
        else:
            try:
                extent = transform.transformBoundingBox(extent)
            except QgsCsException as error:
                raise QgsProcessingException(
                    translate(
                        "CaseLayers", "{layer}: the extent of the cases cannot be transformed to {crs}: {error}"
                    ).format(
                        layer=name, crs=crs.authid() or crs.description(), error=str(error).strip().splitlines()[-1]
                    )
                ) from None
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


def read_filters(alg, parameters, context, zone=DEFAULT_TIME_ZONE):
    """Class and state filters and the reporting window [START, END) as local times in ``zone``."""
    classes = parse_class_filter(alg.parameterAsString(parameters, alg.CLASS_FILTER, context))
    states = ()
    if parameters.get(alg.STATE_FILTER) not in (None, "", []):
        states = tuple(STATES[i] for i in alg.parameterAsEnums(parameters, alg.STATE_FILTER, context))
    start = (
        qdatetime_local(alg.parameterAsDateTime(parameters, alg.START, context), zone)
        if parameters.get(alg.START) not in (None, "")
        else None
    )
    end = (
        qdatetime_local(alg.parameterAsDateTime(parameters, alg.END, context), zone)
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


def local_qdatetime(ts, zone=DEFAULT_TIME_ZONE):
    """A naive local time in ``zone`` as a QDateTime in that zone (None for NaT/None): the wall-clock
    time is what files written by QGIS 3.22 keep; newer QGIS also store the offset."""
    if ts is None or pd.isna(ts):
        return None
    ts = pd.Timestamp(ts)
    return QDateTime(
        QDate(ts.year, ts.month, ts.day),
        QTime(ts.hour, ts.minute, ts.second, ts.microsecond // 1000),
        QTimeZone(zone.encode("utf-8")),
    )


def unique_cases(cases, feedback):
    """Mask of the cases to count: the first of every case_code (a repeated code is counted once), with
    a warning naming the layer and a few of the repeated codes."""
    keep, n_dup, dup_codes = duplicate_cases(cases["frame"])
    if n_dup:
        feedback.pushWarning(
            translate(
                "CaseLayers",
                "{layer}: {n} cases repeat a case_code already read (e.g. {codes}): each code is counted once.",
            ).format(layer=cases["name"], n=n_dup, codes=", ".join(dup_codes))
        )
    return keep
