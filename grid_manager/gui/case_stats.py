"""The statistics strip of the case dock: per department or street, the open cases, the overdue ones, those due
later today and those closed this week (Monday to Sunday in the store's time zone), for the list's filters."""

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..store.interface import STATISTICS_FIELDS

OVERDUE_COLOUR = QColor(170, 0, 0)


class CaseStatistics(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("GridManagerCaseStatistics")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Statistics per")))
        self.group = QComboBox()
        self.group.setObjectName("stats_group")
        self.group.addItem(self.tr("department"), "department")
        self.group.addItem(self.tr("street"), "street_code")
        row.addWidget(self.group)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 1 + len(STATISTICS_FIELDS))
        self.table.setObjectName("stats_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Department"),
                self.tr("Open"),
                self.tr("Overdue"),
                self.tr("Due today"),
                self.tr("Closed this week"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(18)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(STATISTICS_FIELDS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMaximumHeight(130)
        layout.addWidget(self.table)
        self.rows = []

    @property
    def by(self):
        return self.group.currentData()

    def show_rows(self, rows, names):
        """``rows`` from ``store.statistics``; ``names``: key -> label (department or street name)."""
        self.rows = list(rows)
        first = self.tr("Department") if self.by == "department" else self.tr("Street")
        self.table.setHorizontalHeaderItem(0, QTableWidgetItem(first))
        total = {f: sum(r[f] for r in self.rows) for f in STATISTICS_FIELDS}
        shown = [dict(total, key=None)] + self.rows  # the total first: always in view
        self.table.setRowCount(len(shown))
        bold = QFont()
        bold.setBold(True)
        for n, row in enumerate(shown):
            if row["key"] is None:
                label = self.tr("All")
            elif row["key"] == "":
                label = self.tr("(no department)") if self.by == "department" else self.tr("(no street)")
            else:
                label = "{} {}".format(row["key"], names.get(row["key"], "")).strip()
            item = QTableWidgetItem(label)
            item.setToolTip(label)
            if row["key"] is None:
                item.setFont(bold)
            self.table.setItem(n, 0, item)
            for column, name in enumerate(STATISTICS_FIELDS, start=1):
                cell = QTableWidgetItem(str(row[name]))
                cell.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                if name == "overdue" and row[name]:
                    cell.setForeground(QBrush(OVERDUE_COLOUR))
                if row["key"] is None:
                    cell.setFont(bold)
                self.table.setItem(n, column, cell)

    def values(self):
        """The table as shown (tests, export): [[label, open, overdue, due today, closed this week]], the total
        ("All") first."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]
