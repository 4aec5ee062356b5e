"""gridmanager:importparts — 导入部件普查: a part survey into grids, every row accounted for."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from ...grid_manager.formats.gpkg_points import parse_destination
from ...grid_manager.formats.survey_io import read_survey
from ...grid_manager.parts.catalogs import load_catalog
from ...grid_manager.parts.schemes import AUTO, GBT30428, GBT47678, SCHEME_CHOICES, SURVEY12
from ...grid_manager.parts.survey_import import (
    ImportOptions,
    clashes,
    import_survey,
    output_destination,
    overwrites,
    write_parts,
    write_table,
)
from .base import GridManagerAlgorithm, StyleLoader
from .choices import Choices
from .survey_input import (
    check_parameters,
    crs_string,
    grids_from_source,
    is_file_input,
    loadable_output,
    survey_field,
    survey_file,
    table_from_source,
)


class ImportPartsAlgorithm(GridManagerAlgorithm):
    INPUT = "INPUT"
    X_FIELD = "X_FIELD"
    Y_FIELD = "Y_FIELD"
    CODE_FIELD = "CODE_FIELD"
    CODE_SCHEME = "CODE_SCHEME"
    COORDINATES = "COORDINATES"
    SOURCE_CRS = "SOURCE_CRS"
    GRIDS = "GRIDS"
    COUNTY_CODE = "COUNTY_CODE"
    CATALOG = "CATALOG"
    OUTPUT = "OUTPUT"
    REJECTED = "REJECTED"

    def name(self):
        return "importparts"

    def displayName(self):
        return self.tr("Import part survey")

    def group(self):
        return self.tr("City parts")

    def groupId(self):
        return "parts"

    def shortHelpString(self):
        return self.tr(
            "Imports a city-part survey (城市部件普查) and places every part in its grid.\n"
            "Input: a file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030 — detected —, XLSX, Shapefile "
            "with or without .cpg, GeoPackage, GeoJSON) or a loaded layer. Coordinates come from the point "
            "geometry or from X/Y fields (guessed from headers such as 经度/纬度, X/Y, lon/lat when left "
            "empty).\n"
            "Coordinates: as the layer's CRS, WGS84, GCJ-02 (Chinese web maps) or BD-09 (Baidu), converted "
            "with an iterative inverse (sub-decimetre), or any CRS QGIS knows (CGCS2000 and its "
            "Gauss-Krüger zones); rows given latitude first are detected.\n"
            "Codes: 12-digit survey codes (2 major + 2 minor + 8 serial), 16-digit GB/T 30428.2 and 17-digit "
            "GB/T 47678.5 codes, detected by length; every segment is checked against the class catalogue "
            "(extend it with a local CSV) and the county code when given. With a county code, 12-digit codes "
            "also get their 16-digit form in code_16.\n"
            "Outputs: the accepted parts in the grids' CRS (code, classes and names, grid, community and "
            "street codes, source row) and a table of rejected rows (row, reason code, reason and the "
            "original values). Reasons: empty row, empty/non-digit/wrong-length code, invalid or "
            "mismatching county, unknown class, missing/unparseable/out-of-range coordinates, duplicate "
            "code (same or other location), outside every grid. Accepted + rejected = input rows, always."
        )

    def initAlgorithm(self, config=None):
        self.scheme_choices = Choices(
            (
                (AUTO, self.tr("Detect by length (12, 16 or 17 digits)")),
                (SURVEY12, self.tr("12-digit survey code (2 major + 2 minor + 8 serial)")),
                (GBT30428, self.tr("16-digit GB/T 30428.2 (6 county + 2 major + 2 minor + 6 serial)")),
                (GBT47678, self.tr("17-digit GB/T 47678.5 (6 county + 2 major + 3 minor + 6 serial)")),
            ),
            of=SCHEME_CHOICES,
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Part survey (file or layer)"), [QgsProcessing.SourceType.TypeVector]
            )
        )
        self.addParameter(
            survey_field(
                QgsProcessingParameterField(
                    self.X_FIELD,
                    self.tr("X / longitude field (empty: the geometry, or guessed)"),
                    parentLayerParameterName=self.INPUT,
                    optional=True,
                )
            )
        )
        self.addParameter(
            survey_field(
                QgsProcessingParameterField(
                    self.Y_FIELD,
                    self.tr("Y / latitude field (empty: the geometry, or guessed)"),
                    parentLayerParameterName=self.INPUT,
                    optional=True,
                )
            )
        )
        self.addParameter(
            survey_field(
                QgsProcessingParameterField(
                    self.CODE_FIELD,
                    self.tr("Part code field (empty: guessed)"),
                    parentLayerParameterName=self.INPUT,
                    optional=True,
                )
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.CODE_SCHEME,
                self.tr("Code scheme"),
                options=self.scheme_choices.labels,
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.COORDINATES,
                self.tr("Coordinates are in"),
                options=[
                    self.tr("The layer's coordinate system"),
                    self.tr("WGS84 (GPS)"),
                    self.tr("GCJ-02 (Chinese web maps: Amap, Tencent, Google China)"),
                    self.tr("BD-09 (Baidu)"),
                    self.tr("The coordinate system below"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterCrs(
                self.SOURCE_CRS, self.tr("Source coordinate system (when 'the coordinate system below')"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.GRIDS, self.tr("Grids (with a grid_code field)"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.COUNTY_CODE, self.tr("County code (6 digits, optional)"), optional=True)
        )
        catalog = QgsProcessingParameterFile(
            self.CATALOG,
            self.tr("Local class catalogue (CSV, extends the built-in one)"),
            extension="csv",
            optional=True,
        )
        catalog.setFlags(catalog.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(catalog)
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Imported parts"), QgsProcessing.SourceType.TypeVectorPoint
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        rejected = QgsProcessingParameterVectorDestination(
            self.REJECTED, self.tr("Rejected rows"), QgsProcessing.SourceType.TypeVector
        )
        rejected.setSupportsNonFileBasedOutput(False)
        self.addParameter(rejected)
        self.addOutput(QgsProcessingOutputNumber("ROWS", self.tr("Input rows")))
        self.addOutput(QgsProcessingOutputNumber("ACCEPTED", self.tr("Accepted parts")))
        self.addOutput(QgsProcessingOutputNumber("REJECTED_COUNT", self.tr("Rejected rows")))

    def checkParameterValues(self, parameters, context):
        return check_parameters(
            self, parameters, context, [self.INPUT], self.tr("Incorrect parameter value for {name}")
        )

    def check_outputs(self, parameters, context, raw_value):
        """The two outputs, checked before any work: files that can be written, never the same layer,
        never the survey itself, never a GeoPackage whose other layers a plain path would replace."""
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        rejected = self.parameterAsOutputLayer(parameters, self.REJECTED, context)
        parts_what = self.tr("The output 'Imported parts'")
        rejected_what = self.tr("The output 'Rejected rows'")
        parts_dest, rejected_dest = parse_destination(output), parse_destination(rejected)
        if parts_dest is None:
            self.run_core(output_destination, output, parts_what)
        if rejected_dest is None:
            self.run_core(output_destination, rejected, rejected_what)
        if clashes(parts_dest, rejected_dest):
            raise QgsProcessingException(
                self.tr(
                    "The imported parts and the rejected rows would be written to the same place ({path}): one "
                    "would replace the other. Choose two files, or two layers of one GeoPackage "
                    "(file.gpkg|layername=parts and file.gpkg|layername=rejected)."
                ).format(path=output)
            )
        survey = survey_file(raw_value, context)
        for dest, value in ((parts_dest, output), (rejected_dest, rejected)):
            if survey is not None and overwrites(dest, *survey):
                raise QgsProcessingException(
                    self.tr("The output {output} would replace the survey {survey} being imported.").format(
                        output=value, survey=survey[0]
                    )
                )
        self.run_core(output_destination, output, parts_what)
        self.run_core(output_destination, rejected, rejected_what)
        return output, rejected

    def processAlgorithm(self, parameters, context, feedback):
        progress = self.progress(feedback)
        raw = parameters.get(self.INPUT)
        if isinstance(raw, QgsProcessingFeatureSourceDefinition):
            raw_value = raw.source.staticValue()
        else:
            raw_value = raw
        output, rejected_path = self.check_outputs(parameters, context, raw_value)
        if is_file_input(raw_value, context) and not (
            isinstance(raw, QgsProcessingFeatureSourceDefinition) and raw.selectedFeaturesOnly
        ):
            table = self.run_core(read_survey, raw_value, progress.span(0.0, 0.3))
        else:
            source = self.parameterAsSource(parameters, self.INPUT, context)
            if source is None:
                raise QgsProcessingException(
                    self.tr("The part survey {value} cannot be opened.").format(value=raw_value)
                )
            table = self.run_core(table_from_source, source, source.sourceName(), progress.span(0.0, 0.3))
        if table is None:
            return {}
        if table.encoding:
            feedback.pushInfo(
                self.tr("Read {n} rows from {source} (encoding: {encoding}).").format(
                    n=table.n, source=table.source, encoding=table.encoding
                )
            )
        grids_source = self.parameterAsSource(parameters, self.GRIDS, context)
        if grids_source is None:
            raise QgsProcessingException(self.tr("The grid layer cannot be opened."))
        grids_name = grids_source.sourceName()
        grids = self.run_core(grids_from_source, grids_source, grids_name, feedback)
        if grids is None:
            raise QgsProcessingException(
                self.tr("The grid layer {layer} has no field 'grid_code'.").format(layer=grids_name)
            )
        if not grids.crs:
            raise QgsProcessingException(
                self.tr("The grid layer {layer} has no coordinate system.").format(layer=grids_name)
            )
        source_crs = self.parameterAsCrs(parameters, self.SOURCE_CRS, context)
        catalog_path = self.parameterAsFile(parameters, self.CATALOG, context)
        catalog = self.run_core(load_catalog, "part", catalog_path or None)
        options = ImportOptions(
            x_field=self.parameterAsString(parameters, self.X_FIELD, context) or None,
            y_field=self.parameterAsString(parameters, self.Y_FIELD, context) or None,
            code_field=self.parameterAsString(parameters, self.CODE_FIELD, context) or None,
            scheme=self.scheme_choices.value(self.parameterAsEnum(parameters, self.CODE_SCHEME, context)),
            coordinates=self.parameterAsEnum(parameters, self.COORDINATES, context),
            source_crs=crs_string(source_crs) if source_crs.isValid() else None,
            county_code=self.parameterAsString(parameters, self.COUNTY_CODE, context) or None,
            catalog=catalog,
        )
        result = self.run_core(import_survey, table, grids, options, progress.span(0.3, 0.85))
        if result is None:
            return {}
        for note in result.notes:
            feedback.pushWarning(note)
        self.run_core(write_parts, result.accepted, grids.crs, output, what=self.tr("The output 'Imported parts'"))
        if feedback.isCanceled():
            return {}
        self.run_core(write_table, result.rejected, rejected_path, what=self.tr("The output 'Rejected rows'"))
        feedback.pushInfo(
            self.tr("{rows} rows: {accepted} parts imported, {rejected} rejected.").format(
                rows=result.n_rows, accepted=len(result.accepted), rejected=len(result.rejected)
            )
        )
        for reason_code, count in sorted(result.counts().items(), key=lambda kv: -kv[1]):
            sample = result.rejected.loc[result.rejected["reason_code"] == reason_code].iloc[0]
            feedback.pushInfo(
                self.tr("{count} × {reason_code} (e.g. row {row}: {reason})").format(
                    count=count, reason_code=reason_code, row=sample["row"], reason=sample["reason"]
                )
            )
        output, rejected_path = loadable_output(context, output), loadable_output(context, rejected_path)
        StyleLoader.attach(context, output, "parts.qml", self.tr("Imported parts"))
        progress.set(1.0)
        return {
            self.OUTPUT: output,
            self.REJECTED: rejected_path,
            "ROWS": result.n_rows,
            "ACCEPTED": len(result.accepted),
            "REJECTED_COUNT": len(result.rejected),
        }
