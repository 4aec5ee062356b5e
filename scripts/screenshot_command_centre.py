"""Screenshots of issue 15 (command centre): the dock 案件处理 with the statistics strip and many cases selected,
and the result of a batch dispatch (applied / refused and why).

Run under Xvfb from the repository root:
    xvfb-run -a -s "-screen 0 1500x950x24" .venv/bin/python -P scripts/screenshot_command_centre.py [zh_CN]
Seeds a temporary GeoPackage case store with the sample reference data and 300 cases, opens the dock on it next
to the map (grids and the cases layer), selects registered cases on the map, dispatches them in one batch (one
case changed meanwhile by another desk, one in a state where dispatch is not allowed) and writes
docs/images/command_centre_dock.png and docs/images/batch_result.png (…_zh_CN.png with a locale).
"""

import os
import sys
import tempfile

from shot_qgis import REPO, link_plugin, start_qgis  # scripts/ is the first folder on sys.path


def settle(app, n=40):
    import time

    for _ in range(n):
        app.processEvents()
        time.sleep(0.02)


def main():
    link_plugin()

    from qgis.core import QgsFillSymbol, QgsProject, QgsVectorLayer
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor
    from qgis.PyQt.QtWidgets import QMainWindow

    locale = sys.argv[1] if len(sys.argv) > 1 else ""  # e.g. zh_CN for the Chinese UI
    app, translators = start_qgis(locale)
    from gridmanager.grid_manager.gui.case_dock import CaseDock
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.sample import seed_cases, seed_reference

    folder = tempfile.mkdtemp(prefix="gm-cc-")
    path = os.path.join(folder, "command_centre.gpkg")
    store = GpkgStore(path, user="zhao.min")
    store.migrate()
    seed_reference(store)
    seed_cases(store, 300)
    store.close()

    window = QMainWindow()
    window.resize(1500, 950)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(QColor("#f3f1ec"))
    window.setCentralWidget(canvas)
    dock = CaseDock(canvas, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setMinimumWidth(760)
    window.show()
    assert dock.connect_to("gpkg:" + path), dock.status.text()
    grids = QgsVectorLayer(path + "|layername=grids", "grids", "ogr")
    assert grids.isValid()
    grids.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "#e4e0d6", "outline_color": "#7a7466", "outline_width": "0.3"})
    )
    QgsProject.instance().addMapLayer(grids)
    cases = dock.add_cases_layer()
    canvas.setDestinationCrs(grids.crs())
    canvas.setLayers([cases, grids])
    canvas.setExtent(grids.extent().buffered(grids.extent().width() * 0.05))
    dock.role.setCurrentIndex(dock.role.findData("command"))
    dock.f_state.setCurrentIndex(dock.f_state.findData("registered"))
    settle(app)

    # the command centre selects the registered cases of two streets on the map
    registered = [f for f in cases.getFeatures() if f["state"] == "registered"][:9]
    reported = [f for f in cases.getFeatures() if f["state"] == "reported"][:1]
    cases.selectByIds([f.id() for f in registered])
    dock.f_state.setCurrentIndex(0)  # all states: the list shows the selected ones among the others
    dock.select_from_map()
    selected = dock.selected_cases()
    # another desk dispatches one of them meanwhile; a case only reported is added to the batch by mistake
    other = GpkgStore(path, user="qian.li")
    stale = selected[2]
    other.apply(stale["case_code"], "dispatch", "command", stale["version"], department="yl")
    other.close()
    batch = selected + [dock.store.get_case(reported[0]["case_code"])]
    dock.batch_action.setCurrentIndex(dock.batch_action.findData("dispatch"))
    dock.run_batch("dispatch", {"department": "sz", "note": ""}, cases=batch)
    dialog = dock.batch_dialog
    dialog.hide()
    dock.stats.group.setCurrentIndex(0)
    dock.table.scrollToTop()
    cases.selectByIds([f.id() for f in registered])
    dock.splitter.setSizes([430, 170])
    dock.select_from_map()
    first = min(dock.model.row_of(f["case_code"]) for f in registered)
    dock.table.setCurrentIndex(dock.model.index(first, 0))
    dock.table.selectionModel().select(
        dock.model.index(first, 0),
        dock.table.selectionModel().SelectionFlag.Select | dock.table.selectionModel().SelectionFlag.Rows,
    )
    dock.select_from_map()
    dock.table.scrollTo(dock.model.index(first, 0), dock.table.ScrollHint.PositionAtTop)
    settle(app)
    suffix = "_" + locale if locale else ""
    images = REPO / "docs" / "images"
    window.grab().save(str(images / "command_centre_dock{}.png".format(suffix)))
    dialog.resize(900, 420)
    dialog.show()
    settle(app)
    dialog.grab().save(str(images / "batch_result{}.png".format(suffix)))
    print("written", images / "command_centre_dock{}.png".format(suffix), images / "batch_result{}.png".format(suffix))
    sys.stdout.flush()
    os._exit(0)  # QGIS's exit after an offscreen grab may crash; the images are written


if __name__ == "__main__":
    main()
