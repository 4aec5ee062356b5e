"""gridmanager:evaluate — 综合评价 / Evaluate grids, communities, streets and departments."""

import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.cases import evaluation as core
from .base import GridManagerAlgorithm, StyleLoader
from .case_layers import (
    CASE_FIELDS,
    add_filter_parameters,
    finite_number,
    qdatetime_utc,
    read_cases,
    read_filters,
    utc_qdatetime,
)
from .layers import read_source, to_qgs
from .styles import TemporalStyleLoader

INT_COLUMNS = core.COUNTS
FLOAT_COLUMNS = ("handling_hours",) + core.RATES + ("score",)


def table_fields(with_period):
    fields = QgsFields()
    fields.append(QgsField("unit", QVariant.String, len=20))
    fields.append(QgsField("unit_code", QVariant.String, len=40))
    if with_period:
        fields.append(QgsField("period_start", QVariant.DateTime))
        fields.append(QgsField("period_end", QVariant.DateTime))
    for name in INT_COLUMNS:
        fields.append(QgsField(name, QVariant.Int))
    for name in FLOAT_COLUMNS:
        fields.append(QgsField(name, QVariant.Double))
    fields.append(QgsField("level", QVariant.Int))
    fields.append(QgsField("level_name", QVariant.String, len=20))
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
    OUTPUT = "OUTPUT"
    OUTPUT_TABLE = "OUTPUT_TABLE"

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
            "A case belongs to the period of its reported_at; the evaluation time (as of) defaults to the "
            "latest timestamp in the data. Counts: reported = reported cases except cancelled ones; "
            "registered = reported with registered_at; due = registered whose deadline had passed at the "
            "evaluation time, or handled; on time = due and handled no later than the deadline; handled = "
            "due with handled_at; overdue = due not handled by the deadline; closed = registered with "
            "closed_at; due for closing = registered and handled or closed; rework = due for closing with "
            "rework_count > 0; extended = registered with extension_count > 0.\n"
            "立案率 registration rate = registered / reported. 按期处置率 on-time rate = on time / due. "
            "处置率 handling rate = handled / due. 结案率 closing rate = closed / registered. 返工率 rework "
            "rate = rework / due for closing. 延期率 extension rate = extended / registered. 超期率 overdue "
            "rate = overdue / due. Mean handling hours = mean of handled_at − dispatched_at. A rate with a "
            "zero denominator is empty.\n"
            "Score = weighted mean of the indicator scores (100 × rate; 100 × (1 − rate) for 返工率 and "
            "延期率): 按期处置率 30 %, 处置率 20 %, 结案率 20 %, 返工率 15 %, 延期率 15 %. Levels: 1 "
            "excellent ≥ 90, 2 good ≥ 80, 3 fair ≥ 70, 4 poor ≥ 60, 5 very poor < 60.\n"
            "Community and street codes come from the case fields or the first 12 / 9 digits of the grid "
            "code. The map needs the grid layer (communities and streets are dissolved from their grids); "
            "departments have no geometry and get the table only. With a period the map holds one feature "
            "per unit and period, ready for the temporal controller."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(self.CASES, self.tr("Cases"), [QgsProcessing.TypeVector]))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.GRIDS, self.tr("Grids (for the map)"), [QgsProcessing.TypeVectorPolygon], optional=True
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
                options=[
                    self.tr("Grids"),
                    self.tr("Communities"),
                    self.tr("Streets"),
                    self.tr("Departments"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PERIOD,
                self.tr("Period"),
                options=[
                    self.tr("Whole time window"),
                    self.tr("Week"),
                    self.tr("Month"),
                    self.tr("Quarter"),
                    self.tr("Year"),
                ],
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
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Evaluation map"), QgsProcessing.TypeVectorPolygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_TABLE, self.tr("Evaluation table"), QgsProcessing.TypeVector)
        )

    def processAlgorithm(self, parameters, context, feedback):
        unit = core.UNITS[self.parameterAsEnum(parameters, self.UNIT, context)]
        period = core.PERIODS[self.parameterAsEnum(parameters, self.PERIOD, context)]
        as_of = (
            qdatetime_utc(self.parameterAsDateTime(parameters, self.AS_OF, context))
            if parameters.get(self.AS_OF) not in (None, "")
            else None
        )
        classes, states, start, end = read_filters(self, parameters, context)
        cases = read_cases(
            self,
            parameters,
            self.CASES,
            context,
            feedback,
            list(CASE_FIELDS),
            metric=False,
            projected_message=self.tr("{layer} is in {crs}: distances are computed in {work}."),
        )
        if feedback.isCanceled():
            return {}
        frame = cases["frame"]
        mask = self.run_core(core.filter_mask, frame, classes, states, None, None, layer=cases["name"])
        if mask is None:
            return {}
        frame = frame[mask]
        result = self.run_core(core.evaluate, frame, unit, period, as_of, start, end, layer=cases["name"])
        if result is None:
            return {}
        table, missing = result
        if missing:
            feedback.pushWarning(
                self.tr("{n} cases have no {field}: left out of the evaluation.").format(
                    n=missing, field=core.UNIT_FIELDS[unit]
                )
            )
        feedback.pushInfo(self.tr("{n} units evaluated.").format(n=table["unit_code"].nunique()))
        feedback.setProgress(60)
        names = core.level_names()
        with_period = period != "all"

        sink, table_dest = self.parameterAsSink(
            parameters,
            self.OUTPUT_TABLE,
            context,
            table_fields(with_period),
            QgsWkbTypes.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_TABLE))
        for row in table.itertuples(index=False):
            f = QgsFeature(table_fields(with_period))
            f.setAttributes(self._attributes(unit, row, with_period, names))
            sink.addFeature(f, QgsFeatureSink.FastInsert)
        results = {
            self.OUTPUT_TABLE: table_dest,
            "UNITS": int(table["unit_code"].nunique()),
            "UNASSIGNED": missing,
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
                    f.setAttributes(self._attributes(unit, row, with_period, names))
                    map_sink.addFeature(f, QgsFeatureSink.FastInsert)
                if absent:
                    feedback.pushWarning(
                        self.tr("{n} evaluated units have no grid polygon and are only in the table.").format(n=absent)
                    )
                results[self.OUTPUT] = map_dest
                loader = TemporalStyleLoader if with_period else StyleLoader
                loader.attach(context, map_dest, "evaluation.qml", self.tr("Evaluation"))
        feedback.setProgress(100)
        return results

    @staticmethod
    def _attributes(unit, row, with_period, names):
        attrs = [unit, str(row.unit_code)]
        if with_period:
            attrs += [utc_qdatetime(row.period_start), utc_qdatetime(row.period_end)]
        attrs += [int(getattr(row, c)) for c in INT_COLUMNS]
        attrs += [finite_number(getattr(row, c), 4) for c in FLOAT_COLUMNS]
        level = row.level
        attrs += [None if pd.isna(level) else int(level), None if pd.isna(level) else names[int(level)]]
        return attrs

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
        return out, crs, QgsWkbTypes.MultiPolygon
