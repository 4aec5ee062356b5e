"""Screenshot of the dock 网格编辑 / Grid editing during a hand edit, for the README.

Run under Xvfb from the repository root:
    xvfb-run -a -s "-screen 0 1500x950x24" .venv/bin/python scripts/screenshot_grid_dock.py [zh_CN]
Partitions the bundled sample (households, 400 ± 10 %) into a temporary GeoPackage, opens the dock on it,
moves one boundary over a building (the edit the README describes) and writes docs/images/grid_dock.png
(grid_dock_zh_CN.png with a locale).
"""

import os
import shutil
import sys
import tempfile

from shot_qgis import REPO, link_plugin, start_qgis  # scripts/ is the first folder on sys.path

SAMPLE = REPO / "resources" / "sample" / "helsinki_sample.gpkg"


def main():
    link_plugin()

    import shapely
    from qgis.core import QgsApplication, QgsFillSymbol, QgsProject, QgsVectorLayer
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor
    from qgis.PyQt.QtWidgets import QMainWindow

    locale = sys.argv[1] if len(sys.argv) > 1 else ""  # e.g. zh_CN for the Chinese UI
    app, translators = start_qgis(locale)
    from processing.core.Processing import Processing

    Processing.initialize()
    from qgis import processing

    from gridmanager.processing.provider import GridManagerProvider

    provider = GridManagerProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    from gridmanager.grid_manager.gui.grid_dock import GridDock

    folder = tempfile.mkdtemp(prefix="gm-shot-")
    out = os.path.join(folder, "grids.gpkg")
    processing.run(
        "gridmanager:partitiongrids",
        {
            "AREAS": f"{SAMPLE}|layername=communities",
            "AREA_CODE_FIELD": "community_code",
            "BARRIERS": f"{SAMPLE}|layername=roads",
            "BUILDINGS": f"{SAMPLE}|layername=buildings",
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": out,
        },
    )
    window = QMainWindow()
    window.resize(1500, 950)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(QColor("#f3f1ec"))
    window.setCentralWidget(canvas)
    project = QgsProject.instance()
    grids = QgsVectorLayer(out, "grids", "ogr")
    grids.loadNamedStyle(str(REPO / "resources" / "styles" / "grids.qml"))
    buildings = QgsVectorLayer(f"{SAMPLE}|layername=buildings", "buildings", "ogr")
    buildings.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "#bdb6a8", "outline_color": "#8c8579", "outline_width": "0.1"})
    )
    communities = QgsVectorLayer(f"{SAMPLE}|layername=communities", "communities", "ogr")
    communities.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "#222222", "outline_width": "0.8"})
    )
    project.addMapLayers([grids, buildings, communities])
    canvas.setDestinationCrs(grids.crs())
    canvas.setLayers([communities, buildings, grids])

    dock = GridDock(canvas, None, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setMinimumWidth(700)
    window.show()
    dock.grid_combo.setLayer(grids)
    dock.code_field.setField("grid_code")
    dock.buildings_combo.setLayer(buildings)
    dock.household_field.setField("households_est")
    dock.communities_combo.setLayer(communities)
    dock.community_field.setField("community_code")
    dock.balance_combo.setCurrentIndex(1)
    assert dock.start(), dock.status.text()

    # the edit: grid a takes a band of its neighbour b — households move, and the new boundary cuts a building
    w = dock.workbench
    pairs = []
    for a in sorted(w.grids):
        for b in sorted(w.grids):
            sa, sb = w.stats[a], w.stats[b]
            if a != b and sa.community == sb.community and min(sa.compactness, sb.compactness) > 0.35:
                shared = shapely.intersection(w.geometry(a).boundary, w.geometry(b).boundary).length
                if shared > 80:
                    pairs.append((shared, a, b))
    pairs.sort(reverse=True)
    grids.startEditing()
    done = False
    for _, a, b in pairs:
        before = w.stats[a].households
        for reach in (20, 30, 45, 60, 80):
            take = shapely.intersection(w.grids[b].raw, w.geometry(a).buffer(reach))
            grids.beginEditCommand("move boundary")
            grids.changeGeometry(a, dock.to_layer_geometry(shapely.union_all([w.grids[a].raw, take])))
            grids.changeGeometry(b, dock.to_layer_geometry(shapely.difference(w.grids[b].raw, take)))
            grids.endEditCommand()
            dock.flush()
            kinds = {i.kind for i in w.issues_of([a, b])}
            if w.stats[a].households - before > 100 and kinds == {"cuts_building"}:
                done = True
                break
            grids.undoStack().undo()
            dock.flush()
        if done:
            break
    assert done, "no neighbour pair gives the edit the screenshot shows"
    # (the grid is selected in the table only: the map keeps its deviation colours)
    row = dock.proxy.mapFromSource(dock.model.index(dock.model.row_of[a], 0)).row()
    dock.table.selectRow(row)
    dock.table.scrollTo(dock.proxy.index(row, 0))
    zoom = shapely.union_all([w.geometry(a), w.geometry(b)])
    dock.zoom_to(zoom)
    dock.table.resizeColumnsToContents()
    for _ in range(60):
        app.processEvents()
        canvas.waitWhileRendering()
    image = REPO / "docs" / "images" / (f"grid_dock_{locale}.png" if locale else "grid_dock.png")
    image.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(image))
    print(image)
    grids.rollBack()
    dock.unload()
    shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()
    os._exit(0)  # skip QGIS teardown (it can crash on exit under Xvfb); the image is written


if __name__ == "__main__":
    main()
