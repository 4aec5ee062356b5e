"""Table model of the case list: keyset paging with fetchMore, so 100,000+ cases stay responsive."""

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from ..store.interface import utcnow
from .glyphs import displayable

PAGE = 200
OVERDUE_BACKGROUND = QColor(255, 205, 205)
OVERDUE_FOREGROUND = QColor(150, 0, 0)


class CaseTableModel(QAbstractTableModel):
    """Rows are case dicts from ``store.list_cases``; only the pages the view asks for are loaded."""

    COLUMNS = (
        "case_code",
        "state",
        "class_code",
        "urgency",
        "department",
        "grid_code",
        "reported_at",
        "deadline_at",
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store = None
        self.filter = None
        self.zone = None  # the store's time zone (a tzinfo): list times are shown in it, as in the detail pane
        self.rows = []
        self._more = False
        self.state_labels = {}
        self.headers = [
            self.tr("Case"),
            self.tr("State"),
            self.tr("Class"),
            self.tr("Urgent"),
            self.tr("Department"),
            self.tr("Grid"),
            self.tr("Reported"),
            self.tr("Deadline"),
        ]

    # -- loading ----------------------------------------------------------------------------------
    def reset(self, store, flt):
        self.beginResetModel()
        self.store, self.filter = store, flt
        self.rows = []
        self._more = store is not None
        self.endResetModel()
        if store is not None:
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent=None):
        return not (parent is not None and parent.isValid()) and self._more

    def fetchMore(self, parent=None):
        if (parent is not None and parent.isValid()) or not self._more or self.store is None:
            return
        after = self.rows[-1]["id"] if self.rows else None
        page = self.store.list_cases(self.filter, after_id=after, limit=PAGE)
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def replace_case(self, case):
        """Update one loaded row in place (after an action or a notification)."""
        for i, row in enumerate(self.rows):
            if row["case_code"] == case["case_code"]:
                self.rows[i] = {**row, **{k: case[k] for k in row if k in case}}
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return True
        return False

    def row_of(self, case_code):
        for i, row in enumerate(self.rows):
            if row["case_code"] == case_code:
                return i
        return -1

    # -- Qt model API -----------------------------------------------------------------------------
    def rowCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    @staticmethod
    def is_overdue(row, now=None):
        return (
            row["state"] == "dispatched" and row["deadline_at"] is not None and row["deadline_at"] < (now or utcnow())
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(column)
            if column == "state":
                return self.state_labels.get(value, value)
            if column == "urgency":
                return "!" if value else ""
            if column in ("reported_at", "deadline_at"):
                return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M") if value else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            # the full code (the column may elide its middle), then the description
            description = displayable(row.get("description") or "")
            if column == "case_code":
                return row["case_code"] + ("\n" + description if description else "")
            return description or None
        if role == Qt.ItemDataRole.UserRole:
            return row["case_code"]
        if self.is_overdue(row):
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(OVERDUE_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_FOREGROUND)
        return None
