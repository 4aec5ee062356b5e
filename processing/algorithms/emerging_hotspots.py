"""gridmanager:emerginghotspots — 时空热点趋势 / Emerging hot spots (space-time Gi* and Mann–Kendall)."""

import numpy as np
import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.cases import counts, emerging
from ...grid_manager.cases import hotspots as core
from ...grid_manager.cases.evaluation import filter_mask
from ...grid_manager.common.errors import InputError
from .base import GridManagerAlgorithm
from .case_layers import (
    add_filter_parameters,
    add_time_zone_parameter,
    filter_fields,
    finite_number,
    layer_for,
    read_cases,
    read_filters,
    read_time_zone,
    unique_cases,
)
from .choices import Choices
from .layers import read_source
from .styles import CategoryLabelStyleLoader, pattern_labels

EHS_FIELDS = (
    ("ehs_pattern", QVariant.Type.Int),
    ("ehs_label", QVariant.Type.String),
    ("ehs_trend_z", QVariant.Type.Double),
    ("ehs_trend_p", QVariant.Type.Double),
    ("ehs_hot_share", QVariant.Type.Double),
    ("ehs_cold_share", QVariant.Type.Double),
    ("ehs_final_z", QVariant.Type.Double),
    ("ehs_periods", QVariant.Type.Int),
    ("n_cases", QVariant.Type.Int),
)


class EmergingHotspotsAlgorithm(GridManagerAlgorithm):
    CASES = "CASES"
    GRIDS = "GRIDS"
    GRID_CODE_FIELD = "GRID_CODE_FIELD"
    PERIOD = "PERIOD"
    TIME_STEPS = "TIME_STEPS"
    NEIGHBOURS = "NEIGHBOURS"
    DISTANCE = "DISTANCE"
    PERMUTATIONS = "PERMUTATIONS"
    SEED = "SEED"
    FDR = "FDR"
    TREND_SIGNIFICANCE = "TREND_SIGNIFICANCE"
    CLASS_FILTER = "CLASS_FILTER"
    STATE_FILTER = "STATE_FILTER"
    START = "START"
    END = "END"
    TIME_ZONE = "TIME_ZONE"
    OUTPUT = "OUTPUT"

    def name(self):
        return "emerginghotspots"

    def displayName(self):
        return self.tr("Emerging hot spots")

    def group(self):
        return self.tr("Cases")

    def groupId(self):
        return "cases"

    def tags(self):
        return self.tr("emerging,hotspot,trend,Mann-Kendall,Gi*,时空热点,趋势,cases,网格").split(",")

    def shortHelpString(self):
        return self.tr(
            "Where case hot spots and cold spots are appearing, growing, fading or coming and going — "
            "Esri's Emerging Hot Spot Analysis on the grids.\n\n"
            "Cases are counted per grid (by location) and per period (week Monday–Sunday, month, quarter or "
            "year, local times in the time zone); every period from the first to the last one with a case "
            "(or of the reporting window when set) counts, empty ones included.\n"
            "Space-time Gi*: the neighbourhood of a grid in a period is the grid and its neighbours (queen "
            "contiguity or distance band) in that period and in the previous periods of the neighbourhood "
            "time step (never later ones); mean and deviation are those of all grids and periods. Bins are "
            "hot or cold spots at 90 % or more (two-sided), with the normal-theory p (PERMUTATIONS = 0, as "
            "ArcGIS) or a conditional permutation p, FDR-corrected unless turned off.\n"
            "Trend: the Mann–Kendall test (tie-corrected variance) of each grid's z-scores over the periods; "
            "significant when p ≤ the trend significance level.\n\n"
            "Patterns (hot spots; cold spots alike), 90 % meaning 90 % of the periods:\n"
            "New: hot in the final period and never before.\n"
            "Consecutive: one uninterrupted run of at least two hot periods ending with the final one, never "
            "hot before the run, hot in less than 90 %.\n"
            "Intensifying: hot in at least 90 %, including the final period, with a significant upward "
            "trend of the z-scores (downward for cold spots).\n"
            "Persistent: hot in at least 90 %, including the final period, without a significant trend.\n"
            "Diminishing: hot in at least 90 %, including the final period, with a significant downward "
            "trend (upward for cold spots).\n"
            "Sporadic: hot in the final period, on and off before, hot in less than 90 %, never a cold spot.\n"
            "Oscillating: hot in the final period, a cold spot in some earlier period, hot in less than 90 %.\n"
            "Historical: not hot in the final period, but hot in at least 90 %.\n"
            "No pattern: none of these.\n\n"
            "Output: the grids with ehs_pattern (1–8 hot, −1 to −8 cold in the order above, 0 no pattern), "
            "ehs_label, ehs_trend_z/ehs_trend_p (Mann–Kendall), ehs_hot_share/ehs_cold_share (share of hot "
            "and cold periods), ehs_final_z (Gi* z of the final period), ehs_periods and n_cases. Cases "
            "sharing a case_code count once; cases without reported_at are reported and left out."
        )

    def pattern_labels(self):
        """Legend labels in the UI language (shared with the evaluation report: styles.pattern_labels)."""
        return pattern_labels()

    def initAlgorithm(self, config=None):
        self.period_choices = Choices(
            (
                ("week", self.tr("Week")),
                ("month", self.tr("Month")),
                ("quarter", self.tr("Quarter")),
                ("year", self.tr("Year")),
            ),
            of=("week", "month", "quarter", "year"),
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.CASES, self.tr("Cases"), [QgsProcessing.SourceType.TypeVectorPoint]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.GRIDS, self.tr("Grids"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.GRID_CODE_FIELD, self.tr("Grid code field"), "grid_code", self.GRIDS, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PERIOD, self.tr("Time step"), options=self.period_choices.labels, defaultValue=1
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TIME_STEPS,
                self.tr("Neighbourhood time step (previous periods)"),
                QgsProcessingParameterNumber.Type.Integer,
                1,
                minValue=0,
                maxValue=24,
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
            QgsProcessingParameterDistance(self.DISTANCE, self.tr("Distance band"), 500.0, self.GRIDS, minValue=0.0)
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PERMUTATIONS,
                self.tr("Permutations (0: normal-theory p)"),
                QgsProcessingParameterNumber.Type.Integer,
                0,
                minValue=0,
                maxValue=99999,
            )
        )
        seed = QgsProcessingParameterNumber(
            self.SEED,
            self.tr("Random seed"),
            QgsProcessingParameterNumber.Type.Integer,
            12345,
            optional=True,
            minValue=0,
        )
        seed.setFlags(seed.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(seed)
        self.addParameter(QgsProcessingParameterBoolean(self.FDR, self.tr("False discovery rate correction"), True))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TREND_SIGNIFICANCE,
                self.tr("Trend significance level"),
                QgsProcessingParameterNumber.Type.Double,
                0.05,
                minValue=0.0001,
                maxValue=0.5,
            )
        )
        add_filter_parameters(
            self,
            self.tr("Case classes (codes or prefixes, comma-separated)"),
            self.tr("Case states"),
            self.tr("Reported from (inclusive)"),
            self.tr("Reported before (exclusive)"),
        )
        add_time_zone_parameter(self, self.tr("Time zone of the case times"))
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Emerging hot spots"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )

    def processAlgorithm(self, parameters, context, feedback):
        grids_src = self.parameterAsSource(parameters, self.GRIDS, context)
        if grids_src is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.GRIDS))
        grids_layer = layer_for(self, parameters, self.GRIDS, context)
        grids_name = grids_layer.name() if grids_layer is not None else str(parameters.get(self.GRIDS))
        code_field = self.parameterAsString(parameters, self.GRID_CODE_FIELD, context)
        period = self.period_choices.value(self.parameterAsEnum(parameters, self.PERIOD, context))
        steps = self.parameterAsInt(parameters, self.TIME_STEPS, context)
        by_distance = self.parameterAsEnum(parameters, self.NEIGHBOURS, context) == 1
        band = self.parameterAsDouble(parameters, self.DISTANCE, context)
        permutations = self.parameterAsInt(parameters, self.PERMUTATIONS, context)
        seed = (
            self.parameterAsInt(parameters, self.SEED, context) if parameters.get(self.SEED) not in (None, "") else None
        )
        fdr = self.parameterAsBool(parameters, self.FDR, context)
        trend_alpha = self.parameterAsDouble(parameters, self.TREND_SIGNIFICANCE, context)
        zone = read_time_zone(self, parameters, context)
        classes, states, start, end = read_filters(self, parameters, context, zone)
        if code_field and grids_src.fields().lookupField(code_field) < 0:
            raise QgsProcessingException(
                self.tr("{layer}: there is no field {field}.").format(layer=grids_name, field=code_field)
            )
        if grids_src.featureCount() == 0:
            raise QgsProcessingException(
                self.tr("{layer}: there are no grids (empty layer or selection).").format(layer=grids_name)
            )

        fields = filter_fields(classes, states, start, end) + ["case_code", "reported_at"]
        cases = read_cases(
            self,
            parameters,
            self.CASES,
            context,
            feedback,
            fields,
            projected_message=self.tr("{layer} is in {crs}: distances are computed in {work}."),
        )
        frame = cases["frame"]
        if "reported_at" not in frame.columns:
            raise QgsProcessingException(
                self.tr("{layer}: there is no field reported_at: cases cannot be put in periods.").format(
                    layer=cases["name"]
                )
            )
        ids, geoms, attrs = read_source(grids_src, cases["crs"], context, feedback, attributes=[code_field])
        if feedback.isCanceled():
            return {}
        n = len(geoms)
        codes = [str(c) if c not in (None, "") else None for c in attrs[code_field]] if code_field else None
        if codes is not None:
            try:
                core.check_grids(codes, grids_name, ids)
            except InputError as error:
                raise QgsProcessingException(str(error)) from None
        bad_geom = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        if bad_geom.any():
            first = int(np.flatnonzero(bad_geom)[0])
            raise QgsProcessingException(
                self.tr("{layer}: feature {fid} has no geometry.").format(layer=grids_name, fid=ids[first])
            )
        geoms = shapely.make_valid(geoms)

        keep = unique_cases(cases, feedback)
        no_time = int((keep & frame["reported_at"].isna().to_numpy()).sum())
        if no_time:
            feedback.pushWarning(
                self.tr("{layer}: {n} cases have no reported_at: they are left out.").format(
                    layer=cases["name"], n=no_time
                )
            )
        mask = self.run_core(filter_mask, frame, classes, states, start, end, layer=cases["name"], zone=zone)
        if mask is None:
            return {}
        mask &= keep
        ok = mask & np.isfinite(cases["x"])
        idx = np.full(len(frame), -1, dtype=np.int64)
        sub = self.run_core(
            core.assign_points,
            cases["x"][ok],
            cases["y"][ok],
            geoms,
            cases["name"],
            self.progress(feedback).span(0.2, 0.4),
        )
        if sub is None:
            return {}
        idx[ok] = sub
        table = counts.count_cases(idx, mask, frame["reported_at"], None, period, zone)
        table, unassigned, total = counts.split_unassigned(table)
        if unassigned:
            feedback.pushWarning(self.tr("{n} cases lie outside every grid: left out.").format(n=unassigned))
        starts, cube = self.run_core(emerging.count_cube, table, n, period, start, end)
        if cube.sum() == 0:
            raise QgsProcessingException(
                self.tr("{layer}: no case in a grid matches the filters.").format(layer=cases["name"])
            )
        feedback.pushInfo(
            self.tr("{cases} cases in {grids} grids over {periods} periods from {first}.").format(
                cases=int(cube.sum()), grids=n, periods=len(starts), first=starts[0].strftime("%Y-%m-%d")
            )
        )
        weights, islands = core.neighbour_weights(geoms, by_distance, band)
        if islands:
            feedback.pushWarning(
                self.tr("{n} grids have no spatial neighbour: only their own previous periods count.").format(n=islands)
            )
        res = self.run_core(
            emerging.emerging_hotspots,
            cube,
            weights,
            steps,
            permutations,
            seed,
            fdr,
            trend_alpha,
            self.progress(feedback).span(0.4, 0.9),
            cases["name"],
        )
        if res is None:
            return {}
        labels = self.pattern_labels()
        pos = {int(fid): i for i, fid in enumerate(ids)}
        extra = QgsFields()
        for fname, ftype in EHS_FIELDS:
            extra.append(QgsField(fname, ftype))
        out_fields = QgsProcessingUtils.combineFields(grids_src.fields(), extra)
        sink, dest = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            out_fields,
            QgsWkbTypes.multiType(grids_src.wkbType()),
            grids_src.sourceCrs(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        per_grid = cube.sum(axis=0)
        for feature in grids_src.getFeatures():
            i = pos.get(int(feature.id()))
            if i is None:
                continue
            out = QgsFeature(out_fields)
            geom = feature.geometry()
            if geom is not None and not geom.isNull():
                geom.convertToMultiType()
            out.setGeometry(geom)
            code = int(res["pattern"][i])
            out.setAttributes(
                list(feature.attributes())
                + [
                    code,
                    labels[code],
                    finite_number(res["trend_z"][i], 6),
                    finite_number(res["trend_p"][i], 6),
                    finite_number(res["hot_share"][i], 4),
                    finite_number(res["cold_share"][i], 4),
                    finite_number(res["z"][-1, i], 6),
                    len(starts),
                    int(per_grid[i]),
                ]
            )
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
        found = {c: int((res["pattern"] == c).sum()) for c in labels}
        summary = ", ".join(f"{labels[c]} {k}" for c, k in found.items() if k and c != 0)
        feedback.pushInfo(self.tr("Patterns: {summary}.").format(summary=summary or labels[0]))
        CategoryLabelStyleLoader.attach(context, dest, "emerging_hotspots.qml", self.tr("Emerging hot spots"), labels)
        return {
            self.OUTPUT: dest,
            "PERIODS": len(starts),
            "HOT_PATTERNS": int((res["pattern"] > 0).sum()),
            "COLD_PATTERNS": int((res["pattern"] < 0).sum()),
        }
