"""Screenshot of the dock 案件处理 with sample cases, for the README.

Run under Xvfb from the repository root:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_dock.py [zh_CN]
Writes docs/images/case_dock.png (case_dock_zh_CN.png with a locale).  The sample store is a GeoPackage in a temporary folder.
"""

import os
import random
import sys
import tempfile

from shot_qgis import REPO, link_plugin, start_qgis  # scripts/ is the first folder on sys.path


def main():
    link_plugin()

    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsFillSymbol,
        QgsPalLayerSettings,
        QgsProject,
        QgsTextFormat,
        QgsVectorLayer,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor
    from qgis.PyQt.QtWidgets import QMainWindow

    locale = sys.argv[1] if len(sys.argv) > 1 else ""  # e.g. zh_CN for the Chinese UI
    app, translators = start_qgis(locale)

    from gridmanager.grid_manager.gui.case_dock import CaseDock
    from gridmanager.grid_manager.store import CaseFilter
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.sample import seed_cases, seed_reference

    folder = tempfile.mkdtemp(prefix="gm-shot-")
    path = os.path.join(folder, "cases.gpkg")
    store = GpkgStore(path, user="zhang.wei")
    store.migrate()
    seed_reference(store)
    # a short limit for one class, so that some dispatched cases are overdue in the picture
    store.set_time_limit("event", "0505", 0, 1e-6)
    seed_cases(store, 320, rng=random.Random(11))
    target = store.list_cases(CaseFilter(states=("registered",)), limit=1)[0]
    store.close()

    window = QMainWindow()
    window.resize(1400, 900)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(QColor("#f3f1ec"))
    window.setCentralWidget(canvas)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4548"))
    project = QgsProject.instance()
    grids = QgsVectorLayer(path + "|layername=grids", "grids", "ogr")
    grids.setRenderer(grids.renderer().clone())
    grids.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "255,255,255,90", "outline_color": "#4f6d8f", "outline_width": "0.5"})
    )
    labels = QgsPalLayerSettings()
    labels.fieldName = "substr(code, 13, 3)"
    labels.isExpression = True
    fmt = QgsTextFormat()
    fmt.setColor(QColor("#4f6d8f"))
    fmt.setSize(8)
    labels.setFormat(fmt)
    grids.setLabeling(QgsVectorLayerSimpleLabeling(labels))
    grids.setLabelsEnabled(True)
    project.addMapLayer(grids)
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(grids, grids.extent()).buffered(20))

    dock = CaseDock(canvas, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setMinimumWidth(560)
    window.show()
    assert dock.connect_to("gpkg:" + path), dock.status.text()
    cases = dock.add_cases_layer()  # styled with resources/styles/cases.qml
    canvas.setLayers([cases, grids])
    dock.role.setCurrentIndex(dock.role.findData("command"))
    dock.select_case(target["case_code"])
    dock.table.resizeColumnsToContents()
    canvas.refresh()
    for _ in range(40):
        app.processEvents()
        canvas.waitWhileRendering()
    out = REPO / "docs" / "images" / (f"case_dock_{locale}.png" if locale else "case_dock.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(out)
    dock.unload()
    sys.stdout.flush()
    os._exit(0)  # skip QGIS teardown (it can crash on exit under Xvfb); the image is written


if __name__ == "__main__":
    main()
