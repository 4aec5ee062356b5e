"""Screenshots of the part inventory form (部件台账表单) for docs/part_editing_forms.md.

Run from the repository root (under Xvfb, or offscreen):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_part_form.py [zh_CN]
Creates a GeoPackage store with the sample reference data in a temporary folder, adds the part inventory
layer with gridmanager:addpartlayer (the form as a planner sees it), edits one part twice so the history
has rows, and writes docs/images/part_form[_zh_CN].png (the Part tab) and part_form_history[_zh_CN].png.
"""

import os
import sys
import tempfile
import time

from shot_qgis import REPO, link_plugin, start_qgis  # scripts/ is the first folder on sys.path

IMAGES = REPO / "docs" / "images"


def layer_tools_class():
    from qgis.core import QgsVectorLayerTools

    class LayerTools(QgsVectorLayerTools):
        """What QGIS desktop gives a form (editing of the related layers)."""

        def addFeature(self, layer, default_values=None, default_geometry=None, feature=None):
            return False, None

        def startEditing(self, layer):
            return layer.startEditing()

        def stopEditing(self, layer, allow_cancel=True):
            return layer.commitChanges()

        def saveEdits(self, layer):
            return layer.commitChanges(False)

        def copyMoveFeatures(
            self, layer, request, dx=0, dy=0, error_msg=None, topological_editing=False, topological_layer=None
        ):
            return False

    return LayerTools


def add_photo(path):
    """A photo of the first part (a drawn manhole cover) in the store's part_photos."""
    import sqlite3

    from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
    from qgis.PyQt.QtGui import QBrush, QColor, QImage, QPainter, QPen

    image = QImage(480, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("#8d8a84"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QBrush(QColor("#4a4744")))
    painter.setPen(QPen(QColor("#2e2c2a"), 8))
    painter.drawEllipse(QPointF(240, 160), 120, 120)
    painter.setPen(QPen(QColor("#6d6964"), 5))
    for k in range(-90, 100, 30):
        painter.drawLine(QPointF(240 + k, 70), QPointF(240 + k, 250))
    painter.setPen(QPen(QColor("#b3261e"), 6, Qt.PenStyle.SolidLine))
    painter.drawLine(QPointF(170, 110), QPointF(300, 230))  # the crack reported
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 85)
    con = sqlite3.connect(path)
    code = con.execute("SELECT code FROM parts ORDER BY fid LIMIT 1").fetchone()[0]
    con.execute(
        "INSERT INTO part_photos (part_code, actor, mime, bytes, note) VALUES (?, 'planner', 'image/jpeg', ?, ?)",
        (code, bytes(data), "井盖裂缝 / cracked cover"),
    )
    con.commit()
    con.close()


def main():
    link_plugin()

    from qgis.core import QgsApplication, QgsProject
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QFont
    from qgis.PyQt.QtWidgets import QTabWidget

    locale = sys.argv[1] if len(sys.argv) > 1 else ""
    app, translators = start_qgis(locale or "en")
    global LayerTools
    LayerTools = layer_tools_class()
    QgsGui.editorWidgetRegistry().initEditors()
    app.setFont(QFont("Noto Sans CJK SC", 10))
    from processing.core.Processing import Processing

    Processing.initialize()
    from gridmanager.processing.provider import GridManagerProvider

    provider = GridManagerProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    from qgis import processing

    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.sample import seed_reference

    folder = tempfile.mkdtemp(prefix="gm_form_")
    path = os.path.join(folder, "store.gpkg")
    store = GpkgStore(path, user="planner")
    store.migrate()
    seed_reference(store)
    store.close()

    add_photo(path)
    result = processing.run("gridmanager:addpartlayer", {"GEOPACKAGE": path, "SAVE_STYLE": False})
    parts = QgsProject.instance().mapLayer(result["OUTPUT"])
    feature = next(parts.getFeatures())
    parts.startEditing()
    for name, value in (("status", "破损"), ("name", feature["name"] or "井盖")):
        parts.changeAttributeValue(feature.id(), parts.fields().indexFromName(name), value)
    parts.commitChanges()
    parts.startEditing()
    feature = parts.getFeature(feature.id())

    suffix = "_" + locale if locale else ""
    context = QgsAttributeEditorContext()
    tools = LayerTools()
    context.setVectorLayerTools(tools)
    form = QgsAttributeForm(parts, feature, context)
    form.resize(QSize(900, 640))
    form.show()
    app.processEvents()
    IMAGES.mkdir(parents=True, exist_ok=True)
    form.grab().save(str(IMAGES / "part_form{}.png".format(suffix)))
    tabs = form.findChildren(QTabWidget)[0]
    for index, name in ((3, "photos"), (4, "history")):
        tabs.setCurrentIndex(index)
        for _ in range(20):  # the photo's HTML view loads asynchronously
            app.processEvents()
            time.sleep(0.05)
        form.grab().save(str(IMAGES / "part_form_{}{}.png".format(name, suffix)))
    print("written", IMAGES / "part_form{}.png".format(suffix))
    parts.rollBack()
    form.close()
    from qgis.PyQt import sip

    sip.delete(form)
    translators[0].remove()  # the plugin's (QGIS's own goes with the application)
    QgsProject.instance().clear()


if __name__ == "__main__":
    main()
