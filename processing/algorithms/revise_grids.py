"""gridmanager:revisegrids — 修订网格 / Revise grids."""
import math

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
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.core import partition as engine
from ...grid_manager.core.revise import revise
from .base import GridManagerAlgorithm, StyleLoader
from .partition_grids import grid_fields
from .qgis_io import read_source, to_qgs, working_crs


class ReviseGridsAlgorithm(GridManagerAlgorithm):
    GRIDS = "GRIDS"
    CODE_FIELD = "CODE_FIELD"
    AREA_CODE_FIELD = "AREA_CODE_FIELD"
    REVISE = "REVISE"
    EXPRESSION = "EXPRESSION"
    BARRIERS = "BARRIERS"
    BUILDINGS = "BUILDINGS"
    HOUSEHOLD_FIELD = "HOUSEHOLD_FIELD"
    BALANCE_BY = "BALANCE_BY"
    TARGET_AREA = "TARGET_AREA"
    TARGET_HOUSEHOLDS = "TARGET_HOUSEHOLDS"
    TOLERANCE = "TOLERANCE"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    CHANGES = "CHANGES"

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
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.GRIDS, self.tr("Grids"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.CODE_FIELD, self.tr("Grid code field"), defaultValue="grid_code", parentLayerParameterName=self.GRIDS))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_CODE_FIELD, self.tr("Area code field"), parentLayerParameterName=self.GRIDS, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.REVISE, self.tr("Grids to revise"),
            options=[self.tr("Selected grids (and grids matching the expression)"),
                     self.tr("Grids outside the tolerance and their neighbours"),
                     self.tr("Both")], defaultValue=0))
        self.addParameter(QgsProcessingParameterExpression(
            self.EXPRESSION, self.tr("Expression choosing grids to revise"), parentLayerParameterName=self.GRIDS,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BARRIERS, self.tr("Barriers (roads, lanes, rivers, walls)"), [QgsProcessing.TypeVectorLine],
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUILDINGS, self.tr("Buildings (never split)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HOUSEHOLD_FIELD, self.tr("Household field"), parentLayerParameterName=self.BUILDINGS, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.BALANCE_BY, self.tr("Balance by"),
            options=[self.tr("Area"), self.tr("Households"), self.tr("Area and households")], defaultValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            self.TARGET_AREA, self.tr("Target grid area (m²)"), QgsProcessingParameterNumber.Double,
            defaultValue=10000.0, minValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.TARGET_HOUSEHOLDS, self.tr("Target households per grid"), QgsProcessingParameterNumber.Double,
            defaultValue=400.0, minValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.TOLERANCE, self.tr("Tolerance (%)"), QgsProcessingParameterNumber.Double, defaultValue=10.0,
            minValue=0.5, maxValue=100.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Revised grids"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CHANGES, self.tr("Changes"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.GRIDS, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.GRIDS))
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context)
        area_field = self.parameterAsString(parameters, self.AREA_CODE_FIELD, context)
        mode = self.parameterAsEnum(parameters, self.REVISE, context)
        expression = self.parameterAsExpression(parameters, self.EXPRESSION, context)
        barriers = self.parameterAsSource(parameters, self.BARRIERS, context)
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        hh_field = self.parameterAsString(parameters, self.HOUSEHOLD_FIELD, context)
        balance_by = self.parameterAsEnum(parameters, self.BALANCE_BY, context)
        options = engine.PartitionOptions(
            balance_by=balance_by,
            target_area=self.parameterAsDouble(parameters, self.TARGET_AREA, context),
            target_households=self.parameterAsDouble(parameters, self.TARGET_HOUSEHOLDS, context),
            tolerance=self.parameterAsDouble(parameters, self.TOLERANCE, context) / 100.0,
            seed=self.parameterAsInt(parameters, self.SEED, context))
        if balance_by in (engine.HOUSEHOLDS, engine.BOTH) and (buildings is None or not hh_field):
            raise QgsProcessingException(self.tr(
                "Balancing by households needs a buildings layer and its household field."))

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
                    raise QgsProcessingException(self.tr("The expression is not valid: {error}").format(
                        error=expr.parserErrorString()))
                expr_context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
                request = QgsFeatureRequest(expr, expr_context).setNoAttributes()
                request.setFlags(QgsFeatureRequest.NoGeometry)
                chosen |= {f.id() for f in layer.getFeatures(request)}
        mask = [fid in chosen for fid in ids]

        b_geoms = households = None
        if buildings is not None:
            b_ids, b_geoms, b_values = read_source(buildings, work, context, feedback, [hh_field])
            if hh_field:
                households = self.run_core(engine.parse_households, b_values[hh_field], b_ids, hh_field,
                                           buildings.sourceName())
        bar_geoms = None
        if barriers is not None:
            _, bar_geoms, _ = read_source(barriers, work, context, feedback)
        if feedback.isCanceled():
            return {}
        feedback.setProgressText(self.tr("Revising grids…"))
        result = self.run_core(
            revise, geoms, values[code_field], ids, mask, values[area_field] if area_field else None, b_geoms,
            households, bar_geoms, options, mode in (1, 2), progress.span(0.1, 0.9), layer.name())
        if result is None or feedback.isCanceled():
            return {}
        for _, text in result.messages:
            feedback.pushWarning(text)

        out_fields = grid_fields()
        out_fields.append(QgsField("status", QVariant.String, len=12))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.Polygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        back = QgsCoordinateTransform(work, crs, context.transformContext())
        for g in sorted(result.grids, key=lambda g: g.code):
            area = g.geometry.area
            perim = g.geometry.length
            devs = []
            if balance_by in (engine.AREA, engine.BOTH):
                devs.append((area - options.target_area) / options.target_area)
            if balance_by in (engine.HOUSEHOLDS, engine.BOTH):
                devs.append((g.households - options.target_households) / options.target_households)
            dev = max(devs, key=abs)
            feature = QgsFeature(out_fields)
            geom = to_qgs(g.geometry, back)
            if geom.isMultipart():
                geom.convertToSingleType()
            feature.setGeometry(geom)
            feature.setAttributes([g.code, g.area_code, round(area, 2), round(g.households, 3), g.n_buildings,
                                   round(100 * dev, 3), round(4 * math.pi * area / perim ** 2, 4) if perim else 0.0,
                                   g.flag, g.status])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        StyleLoader.attach(context, dest_id, "grids.qml", self.tr("Revised grids"))

        change_fields = QgsFields()
        for name, kind in (("grid_code", QVariant.String), ("change", QVariant.String),
                           ("households_before", QVariant.Double), ("households_after", QVariant.Double),
                           ("households_moved", QVariant.Double), ("area_before", QVariant.Double),
                           ("area_after", QVariant.Double)):
            change_fields.append(QgsField(name, kind))
        csink, changes_id = self.parameterAsSink(parameters, self.CHANGES, context, change_fields,
                                                 QgsWkbTypes.NoGeometry)
        if csink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.CHANGES))
        for c in sorted(result.changes, key=lambda c: c.code):
            feature = QgsFeature(change_fields)
            feature.setAttributes([c.code, c.change, round(c.households_before, 3), round(c.households_after, 3),
                                   round(c.households_after - c.households_before, 3), round(c.area_before, 2),
                                   round(c.area_after, 2)])
            csink.addFeature(feature, QgsFeatureSink.FastInsert)
        counts = {}
        for c in result.changes:
            counts[c.change] = counts.get(c.change, 0) + 1
        feedback.pushInfo(self.tr("{n} grids revised: {added} added, {removed} removed, {changed} changed, "
                                  "{unchanged} unchanged.").format(
            n=result.revised_count, added=counts.get("added", 0), removed=counts.get("removed", 0),
            changed=counts.get("changed", 0), unchanged=counts.get("unchanged", 0)))
        return {self.OUTPUT: dest_id, self.CHANGES: changes_id, "REVISED_COUNT": result.revised_count}
