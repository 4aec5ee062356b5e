"""Reading part surveys from QGIS layers and files, shared by importparts and updateinventory
(a shared module: algorithm modules import it, never each other)."""

import os

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
)

from ...grid_manager.formats.survey_io import SurveyTable, _empty_mask, cell_text, split_source
from ...grid_manager.parts.survey_import import (
    GridSet,
)
from .layers import linear_wkb


def survey_field(parameter):
    """A field parameter of a survey: in the dialogs its drop-down lists the columns as the plugin's
    survey reader names them (GBK CSV headers readable and selectable, see survey_fields.py)."""
    if not _python_field_wrappers():
        return parameter  # (a QGIS without them: the standard drop-down, and names matched back when run)
    metadata = parameter.metadata()
    metadata["widget_wrapper"] = {"class": __name__.rpartition(".")[0] + ".survey_fields.SurveyFieldWidgetWrapper"}
    parameter.setMetadata(metadata)
    return parameter


def _python_field_wrappers():
    """Whether QGIS's Processing still offers the Python field wrapper the survey drop-downs extend."""
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from processing.gui import wrappers
    except ImportError:
        return False
    return hasattr(wrappers, "TableFieldWidgetWrapper")


def crs_string(crs):
    """A QgsCoordinateReferenceSystem as something pyproj understands."""
    if not crs.isValid():
        return None
    if crs.authid().upper().startswith("EPSG:"):
        return crs.authid()
    return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED)


def is_file_input(value, context):
    """True when a parameter value names a file to read ourselves (not a loaded layer)."""
    if not isinstance(value, str) or not value:
        return False
    project = context.project() or QgsProject.instance()
    if project is not None and project.mapLayer(value) is not None:
        return False
    return os.path.isfile(split_source(value)[0])


def survey_file(raw_value, context):
    """``(path, layer)`` of the file a survey parameter is read from (layer None: its only or first
    layer), or None when it is not a file."""
    if isinstance(raw_value, QgsProcessingFeatureSourceDefinition):
        raw_value = raw_value.source.staticValue()
    if not isinstance(raw_value, str) or not raw_value:
        return None
    project = context.project() or QgsProject.instance()
    layer = project.mapLayer(raw_value) if project is not None else None
    source = layer.source() if layer is not None else raw_value
    path, name = split_source(source)
    return (path, name) if path and os.path.isfile(path) else None


def loadable_output(context, value):
    """The output ``value`` as QGIS can load it: an ``ogr:dbname='x.gpkg' table="y"`` destination becomes
    the layer source ``x.gpkg|layername=y`` (QGIS 3.22 cannot load the ``ogr:`` form), and the layer to
    load on completion is re-keyed to it.  Any other value is returned as it is."""
    from ...grid_manager.formats.gpkg_points import parse_destination

    if not str(value).lower().startswith("ogr:"):
        return value
    dest = parse_destination(value)
    if dest is None:
        return value
    source = "{}|layername={}".format(dest.path, dest.layer_name)
    if context.willLoadLayerOnCompletion(value):
        layers = context.layersToLoadOnCompletion()
        layers[source] = layers.pop(value)
        context.setLayersToLoadOnCompletion(layers)
    return source


def check_parameters(alg, parameters, context, file_params, message):
    """checkParameterValues for algorithms that read some inputs as files themselves: QGIS would
    try to open such a file as a layer (and fail on a GBK CSV or a sheet with a title row)."""
    skip = {name for name in file_params if is_file_input(parameters.get(name), context)}
    for definition in alg.parameterDefinitions():
        name = definition.name()
        if name in skip:
            continue
        if not definition.checkValueIsAcceptable(parameters.get(name), context):
            return False, message.format(name=name)
    return True, ""


def table_from_source(source, name, progress):
    """A QGIS feature source as a SurveyTable (attributes as text, point coordinates)."""
    import shapely

    from ...grid_manager.formats.survey_io import points_of

    fields = [f.name() for f in source.fields()]
    total = max(1, source.featureCount())
    values = [[] for _ in fields]
    wkb = []
    has_geometry = source.wkbType() not in (0, 100)  # NoGeometry
    request = QgsFeatureRequest()
    if not has_geometry:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    for i, feature in enumerate(source.getFeatures(request)):
        if i % 5000 == 0:
            progress.set(i / total)
        attrs = feature.attributes()
        for j, value in enumerate(attrs):
            values[j].append(_qvariant_text(value))
        if has_geometry:
            geometry = feature.geometry()
            wkb.append(None if geometry.isNull() else linear_wkb(geometry))
    n = len(values[0]) if values else len(wkb)
    data = {f: np.array(v, dtype=object) for f, v in zip(fields, values)}
    table = SurveyTable(name, fields, data, n, _empty_mask(data, n), encoding=None)
    if has_geometry:
        geoms = shapely.from_wkb(np.array(wkb, dtype=object))
        table.x, table.y, note = points_of(geoms, name)
        if note:
            table.notes.append(note)
        table.empty &= ~np.isfinite(table.x)
        table.crs = crs_string(source.sourceCrs())
    return table


def _qvariant_text(value):
    if value is None:
        return ""
    if hasattr(value, "isNull") and value.isNull():
        return ""
    if hasattr(value, "toPyDateTime"):
        return cell_text(value.toPyDateTime())
    if hasattr(value, "toPyDate"):
        return cell_text(value.toPyDate())
    return cell_text(value)


def grids_from_source(source, name, feedback):
    """The grid layer as a GridSet (needs a ``grid_code`` field)."""
    import shapely

    index = source.fields().lookupField("grid_code")
    if index < 0:
        return None
    codes, wkb, ids = [], [], []
    request = QgsFeatureRequest().setSubsetOfAttributes([index])  # only grid_code is read
    for feature in source.getFeatures(request):
        if feedback is not None and feedback.isCanceled():
            break
        codes.append(_qvariant_text(feature.attributes()[index]))
        geometry = feature.geometry()
        wkb.append(None if geometry.isNull() else linear_wkb(geometry))
        ids.append(feature.id())
    geoms = shapely.from_wkb(np.array(wkb, dtype=object))
    return GridSet.build(codes, geoms, crs_string(source.sourceCrs()), name, ids)
