"""gridmanager:casedensity — 案件热力图 / Case heatmap (kernel density).

Also holds the case-reading helpers shared by the hotspot and evaluation algorithms.
"""

import os

import numpy as np
import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...grid_manager.cases import density as kde_core
from ...grid_manager.cases.evaluation import filter_mask
from .base import GridManagerAlgorithm, StyleLoader
from .case_layers import (
    add_filter_parameters,
    add_time_zone_parameter,
    filter_fields,
    read_cases,
    read_filters,
    read_time_zone,
    unique_cases,
)
from .layers import work_budget


class CaseDensityAlgorithm(GridManagerAlgorithm):
    INPUT = "INPUT"
    RADIUS = "RADIUS"
    PIXEL_SIZE = "PIXEL_SIZE"
    KERNEL = "KERNEL"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    DECAY = "DECAY"
    OUTPUT_VALUE = "OUTPUT_VALUE"
    CLASS_FILTER = "CLASS_FILTER"
    STATE_FILTER = "STATE_FILTER"
    START = "START"
    END = "END"
    TIME_ZONE = "TIME_ZONE"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"

    def name(self):
        return "casedensity"

    def displayName(self):
        return self.tr("Case heatmap (kernel density)")

    def group(self):
        return self.tr("Cases")

    def groupId(self):
        return "cases"

    def tags(self):
        return self.tr("heatmap,kde,density,热力图,案件,cases,hotspot").split(",")

    def shortHelpString(self):
        return self.tr(
            "Kernel density raster of case points (案件热力图) in cases per km², on the pixels of QGIS's own "
            "Heatmap (Kernel Density Estimation) algorithm — same raster extent and size, and with raw output "
            "values the same numbers — but the work is proportional to cases × kernel size: only the tiles a "
            "kernel reaches are computed and held in memory, so a few cases far apart do not cost a whole "
            "raster.\n\n"
            "Cases: a point layer (the case store's cases_analysis export or any layer with the same fields). "
            "Layers whose CRS is geographic (EPSG:4490, EPSG:4326…) or not in metres are projected to a metric "
            "CRS first, so distances are always metres.\n"
            "Radius (metres): search radius of the kernel. Pixel size (metres): output cell size.\n"
            "Kernel shape: 0 quartic, 1 triangular, 2 uniform, 3 triweight, 4 Epanechnikov (the numbering of "
            "QGIS's heatmap). Decay ratio: triangular kernel only.\n"
            "Weight field: optional numeric field multiplying each case (empty values count 0).\n"
            "Output values: cases per km² (default): density(p) = 10⁶ × Σ wᵢ K(dᵢ) / ∫K, where K is the "
            "kernel (K(0) = 1), dᵢ the distance in metres from the pixel centre to case i, wᵢ its weight (1 "
            "without a weight field) and ∫K = π r² / c the integral of K over the disc of radius r (c = 3 "
            "quartic, 3 / (1 + 2 × decay) triangular, 1 uniform, 4 triweight, 2 Epanechnikov): each case adds "
            "one case spread over its disc, so the sum of density × pixel area (km²) is the number of cases "
            "whose disc lies inside the raster. Raw: Σ wᵢ K(dᵢ), QGIS's default. Scaled: QGIS's scaled "
            "values (per square metre, with QGIS's constants).\n"
            "Extent: optional; the raster covers it, snapped outward to whole pixels of the default raster "
            "(the layer extent grown by the radius), so clipped and full rasters line up cell by cell; cases "
            "outside it still count where their kernel reaches inside.\n"
            "Filters: case classes (codes or prefixes such as 01 or 0102), states, and a reporting time window "
            "[from, before). The raster keeps the extent of the whole layer, so filtered rasters line up cell "
            "by cell. Times without a zone are local times in the time zone (default Asia/Shanghai), times with "
            "a zone are converted; the window is in local time. Cases sharing a case_code count once.\n\n"
            "Cells no case reaches are nodata. Before computing, the memory the tiles need is estimated and "
            "checked against the memory available: a raster too large is refused with the amount needed; "
            "choose a larger pixel size or a smaller extent then. Dense groups of cases use a sub-pixel binned "
            "FFT over their own window (agreeing with the exact sum to a correlation above 0.99999); the "
            "uniform kernel and sparse groups are evaluated exactly."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Cases"), [QgsProcessing.SourceType.TypeVectorPoint]
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.RADIUS,
                self.tr("Radius (metres)"),
                QgsProcessingParameterNumber.Type.Double,
                200.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PIXEL_SIZE,
                self.tr("Pixel size (metres)"),
                QgsProcessingParameterNumber.Type.Double,
                10.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.KERNEL,
                self.tr("Kernel shape"),
                options=[
                    self.tr("Quartic"),
                    self.tr("Triangular"),
                    self.tr("Uniform"),
                    self.tr("Triweight"),
                    self.tr("Epanechnikov"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.WEIGHT_FIELD,
                self.tr("Weight field"),
                None,
                self.INPUT,
                QgsProcessingParameterField.DataType.Numeric,
                optional=True,
            )
        )
        decay = QgsProcessingParameterNumber(
            self.DECAY,
            self.tr("Decay ratio (triangular kernel only)"),
            QgsProcessingParameterNumber.Type.Double,
            0.0,
            True,
            -100.0,
            100.0,
        )
        decay.setFlags(decay.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(decay)
        out_val = QgsProcessingParameterEnum(
            self.OUTPUT_VALUE,
            self.tr("Output values"),
            options=[self.tr("Raw (kernel sum, QGIS's default)"), self.tr("Scaled (QGIS)"), self.tr("Cases per km²")],
            defaultValue=2,
        )
        out_val.setFlags(out_val.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(out_val)
        add_filter_parameters(
            self,
            self.tr("Case classes (codes or prefixes, comma-separated)"),
            self.tr("Case states"),
            self.tr("Reported from (inclusive)"),
            self.tr("Reported before (exclusive)"),
        )
        add_time_zone_parameter(self, self.tr("Time zone of the case times"))
        self.addParameter(
            QgsProcessingParameterExtent(
                self.EXTENT, self.tr("Raster extent (default: the cases' extent grown by the radius)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Case heatmap")))

    def processAlgorithm(self, parameters, context, feedback):
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        pixel = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context)
        kernel = self.parameterAsEnum(parameters, self.KERNEL, context)
        weight_field = self.parameterAsString(parameters, self.WEIGHT_FIELD, context)
        decay = self.parameterAsDouble(parameters, self.DECAY, context)
        output_value = self.parameterAsEnum(parameters, self.OUTPUT_VALUE, context)
        zone = read_time_zone(self, parameters, context)
        classes, states, start, end = read_filters(self, parameters, context, zone)
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if os.path.splitext(out_path)[1].lower() not in (".tif", ".tiff"):
            raise QgsProcessingException(self.tr("The heatmap is written as GeoTIFF: choose a .tif file name."))

        fields = filter_fields(classes, states, start, end) + ["case_code"] + ([weight_field] if weight_field else [])
        cases = read_cases(
            self,
            parameters,
            self.INPUT,
            context,
            feedback,
            fields,
            projected_message=self.tr("{layer} is in {crs}: distances are computed in {work}."),
        )
        if feedback.isCanceled():
            return {}
        frame = cases["frame"]
        mask = self.run_core(filter_mask, frame, classes, states, start, end, layer=cases["name"], zone=zone)
        if mask is None:
            return {}
        keep = unique_cases(cases, feedback)
        mask &= keep & np.isfinite(cases["x"]) & np.isfinite(cases["y"])
        weights = None
        if weight_field:
            weights = pd.to_numeric(frame[weight_field], errors="coerce").to_numpy(dtype=float)[mask]
        feedback.pushInfo(self.tr("{n} of {total} cases pass the filters.").format(n=int(mask.sum()), total=len(frame)))
        out_extent = None
        if parameters.get(self.EXTENT) not in (None, ""):
            rect = self.parameterAsExtent(parameters, self.EXTENT, context, cases["crs"])
            if rect.isNull() or rect.isEmpty() or not rect.isFinite():
                raise QgsProcessingException(
                    self.tr("The raster extent is empty or cannot be transformed to {crs}.").format(
                        crs=cases["crs"].authid()
                    )
                )
            out_extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
        progress = self.progress(feedback).span(0.2, 0.9)
        result = self.run_core(
            kde_core.kde_tiles,
            cases["x"][mask],
            cases["y"][mask],
            radius,
            pixel,
            weights=weights,
            kernel=kernel,
            output=output_value,
            decay=decay,
            extent=cases["extent"],
            out_extent=out_extent,
            layer=cases["name"],
            progress=progress,
            budget=work_budget(),
        )
        if result is None:
            return {}
        raster, grid, stats = result
        if stats.dropped:
            feedback.pushWarning(
                self.tr(
                    "{n} cases lie too close to the edge of the raster for the kernel "
                    "window and were skipped (as QGIS's heatmap does)."
                ).format(n=stats.dropped)
            )
        if (
            self.run_core(
                kde_core.write_tiles, out_path, raster, cases["crs"].toWkt(), self.progress(feedback).span(0.9, 1.0)
            )
            is None
            and feedback.isCanceled()
        ):
            return {}
        top = raster.maximum()
        unit = kde_core.density_unit(output_value)
        feedback.pushInfo(
            self.tr(
                "Raster {cols} x {rows} cells ({tiles} of {all} tiles of {tile} x {tile} cells hold data), "
                "maximum density {max:.4g} {unit} ({method} evaluation)."
            ).format(
                cols=grid.cols,
                rows=grid.rows,
                tiles=len(raster.tiles),
                all=-(-grid.rows // raster.tile) * -(-grid.cols // raster.tile),
                tile=raster.tile,
                max=top if top is not None else 0.0,
                unit=unit,
                method=stats.method,
            )
        )
        DensityStyleLoader.attach_unit(context, out_path, self.tr("Case heatmap ({unit})").format(unit=unit), unit)
        feedback.setProgress(100)
        return {self.OUTPUT: out_path}


def rescale_density_style(layer, unit=""):
    """density.qml holds its colour stops on a 0..1 scale: stretch them to the raster's maximum and label
    them with their values and ``unit`` (the legend shows e.g. "120 cases/km²")."""
    from qgis.core import (
        QgsColorRampShader,
        QgsRasterBandStats,
        QgsRasterShader,
        QgsSingleBandPseudoColorRenderer,
    )

    renderer = layer.renderer()
    if not isinstance(renderer, QgsSingleBandPseudoColorRenderer):
        return
    top = layer.dataProvider().bandStatistics(1, QgsRasterBandStats.Stats.Max).maximumValue
    if not top or not np.isfinite(top) or top <= 0:
        return
    old = renderer.shader().rasterShaderFunction()
    items = [
        QgsColorRampShader.ColorRampItem(
            item.value * top, item.color, "{:.3g} {}".format(item.value * top, unit).strip() if unit else item.label
        )
        for item in old.colorRampItemList()
    ]
    shader_fn = QgsColorRampShader(0.0, top)
    shader_fn.setColorRampType(QgsColorRampShader.Type.Interpolated)
    shader_fn.setColorRampItemList(items)
    shader_fn.setClip(False)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_fn)
    new = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    new.setClassificationMin(0.0)
    new.setClassificationMax(top)
    new.setOpacity(renderer.opacity())
    layer.setRenderer(new)


class DensityStyleLoader(StyleLoader):
    """Loads density.qml, stretches it to the raster's values and labels the legend with the unit."""

    unit = ""

    def postProcessLayer(self, layer, context, feedback):
        super().postProcessLayer(layer, context, feedback)
        if layer is not None:
            rescale_density_style(layer, self.unit)
            layer.triggerRepaint()

    @classmethod
    def attach_unit(cls, context, layer_id, name, unit):
        if context.willLoadLayerOnCompletion(layer_id):
            loader = cls("density.qml", name)
            loader.unit = unit
            cls._keep.append(loader)
            context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(loader)
