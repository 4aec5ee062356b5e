"""Conversions between QGIS features and the plain data the core works on."""

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.common.budget import DEFAULT_MINUTES, Budget
from ...grid_manager.common.crs import metric_epsg

#: QGIS setting (Settings › Options › Advanced, or QgsSettings) of the time budget of heavy jobs, minutes
TIME_BUDGET_KEY = "gridmanager/time_budget_minutes"


def plain(value):
    """A Python value for an attribute (NULL QVariants become None)."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


def working_crs(crs, extent_source=None, context=None):
    """A CRS in metres for computations on data in `crs` (itself when it already is one)."""
    if crs.isValid() and not crs.isGeographic() and crs.mapUnits() == QgsUnitTypes.DistanceUnit.DistanceMeters:
        return crs
    lon, lat = 116.4, 39.9
    if extent_source is not None:
        extent = extent_source.sourceExtent()
        if not extent.isEmpty():
            center = extent.center()
            to_wgs = QgsCoordinateTransform(
                crs,
                QgsCoordinateReferenceSystem("EPSG:4326"),
                context.transformContext() if context else QgsProject.instance(),
            )
            center = to_wgs.transform(center)
            lon, lat = center.x(), center.y()
    return QgsCoordinateReferenceSystem(f"EPSG:{metric_epsg(lon, lat)}")


def linear_wkb(geometry):
    """WKB of a QgsGeometry with curves (CircularString, CompoundCurve, CurvePolygon, MultiSurface…)
    approximated by straight segments: shapely/GEOS reads no curved WKB ("Unknown WKB type")."""
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    return bytes(geometry.asWkb())


def read_source(source, dest_crs, context, feedback=None, attributes=(), progress=None):
    """(ids, shapely geometries in dest_crs, {attribute: [values]}) of every feature of `source`.

    Geometry validity is not checked here: the core repairs invalid geometries and reports them
    by feature id.
    """
    transform = QgsCoordinateTransform(source.sourceCrs(), dest_crs, context.transformContext())
    request = QgsFeatureRequest()
    field_names = [a for a in attributes if a]
    if field_names:
        request.setSubsetOfAttributes(field_names, source.fields())
    else:
        request.setNoAttributes()
    ids, wkbs = [], []
    values = {a: [] for a in field_names}
    total = source.featureCount() or 1
    for n, feature in enumerate(
        source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
    ):
        if feedback is not None and feedback.isCanceled():
            break
        geom = feature.geometry()
        if geom is None or geom.isNull():
            wkbs.append(None)
        else:
            geom = QgsGeometry(geom)
            if not transform.isShortCircuited():
                geom.transform(transform)
            wkbs.append(linear_wkb(geom))
        ids.append(feature.id())
        for a in field_names:
            values[a].append(plain(feature[a]))
        if progress is not None and n % 500 == 0:
            progress(n / total)
    geoms = shapely.from_wkb(wkbs)
    return ids, geoms, values


def to_qgs(geom, transform=None):
    g = QgsGeometry()
    g.fromWkb(shapely.to_wkb(geom))
    if transform is not None and not transform.isShortCircuited():
        g.transform(transform)
    return g


def work_budget():
    """The limits heavy jobs are checked against before they start (:class:`Budget`): the time budget
    from the setting ``gridmanager/time_budget_minutes`` (default 10; 0 = no time limit) and a quarter of
    the memory available now."""
    from qgis.core import QgsSettings

    value = QgsSettings().value(TIME_BUDGET_KEY, DEFAULT_MINUTES)
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        minutes = DEFAULT_MINUTES
    if minutes != minutes:  # NaN
        minutes = DEFAULT_MINUTES
    return Budget(minutes=minutes)
