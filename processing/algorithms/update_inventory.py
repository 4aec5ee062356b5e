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
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from ...grid_manager.common.errors import GridManagerError
from ...grid_manager.formats.gpkg_points import parse_destination
from ...grid_manager.formats.survey_io import read_survey
from ...grid_manager.parts.inventory import (
    CHANGES,
    DEFAULT_LAYER,
    change_label,
    summarise,
    survey_frame,
    update_inventory,
)
from ...grid_manager.parts.survey_import import output_destination, overwrites, same_file, write_parts
from ...grid_manager.store import is_case_store_file, open_store
from ..connections import dsn_for_connection
from .base import GridManagerAlgorithm, StyleLoader
from .survey_input import check_parameters, is_file_input, loadable_output, survey_file, table_from_source


class UpdateInventoryAlgorithm(GridManagerAlgorithm):
    INPUT = "INPUT"
    INVENTORY = "INVENTORY"
    STORE_CONNECTION = "STORE_CONNECTION"
    LAYER = "LAYER"
    MOVE_THRESHOLD = "MOVE_THRESHOLD"
    APPLY = "APPLY"
    OUTPUT = "OUTPUT"

    def name(self):
        return "updateinventory"

    def displayName(self):
        return self.tr("Update part inventory from a new survey")

    def group(self):
        return self.tr("City parts")

    def groupId(self):
        return "parts"

    def shortHelpString(self):
        return self.tr(
            "Compares a new survey (the parts imported with 'Import part survey') with the part inventory by "
            "code and reports every part as new, unchanged, moved (further than the threshold), attributes "
            "changed (class, name, status, owner department, grid), moved and changed, or missing from the "
            "new survey.\n"
            "Missing parts are flagged (inv_state = 'missing'), never deleted.\n"
            "The inventory is either a GeoPackage layer (created by the first run), or the parts of a case "
            "store: a GeoPackage case store given as the inventory file, or the shared PostGIS case store "
            "chosen by its QGIS PostgreSQL connection (credentials come from the connection or the QGIS "
            "authentication manager). Give one of the two. In a case store, only users with the planner role "
            "may apply changes; every change is kept in the history (part_history, inventory_runs) and a "
            "run is refused when someone else updated the inventory after the comparison.\n"
            "The changes are applied in one transaction and the change report is written inside it, before "
            "the commit: a failure or a cancellation (including a report that cannot be written) leaves the "
            "inventory exactly as it was. The report cannot be written into the inventory file. Untick "
            "'Apply' for a dry run that only writes the change report."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("New survey (imported parts)"), [QgsProcessing.SourceType.TypeVectorPoint]
            )
        )
        inventory = QgsProcessingParameterFile(
            self.INVENTORY, self.tr("Inventory GeoPackage (created when missing)"), extension="gpkg", optional=True
        )
        inventory.setHelp(
            self.tr(
                "A GeoPackage holding the inventory layer, or a GeoPackage case store (its parts are the "
                "inventory). Leave empty when the inventory is the shared case store."
            )
        )
        self.addParameter(inventory)
        store = QgsProcessingParameterProviderConnection(
            self.STORE_CONNECTION, self.tr("Shared case store (QGIS PostgreSQL connection)"), "postgres", optional=True
        )
        store.setHelp(
            self.tr(
                "The QGIS PostgreSQL connection of the shared case store whose parts are the inventory (the "
                "connection of the case dock). Applying needs the planner role; no password is asked or stored."
            )
        )
        self.addParameter(store)
        layer = QgsProcessingParameterString(self.LAYER, self.tr("Inventory layer"), defaultValue=DEFAULT_LAYER)
        layer.setHelp(self.tr("The layer of the inventory GeoPackage (not used for a case store)."))
        self.addParameter(layer)
        self.addParameter(
            QgsProcessingParameterDistance(
                self.MOVE_THRESHOLD,
                self.tr("Moved when further than (metres)"),
                defaultValue=5.0,
                minValue=0.0,
                parentParameterName=self.INPUT,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(self.APPLY, self.tr("Apply the changes to the inventory"), defaultValue=True)
        )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Change report"), QgsProcessing.SourceType.TypeVectorPoint
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        for change in CHANGES:
            self.addOutput(QgsProcessingOutputNumber(change.upper(), change_label(change)))

    def checkParameterValues(self, parameters, context):
        return check_parameters(
            self, parameters, context, [self.INPUT], self.tr("Incorrect parameter value for {name}")
        )

    def processAlgorithm(self, parameters, context, feedback):
        output = self.check_output(parameters, context)
        store, label = self.open_inventory(parameters, context)
        apply = self.parameterAsBoolean(parameters, self.APPLY, context)
        written = []

        def write_report(report, crs):
            """Write the change report: inside the inventory's transaction, before the commit."""
            try:
                write_parts(report.drop(columns=["fid"]), crs, output, what=self.tr("The change report"))
            except GridManagerError as error:
                raise QgsProcessingException(
                    self.tr("{error} Nothing was applied: the inventory {inventory} was not changed.").format(
                        error=error, inventory=label
                    )
                ) from None
            written.append(output)

        try:
            result = self.compare_and_apply(parameters, context, feedback, store, label, write_report)
        except QgsProcessingException as error:
            if written and apply:  # the commit itself failed: the report lists changes that were not applied
                raise QgsProcessingException(
                    self.tr(
                        "{error} The change report {report} was written before the commit: it lists changes "
                        "that were NOT applied; the inventory {inventory} was not changed."
                    ).format(error=error, report=output, inventory=label)
                ) from None
            raise
        finally:
            if store is not None:
                store.close()
        if result is None:
            feedback.pushWarning(self.tr("Cancelled: the inventory {path} was not changed.").format(path=label))
            return {}
        report, _crs = result
        counts = summarise(report)
        feedback.pushInfo(
            self.tr(
                "{new} new, {unchanged} unchanged, {moved} moved, {changed} changed, {moved_changed} moved and "
                "changed, {missing} missing from the new survey."
            ).format(**counts)
        )
        if apply and store is not None:
            feedback.pushInfo(
                self.tr("The part inventory of the case store {store} was updated (run {run}).").format(
                    store=label, run=report.attrs.get("run", "")
                )
            )
        elif apply:
            feedback.pushInfo(
                self.tr("The inventory {path} (layer {layer}) was updated.").format(
                    path=label, layer=self.parameterAsString(parameters, self.LAYER, context) or DEFAULT_LAYER
                )
            )
        else:
            feedback.pushInfo(self.tr("Dry run: the inventory was not changed."))
        if apply and feedback.isCanceled():
            feedback.pushWarning(
                self.tr(
                    "The cancellation came after the changes were committed: the inventory {path} was updated "
                    "and the change report written, as reported above."
                ).format(path=label)
            )
        output = loadable_output(context, output)
        StyleLoader.attach(context, output, "parts_changes.qml", self.tr("Inventory changes"))
        feedback.setProgress(100)
        results = {self.OUTPUT: output}
        results.update({k.upper(): v for k, v in counts.items()})
        return results

    def check_output(self, parameters, context):
        """The change report's destination, checked before anything is read or locked: a file that can
        be written, never the inventory file (in any form, dry run included) nor the new survey."""
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        dest = parse_destination(output)
        if dest is None:  # not a file: refused by output_destination below
            self.run_core(output_destination, output, self.tr("The change report"))
        inventory = self.parameterAsString(parameters, self.INVENTORY, context)
        if inventory and same_file(dest.path, inventory):
            raise QgsProcessingException(
                self.tr(
                    "The change report {report} would be written into the inventory {inventory}: choose another "
                    "file for the report. Nothing was changed."
                ).format(report=output, inventory=inventory)
            )
        survey = survey_file(parameters.get(self.INPUT), context)
        if survey is not None and overwrites(dest, *survey):
            raise QgsProcessingException(
                self.tr(
                    "The change report {report} would replace the new survey {survey}: choose another file for "
                    "the report. Nothing was changed."
                ).format(report=output, survey=survey[0])
            )
        self.run_core(output_destination, output, self.tr("The change report"))
        return output

    def compare_and_apply(self, parameters, context, feedback, store, label, write_report=None):
        """Read the new survey, compare it with the inventory, write the report and apply;
        ``(report, crs)`` or None when cancelled (then nothing was applied)."""
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
            return None
        survey = self.run_core(survey_frame, table)
        layer = self.parameterAsString(parameters, self.LAYER, context) or DEFAULT_LAYER
        threshold = self.parameterAsDouble(parameters, self.MOVE_THRESHOLD, context)
        apply = self.parameterAsBoolean(parameters, self.APPLY, context)
        return self.run_core(
            update_inventory,
            store or label,
            survey,
            table.crs,
            layer,
            threshold,
            apply,
            None,
            progress.span(0.2, 0.9),
            table.source,
            write_report,
        )

    def open_inventory(self, parameters, context):
        """``(store, label)``: the open case store holding the inventory (None for an inventory
        GeoPackage layer) and the name to show (the connection name or the file)."""
        connection = self.parameterAsConnectionName(parameters, self.STORE_CONNECTION, context)
        path = self.parameterAsString(parameters, self.INVENTORY, context)
        if connection and path:
            raise QgsProcessingException(
                self.tr("Choose either the inventory GeoPackage or the shared case store connection, not both.")
            )
        if not connection and not path:
            raise QgsProcessingException(
                self.tr("Choose the inventory GeoPackage or the shared case store connection.")
            )
        if path:
            if not is_case_store_file(path):
                return None, path
            store = self.run_core(open_store, path)
            try:
                self.run_core(store.migrate)
            except QgsProcessingException:
                store.close()
                raise
            return store, path
        dsn = dsn_for_connection(connection)
        if dsn is None:
            raise QgsProcessingException(
                self.tr("The QGIS connection '{name}' does not exist.").format(name=connection)
            )
        store = self.run_core(open_store, dsn)
        try:
            if self.run_core(store.schema_version) == 0:
                raise QgsProcessingException(
                    self.tr("The database of '{name}' holds no case store; ask its administrator to create it.").format(
                        name=connection
                    )
                )
            if not self.run_core(store.has_inventory):
                raise QgsProcessingException(
                    self.tr(
                        "The case store of '{name}' has no part inventory yet (its schema is older than this plugin); "
                        "ask its administrator to upgrade it (store administration: migrate)."
                    ).format(name=connection)
                )
        except QgsProcessingException:
            store.close()
            raise
        return store, "'{}'".format(connection)
