"""The dock 网格编辑 / Grid editing: live figures of a grid layer while the surveyor edits it by hand.

Pick the grid layer, its buildings (with the household field), its communities and the target; the
settings are remembered with the layer (custom properties, which ``partitiongrids`` fills in on its
output).  The table shows every grid's households, area, deviation, buildings, compactness and flags and
follows every edit through the layer's edit-buffer signals (only the touched grids are recomputed, see
:mod:`grid_manager.grids.workbench`); warnings are highlighted on the map.  *Split grid* and *Merge grids*
are single QGIS edit commands (undo/redo work); codes come from the GeoPackage's code registry.  Saving
is refused while an edited grid is invalid, multi-part, crosses its community or cuts a building, unless
the surveyor saves anyway with a reason, which is recorded in the GeoPackage.
"""

import os
import re

import shapely
from qgis.core import (
    QgsCoordinateTransform,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsFieldProxyModel,
    QgsGeometry,
    QgsMapLayerProxyModel,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
    register_function,
)
from qgis.gui import QgsDockWidget, QgsFieldComboBox, QgsMapLayerComboBox, QgsMapToolEmitPoint, QgsRubberBand
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...processing.algorithms.layers import working_crs
from ..common.errors import GridManagerError
from ..grids import workbench as wb
from ..grids.measures import BOTH, HOUSEHOLDS
from ..grids.partition import parse_households
from ..grids.revise import area_code_of
from ..store.grid_codes import GridCodeRegistry

PROPERTY = wb.SETTINGS_PROPERTY  # layer custom properties holding the settings
HISTORY_COLOURS = ("#6a3d9a", "#9e78c2", "#cab2d6")  # the previous version darkest, older ones lighter
STORE_PROPERTY = "grid_manager/store_grids"  # marks the working copy of the store's current grids
SETTING_KEYS = wb.SETTING_KEYS
MAX_HIGHLIGHTS = 1000
KIND_COLOURS = {
    wb.INVALID: "#d7191c",
    wb.MULTIPART: "#7b3294",
    wb.CROSSES: "#e66101",
    wb.OUTSIDE: "#e66101",
    wb.CUTS: "#ca0020",
    wb.OVERLAP: "#0571b0",
    wb.GAP: "#1a9641",
}


# -- live figures on the map ---------------------------------------------------------------------------
LIVE_FUNCTION = "gm_live"
LIVE_FIELDS = ("households", "area_m2", "n_buildings", "deviation_pct", "compactness")
_LIVE = {}  # grid layer id -> Workbench of the dock following it
_LIVE_USERS = []  # docks that registered the expression function
_LIVE_REGISTERED = []  # the registered function object: QGIS keeps a pointer, Python must keep it alive


def _live_value(stats, name):
    return {
        "households": stats.households,
        "area_m2": stats.area,
        "n_buildings": stats.n_buildings,
        "deviation_pct": stats.deviation_pct,
        "compactness": stats.compactness,
    }.get(name)


def gm_live(name, fallback, feature, parent, context):
    """Grid Manager: the live figure <i>name</i> (households, area_m2, n_buildings, deviation_pct,
    compactness) of the grid, as the Grid editing dock computes it during an edit; <i>fallback</i> when the
    dock does not follow the layer.  Example: <code>gm_live('households', "households")</code>."""
    workbench = _LIVE.get(context.variable("layer_id")) if context is not None else None
    if workbench is None or feature is None:
        return fallback
    stats = workbench.stats.get(feature.id())
    return fallback if stats is None else _live_value(stats, name)


def _register_live_function(user):
    if not QgsExpression.isFunctionName(LIVE_FUNCTION):
        _LIVE_REGISTERED.append(
            register_function(gm_live, "auto", "Grid Manager", referenced_columns=[], handlesnull=True)
        )
    _LIVE_USERS.append(user)


def _unregister_live_function(user):
    if user in _LIVE_USERS:
        _LIVE_USERS.remove(user)
    if not _LIVE_USERS and _LIVE_REGISTERED and QgsExpression.isFunctionName(LIVE_FUNCTION):
        QgsExpression.unregisterFunction(LIVE_FUNCTION)
        _LIVE_REGISTERED.clear()


def live_expression(expression):
    """`expression` with every reference to a figure field read live: "households" →
    gm_live('households', "households")."""
    if LIVE_FUNCTION in expression:
        return expression
    for name in LIVE_FIELDS:
        expression = re.sub(
            r'(?<![\w\'])"{0}"|^{0}$'.format(name), f"{LIVE_FUNCTION}('{name}', \"{name}\")", expression
        )
    return expression


def deviation_colour(deviation):
    """Background of a deviation: within ±5 % green, ±10 % yellow, ±20 % orange, beyond red."""
    d = abs(deviation)
    if d <= 0.05 + 1e-9:
        return QColor("#b8e186")
    if d <= 0.10 + 1e-9:
        return QColor("#fee08b")
    if d <= 0.20 + 1e-9:
        return QColor("#fdae61")
    return QColor("#f46d43")


def read_layer(layer, transform, attributes=()):
    """(ids, shapely geometries after `transform`, {attribute: values}) of every feature of `layer`
    (its edit buffer included)."""
    ids, wkbs = [], []
    values = {a: [] for a in attributes if a}
    request = QgsFeatureRequest()
    if values:
        request.setSubsetOfAttributes(list(values), layer.fields())
    else:
        request.setNoAttributes()
    for feature in layer.getFeatures(request):
        ids.append(feature.id())
        wkbs.append(_wkb(feature.geometry(), transform))
        for a in values:
            v = feature[a]
            values[a].append(None if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
    return ids, shapely.from_wkb(wkbs), values


def _wkb(geometry, transform):
    if geometry is None or geometry.isNull():
        return None
    g = QgsGeometry(geometry)
    if transform is not None and not transform.isShortCircuited():
        g.transform(transform)
    return bytes(g.asWkb())


def _text(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class PickBuildingTool(QgsMapToolEmitPoint):
    """Click a building to move it to the neighbouring grid (left button); right button leaves the tool."""

    def __init__(self, canvas, dock):
        super().__init__(canvas)
        self.dock = dock
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.canvasClicked.connect(self.picked)

    def picked(self, point, button):
        if button == Qt.MouseButton.LeftButton:
            self.dock.move_building_at(QgsPointXY(point))
        else:
            self.canvas().unsetMapTool(self)


class GridTableModel(QAbstractTableModel):
    """One row per grid: code, households, area, deviation %, buildings, compactness, flags."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    FID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fids = []
        self.row_of = {}
        self.stats = {}
        self.flag_labels = {}

    def headers(self):
        return [
            self.tr("Code"),
            self.tr("Households"),
            self.tr("Area (m²)"),
            self.tr("Deviation %"),
            self.tr("Buildings"),
            self.tr("Compactness"),
            self.tr("Flags"),
        ]

    def rowCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else len(self.fids)

    def columnCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.stats.get(self.fids[index.row()])
        if s is None:
            return None
        col = index.column()
        if role == self.FID_ROLE:
            return s.fid
        raw = (s.code, s.households, s.area, s.deviation_pct, s.n_buildings, s.compactness, len(s.flags))[col]
        if role == self.SORT_ROLE:
            return raw
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return s.code
            if col == 1:
                return f"{s.households:,.0f}"
            if col == 2:
                return f"{s.area:,.0f}"
            if col == 3:
                return f"{s.deviation_pct:+.1f}"
            if col == 4:
                return str(s.n_buildings)
            if col == 5:
                return f"{s.compactness:.2f}"
            return ", ".join(self.flag_labels.get(f, f) for f in s.flags)
        if role == Qt.ItemDataRole.BackgroundRole and col in (0, 1, 2, 3):
            return QBrush(deviation_colour(s.deviation))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2, 3, 4, 5):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def set_stats(self, stats, touched=None):
        """Show `stats` ({fid: GridStats}, the workbench's live dict).  With `touched`, only those rows are
        refreshed, removed or inserted (a reset would re-sort the whole table after every edit)."""
        if touched is None:
            self.beginResetModel()
            self.stats = stats
            self.fids = sorted(stats, key=lambda f: (stats[f].code, str(f)))
            self.row_of = {f: i for i, f in enumerate(self.fids)}
            self.endResetModel()
            return
        self.stats = stats
        removed = [f for f in touched if f in self.row_of and f not in stats]
        for fid in sorted(removed, key=lambda f: -self.row_of[f]):
            row = self.row_of.pop(fid)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.fids[row]
            self.endRemoveRows()
        if removed:
            self.row_of = {f: i for i, f in enumerate(self.fids)}
        added = sorted((f for f in touched if f in stats and f not in self.row_of), key=str)
        if added:
            first = len(self.fids)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self.fids.extend(added)
            self.row_of.update({f: first + i for i, f in enumerate(added)})
            self.endInsertRows()
        for fid in touched:
            row = self.row_of.get(fid)
            if row is not None and fid not in added:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 6))


class GridDock(QgsDockWidget):
    """网格编辑.  ``canvas`` is the map canvas; ``iface`` (optional) gives the message bar."""

    def __init__(self, canvas, iface=None, parent=None):
        super().__init__(parent)
        self.setObjectName("GridManagerGridDock")
        self.setWindowTitle(self.tr("Grid editing"))
        self.canvas = canvas
        self.iface = iface
        self.layer = None
        self.layer_id = None
        self.workbench = None
        self.registry = None
        self.table_name = None
        self.to_work = self.to_layer = None
        self.building_geoms = None
        self.households = None
        self.community_codes = []
        self.dirty = set()
        self.bands = {}  # id of a warning -> its rubber band
        self._issue_ids = None
        self.current_issues = []
        self.override_reason = None
        self.last_refusal = None
        self.commit_notice = None
        self._connected = []
        self.flush_timer = QTimer(self)
        self.flush_timer.setSingleShot(True)
        self.flush_timer.setInterval(0)
        self.flush_timer.timeout.connect(self.flush)
        self._saved_style = None
        self.store = None  # the shared store of "Load grids from store"
        self.store_provider = None  # callable giving the connected store (the case dock's), or None
        self.store_layer = None  # the working copy of the store's current grids
        self.store_snapshot = {}  # code -> (version, community_code, wkt) as loaded
        self.history_bands = []  # rubber bands of the earlier versions drawn by "History"
        _register_live_function(self)
        self._build()

    # -- labels ---------------------------------------------------------------------------------------
    def kind_labels(self):
        return {
            wb.INVALID: self.tr("Invalid geometry"),
            wb.MULTIPART: self.tr("Several parts"),
            wb.CROSSES: self.tr("Crosses its community"),
            wb.OUTSIDE: self.tr("Outside every community"),
            wb.CUTS: self.tr("Cuts a building"),
            wb.OVERLAP: self.tr("Overlap"),
            wb.GAP: self.tr("Gap"),
            wb.OUT_OF_TOLERANCE: self.tr("Out of tolerance"),
        }

    def mode_names(self):
        return [self.tr("Area"), self.tr("Households"), self.tr("Area and households")]

    # -- widgets --------------------------------------------------------------------------------------
    def _build(self):
        body = QWidget(self)
        outer = QVBoxLayout(body)
        form = QFormLayout()
        self.grid_combo = QgsMapLayerComboBox(body)
        self.grid_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.grid_combo.setAllowEmptyLayer(True)
        self.grid_combo.setLayer(None)
        self.code_field = QgsFieldComboBox(body)
        self.buildings_combo = QgsMapLayerComboBox(body)
        self.buildings_combo.setFilters(
            QgsMapLayerProxyModel.Filter.PolygonLayer | QgsMapLayerProxyModel.Filter.PointLayer
        )
        self.buildings_combo.setAllowEmptyLayer(True)
        self.buildings_combo.setLayer(None)
        self.household_field = QgsFieldComboBox(body)
        self.household_field.setFilters(QgsFieldProxyModel.Filter.Numeric | QgsFieldProxyModel.Filter.String)
        self.household_field.setAllowEmptyFieldName(True)
        self.communities_combo = QgsMapLayerComboBox(body)
        self.communities_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.communities_combo.setAllowEmptyLayer(True)
        self.communities_combo.setLayer(None)
        self.community_field = QgsFieldComboBox(body)
        self.community_field.setAllowEmptyFieldName(True)
        self.balance_combo = QComboBox(body)
        self.balance_combo.addItems(self.mode_names())
        self.balance_combo.setCurrentIndex(HOUSEHOLDS)
        self.target_area = QDoubleSpinBox(body)
        self.target_area.setRange(1, 1e9)
        self.target_area.setDecimals(0)
        self.target_area.setValue(10000)
        self.target_households = QDoubleSpinBox(body)
        self.target_households.setRange(1, 1e7)
        self.target_households.setDecimals(0)
        self.target_households.setValue(400)
        self.tolerance = QDoubleSpinBox(body)
        self.tolerance.setRange(0.5, 100)
        self.tolerance.setDecimals(1)
        self.tolerance.setValue(10)
        self.tolerance.setSuffix(" %")
        form.addRow(self.tr("Grid layer"), self.grid_combo)
        form.addRow(self.tr("Grid code field"), self.code_field)
        form.addRow(self.tr("Buildings"), self.buildings_combo)
        form.addRow(self.tr("Household field"), self.household_field)
        form.addRow(self.tr("Communities"), self.communities_combo)
        form.addRow(self.tr("Community code field"), self.community_field)
        form.addRow(self.tr("Balance by"), self.balance_combo)
        form.addRow(self.tr("Target area (m²)"), self.target_area)
        form.addRow(self.tr("Target households"), self.target_households)
        form.addRow(self.tr("Tolerance"), self.tolerance)
        outer.addLayout(form)
        self.grid_combo.layerChanged.connect(self.on_grid_layer)
        self.buildings_combo.layerChanged.connect(self.household_field.setLayer)
        self.communities_combo.layerChanged.connect(self.community_field.setLayer)

        row = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start"), body)
        self.start_button.setObjectName("gridmanager_workbench_start")
        self.start_button.clicked.connect(self.start)
        row.addWidget(self.start_button)
        self.split_button = QPushButton(self.tr("Split grid"), body)
        self.split_button.setToolTip(self.tr("Split the selected grid into balanced parts (one undoable edit)"))
        self.split_button.clicked.connect(lambda _checked=False: self.split_selected())
        self.parts_spin = QSpinBox(body)
        self.parts_spin.setRange(2, 9)
        self.parts_spin.setValue(2)
        self.parts_spin.setToolTip(self.tr("Number of parts"))
        self.move_button = QPushButton(self.tr("Move building"), body)
        self.move_button.setCheckable(True)
        self.move_button.setToolTip(
            self.tr("Click a building on the map: the boundary is redrawn so that it joins the neighbouring grid")
        )
        self.move_button.toggled.connect(self.toggle_move_tool)
        self.move_tool = PickBuildingTool(self.canvas, self) if self.canvas is not None else None
        if self.move_tool is not None:
            self.move_tool.deactivated.connect(lambda: self.move_button.setChecked(False))
        self.merge_button = QPushButton(self.tr("Merge grids"), body)
        self.merge_button.setToolTip(
            self.tr("Merge the selected adjacent grids of one community; the lower code survives")
        )
        self.merge_button.clicked.connect(lambda _checked=False: self.merge_selected())
        self.rebalance_button = QPushButton(self.tr("Rebalance"), body)
        self.rebalance_button.setToolTip(
            self.tr("Partition the selected grids again, keeping every other grid locked (one undoable edit)")
        )
        self.rebalance_button.clicked.connect(lambda _checked=False: self.rebalance_selected())
        self.neighbours_check = QCheckBox(self.tr("with neighbours"), body)
        self.neighbours_check.setToolTip(
            self.tr("Also rebalance the grids of the same community that share an edge with the selected ones")
        )
        self.save_button = QPushButton(self.tr("Save edits"), body)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.force_button = QPushButton(self.tr("Save anyway…"), body)
        self.force_button.setToolTip(self.tr("Save despite the blocking problems; the reason is recorded"))
        self.force_button.clicked.connect(lambda _checked=False: self.save_anyway())
        store_row = QHBoxLayout()
        self.load_store_button = QPushButton(self.tr("Load grids from store"), body)
        self.load_store_button.setToolTip(
            self.tr("Open the shared store's current grids as a working copy, each with its version")
        )
        self.load_store_button.clicked.connect(lambda _checked=False: self.load_from_store())
        self.save_store_button = QPushButton(self.tr("Save to store…"), body)
        self.save_store_button.setToolTip(
            self.tr("Save the changed, added and removed grids of the working copy as new versions, with a reason")
        )
        self.save_store_button.clicked.connect(lambda _checked=False: self.save_to_store())
        self.history_button = QPushButton(self.tr("History"), body)
        self.history_button.setToolTip(self.tr("Draw the earlier versions of the selected grid of the working copy"))
        self.history_button.clicked.connect(lambda _checked=False: self.show_history())
        store_row.addWidget(self.load_store_button)
        store_row.addWidget(self.save_store_button)
        store_row.addWidget(self.history_button)
        for w in (
            self.split_button,
            self.parts_spin,
            self.merge_button,
            self.rebalance_button,
            self.neighbours_check,
            self.move_button,
            self.save_button,
            self.force_button,
        ):
            row.addWidget(w)
        outer.addLayout(row)
        outer.addLayout(store_row)
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.status)

        splitter = QSplitter(Qt.Orientation.Vertical, body)
        self.model = GridTableModel(self)
        self.model.flag_labels = self.kind_labels()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(GridTableModel.SORT_ROLE)
        self.table = QTableView(splitter)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self.zoom_to_grid_row)
        self.warnings = QTableWidget(0, 3, splitter)
        self.warnings.setHorizontalHeaderLabels([self.tr("Warning"), self.tr("Grids"), self.tr("Detail")])
        self.warnings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.warnings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.warnings.horizontalHeader().setStretchLastSection(True)
        self.warnings.verticalHeader().setVisible(False)
        self.warnings.cellDoubleClicked.connect(self.zoom_to_warning)
        outer.addWidget(splitter, 1)
        self.setWidget(body)
        self.update_buttons()

    # -- settings -------------------------------------------------------------------------------------
    def on_grid_layer(self, layer):
        self.code_field.setLayer(layer)
        if layer is None:
            return
        names = [f.name() for f in layer.fields()]
        settings = self.layer_settings(layer)
        if settings.get("code_field") in names:
            self.code_field.setField(settings["code_field"])
        elif "grid_code" in names:
            self.code_field.setField("grid_code")
        for combo, key in ((self.buildings_combo, "buildings"), (self.communities_combo, "communities")):
            found = find_layer(settings.get(key))
            if found is not None:
                combo.setLayer(found)
        if settings.get("household_field"):
            self.household_field.setField(settings["household_field"])
        if settings.get("community_field"):
            self.community_field.setField(settings["community_field"])
        try:
            if settings.get("balance_by") not in (None, ""):
                self.balance_combo.setCurrentIndex(int(settings["balance_by"]))
            for spin, key in (
                (self.target_area, "target_area"),
                (self.target_households, "target_households"),
                (self.tolerance, "tolerance"),
            ):
                if settings.get(key) not in (None, ""):
                    spin.setValue(float(settings[key]))
        except (TypeError, ValueError):
            pass

    @staticmethod
    def layer_settings(layer):
        return {k: layer.customProperty(PROPERTY + k) for k in SETTING_KEYS if layer.customProperty(PROPERTY + k)}

    def save_settings(self, layer):
        values = {
            "code_field": self.code_field.currentField(),
            "buildings": self.buildings_combo.currentLayer().id() if self.buildings_combo.currentLayer() else "",
            "household_field": self.household_field.currentField(),
            "communities": self.communities_combo.currentLayer().id() if self.communities_combo.currentLayer() else "",
            "community_field": self.community_field.currentField(),
            "balance_by": str(self.balance_combo.currentIndex()),
            "target_area": str(self.target_area.value()),
            "target_households": str(self.target_households.value()),
            "tolerance": str(self.tolerance.value()),
        }
        for key, value in values.items():
            layer.setCustomProperty(PROPERTY + key, value)

    def target(self):
        return wb.Target(
            self.balance_combo.currentIndex(),
            self.target_area.value(),
            self.target_households.value(),
            self.tolerance.value() / 100.0,
        )

    # -- loading --------------------------------------------------------------------------------------
    def start(self):
        """Read the layers and compute every grid once; from now on edits are followed incrementally."""
        layer = self.grid_combo.currentLayer()
        if layer is None:
            self.show_status(self.tr("Pick a grid layer first."), error=True)
            return False
        if not self.code_field.currentField():
            self.show_status(
                self.tr("{layer}: pick the field holding the grid codes.").format(layer=layer.name()), error=True
            )
            return False
        buildings = self.buildings_combo.currentLayer()
        hh_field = self.household_field.currentField()
        balance = self.balance_combo.currentIndex()
        if balance in (HOUSEHOLDS, BOTH) and (buildings is None or not hh_field):
            self.show_status(
                self.tr("Balancing by households needs a buildings layer and its household field."), error=True
            )
            return False
        self.detach()
        crs = layer.crs()
        work = working_crs(crs, layer)
        project = QgsProject.instance()
        self.work_crs = work
        self.to_work = QgsCoordinateTransform(crs, work, project)
        self.to_layer = QgsCoordinateTransform(work, crs, project)
        try:
            if buildings is not None:
                ids, geoms, values = read_layer(
                    buildings, QgsCoordinateTransform(buildings.crs(), work, project), [hh_field]
                )
                keep = ~shapely.is_missing(geoms)
                self.building_geoms = geoms[keep]
                hh = parse_households(values[hh_field], ids, hh_field, buildings.name()) if hh_field else None
                self.households = None if hh is None else hh[keep]
            else:
                self.building_geoms, self.households = None, None
            communities = self.communities_combo.currentLayer()
            cgeoms, self.community_codes = None, []
            if communities is not None:
                cfield = self.community_field.currentField()
                _ids, cgeoms, cvalues = read_layer(
                    communities, QgsCoordinateTransform(communities.crs(), work, project), [cfield]
                )
                keep = ~shapely.is_missing(cgeoms)
                cgeoms = cgeoms[keep]
                codes = cvalues[cfield] if cfield else [""] * len(keep)
                self.community_codes = [_text(c) for c, k in zip(codes, keep) if k]
            self.workbench = wb.Workbench(
                self.building_geoms, self.households, cgeoms, self.community_codes, self.target()
            )
        except GridManagerError as error:
            self.workbench = None
            self.show_status(str(error), error=True)
            return False
        self.layer = layer
        self.layer_id = layer.id()
        self.save_settings(layer)
        self.open_registry()
        self.reload()
        self.connect_layer(layer)
        self.show_live(layer)
        return True

    def reload(self):
        """Compute every grid from the layer (its edit buffer included)."""
        field = self.code_field.currentField()
        ids, geoms, values = read_layer(self.layer, self.to_work, [field])
        self.workbench.load([(fid, g, _text(c)) for fid, g, c in zip(ids, geoms, values[field])])
        self.dirty.clear()
        self.model.set_stats(self.workbench.stats)
        self.refresh_warnings()

    def open_registry(self):
        """The code registry in the grid layer's GeoPackage (None for other formats: split/merge disabled)."""
        if self.registry is not None:
            self.registry.close()
        self.registry, self.table_name = None, None
        parts = QgsProviderRegistry.instance().decodeUri(self.layer.providerType(), self.layer.source())
        path = parts.get("path", "")
        if self.layer.providerType() != "ogr" or not path.lower().endswith(".gpkg"):
            return
        try:
            self.registry = GridCodeRegistry(path)
            tables = self.registry.feature_tables()
            table = parts.get("layerName") or (tables[0] if len(tables) == 1 else "")
            self.registry.install_gate(table)
            field = self.code_field.currentField()
            self.registry.register(_text(f[field]) for f in self.layer.getFeatures())
            self.table_name = table
        except GridManagerError as error:
            if self.registry is not None:
                self.registry.close()
            self.registry = None
            self.show_status(str(error), error=True)

    def connect_layer(self, layer):
        pairs = [
            (layer.geometryChanged, lambda fid, _g: self.mark(fid)),
            (layer.featureAdded, self.mark),
            (layer.featureDeleted, self.mark),
            (layer.attributeValueChanged, self.on_attribute),
            (layer.undoStack().indexChanged, lambda _i: self.flush()),
            (layer.beforeCommitChanges, lambda *_a: self.before_commit()),
            (layer.afterCommitChanges, self.after_commit),
            (layer.afterRollBack, self.reload),
            (layer.editingStarted, self.update_buttons),
            (layer.editingStopped, self.update_buttons),
            (QgsProject.instance().layerWillBeRemoved, self.on_layer_removed),
        ]
        for signal, slot in pairs:
            signal.connect(slot)
        self._connected = pairs
        self.update_buttons()

    def on_layer_removed(self, layer_id):
        if self.layer is not None and layer_id == self.layer_id:
            self.detach()

    def detach(self):
        for signal, slot in self._connected:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        self._connected = []
        self.hide_live()
        self.clear_highlights()
        self.flush_timer.stop()
        self.dirty.clear()
        self.layer = None
        self.update_buttons()

    def show_live(self, layer):
        """Labels and colours of the grid layer that read the live figures (restored by hide_live)."""
        _LIVE[layer.id()] = self.workbench
        renderer = layer.renderer()
        labeling = layer.labeling()
        self._saved_style = (
            layer,
            renderer.clone() if renderer is not None else None,
            labeling.clone() if labeling is not None else None,
        )
        if renderer is not None and hasattr(renderer, "classAttribute") and hasattr(renderer, "setClassAttribute"):
            live = renderer.clone()
            live.setClassAttribute(live_expression(renderer.classAttribute()))
            layer.setRenderer(live)
        if isinstance(labeling, QgsVectorLayerSimpleLabeling):
            settings = labeling.settings()
            text = settings.fieldName if settings.isExpression else f'"{settings.fieldName}"'
            live_text = live_expression(text)
            if live_text != text:
                settings.fieldName = live_text
                settings.isExpression = True
                layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.triggerRepaint()

    def hide_live(self):
        if self._saved_style is None:
            return
        layer, renderer, labeling = self._saved_style
        self._saved_style = None
        _LIVE.pop(self.layer_id, None)
        try:
            if renderer is not None:
                layer.setRenderer(renderer)
            if labeling is not None:
                layer.setLabeling(labeling)
            layer.triggerRepaint()
        except RuntimeError:  # the layer is being deleted
            pass

    # -- following edits ------------------------------------------------------------------------------
    def mark(self, fid):
        self.dirty.add(fid)
        self.flush_timer.start()

    def on_attribute(self, fid, index, _value):
        if self.layer is not None and self.layer.fields().at(index).name() == self.code_field.currentField():
            self.mark(fid)

    def flush(self):
        """Recompute the grids edited since the last flush (and those their edit touches)."""
        if not self.dirty or self.workbench is None or self.layer is None:
            return set()
        field = self.code_field.currentField()
        fids = sorted(self.dirty)
        self.dirty.clear()
        changes = {}
        request = QgsFeatureRequest().setFilterFids(fids)
        found = {f.id(): f for f in self.layer.getFeatures(request)}
        for fid in fids:
            f = found.get(fid)
            if f is None:
                changes[fid] = None
            else:
                wkb = _wkb(f.geometry(), self.to_work)
                changes[fid] = (None if wkb is None else shapely.from_wkb(wkb), _text(f[field]))
        touched = self.workbench.update(changes)
        self.model.set_stats(self.workbench.stats, touched)
        self.refresh_warnings()
        self.layer.triggerRepaint()
        return touched

    # -- warnings on the map --------------------------------------------------------------------------
    def refresh_warnings(self):
        """The warnings list and the map highlights; only the warnings that changed are redrawn."""
        issues = self.workbench.issues()
        ids = [id(i) for i in issues]
        if ids != self._issue_ids:
            self._issue_ids = ids
            self.current_issues = issues
            labels = self.kind_labels()
            codes = {fid: g.code for fid, g in self.workbench.grids.items()}
            self.warnings.setUpdatesEnabled(False)
            self.warnings.setRowCount(len(issues))
            for row, issue in enumerate(issues):
                item = QTableWidgetItem(labels[issue.kind])
                item.setForeground(QBrush(QColor(KIND_COLOURS[issue.kind])))
                self.warnings.setItem(row, 0, item)
                self.warnings.setItem(row, 1, QTableWidgetItem(", ".join(codes.get(f, str(f)) for f in issue.fids)))
                self.warnings.setItem(row, 2, QTableWidgetItem(self.issue_detail(issue)))
            if len(issues) <= 200:  # measuring thousands of rows would cost more than the edit
                self.warnings.resizeColumnsToContents()
            self.warnings.setUpdatesEnabled(True)
            shown = {id(i): i for i in issues[:MAX_HIGHLIGHTS]}
            for key in [k for k in self.bands if k not in shown]:
                self._remove_band(self.bands.pop(key))
            for key, issue in shown.items():
                if key not in self.bands:
                    self.bands[key] = self.highlight(issue)
        summary = self.workbench.summary()
        text = self.tr("{n} grids, {within} within ±{tol} % of the target; {w} warnings.").format(
            n=summary["grids"], within=summary["within"], tol=f"{self.tolerance.value():g}", w=len(issues)
        )
        if len(issues) > MAX_HIGHLIGHTS:
            text += " " + self.tr("The first {n} are highlighted on the map.").format(n=MAX_HIGHLIGHTS)
        self.show_status(text)

    def issue_detail(self, issue):
        if issue.kind in (wb.OVERLAP, wb.GAP, wb.CROSSES, wb.OUTSIDE):
            return self.tr("{area} m²").format(area=f"{issue.value:,.1f}")
        if issue.kind == wb.MULTIPART:
            return self.tr("{n} parts").format(n=int(issue.value))
        if issue.kind == wb.CUTS:
            return self.tr("building cut by {n} grids").format(n=int(issue.value))
        if issue.kind == wb.INVALID:
            reason = issue.detail.split("[", 1)[0].strip()  # GEOS: "Self-intersection[x y]"
            return self.invalid_reasons().get(reason, reason)
        return issue.detail

    def invalid_reasons(self):
        return {
            "empty": self.tr("No geometry"),
            "Self-intersection": self.tr("The boundary crosses itself"),
            "Ring Self-intersection": self.tr("A ring touches itself"),
            "Too few points": self.tr("Too few vertices"),
            "Hole lies outside shell": self.tr("A hole lies outside the grid"),
            "Nested holes": self.tr("Nested holes"),
            "Interior is disconnected": self.tr("The inside falls apart"),
            "Nested shells": self.tr("Nested outlines"),
            "Duplicate Rings": self.tr("Duplicate rings"),
            "Invalid Coordinate": self.tr("Invalid coordinate"),
        }

    def to_layer_geometry(self, geom):
        g = QgsGeometry()
        g.fromWkb(shapely.to_wkb(geom))
        if not self.to_layer.isShortCircuited():
            g.transform(self.to_layer)
        return g

    def highlight(self, issue):
        band = QgsRubberBand(self.canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        colour = QColor(KIND_COLOURS[issue.kind])
        band.setStrokeColor(colour)
        colour.setAlpha(90)
        band.setFillColor(colour)
        band.setWidth(2)
        band.setToGeometry(self.to_layer_geometry(issue.geometry), self.layer)
        return band

    def _remove_band(self, band):
        try:
            band.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
            if self.canvas is not None and self.canvas.scene() is not None:
                self.canvas.scene().removeItem(band)
        except RuntimeError:  # the canvas went first (QGIS closing) and took its items with it
            pass

    def clear_highlights(self):
        for band in self.bands.values():
            self._remove_band(band)
        self.bands = {}
        self._issue_ids = None

    def zoom_to(self, geom):
        if self.layer is None:
            return
        rect = self.to_layer_geometry(geom).boundingBox()
        rect = self.canvas.mapSettings().layerExtentToOutputExtent(self.layer, rect)
        rect.scale(1.5)
        self.canvas.setExtent(rect)
        self.canvas.refresh()

    def zoom_to_warning(self, row, _column=0):
        if 0 <= row < len(self.current_issues):
            self.zoom_to(self.current_issues[row].geometry)

    def zoom_to_grid_row(self, index):
        fid = self.proxy.data(index, GridTableModel.FID_ROLE)
        if fid is None or fid not in self.workbench.grids:
            return
        self.layer.selectByIds([fid])
        self.zoom_to(self.workbench.geometry(fid))

    # -- tools ----------------------------------------------------------------------------------------
    def update_buttons(self):
        active = self.layer is not None and self.workbench is not None
        tools = active and self.registry is not None
        for button in (
            self.split_button,
            self.parts_spin,
            self.merge_button,
            self.rebalance_button,
            self.neighbours_check,
        ):
            button.setEnabled(tools)
            if active and self.registry is None:
                button.setToolTip(
                    self.tr("Split, merge and rebalance need a GeoPackage grid layer (its code registry).")
                )
        self.move_button.setEnabled(active and self.workbench.btree is not None)
        if not self.move_button.isEnabled():
            self.move_button.setChecked(False)
        self.save_button.setEnabled(active and self.layer.isEditable())
        self.force_button.setEnabled(active and self.layer.isEditable() and self.registry is not None)

    def community_of(self, fid):
        s = self.workbench.stats.get(fid)
        if s is not None and s.community >= 0 and self.community_codes[s.community]:
            return self.community_codes[s.community]
        return area_code_of(self.workbench.grids[fid].code, None)

    def _start_editing(self):
        if not self.layer.isEditable() and not self.layer.startEditing():
            self.show_status(self.tr("{layer} cannot be edited.").format(layer=self.layer.name()), error=True)
            return False
        return True

    def split_selected(self, parts=None):
        """Split the one selected grid into `parts` (the spin box's value) balanced parts: the heaviest keeps
        the code, the others get the next never-used serials of the community.  One edit command."""
        if not self.ready_for_tool():
            return False
        self.flush()
        fids = list(self.layer.selectedFeatureIds())
        if len(fids) != 1:
            self.show_status(self.tr("Select exactly one grid to split."), error=True)
            return False
        fid = fids[0]
        k = parts or self.parts_spin.value()
        try:
            pieces = wb.split_geometry(
                self.workbench.grids[fid].raw, k, self.building_geoms, self.households, self.target()
            )
            codes = [self.workbench.grids[fid].code]
            in_use = [g.code for g in self.workbench.grids.values()]
            community = self.community_of(fid)
            for _ in pieces[1:]:
                codes.append(self.registry.issue(community, in_use=in_use + codes))
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return False
        if not self._start_editing():
            return False
        original = self.layer.getFeature(fid)
        code_index = self.layer.fields().indexOf(self.code_field.currentField())
        pk = set(self.layer.primaryKeyAttributes())
        self.layer.beginEditCommand(self.tr("Split grid {code}").format(code=codes[0]))
        ok = self.layer.changeGeometry(fid, self.to_layer_geometry(pieces[0]))
        for piece, code in zip(pieces[1:], codes[1:]):
            feature = QgsFeature(self.layer.fields())
            attrs = [None if i in pk else v for i, v in enumerate(original.attributes())]
            attrs[code_index] = code
            feature.setAttributes(attrs)
            feature.setGeometry(self.to_layer_geometry(piece))
            ok = self.layer.addFeature(feature) and ok
        if not ok:
            self.layer.destroyEditCommand()
            self.show_status(
                self.tr("{layer}: the split could not be applied.").format(layer=self.layer.name()), error=True
            )
            return False
        self.layer.endEditCommand()
        self.flush()
        self.show_status(self.tr("Grid {code} split into {k}: new codes {new}.").format(
            code=codes[0], k=k, new=", ".join(codes[1:])
        ))  # fmt: skip
        return True

    def merge_selected(self):
        """Merge the selected adjacent grids of one community; the lower code survives.  One edit command."""
        if not self.ready_for_tool():
            return False
        self.flush()
        fids = sorted(self.layer.selectedFeatureIds())
        if len(fids) < 2:
            self.show_status(self.tr("Select two or more adjacent grids to merge."), error=True)
            return False
        communities = {self.community_of(f) for f in fids}
        if len(communities) > 1:
            self.show_status(
                self.tr("The selected grids lie in different communities ({codes}); grids never cross a community.")
                .format(codes=", ".join(sorted(communities))),
                error=True,
            )  # fmt: skip
            return False
        try:
            merged = wb.merge_geometry([self.workbench.grids[f].raw for f in fids])
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return False
        survivor = min(fids, key=lambda f: (self.workbench.grids[f].code == "", self.workbench.grids[f].code, f))
        code = self.workbench.grids[survivor].code
        if not self._start_editing():
            return False
        self.layer.beginEditCommand(self.tr("Merge grids into {code}").format(code=code))
        ok = self.layer.changeGeometry(survivor, self.to_layer_geometry(merged))
        ok = self.layer.deleteFeatures([f for f in fids if f != survivor]) and ok
        if not ok:
            self.layer.destroyEditCommand()
            self.show_status(
                self.tr("{layer}: the merge could not be applied.").format(layer=self.layer.name()), error=True
            )
            return False
        self.layer.endEditCommand()
        self.layer.selectByIds([survivor])
        self.flush()
        self.show_status(self.tr("{n} grids merged into {code}.").format(n=len(fids), code=code))
        return True

    def edge_neighbours(self, fids):
        """Grids of the same community sharing an edge (not only a corner) with one of `fids`."""
        from ..grids.atoms import MIN_SHARED_EDGE

        found = set()
        for fid in fids:
            geom = self.workbench.grids[fid].raw
            community = self.community_of(fid)
            for other in self.workbench.neighbours_of(fid):
                if other in fids or other in found or self.community_of(other) != community:
                    continue
                shared = shapely.intersection(shapely.boundary(geom), shapely.boundary(self.workbench.grids[other].raw))
                if shapely.length(shared) > MIN_SHARED_EDGE:
                    found.add(other)
        return found

    def rebalance_selected(self, with_neighbours=None):
        """Partition the selected grids (and, when asked, their edge neighbours of the same community) again
        with the revise engine, every other grid locked.  A grid that mostly stays where an old one was keeps
        its code; new grids get the next never-used serials of their community; codes of grids that
        disappear are retired at the next save.  One edit command."""
        if not self.ready_for_tool():
            return False
        self.flush()
        fids = set(self.layer.selectedFeatureIds()) & set(self.workbench.grids)
        if not fids:
            self.show_status(self.tr("Select the grids to rebalance."), error=True)
            return False
        if self.neighbours_check.isChecked() if with_neighbours is None else with_neighbours:
            fids |= self.edge_neighbours(fids)
        fids = sorted(fids)
        grids = [(f, self.workbench.grids[f].raw, self.workbench.grids[f].code, self.community_of(f)) for f in fids]
        grids_raw = {f: self.workbench.grids[f].raw for f in fids}
        missing = [f for f, _g, code, _c in grids if not code]
        if missing:
            self.show_status(
                self.tr("{layer}: feature {fid} has no grid code; give it one before rebalancing.").format(
                    layer=self.layer.name(), fid=missing[0]
                ),
                error=True,
            )
            return False
        try:
            pieces = wb.rebalance_geometries(grids, self.target(), self.building_geoms, self.households)
            in_use = [g.code for g in self.workbench.grids.values()]
            # one code per added grid, in the community of the old grid it overlaps most (whose other
            # attributes it copies)
            owners, added = [], []
            for key, geom, _status in pieces:
                if key is None:
                    owner = max(fids, key=lambda f: shapely.area(shapely.intersection(geom, grids_raw[f])))
                    owners.append(owner)
                    added.append(self.registry.issue(self.community_of(owner), in_use=in_use + added))
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return False
        if not self._start_editing():
            return False
        kept = {key for key, _g, _s in pieces if key is not None}
        sources = {f: self.layer.getFeature(f) for f in set(owners)}
        code_index = self.layer.fields().indexOf(self.code_field.currentField())
        pk = set(self.layer.primaryKeyAttributes())
        self.layer.beginEditCommand(self.tr("Rebalance {n} grids").format(n=len(fids)))
        ok = True
        codes, owned = iter(added), iter(owners)
        for key, geom, status in pieces:
            if key is not None:
                if status != "unchanged":
                    ok = self.layer.changeGeometry(key, self.to_layer_geometry(geom)) and ok
                continue
            source = sources[next(owned)]
            feature = QgsFeature(self.layer.fields())
            attrs = [None if i in pk else v for i, v in enumerate(source.attributes())]
            attrs[code_index] = next(codes)
            feature.setAttributes(attrs)
            feature.setGeometry(self.to_layer_geometry(geom))
            ok = self.layer.addFeature(feature) and ok
        gone = [f for f in fids if f not in kept]
        if gone:
            ok = self.layer.deleteFeatures(gone) and ok
        if not ok:
            self.layer.destroyEditCommand()
            self.show_status(
                self.tr("{layer}: the rebalance could not be applied.").format(layer=self.layer.name()), error=True
            )
            return False
        self.layer.endEditCommand()
        self.flush()
        self.show_status(
            self.tr("{n} grids rebalanced into {m}; new codes: {new}.").format(
                n=len(fids), m=len(pieces), new=", ".join(added) or "—"
            )
        )
        return True

    def toggle_move_tool(self, on):
        if self.move_tool is None:
            return
        if on:
            self.canvas.setMapTool(self.move_tool)
            self.show_status(self.tr("Click a building next to the grid it should join."))
        elif self.canvas.mapTool() is self.move_tool:
            self.canvas.unsetMapTool(self.move_tool)

    def move_building_at(self, point):
        """Move the building under `point` (map canvas CRS) to the neighbouring grid its cell of the owner grid
        touches most: the two grids' boundary is redrawn around it, as one edit command."""
        if self.layer is None or self.workbench is None:
            self.show_status(self.tr("Press Start first."), error=True)
            return False
        w = self.workbench
        if w.btree is None:
            self.show_status(self.tr("Moving a building needs the buildings layer."), error=True)
            return False
        self.flush()
        to_work = QgsCoordinateTransform(
            self.canvas.mapSettings().destinationCrs(), self.work_crs, QgsProject.instance()
        )
        p = to_work.transform(point)
        hits = w.btree.query(shapely.Point(p.x(), p.y()), predicate="intersects")
        if not len(hits):
            self.show_status(self.tr("No building here: click on a building."), error=True)
            return False
        building = int(min(hits, key=lambda b: w.barea[b]))
        owner = w.owner.get(building)
        if owner is None:
            self.show_status(self.tr("This building lies in no grid."), error=True)
            return False
        community = w.stats[owner].community
        neighbours = {f: w.grids[f].raw for f in w.neighbours_of(owner) if w.stats[f].community == community}
        try:
            target, new_owner, new_target = wb.move_building(
                w.grids[owner].raw, neighbours, w.bgeoms[building], w.bgeoms, w.hh
            )
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return False
        if not self._start_editing():
            return False
        code = w.grids[target].code
        self.layer.beginEditCommand(self.tr("Move building to grid {code}").format(code=code))
        ok = self.layer.changeGeometry(owner, self.to_layer_geometry(new_owner))
        ok = self.layer.changeGeometry(target, self.to_layer_geometry(new_target)) and ok
        if not ok:
            self.layer.destroyEditCommand()
            self.show_status(
                self.tr("{layer}: the move could not be applied.").format(layer=self.layer.name()), error=True
            )
            return False
        self.layer.endEditCommand()
        self.flush()
        self.show_status(
            self.tr("Building moved from grid {old} to grid {new}.").format(old=w.grids[owner].code, new=code)
        )
        return True

    def ready_for_tool(self):
        if self.layer is None or self.workbench is None:
            self.show_status(self.tr("Press Start first."), error=True)
            return False
        if self.registry is None:
            self.show_status(
                self.tr("Split, merge and rebalance need a GeoPackage grid layer (its code registry)."), error=True
            )
            return False
        return True

    # -- saving ---------------------------------------------------------------------------------------
    def edited_fids(self):
        buffer = self.layer.editBuffer() if self.layer is not None else None
        if buffer is None:
            return set()
        return set(buffer.changedGeometries().keys()) | set(buffer.addedFeatures().keys())

    def blocking_problems(self):
        """The problems that stop a save: invalid, multi-part, crossing or building-cutting grids among
        those edited in this session."""
        self.flush()
        if self.workbench is None:
            return []
        return self.workbench.issues_of(self.edited_fids(), wb.BLOCKING)

    def before_commit(self):
        problems = self.blocking_problems()
        if not problems or self.override_reason:
            return
        labels = self.kind_labels()
        codes = {fid: g.code for fid, g in self.workbench.grids.items()}
        listed = "; ".join(
            f"{labels[p.kind]} ({', '.join(codes.get(f, str(f)) for f in p.fids)})" for p in problems[:10]
        )
        if self.registry is None or not self.table_name:
            # only a GeoPackage can refuse the write: elsewhere the surveyor is told what is being saved
            text = self.tr(
                "{layer}: saved with {n} problems in the edited grids: {list}. Only GeoPackage grid layers refuse "
                "such a save."
            ).format(layer=self.layer.name(), n=len(problems), list=listed)
            self.commit_notice = text  # shown again once the saved layer is reloaded
            if self.iface is not None:
                self.iface.messageBar().pushWarning(self.tr("Grid editing"), text)
            return
        self.last_refusal = self.tr(
            "{layer}: saving refused — {n} problems in the edited grids: {list}. Fix them, or use "
            "“Save anyway…” with a reason."
        ).format(layer=self.layer.name(), n=len(problems), list=listed)
        self.show_status(self.last_refusal, error=True)
        if self.registry is not None and self.table_name:
            # the file itself refuses this save; the gate opens again as soon as the save attempt is over
            self.registry.set_gate(self.table_name, True)
            QTimer.singleShot(0, self.open_gate)
        if self.iface is not None:
            self.iface.messageBar().pushWarning(self.tr("Grid editing"), self.last_refusal)

    def open_gate(self):
        if self.registry is not None and self.table_name:
            self.registry.set_gate(self.table_name, False)

    def save(self):
        """Save the edits (keeping the layer editable); refused while blocking problems remain."""
        if self.layer is None or not self.layer.isEditable():
            return False
        if self.layer is self.store_layer:
            return self.save_to_store() is not None
        self.last_refusal = None
        ok = self.layer.commitChanges(False)
        self.open_gate()
        if not ok:
            if not self.last_refusal:
                self.show_status(
                    self.tr("{layer}: the edits could not be saved: {errors}").format(
                        layer=self.layer.name(), errors="; ".join(self.layer.commitErrors())
                    ),
                    error=True,
                )
            return False
        return True

    def save_anyway(self, reason=None):
        """Save despite the blocking problems, recording who, when, why and which problems."""
        if self.layer is None or not self.layer.isEditable() or self.registry is None:
            return False
        problems = self.blocking_problems()
        if not problems:
            return self.save()
        if reason is None:
            if os.environ.get("GRIDMANAGER_NO_MODAL"):
                return False
            reason, accepted = QInputDialog.getText(
                self, self.tr("Save anyway"), self.tr("Why must these grids be saved with their problems?")
            )
            if not accepted:
                return False
        codes = {fid: g.code for fid, g in self.workbench.grids.items()}
        try:
            self.registry.record_override(
                self.layer.name(),
                reason,
                [{"kind": p.kind, "grids": [codes.get(f, str(f)) for f in p.fids]} for p in problems],
            )
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return False
        self.override_reason = reason
        try:
            return self.save()
        finally:
            self.override_reason = None

    def after_commit(self):
        if self.registry is not None:
            field = self.code_field.currentField()
            self.registry.sync((_text(f[field]) for f in self.layer.getFeatures()), note=self.layer.name())
        self.reload()
        self.update_buttons()
        if self.commit_notice:
            self.show_status(self.commit_notice, error=True)
            self.commit_notice = None

    # -- the shared store's grids ---------------------------------------------------------------------------
    def connected_store(self):
        """The store the case dock is connected to now, else the one the grids were loaded from."""
        current = self.store_provider() if self.store_provider is not None else None
        return current if current is not None else self.store

    def load_from_store(self, store=None):
        """Open the store's current grids as a memory working copy (fields code, version, community_code)."""
        store = store or self.connected_store()
        if store is None:
            self.show_status(self.tr("Connect to a case store first (dock Case handling)."), error=True)
            return None
        try:
            rows = store.current_grids()
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return None
        self.store = store
        layer = self.store_layer if self._store_layer_alive() else None
        if layer is None:
            layer = QgsVectorLayer(
                "Polygon?crs=EPSG:4490&field=code:string(15)&field=version:integer&field=community_code:string(12)",
                self.tr("Store grids"),
                "memory",
            )
            layer.setCustomProperty(STORE_PROPERTY, True)
            QgsProject.instance().addMapLayer(layer)
            self.store_layer = layer
        elif layer.isEditable():
            layer.rollBack(False)  # the saved edits are in the store now; editing goes on
        self._fill_store_layer(layer, rows)
        if self.layer is layer:
            self.reload()
        else:
            self.grid_combo.setLayer(layer)
            self.code_field.setField("code")
        self.show_status(self.tr("{count} grids loaded from the store.").format(count=len(rows)))
        return layer

    def _store_layer_alive(self):
        try:
            return self.store_layer is not None and self.store_layer.isValid()
        except RuntimeError:  # deleted with the project
            return False

    def _fill_store_layer(self, layer, rows):
        provider = layer.dataProvider()
        provider.truncate()
        features = []
        for row in rows:
            feature = QgsFeature(layer.fields())
            feature.setAttributes([row["code"], int(row["version"]), row["community_code"]])
            feature.setGeometry(QgsGeometry.fromWkt(row["wkt"]))
            features.append(feature)
        provider.addFeatures(features)
        layer.updateExtents()
        layer.triggerRepaint()
        self.store_snapshot = {r["code"]: (int(r["version"]), r["community_code"], r["wkt"]) for r in rows}

    def store_edits(self):
        """The changed, added and removed grids of the working copy (its edit buffer included), in the shape
        of ``store.commit_grid_edits``.  Raises GridManagerError naming the feature and field of bad input."""
        layer = self.store_layer
        edits, seen = [], set()
        for feature in layer.getFeatures():
            code = _text(feature["code"])
            if not code:
                raise GridManagerError(
                    self.tr("{layer}, feature {fid}: the grid has no code (field code).").format(
                        layer=layer.name(), fid=feature.id()
                    )
                )
            if code in seen:
                raise GridManagerError(
                    self.tr("{layer}, feature {fid}: the grid code {code} is used twice (field code).").format(
                        layer=layer.name(), fid=feature.id(), code=code
                    )
                )
            seen.add(code)
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                raise GridManagerError(
                    self.tr("{layer}, feature {fid}: grid {code} has no geometry.").format(
                        layer=layer.name(), fid=feature.id(), code=code
                    )
                )
            community = _text(feature["community_code"]) or code[:12]
            wkt = geometry.asWkt()
            old = self.store_snapshot.get(code)
            if old is None:
                edits.append({"code": code, "base_version": None, "community_code": community, "geometry": wkt})
                continue
            version, old_community, old_wkt = old
            if community != old_community or not geometry.equals(QgsGeometry.fromWkt(old_wkt)):
                edit = {"code": code, "base_version": version, "geometry": wkt}
                if community != old_community:
                    edit["community_code"] = community
                edits.append(edit)
        for code, (version, _community, _wkt) in sorted(self.store_snapshot.items()):
            if code not in seen:
                edits.append({"code": code, "base_version": version, "retire": True})
        return edits

    def save_to_store(self, reason=None):
        """Save the working copy's edits to the store as new versions; a refusal keeps every edit."""
        if self.store is None or not self._store_layer_alive():
            self.show_status(self.tr("Load the grids from the store first."), error=True)
            return None
        layer = self.store_layer
        try:
            edits = self.store_edits()
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return None
        if not edits:
            self.show_status(self.tr("{layer}: no grid was changed.").format(layer=layer.name()))
            return []
        problems = self.blocking_problems() if self.layer is layer else []
        if problems:
            labels = self.kind_labels()
            codes = {fid: g.code for fid, g in self.workbench.grids.items()}
            listed = "; ".join(
                f"{labels[p.kind]} ({', '.join(codes.get(f, str(f)) for f in p.fids)})" for p in problems[:10]
            )
            self.show_status(
                self.tr("{layer}: saving to the store refused — {n} problems in the edited grids: {list}.").format(
                    layer=layer.name(), n=len(problems), list=listed
                ),
                error=True,
            )
            return None
        if reason is None:
            if os.environ.get("GRIDMANAGER_NO_MODAL"):
                return None
            reason, accepted = QInputDialog.getText(
                self,
                self.tr("Save to store"),
                self.tr("Why were these {count} grids changed?").format(count=len(edits)),
            )
            if not accepted:
                return None
        try:
            result = self.store.commit_grid_edits(edits, reason)
        except GridManagerError as error:
            self.show_status(
                self.tr("{layer}: the store refused the edits, which are kept: {error}").format(
                    layer=layer.name(), error=str(error)
                ),
                error=True,
            )
            return None
        self.load_from_store(self.store)
        self.show_status(self.tr("{count} grids saved to the store.").format(count=len(result)))
        return result

    def show_history(self, code=None):
        """Draw the earlier versions of a grid (the selected one of the working copy) as dashed outlines and
        list them (version, who, when, why) in the status line."""
        self.clear_history()
        if self.store is None or not self._store_layer_alive():
            self.show_status(self.tr("Load the grids from the store first."), error=True)
            return []
        layer = self.store_layer
        if code is None:
            selected = layer.selectedFeatures()
            if len(selected) != 1:
                self.show_status(
                    self.tr("{layer}: select one grid to see its history.").format(layer=layer.name()), error=True
                )
                return []
            code = _text(selected[0]["code"])
        try:
            rows = self.store.grid_history(code)
        except GridManagerError as error:
            self.show_status(str(error), error=True)
            return []
        earlier = [r for r in rows if r["valid_to"] is not None]
        if not earlier:
            self.show_status(self.tr("Grid {code} has no earlier version.").format(code=code))
            return []
        for index, row in enumerate(reversed(earlier)):
            band = QgsRubberBand(self.canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
            colour = QColor(HISTORY_COLOURS[min(index, len(HISTORY_COLOURS) - 1)])
            band.setStrokeColor(colour)
            band.setFillColor(QColor(0, 0, 0, 0))
            band.setLineStyle(Qt.PenStyle.DashLine)
            band.setWidth(2)
            band.setToGeometry(QgsGeometry.fromWkt(row["wkt"]), layer)
            self.history_bands.append(band)
        changes = {
            "load": self.tr("loaded"),
            "edit": self.tr("edited"),
            "add": self.tr("added"),
            "publish": self.tr("published"),
            "retire": self.tr("retired"),
        }
        lines = [
            self.tr("v{version} by {actor} at {at}: {change} {reason}").format(
                version=r["version"],
                actor=r["actor"] or "",
                at=r["at"],
                change=changes.get(r["change"], r["change"]),
                reason=r["reason"] or "",
            )
            for r in rows
        ]
        self.show_status(
            self.tr("Grid {code}: {n} earlier versions drawn.").format(code=code, n=len(earlier))
            + "\n"
            + "\n".join(lines)
        )
        return earlier

    def clear_history(self):
        for band in self.history_bands:
            self._remove_band(band)
        self.history_bands = []

    # -- misc -----------------------------------------------------------------------------------------
    def show_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b2182b;" if error else "")

    def unload(self):
        self.move_button.setChecked(False)
        self.clear_history()
        self.detach()
        _unregister_live_function(self)
        if self.registry is not None:
            self.registry.close()
            self.registry = None


def find_layer(value):
    """The project layer with id `value`, else the first whose source is `value`."""
    if not value:
        return None
    project = QgsProject.instance()
    layer = project.mapLayer(value)
    if layer is not None:
        return layer
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer) and layer.source() == value:
            return layer
    # a file the partition read but this project has not loaded: load it
    path = value.split("|", 1)[0]
    if os.path.isfile(path):
        name = value.split("layername=", 1)[1].split("|", 1)[0] if "layername=" in value else os.path.basename(path)
        layer = QgsVectorLayer(value, name, "ogr")
        if layer.isValid():
            project.addMapLayer(layer)
            return layer
    return None
