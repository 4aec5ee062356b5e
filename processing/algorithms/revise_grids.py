"""gridmanager:revisegrids — 修订网格 / Revise grids."""

from qgis.core import (
    QgsCoordinateTransform,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ...grid_manager.grids import measures
from ...grid_manager.grids.revise import revise
from .base import GridManagerAlgorithm
from .layers import read_source, to_qgs, working_crs
from .parameters import PartitionParameters, grid_fields
from .styles import CategorizedStyleLoader


class ReviseGridsAlgorithm(GridManagerAlgorithm):
    GRIDS = "GRIDS"
    CODE_FIELD = "CODE_FIELD"
    AREA_CODE_FIELD = "AREA_CODE_FIELD"
    REVISE = "REVISE"
    EXPRESSION = "EXPRESSION"
    OUTPUT = "OUTPUT"
    CHANGES = "CHANGES"
    # BARRIERS, BUILDINGS, HOUSEHOLD_FIELD, BALANCE_BY, TARGET_*, TOLERANCE, SEED: partition_parameters.py

    def name(self):
        return "revisegrids"

    def displayName(self):
        return self.tr("Revise grids")

    def group(self):
        return self.tr("Grids")

    def groupId(self):
        return "grids"

    def tags(self):
        return self.tr("grid,网格,修订,调整,revise,rebalance,households").split(",")

    def shortHelpString(self):
        return self.tr(
            "Re-partitions only some grids while every other grid keeps its geometry and code.\n\n"
            "Grids to revise: the selected grids, the grids matching the expression, and/or the grids outside the "
            "tolerance with the current buildings and households together with their neighbours in the same area "
            "(a grid can only be rebalanced against its neighbours). The grids to revise are merged per area "
            "(first 12 digits of the code, or the area code field) and partitioned again with the settings of "
            "'Partition into balanced grids'.\n\n"
            "A new grid keeps the code of the old grid it mostly replaces (both overlap by more than half); other "
            "new grids get the next free serials of their area. Output: all grids with a status (locked, "
            "unchanged, changed, added) and a change table (added, removed, changed codes with households and "
            "area before and after)."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.GRIDS, self.tr("Grids"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.CODE_FIELD,
                self.tr("Grid code field"),
                defaultValue="grid_code",
                parentLayerParameterName=self.GRIDS,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.AREA_CODE_FIELD,
                self.tr("Area code field"),
                defaultValue="area_code",
                parentLayerParameterName=self.GRIDS,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.REVISE,
                self.tr("Grids to revise"),
                options=[
                    self.tr("Selected grids (and grids matching the expression)"),
                    self.tr("Grids outside the tolerance and their neighbours"),
                    self.tr("Both"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterExpression(
                self.EXPRESSION,
                self.tr("Expression choosing grids to revise"),
                parentLayerParameterName=self.GRIDS,
                optional=True,
            )
        )
        PartitionParameters.add(self)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Revised grids"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.CHANGES, self.tr("Changes"), QgsProcessing.SourceType.TypeVector)
        )
        self.addOutput(QgsProcessingOutputNumber("REVISED_COUNT", self.tr("Number of grids revised")))

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.GRIDS, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.GRIDS))
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context)
        area_field = self.parameterAsString(parameters, self.AREA_CODE_FIELD, context)
        mode = self.parameterAsEnum(parameters, self.REVISE, context)
        expression = self.parameterAsExpression(parameters, self.EXPRESSION, context)
        grids = QgsProcessingFeatureSource(layer, context)
        crs = layer.crs()
        work = working_crs(crs, grids, context)
        progress = self.progress(feedback)
        fields = [code_field] + ([area_field] if area_field else [])
        ids, geoms, values = read_source(grids, work, context, feedback, fields)

        chosen = set()
        if mode in (0, 2):
            chosen |= set(layer.selectedFeatureIds())
            if expression:
                expr = QgsExpression(expression)
                if expr.hasParserError():
                    raise QgsProcessingException(
                        self.tr("The expression is not valid: {error}").format(error=expr.parserErrorString())
                    )
                expr_context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
                request = QgsFeatureRequest(expr, expr_context).setNoAttributes()
                request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
                chosen |= {f.id() for f in layer.getFeatures(request)}
        mask = [fid in chosen for fid in ids]

        inputs = PartitionParameters.read(self, parameters, context, feedback, work)
        options = inputs.options
        if feedback.isCanceled():
            return {}
        feedback.setProgressText(self.tr("Revising grids…"))
        result = self.run_core(
            revise,
            geoms,
            values[code_field],
            ids,
            mask,
            values[area_field] if area_field else None,
            inputs.building_geoms,
            inputs.households,
            inputs.barrier_geoms,
            options,
            mode in (1, 2),
            progress.span(0.1, 0.9),
            layer.name(),
        )
        if result is None or feedback.isCanceled():
            return {}
        for _, text in result.messages:
            feedback.pushWarning(text)

        out_fields = grid_fields()
        out_fields.append(QgsField("status", QVariant.Type.String, len=12))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.Type.Polygon, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        back = QgsCoordinateTransform(work, crs, context.transformContext())
        for g in sorted(result.grids, key=lambda g: g.code):
            area = g.geometry.area
            perim = g.geometry.length
            dev = PartitionParameters.deviation(area, g.households, options)
            feature = QgsFeature(out_fields)
            geom = to_qgs(g.geometry, back)
            if geom.isMultipart():
                geom.convertToSingleType()
            feature.setGeometry(geom)
            feature.setAttributes(
                [
                    g.code,
                    g.area_code,
                    round(area, 2),
                    round(g.households, 3),
                    g.n_buildings,
                    round(100 * dev, 3),
                    round(measures.compactness(area, perim), 4),
                    g.flag,
                    g.status,
                ]
            )
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        CategorizedStyleLoader.attach_categorized(
            context, dest_id, "grids.qml", self.tr("Revised grids"), "status", status_categories
        )

        change_fields = QgsFields()
        for name, kind in (
            ("grid_code", QVariant.Type.String),
            ("change", QVariant.Type.String),
            ("households_before", QVariant.Type.Double),
            ("households_after", QVariant.Type.Double),
            ("households_moved", QVariant.Type.Double),
            ("area_before", QVariant.Type.Double),
            ("area_after", QVariant.Type.Double),
        ):
            change_fields.append(QgsField(name, kind))
        csink, changes_id = self.parameterAsSink(
            parameters, self.CHANGES, context, change_fields, QgsWkbTypes.Type.NoGeometry
        )
        if csink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.CHANGES))
        for c in sorted(result.changes, key=lambda c: c.code):
            feature = QgsFeature(change_fields)
            feature.setAttributes(
                [
                    c.code,
                    c.change,
                    round(c.households_before, 3),
                    round(c.households_after, 3),
                    round(c.households_after - c.households_before, 3),
                    round(c.area_before, 2),
                    round(c.area_after, 2),
                ]
            )
            csink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        counts = {}
        for c in result.changes:
            counts[c.change] = counts.get(c.change, 0) + 1
        feedback.pushInfo(
            self.tr(
                "{n} grids revised: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged."
            ).format(
                n=result.revised_count,
                added=counts.get("added", 0),
                removed=counts.get("removed", 0),
                changed=counts.get("changed", 0),
                unchanged=counts.get("unchanged", 0),
            )
        )
        return {self.OUTPUT: dest_id, self.CHANGES: changes_id, "REVISED_COUNT": result.revised_count}


def status_categories():
    """The revise output's legend, in the UI language (called when the layer is loaded)."""
    translate = QCoreApplication.translate
    return [
        ("locked", translate("ReviseGridsAlgorithm", "Locked (not revised)"), "#bdbdbd"),
        ("unchanged", translate("ReviseGridsAlgorithm", "Revised, shape unchanged"), "#8fbf8f"),
        ("changed", translate("ReviseGridsAlgorithm", "Revised, shape changed"), "#f0a030"),
        ("added", translate("ReviseGridsAlgorithm", "New grid"), "#d7301f"),
    ]
