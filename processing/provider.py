"""The ``gridmanager`` Processing provider."""

import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .algorithms import algorithm_classes

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "gridmanager.svg")


class GridManagerProvider(QgsProcessingProvider):
    def id(self):
        return "gridmanager"

    def name(self):
        return QCoreApplication.translate("GridManagerProvider", "Grid Manager")

    def longName(self):
        return QCoreApplication.translate(
            "GridManagerProvider", "Grid Manager — grid-based urban and community management"
        )

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):
        return ICON

    def loadAlgorithms(self):
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
