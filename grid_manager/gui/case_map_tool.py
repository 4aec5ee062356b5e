"""The map tool of the case dock: click the map to report a case there."""

from qgis.core import QgsPointXY
from qgis.gui import QgsMapTool
from qgis.PyQt.QtCore import Qt, pyqtSignal


class ReportCaseMapTool(QgsMapTool):
    """Click on the map to report a case there (left button); right button or Esc leaves the tool."""

    picked = pyqtSignal(QgsPointXY)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def canvasPressEvent(self, event):
        pass

    def canvasReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(QgsPointXY(self.toMapCoordinates(event.pos())))
        else:
            self.canvas().unsetMapTool(self)
