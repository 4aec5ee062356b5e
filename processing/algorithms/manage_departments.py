"""gridmanager:managedepartments — add, rename or remove the departments cases are dispatched to (audited)."""

import csv
import io

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ...grid_manager.common.errors import GridManagerError
from .base import GridManagerAlgorithm
from .store_admin import add_store_parameters, open_admin_store


class ManageDepartmentsAlgorithm(GridManagerAlgorithm):
    OPERATION = "OPERATION"
    CODE = "CODE"
    NAME = "NAME"
    TABLE = "TABLE"
    SAVED = "SAVED"
    REMOVED = "REMOVED"

    def name(self):
        return "managedepartments"

    def displayName(self):
        return self.tr("Manage departments")

    def group(self):
        return self.tr("Case store administration")

    def groupId(self):
        return "storeadmin"

    def shortHelpString(self):
        return self.tr(
            "Adds a department of the case store (the 专业部门 cases are dispatched to), renames it, or removes "
            "one that no case and no user refers to. A CSV table with the columns code and name (UTF-8 or GBK) "
            "adds or renames many at once. Only the store's administrator or a user of the command centre may do "
            "it (the shared store checks it itself), and every change is written to the store's audit: who, "
            "when, the old and the new values."
        )

    def operations(self):
        return [self.tr("Add or rename"), self.tr("Remove")]

    def initAlgorithm(self, config=None):
        add_store_parameters(self)
        self.addParameter(
            QgsProcessingParameterEnum(self.OPERATION, self.tr("Operation"), options=self.operations(), defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterString(self.CODE, self.tr("Department code"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.NAME, self.tr("Department name"), optional=True))
        self.addParameter(
            QgsProcessingParameterFile(
                self.TABLE, self.tr("Departments table (CSV: code, name)"), extension="csv", optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.SAVED, self.tr("Departments added or renamed")))
        self.addOutput(QgsProcessingOutputNumber(self.REMOVED, self.tr("Departments removed")))

    def read_table(self, path):
        from ...grid_manager.formats.survey_io import decode_bytes

        try:
            with open(path, "rb") as handle:
                text, _encoding, _lossy = decode_bytes(handle.read())
        except OSError as error:
            raise QgsProcessingException(
                self.tr("Cannot read {path}: {error}").format(path=path, error=error.strerror)
            ) from None
        reader = csv.reader(io.StringIO(text))
        header = [h.strip().lower() for h in next(reader, [])]
        for column in ("code", "name"):
            if column not in header:
                raise QgsProcessingException(
                    self.tr("The table {path} has no column '{field}'.").format(path=path, field=column)
                )
        rows = []
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(header, row))
            rows.append((line, cells.get("code", "").strip(), cells.get("name", "").strip()))
        return rows

    def processAlgorithm(self, parameters, context, feedback):
        operation = self.parameterAsEnum(parameters, self.OPERATION, context)
        code = self.parameterAsString(parameters, self.CODE, context).strip()
        name = self.parameterAsString(parameters, self.NAME, context).strip()
        table = self.parameterAsFile(parameters, self.TABLE, context)
        if not code and not table:
            raise QgsProcessingException(self.tr("Give a department code (field Department code) or a table."))
        if operation == 1 and table:
            raise QgsProcessingException(self.tr("Departments are removed one at a time (field Department code)."))
        rows = self.read_table(table) if table else []
        store, label = open_admin_store(self, parameters, context)
        saved = removed = 0
        try:
            if operation == 1:
                store.remove_department(code)
                removed = 1
                feedback.pushInfo(self.tr("Department {code} removed from {store}.").format(code=code, store=label))
            else:
                if code:
                    store.save_department(code, name)
                    saved += 1
                for n, (line, row_code, row_name) in enumerate(rows):
                    if feedback.isCanceled():
                        break
                    try:
                        store.save_department(row_code, row_name)
                    except GridManagerError as error:
                        raise QgsProcessingException(
                            self.tr("{path}, line {line}: {error} ({saved} departments were saved before).").format(
                                path=table, line=line, error=error, saved=saved
                            )
                        ) from None
                    saved += 1
                    feedback.setProgress(100.0 * (n + 1) / len(rows))
                feedback.pushInfo(self.tr("{n} departments added or renamed in {store}.").format(n=saved, store=label))
        except GridManagerError as error:
            raise QgsProcessingException(str(error)) from None
        finally:
            store.close()
        return {self.SAVED: saved, self.REMOVED: removed}
