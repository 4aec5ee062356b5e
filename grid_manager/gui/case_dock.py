"""The dock panel 案件处理 (case handling): connection, filtered case list, counts per state, detail
pane with the history timeline, the actions the role may take, new cases by clicking the map, zoom and
flash, and live refresh (PostgreSQL LISTEN/NOTIFY; audit polling for a GeoPackage)."""

import html
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QAction,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...processing import connections
from ..cases.vocabulary import CASE_STATES
from ..common.errors import GridManagerError
from ..store import CaseFilter, open_store
from ..store.interface import BATCH_ACTIONS, NEW, STORE_SRID, workflow_message
from .case_batch import BatchActionDialog, BatchResultDialog
from .case_detail import CaseDetail
from .case_dialogs import ActionDialog, CheckDialog, ReportCaseDialog
from .case_export import export_rows
from .case_live import LiveRefresh
from .case_map_tool import ReportCaseMapTool
from .case_model import CaseTableModel
from .case_photos import PHOTO_SCHEME, CaseBrowser, PhotoViewer, takes_photos
from .case_stats import CaseStatistics
from .glyphs import displayable, install_emoji_fallback

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES_STYLE = os.path.join(PLUGIN_DIR, "resources", "styles", "cases.qml")
PG_PREFIX = "pg:"
GPKG_PREFIX = "gpkg:"


def _zone_of(store):
    """The store's time zone as a tzinfo (None: the computer's, if the store or Python has none)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(store.time_zone())
    except Exception:  # an old store without settings, or no tz database: the computer's zone
        return None


class CaseDock(QgsDockWidget):
    """案件处理.  ``canvas`` is the map canvas (``iface.mapCanvas()``)."""

    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.setObjectName("GridManagerCaseDock")
        self.setWindowTitle(self.tr("Case handling"))
        self.canvas = canvas
        self.store = None
        self.current = None
        self.store_key = None
        self.cases_layer_id = None
        self.current_photos = []
        self.photo_viewer = None
        self.detail_view = CaseDetail(self)
        self.live = LiveRefresh(self)
        self.live.changed.connect(self._apply_changes)
        self.live.paused_changed.connect(self._set_live_paused)
        self._zone = None  # the store's time zone (times are shown in it); None = this computer's
        self.last_counts = {}
        self._class_names = {}
        self._department_names = {}
        #: the result of the last batch action (list of dicts, see CaseStore.apply_batch) and its dialog
        self.last_batch = None
        self.batch_dialog = None
        install_emoji_fallback()
        self.map_tool = ReportCaseMapTool(canvas) if canvas is not None else None
        if self.map_tool is not None:
            self.map_tool.picked.connect(self.report_at)
        self._build()
        self.fill_connections()

    # -- labels (every literal through tr) -------------------------------------------------------
    def state_labels(self):
        return {
            "reported": self.tr("reported"),
            "verified": self.tr("verified"),
            "registered": self.tr("registered"),
            "declined": self.tr("declined"),
            "dispatched": self.tr("dispatched"),
            "handled": self.tr("handled"),
            "closed": self.tr("closed"),
            "cancelled": self.tr("cancelled"),
            "new": self.tr("new"),
        }

    def action_labels(self):
        return {
            "report": self.tr("Report"),
            "verify": self.tr("Verify"),
            "register": self.tr("Register"),
            "decline": self.tr("Decline"),
            "dispatch": self.tr("Dispatch…"),
            "handle": self.tr("Handling note…"),
            "report_back": self.tr("Report back"),
            "check": self.tr("On-site check passed"),
            "fail_check": self.tr("On-site check: not fixed"),
            "close": self.tr("Close"),
            "rework": self.tr("Rework"),
            "return": self.tr("Return (misdirected)"),
            "request_return": self.tr("Request return (misdirected)…"),
            "accept_return": self.tr("Accept return"),
            "reject_return": self.tr("Reject return"),
            "request_extension": self.tr("Request extension…"),
            "approve_extension": self.tr("Approve extension"),
            "refuse_extension": self.tr("Refuse extension"),
            "cancel": self.tr("Cancel case"),
        }

    def role_labels(self):
        return {
            "inspector": self.tr("Inspector"),
            "supervision": self.tr("Supervision centre"),
            "command": self.tr("Command centre"),
            "department": self.tr("Department"),
            "viewer": self.tr("Viewer"),
        }

    # -- layout -----------------------------------------------------------------------------------
    def _build(self):
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 4, 4, 4)

        row = QHBoxLayout()
        self.connection = QComboBox()
        self.connection.setMinimumContentsLength(14)
        self.connection.setToolTip(self.tr("A QGIS PostgreSQL connection (credentials from QGIS) or a GeoPackage"))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(self.connect_selected)
        self.open_gpkg = QPushButton(self.tr("GeoPackage…"))
        self.open_gpkg.clicked.connect(self.choose_geopackage)
        row.addWidget(self.connection, 1)
        row.addWidget(self.connect_button)
        row.addWidget(self.open_gpkg)
        outer.addLayout(row)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Role")))
        self.role = QComboBox()
        self.role.currentIndexChanged.connect(self.show_current)
        self.role.currentIndexChanged.connect(self.update_role_actions)
        row.addWidget(self.role, 1)
        self.new_case = QPushButton(self.tr("New case on map"))
        self.new_case.setCheckable(True)
        self.new_case.toggled.connect(self.toggle_map_tool)
        row.addWidget(self.new_case)
        outer.addLayout(row)

        box = QGroupBox(self.tr("Filters"))
        grid = QGridLayout(box)
        grid.setContentsMargins(4, 4, 4, 4)
        self.f_state = QComboBox()
        self.f_class = QComboBox()
        self.f_street = QComboBox()
        self.f_community = QComboBox()
        self.f_grid = QLineEdit()
        self.f_grid.setPlaceholderText(self.tr("grid code"))
        self.f_department = QComboBox()
        self.f_overdue = QCheckBox(self.tr("Overdue only"))
        self.f_use_dates = QCheckBox(self.tr("Reported"))
        self.f_from = QDateEdit(QDate.currentDate().addDays(-30))
        self.f_to = QDateEdit(QDate.currentDate())
        for edit in (self.f_from, self.f_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.f_text = QLineEdit()
        self.f_text.setPlaceholderText(self.tr("search code, description, part…"))
        self.f_text.setClearButtonEnabled(True)
        grid.addWidget(QLabel(self.tr("State")), 0, 0)
        grid.addWidget(self.f_state, 0, 1)
        grid.addWidget(QLabel(self.tr("Class")), 0, 2)
        grid.addWidget(self.f_class, 0, 3)
        grid.addWidget(QLabel(self.tr("Street")), 1, 0)
        grid.addWidget(self.f_street, 1, 1)
        grid.addWidget(QLabel(self.tr("Community")), 1, 2)
        grid.addWidget(self.f_community, 1, 3)
        grid.addWidget(QLabel(self.tr("Grid")), 2, 0)
        grid.addWidget(self.f_grid, 2, 1)
        grid.addWidget(QLabel(self.tr("Department")), 2, 2)
        grid.addWidget(self.f_department, 2, 3)
        dates = QHBoxLayout()
        dates.addWidget(self.f_use_dates)
        dates.addWidget(self.f_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.f_to)
        grid.addLayout(dates, 3, 0, 1, 3)
        grid.addWidget(self.f_overdue, 3, 3)
        grid.addWidget(self.f_text, 4, 0, 1, 4)
        outer.addWidget(box)
        for combo in (self.f_state, self.f_class, self.f_street, self.f_community, self.f_department):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.f_overdue.toggled.connect(self.apply_filters)
        self.f_use_dates.toggled.connect(self.apply_filters)
        self.f_from.dateChanged.connect(self.apply_filters)
        self.f_to.dateChanged.connect(self.apply_filters)
        self.f_grid.editingFinished.connect(self.apply_filters)
        self.f_text.returnPressed.connect(self.apply_filters)

        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.counts)
        self.stats = CaseStatistics()
        self.stats.group.currentIndexChanged.connect(lambda _i: self.update_statistics())
        outer.addWidget(self.stats)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = CaseTableModel(self)
        self.model.state_labels = self.state_labels()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows (Ctrl/Shift-click) for the batch actions; the current row drives the detail pane
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # a code too long for the column keeps its start and its end (the serial): "20261201…0042"
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionsMovable(True)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        self.table.setColumnWidth(0, self.table.fontMetrics().horizontalAdvance("20261201000000M") + 12)
        self.table.setAlternatingRowColors(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.zoom_to_current())
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.table, 1)
        batch = QHBoxLayout()
        self.selected_label = QLabel()
        batch.addWidget(self.selected_label)
        self.batch_action = QComboBox()
        self.batch_action.setObjectName("batch_action")
        self.batch_action.setToolTip(self.tr("An action for every selected case (each in its own transaction)"))
        batch.addWidget(self.batch_action, 1)
        self.batch_button = QPushButton(self.tr("Apply to selected"))
        self.batch_button.setObjectName("batch_apply")
        self.batch_button.clicked.connect(lambda _c=False: self.run_batch())
        batch.addWidget(self.batch_button)
        self.map_selection_button = QPushButton(self.tr("Select from map"))
        self.map_selection_button.setToolTip(self.tr("Select in the list the cases selected on the map (cases layer)"))
        self.map_selection_button.clicked.connect(lambda _c=False: self.select_from_map())
        batch.addWidget(self.map_selection_button)
        self.export_button = QPushButton(self.tr("Export list…"))
        self.export_button.setToolTip(self.tr("Save the filtered list (visible columns) as CSV or XLSX"))
        self.export_button.clicked.connect(lambda _c=False: self.export_list())
        batch.addWidget(self.export_button)
        listing_layout.addLayout(batch)
        split.addWidget(listing)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = CaseBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._anchor_clicked)
        detail_layout.addWidget(self.detail, 1)
        tools = QHBoxLayout()
        self.zoom_button = QPushButton(self.tr("Zoom and flash"))
        self.zoom_button.clicked.connect(self.zoom_to_current)
        tools.addWidget(self.zoom_button)
        tools.addStretch(1)
        self.layer_button = QPushButton(self.tr("Add cases layer"))
        self.layer_button.setToolTip(self.tr("Show the cases on the map, coloured by state; overdue cases as stars"))
        self.layer_button.clicked.connect(self.add_cases_layer)
        tools.addWidget(self.layer_button)
        detail_layout.addLayout(tools)
        self.actions_box = QWidget()
        self.actions_layout = QGridLayout(self.actions_box)
        self.actions_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.actions_box)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 300])
        self.splitter = split
        outer.addWidget(split, 1)

        self.live_state = QLabel()
        self.live_state.setObjectName("GridManagerLiveState")
        self.live_state.setStyleSheet("color:#a05000; font-weight:bold")
        self.live_state.setVisible(False)
        outer.addWidget(self.live_state)
        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.setWidget(body)
        self.action_buttons = {}
        self._set_enabled(False)

    def _set_enabled(self, connected):
        for widget in (
            self.role,
            self.new_case,
            self.f_state,
            self.f_class,
            self.f_street,
            self.f_community,
            self.f_grid,
            self.f_department,
            self.f_overdue,
            self.f_use_dates,
            self.f_from,
            self.f_to,
            self.f_text,
            self.table,
            self.zoom_button,
            self.batch_action,
            self.batch_button,
            self.map_selection_button,
            self.export_button,
            self.stats,
        ):
            widget.setEnabled(connected)
        if not connected:
            self.update_role_actions()

    # -- connections ------------------------------------------------------------------------------
    def fill_connections(self):
        self.connection.blockSignals(True)
        self.connection.clear()
        for name in connections.postgres_connection_names():
            self.connection.addItem(self.tr("PostgreSQL: {name}").format(name=name), PG_PREFIX + name)
        for path in connections.recent_geopackages():
            self.connection.addItem(
                self.tr("GeoPackage: {name}").format(name=os.path.basename(path)), GPKG_PREFIX + path
            )
        last = QgsSettings().value(connections.SETTINGS_LAST, "", type=str)
        index = self.connection.findData(last)
        if index >= 0:
            self.connection.setCurrentIndex(index)
        self.connection.blockSignals(False)

    def choose_geopackage(self):
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Open or create a case store"),
            "",
            self.tr("GeoPackage (*.gpkg)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if not path.lower().endswith(".gpkg"):
                path += ".gpkg"
            self.connect_to(GPKG_PREFIX + path)

    def connect_selected(self):
        key = self.connection.currentData()
        if key:
            self.connect_to(key)

    def connect_to(self, key):
        """Open the store ``pg:<QGIS connection name>`` or ``gpkg:<path>``; returns True on success."""
        self.disconnect_store()
        try:
            if key.startswith(PG_PREFIX):
                dsn = connections.dsn_for_connection(key[len(PG_PREFIX) :])
                if dsn is None:
                    raise GridManagerError(
                        self.tr("The QGIS connection '{name}' does not exist.").format(name=key[len(PG_PREFIX) :])
                    )
                store = open_store(dsn)
                if store.schema_version() == 0:
                    store.close()
                    raise GridManagerError(
                        self.tr(
                            "The database of '{name}' holds no case store; ask its administrator to create it."
                        ).format(name=key[len(PG_PREFIX) :])
                    )
            else:
                path = key[len(GPKG_PREFIX) :]
                store = open_store(path)
                store.migrate()
                connections.remember_geopackage(path)
        except GridManagerError as error:
            self.show_error(str(error))
            return False
        self.store = store
        self.store_key = key
        self._zone = _zone_of(store)
        self.model.zone = self._zone
        QgsSettings().setValue(connections.SETTINGS_LAST, key)
        if self.connection.findData(key) < 0:
            self.fill_connections()
        self.connection.setCurrentIndex(max(0, self.connection.findData(key)))
        self._fill_choices()
        self._set_enabled(True)
        self.live.start(store)
        self.apply_filters()
        self.status.setText(self.tr("Connected as {user}.").format(user=store.user))
        return True

    def disconnect_store(self):
        self.live.stop()
        if self.store is not None:
            self.store.close()
        self.store = None
        self.current = None
        self.model.reset(None, None)
        self._set_enabled(False)
        self.show_case(None)

    def _fill_choices(self):
        labels = self.role_labels()
        self.role.blockSignals(True)
        self.role.clear()
        for role in self.store.my_roles():
            self.role.addItem(labels.get(role, role), role)
        self.role.blockSignals(False)
        combos = (self.f_state, self.f_class, self.f_street, self.f_community, self.f_department)
        for combo in combos:
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), "")
        states = self.state_labels()
        for state in CASE_STATES:
            self.f_state.addItem(states[state], state)
        self._class_names = {(r["kind"], r["code"]): r["name_zh"] or r["name"] for r in self.store.classes()}
        self._department_names = {r["code"]: r["name"] for r in self.store.departments()}
        for row in self.store.classes():
            kind = self.tr("part") if row["kind"] == "part" else self.tr("event")
            self.f_class.addItem(
                "{} {} {}".format(kind, row["code"], row["name_zh"] or row["name"]),
                row["kind"] + ":" + row["code"],
            )
        for row in self.store.admin_units("street"):
            self.f_street.addItem("{} {}".format(row["code"], row["name"]), row["code"])
        for row in self.store.admin_units("community"):
            self.f_community.addItem("{} {}".format(row["code"], row["name"]), row["code"])
        for row in self.store.departments():
            self.f_department.addItem("{} {}".format(row["code"], row["name"]), row["code"])
        for combo in combos:
            combo.blockSignals(False)
        self._street_names = {r["code"]: r["name"] for r in self.store.admin_units("street")}
        self.update_role_actions()

    # -- list and counts --------------------------------------------------------------------------
    def current_filter(self):
        kind_class = (self.f_class.currentData() or ":").split(":", 1)
        flt = CaseFilter(
            states=(self.f_state.currentData(),) if self.f_state.currentData() else (),
            kind=kind_class[0],
            class_code=kind_class[1],
            street_code=self.f_street.currentData() or "",
            community_code=self.f_community.currentData() or "",
            grid_code=self.f_grid.text().strip(),
            department=self.f_department.currentData() or "",
            overdue=self.f_overdue.isChecked(),
            text=self.f_text.text().strip(),
        )
        if self.f_use_dates.isChecked():
            # days of the store's time zone (a case at 07:30 Beijing time on 2 December is a case of the 2nd)
            flt.date_from = self._midnight(self.f_from.date().toPyDate())
            flt.date_to = self._midnight(self.f_to.date().addDays(1).toPyDate())
        return flt

    def _midnight(self, day):
        import datetime as dt

        return dt.datetime.combine(day, dt.time(), tzinfo=self._zone) if self._zone is not None else day

    def apply_filters(self):
        if self.store is None:
            return
        keep = self.current["case_code"] if self.current else None
        try:
            flt = self.current_filter()
            self.model.reset(self.store, flt)
            self.update_counts(flt)
            self.update_statistics(flt)
        except GridManagerError as error:
            self.show_error(str(error))
            return
        if keep:
            self.select_case(keep, load=False)

    def update_counts(self, flt=None):
        flt = flt or self.current_filter()
        base = CaseFilter(**{**flt.__dict__, "states": ()})
        counts = self.store.counts_by_state(base)
        labels = self.state_labels()
        total = sum(counts.values())
        parts = ["<b>{}</b> {}".format(self.tr("{n} cases").format(n=total), "")]
        for state in CASE_STATES:
            parts.append("{} <b>{}</b>".format(html.escape(labels[state]), counts.get(state, 0)))
        overdue = self.store.count_cases(CaseFilter(**{**flt.__dict__, "states": (), "overdue": True}))
        parts.append("<span style='color:#a00000'>{} <b>{}</b></span>".format(html.escape(self.tr("overdue")), overdue))
        self.counts.setText(" · ".join(parts))
        self.last_counts = dict(counts, overdue=overdue, total=total)

    def update_statistics(self, flt=None):
        """Refresh the statistics strip for the list's filters (per department or per street)."""
        if self.store is None:
            return
        try:
            rows = self.store.statistics(flt or self.current_filter(), by=self.stats.by)
        except GridManagerError as error:
            self.show_error(str(error))
            return
        names = self._department_names if self.stats.by == "department" else getattr(self, "_street_names", {})
        self.stats.show_rows(rows, names)

    # -- what the role may do (from the store's transitions table, never hard-coded) -----------------
    def _role_transitions(self, role=None):
        role = role if role is not None else self.role.currentData()
        if self.store is None or not role:
            return []
        try:
            return [t for t in self.store.transitions() if t["role"] == role]
        except GridManagerError:
            return []

    def role_may_report(self, role=None):
        """Whether ``role`` may report new cases (a transition from the state 'new')."""
        return any(t["state"] == NEW and t["action"] == "report" for t in self._role_transitions(role))

    def batch_actions(self, role=None):
        """The batch actions ``role`` may take in some state, in the vocabulary's order."""
        actions = {t["action"] for t in self._role_transitions(role)}
        return [a for a in BATCH_ACTIONS if a in actions]

    def update_role_actions(self, *_args):
        """Show "New case on map" and the batch actions only to a role that may take them."""
        may_report = self.store is not None and self.role_may_report()
        if not may_report and self.new_case.isChecked():
            self.new_case.setChecked(False)
        self.new_case.setVisible(may_report)
        self.new_case.setEnabled(may_report)
        labels = self.action_labels()
        keep = self.batch_action.currentData()
        self.batch_action.blockSignals(True)
        self.batch_action.clear()
        for action in self.batch_actions():
            self.batch_action.addItem(labels.get(action, action), action)
        index = self.batch_action.findData(keep)
        self.batch_action.setCurrentIndex(max(0, index))
        self.batch_action.blockSignals(False)
        has_batch = self.batch_action.count() > 0
        self.batch_action.setVisible(has_batch)
        self.batch_button.setVisible(has_batch)
        self._selection_changed()

    # -- batch actions ------------------------------------------------------------------------------
    def selected_cases(self):
        """The selected rows of the list as case dicts (code and the version the list shows), in list order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _selection_changed(self):
        n = len(self.selected_cases()) if self.store is not None else 0
        self.selected_label.setText(self.tr("{n} selected").format(n=n))
        self.batch_button.setEnabled(self.store is not None and n > 0 and self.batch_action.count() > 0)

    def ask_batch_details(self, action, count):
        title = self.action_labels().get(action, action).rstrip("…")
        dialog = BatchActionDialog(title, action, count, self.store.departments(), self)
        if dialog.exec() != BatchActionDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def run_batch(self, action=None, details=None, cases=None):
        """Apply a batch action to the selected cases (each in its own transaction, with the version the list
        shows) and show the result of every case.  Returns the results (None if nothing was done)."""
        if self.store is None:
            return None
        action = action or self.batch_action.currentData()
        cases = self.selected_cases() if cases is None else cases
        if not action or not cases:
            self.status.setText(self.tr("Select the cases in the list (or on the map) first."))
            return None
        details = details if details is not None else self.ask_batch_details(action, len(cases))
        if details is None:
            return None
        label = self.action_labels().get(action, action).rstrip("…")
        progress = QProgressDialog(
            self.tr("{action}: {n} cases…").format(action=label, n=len(cases)), self.tr("Stop"), 0, len(cases), self
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(800)

        def step(done, total):
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            results = self.store.apply_batch(
                [(c["case_code"], c["version"]) for c in cases],
                action,
                self.role.currentData(),
                note=details.get("note", ""),
                department=details.get("department"),
                progress=step,
            )
        except GridManagerError as error:
            progress.close()
            self.show_error(str(error))
            return None
        progress.close()
        for result in results:
            if result["applied"]:
                self.model.replace_case(result["case"])
        refused = [r for r in results if not r["applied"]]
        for result in refused:  # show what the store holds now (a stale row is reloaded)
            try:
                case = self.store.get_case(result["case_code"])
            except GridManagerError:
                case = None
            if case is not None:
                self.model.replace_case(case)
        self.update_counts()
        self.update_statistics()
        self._repaint_cases_layer()
        if self.current is not None:
            self.load_case(self.current["case_code"])
        self.last_batch = results
        self.status.setText(
            self.tr("{action}: {applied} of {total} cases applied, {refused} refused.").format(
                action=label, applied=len(results) - len(refused), total=len(results), refused=len(refused)
            )
        )
        self.batch_dialog = BatchResultDialog(label, results, self)
        if os.environ.get("GRIDMANAGER_NO_MODAL"):
            self.batch_dialog.show()
        else:
            self.batch_dialog.exec()
        return results

    def _cases_layer(self):
        return QgsProject.instance().mapLayer(self.cases_layer_id or "") if self.cases_layer_id else None

    def select_from_map(self, layer=None):
        """Select in the list the cases selected on the map (the cases layer); returns the codes selected."""
        layer = layer or self._cases_layer()
        if layer is None:
            self.status.setText(self.tr("Add the cases layer and select cases on the map first."))
            return []
        index = layer.fields().indexOf("case_code")
        codes = [f.attributes()[index] for f in layer.selectedFeatures()] if index >= 0 else []
        codes = [c for c in codes if c]
        if not codes:
            self.status.setText(self.tr("No case is selected on the map layer '{layer}'.").format(layer=layer.name()))
            return []
        wanted = set(codes)
        # load the pages that hold them (the list is paged)
        while self.model.canFetchMore() and not wanted <= {r["case_code"] for r in self.model.rows}:
            self.model.fetchMore()
            if self.model.rowCount() > 20000:
                break
        selection = self.table.selectionModel()
        selection.clearSelection()
        found = []
        block = QItemSelection()
        for row, case in enumerate(self.model.rows):
            if case["case_code"] in wanted:
                block.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
                found.append(case["case_code"])
        selection.select(block, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        missing = len(wanted) - len(found)
        text = self.tr("{n} cases selected from the map.").format(n=len(found))
        if missing:
            text += " " + self.tr("{n} selected on the map are not in the filtered list.").format(n=missing)
        self.status.setText(text)
        self._selection_changed()
        return found

    # -- export -------------------------------------------------------------------------------------
    def visible_columns(self):
        """Logical column numbers of the list as shown: visible ones, in the order on screen."""
        header = self.table.horizontalHeader()
        columns = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in columns if not header.isSectionHidden(c)]

    def _column_menu(self, pos):
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, title in enumerate(self.model.headers):
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.exec(header.mapToGlobal(pos))

    def export_rows(self):
        """(headers, rows) of the whole filtered list (every page), visible columns in the visible order."""
        while self.model.canFetchMore():
            self.model.fetchMore()
        columns = self.visible_columns()
        headers = [self.model.headers[c] for c in columns]
        rows = [[self.model.data(self.model.index(r, c)) or "" for c in columns] for r in range(self.model.rowCount())]
        return headers, rows

    def export_list(self, path=None):
        """Write the filtered list to ``path`` (.csv: UTF-8 with BOM; .xlsx); asks for the file if None."""
        if self.store is None:
            return None
        if path is None:
            path, chosen = QFileDialog.getSaveFileName(
                self,
                self.tr("Export list"),
                "",
                self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
            )
            if not path:
                return None
            if not os.path.splitext(path)[1]:
                path += ".csv" if "csv" in chosen.lower() else ".xlsx"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            headers, rows = self.export_rows()
            export_rows(path, headers, rows)
        except GridManagerError as error:
            self.show_error(str(error))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.status.setText(self.tr("{n} cases exported to {path}.").format(n=len(rows), path=path))
        return path

    # -- selection and detail ---------------------------------------------------------------------
    def _row_changed(self, current, _previous):
        if not current.isValid():
            self.show_case(None)
            return
        code = self.model.data(self.model.index(current.row(), 0), Qt.ItemDataRole.UserRole)
        self.load_case(code)

    def select_case(self, case_code, load=True):
        row = self.model.row_of(case_code)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(case_code)
            if self.model.rowCount() > 5000:
                break
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        if load or row < 0:
            self.load_case(case_code)

    def show_current(self, *_args):
        """Redraw the detail pane (and the action buttons) for the selected case, e.g. after a role change."""
        if self.current is not None and self.store is not None:
            self.load_case(self.current["case_code"])

    def load_case(self, case_code):
        try:
            case = self.store.get_case(case_code) if self.store else None
            events = self.store.events(case_code) if case else []
        except GridManagerError as error:
            self.show_error(str(error))
            return
        self.show_case(case, events, self._photos_of(case_code) if case else [])

    def _photos_of(self, case_code):
        """The case's photos with their thumbnails (never the photos' bytes); [] for a store without photos."""
        try:
            return self.store.attachments(case_code)
        except (GridManagerError, NotImplementedError):
            return []

    def _max_photo_bytes(self):
        try:
            return self.store.attachment_settings()["max_bytes"]
        except (GridManagerError, NotImplementedError, KeyError):
            return None

    def _anchor_clicked(self, url):
        if url.scheme() == PHOTO_SCHEME:
            try:
                self.open_photo(int(url.path() or url.toString().split(":", 1)[1]))
            except ValueError:
                pass

    def open_photo(self, attachment_id):
        """Open one photo of the current case in a viewer (its full bytes are read now); returns the viewer."""
        if self.current is None or self.store is None:
            return None
        rows = [a for a in self._photos_of(self.current["case_code"]) if int(a["id"]) == int(attachment_id)]
        if not rows:
            return None
        try:
            data = self.store.attachment_data(attachment_id)
        except GridManagerError as error:
            self.show_error(str(error))
            return None
        photo = rows[0]
        caption = self.tr("{name} — {stage}, {actor} ({role}), {at}").format(
            name=photo["name"],
            stage=self.action_labels().get(photo["stage"], photo["stage"]).rstrip("…"),
            actor=photo["actor"],
            role=self.role_labels().get(photo["role"], photo["role"]),
            at=photo["at"].astimezone(self._zone).strftime("%Y-%m-%d %H:%M") if photo["at"] else "",
        )
        viewer = PhotoViewer(data, photo, caption, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        self.photo_viewer = viewer
        return viewer

    def show_case(self, case, events=(), photos=()):
        self.current = case
        self.detail.set_photos(photos)
        self.current_photos = list(photos)
        for button in self.action_buttons.values():
            button.deleteLater()
        self.action_buttons = {}
        if case is None:
            self.detail.setHtml("<p><i>{}</i></p>".format(html.escape(self.tr("No case selected."))))
            self.zoom_button.setEnabled(False)
            return
        self.zoom_button.setEnabled(True)
        self.detail.setHtml(self.case_html(case, events, photos))
        role = self.role.currentData()
        actions = self.store.allowed_actions(case, [role]) if role else []
        labels = self.action_labels()
        if "check" in [a for a, _ in actions] and "fail_check" in [a for a, _ in actions]:
            # one button for the on-site check: the dialog asks fixed / not fixed
            actions = [(a, r) for a, r in actions if a != "fail_check"]
            labels = dict(labels, check=self.tr("On-site check…"))
        for n, (action, _role) in enumerate(actions):
            button = QPushButton(labels.get(action, action))
            button.setObjectName("action_" + action)
            button.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.actions_layout.addWidget(button, n // 3, n % 3)
            self.action_buttons[action] = button

    def case_html(self, case, events, photos=()):
        """The detail pane's HTML for ``case``, its history and photos (gui/case_detail.py)."""
        case = dict(case, description=displayable(case.get("description") or ""))
        events = [dict(e, note=displayable(e.get("note") or "")) for e in events]
        text = self.detail_view.html(
            case,
            events,
            states=self.state_labels(),
            actions=self.action_labels(),
            roles=self.role_labels(),
            class_names=self._class_names,
            department_names=self._department_names,
            zone=self._zone,
            photos=photos,
        )
        return self.stage_html(case) + text

    def stage_html(self, case):
        """The current stage of an open case before handling or after it (核实, 立案, 派遣, 核查, 结案) and its
        deadline, computed by the store (gm.case_deadlines: working time); the handling deadline is the
        case's own Deadline row."""
        from ..cases.working_time import stage_label

        if self.store is None or case.get("state") not in ("reported", "verified", "registered", "handled"):
            return ""
        try:
            row = self.store.case_deadline(case["case_code"])
        except GridManagerError:  # an older store without working time: nothing to add
            return ""
        if row is None:
            return ""
        label = stage_label(row["stage"])
        if row["due_at"] is None:
            text = self.tr("Current stage: {stage} (no time limit)").format(stage=label)
        else:
            due = row["due_at"].astimezone(self._zone) if self._zone is not None else row["due_at"]
            text = self.tr("Current stage: {stage}, due {due}").format(stage=label, due=due.strftime("%Y-%m-%d %H:%M"))
            if row["overdue"]:
                text += " — " + self.tr("OVERDUE")
        colour = "#a00000" if row["overdue"] else "#404040"
        return "<p style='color:{}'>{}</p>".format(colour, html.escape(text))

    # -- actions ----------------------------------------------------------------------------------
    def ask_action_details(self, action):
        """Details for ``action`` from a dialog; None if the user cancelled."""
        title = self.action_labels().get(action, action).rstrip("…")
        dialog = ActionDialog(
            title,
            action,
            self.store.departments(),
            self,
            photos=takes_photos(action, self.role.currentData()),
            max_photo_bytes=self._max_photo_bytes(),
        )
        if dialog.exec() != ActionDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def ask_check_outcome(self):
        """(action, details) of the on-site check from the check dialog; None if the user cancelled."""
        dialog = CheckDialog(self.current["case_code"], self, max_photo_bytes=self._max_photo_bytes())
        if dialog.exec() != CheckDialog.DialogCode.Accepted:
            return None
        return dialog.action(), dialog.values()

    def run_action(self, action, details=None):
        if self.current is None or self.store is None:
            return None
        if (
            action == "check"
            and details is None
            and "fail_check" in [a for a, _ in self.store.allowed_actions(self.current, [self.role.currentData()])]
        ):
            outcome = self.ask_check_outcome()
            if outcome is None:
                return None
            action, details = outcome
        details = details if details is not None else self.ask_action_details(action)
        if details is None:
            return None
        try:
            case = self.store.apply(
                self.current["case_code"], action, self.role.currentData(), self.current["version"], **details
            )
        except GridManagerError as error:
            self.show_error(str(error))
            self.load_case(self.current["case_code"])
            return None
        self.model.replace_case(case)
        self.update_counts()
        self.update_statistics()
        self.load_case(case["case_code"])
        self.status.setText(
            self.tr("Case {case}: {action} done.").format(
                case=case["case_code"], action=self.action_labels().get(action, action).rstrip("…")
            )
        )
        return case

    def show_error(self, text):
        self.status.setText("<span style='color:#a00000'>{}</span>".format(html.escape(text)))
        if self.isVisible() and not os.environ.get("GRIDMANAGER_NO_MODAL"):
            QMessageBox.warning(self, self.tr("Case handling"), text)

    # -- map --------------------------------------------------------------------------------------
    def _store_crs(self):
        return QgsCoordinateReferenceSystem("EPSG:{}".format(STORE_SRID))

    def _to_canvas(self):
        return QgsCoordinateTransform(
            self._store_crs(), self.canvas.mapSettings().destinationCrs(), QgsProject.instance()
        )

    def zoom_to_current(self):
        if self.current is None or self.canvas is None:
            return
        transform = self._to_canvas()
        point = transform.transform(QgsPointXY(self.current["x"], self.current["y"]))
        extent = self.canvas.extent()
        half = max(min(extent.width(), extent.height()) / 2, 1e-9)
        if self.canvas.mapSettings().destinationCrs().isGeographic():
            half = min(half, 0.002)
        else:
            half = min(half, 200.0)
        self.canvas.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half))
        self.canvas.refresh()
        self.canvas.flashGeometries(
            [QgsGeometry.fromPointXY(QgsPointXY(self.current["x"], self.current["y"]))], self._store_crs()
        )

    def toggle_map_tool(self, on):
        if self.map_tool is None:
            return
        if on:
            self.canvas.setMapTool(self.map_tool)
        elif self.canvas.mapTool() is self.map_tool:
            self.canvas.unsetMapTool(self.map_tool)

    def ask_report_details(self, location, grid, part):
        dialog = ReportCaseDialog(
            self.store.classes(), location, grid, part, self, max_photo_bytes=self._max_photo_bytes()
        )
        if dialog.exec() != ReportCaseDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def report_at(self, canvas_point):
        """Report a case at a point in canvas coordinates (the map tool's click)."""
        if self.store is None:
            return None
        transform = QgsCoordinateTransform(
            self.canvas.mapSettings().destinationCrs(), self._store_crs(), QgsProject.instance()
        )
        point = transform.transform(QgsPointXY(canvas_point))
        role = self.role.currentData()
        if not self.role_may_report(role):  # say so before asking anything (the store would refuse it)
            reporters = [r for r in self.store.my_roles() if self.role_may_report(r)]
            if not reporters:
                self.show_error(
                    self.tr("The role '{role}' may not report cases in this case store.").format(
                        role=self.role_labels().get(role, role)
                    )
                )
                return None
            role = reporters[0]
        try:
            grid = self.store.grid_at(point.x(), point.y())
            part = self.store.nearest_part(point.x(), point.y(), 50.0)
        except GridManagerError as error:
            self.show_error(str(error))
            return None
        if grid is None:  # cases are reported inside the grids: say so before asking for details
            self.show_error(workflow_message("GM014", {"x": point.x(), "y": point.y()}))
            return None
        details = self.ask_report_details((point.x(), point.y()), grid, part)
        if details is None:
            return None
        try:
            case = self.store.report_case(x=point.x(), y=point.y(), role=role, **details)
        except GridManagerError as error:
            self.show_error(str(error))
            return None
        self.apply_filters()
        self.select_case(case["case_code"])
        self.status.setText(
            self.tr("Case {case} reported in grid {grid}.").format(
                case=case["case_code"], grid=case["grid_code"] or "—"
            )
        )
        return case

    def add_cases_layer(self):
        """Add the store's cases to the project, styled by state (credentials stay in the QGIS connection)."""
        if self.store is None:
            return None
        name = self.tr("Cases")
        if self.store.backend == "gpkg":
            layer = QgsVectorLayer(self.store.path + "|layername=cases", name, "ogr")
        else:
            uri = connections.postgres_uri(self.store_key[len(PG_PREFIX) :])
            if uri is None:
                return None
            uri.setDataSource("gm", "cases", "geom", "", "id")
            layer = QgsVectorLayer(uri.uri(False), name, "postgres")
        if not layer.isValid():
            self.show_error(self.tr("The cases layer could not be loaded."))
            return None
        layer.loadNamedStyle(CASES_STYLE)
        # cases change only through the workflow: the layer is for looking, never for editing
        layer.setReadOnly(True)
        QgsProject.instance().addMapLayer(layer)
        self.cases_layer_id = layer.id()
        return layer

    def _repaint_cases_layer(self):
        layer = QgsProject.instance().mapLayer(getattr(self, "cases_layer_id", "") or "")
        if layer is not None:
            layer.triggerRepaint()

    # -- live refresh (gui/case_live.py) ------------------------------------------------------------
    @property
    def live_paused(self):
        return self.live.paused

    @property
    def _reconnect_timer(self):
        return self.live.reconnect_timer

    def check_changes(self, *_args):
        """Ask the store what changed now (the live refresh does so on every notification); returns the codes."""
        return self.live.check_changes()

    def _apply_changes(self, codes=None):
        codes = self.live.take_changes() if codes is None else codes
        if self.store is None or not codes:
            return
        try:
            for code in codes:
                case = self.store.get_case(code)
                if case is not None and not self.model.replace_case(case):
                    if self.model.rowCount() == 0 or case["id"] > self.model.rows[0]["id"]:
                        self.apply_filters()
                        break
            self.update_counts()
            self.update_statistics()
            self._repaint_cases_layer()
            if self.current is not None and self.current["case_code"] in codes:
                self.load_case(self.current["case_code"])
        except GridManagerError as error:
            self.show_error(str(error))

    def _set_live_paused(self, paused):
        self.live_state.setText(self.live.paused_text() if paused else "")
        self.live_state.setVisible(paused)

    def closeEvent(self, event):
        if self.new_case.isChecked():
            self.new_case.setChecked(False)
        super().closeEvent(event)

    def unload(self):
        self.toggle_map_tool(False)
        self.disconnect_store()
