"""gridmanager:updateinventory — compare a new survey with the part inventory and apply it atomically."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from ...grid_manager.core.inventory import (
    CHANGES,
    DEFAULT_LAYER,
    change_label,
    summarise,
    survey_frame,
    update_inventory,
)
from ...grid_manager.core.survey_import import write_parts
from ...grid_manager.core.survey_io import read_survey
from .base import GridManagerAlgorithm, StyleLoader
from .import_parts import check_parameters, is_file_input, table_from_source


class UpdateInventoryAlgorithm(GridManagerAlgorithm):
    INPUT = "INPUT"
    INVENTORY = "INVENTORY"
    LAYER = "LAYER"
    MOVE_THRESHOLD = "MOVE_THRESHOLD"
    APPLY = "APPLY"
    OUTPUT = "OUTPUT"

    def name(self):
        return "updateinventory"

    def displayName(self):  # noqa: N802
        return self.tr("Update part inventory from a new survey")

    def group(self):
        return self.tr("City parts")

    def groupId(self):  # noqa: N802
        return "parts"

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Compares a new survey (the parts imported with 'Import part survey') with the part inventory by "
            "code and reports every part as new, unchanged, moved (further than the threshold), attributes "
            "changed (class, name, status, owner department, grid), moved and changed, or missing from the "
            "new survey.\n"
            "Missing parts are flagged (inv_state = 'missing'), never deleted. The inventory is a GeoPackage "
            "layer; it is created by the first run. The changes are applied in one transaction: a failure "
            "or a cancellation leaves the inventory exactly as it was. Untick 'Apply' for a dry run that "
            "only writes the change report."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("New survey (imported parts)"), [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterFile(
            self.INVENTORY, self.tr("Inventory GeoPackage (created when missing)"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterString(
            self.LAYER, self.tr("Inventory layer"), defaultValue=DEFAULT_LAYER))
        self.addParameter(QgsProcessingParameterDistance(
            self.MOVE_THRESHOLD, self.tr("Moved when further than (metres)"), defaultValue=5.0, minValue=0.0,
            parentParameterName=self.INPUT))
        self.addParameter(QgsProcessingParameterBoolean(
            self.APPLY, self.tr("Apply the changes to the inventory"), defaultValue=True))
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Change report"), QgsProcessing.TypeVectorPoint)
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        for change in CHANGES:
            self.addOutput(QgsProcessingOutputNumber(change.upper(), change_label(change)))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        return check_parameters(self, parameters, context, [self.INPUT],
                                self.tr("Incorrect parameter value for {name}"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        progress = self.progress(feedback)
        raw = parameters.get(self.INPUT)
        raw_value = raw.source.staticValue() if isinstance(raw, QgsProcessingFeatureSourceDefinition) else raw
        if is_file_input(raw_value, context) and not isinstance(raw, QgsProcessingFeatureSourceDefinition):
            table = self.run_core(read_survey, raw_value, progress.span(0.0, 0.2))
        else:
            source = self.parameterAsSource(parameters, self.INPUT, context)
            if source is None:
                raise QgsProcessingException(self.tr("The new survey cannot be opened."))
            table = self.run_core(table_from_source, source, source.sourceName(), progress.span(0.0, 0.2))
        if table is None:
            return {}
        survey = self.run_core(survey_frame, table)
        path = self.parameterAsString(parameters, self.INVENTORY, context)
        if not path:
            raise QgsProcessingException(self.tr("Choose the inventory GeoPackage."))
        layer = self.parameterAsString(parameters, self.LAYER, context) or DEFAULT_LAYER
        threshold = self.parameterAsDouble(parameters, self.MOVE_THRESHOLD, context)
        apply = self.parameterAsBoolean(parameters, self.APPLY, context)
        result = self.run_core(update_inventory, path, survey, table.crs, layer, threshold, apply, None,
                               progress.span(0.2, 0.9))
        if result is None:
            feedback.pushWarning(
                self.tr("Cancelled: the inventory {path} was not changed.").format(path=path))
            return {}
        report, crs = result
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        self.run_core(write_parts, report.drop(columns=["fid"]), crs, output)
        counts = summarise(report)
        feedback.pushInfo(self.tr(
            "{new} new, {unchanged} unchanged, {moved} moved, {changed} changed, {moved_changed} moved and "
            "changed, {missing} missing from the new survey.").format(**counts))
        if apply:
            feedback.pushInfo(self.tr("The inventory {path} (layer {layer}) was updated.").format(
                path=path, layer=layer))
        else:
            feedback.pushInfo(self.tr("Dry run: the inventory was not changed."))
        StyleLoader.attach(context, output, "parts_changes.qml", self.tr("Inventory changes"))
        progress.set(1.0)
        results = {self.OUTPUT: output}
        results.update({k.upper(): v for k, v in counts.items()})
        return results
