"""The plugin object: wires the Processing provider, menu actions, dock and translator."""

import os

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

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
    "gridmanager:convertchinacoords",
    "gridmanager:casedensity",
    "gridmanager:gridcasestats",
    "gridmanager:evaluate",
)


class GridManagerPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        self.dock = None
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
        self.warn_missing_packages()
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
        self.init_case_dock()

    def init_case_dock(self):
        """The dock 案件处理, shown and hidden by a checkable action in the menu and toolbar."""
        from qgis.PyQt.QtCore import Qt

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

    def warn_missing_packages(self):
        from .grid_manager.common.dependencies import missing_packages

        missing = missing_packages()
        if not missing:
            return
        names = ", ".join(f"{name} ≥ {minimum}" + (f" ({found})" if found else "") for name, minimum, found in missing)
        self.iface.messageBar().pushWarning(
            self.tr("Grid Manager"),
            self.tr(
                "Some algorithms need Python packages this QGIS lacks: {names}. Install them into QGIS's "
                "Python (see the plugin's README)."
            ).format(names=names),
        )

    def open_algorithm(self, algorithm_id):
        from qgis import processing

        processing.execAlgorithmDialog(algorithm_id, {})

    def unload(self):
        for action in self.actions:
            self.iface.removePluginMenu(self.menu_name, action)
            if action is getattr(self, "case_action", None):
                self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = []
        self.case_action = None
        if self.dock is not None:
            self.dock.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            self.translator.remove()
            self.translator = None


def icon(name="gridmanager.svg"):
    return QIcon(os.path.join(PLUGIN_DIR, "resources", "icons", name))
