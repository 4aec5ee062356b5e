"""gridmanager:addpartlayer — 添加部件台账图层: the part inventory of a store as an editable layer with the
plugin's form, its photos and history, in the UI language."""

import os

from qgis.core import (
    Qgis,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProject,
    QgsProviderRegistry,
)

from .base import GridManagerAlgorithm
from .part_forms import load_into_project, open_layers, save_default_style


class AddPartLayerAlgorithm(GridManagerAlgorithm):
    CONNECTION = "CONNECTION"
    GEOPACKAGE = "GEOPACKAGE"
    SAVE_STYLE = "SAVE_STYLE"
    OUTPUT = "OUTPUT"
    HISTORY = "HISTORY"
    PHOTOS = "PHOTOS"

    def name(self):
        return "addpartlayer"

    def displayName(self):
        return self.tr("Add part inventory layer")

    def group(self):
        return self.tr("City parts")

    def groupId(self):
        return "parts"

    def flags(self):
        # adds layers and relations to the project: the main thread only
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def shortHelpString(self):
        return self.tr(
            "Adds the part inventory (部件台账) of a case store to the project as an editable layer with the "
            "plugin's form: class picked by major then minor class, status and owner department from lists, "
            "codes, grid, community, street and version read-only (the database makes them), a Photos tab and "
            "a History tab listing every change of the part with 'Restore this version'.\n"
            "Store: a PostgreSQL connection of QGIS (the shared store; credentials stay in the connection or "
            "the authentication manager) or a GeoPackage store file. The history, photo and pick-list tables "
            "are added in a group below. Labels follow the language of QGIS (English or Chinese).\n"
            "Save as the layer's default style: the form is stored in the database (layer_styles), so other "
            "desks opening the layer get it too.\n"
            "Planners add, edit, move and retire parts with the ordinary editing tools; when the database "
            "refuses a save (a part changed by someone else since you read it, a code edited, a delete, "
            "another role) the message bar says why in words and your edits are kept."
        )

    def initAlgorithm(self, config=None):
        connection = QgsProcessingParameterProviderConnection(
            self.CONNECTION, self.tr("PostgreSQL connection of the shared store"), "postgres", optional=True
        )
        self.addParameter(connection)
        self.addParameter(
            QgsProcessingParameterFile(
                self.GEOPACKAGE,
                self.tr("or: GeoPackage store"),
                extension="gpkg",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.SAVE_STYLE, self.tr("Save the form as the layer's default style in the store"), defaultValue=True
            )
        )
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, self.tr("Part inventory")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.HISTORY, self.tr("Part history")))
        self.addOutput(QgsProcessingOutputString(self.PHOTOS, self.tr("Part photos")))

    def processAlgorithm(self, parameters, context, feedback):
        name = self.parameterAsConnectionName(parameters, self.CONNECTION, context)
        path = self.parameterAsFile(parameters, self.GEOPACKAGE, context)
        if bool(name) == bool(path):
            raise QgsProcessingException(
                self.tr("Choose either a PostgreSQL connection or a GeoPackage store (not both, not neither).")
            )
        if name:
            metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
            connection = metadata.connections().get(name) if metadata is not None else None
            if connection is None:
                raise QgsProcessingException(
                    self.tr("There is no PostgreSQL connection named '{name}' in QGIS.").format(name=name)
                )
            from qgis.core import QgsDataSourceUri

            kind, target, where = (
                "postgis",
                QgsDataSourceUri(connection.uri()),
                self.tr("The store of connection '{name}'").format(name=name),
            )
        else:
            if not os.path.isfile(path):
                raise QgsProcessingException(self.tr("The GeoPackage {path} does not exist.").format(path=path))
            kind, target, where = "gpkg", path, path
        try:
            layers = open_layers(kind, target, where)
        except ValueError as error:
            raise QgsProcessingException(str(error)) from None
        project = context.project() or QgsProject.instance()
        parts = load_into_project(layers, project)
        feedback.pushInfo(
            self.tr("{layer}: {n} parts; the form, {tables} tables and relations added.").format(
                layer=parts.name(), n=parts.featureCount(), tables=len(layers) - 1
            )
        )
        if self.parameterAsBoolean(parameters, self.SAVE_STYLE, context):
            ok, message = save_default_style(layers)
            if ok:
                feedback.pushInfo(self.tr("The form was saved as the layer's default style in the store."))
            else:
                feedback.pushWarning(
                    self.tr(
                        "The form could not be saved in the store ({reason}); this desk has it, other desks "
                        "get it by running this algorithm."
                    ).format(reason=message)
                )
        if Qgis.QGIS_VERSION_INT and feedback.isCanceled():
            return {}
        return {
            self.OUTPUT: parts.id(),
            self.HISTORY: layers["history"].id(),
            self.PHOTOS: layers["photos"].id() if "photos" in layers else "",
        }
