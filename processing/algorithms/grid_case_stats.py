"""gridmanager:gridcasestats — 网格案件统计与热点 / Grid case statistics and hot spots (Gi*)."""

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProviderRegistry,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.cases import counts
from ...grid_manager.cases import hotspots as core
from ...grid_manager.cases.evaluation import PERIODS, filter_mask
from ...grid_manager.common.errors import InputError
from ...grid_manager.store import grid_counts_sql as hotspot_sql
from .base import GridManagerAlgorithm
from .case_layers import (
    add_filter_parameters,
    add_time_zone_parameter,
    filter_fields,
    finite_number,
    layer_for,
    local_qdatetime,
    read_cases,
    read_filters,
    read_ogr_geometries,
    read_time_zone,
    to_python,
    unique_cases,
)
from .choices import Choices
from .layers import read_source, to_qgs, work_budget
from .styles import CategoryLabelStyleLoader, TemporalCategoryLabelStyleLoader, hotspot_labels

STAT_FIELDS = (
    "n_cases",
    "n_parts",
    "n_events",
    "rate_1000hh",
    "rate_km2",
    "rate_1000hh_eb",
    "gi_z",
    "gi_p",
    "gi_p_fdr",
    "hotspot_class",
)


def output_fields(slices=False, by_class=False):
    fields = QgsFields()
    fields.append(QgsField("grid_code", QVariant.Type.String, len=20))
    if by_class:
        fields.append(QgsField("class_code", QVariant.Type.String, len=20))
    if slices:
        fields.append(QgsField("period_start", QVariant.Type.DateTime))
        fields.append(QgsField("period_end", QVariant.Type.DateTime))
    fields.append(QgsField("households", QVariant.Type.Double))
    fields.append(QgsField("area_km2", QVariant.Type.Double))
    fields.append(QgsField("n_cases", QVariant.Type.Int))
    fields.append(QgsField("n_parts", QVariant.Type.Int))
    fields.append(QgsField("n_events", QVariant.Type.Int))
    fields.append(QgsField("rate_1000hh", QVariant.Type.Double))
    fields.append(QgsField("rate_km2", QVariant.Type.Double))
    fields.append(QgsField("rate_1000hh_eb", QVariant.Type.Double))
    fields.append(QgsField("gi_z", QVariant.Type.Double))
    fields.append(QgsField("gi_p", QVariant.Type.Double))
    fields.append(QgsField("gi_p_fdr", QVariant.Type.Double))
    fields.append(QgsField("hotspot_class", QVariant.Type.Int))
    return fields


class GridCaseStatsAlgorithm(GridManagerAlgorithm):
    CASES = "CASES"
    GRIDS = "GRIDS"
    GRID_CODE_FIELD = "GRID_CODE_FIELD"
    HOUSEHOLD_FIELD = "HOUSEHOLD_FIELD"
    ASSIGN = "ASSIGN"
    VALUE = "VALUE"
    RATE_SMOOTHING = "RATE_SMOOTHING"
    MIN_HOUSEHOLDS = "MIN_HOUSEHOLDS"
    NEIGHBOURS = "NEIGHBOURS"
    DISTANCE = "DISTANCE"
    PERMUTATIONS = "PERMUTATIONS"
    SEED = "SEED"
    FDR = "FDR"
    PERIOD = "PERIOD"
    CLASS_FILTER = "CLASS_FILTER"
    STATE_FILTER = "STATE_FILTER"
    START = "START"
    END = "END"
    TIME_ZONE = "TIME_ZONE"
    OUTPUT = "OUTPUT"
    OUTPUT_SLICES = "OUTPUT_SLICES"
    GROUP_BY_CLASS = "GROUP_BY_CLASS"

    def name(self):
        return "gridcasestats"

    def displayName(self):
        return self.tr("Grid case statistics and hot spots")

    def group(self):
        return self.tr("Cases")

    def groupId(self):
        return "cases"

    def tags(self):
        return self.tr("hotspot,热点,Gi*,Getis-Ord,统计,count,rate,cases,网格").split(",")

    def shortHelpString(self):
        return self.tr(
            "Counts the cases of every grid (网格案件统计), computes rates per 1,000 households and per km², "
            "and finds hot and cold spots with the Getis-Ord Gi* statistic.\n\n"
            "Cases: point layer with the case fields (cases_analysis). Grids: polygons with a grid code "
            "field and optionally households.\n"
            "Assign cases: by location (the grid polygon containing the case; a case on a shared boundary "
            "goes to one grid only) or by the case's grid_code field. Cases in no grid are counted as "
            "unassigned and reported.\n"
            "When the cases come from PostGIS the counting runs in the database (one aggregate query).\n"
            "Gi* on: the count, the rate per 1,000 households or the rate per km². Neighbours: queen "
            "contiguity (grids sharing a boundary point) or a distance band between grid centroids; every "
            "grid is its own neighbour (Gi*).\n"
            "z = (Σ_j w_ij y_j − ȳ k_i) / (s √((n k_i − k_i²)/(n − 1))) with binary weights, k_i the "
            "neighbourhood size including the grid.\n"
            "gi_p: two-sided p-value of a conditional permutation test (as esda's crand: each grid keeps its "
            "value, its neighbours are drawn without replacement from the other grids; PERMUTATIONS draws, SEED "
            "for reproducible runs). Ties count on both sides, so a neighbourhood that most draws match (e.g. "
            "empty grids among mostly empty grids) is not significant. PERMUTATIONS = 0 uses the normal-theory "
            "p-value 2 (1 − Φ(|z|)) instead. gi_p_fdr: Benjamini-Hochberg adjusted p-value.\n"
            "hotspot_class (two-sided, as ArcGIS): +3/+2/+1 hot spot and −3/−2/−1 cold spot at 99/95/90 % when "
            "|z| ≥ 2.576/1.96/1.645 and p ≤ 0.01/0.05/0.10 (the FDR-adjusted p when the false discovery rate "
            "correction is on; it is off by default); 0 not significant. A grid whose whole neighbourhood has no "
            "case is never significant.\n"
            "Rates are empty (NULL), never infinite, for grids without households or area, and the household "
            "rate for grids with fewer households than the minimum (MIN_HOUSEHOLDS).\n"
            "Rate smoothing (RATE_SMOOTHING): empirical-Bayes smoothing of the rate per 1,000 households "
            "(rate_1000hh_eb), global (every rate shrinks towards the overall rate m with weight v / (v + m / "
            "b_i), b_i the households, v the between-grid variance Σ b_i (r_i − m)² / Σ b − m / b̄, 0 when "
            "negative) or spatial (m and v from the grid's neighbourhood) — as esda's Empirical_Bayes and "
            "Spatial_Empirical_Bayes. Small grids with few cases no longer dominate: Gi* on the household rate "
            "then runs on the smoothed rate.\n"
            "Period: with week/month/quarter/year, the time-slices output holds one feature per grid and "
            "period with period_start/period_end, ready for the temporal controller.\n"
            "Filters: case classes (codes or prefixes), states and a reporting time window.\n"
            "Per class (GROUP_BY_CLASS): one run for every case class (class_code) present among the "
            "filtered cases, in one output: every grid appears once per class, with a class_code field; "
            "counts, rates and Gi* are those of that class alone (the time slices likewise). Filter the "
            "output on class_code (or use the layer's categories) to map one class. PostGIS cases are then "
            "read and counted in QGIS.\n"
            "Time zone: times without a zone (e.g. 2025-01-31 20:00) are local times in this zone (an IANA "
            "name, default Asia/Shanghai); times with a zone or offset are converted to it. Periods (weeks "
            "Monday–Sunday, months, quarters, years), the time window and period_start/period_end are local "
            "times there, whether the cases come from a file, a selection or PostGIS.\n"
            "Cases sharing a case_code are counted once (the first feature) and reported; cases without "
            "reported_at are reported and left out of the time window and the time slices."
        )

    def initAlgorithm(self, config=None):
        self.value_choices = Choices(
            (
                ("count", self.tr("Case count")),
                ("rate_1000hh", self.tr("Cases per 1,000 households")),
                ("rate_km2", self.tr("Cases per km²")),
            ),
            of=core.VALUES,
        )
        self.smoothing_choices = Choices(
            (
                ("none", self.tr("None")),
                ("global", self.tr("Empirical Bayes (global)")),
                ("spatial", self.tr("Empirical Bayes (spatial)")),
            ),
            of=core.SMOOTHING,
        )
        self.period_choices = Choices(
            (
                ("all", self.tr("None")),
                ("week", self.tr("Week")),
                ("month", self.tr("Month")),
                ("quarter", self.tr("Quarter")),
                ("year", self.tr("Year")),
            ),
            of=PERIODS,
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
            QgsProcessingParameterField(
                self.HOUSEHOLD_FIELD,
                self.tr("Household field"),
                None,
                self.GRIDS,
                QgsProcessingParameterField.DataType.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ASSIGN,
                self.tr("Assign cases"),
                options=[self.tr("By location (grid polygon)"), self.tr("By the case's grid_code field")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.VALUE,
                self.tr("Gi* on"),
                options=self.value_choices.labels,
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.RATE_SMOOTHING,
                self.tr("Rate smoothing (per 1,000 households)"),
                options=self.smoothing_choices.labels,
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_HOUSEHOLDS,
                self.tr("Minimum households for a rate"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                minValue=0.0,
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
                self.tr("Permutations"),
                QgsProcessingParameterNumber.Type.Integer,
                999,
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
        self.addParameter(seed)
        fdr = QgsProcessingParameterBoolean(self.FDR, self.tr("False discovery rate correction"), False)
        fdr.setFlags(fdr.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(fdr)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PERIOD,
                self.tr("Time slices"),
                options=self.period_choices.labels,
                defaultValue=0,
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
            QgsProcessingParameterBoolean(self.GROUP_BY_CLASS, self.tr("One set of results per case class"), False)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Grid case statistics"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_SLICES,
                self.tr("Time slices"),
                QgsProcessing.SourceType.TypeVectorPolygon,
                optional=True,
                createByDefault=False,
            )
        )

    # ------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        grids_src = self.parameterAsSource(parameters, self.GRIDS, context)
        if grids_src is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.GRIDS))
        grids_layer = layer_for(self, parameters, self.GRIDS, context)
        grids_name = grids_layer.name() if grids_layer is not None else str(parameters.get(self.GRIDS))
        code_field = self.parameterAsString(parameters, self.GRID_CODE_FIELD, context)
        hh_field = self.parameterAsString(parameters, self.HOUSEHOLD_FIELD, context)
        assign = self.parameterAsEnum(parameters, self.ASSIGN, context)
        value = self.value_choices.value(self.parameterAsEnum(parameters, self.VALUE, context))
        smoothing = self.smoothing_choices.value(self.parameterAsEnum(parameters, self.RATE_SMOOTHING, context))
        min_households = self.parameterAsDouble(parameters, self.MIN_HOUSEHOLDS, context)
        by_distance = self.parameterAsEnum(parameters, self.NEIGHBOURS, context) == 1
        band = self.parameterAsDouble(parameters, self.DISTANCE, context)
        permutations = self.parameterAsInt(parameters, self.PERMUTATIONS, context)
        seed = (
            self.parameterAsInt(parameters, self.SEED, context) if parameters.get(self.SEED) not in (None, "") else None
        )
        fdr = self.parameterAsBool(parameters, self.FDR, context)
        period = self.period_choices.value(self.parameterAsEnum(parameters, self.PERIOD, context))
        zone = read_time_zone(self, parameters, context)
        self._zone = zone
        classes, states, start, end = read_filters(self, parameters, context, zone)
        want_slices = parameters.get(self.OUTPUT_SLICES) not in (None, "")
        by_class = self.parameterAsBool(parameters, self.GROUP_BY_CLASS, context)
        self._by_class = by_class

        if code_field and grids_src.fields().lookupField(code_field) < 0:
            raise QgsProcessingException(
                self.tr("{layer}: there is no field {field}.").format(layer=grids_name, field=code_field)
            )
        if (value == "rate_1000hh" or smoothing != "none" or min_households > 0) and not hh_field:
            raise QgsProcessingException(
                self.tr("Rates per 1,000 households (Gi*, smoothing, minimum households) need the household field.")
            )
        if assign == 1 and not code_field:
            raise QgsProcessingException(self.tr("Assigning cases by grid code needs the grid code field."))
        if grids_src.featureCount() == 0:
            raise QgsProcessingException(
                self.tr("{layer}: there are no grids (empty layer or selection).").format(layer=grids_name)
            )

        cases_layer = layer_for(self, parameters, self.CASES, context)
        in_db = self._postgis(parameters, cases_layer) and not by_class
        # grids in the cases' working CRS
        if in_db:
            work_crs = cases_layer.crs()
            if work_crs.isGeographic():
                from .layers import working_crs

                metric_crs = working_crs(grids_src.sourceCrs(), grids_src, context)
            else:
                metric_crs = work_crs
        else:
            metric_crs = None
        feedback.pushInfo(self.tr("Reading grids…"))
        # read cases first (local) to know the working CRS
        cases = None
        if not in_db:
            fields = filter_fields(classes, states, start, end) + ["kind", "case_code"]
            if assign == 1 or period != "all":
                fields += ["grid_code", "reported_at"]
            if by_class:
                fields += ["class_code"]
            cases = read_cases(
                self,
                parameters,
                self.CASES,
                context,
                feedback,
                fields,
                projected_message=self.tr("{layer} is in {crs}: distances are computed in {work}."),
            )
            metric_crs = cases["crs"]
        fast = read_ogr_geometries(self, parameters, self.GRIDS, context, [code_field, hh_field], metric_crs)
        if fast is not None:
            ids, geoms, attrs = fast
        else:
            ids, geoms, attrs = read_source(grids_src, metric_crs, context, feedback, attributes=[code_field, hh_field])
        if feedback.isCanceled():
            return {}
        n = len(geoms)
        codes = (
            [str(c) if c not in (None, "") else None for c in attrs.get(code_field, [None] * n)]
            if code_field
            else [str(i) for i in ids]
        )
        try:
            core.check_grids(codes, grids_name, ids)
        except InputError as error:
            raise QgsProcessingException(str(error)) from None
        households = None
        if hh_field:
            households = np.array([np.nan if v is None else float(v) for v in attrs[hh_field]], dtype=float)
            missing_hh = int((~np.isfinite(households) | (households <= 0)).sum())
            if missing_hh:
                feedback.pushWarning(
                    self.tr("{n} grids have no households: their rate per 1,000 households is left empty.").format(
                        n=missing_hh
                    )
                )
        bad_geom = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        if bad_geom.any():
            first = int(np.flatnonzero(bad_geom)[0])
            raise QgsProcessingException(
                self.tr("{layer}: feature {fid} has no geometry.").format(layer=grids_name, fid=ids[first])
            )
        geoms = shapely.make_valid(geoms)
        area = shapely.area(geoms)

        # ---- counts per grid (and period) ----
        if in_db:
            table, unassigned, total = self._db_counts(
                parameters,
                cases_layer,
                geoms,
                codes,
                metric_crs,
                context,
                assign,
                classes,
                states,
                start,
                end,
                period,
                feedback,
            )
        else:
            table, unassigned, total = self._local_counts(
                cases, geoms, codes, assign, classes, states, start, end, period, feedback
            )
        if table is None:
            return {}
        if total == 0:
            raise QgsProcessingException(
                self.tr("{layer}: no case matches the filters (empty selection or time window without cases).").format(
                    layer=self._cases_name(parameters, cases_layer)
                )
            )
        feedback.pushInfo(
            self.tr("{total} cases counted, {inside} in grids.").format(total=total, inside=total - unassigned)
        )
        if unassigned:
            feedback.pushWarning(
                self.tr("{n} cases lie outside every grid: counted as unassigned.").format(n=unassigned)
            )

        # ---- weights ----
        weights, islands = core.neighbour_weights(geoms, by_distance, band)
        if islands:
            feedback.pushWarning(self.tr("{n} grids have no neighbour: they get no Gi* value.").format(n=islands))

        progress = self.progress(feedback)
        groups = [(None, table)] if not by_class else self._class_tables
        if by_class:
            feedback.pushInfo(
                self.tr("{n} case classes: {codes}.").format(
                    n=len(groups),
                    codes=", ".join(c or "NULL" for c, _ in groups[:20]) + ("…" if len(groups) > 20 else ""),
                )
            )
        to_src = QgsCoordinateTransform(metric_crs, grids_src.sourceCrs(), context.transformContext())
        qgeoms = []
        for wkb in shapely.to_wkb(geoms):
            qgeom = QgsGeometry()
            qgeom.fromWkb(wkb)
            if not to_src.isShortCircuited():
                qgeom.transform(to_src)
            qgeoms.append(qgeom)
        sink, dest = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            output_fields(by_class=by_class),
            QgsWkbTypes.multiType(grids_src.wkbType()),
            grids_src.sourceCrs(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        slice_sink = slice_dest = None
        if want_slices:
            if period == "all":
                feedback.pushWarning(self.tr("Time slices need a period (week, month, quarter or year)."))
            slice_sink, slice_dest = self.parameterAsSink(
                parameters,
                self.OUTPUT_SLICES,
                context,
                output_fields(slices=True, by_class=by_class),
                QgsWkbTypes.multiType(grids_src.wkbType()),
                grids_src.sourceCrs(),
            )
        n_hot = n_cold = n_periods = 0
        share = 1.0 / max(1, len(groups))
        for g, (class_code, group_table) in enumerate(groups):
            span = progress.span(0.5 + 0.5 * g * share, 0.5 + 0.5 * (g + 1) * share)
            count, parts, events = counts.grid_sums(group_table, n)
            stats = self.run_core(
                core.grid_statistics,
                count,
                weights,
                households,
                area,
                value,
                permutations,
                seed,
                fdr,
                span.span(0.0, 0.6),
                smoothing=smoothing,
                min_households=min_households,
                budget=work_budget(),
                layer=grids_src.sourceName(),
            )
            if stats is None:
                return {}
            hot = int((stats["hotspot_class"] > 0).sum())
            cold = int((stats["hotspot_class"] < 0).sum())
            n_hot += hot
            n_cold += cold
            if by_class:
                feedback.pushInfo(
                    self.tr("Class {code}: {hot} hot-spot grids and {cold} cold-spot grids.").format(
                        code=class_code or "NULL", hot=hot, cold=cold
                    )
                )
            for i in range(n):
                sink.addFeature(
                    self._feature(
                        qgeoms[i],
                        codes[i],
                        households,
                        area,
                        i,
                        stats,
                        parts,
                        events,
                        class_code=(by_class, class_code),
                    ),
                    QgsFeatureSink.Flag.FastInsert,
                )
            if slice_sink is None:
                continue
            periods = sorted(group_table["period_start"].dropna().unique()) if period != "all" else []
            n_periods = max(n_periods, len(periods))
            for k, pstart in enumerate(periods):
                part = group_table[group_table["period_start"] == pstart]
                c, pp, ee = counts.grid_sums(part, n)
                st = self.run_core(
                    core.grid_statistics,
                    c,
                    weights,
                    households,
                    area,
                    value,
                    permutations,
                    None if seed is None else seed + k + 1,
                    fdr,
                    smoothing=smoothing,
                    min_households=min_households,
                )
                if st is None:
                    return {}
                pend = part["period_end"].iloc[0]
                for i in range(n):
                    f = self._feature(
                        qgeoms[i],
                        codes[i],
                        households,
                        area,
                        i,
                        st,
                        pp,
                        ee,
                        slices=(pstart, pend),
                        zone=zone,
                        class_code=(by_class, class_code),
                    )
                    slice_sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
                if feedback.isCanceled():
                    return {}
                feedback.setProgress(100.0 * (0.5 + 0.5 * share * (g + 0.6 + 0.4 * (k + 1) / max(1, len(periods)))))
        if not by_class:
            feedback.pushInfo(
                self.tr("{hot} hot-spot grids and {cold} cold-spot grids.").format(hot=n_hot, cold=n_cold)
            )
        results = {
            self.OUTPUT: dest,
            "UNASSIGNED": unassigned,
            "TOTAL_CASES": total,
            "HOT_SPOTS": n_hot,
            "COLD_SPOTS": n_cold,
            "CLASSES": len(groups) if by_class else 0,
        }
        CategoryLabelStyleLoader.attach(
            context, dest, "hotspots.qml", self.tr("Grid case statistics"), self.hotspot_labels()
        )
        if slice_sink is not None:
            results[self.OUTPUT_SLICES] = slice_dest
            results["PERIODS"] = n_periods
            TemporalCategoryLabelStyleLoader.attach(
                context, slice_dest, "hotspots.qml", self.tr("Grid case statistics by period"), self.hotspot_labels()
            )
        feedback.setProgress(100)
        return results

    def hotspot_labels(self):
        """Legend labels in the UI language (shared with the evaluation report: styles.hotspot_labels)."""
        return hotspot_labels()

    # ------------------------------------------------------------------------------------------
    _FIELDS = {}

    @classmethod
    def _feature(
        cls, geom, code, households, area, i, stats, parts, events, slices=None, zone=None, class_code=(False, None)
    ):
        by_class, class_value = class_code
        key = (slices is not None, by_class)
        if key not in cls._FIELDS:
            cls._FIELDS[key] = output_fields(*key)
        f = QgsFeature(cls._FIELDS[key])
        f.setGeometry(geom)
        attrs = [code]
        if by_class:
            attrs.append(class_value)
        if slices is not None:
            attrs += [local_qdatetime(slices[0], zone), local_qdatetime(slices[1], zone)]
        attrs += [
            finite_number(households[i], 3) if households is not None else None,
            finite_number(area[i] / 1e6, 6),
            int(stats["n_cases"][i]),
            int(parts[i]),
            int(events[i]),
            finite_number(stats["rate_1000hh"][i], 4),
            finite_number(stats["rate_km2"][i], 4),
            finite_number(stats["rate_1000hh_eb"][i], 4),
            finite_number(stats["gi_z"][i], 6),
            finite_number(stats["gi_p"][i], 6),
            finite_number(stats["gi_p_fdr"][i], 6),
            int(stats["hotspot_class"][i]),
        ]
        f.setAttributes(attrs)
        return f

    def _cases_name(self, parameters, layer):
        return layer.name() if layer is not None else str(parameters.get(self.CASES))

    def _postgis(self, parameters, layer):
        if layer is None or layer.providerType() != "postgres":
            return False
        value = parameters.get(self.CASES)
        if isinstance(value, QgsProcessingFeatureSourceDefinition) and (
            value.selectedFeaturesOnly or value.featureLimit != -1
        ):
            return False
        return True

    def _local_counts(self, cases, geoms, codes, assign, classes, states, start, end, period, feedback):
        frame = cases["frame"]
        zone = self._zone
        keep = unique_cases(cases, feedback)
        if "reported_at" in frame.columns and (period != "all" or start is not None or end is not None):
            no_time = int((keep & frame["reported_at"].isna().to_numpy()).sum())
            if no_time:
                feedback.pushWarning(
                    self.tr(
                        "{layer}: {n} cases have no reported_at: they are left out of the time window and the time slices."
                    ).format(layer=cases["name"], n=no_time)
                )
        mask = self.run_core(filter_mask, frame, classes, states, start, end, layer=cases["name"], zone=zone)
        if mask is None:
            return None, 0, 0
        mask &= keep
        total = int(mask.sum())
        if assign == 0:
            ok = mask & np.isfinite(cases["x"])
            idx = np.full(len(frame), -1, dtype=np.int64)
            sub = self.run_core(
                core.assign_points,
                cases["x"][ok],
                cases["y"][ok],
                geoms,
                cases["name"],
                self.progress(feedback).span(0.2, 0.5),
            )
            if sub is None:
                return None, 0, 0
            idx[ok] = sub
        else:
            if "grid_code" not in frame.columns:
                raise QgsProcessingException(
                    self.tr("{layer}: there is no field grid_code.").format(layer=cases["name"])
                )
            lookup = {c: i for i, c in enumerate(codes)}
            idx = np.array(
                [lookup.get(str(c), -1) if c is not None else -1 for c in frame["grid_code"]], dtype=np.int64
            )
        table = counts.count_cases(
            idx,
            mask,
            frame["reported_at"] if period != "all" else None,
            frame["kind"] if "kind" in frame.columns else None,
            period,
            zone,
        )
        table, unassigned, _ = counts.split_unassigned(table)
        self._class_tables = None
        if self._by_class:
            if "class_code" not in frame.columns:
                raise QgsProcessingException(
                    self.tr("{layer}: there is no field class_code: results per class need it.").format(
                        layer=cases["name"]
                    )
                )
            class_codes = frame["class_code"].astype("string").str.strip().fillna("")
            present = sorted(set(class_codes[mask].tolist()))
            no_class = int((mask & (class_codes == "").to_numpy()).sum())
            if no_class:
                feedback.pushWarning(
                    self.tr("{layer}: {n} cases have no class_code: their results have an empty class_code.").format(
                        layer=cases["name"], n=no_class
                    )
                )
            self._class_tables = []
            for code in present:
                sub = mask & (class_codes == code).to_numpy()
                part = counts.count_cases(
                    idx,
                    sub,
                    frame["reported_at"] if period != "all" else None,
                    frame["kind"] if "kind" in frame.columns else None,
                    period,
                    zone,
                )
                self._class_tables.append((code or None, counts.split_unassigned(part)[0]))
        return table, unassigned, total

    def _db_counts(
        self,
        parameters,
        layer,
        geoms,
        codes,
        metric_crs,
        context,
        assign,
        classes,
        states,
        start,
        end,
        period,
        feedback,
    ):
        uri = QgsDataSourceUri(layer.source())
        source = uri.table() if uri.table().startswith("(") else hotspot_sql.table_sql(uri.schema(), uri.table())
        names = [f.name() for f in layer.fields()]
        zone = self._zone
        idx = layer.fields().lookupField("reported_at")
        aware = idx < 0 or "tz" in layer.fields().at(idx).typeName().lower()
        subset = layer.subsetString() or uri.sql()
        md = QgsProviderRegistry.instance().providerMetadata("postgres")
        conn = md.createConnection(layer.source(), {})
        if "case_code" in names or idx >= 0:
            self._db_quality(conn, layer, source, subset, "case_code" in names, idx >= 0, period, start, end, feedback)
        key_col = uri.keyColumn() if uri.keyColumn() in names else ""
        if "case_code" in names:  # every case code once, as the Python path does
            source = hotspot_sql.distinct_cases_sql(source, subset, key_col)
            subset, key_col = "", "gm_case_key"
        where = hotspot_sql.where_sql(subset, classes, states, start, end, zone=zone, aware=aware)
        has_kind = "kind" in names
        if assign == 0:
            to_db = QgsCoordinateTransform(metric_crs, layer.crs(), context.transformContext())
            hexes = [to_qgs(g, to_db).asWkb().toHex().data().decode() for g in geoms]
            srid = layer.crs().postgisSrid()
            sql = hotspot_sql.counts_by_location_sql(
                source,
                uri.geometryColumn(),
                key_col,
                srid,
                hexes,
                where,
                period,
                has_kind=has_kind,
                zone=zone,
                aware=aware,
            )
        else:
            sql = hotspot_sql.counts_by_code_sql(source, where, period, has_kind=has_kind, zone=zone, aware=aware)
        feedback.pushInfo(self.tr("Counting the cases in the database…"))
        try:
            rows = conn.executeSql(sql, feedback)
        except Exception as error:  # QgsProviderConnectionException
            raise QgsProcessingException(
                self.tr("{layer}: the database could not count the cases: {error}").format(
                    layer=layer.name(), error=str(error)
                )
            ) from None
        rows = [[to_python(v) for v in row] for row in rows]
        if assign == 1:
            lookup = {c: i for i, c in enumerate(codes)}
            rows = [[lookup.get(str(r[0]), -1) if r[0] is not None else -1] + r[1:] for r in rows]
        return counts.split_unassigned(counts.count_table(rows, period))

    def _db_quality(self, conn, layer, source, subset, has_code, has_time, period, start, end, feedback):
        """Repeated case codes and cases without reported_at, counted by the database and reported."""
        sql = hotspot_sql.case_quality_sql(source, subset, has_code=has_code, has_time=has_time)
        try:
            row = [to_python(v) for v in conn.executeSql(sql, feedback)[0]]
        except Exception as error:  # QgsProviderConnectionException
            raise QgsProcessingException(
                self.tr("{layer}: the database could not count the cases: {error}").format(
                    layer=layer.name(), error=str(error)
                )
            ) from None
        repeated, no_time = int(row[1] or 0), int(row[2] or 0)
        if repeated:
            feedback.pushWarning(
                self.tr(
                    "{layer}: {n} cases repeat a case_code already read (e.g. {codes}): each code is counted once."
                ).format(layer=layer.name(), n=repeated, codes=row[3] or "")
            )
        if no_time and (period != "all" or start is not None or end is not None):
            feedback.pushWarning(
                self.tr(
                    "{layer}: {n} cases have no reported_at: they are left out of the time window and the time slices."
                ).format(layer=layer.name(), n=no_time)
            )
