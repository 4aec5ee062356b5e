"""gridmanager:manageclasses — add or rename part and event classes, one by one or from a catalogue CSV."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ...grid_manager.common.errors import GridManagerError
from .base import GridManagerAlgorithm
from .store_admin import add_store_parameters, open_admin_store

KINDS = ("part", "event")


class ManageClassesAlgorithm(GridManagerAlgorithm):
    KIND = "KIND"
    IMPORT = "IMPORT"
    CATALOGUE = "CATALOGUE"
    CODE = "CODE"
    NAME = "NAME"
    NAME_ZH = "NAME_ZH"
    SAVED = "SAVED"
    SKIPPED = "SKIPPED"

    def name(self):
        return "manageclasses"

    def displayName(self):
        return self.tr("Manage part and event classes")

    def group(self):
        return self.tr("Case store administration")

    def groupId(self):
        return "storeadmin"

    def shortHelpString(self):
        return self.tr(
            "Adds or renames the part classes (部件) and event classes (事件) cases are reported in, with their "
            "Chinese and English names: one class (4- or 5-digit code), or every class of a catalogue CSV (the columns "
            "of the plugin's catalogues: code, name_zh, name_en; the bundled GB/T 30428.2 catalogue when no file "
            "is given). Major classes (2 digits) are listed as skipped. Only the store's "
            "administrator or a user of the command centre may do it; every change is audited."
        )

    def initAlgorithm(self, config=None):
        add_store_parameters(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.KIND, self.tr("Kind"), options=[self.tr("part"), self.tr("event")], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(self.IMPORT, self.tr("Import a whole catalogue"), defaultValue=False)
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.CATALOGUE,
                self.tr("Catalogue CSV (empty: the bundled catalogue)"),
                extension="csv",
                optional=True,
            )
        )
        self.addParameter(QgsProcessingParameterString(self.CODE, self.tr("Class code (4 or 5 digits)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.NAME, self.tr("English name"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.NAME_ZH, self.tr("Chinese name"), optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.SAVED, self.tr("Classes added or renamed")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, self.tr("Catalogue entries skipped")))

    def processAlgorithm(self, parameters, context, feedback):
        kind = KINDS[self.parameterAsEnum(parameters, self.KIND, context)]
        whole = self.parameterAsBoolean(parameters, self.IMPORT, context)
        catalogue = self.parameterAsFile(parameters, self.CATALOGUE, context) or None
        code = self.parameterAsString(parameters, self.CODE, context).strip()
        name = self.parameterAsString(parameters, self.NAME, context).strip()
        name_zh = self.parameterAsString(parameters, self.NAME_ZH, context).strip()
        if not whole and catalogue:
            whole = True
        if not whole and not code:
            raise QgsProcessingException(
                self.tr("Give a class code (field Class code) or import a catalogue (field Import a whole catalogue).")
            )
        store, label = open_admin_store(self, parameters, context)
        skipped = []
        try:
            if whole:
                saved, skipped = store.import_classes(kind, catalogue)
                for entry_code, reason in skipped:
                    feedback.pushInfo(self.tr("Skipped {code}: {reason}.").format(code=entry_code, reason=reason))
            else:
                store.save_class(kind, code, name, name_zh)
                saved = 1
        except GridManagerError as error:
            raise QgsProcessingException(str(error)) from None
        finally:
            store.close()
        feedback.pushInfo(
            self.tr("{n} {kind} classes added or renamed in {store}.").format(n=saved, kind=kind, store=label)
        )
        return {self.SAVED: saved, self.SKIPPED: len(skipped)}
