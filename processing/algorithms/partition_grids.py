"""gridmanager:partitiongrids — 划分均衡网格 / Partition into balanced grids."""

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProject,
    QgsWkbTypes,
)

from ...grid_manager.common.report import partition_html, summary_stats
from ...grid_manager.grids import partition as engine
from ...grid_manager.grids.workbench import SETTING_KEYS, SETTINGS_PROPERTY
from .base import GridManagerAlgorithm, StyleLoader
from .layers import read_source, to_qgs, working_crs
from .parameters import PartitionParameters, grid_attributes, grid_fields


class PartitionGridsAlgorithm(GridManagerAlgorithm):
    AREAS = "AREAS"
    AREA_CODE_FIELD = "AREA_CODE_FIELD"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"
    # BARRIERS, BUILDINGS, HOUSEHOLD_FIELD, BALANCE_BY, TARGET_*, TOLERANCE, SEED: partition_parameters.py

    def name(self):
        return "partitiongrids"

    def displayName(self):
        return self.tr("Partition into balanced grids")

    def group(self):
        return self.tr("Grids")

    def groupId(self):
        return "grids"

    def tags(self):
        return self.tr("grid,网格,划分,partition,balance,households,community,districting").split(",")

    def shortHelpString(self):
        return self.tr(
            "Splits every area (community) into grids that follow roads, lanes, rivers and walls, keep "
            "buildings whole, never cross an area, cover each area exactly once and are balanced by area, "
            "by households or by both.\n\n"
            "Areas: polygons to split; every grid lies in exactly one area.\n"
            "Area code field: 12-digit community codes (6 county + 3 street + 3 community); grids are coded "
            "area code + 3-digit serial, numbered west→east within rows from north to south. Without it, "
            "grids are coded [feature id]-[serial].\n"
            "Barriers: lines that grids should follow (roads, lanes, rivers, walls).\n"
            "Buildings: polygons that are never split. A street block larger than the target is cut along "
            "the gaps between its buildings. A single building above the target becomes its own grid. "
            "Buildings may also be address points with household counts (each stands for a 1 m square).\n"
            "Household field: number of households of each building (needed to balance by households).\n"
            "Balance by / targets / tolerance: the number of grids of each area is chosen so that grids come "
            "closest to the target; the engine then balances them within the tolerance where the buildings "
            "allow it.\n"
            "Seed: runs with the same seed and inputs give the same grids.\n\n"
            "Output fields: grid_code, area_code, area_m2, households, n_buildings, deviation_pct (from the "
            "target; the larger one when balancing by both), compactness (Polsby-Popper, 1 = circle) and flag, "
            "which says why a grid misses the tolerance: oversize_building, indivisible_area (the area's total "
            "is no whole number of grids), detached_piece, no_households or coarse_atoms (buildings too large "
            "for a closer balance). The HTML report summarises balance and compactness per area.\n\n"
            "Geographic input is processed in metres (CGCS2000 3-degree Gauss-Krüger zone in China, UTM "
            "elsewhere); grids are returned in the CRS of the areas."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.AREAS, self.tr("Areas to split (communities)"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.AREA_CODE_FIELD,
                self.tr("Area code field (12-digit community code)"),
                defaultValue="community_code",
                parentLayerParameterName=self.AREAS,
                optional=True,
            )
        )
        PartitionParameters.add(self)
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Grids"), QgsProcessing.SourceType.TypeVectorPolygon)
        )
        self.addOutput(QgsProcessingOutputNumber("GRID_COUNT", self.tr("Number of grids")))
        self.addOutput(QgsProcessingOutputNumber("WITHIN_TOLERANCE", self.tr("Grids within the tolerance")))
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT, self.tr("Report"), self.tr("HTML files (*.html)"), optional=True
            )
        )

    def processAlgorithm(self, parameters, context, feedback):
        areas = self.parameterAsSource(parameters, self.AREAS, context)
        if areas is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.AREAS))
        code_field = self.parameterAsString(parameters, self.AREA_CODE_FIELD, context)
        crs = areas.sourceCrs()
        work = working_crs(crs, areas, context)
        feedback.pushInfo(self.tr("Working in {crs} (metres).").format(crs=work.authid()))
        progress = self.progress(feedback)

        feedback.setProgressText(self.tr("Reading areas…"))
        area_ids, area_geoms, area_values = read_source(areas, work, context, feedback, [code_field])
        if feedback.isCanceled():
            return {}
        area_codes = None
        if code_field:
            area_codes = self.run_core(
                engine.check_area_codes, area_values[code_field], area_ids, areas.sourceName(), code_field
            )
        inputs = PartitionParameters.read(self, parameters, context, feedback, work)
        options = inputs.options
        if feedback.isCanceled():
            return {}

        feedback.setProgressText(self.tr("Partitioning {n} areas…").format(n=len(area_ids)))
        result = self.run_core(
            engine.partition,
            area_geoms,
            area_ids,
            area_codes,
            inputs.building_geoms,
            inputs.building_ids,
            inputs.households,
            inputs.barrier_geoms,
            options,
            progress.span(0.05, 0.95),
            areas.sourceName(),
            inputs.buildings_name,
        )
        if result is None or feedback.isCanceled():
            return {}
        for level, text in result.messages:
            if level == "warning":
                feedback.pushWarning(text)
            else:
                feedback.pushInfo(text)

        feedback.setProgressText(self.tr("Writing {n} grids…").format(n=len(result.grids)))
        (sink, dest_id) = self.parameterAsSink(
            parameters, self.OUTPUT, context, grid_fields(), QgsWkbTypes.Type.Polygon, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        back = QgsCoordinateTransform(work, crs, context.transformContext())
        for grid in result.grids:
            feature = QgsFeature()
            feature.setGeometry(to_qgs(grid.geometry, back))
            feature.setAttributes(grid_attributes(grid))
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        StyleLoader.attach(context, dest_id, "grids.qml", self.tr("Grids"))
        self.remember_settings(parameters, context, dest_id, code_field, options)

        stats = summary_stats(
            [g.deviation_pct for g in result.grids],
            [g.compactness for g in result.grids],
            [g.flag for g in result.grids],
            100 * options.tolerance,
        )
        feedback.pushInfo(
            self.tr("{n} grids; {within} within ±{tol} % of the target; compactness mean {pp:.3f}.").format(
                n=stats["grids"], within=stats["within"], tol=f"{100 * options.tolerance:g}", pp=stats["pp_mean"]
            )
        )
        outputs = {self.OUTPUT: dest_id, "GRID_COUNT": len(result.grids), "WITHIN_TOLERANCE": stats["within"]}
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report_path:
            with open(report_path, "w", encoding="utf-8") as handle:
                handle.write(self.report_html(result, stats, options, area_codes, area_ids))
            outputs[self.REPORT] = report_path
        return outputs

    def remember_settings(self, parameters, context, dest_id, code_field, options):
        """The grid layer keeps what it was made from (layer custom properties, read by the Grid editing
        dock), so editing it by hand needs no retyping."""
        if not context.willLoadLayerOnCompletion(dest_id):
            return

        def layer_ref(name):
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is None:
                return ""
            return layer.id() if QgsProject.instance().mapLayer(layer.id()) is not None else layer.source()

        settings = {
            "code_field": "grid_code",
            "buildings": layer_ref("BUILDINGS"),
            "household_field": self.parameterAsString(parameters, "HOUSEHOLD_FIELD", context),
            "communities": layer_ref(self.AREAS),
            "community_field": code_field,
            "balance_by": str(options.balance_by),
            "target_area": str(options.target_area),
            "target_households": str(options.target_households),
            "tolerance": str(100 * options.tolerance),
        }
        details = context.layerToLoadOnCompletionDetails(dest_id)
        details.setPostProcessor(SettingsLoader(details.postProcessor(), settings))

    def report_html(self, result, stats, options, area_codes, area_ids):
        settings = [
            (self.tr("Balance by"), PartitionParameters.mode_names()[options.balance_by]),
            (self.tr("Target grid area (m²)"), f"{options.target_area:,.0f}"),
            (self.tr("Target households per grid"), f"{options.target_households:,.0f}"),
            (self.tr("Tolerance (%)"), f"{100 * options.tolerance:g}"),
            (self.tr("Random seed"), options.seed),
            (self.tr("Street blocks / atoms"), f"{result.n_blocks} / {result.n_atoms}"),
        ]
        rows = []
        by_area = {}
        for g in result.grids:
            by_area.setdefault(g.area_index, []).append(g)
        tol = 100 * options.tolerance
        for ai, grids in sorted(by_area.items()):
            code = area_codes[ai] if area_codes else str(area_ids[ai])
            within = sum(1 for g in grids if abs(g.deviation_pct) <= tol + 1e-9)
            rows.append(
                (
                    code,
                    len(grids),
                    f"{sum(g.households for g in grids):,.0f}",
                    f"{sum(g.area_m2 for g in grids):,.0f}",
                    f"{within}/{len(grids)}",
                )
            )
        notes = [
            (area_codes[ai] if area_codes else str(area_ids[ai]), lst)
            for ai, lst in sorted(result.area_notes.items())
            if lst
        ]
        return partition_html(self.tr("Grid partition report"), stats, settings, rows, result.messages, notes, tol)


class SettingsLoader(QgsProcessingLayerPostProcessorInterface):
    """Runs the style post-processor, then writes the partition settings into the layer's custom properties."""

    _keep = []  # post-processors must outlive the algorithm run

    def __init__(self, inner, settings):
        super().__init__()
        self.inner = inner
        self.settings = settings
        SettingsLoader._keep.append(self)

    def postProcessLayer(self, layer, context, feedback):
        if self.inner is not None:
            self.inner.postProcessLayer(layer, context, feedback)
        if layer is not None:
            for key in SETTING_KEYS:
                layer.setCustomProperty(SETTINGS_PROPERTY + key, self.settings.get(key, ""))
