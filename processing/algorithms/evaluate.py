"""gridmanager:evaluate — 综合评价 / Evaluate grids, communities, streets and departments."""

import os

import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.cases import evaluation as core
from ...grid_manager.cases import report as review
from ...grid_manager.cases.hotspots import assign_points
from ...grid_manager.common.errors import InputError
from .base import STYLES, GridManagerAlgorithm, StyleLoader
from .case_layers import (
    CASE_FIELDS,
    add_filter_parameters,
    add_time_zone_parameter,
    finite_number,
    local_qdatetime,
    qdatetime_local,
    read_cases,
    read_filters,
    read_time_zone,
    unique_cases,
)
from .choices import Choices
from .layers import read_source, to_qgs
from .styles import TemporalStyleLoader, hotspot_labels, legend_entries, pattern_labels, relabel, render_png

INT_COLUMNS = core.COUNTS
FLOAT_COLUMNS = ("handling_hours",) + core.RATES + ("score",)


def table_fields(with_period):
    fields = QgsFields()
    fields.append(QgsField("unit", QVariant.Type.String, len=20))
    fields.append(QgsField("unit_code", QVariant.Type.String, len=40))
    if with_period:
        fields.append(QgsField("period_start", QVariant.Type.DateTime))
        fields.append(QgsField("period_end", QVariant.Type.DateTime))
    for name in INT_COLUMNS:
        fields.append(QgsField(name, QVariant.Type.Int))
    for name in FLOAT_COLUMNS:
        fields.append(QgsField(name, QVariant.Type.Double))
    fields.append(QgsField("level", QVariant.Type.Int))
    fields.append(QgsField("level_name", QVariant.Type.String, len=20))
    return fields


class EvaluateAlgorithm(GridManagerAlgorithm):
    CASES = "CASES"
    GRIDS = "GRIDS"
    GRID_CODE_FIELD = "GRID_CODE_FIELD"
    UNIT = "UNIT"
    PERIOD = "PERIOD"
    AS_OF = "AS_OF"
    CLASS_FILTER = "CLASS_FILTER"
    STATE_FILTER = "STATE_FILTER"
    START = "START"
    END = "END"
    TIME_ZONE = "TIME_ZONE"
    WEIGHTS = "WEIGHTS"
    LEVELS = "LEVELS"
    OUTPUT = "OUTPUT"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    REPORT = "REPORT"
    HOTSPOTS = "HOTSPOTS"
    EMERGING = "EMERGING"

    def name(self):
        return "evaluate"

    def displayName(self):
        return self.tr("Evaluate grids and departments")

    def group(self):
        return self.tr("Cases")

    def groupId(self):
        return "cases"

    def tags(self):
        return self.tr("evaluation,综合评价,考核,score,立案率,按期处置率,结案率,返工率,department").split(",")

    def shortHelpString(self):
        return self.tr(
            "Case-handling indicators (综合评价) per grid, community, street or department and period, a "
            "composite score and a five-level class, as a styled choropleth and a table.\n\n"
            "A case belongs to the period of its reported_at (weeks Monday–Sunday, months, quarters, years in "
            "the time zone). Evaluation time (AS_OF, default: the latest time in the data): every count is "
            "taken as the records stood at that moment — cases reported later are not counted, steps taken "
            "later (registration, dispatch, handling, closing, cancelling) have not happened yet, and overdue "
            "is measured to AS_OF. rework_count, extension_count and returned_count have no time and count as "
            "exported.\n"
            "Counts: reported = reported cases except cancelled ones; registered = reported and registered "
            "(a case with a later step counts as registered); dispatched = registered and dispatched; returned "
            "= dispatched with returned_count > 0; due (应处置) = registered whose deadline had passed, or "
            "handled; on time = due and handled no later than the deadline; handled = due and handled; overdue "
            "= due and not handled by the deadline; due for closing (应结案) = registered whose deadline had "
            "passed, or closed; closed = due for closing and closed; closed on time = closed no later than the "
            "deadline; rework = due for closing with rework_count > 0; extended = registered with "
            "extension_count > 0.\n"
            "立案率 = registered / reported. 派遣准确率 = (dispatched − returned) / dispatched (only when the "
            "layer has returned_count). 按期处置率 = on time / due. 处置率 = handled / due. 按期结案率 = closed on "
            "time / due for closing. 结案率 = closed / due for closing. 返工率 = rework / due for closing. "
            "延期率 = extended / registered. 超期率 = overdue / due. Mean handling hours = mean of handled_at − "
            "dispatched_at (calendar hours). A rate with a zero denominator is empty.\n"
            "Score = weighted mean of the available indicator scores (100 × rate; 100 × (1 − rate) for 返工率, "
            "延期率 and 超期率). Weights (WEIGHTS): 'indicator weight' pairs separated by commas, by field name or "
            "Chinese name, e.g. ontime_rate 30, handling_rate 20, closing_rate 20, rework_rate 15, "
            "extension_rate 15 (the default). Levels (LEVELS): four decreasing thresholds, default 90,80,70,60: "
            "1 excellent ≥ 90, 2 good ≥ 80, 3 fair ≥ 70, 4 poor ≥ 60, 5 very poor below. Grids of the map "
            "without any case are shown as 'no score'.\n"
            "Time zone: times without a zone are local times in TIME_ZONE (default Asia/Shanghai); times with a "
            "zone are converted; AS_OF, the reporting window and the periods are local times there.\n"
            "Cases sharing a case_code are counted once (the first feature) and reported; cases without "
            "reported_at are reported and left out. Without a grid_code field the cases are put in the grid "
            "polygon containing them (needs the grid layer).\n"
            "Community and street codes come from the case fields or the first 12 / 9 digits of the grid "
            "code. The map needs the grid layer (communities and streets are dissolved from their grids); "
            "departments have no geometry and get the table only. With a period the map holds one feature "
            "per unit and period, ready for the temporal controller.\n"
            "Review report (REPORT, optional): an HTML page in the UI language with the indicators of all "
            "units together per period (rates recomputed from the summed counts), the score and level, and "
            "the 10 grids and 10 departments with the most cases reported in the window (with their on-time, "
            "closing and overdue rates, score and level), and maps drawn with the layers' styles and legends: "
            "the grade map of the whole window (needs the grid layer; units without cases are shown as no "
            "score), and, when given, the hot and cold spots (HOTSPOTS: a layer written by Grid case "
            "statistics, field hotspot_class) and the emerging hot spots (EMERGING: a layer written by "
            "Emerging hot spots, field ehs_pattern); of a layer by period, the latest period is drawn. The "
            "maps are embedded in the page as PNG images."
        )

    def initAlgorithm(self, config=None):
        self.unit_choices = Choices(
            (
                ("grid", self.tr("Grids")),
                ("community", self.tr("Communities")),
                ("street", self.tr("Streets")),
                ("department", self.tr("Departments")),
            ),
            of=core.UNITS,
        )
        self.period_choices = Choices(
            (
                ("all", self.tr("Whole time window")),
                ("week", self.tr("Week")),
                ("month", self.tr("Month")),
                ("quarter", self.tr("Quarter")),
                ("year", self.tr("Year")),
            ),
            of=core.PERIODS,
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.CASES, self.tr("Cases"), [QgsProcessing.SourceType.TypeVector])
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.GRIDS, self.tr("Grids (for the map)"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.GRID_CODE_FIELD, self.tr("Grid code field"), "grid_code", self.GRIDS, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.UNIT,
                self.tr("Evaluate"),
                options=self.unit_choices.labels,
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PERIOD,
                self.tr("Period"),
                options=self.period_choices.labels,
                defaultValue=0,
            )
        )
        self.addParameter(QgsProcessingParameterDateTime(self.AS_OF, self.tr("Evaluation time (as of)"), optional=True))
        add_filter_parameters(
            self,
            self.tr("Case classes (codes or prefixes, comma-separated)"),
            self.tr("Case states"),
            self.tr("Reported from (inclusive)"),
            self.tr("Reported before (exclusive)"),
        )
        add_time_zone_parameter(self, self.tr("Time zone of the case times"))
        weights = QgsProcessingParameterString(
            self.WEIGHTS,
            self.tr("Score weights (indicator weight, …)"),
            "ontime_rate 30, handling_rate 20, closing_rate 20, rework_rate 15, extension_rate 15",
            optional=True,
        )
        weights.setFlags(weights.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(weights)
        levels = QgsProcessingParameterString(
            self.LEVELS, self.tr("Level thresholds (levels 1–4)"), "90, 80, 70, 60", optional=True
        )
        levels.setFlags(levels.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(levels)
        for key, label in (
            (self.HOTSPOTS, self.tr("Hot spot layer for the report (output of Grid case statistics, optional)")),
            (self.EMERGING, self.tr("Emerging hot spot layer for the report (output of Emerging hot spots, optional)")),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSource(
                    key, label, [QgsProcessing.SourceType.TypeVectorPolygon], optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Evaluation map"), QgsProcessing.SourceType.TypeVectorPolygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_TABLE, self.tr("Evaluation table"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT,
                self.tr("Review report (HTML)"),
                self.tr("HTML files (*.html)"),
                optional=True,
                createByDefault=False,
            )
        )

    def processAlgorithm(self, parameters, context, feedback):
        unit = self.unit_choices.value(self.parameterAsEnum(parameters, self.UNIT, context))
        period = self.period_choices.value(self.parameterAsEnum(parameters, self.PERIOD, context))
        zone = read_time_zone(self, parameters, context)
        as_of = (
            qdatetime_local(self.parameterAsDateTime(parameters, self.AS_OF, context), zone)
            if parameters.get(self.AS_OF) not in (None, "")
            else None
        )
        weights = self.run_core(core.parse_weights, self.parameterAsString(parameters, self.WEIGHTS, context))
        thresholds = self.run_core(core.parse_levels, self.parameterAsString(parameters, self.LEVELS, context))
        if weights is None or thresholds is None:
            return {}
        classes, states, start, end = read_filters(self, parameters, context, zone)
        cases = read_cases(
            self,
            parameters,
            self.CASES,
            context,
            feedback,
            list(CASE_FIELDS) + ["cancelled_at"],
            metric=False,
            projected_message=self.tr("{layer} is in {crs}: distances are computed in {work}."),
        )
        if feedback.isCanceled():
            return {}
        frame = cases["frame"]
        keep = unique_cases(cases, feedback)
        mask = self.run_core(core.filter_mask, frame, classes, states, None, None, layer=cases["name"], zone=zone)
        if mask is None:
            return {}
        frame = frame[mask & keep]
        grid_units = None
        no_grid_codes = "grid_code" not in frame.columns or (
            frame["grid_code"].astype("string").str.strip().fillna("").eq("").all()
        )
        if unit != "department" and len(frame) and no_grid_codes:
            frame = self._assign_grids(parameters, context, feedback, cases, frame, mask & keep)
            if frame is None:
                return {}
        if unit != "department" and parameters.get(self.GRIDS) not in (None, ""):
            grid_units = self._grid_codes(parameters, context, unit)
        info = {}
        result = self.run_core(
            core.evaluate,
            frame,
            unit,
            period,
            as_of,
            start,
            end,
            weights,
            layer=cases["name"],
            zone=zone,
            thresholds=thresholds,
            all_units=grid_units,
            info=info,
        )
        if result is None:
            return {}
        table, missing = result
        if info.get("no_report_time"):
            feedback.pushWarning(
                self.tr("{layer}: {n} cases have no reported_at: left out of the evaluation.").format(
                    layer=cases["name"], n=info["no_report_time"]
                )
            )
        if info.get("after_as_of"):
            feedback.pushInfo(
                self.tr("{n} cases were reported after the evaluation time {as_of}: not counted.").format(
                    n=info["after_as_of"], as_of=info["as_of"].strftime("%Y-%m-%d %H:%M")
                )
            )
        if missing:
            feedback.pushWarning(
                self.tr("{n} cases have no {field}: left out of the evaluation.").format(
                    n=missing, field=core.UNIT_FIELDS[unit]
                )
            )
        feedback.pushInfo(self.tr("{n} units evaluated.").format(n=table["unit_code"].nunique()))
        feedback.setProgress(60)
        names = core.level_names()
        names[None] = self.tr("No score")
        with_period = period != "all"

        sink, table_dest = self.parameterAsSink(
            parameters,
            self.OUTPUT_TABLE,
            context,
            table_fields(with_period),
            QgsWkbTypes.Type.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_TABLE))
        for row in table.itertuples(index=False):
            f = QgsFeature(table_fields(with_period))
            f.setAttributes(self._attributes(unit, row, with_period, names, zone))
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        results = {
            self.OUTPUT_TABLE: table_dest,
            "UNITS": int(table["unit_code"].nunique()),
            "UNASSIGNED": missing,
            "DUPLICATES": int((~keep).sum()),
            "NO_REPORT_TIME": info.get("no_report_time", 0),
        }

        if parameters.get(self.OUTPUT) not in (None, ""):
            geometry = self._unit_geometries(parameters, context, feedback, unit)
            if geometry is not None:
                geoms, crs, wkb_type = geometry
                map_sink, map_dest = self.parameterAsSink(
                    parameters, self.OUTPUT, context, table_fields(with_period), wkb_type, crs
                )
                absent = 0
                for row in table.itertuples(index=False):
                    geom = geoms.get(str(row.unit_code))
                    if geom is None:
                        absent += 1
                        continue
                    f = QgsFeature(table_fields(with_period))
                    f.setGeometry(geom)
                    f.setAttributes(self._attributes(unit, row, with_period, names, zone))
                    map_sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
                if absent:
                    feedback.pushWarning(
                        self.tr("{n} evaluated units have no grid polygon and are only in the table.").format(n=absent)
                    )
                results[self.OUTPUT] = map_dest
                attach_evaluation_style(
                    context, map_dest, self.tr("Evaluation"), self.level_labels(thresholds, names), with_period
                )
        if parameters.get(self.REPORT) not in (None, ""):
            path = self.parameterAsFileOutput(parameters, self.REPORT, context)
            maps, map_notes = self._report_maps(
                parameters, context, feedback, frame, unit, table, (as_of, start, end), weights, thresholds, cases, zone
            )
            self._write_report(
                path,
                frame,
                unit,
                table,
                as_of,
                start,
                end,
                weights,
                thresholds,
                cases["name"],
                zone,
                names,
                info,
                maps=maps,
                map_notes=map_notes,
            )
            results[self.REPORT] = path
        feedback.setProgress(100)
        return results

    def _report_maps(self, parameters, context, feedback, frame, unit, table, window, weights, thresholds, cases, zone):
        """The maps of the review: the grade map of the whole window (grids, communities or streets drawn
        from the grid layer) and the hot spot / emerging hot spot layers given, each styled as its algorithm
        styles it (legend in the UI language), rendered to PNG.  Returns ``(maps, notes)``."""
        from qgis.core import QgsFeatureRequest, QgsVectorLayer

        maps, notes = [], []
        names = core.level_names()
        names[None] = self.tr("No score")
        if unit == "department":
            notes.append(self.tr("Departments have no geometry: the report has no grade map."))
        elif parameters.get(self.GRIDS) in (None, ""):
            notes.append(self.tr("No grid layer given: the report has no grade map."))
        else:
            geometry = self._unit_geometries(parameters, context, feedback, unit)
            if geometry is not None and geometry[0]:
                geoms, crs, _ = geometry
                whole = table
                if "period_start" in table.columns and table["period_start"].notna().any():
                    as_of, start, end = window
                    whole, _ = self.run_core(
                        core.evaluate,
                        frame,
                        unit,
                        "all",
                        as_of,
                        start,
                        end,
                        weights,
                        layer=cases["name"],
                        zone=zone,
                        thresholds=thresholds,
                        all_units=list(geoms),
                    )
                levels = dict(zip(whole["unit_code"].astype(str), whole["level"]))
                layer = QgsVectorLayer(
                    "MultiPolygon?field=unit_code:string(40)&field=level:integer", "grades", "memory"
                )
                layer.setCrs(crs)
                features = []
                for code, geom in geoms.items():
                    f = QgsFeature(layer.fields())
                    f.setGeometry(geom)
                    level = levels.get(code)
                    f.setAttributes([code, None if level is None or pd.isna(level) else int(level)])
                    features.append(f)
                layer.dataProvider().addFeatures(features)
                layer.updateExtents()
                layer.loadNamedStyle(os.path.join(STYLES, "evaluation.qml"))
                relabel_levels(layer, self.level_labels(thresholds, names))
                maps.append((self.tr("Grade map"), render_png(layer), legend_entries(layer), self.tr("Whole window")))
        for key, field, qml, labels, heading in (
            (self.HOTSPOTS, "hotspot_class", "hotspots.qml", hotspot_labels(), self.tr("Hot and cold spots (Gi*)")),
            (self.EMERGING, "ehs_pattern", "emerging_hotspots.qml", pattern_labels(), self.tr("Emerging hot spots")),
        ):
            if parameters.get(key) in (None, ""):
                continue
            source = self.parameterAsSource(parameters, key, context)
            if source is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, key))
            if source.fields().lookupField(field) < 0:
                notes.append(
                    self.tr("{layer} has no field {field}: its map is left out of the report.").format(
                        layer=source.sourceName(), field=field
                    )
                )
                continue
            layer = source.materialize(QgsFeatureRequest(), feedback)
            caption = source.sourceName()
            period_index = layer.fields().lookupField("period_start")
            if period_index >= 0:
                # a layer by period: the latest period
                latest = layer.maximumValue(period_index)
                drop = [f.id() for f in layer.getFeatures() if f["period_start"] != latest]
                layer.dataProvider().deleteFeatures(drop)
                layer.updateExtents()
                if hasattr(latest, "toString"):
                    caption = self.tr("{layer}, period starting {start}").format(
                        layer=caption, start=latest.toString("yyyy-MM-dd")
                    )
            if layer.featureCount() == 0:
                notes.append(
                    self.tr("{layer} has no features: its map is left out of the report.").format(layer=caption)
                )
                continue
            layer.loadNamedStyle(os.path.join(STYLES, qml))
            relabel(layer, labels)
            maps.append((heading, render_png(layer), legend_entries(layer), caption))
        return maps, notes

    def _write_report(
        self,
        path,
        frame,
        unit,
        table,
        as_of,
        start,
        end,
        weights,
        thresholds,
        name,
        zone,
        names,
        info,
        maps=(),
        map_notes=(),
    ):
        """The HTML review: KPIs of all units per period, the maps, the top-10 grids and departments of the
        window."""
        notes = list(map_notes)
        tops = {}
        for top_unit, field in (("grid", "grid_code"), ("department", "department")):
            if unit == top_unit and not (table["period_start"].notna().any() if "period_start" in table else False):
                tops[top_unit] = review.top(table)
                continue
            if field not in frame.columns:
                notes.append(self.tr("{layer}: there is no field {field}.").format(layer=name, field=field))
                tops[top_unit] = None
                continue
            try:
                whole, _ = core.evaluate(
                    frame, top_unit, "all", as_of, start, end, weights, layer=name, zone=zone, thresholds=thresholds
                )
            except InputError as error:
                notes.append(str(error))
                tops[top_unit] = None
                continue
            tops[top_unit] = review.top(whole)
        kpis = review.totals(table, weights, thresholds)
        window = [
            self.tr("Cases: {layer}").format(layer=name),
            self.tr("evaluated as of {as_of}").format(as_of=info["as_of"].strftime("%Y-%m-%d %H:%M"))
            if info.get("as_of") is not None
            else "",
            self.tr("reported from {start}").format(start=pd.Timestamp(start).strftime("%Y-%m-%d %H:%M"))
            if start is not None
            else "",
            self.tr("reported before {end}").format(end=pd.Timestamp(end).strftime("%Y-%m-%d %H:%M"))
            if end is not None
            else "",
            self.tr("time zone {zone}").format(zone=zone),
        ]
        text = review.review_html(
            self.tr("Case handling review"),
            " · ".join(w for w in window if w),
            kpis,
            tops["grid"],
            tops["department"],
            names,
            notes,
            maps=maps,
        )
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise QgsProcessingException(
                self.tr("The report {path} cannot be written: {error}").format(path=path, error=error.strerror)
            ) from None

    def level_labels(self, thresholds, names):
        """Legend labels of the five levels for the thresholds in use, in the UI language."""
        a, b, c, d = (f"{t:g}" for t in thresholds)
        return {
            "1": self.tr("1 {name} (≥ {low})").format(name=names[1], low=a),
            "2": self.tr("2 {name} ({low}–{high})").format(name=names[2], low=b, high=a),
            "3": self.tr("3 {name} ({low}–{high})").format(name=names[3], low=c, high=b),
            "4": self.tr("4 {name} ({low}–{high})").format(name=names[4], low=d, high=c),
            "5": self.tr("5 {name} (< {high})").format(name=names[5], high=d),
            "": names[None],
        }

    @staticmethod
    def _attributes(unit, row, with_period, names, zone):
        attrs = [unit, str(row.unit_code)]
        if with_period:
            attrs += [local_qdatetime(row.period_start, zone), local_qdatetime(row.period_end, zone)]
        attrs += [int(getattr(row, c)) for c in INT_COLUMNS]
        attrs += [finite_number(getattr(row, c), 4) for c in FLOAT_COLUMNS]
        level = row.level
        attrs += [None if pd.isna(level) else int(level), names[None] if pd.isna(level) else names[int(level)]]
        return attrs

    def _grid_codes(self, parameters, context, unit):
        """Codes of every grid (or its community / street) of the grid layer: units without cases."""
        grids = self.parameterAsSource(parameters, self.GRIDS, context)
        code_field = self.parameterAsString(parameters, self.GRID_CODE_FIELD, context) or "grid_code"
        if grids is None or grids.fields().lookupField(code_field) < 0:
            return None
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes([code_field], grids.fields())
        codes = [f[code_field] for f in grids.getFeatures(request)]
        codes = pd.Series([None if c is None or c == "" else str(c) for c in codes], dtype="string").dropna()
        if unit == "community":
            codes = codes.str.slice(0, 12)
        elif unit == "street":
            codes = codes.str.slice(0, 9)
        return list(dict.fromkeys(codes.tolist()))

    def _assign_grids(self, parameters, context, feedback, cases, frame, selected):
        """Cases without a grid_code field: the grid polygon containing each case."""
        grids = self.parameterAsSource(parameters, self.GRIDS, context)
        if grids is None:
            raise QgsProcessingException(
                self.tr(
                    "{layer} has no grid_code values: give the grid layer (Grids) so that every case is put in "
                    "the grid containing it, or evaluate departments."
                ).format(layer=cases["name"])
            )
        code_field = self.parameterAsString(parameters, self.GRID_CODE_FIELD, context) or "grid_code"
        if grids.fields().lookupField(code_field) < 0:
            raise QgsProcessingException(self.tr("The grid layer has no field {field}.").format(field=code_field))
        ids, geoms, attrs = read_source(grids, cases["crs"], context, feedback, attributes=[code_field])
        x, y = cases["x"][selected], cases["y"][selected]
        ok = np.isfinite(x) & np.isfinite(y)
        idx = np.full(len(x), -1, dtype=np.int64)
        idx[ok] = assign_points(x[ok], y[ok], geoms)
        codes = np.array([None if c is None else str(c) for c in attrs[code_field]] + [None], dtype=object)
        out = frame.copy()
        out["grid_code"] = codes[idx]
        feedback.pushInfo(
            self.tr("{layer} has no grid_code: {n} of {total} cases put in the grid polygon containing them.").format(
                layer=cases["name"], n=int((idx >= 0).sum()), total=len(idx)
            )
        )
        return out

    def _unit_geometries(self, parameters, context, feedback, unit):
        """{unit code: QgsGeometry} from the grid layer (dissolved for communities and streets)."""
        if unit == "department":
            feedback.pushWarning(self.tr("Departments have no geometry: only the table is written."))
            return None
        grids = self.parameterAsSource(parameters, self.GRIDS, context)
        if grids is None:
            feedback.pushWarning(self.tr("No grid layer given: only the table is written."))
            return None
        code_field = self.parameterAsString(parameters, self.GRID_CODE_FIELD, context) or "grid_code"
        if grids.fields().lookupField(code_field) < 0:
            raise QgsProcessingException(self.tr("The grid layer has no field {field}.").format(field=code_field))
        crs = grids.sourceCrs()
        ids, geoms, attrs = read_source(grids, crs, context, feedback, attributes=[code_field])
        codes = pd.Series([None if c is None else str(c) for c in attrs[code_field]], dtype="string")
        if unit == "community":
            codes = codes.str.slice(0, 12)
        elif unit == "street":
            codes = codes.str.slice(0, 9)
        out = {}
        frame = pd.DataFrame({"code": codes, "i": np.arange(len(codes))}).dropna()
        for code, group in frame.groupby("code"):
            parts = geoms[group["i"].to_numpy()]
            parts = parts[~shapely.is_missing(parts)]
            if len(parts) == 0:
                continue
            geom = parts[0] if len(parts) == 1 else shapely.union_all(shapely.make_valid(parts))
            qgeom = to_qgs(geom)
            qgeom.convertToMultiType()
            out[str(code)] = qgeom
        return out, crs, QgsWkbTypes.Type.MultiPolygon


def relabel_levels(layer, labels):
    """Set the legend labels of evaluation.qml's level categories (``labels``: value text -> label,
    ``""`` for the no-score category)."""
    from qgis.core import QgsCategorizedSymbolRenderer

    renderer = layer.renderer() if layer is not None else None
    if not isinstance(renderer, QgsCategorizedSymbolRenderer):
        return
    for i, category in enumerate(renderer.categories()):
        value = category.value()
        key = "" if value is None or str(value) in ("", "NULL") else str(value)
        if key in labels:
            renderer.updateCategoryLabel(i, labels[key])


def attach_evaluation_style(context, layer_id, name, labels, temporal):
    """evaluation.qml (with the temporal properties for periods) and legend labels for the thresholds."""
    base = TemporalStyleLoader if temporal else StyleLoader

    class EvaluationStyleLoader(base):
        def postProcessLayer(self, layer, context, feedback):
            super().postProcessLayer(layer, context, feedback)
            relabel_levels(layer, labels)

    EvaluationStyleLoader.attach(context, layer_id, "evaluation.qml", name)
