"""One input-validation layer for every Grid Manager algorithm (a shared module).

:func:`validate` runs before the body of every algorithm's ``processAlgorithm`` (the base class wraps
it, see ``base.py``), so bad input is refused before any work and before anything is written. It is
driven by ``alg.parameterDefinitions()``:

- numbers (``QgsProcessingParameterNumber`` / ``Distance``): NaN and ±inf refused, minimum and maximum
  enforced (QGIS lets NaN through its own range check);
- feature sources and vector layers: the layer opens, holds the geometry type the parameter declares
  (points, lines, polygons; a table without geometry only where tables are accepted), has a defined
  coordinate system ("Undefined geographic SRS" and no CRS are refused, naming the layer); curved
  geometries are accepted and approximated by straight segments (``layers.linear_wkb``) with one note;
- fields (``QgsProcessingParameterField``): every field exists in its parent layer (as happens from
  ``qgis_process``, models and batch mode, where the field picker is bypassed) and has an accepted type;
  household and weight fields hold finite, plausible values (checked with the provider's min/max);
- expressions: parse, refer to existing fields only and evaluate on a feature;
- outputs (every destination parameter and the file a run changes): the folder exists and is writable,
  no output is an input or another output, a case store or a part inventory is never an output.

Algorithm-specific rules (which geometries must not be NULL, the fields a case layer needs…) are the
declarative tables at the end of this module, keyed by algorithm name, so algorithm modules do not change.
Messages are translated in the context ``Validation``.
"""

import math
import os
import re

from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ...grid_manager.common.paths import folder_writable
from ...grid_manager.formats.survey_io import split_source
from ...grid_manager.store.files import persistent_store
from .layers import linear_wkb
from .survey_input import is_file_input

translate = QCoreApplication.translate  # every message of this module: context "Validation"

#: households of one feature (building, address point, grid) above this are refused as implausible
MAX_HOUSEHOLDS = 1_000_000
#: case weights above this would overflow the heatmap's 32-bit cells
MAX_WEIGHT = 1e15


# ---------------------------------------------------------------------------------------------
# coordinate systems


def crs_defined(crs):
    """False for an invalid CRS and for GeoPackage's placeholders ("Undefined geographic SRS",
    "Undefined cartesian SRS"), which say nothing about where the coordinates are."""
    if crs is None or not crs.isValid():
        return False
    if crs.authid():
        return True
    return not crs.description().lower().startswith("undefined")


def features(source, request):
    """The features of a layer or Processing source, whatever the context's invalid-geometry setting:
    checking input must not stop at (or skip) an invalid geometry the algorithm itself repairs."""
    if isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
    return source.getFeatures(request)


def _ogr_path(text):
    """(file path, layer name or None) of a destination or source string, or None when it names no
    file (memory layers, temporary outputs, database URIs)."""
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not value or value == QgsProcessing.TEMPORARY_OUTPUT or value.startswith("memory:"):
        return None
    if value.startswith("ogr:"):
        match = re.search(r"dbname='((?:[^'\\]|\\.)*)'|dbname=(\S+)", value)
        if not match:
            return None
        path = (match.group(1) or match.group(2)).replace("\\'", "'")
        table = re.search(r"table=\"?([^\"\s]+)\"?", value)
        return path, table.group(1) if table else None
    if re.match(r"^[a-z]+:(?!//|\\|/)", value, re.IGNORECASE) and not re.match(r"^[a-z]:[\\/]", value, re.I):
        return None  # postgres:, postgis:, spatialite: … (a Windows drive letter is a path)
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE) and not value.lower().startswith("file://"):
        return None  # postgres://, http://…
    if value.startswith("file://"):
        value = value[len("file://") :].split("?", 1)[0]
    path, _, rest = value.partition("|")
    layer = None
    match = re.search(r"layername=([^|]+)", rest)
    if match:
        layer = match.group(1)
    return path, layer


def _real(path):
    return os.path.normcase(os.path.realpath(os.path.abspath(os.path.expanduser(path))))


def _first_layer(path):
    """Name of the layer QGIS opens from a multi-layer file given without a layer name."""
    try:
        from osgeo import gdal

        ds = gdal.OpenEx(path, gdal.OF_VECTOR)
        if ds is None or ds.GetLayerCount() == 0:
            return None
        name = ds.GetLayer(0).GetName()
        ds = None
        return name
    except Exception:  # any GDAL trouble: no layer name known, compare by file
        return None


# ---------------------------------------------------------------------------------------------


class Validation:
    """The checks; messages in the translation context of this class."""

    def __init__(self, alg, parameters, context, feedback):
        self.alg = alg
        self.name = alg.name()
        self.parameters = dict(parameters)
        self.context = context
        self.feedback = feedback
        self.definitions = {d.name(): d for d in alg.parameterDefinitions()}
        self.sources = {}  # parameter -> (QgsFeatureSource, QgsVectorLayer or None, label)
        self._param_of_layer = {}
        self.file_inputs = set()  # parameters read as files by the plugin itself
        self.invalid = []  # (layer, feature id, reason, where) of invalid polygons noted before the run
        self.inputs = []  # (real path, layer or None, parameter description, "file" or "layer")
        # importparts and updateinventory check their destinations themselves (the plugin's GeoPackage
        # writer: layers added, others kept), with messages in their own words: the generic checks of
        # folders, of one output against another and against the files they read are theirs then
        self.own_output_checks = any(callable(getattr(alg, n, None)) for n in ("check_output", "check_outputs"))

    # -- helpers ----------------------------------------------------------------------------
    def label(self, name):
        definition = self.definitions[name]
        return "{} ({})".format(definition.description(), name)

    def given(self, name):
        value = self.parameters.get(name)
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            return True
        return value not in (None, "", [])

    def enum(self, name):
        return self.alg.parameterAsEnum(self.parameters, name, self.context)

    def bool(self, name):
        return self.alg.parameterAsBoolean(self.parameters, name, self.context)

    def fail(self, text):
        raise QgsProcessingException(text)

    # -- entry point --------------------------------------------------------------------------
    def run(self):
        self.check_numbers()
        self.open_sources()
        self.resolve_field_defaults()
        self.check_fields()
        self.check_expressions()
        for rule in RULES.get(self.name, ()):
            rule(self)
        self.check_outputs()
        return self.parameters

    # -- numbers --------------------------------------------------------------------------------
    def check_numbers(self):
        for name, definition in self.definitions.items():
            if not isinstance(definition, QgsProcessingParameterNumber) or not self.given(name):
                continue
            raw = self.parameters[name]
            if isinstance(raw, bool):
                continue
            try:
                value = float(raw) if isinstance(raw, (int, float, str)) else None
            except ValueError:
                continue  # not a number at all: QGIS's own parameter check names it
            if value is None:
                value = self.alg.parameterAsDouble(self.parameters, name, self.context)
            if not math.isfinite(value):
                self.fail(
                    translate("Validation", "{parameter}: {value} is not a finite number.").format(
                        parameter=self.label(name), value=raw
                    )
                )
            low, high = definition.minimum(), definition.maximum()
            if low > -1e300 and value < low:
                self.fail(
                    translate("Validation", "{parameter}: {value} is below the minimum {minimum}.").format(
                        parameter=self.label(name), value=raw, minimum=f"{low:g}"
                    )
                )
            if high < 1e300 and value > high:
                self.fail(
                    translate("Validation", "{parameter}: {value} is above the maximum {maximum}.").format(
                        parameter=self.label(name), value=raw, maximum=f"{high:g}"
                    )
                )

    # -- layers ---------------------------------------------------------------------------------
    def open_sources(self):
        for name, definition in self.definitions.items():
            if not isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
                if isinstance(definition, QgsProcessingParameterFile) and self.given(name):
                    value = self.alg.parameterAsFile(self.parameters, name, self.context)
                    if value:
                        self.inputs.append((_real(value), None, self.label(name), "file"))
                continue
            if not self.given(name):
                continue
            raw = self.parameters[name]
            raw_value = raw.source.staticValue() if isinstance(raw, QgsProcessingFeatureSourceDefinition) else raw
            if is_file_input(raw_value, self.context) and name in FILE_INPUTS.get(self.name, ()):
                # read by the plugin's own survey reader (CSV in GBK, sheets with a title row…)
                self.file_inputs.add(name)
                path, layer = split_source(raw_value)
                self.inputs.append((_real(path), layer, self.label(name), "file"))
                if not self.crs_optional(name):
                    self.check_file_crs(name, path, layer)
                continue
            layer = self.layer_for(name)
            if isinstance(definition, QgsProcessingParameterVectorLayer):
                source = layer
            else:
                source = self.alg.parameterAsSource(self.parameters, name, self.context)
            if source is None:
                self.fail(
                    translate("Validation", "{parameter}: the layer {value} cannot be opened.").format(
                        parameter=self.label(name), value=raw_value
                    )
                )
            label = self.layer_label(layer) if layer is not None else source.sourceName()
            self.sources[name] = (source, layer, label)
            self._param_of_layer[id(layer)] = name
            if layer is not None:
                self.note_input_path(layer, name)
            self.check_geometry_type(name, definition, source, label)

    def check_file_crs(self, name, path, layer_name):
        """A survey file read by the plugin itself whose point geometry carries the coordinates: its
        coordinate system must be defined (a GeoPackage's "Undefined geographic SRS" would be read as
        longitude/latitude and every part rejected as outside)."""
        if os.path.splitext(path)[1].lower() in (".csv", ".txt", ".xlsx", ".xls"):
            return
        try:
            from osgeo import ogr

            ds = ogr.Open(path)
            if ds is None:
                return
            layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
            if layer is None or layer.GetGeomType() == ogr.wkbNone:
                return
            srs = layer.GetSpatialRef()
            name_of = srs.GetName() if srs is not None else ""
            ds = None
        except Exception:  # not a GDAL file: the survey reader reports it
            return
        if srs is None or (name_of or "").lower().startswith("undefined"):
            self.fail(
                translate(
                    "Validation",
                    "{layer} ({parameter}) has no defined coordinate system ({crs}): its coordinates cannot "
                    "be placed. Set the layer's coordinate system (Layer Properties › Source) and run again.",
                ).format(
                    layer=os.path.basename(path) + ("|" + layer_name if layer_name else ""),
                    parameter=self.label(name),
                    crs=name_of or translate("Validation", "no coordinate system"),
                )
            )

    def layer_for(self, name):
        layer = self.alg.parameterAsVectorLayer(self.parameters, name, self.context)
        value = self.parameters.get(name)
        if layer is None and isinstance(value, QgsProcessingFeatureSourceDefinition):
            layer = QgsProcessingUtils.mapLayerFromString(value.source.staticValue(), self.context)
        if layer is not None and not isinstance(layer, QgsVectorLayer):
            return None
        return layer

    @staticmethod
    def layer_label(layer):
        """The layer's name, with the layer of a multi-layer file when QGIS named it after the file
        (``communities (sample.gpkg)`` for ``sample.gpkg|layername=communities``)."""
        try:
            parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
        except Exception:  # a provider without URI decoding
            return layer.name()
        sub = parts.get("layerName")
        if sub and sub != layer.name() and parts.get("path"):
            return "{} ({})".format(sub, os.path.basename(parts["path"]))
        return layer.name()

    def note_input_path(self, layer, name):
        try:
            parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
        except Exception:  # a provider without URI decoding: not a file
            return
        path = parts.get("path")
        if not path or not os.path.exists(path):
            return
        layer_name = parts.get("layerName") or None
        if layer_name is None and parts.get("layerId") in (None, "", 0, "0"):
            layer_name = _first_layer(path)
        self.inputs.append((_real(path), layer_name, self.label(name), "layer"))

    def check_geometry_type(self, name, definition, source, label):
        types = set(definition.dataTypes()) if hasattr(definition, "dataTypes") else set()
        wkb = source.wkbType()
        geometry = QgsWkbTypes.geometryType(wkb)
        has_geometry = wkb not in (QgsWkbTypes.Type.NoGeometry, QgsWkbTypes.Type.Unknown) and geometry not in (
            QgsWkbTypes.GeometryType.NullGeometry,
            QgsWkbTypes.GeometryType.UnknownGeometry,
        )
        wanted = {
            QgsProcessing.SourceType.TypeVectorPoint: QgsWkbTypes.GeometryType.PointGeometry,
            QgsProcessing.SourceType.TypeVectorLine: QgsWkbTypes.GeometryType.LineGeometry,
            QgsProcessing.SourceType.TypeVectorPolygon: QgsWkbTypes.GeometryType.PolygonGeometry,
        }
        spatial_only = types and not (
            types & {QgsProcessing.SourceType.TypeVector, QgsProcessing.SourceType.TypeMapLayer}
        )
        if spatial_only and wkb == QgsWkbTypes.Type.NoGeometry:
            self.fail(
                translate(
                    "Validation",
                    "{layer} ({parameter}) is a table without geometry; this input needs a layer with {kinds}.",
                ).format(layer=label, parameter=self.label(name), kinds=self.kinds(types))
            )
        specific = {wanted[t] for t in types if t in wanted}
        if (
            has_geometry
            and specific
            and QgsProcessing.SourceType.TypeVectorAnyGeometry not in types
            and QgsProcessing.SourceType.TypeVector not in types
            and geometry not in specific
        ):
            self.fail(
                translate("Validation", "{layer} ({parameter}) holds {found}; this input needs {kinds}.").format(
                    layer=label,
                    parameter=self.label(name),
                    found=self.kind_name(geometry),
                    kinds=self.kinds(types),
                )
            )
        if has_geometry and not self.crs_optional(name):
            crs = source.sourceCrs()
            if not crs_defined(crs):
                self.fail(
                    translate(
                        "Validation",
                        "{layer} ({parameter}) has no defined coordinate system ({crs}): its coordinates cannot "
                        "be placed. Set the layer's coordinate system (Layer Properties › Source) and run again.",
                    ).format(layer=label, parameter=self.label(name), crs=Validation.crs_label(crs))
                )
        if has_geometry and QgsWkbTypes.isCurvedType(wkb):
            self.feedback.pushInfo(
                translate(
                    "Validation", "{layer} has curved geometries ({type}): they are approximated by straight segments."
                ).format(layer=label, type=QgsWkbTypes.displayString(wkb))
            )
        if name in NOT_NULL_GEOMETRY.get(self.name, ()):
            self.check_null_geometries(source, label)
        if name in VALID_GEOMETRY.get(self.name, ()):
            self.check_valid_geometries(source, label)
        if name in NO_OVERLAP.get(self.name, ()) and not core_checks("area overlaps"):
            self.check_overlaps(source, label)

    def crs_optional(self, name):
        rule = CRS_OPTIONAL.get(self.name, {}).get(name)
        return bool(rule and rule(self))

    @staticmethod
    def kind_name(geometry):
        return {
            QgsWkbTypes.GeometryType.PointGeometry: translate("Validation", "points"),
            QgsWkbTypes.GeometryType.LineGeometry: translate("Validation", "lines"),
            QgsWkbTypes.GeometryType.PolygonGeometry: translate("Validation", "polygons"),
        }.get(geometry, translate("Validation", "no geometry"))

    def kinds(self, types):
        names = {
            QgsProcessing.SourceType.TypeVectorPoint: translate("Validation", "points"),
            QgsProcessing.SourceType.TypeVectorLine: translate("Validation", "lines"),
            QgsProcessing.SourceType.TypeVectorPolygon: translate("Validation", "polygons"),
        }
        found = [names[t] for t in sorted(types) if t in names]
        return translate("Validation", " or ").join(found) if found else translate("Validation", "geometries")

    def check_null_geometries(self, source, label):
        request = QgsFeatureRequest().setNoAttributes()
        missing = []
        for feature in features(source, request):
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                missing.append(feature.id())
        if missing:
            self.fail(
                translate(
                    "Validation",
                    "{layer}: {n} features have no geometry (NULL or empty), e.g. feature {fid}. Draw or delete "
                    "them and run again.",
                ).format(layer=label, n=len(missing), fid=missing[0])
            )

    def check_valid_geometries(self, source, label):
        """Note the invalid polygons (self-intersections…) of a layer whose algorithm may not repair them:
        should the geometry engine stop on one, :meth:`geometry_error` names it (layer, feature, where)."""
        request = QgsFeatureRequest().setNoAttributes()
        for feature in features(source, request):
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty() or geometry.isGeosValid():
                continue
            errors = geometry.validateGeometry(QgsGeometry.ValidatorGeos)
            reason = errors[0].what() if errors else translate("Validation", "invalid geometry")
            where = ""
            if errors and errors[0].hasWhere():
                where = " ({:.3f}, {:.3f})".format(errors[0].where().x(), errors[0].where().y())
            self.invalid.append((label, feature.id(), reason, where))

    def geometry_error(self, error):
        """The message for a geometry error (GEOS) the algorithm ran into: the invalid feature noted
        before the run when there is one, else the engine's own words."""
        if self.invalid:
            label, fid, reason, where = self.invalid[0]
            return translate(
                "Validation",
                "{layer}: feature {fid} is not a valid polygon: {reason}{where}. Repair it (Processing › Fix "
                "geometries) and run again.",
            ).format(layer=label, fid=fid, reason=reason, where=where)
        return translate(
            "Validation",
            "An input geometry could not be processed ({error}). Repair invalid geometries (Processing › Fix "
            "geometries) and run again.",
        ).format(error=error)

    def check_overlaps(self, source, label):
        """Areas that overlap by more than 1 % of the smaller one (a duplicated community, a boundary
        digitised twice) would give overlapping grids: refused, naming both features."""
        import numpy as np
        import shapely

        ids, wkbs = [], []
        request = QgsFeatureRequest().setNoAttributes()
        for feature in features(source, request):
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                continue
            ids.append(feature.id())
            wkbs.append(linear_wkb(geometry))
        if len(ids) < 2:
            return
        geoms = shapely.make_valid(shapely.from_wkb(wkbs))
        left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        if not len(left):
            return
        shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
        smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
        bad = np.flatnonzero(shared > 0.01 * smaller)
        if len(bad):
            k = bad[0]
            self.fail(
                translate(
                    "Validation",
                    "{layer}: features {a} and {b} overlap ({share:.0f} % of the smaller one); every grid must lie "
                    "in exactly one area. Remove the duplicate or correct the boundaries ({n} overlapping pairs).",
                ).format(
                    layer=label,
                    a=ids[left[k]],
                    b=ids[right[k]],
                    share=100.0 * shared[k] / smaller[k],
                    n=len(bad),
                )
            )

    # -- fields -----------------------------------------------------------------------------------
    def resolve_field_defaults(self):
        """An optional field parameter's default is a usual name (households, community_code…) that the
        dialog pre-picks when the layer has it; left out in a script, model or qgis_process run it is used
        only when the layer has that field (found ignoring case), else the field is left empty."""
        for name, definition in self.definitions.items():
            default = definition.defaultValue() if isinstance(definition, QgsProcessingParameterField) else None
            if not default or not definition.flags() & definition.Flag.FlagOptional or self.given(name):
                continue
            parent = definition.parentLayerParameterName()
            index = -1
            if parent in self.sources:
                fields = self.sources[parent][0].fields()
                index = fields.lookupField(str(default))
            self.parameters[name] = fields.at(index).name() if index >= 0 else ""

    def check_fields(self):
        for name, definition in self.definitions.items():
            if not isinstance(definition, QgsProcessingParameterField) or not self.given(name):
                continue
            parent = definition.parentLayerParameterName()
            if parent in self.file_inputs or parent not in self.sources:
                continue
            source, layer, label = self.sources[parent]
            fields = source.fields()
            names = self.alg.parameterAsFields(self.parameters, name, self.context)
            for field_name in names:
                index = fields.lookupField(field_name)
                if index < 0:
                    self.fail(
                        translate(
                            "Validation",
                            "{layer}: there is no field {field} ({parameter}). Its fields are: {fields}.",
                        ).format(
                            layer=label,
                            field=field_name,
                            parameter=self.label(name),
                            fields=", ".join(f.name() for f in fields) or "—",
                        )
                    )
                field = fields.at(index)
                if field.name() != field_name and len(names) == 1 and isinstance(self.parameters[name], str):
                    self.parameters[name] = field.name()  # found ignoring case: the algorithm reads it exactly
                numeric_only = definition.dataType() == QgsProcessingParameterField.DataType.Numeric
                if numeric_only and not field.isNumeric():
                    self.fail(
                        translate(
                            "Validation",
                            "{layer}: field '{field}' ({parameter}) is of type {type}; it must be numeric.",
                        ).format(layer=label, field=field.name(), parameter=self.label(name), type=field.typeName())
                    )
                kind = VALUE_FIELDS.get(name)
                if kind is not None:
                    if not (field.isNumeric() or field.type() == QVariant.Type.String):
                        self.fail(
                            translate(
                                "Validation",
                                "{layer}: field '{field}' ({parameter}) is of type {type}; it must hold numbers.",
                            ).format(layer=label, field=field.name(), parameter=self.label(name), type=field.typeName())
                        )
                    if field.isNumeric():
                        capped = kind == "households" and (self.name, name) in CORE_PARSED and core_checks("households")
                        self.check_values(source, layer, label, field.name(), index, "finite" if capped else kind)

    def min_max(self, source, layer, index):
        """Minimum and maximum of a field: one SQL aggregate of the provider for a whole layer (an
        OGR file answers from SQLite/OGR SQL), else one pass over the features."""
        value = self.parameters.get(self._param_of_layer.get(id(layer), ""))
        whole = not (
            isinstance(value, QgsProcessingFeatureSourceDefinition)
            and (value.selectedFeaturesOnly or value.featureLimit != -1)
        )
        fields = layer.fields() if layer is not None else None
        if whole and fields is not None and fields.fieldOrigin(index) == QgsFields.FieldOrigin.OriginProvider:
            provider_index = fields.fieldOriginIndex(index)
            provider = layer.dataProvider()
            return provider.minimumValue(provider_index), provider.maximumValue(provider_index)
        low = high = None
        request = QgsFeatureRequest().setSubsetOfAttributes([index])
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        for feature in features(source, request):
            v = feature.attributes()[index]
            try:
                x = float(v)
            except (TypeError, ValueError):
                continue
            if math.isnan(x):
                continue
            low = x if low is None or x < low else low
            high = x if high is None or x > high else high
        return low, high

    def check_values(self, source, layer, label, field_name, index, kind):
        """Finite values, and plausible ones for households; the provider's min/max first (one SQL
        aggregate for a file), the offending feature only searched for when they are out of bounds."""
        limit = {"households": MAX_HOUSEHOLDS, "weights": MAX_WEIGHT}.get(kind, math.inf)

        def bad(value):
            if value is None or (isinstance(value, QVariant) and value.isNull()):
                return False
            try:
                x = float(value)
            except (TypeError, ValueError):
                return False
            if math.isnan(x):
                return False  # an empty value: the algorithm itself reports those
            return math.isinf(x) or abs(x) > limit

        low, high = self.min_max(source, layer, index)
        if not (bad(low) or bad(high)):
            return
        request = QgsFeatureRequest().setSubsetOfAttributes([index])
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        for feature in features(source, request):
            value = feature.attributes()[index]
            if bad(value):
                x = float(value)
                if not math.isfinite(x):
                    text = translate(
                        "Validation", "{layer}: feature {fid}, field '{field}': {value} is not a finite number."
                    )
                elif kind != "households":
                    text = translate(
                        "Validation",
                        "{layer}: feature {fid}, field '{field}': the weight {value} is out of range (at most "
                        "{limit} in absolute value).",
                    )
                else:
                    text = translate(
                        "Validation",
                        "{layer}: feature {fid}, field '{field}': {value} households is not a plausible number "
                        "(at most {limit} for one feature).",
                    )
                self.fail(
                    text.format(
                        layer=label,
                        fid=feature.id(),
                        field=field_name,
                        value=value,
                        limit=f"{limit:,.0f}" if kind == "households" else f"{limit:g}",
                    )
                )

    # -- expressions ------------------------------------------------------------------------------
    def check_expressions(self):
        for name, definition in self.definitions.items():
            if not isinstance(definition, QgsProcessingParameterExpression) or not self.given(name):
                continue
            raw = self.parameters[name]
            # the raw text: parameterAsExpression gives an empty string for an expression that does not parse
            text = raw if isinstance(raw, str) else self.alg.parameterAsExpression(self.parameters, name, self.context)
            if not text or not text.strip():
                continue
            expression = QgsExpression(text)
            if expression.hasParserError():
                self.fail(
                    translate("Validation", "{parameter}: the expression {expression} is not valid: {error}").format(
                        parameter=self.label(name), expression=text, error=expression.parserErrorString()
                    )
                )
            parent = definition.parentLayerParameterName()
            if parent not in self.sources:
                continue
            source, layer, label = self.sources[parent]
            fields = source.fields()
            unknown = sorted(
                c
                for c in expression.referencedColumns()
                if c != QgsFeatureRequest.ALL_ATTRIBUTES and fields.lookupField(c) < 0
            )
            if unknown:
                self.fail(
                    translate(
                        "Validation",
                        "{parameter}: the expression {expression} uses fields that {layer} does not have: {fields}.",
                    ).format(parameter=self.label(name), expression=text, layer=label, fields=", ".join(unknown))
                )
            scopes = (
                QgsExpressionContextUtils.globalProjectLayerScopes(layer)
                if layer is not None
                else [QgsExpressionContextUtils.globalScope()]
            )
            context = QgsExpressionContext(scopes)
            expression.prepare(context)
            for feature in features(source, QgsFeatureRequest().setLimit(1)):
                context.setFeature(feature)
                expression.evaluate(context)
            if expression.hasEvalError():
                self.fail(
                    translate(
                        "Validation", "{parameter}: the expression {expression} cannot be evaluated on {layer}: {error}"
                    ).format(
                        parameter=self.label(name), expression=text, layer=label, error=expression.evalErrorString()
                    )
                )

    # -- outputs ------------------------------------------------------------------------------------
    def destination(self, name):
        value = self.parameters.get(name)
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value = value.sink.staticValue()
        return _ogr_path(value) if isinstance(value, str) else None

    def check_outputs(self):
        outputs = []
        for name, definition in self.definitions.items():
            if not definition.isDestination():
                continue
            found = self.destination(name)
            if found is not None:
                outputs.append((name, self.label(name), found[0], found[1]))
        own = self.own_output_checks
        for _name, label, path, _layer in outputs:
            if not own:
                self.check_writable(label, path)
        for rule in WRITTEN_INPUTS.get(self.name, ()) if not own else ():
            found = rule(self)
            if found is not None:
                self.check_writable(*found)
        for i, (_name, label, path, layer) in enumerate(outputs):
            real = _real(path)
            for in_real, in_layer, in_label, kind in self.inputs:
                if own and kind == "file":
                    continue
                if in_real == real and (layer is None or in_layer is None or layer == in_layer):
                    self.fail(
                        translate(
                            "Validation",
                            "{parameter}: {path} is also the input {input}; writing it would destroy the input. "
                            "Choose another file.",
                        ).format(parameter=label, path=path, input=in_label)
                    )
            store = None if own and any(f[0] == real for f in self.inputs if f[3] == "file") else persistent_store(path)
            if store == "case store":
                self.fail(
                    translate(
                        "Validation",
                        "{parameter}: {path} is a case store; a case store is never overwritten by an output. "
                        "Choose another file.",
                    ).format(parameter=label, path=path)
                )
            if store == "inventory":
                self.fail(
                    translate(
                        "Validation",
                        "{parameter}: {path} holds a part inventory; an inventory is never overwritten by an "
                        "output. Choose another file.",
                    ).format(parameter=label, path=path)
                )
            for _, other_label, other_path, other_layer in outputs[i + 1 :] if not own else ():
                if _real(other_path) == real and (layer is None or other_layer is None or layer == other_layer):
                    self.fail(
                        translate(
                            "Validation", "{first} and {second} are the same file {path}: choose two different outputs."
                        ).format(first=label, second=other_label, path=path)
                    )

    def check_writable(self, label, path):
        folder = os.path.dirname(os.path.abspath(os.path.expanduser(path)))
        if not os.path.isdir(folder):
            self.fail(
                translate("Validation", "{parameter}: the folder {folder} does not exist.").format(
                    parameter=label, folder=folder
                )
            )
        if os.path.isdir(path):
            self.fail(
                translate("Validation", "{parameter}: {path} is a folder, not a file.").format(
                    parameter=label, path=path
                )
            )
        if not folder_writable(folder) or (os.path.exists(path) and not os.access(path, os.W_OK)):
            self.fail(
                translate(
                    "Validation", "{parameter}: {path} cannot be written (no write permission in {folder})."
                ).format(parameter=label, path=path, folder=folder)
            )

    @staticmethod
    def crs_label(crs):
        if crs is None or not crs.isValid():
            return translate("Validation", "no coordinate system")
        return crs.authid() or crs.description() or translate("Validation", "an undefined coordinate system")

    # ---------------------------------------------------------------------------------------------
    # paths

    @staticmethod
    def check_report_times(frame, layer, feedback, field="reported_at"):
        """Report times of a case frame (``fid`` + `field`): unparseable ones are refused with their count
        and the first feature; NULL ones counted and reported (they fall outside every time window and
        period), never dropped silently."""
        import numpy as np
        import pandas as pd

        if field not in frame.columns or len(frame) == 0:
            return
        raw = frame[field]
        parsed = None
        if raw.dtype.kind == "M":  # read as date-times: only NULLs to count
            empty = raw.isna().to_numpy()
        else:  # parsed as the readers parse; only the values that do not parse are looked at again
            parsed = pd.to_datetime(raw, errors="coerce", utc=True)
            empty = parsed.isna().to_numpy()
            idx = np.flatnonzero(empty)
            if len(idx):
                text = raw.iloc[idx].astype("string").str.strip().fillna("").str.upper()
                empty[idx] = raw.iloc[idx].isna().to_numpy() | text.isin(["", "NULL"]).to_numpy()
        if parsed is not None:
            bad = (parsed.isna().to_numpy()) & ~empty
            if bad.any():
                first = int(bad.argmax())
                raise QgsProcessingException(
                    translate(
                        "Validation",
                        "{layer}: {n} cases have a report time ({field}) that is not a date and time, e.g. feature "
                        "{fid}: '{value}'.",
                    ).format(
                        layer=layer, n=int(bad.sum()), field=field, fid=frame["fid"].iloc[first], value=raw.iloc[first]
                    )
                )
        if empty.any():
            first = int(empty.argmax())
            feedback.pushWarning(
                translate(
                    "Validation",
                    "{layer}: {n} cases have no report time ({field}), e.g. feature {fid}: they are outside every "
                    "time window and period.",
                ).format(layer=layer, n=int(empty.sum()), field=field, fid=frame["fid"].iloc[first])
            )

    @staticmethod
    def _cases_need(fields_of, case_layer_only=False):
        """A rule: the case layer of parameter `key` has the fields ``fields_of(validator)`` returns
        (a list of alternatives: tuples of which one field must be present)."""

        def rule(v, key):
            if key not in v.sources:
                return
            source, _, label = v.sources[key]
            present = {f.name() for f in source.fields()}
            from .case_layers import CASE_FIELDS

            if case_layer_only and not present & set(CASE_FIELDS):
                v.fail(
                    translate(
                        "Validation",
                        "{layer} has none of the case fields ({fields}): it is not a case layer (use the case "
                        "store's cases_analysis export or a layer with the same fields).",
                    ).format(layer=label, fields=", ".join(tuple(CASE_FIELDS[:4]) + ("reported_at", "…")))
                )
            for alternatives, why in fields_of(v):
                if not present & set(alternatives):
                    v.fail(
                        translate("Validation", "{layer} has no field {fields}: {why}").format(
                            layer=label, fields=translate("Validation", " or ").join(alternatives), why=why
                        )
                    )

        return rule

    @staticmethod
    def _evaluate_fields(v):
        if by_location(v):  # cases without grid_code are put in the grid containing them
            return [(("reported_at",), translate("Validation", "the evaluation needs the report time of every case."))]
        unit = v.enum("UNIT")
        need = [(("reported_at",), translate("Validation", "the evaluation needs the report time of every case."))]
        unit_fields = [
            ("grid_code",),
            ("community_code", "grid_code"),
            ("street_code", "grid_code"),
            ("department",),
        ]
        if 0 <= unit < len(unit_fields):
            need.append((unit_fields[unit], translate("Validation", "the evaluation groups the cases by it.")))
        return need

    @staticmethod
    def _stats_fields(v):
        need = []
        if v.enum("ASSIGN") == 1:
            need.append((("grid_code",), translate("Validation", "cases are assigned by their grid_code.")))
        if v.enum("PERIOD") != 0:
            need.append((("reported_at",), translate("Validation", "time slices need the report time of every case.")))
        return need

    @staticmethod
    def _inventory_layer_is_points(v):
        """An existing inventory layer must hold points: it would be rewritten as points otherwise."""
        if not v.given("INVENTORY") or v.own_output_checks:
            return
        path = v.alg.parameterAsFile(v.parameters, "INVENTORY", v.context)
        if not path or not os.path.isfile(path) or persistent_store(path) == "case store":
            return
        layer_name = v.alg.parameterAsString(v.parameters, "LAYER", v.context) or "parts"
        try:
            from osgeo import ogr

            ds = ogr.Open(path)
            layer = ds.GetLayerByName(layer_name) if ds is not None else None
            kind = ogr.GT_Flatten(layer.GetGeomType()) if layer is not None else None
            ds = None
        except Exception:  # not a GeoPackage GDAL can read: the inventory reader reports it
            return
        if kind is not None and kind not in (ogr.wkbPoint, ogr.wkbMultiPoint, ogr.wkbUnknown):
            v.fail(
                translate(
                    "Validation",
                    "{parameter}: the layer {layer} of {path} holds {kind}, not points; an inventory of parts holds "
                    "points. Choose the inventory's point layer or a new file.",
                ).format(
                    parameter=v.label("INVENTORY"),
                    layer=layer_name,
                    path=path,
                    kind=translate("Validation", "polygons")
                    if kind in (ogr.wkbPolygon, ogr.wkbMultiPolygon)
                    else ogr.GeometryTypeToName(kind),
                )
            )

    #: parameters a file is read from by the plugin's own reader (not opened as a QGIS layer)


def check_report_times(frame, layer, feedback, field="reported_at"):
    """See Validation.check_report_times (called by case_layers.read_cases)."""
    return Validation.check_report_times(frame, layer, feedback, field)


def validate(alg, parameters, context, feedback):
    """Check the parameters of `alg` (see the module docstring); returns the parameters to run with."""
    return Validation(alg, parameters, context, feedback).run()


# ---------------------------------------------------------------------------------------------
# declarative, per-algorithm rules


def _written_inventory(v):
    """updateinventory changes its inventory file when applying: it must be writable."""
    if not v.given("INVENTORY") or not v.bool("APPLY"):
        return None
    path = v.alg.parameterAsFile(v.parameters, "INVENTORY", v.context)
    return (v.label("INVENTORY"), path) if path else None


FILE_INPUTS = {"importparts": ("INPUT",), "updateinventory": ("INPUT",)}

#: layers where a NULL or empty geometry is an error, not a problem to report
NOT_NULL_GEOMETRY = {
    "partitiongrids": ("AREAS",),
    "revisegrids": ("GRIDS",),
    "importparts": ("GRIDS",),
    "evaluate": ("GRIDS",),
}

#: polygon layers whose invalid geometries (self-intersections…) are noted before the run, to be named
#: should the algorithm not repair them and GEOS stop on one
VALID_GEOMETRY = {"checkgrids": ("AREAS",)}

#: area layers whose features must not overlap
NO_OVERLAP = {"partitiongrids": ("AREAS",)}

#: layers whose coordinate system is not used under some settings
CRS_OPTIONAL = {
    # coordinates converted from WGS84 / GCJ-02 / BD-09 / SOURCE_CRS, not from the layer's CRS
    "importparts": {
        "INPUT": lambda v: v.enum("COORDINATES") != 0
        or bool(v.parameters.get("X_FIELD") or v.parameters.get("Y_FIELD"))
    },
    # the cases are joined to grids by their codes; their geometry is used only to find the grid of cases
    # without a grid_code
    "evaluate": {"CASES": lambda v: not by_location(v) or _has_field(v, "CASES", "grid_code")},
}

#: field parameters holding per-feature numbers (value checks; "households" also has a plausible maximum)
VALUE_FIELDS = {"HOUSEHOLD_FIELD": "households", "WEIGHT_FIELD": "weights"}


def by_location(v):
    """evaluate puts cases without grid_code in the grid polygon containing them when the algorithm can
    (its ``_assign_grids``, on main since the analysts' work) — then grid_code is no required field."""
    return v.name == "evaluate" and callable(getattr(v.alg, "_assign_grids", None))


def _has_field(v, key, field):
    return key in v.sources and v.sources[key][0].fields().lookupField(field) >= 0


#: (algorithm, field parameter) whose values the core parses itself (engine.parse_households)
CORE_PARSED = {
    ("partitiongrids", "HOUSEHOLD_FIELD"),
    ("revisegrids", "HOUSEHOLD_FIELD"),
    ("checkgrids", "HOUSEHOLD_FIELD"),
}


def core_checks(what):
    """Whether the core makes a check itself, with its own message (issue 17 part B adds these to
    grids/partition.py): the validation then leaves it to the core instead of refusing first in other
    words. "households": a plausible maximum per building; "area overlaps": areas given twice."""
    from ...grid_manager.grids import partition

    names = {"households": "MAX_HOUSEHOLDS_PER_FEATURE", "area overlaps": "check_area_overlaps"}
    return hasattr(partition, names[what])


#: inputs a run writes to: (label, path) to check like an output
WRITTEN_INPUTS = {"updateinventory": (_written_inventory,)}

RULES = {
    "evaluate": (lambda v: Validation._cases_need(Validation._evaluate_fields, case_layer_only=True)(v, "CASES"),),
    "gridcasestats": (lambda v: Validation._cases_need(Validation._stats_fields)(v, "CASES"),),
    "updateinventory": (Validation._inventory_layer_is_points,),
}
