"""gridmanager:localmoran — 局部莫兰指数聚类与异常值 / Local Moran's I clusters and outliers (LISA)."""

import numpy as np
import shapely
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsRendererCategory,
    QgsSymbol,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from ...grid_manager.cases import hotspots, lisa
from .base import GridManagerAlgorithm
from .case_layers import finite_number, layer_for
from .choices import Choices
from .layers import read_source, working_crs

LISA_FIELDS = (
    ("lisa_value", QVariant.Type.Double),
    ("lisa_i", QVariant.Type.Double),
    ("lisa_z", QVariant.Type.Double),
    ("lisa_lag", QVariant.Type.Double),
    ("lisa_quadrant", QVariant.Type.String),
    ("lisa_p", QVariant.Type.Double),
    ("lisa_p_fdr", QVariant.Type.Double),
    ("lisa_cluster", QVariant.Type.Int),
)
COLOURS = {1: "215,25,28", 2: "44,123,182", 3: "171,217,233", 4: "253,174,97", 0: "230,230,230"}


class LocalMoranAlgorithm(GridManagerAlgorithm):
    INPUT = "INPUT"
    FIELD = "FIELD"
    BASE_FIELD = "BASE_FIELD"
    RATE_SMOOTHING = "RATE_SMOOTHING"
    MIN_BASE = "MIN_BASE"
    NEIGHBOURS = "NEIGHBOURS"
    DISTANCE = "DISTANCE"
    PERMUTATIONS = "PERMUTATIONS"
    SEED = "SEED"
    SIGNIFICANCE = "SIGNIFICANCE"
    FDR = "FDR"
    OUTPUT = "OUTPUT"

    def name(self):
        return "localmoran"

    def displayName(self):
        return self.tr("Local Moran's I clusters and outliers (LISA)")

    def group(self):
        return self.tr("Cases")

    def groupId(self):
        return "cases"

    def tags(self):
        return self.tr("LISA,Moran,局部莫兰,聚类,异常值,cluster,outlier,hotspot,cases,网格").split(",")

    def shortHelpString(self):
        return self.tr(
            "Local Moran's I (LISA, Anselin 1995) of a numeric field of grids — e.g. n_cases or "
            "rate_1000hh_eb of the grid case statistics — finding clusters (high-high, low-low) and outliers "
            "(high-low: a high grid among low ones; low-high).\n\n"
            "Value: the field; with a base field (e.g. households) the value is the rate field / base × 1,000, "
            "empirical-Bayes smoothed (global or spatial, as esda) unless smoothing is off; grids whose base is "
            "below the minimum get no rate. Grids with an empty value are left out (their neighbours ignore "
            "them) and reported.\n"
            "Neighbours: queen contiguity or a distance band between centroids (metres; geographic layers are "
            "projected); row-standardised weights.\n"
            "I_i = (n − 1) z_i lag_i / Σ z_j², z the standardised value and lag_i the mean z of the "
            "neighbours — esda's Moran_Local. Quadrant: HH (z > 0, lag > 0), LH, LL, HL.\n"
            "lisa_p: two-sided p-value of the conditional permutation test (each grid keeps its value, its "
            "neighbours are drawn from the other grids; PERMUTATIONS draws, SEED for reproducible runs; ties "
            "count on both sides) = 2 × esda's p_sim. lisa_p_fdr: Benjamini-Hochberg adjusted. lisa_cluster: "
            "1 high-high cluster, 2 low-low cluster, 3 low-high outlier, 4 high-low outlier when p ≤ the "
            "significance level (the FDR-adjusted p when FDR is on), 0 not significant. A grid whose whole "
            "neighbourhood has the value 0 (no case) is never significant; grids without neighbours get no "
            "value. PERMUTATIONS must be at least 99."
        )

    def initAlgorithm(self, config=None):
        self.smoothing_choices = Choices(
            (
                ("none", self.tr("None")),
                ("global", self.tr("Empirical Bayes (global)")),
                ("spatial", self.tr("Empirical Bayes (spatial)")),
            ),
            of=hotspots.SMOOTHING,
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Grids"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.FIELD, self.tr("Value field"), "n_cases", self.INPUT, QgsProcessingParameterField.DataType.Numeric
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.BASE_FIELD,
                self.tr("Base field for a rate (e.g. households)"),
                None,
                self.INPUT,
                QgsProcessingParameterField.DataType.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.RATE_SMOOTHING,
                self.tr("Rate smoothing"),
                options=self.smoothing_choices.labels,
                defaultValue=1,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_BASE,
                self.tr("Minimum base for a rate"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.NEIGHBOURS,
                self.tr("Neighbours"),
                options=[self.tr("Queen contiguity"), self.tr("Distance band")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterDistance(self.DISTANCE, self.tr("Distance band"), 500.0, self.INPUT, minValue=0.0)
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PERMUTATIONS,
                self.tr("Permutations"),
                QgsProcessingParameterNumber.Type.Integer,
                999,
                minValue=99,
                maxValue=99999,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SEED,
                self.tr("Random seed"),
                QgsProcessingParameterNumber.Type.Integer,
                12345,
                optional=True,
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SIGNIFICANCE,
                self.tr("Significance level"),
                QgsProcessingParameterNumber.Type.Double,
                0.05,
                minValue=0.0001,
                maxValue=0.5,
            )
        )
        fdr = QgsProcessingParameterBoolean(self.FDR, self.tr("False discovery rate correction"), False)
        fdr.setFlags(fdr.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(fdr)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("LISA clusters and outliers"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        layer = layer_for(self, parameters, self.INPUT, context)
        name = layer.name() if layer is not None else str(parameters.get(self.INPUT))
        field = self.parameterAsString(parameters, self.FIELD, context)
        base_field = self.parameterAsString(parameters, self.BASE_FIELD, context)
        smoothing = self.smoothing_choices.value(self.parameterAsEnum(parameters, self.RATE_SMOOTHING, context))
        min_base = self.parameterAsDouble(parameters, self.MIN_BASE, context)
        by_distance = self.parameterAsEnum(parameters, self.NEIGHBOURS, context) == 1
        band = self.parameterAsDouble(parameters, self.DISTANCE, context)
        permutations = self.parameterAsInt(parameters, self.PERMUTATIONS, context)
        seed = (
            self.parameterAsInt(parameters, self.SEED, context) if parameters.get(self.SEED) not in (None, "") else None
        )
        alpha = self.parameterAsDouble(parameters, self.SIGNIFICANCE, context)
        fdr = self.parameterAsBool(parameters, self.FDR, context)
        for f in (field, base_field):
            if f and source.fields().lookupField(f) < 0:
                raise QgsProcessingException(self.tr("{layer}: there is no field {field}.").format(layer=name, field=f))
        if source.featureCount() == 0:
            raise QgsProcessingException(
                self.tr("{layer}: there are no grids (empty layer or selection).").format(layer=name)
            )
        crs = source.sourceCrs()
        if by_distance and (not crs.isValid() or crs.isGeographic()):
            crs = working_crs(source.sourceCrs(), source, context)
        ids, geoms, attrs = read_source(source, crs, context, feedback, attributes=[field, base_field])
        if feedback.isCanceled():
            return {}

        def numbers(name_):
            out = np.full(len(ids), np.nan)
            for i, v in enumerate(attrs[name_]):
                try:
                    out[i] = float(v) if v is not None else np.nan
                except (TypeError, ValueError):
                    out[i] = np.nan
            return out

        values = numbers(field)
        if base_field:
            base = numbers(base_field)
            if min_base > 0:
                base = np.where(base >= min_base, base, np.nan)
            if smoothing == "none":
                rate, _ = hotspots.grid_rates(values, base, None)
                values = rate
            else:
                w_all = hotspots.queen_weights(geoms) if smoothing == "spatial" else None
                values = hotspots.eb_rates(values, base, w_all) * 1000.0
        ok = np.isfinite(values) & ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if (~ok).any():
            feedback.pushWarning(
                self.tr("{layer}: {n} grids have no value (empty {field} or base): left out.").format(
                    layer=name, n=int((~ok).sum()), field=field
                )
            )
        if ok.sum() < 3:
            raise QgsProcessingException(
                self.tr("{layer}: fewer than 3 grids have a value: nothing to analyse.").format(layer=name)
            )
        idx = np.flatnonzero(ok)
        sub = shapely.make_valid(geoms[idx])
        weights, islands = hotspots.neighbour_weights(sub, by_distance, band)
        if islands:
            feedback.pushWarning(self.tr("{n} grids have no neighbour: they get no LISA value.").format(n=islands))
        res = self.run_core(
            lisa.local_moran,
            values[idx],
            weights,
            permutations,
            seed,
            alpha,
            fdr,
            self.progress(feedback).span(0.3, 0.9),
        )
        if res is None:
            return {}
        full = {key: np.full(len(ids), np.nan) for key in ("I", "z", "lag", "p", "p_fdr")}
        quadrant = np.zeros(len(ids), dtype=np.int64)
        cluster = np.zeros(len(ids), dtype=np.int64)
        for key in full:
            full[key][idx] = res[key]
        quadrant[idx] = res["q"]
        cluster[idx] = res["cluster"]
        pos = {int(fid): i for i, fid in enumerate(ids)}

        extra = QgsFields()
        for fname, ftype in LISA_FIELDS:
            extra.append(QgsField(fname, ftype))
        fields = QgsProcessingUtils.combineFields(source.fields(), extra)
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.multiType(source.wkbType()), source.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for feature in source.getFeatures():
            i = pos.get(int(feature.id()))
            if i is None:
                continue
            out = QgsFeature(fields)
            geom = feature.geometry()
            if geom is not None and not geom.isNull():
                geom.convertToMultiType()
            out.setGeometry(geom)
            out.setAttributes(
                list(feature.attributes())
                + [
                    finite_number(values[i], 6),
                    finite_number(full["I"][i], 6),
                    finite_number(full["z"][i], 6),
                    finite_number(full["lag"][i], 6),
                    lisa.QUADRANT_NAMES.get(int(quadrant[i])),
                    finite_number(full["p"][i], 6),
                    finite_number(full["p_fdr"][i], 6),
                    int(cluster[i]),
                ]
            )
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
        counts = {code: int((cluster == code).sum()) for code in range(5)}
        feedback.pushInfo(
            self.tr("{hh} high-high and {ll} low-low cluster grids, {lh} low-high and {hl} high-low outliers.").format(
                hh=counts[1], ll=counts[2], lh=counts[3], hl=counts[4]
            )
        )
        if context.willLoadLayerOnCompletion(dest):
            loader = LisaStyle(self.cluster_labels(), self.tr("LISA clusters and outliers"))
            LisaStyle.keep.append(loader)
            context.layerToLoadOnCompletionDetails(dest).setPostProcessor(loader)
        return {
            self.OUTPUT: dest,
            "HIGH_HIGH": counts[1],
            "LOW_LOW": counts[2],
            "LOW_HIGH": counts[3],
            "HIGH_LOW": counts[4],
        }

    def cluster_labels(self):
        return {
            1: self.tr("High-high cluster"),
            2: self.tr("Low-low cluster"),
            3: self.tr("Low-high outlier"),
            4: self.tr("High-low outlier"),
            0: self.tr("Not significant"),
        }


def lisa_renderer(labels):
    """Categorised renderer on lisa_cluster with the given (translated) labels."""
    categories = []
    for code in (1, 2, 3, 4, 0):
        symbol = QgsSymbol.defaultSymbol(QgsWkbTypes.GeometryType.PolygonGeometry)
        symbol.setColor(QColor(*[int(c) for c in COLOURS[code].split(",")]))
        symbol.symbolLayer(0).setStrokeColor(QColor(140, 140, 140))
        symbol.symbolLayer(0).setStrokeWidth(0.1)
        categories.append(QgsRendererCategory(code, symbol, labels[code]))
    return QgsCategorizedSymbolRenderer("lisa_cluster", categories)


class LisaStyle(QgsProcessingLayerPostProcessorInterface):
    keep = []  # post-processors must outlive the algorithm run

    def __init__(self, labels, name):
        super().__init__()
        self.labels = labels
        self.name = name

    def postProcessLayer(self, layer, context, feedback):
        if layer is not None:
            layer.setRenderer(lisa_renderer(self.labels))
            layer.setName(self.name)
            layer.triggerRepaint()
