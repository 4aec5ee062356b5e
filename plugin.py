"""The plugin object: wires the Processing provider, menu actions, dock and translator."""

import os

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProject
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMessageBox, QPushButton

from .grid_manager.gui.translation import PluginTranslator
from .processing.provider import GridManagerProvider

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))

# Algorithms offered in the plugin menu (their translated display names are the menu texts).
MENU_ALGORITHMS = (
    "gridmanager:partitiongrids",
    "gridmanager:revisegrids",
    "gridmanager:checkgrids",
    "gridmanager:importparts",
    "gridmanager:updateinventory",
    "gridmanager:addpartlayer",
    "gridmanager:convertchinacoords",
    "gridmanager:casedensity",
    "gridmanager:gridcasestats",
    "gridmanager:localmoran",
    "gridmanager:emerginghotspots",
    "gridmanager:evaluate",
    "gridmanager:managedepartments",
    "gridmanager:manageclasses",
    "gridmanager:manageusers",
    "gridmanager:workingtime",
)


class GridManagerPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        self.dock = None
        self.grid_dock = None
        self.translator = PluginTranslator()

    def tr(self, text):
        return QCoreApplication.translate("GridManagerPlugin", text)

    @property
    def menu_name(self):
        return self.tr("&Grid Manager")

    # -- Processing ------------------------------------------------------------------------
    def initProcessing(self):
        if self.provider is None:
            self.provider = GridManagerProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    # -- GUI -------------------------------------------------------------------------------
    def initGui(self):
        self.initProcessing()
        for algorithm_id in MENU_ALGORITHMS:
            algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
            if algorithm is None:
                continue
            action = QAction(algorithm.icon(), algorithm.displayName() + "…", self.iface.mainWindow())
            action.setObjectName("gridmanager_" + algorithm_id.split(":")[1])
            action.triggered.connect(lambda _checked=False, a=algorithm_id: self.open_algorithm(a))
            self.iface.addPluginToMenu(self.menu_name, action)
            self.actions.append(action)
        self.unavailable_docks = []
        for init, name in (
            (self.init_case_dock, self.tr("Case handling")),
            (self.init_grid_dock, self.tr("Grid editing")),
        ):
            try:
                init()
            except ImportError as error:  # a package QGIS's Python lacks: the warning below names it
                self.unavailable_docks.append(name)
                QgsMessageLog.logMessage(f"{name}: {error}", "Grid Manager", Qgis.MessageLevel.Warning)
        self.warn_missing_packages()
        # part inventory layers added any way (the browser, a project, addpartlayer): saves refused by the
        # store are shown in words, and the version read goes back with every change
        QgsProject.instance().layersAdded.connect(self.watch_part_layers)
        self.watch_part_layers(QgsProject.instance().mapLayers().values())

    def watch_part_layers(self, layers):
        from .processing.algorithms.part_forms import is_part_inventory, watch

        for layer in layers:
            if is_part_inventory(layer):
                watch(layer)

    def init_case_dock(self):
        """The dock 案件处理, shown and hidden by a checkable action in the menu and toolbar."""

        from .grid_manager.gui.case_dock import CaseDock

        self.dock = CaseDock(self.iface.mapCanvas(), self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        action = QAction(icon("cases.svg"), self.tr("Case handling"), self.iface.mainWindow())
        action.setObjectName("gridmanager_cases")
        action.setCheckable(True)
        action.toggled.connect(self.dock.setVisible)
        self.dock.visibilityChanged.connect(action.setChecked)
        self.iface.addPluginToMenu(self.menu_name, action)
        self.iface.addToolBarIcon(action)
        self.case_action = action
        self.actions.append(action)

    def init_grid_dock(self):
        """The dock 网格编辑 (grid editing), shown and hidden by a checkable action in the menu and toolbar."""

        from .grid_manager.gui.grid_dock import GridDock

        self.grid_dock = GridDock(self.iface.mapCanvas(), self.iface, self.iface.mainWindow())
        # "Load grids from store" uses the store the case dock is connected to
        self.grid_dock.store_provider = lambda: getattr(getattr(self, "dock", None), "store", None)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.grid_dock)
        self.grid_dock.hide()
        action = QAction(icon("grid_edit.svg"), self.tr("Grid editing"), self.iface.mainWindow())
        action.setObjectName("gridmanager_grid_editing")
        action.setCheckable(True)
        action.toggled.connect(self.grid_dock.setVisible)
        self.grid_dock.visibilityChanged.connect(action.setChecked)
        self.iface.addPluginToMenu(self.menu_name, action)
        self.iface.addToolBarIcon(action)
        self.grid_action = action
        self.actions.append(action)

    def warn_missing_packages(self):
        """A message-bar warning that names the packages QGIS's Python lacks, the algorithms that could not
        load because of them, and a button that shows the install command."""
        from .grid_manager.common.dependencies import OPTIONAL, install_command, missing_packages

        missing = missing_packages()
        if not missing:
            return None
        self.initProcessing()
        registry = QgsApplication.processingRegistry()
        unavailable = [a for a in MENU_ALGORITHMS if registry.algorithmById(a) is None]
        names = ", ".join(f"{name} ≥ {minimum}" + (f" ({found})" if found else "") for name, minimum, found in missing)
        docks = getattr(self, "unavailable_docks", [])
        if unavailable:
            text = self.tr(
                "{n} of {total} algorithms cannot load because QGIS's Python lacks: {names}. Unavailable: {algorithms}."
            ).format(n=len(unavailable), total=len(MENU_ALGORITHMS), names=names, algorithms=", ".join(unavailable))
        elif all(name in OPTIONAL for name, _, _ in missing) and not docks:
            text = self.tr(
                "QGIS's Python lacks {names}: the shared PostGIS case store cannot be opened (the GeoPackage "
                "store and every algorithm work)."
            ).format(names=names)
        else:
            text = self.tr("QGIS's Python lacks: {names}.").format(names=names)
        if docks:
            text += " " + self.tr("These panels cannot open: {panels}.").format(panels=", ".join(docks))
        command = install_command(missing)
        bar = self.iface.messageBar()
        item = QgsMessageBar.createMessage(self.tr("Grid Manager"), text, bar)
        button = QPushButton(self.tr("Install command…"), item)
        button.setObjectName("gridmanager_install_command")
        button.clicked.connect(lambda _checked=False: self.show_install_command(command))
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Warning)
        return text, command

    def show_install_command(self, command):
        box = QMessageBox(self.iface.mainWindow())
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Install the missing Python packages"))
        box.setText(
            self.tr(
                "Close QGIS, run this command in a terminal (on Windows: the OSGeo4W Shell), then start QGIS again:"
            )
        )
        box.setInformativeText(command)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def open_algorithm(self, algorithm_id):
        from qgis import processing

        processing.execAlgorithmDialog(algorithm_id, {})

    def unload(self):
        try:
            QgsProject.instance().layersAdded.disconnect(self.watch_part_layers)
        except TypeError:  # not connected (initGui did not run)
            pass
        for action in self.actions:
            self.iface.removePluginMenu(self.menu_name, action)
            if action is getattr(self, "case_action", None) or action is getattr(self, "grid_action", None):
                self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = []
        self.case_action = None
        self.grid_action = None
        if self.dock is not None:
            self.dock.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.grid_dock is not None:
            self.grid_dock.unload()
            self.iface.removeDockWidget(self.grid_dock)
            self.grid_dock.deleteLater()
            self.grid_dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            self.translator.remove()
            self.translator = None


def icon(name="gridmanager.svg"):
    return QIcon(os.path.join(PLUGIN_DIR, "resources", "icons", name))
