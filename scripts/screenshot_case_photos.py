"""Screenshots of the dock 案件处理 with a case's photos (issue 15), and of the handling dialog's photo strip.

Run under Xvfb from the repository root:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_case_photos.py [zh_CN]
Writes docs/images/case_photos.png and case_photos_dialog.png (``_zh_CN`` with a locale).  The sample store is
a GeoPackage in a temporary folder; the photos are drawn (a street corner before and after the rubbish was
cleared), stored through the store API with the report, the verification and the department's report back.
"""

import os
import random
import sys
import tempfile

from shot_qgis import REPO, link_plugin, start_qgis  # scripts/ is the first folder on sys.path


def street_photo(path, rubbish, seed, label):
    """A drawn 1600 × 1200 'photo' of a pavement with a bin, with or without rubbish bags around it."""
    from qgis.PyQt.QtCore import QPointF, QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPolygonF

    rng = random.Random(seed)
    w, h = 1600, 1200
    image = QImage(w, h, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    sky = QLinearGradient(0, 0, 0, h * 0.45)
    sky.setColorAt(0, QColor("#8fb8de"))
    sky.setColorAt(1, QColor("#dfe9f2"))
    p.fillRect(QRectF(0, 0, w, h * 0.45), sky)
    p.fillRect(QRectF(0, h * 0.18, w, h * 0.30), QColor("#b9a48a"))  # building
    for i in range(9):  # windows
        p.fillRect(QRectF(60 + i * 170, h * 0.22, 90, 110), QColor("#5a6f82"))
    p.fillRect(QRectF(0, h * 0.45, w, h * 0.55), QColor("#9c9a95"))  # pavement
    p.setPen(QColor("#85837e"))
    for i in range(0, w, 120):
        p.drawLine(i, int(h * 0.45), i - 300, h)
    p.fillRect(QRectF(0, h * 0.86, w, h * 0.14), QColor("#4d4d4d"))  # road
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2f7d4a"))  # the bin
    p.drawRoundedRect(QRectF(700, 560, 200, 280), 18, 18)
    p.setBrush(QColor("#245f39"))
    p.drawRect(QRectF(690, 540, 220, 40))
    if rubbish:
        for _ in range(14):
            x, y = rng.uniform(420, 1180), rng.uniform(700, 900)
            r = rng.uniform(40, 90)
            p.setBrush(QColor(rng.choice(["#202020", "#3a3a3a", "#e8e2d0", "#6b4f2a", "#2c4f8a"])))
            p.drawEllipse(QPointF(x, y), r, r * 0.75)
        p.setBrush(QColor("#c8b48a"))
        p.drawPolygon(QPolygonF([QPointF(980, 760), QPointF(1150, 730), QPointF(1170, 850), QPointF(1000, 870)]))
    p.setPen(QColor("#ffffff"))
    p.setFont(QFont("DejaVu Sans", 34))
    p.drawText(QRectF(30, h - 80, w - 60, 60), Qt.AlignmentFlag.AlignRight, label)
    p.end()
    image.save(str(path), "JPEG", 92)
    return str(path)


def main():
    link_plugin()

    from qgis.core import QgsCoordinateReferenceSystem, QgsFillSymbol, QgsProject, QgsVectorLayer
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor
    from qgis.PyQt.QtWidgets import QMainWindow

    locale = sys.argv[1] if len(sys.argv) > 1 else ""  # e.g. zh_CN for the Chinese UI
    app, translators = start_qgis(locale)

    from gridmanager.grid_manager.gui.case_dialogs import ActionDialog
    from gridmanager.grid_manager.gui.case_dock import CaseDock
    from gridmanager.grid_manager.gui.case_photos import photo_from_file
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.sample import grid_squares, seed_cases, seed_reference

    folder = tempfile.mkdtemp(prefix="gm-shot-")
    path = os.path.join(folder, "cases.gpkg")
    files = [
        street_photo(os.path.join(folder, "IMG_2031.jpg"), True, 1, "IMG_2031"),
        street_photo(os.path.join(folder, "IMG_2032.jpg"), True, 2, "IMG_2032"),
        street_photo(os.path.join(folder, "IMG_2040.jpg"), True, 3, "IMG_2040"),
        street_photo(os.path.join(folder, "IMG_2107.jpg"), False, 4, "IMG_2107"),
    ]
    photos = [photo_from_file(f) for f in files]
    store = GpkgStore(path, user="zhang.wei")
    store.migrate()
    seed_reference(store)
    seed_cases(store, 120, rng=random.Random(11))
    wkt = grid_squares()[4][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    x, y = (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2
    description = (
        "人行道垃圾桶旁堆放生活垃圾约 1 立方米" if locale else "About 1 m³ of household rubbish next to the bin"
    )
    case = store.report_case("event", "0102", "inspector", x, y, description=description, photos=photos[:2])
    case = store.apply(case["case_code"], "verify", "inspector", case["version"], photos=photos[2:3])
    case = store.apply(case["case_code"], "register", "supervision", case["version"])
    case = store.apply(case["case_code"], "dispatch", "command", case["version"], department="sz")
    case = store.apply(
        case["case_code"],
        "report_back",
        "department",
        case["version"],
        note="已清运" if locale else "Cleared",
        photos=photos[3:],
    )
    store.close()

    window = QMainWindow()
    window.resize(1400, 900)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(QColor("#f3f1ec"))
    window.setCentralWidget(canvas)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4548"))
    grids = QgsVectorLayer(path + "|layername=grids", "grids", "ogr")
    grids.setRenderer(grids.renderer().clone())
    grids.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "255,255,255,90", "outline_color": "#4f6d8f", "outline_width": "0.5"})
    )
    QgsProject.instance().addMapLayer(grids)
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(grids, grids.extent()).buffered(20))

    dock = CaseDock(canvas, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setMinimumWidth(600)
    window.show()
    assert dock.connect_to("gpkg:" + path), dock.status.text()
    layer = dock.add_cases_layer()
    canvas.setLayers([layer, grids])
    dock.role.setCurrentIndex(dock.role.findData("inspector"))
    dock.select_case(case["case_code"])
    dock.splitter.setSizes([220, 560])
    dock.table.resizeColumnsToContents()
    canvas.refresh()
    for _ in range(40):
        app.processEvents()
        canvas.waitWhileRendering()
    suffix = "_" + locale if locale else ""
    out = REPO / "docs" / "images" / ("case_photos%s.png" % suffix)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(out, len(dock.current_photos), "photos")

    viewer = dock.open_photo(dock.current_photos[0]["id"])
    viewer.resize(800, 660)
    for _ in range(10):
        app.processEvents()
    viewer.grab().save(str(REPO / "docs" / "images" / ("case_photo_viewer%s.png" % suffix)))

    title = dock.action_labels().get("check", "check").rstrip("…")
    dialog = ActionDialog(title, "check", [], window, photos=True)
    dialog.note.setPlainText("现场已清理干净" if locale else "The pavement is clean")
    bad = os.path.join(folder, "scan.jpg")
    with open(bad, "wb") as handle:
        handle.write(b"%PDF-1.7\n" + b"x" * 1000)
    dialog.photos.add_files([files[3], files[1], bad])
    dialog.resize(620, 380)
    dialog.show()
    for _ in range(10):
        app.processEvents()
    dialog.grab().save(str(REPO / "docs" / "images" / ("case_photos_dialog%s.png" % suffix)))
    dock.unload()
    sys.stdout.flush()
    os._exit(0)  # skip QGIS teardown (it can crash on exit under Xvfb); the images are written


if __name__ == "__main__":
    main()
