"""Batch actions of the case dock: the details asked once for all cases, and the result of each case."""

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor, QGuiApplication
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .glyphs import displayable

APPLIED_COLOUR = QColor(0, 110, 0)
REFUSED_COLOUR = QColor(170, 0, 0)


class BatchActionDialog(QDialog):
    """One department (dispatch) and one note for every selected case."""

    def __init__(self, title, action, count, departments, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("{action} for {n} selected cases, each with the version shown in the list.").format(
                action=title, n=count
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.department = None
        if action == "dispatch":
            self.department = QComboBox()
            self.department.setObjectName("batch_department")
            for row in departments:
                self.department.addItem("{} {}".format(row["code"], row["name"]), row["code"])
            form.addRow(self.tr("Department"), self.department)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(70)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self):
        result = {"note": self.note.toPlainText().strip()}
        if self.department is not None:
            result["department"] = self.department.currentData()
        return result


class BatchResultDialog(QDialog):
    """One row per case: applied, or refused with the store's translated reason."""

    def __init__(self, title, results, parent=None):
        super().__init__(parent)
        self.setObjectName("GridManagerBatchResult")
        self.setWindowTitle(title)
        self.results = list(results)
        applied = sum(1 for r in self.results if r["applied"])
        refused = len(self.results) - applied
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            self.tr("{applied} of {total} cases applied, {refused} refused.").format(
                applied=applied, total=len(self.results), refused=refused
            )
        )
        self.summary.setObjectName("batch_summary")
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(self.results), 3)
        self.table.setObjectName("batch_results")
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Result"), self.tr("Reason")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for row, result in enumerate(self.results):
            ok = result["applied"]
            items = (
                QTableWidgetItem(result["case_code"]),
                QTableWidgetItem(self.tr("applied") if ok else self.tr("refused")),
                QTableWidgetItem(displayable(result["message"])),
            )
            items[0].setToolTip(result["case_code"])
            items[2].setToolTip(result["message"])
            items[1].setForeground(QBrush(APPLIED_COLOUR if ok else REFUSED_COLOUR))
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        copy = QPushButton(self.tr("Copy"))
        copy.setToolTip(self.tr("Copy the results as tab-separated text (for a spreadsheet or a message)"))
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def text(self):
        lines = ["\t".join([self.tr("Case"), self.tr("Result"), self.tr("Reason")])]
        for result in self.results:
            lines.append(
                "\t".join(
                    [
                        result["case_code"],
                        self.tr("applied") if result["applied"] else self.tr("refused"),
                        result["message"],
                    ]
                )
            )
        return "\n".join(lines)

    def copy(self):
        QGuiApplication.clipboard().setText(self.text())
