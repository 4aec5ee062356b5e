"""gridmanager:checkgrids — 网格质量检查 / Check grid quality."""

import html

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.grids import partition as engine
from ...grid_manager.grids.quality import PROBLEM_KINDS, check_grids, problem_labels
from .base import GridManagerAlgorithm
from .layers import read_source, to_qgs, working_crs
from .styles import CategorizedStyleLoader

# one colour per problem kind (PROBLEM_KINDS order): geometry reds, coverage blues, codes purples, balance ambers
PROBLEM_COLOURS = {
    "empty_geometry": "#67000d",
    "invalid_geometry": "#cb181d",
    "multipart": "#fb6a4a",
    "overlap": "#08519c",
    "gap": "#6baed6",
    "crosses_area": "#006d2c",
    "outside_areas": "#41ab5d",
    "duplicate_area": "#00441b",
    "overlapping_areas": "#a1d99b",
    "split_building": "#e7298a",
    "missing_code": "#54278f",
    "malformed_code": "#807dba",
    "duplicate_code": "#3f007d",
    "code_area_mismatch": "#bcbddc",
    "out_of_tolerance": "#fd8d3c",
    "low_compactness": "#fed976",
}


def problem_categories():
    """The legend of the problems layer: one category per kind, labelled in the UI language (called by the
    post-processor when the layer is loaded)."""
    labels = problem_labels()
    return [(kind, labels[kind], PROBLEM_COLOURS.get(kind, "#ff0000")) for kind in PROBLEM_KINDS]


class CheckGridsAlgorithm(GridManagerAlgorithm):
    GRIDS = "GRIDS"
    CODE_FIELD = "CODE_FIELD"
    AREAS = "AREAS"
    AREA_CODE_FIELD = "AREA_CODE_FIELD"
    BUILDINGS = "BUILDINGS"
    HOUSEHOLD_FIELD = "HOUSEHOLD_FIELD"
    BALANCE_BY = "BALANCE_BY"
    TARGET_AREA = "TARGET_AREA"
    TARGET_HOUSEHOLDS = "TARGET_HOUSEHOLDS"
    TOLERANCE = "TOLERANCE"
    MIN_COMPACTNESS = "MIN_COMPACTNESS"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    def name(self):
        return "checkgrids"

    def displayName(self):
        return self.tr("Check grid quality")

    def group(self):
        return self.tr("Grids")

    def groupId(self):
        return "grids"

    def tags(self):
        return self.tr("grid,网格,质量,检查,quality,check,gap,overlap,topology").split(",")

    def shortHelpString(self):
        return self.tr(
            "Checks any grid layer — generated or drawn by hand — and writes one feature per problem, with a "
            "summary.\n\n"
            "Problems found: empty_geometry (a grid with a NULL or empty geometry, named by its feature id), "
            "invalid_geometry, multipart (a grid in several pieces), overlap (area shared by two "
            "grids), gap (part of an area, or a hole between grids, covered by no grid), crosses_area (part of a "
            "grid outside the area it mostly lies in), outside_areas, duplicate_area and overlapping_areas "
            "(two features of the areas layer are the same area, or overlap: their grids would overlap), "
            "split_building (a building cut by a grid edge), missing_code, malformed_code (not 15 digits), "
            "duplicate_code, code_area_mismatch (the code does not start with the 12-digit code of its area), "
            "out_of_tolerance (area or households further from the target than the tolerance) and "
            "low_compactness (Polsby-Popper below the minimum).\n\n"
            "Areas, buildings and households are optional: checks that need them are skipped without them. "
            "Households of a building count for the grid holding most of it. Balance is checked by households "
            "when a household field is given, else by area, unless chosen otherwise. Each problem carries its "
            "key (problem) and its name in the language of the interface (problem_label)."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.GRIDS, self.tr("Grids"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.CODE_FIELD,
                self.tr("Grid code field"),
                defaultValue="grid_code",
                parentLayerParameterName=self.GRIDS,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.AREAS, self.tr("Areas (communities)"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.AREA_CODE_FIELD,
                self.tr("Area code field"),
                defaultValue="community_code",
                parentLayerParameterName=self.AREAS,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.BUILDINGS,
                self.tr("Buildings"),
                [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.HOUSEHOLD_FIELD,
                self.tr("Household field"),
                defaultValue="households",
                parentLayerParameterName=self.BUILDINGS,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.BALANCE_BY,
                self.tr("Check balance by"),
                options=[
                    self.tr("Area"),
                    self.tr("Households"),
                    self.tr("Area and households"),
                    self.tr("Do not check balance"),
                    self.tr("Households when a household field is given, else area"),
                ],
                defaultValue=4,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TARGET_AREA,
                self.tr("Target grid area (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=10000.0,
                minValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TARGET_HOUSEHOLDS,
                self.tr("Target households per grid"),
                QgsProcessingParameterNumber.Type.Integer,
                defaultValue=400,
                minValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOLERANCE,
                self.tr("Tolerance (%)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=10.0,
                minValue=0.5,
                maxValue=100.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_COMPACTNESS,
                self.tr("Minimum compactness (Polsby-Popper)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=0.2,
                minValue=0.0,
                maxValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Grid problems"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT, self.tr("Report"), self.tr("HTML files (*.html)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber("PROBLEM_COUNT", self.tr("Number of problems")))
        labels = problem_labels()
        for kind in PROBLEM_KINDS:
            self.addOutput(QgsProcessingOutputNumber(kind.upper(), labels[kind]))

    def processAlgorithm(self, parameters, context, feedback):
        grids = self.parameterAsSource(parameters, self.GRIDS, context)
        if grids is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.GRIDS))
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context)
        if code_field and grids.fields().indexOf(code_field) < 0:
            raise QgsProcessingException(
                self.tr("{layer}: there is no field '{field}' for the grid codes.").format(
                    layer=grids.sourceName(), field=code_field
                )
            )
        areas = self.parameterAsSource(parameters, self.AREAS, context)
        area_code_field = self.parameterAsString(parameters, self.AREA_CODE_FIELD, context)
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        hh_field = self.parameterAsString(parameters, self.HOUSEHOLD_FIELD, context)
        balance_by = self.parameterAsEnum(parameters, self.BALANCE_BY, context)
        if balance_by == 4:  # the default: what a partition balanced
            balance_by = 1 if buildings is not None and hh_field else 0
        if balance_by in (1, 2) and (buildings is None or not hh_field):
            raise QgsProcessingException(
                self.tr("Checking the household balance needs a buildings layer and its household field.")
            )
        crs = grids.sourceCrs()
        work = working_crs(crs, grids, context)
        progress = self.progress(feedback)

        feedback.setProgressText(self.tr("Reading grids…"))
        ids, geoms, values = read_source(grids, work, context, feedback, [code_field])
        if not ids:
            raise QgsProcessingException(
                self.tr("{layer}: the layer has no features.").format(layer=grids.sourceName())
            )
        codes = values[code_field] if code_field else [""] * len(ids)
        a_geoms = a_codes = a_ids = None
        if areas is not None:
            a_ids, a_geoms, a_values = read_source(areas, work, context, feedback, [area_code_field])
            if area_code_field:
                a_codes = ["" if v is None else str(v).strip() for v in a_values[area_code_field]]
        b_geoms = households = None
        if buildings is not None:
            b_ids, b_geoms, b_values = read_source(buildings, work, context, feedback, [hh_field])
            if hh_field:
                households = self.run_core(
                    engine.parse_households, b_values[hh_field], b_ids, hh_field, buildings.sourceName()
                )
        if feedback.isCanceled():
            return {}
        feedback.setProgressText(self.tr("Checking {n} grids…").format(n=len(ids)))
        found = self.run_core(
            check_grids,
            geoms,
            codes,
            ids,
            a_geoms,
            a_codes,
            b_geoms,
            households,
            None if balance_by == 3 else balance_by,
            self.parameterAsDouble(parameters, self.TARGET_AREA, context),
            self.parameterAsDouble(parameters, self.TARGET_HOUSEHOLDS, context),
            self.parameterAsDouble(parameters, self.TOLERANCE, context) / 100.0,
            self.parameterAsDouble(parameters, self.MIN_COMPACTNESS, context),
            progress.span(0.2, 0.9),
            a_ids,
        )
        if found is None:
            return {}
        problems, summary = found

        fields = QgsFields()
        for name, kind, length in (
            ("problem", QVariant.Type.String, 30),
            ("problem_label", QVariant.Type.String, 80),
            ("description", QVariant.Type.String, 80),
            ("grid_code", QVariant.Type.String, 20),
            ("other_code", QVariant.Type.String, 200),
            ("detail", QVariant.Type.String, 200),
            ("value", QVariant.Type.Double, 0),
            ("feature_id", QVariant.Type.LongLong, 0),
        ):
            fields.append(QgsField(name, kind, len=length))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.MultiPolygon, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        back = QgsCoordinateTransform(work, crs, context.transformContext())
        labels = problem_labels()
        listed = []  # (problem, x, y of its geometry's centre in the layer CRS) for the report
        for p in problems:
            feature = QgsFeature(fields)
            geom = to_qgs(p.geometry, back)
            geom.convertToMultiType()
            feature.setGeometry(geom)
            centre = geom.pointOnSurface() if not geom.isEmpty() else None
            point = centre.asPoint() if centre is not None and not centre.isEmpty() else None
            listed.append((p, point))
            feature.setAttributes(
                [p.kind, labels[p.kind], labels[p.kind], p.grid_code, p.other, p.detail, p.value, p.feature_id]
            )
            if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):  # never a problem silently dropped
                raise QgsProcessingException(
                    self.tr("Could not write the problem '{kind}' of grid {code} (feature {fid}) to {output}.").format(
                        kind=p.kind, code=p.grid_code, fid=p.feature_id, output=dest_id
                    )
                )
        CategorizedStyleLoader.attach_categorized(
            context, dest_id, "grid_problems.qml", self.tr("Grid problems"), "problem", problem_categories
        )
        counts = {k: v for k, v in summary["by_kind"].items() if v}
        feedback.pushInfo(
            self.tr("{n} grids checked, {p} problems found.").format(n=summary["grids"], p=summary["problems"])
        )
        for kind, count in counts.items():
            feedback.pushInfo(f"  {labels[kind]} ({kind}): {count}")
        outputs = {self.OUTPUT: dest_id, "PROBLEM_COUNT": summary["problems"]}
        for kind in PROBLEM_KINDS:
            outputs[kind.upper()] = summary["by_kind"][kind]
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            with open(report, "w", encoding="utf-8") as handle:
                handle.write(self.report_html(grids.sourceName(), summary, labels, listed, crs))
            outputs[self.REPORT] = report
        return outputs

    def report_html(self, name, summary, labels, listed=(), crs=None):
        rows = "\n".join(
            f"<tr><td>{html.escape(labels[k])}</td><td><code>{k}</code></td><td>{v}</td></tr>"
            for k, v in summary["by_kind"].items()
        )
        title = html.escape(self.tr("Grid quality report: {layer}").format(layer=name))
        found = self.tr("{n} grids checked, {p} problems found.").format(n=summary["grids"], p=summary["problems"])
        pp = self.tr("Mean compactness (Polsby-Popper): {pp}").format(pp="%.3f" % summary["pp_mean"])
        head = "".join("<th>%s</th>" % html.escape(h) for h in (self.tr("Problem"), self.tr("Key"), self.tr("Count")))
        geographic = crs is not None and crs.isGeographic()
        digits = 7 if geographic else 2
        crs_name = crs.authid() if crs is not None and crs.authid() else (crs.description() if crs else "")
        list_head = "".join(
            "<th>%s</th>" % html.escape(h)
            for h in (
                "#",
                self.tr("Problem"),
                self.tr("Grid code"),
                self.tr("Other codes"),
                self.tr("Detail"),
                self.tr("Value"),
                self.tr("Feature"),
                self.tr("X"),
                self.tr("Y"),
            )
        )
        items = []
        for number, (p, point) in enumerate(listed, 1):
            x = y = ""
            attrs = ""
            if point is not None:
                x, y = f"{point.x():.{digits}f}", f"{point.y():.{digits}f}"
                attrs = f" data-x='{x}' data-y='{y}'"
            value = "" if p.value is None else f"{p.value:,.2f}"
            fid = "" if p.feature_id is None else str(p.feature_id)
            cells = (
                str(number),
                labels.get(p.kind, p.kind),
                p.grid_code or "",
                p.other or "",
                p.detail or "",
                value,
                fid,
                x,
                y,
            )
            items.append(f"<tr{attrs}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
        where = html.escape(
            self.tr(
                "Every problem, with the coordinates of a point inside it in the layer's CRS ({crs}): type them "
                "into QGIS's coordinate box in the status bar, or use the problems layer, to zoom to it."
            ).format(crs=crs_name or "—")
        )
        every = ""
        if items:
            every = (
                "<h2>" + html.escape(self.tr("Problems")) + "</h2><p>" + where + "</p>"
                "<table><tr>" + list_head + "</tr>" + "\n".join(items) + "</table>"
            )
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + title + "</title>"
            "<style>body{font-family:sans-serif;margin:1.5em}td,th{border:1px solid #bbb;padding:3px 8px}"
            "table{border-collapse:collapse}</style></head><body>"
            "<h1>" + title + "</h1><p>" + html.escape(found) + "</p><p>" + html.escape(pp) + "</p>"
            "<table><tr>" + head + "</tr>" + rows + "</table>" + every + "</body></html>"
        )
