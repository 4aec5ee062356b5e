"""Render a styled case heatmap and hot-spot map to docs/images/hotspots.png.

Generates a small deterministic district (1,200 grids of 50 m, 60,000 synthetic cases in
EPSG:4548) in a temporary folder, runs ``gridmanager:gridcasestats`` and ``gridmanager:casedensity``
through Processing, loads the outputs with the plugin's QML styles and renders them side by side
offscreen with QgsMapRendererParallelJob.

Usage:  .venv/bin/python scripts/render_hotspots.py [--out docs/images/hotspots.png]
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
X0, Y0 = 500000.0, 4420000.0


def make_data(folder):
    import geopandas as gpd
    import pandas as pd
    import shapely

    rng = np.random.default_rng(42)
    cols, rows, size = 40, 30, 50.0
    cx, cy = np.meshgrid(np.arange(cols), np.arange(rows))
    cx, cy = cx.ravel(), cy.ravel()
    grids = gpd.GeoDataFrame(
        {
            "grid_code": [f"110101001{(r // 10) * 4 + c // 10 + 1:03d}{i:03d}" for i, (c, r) in enumerate(zip(cx, cy))],
            "households": rng.integers(80, 400, len(cx)).astype(float),
        },
        geometry=shapely.box(X0 + cx * size, Y0 + cy * size, X0 + (cx + 1) * size, Y0 + (cy + 1) * size),
        crs="EPSG:4548",
    )
    grids.to_file(folder / "grids.gpkg", layer="grids", driver="GPKG", engine="pyogrio")
    centres = np.array([[450, 1050], [1400, 500], [1600, 1200], [700, 300]])
    sds = np.array([90, 140, 70, 110])
    share = np.array([0.3, 0.25, 0.15, 0.1])
    n = 60000
    which = rng.choice(4, int(n * 0.8), p=share / share.sum())
    x = np.concatenate([X0 + rng.normal(centres[which, 0], sds[which]), X0 + rng.uniform(0, cols * size, n // 5)])
    y = np.concatenate([Y0 + rng.normal(centres[which, 1], sds[which]), Y0 + rng.uniform(0, rows * size, n // 5)])
    keep = (x > X0) & (x < X0 + cols * size) & (y > Y0) & (y < Y0 + rows * size)
    x, y = x[keep], y[keep]
    cases = gpd.GeoDataFrame(
        {
            "kind": rng.choice(["part", "event"], len(x)),
            "class_code": rng.choice(["0101", "0102", "0505"], len(x)),
            "reported_at": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 2000, len(x)), unit="h"),
        },
        geometry=shapely.points(x, y),
        crs="EPSG:4548",
    )
    cases.to_file(folder / "cases.gpkg", layer="cases", driver="GPKG", engine="pyogrio")
    return str(folder / "grids.gpkg") + "|layername=grids", str(folder / "cases.gpkg") + "|layername=cases"


def render(layers, extent, width, height):
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs" / "images" / "hotspots.png"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    PLUGINS.mkdir(parents=True, exist_ok=True)
    if not (PLUGINS / "gridmanager").exists():
        (PLUGINS / "gridmanager").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS))
    sys.path.insert(1, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication, QgsRasterLayer, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from qgis import processing
    from qgis.PyQt.QtCore import QPoint
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    from gridmanager.processing.algorithms.case_density import rescale_density_style
    from gridmanager.processing.provider import GridManagerProvider

    provider = GridManagerProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    styles = REPO / "resources" / "styles"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        grids, cases = make_data(folder)
        stats = processing.run(
            "gridmanager:gridcasestats",
            {
                "CASES": cases,
                "GRIDS": grids,
                "HOUSEHOLD_FIELD": "households",
                "SEED": 1,
                "PERMUTATIONS": 9999,
                "OUTPUT": str(folder / "s.gpkg"),
            },
        )
        heat = processing.run(
            "gridmanager:casedensity",
            {
                "INPUT": cases,
                "RADIUS": 150.0,
                "PIXEL_SIZE": 5.0,
                "KERNEL": 0,
                "OUTPUT": str(folder / "heat.tif"),
            },
        )
        raster = QgsRasterLayer(heat["OUTPUT"], "heatmap")
        raster.loadNamedStyle(str(styles / "density.qml"))
        rescale_density_style(raster)
        outline = QgsVectorLayer(grids, "grids", "ogr")
        outline.loadNamedStyle(str(styles / "hotspots.qml"))
        from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer

        outline.setRenderer(
            QgsSingleSymbolRenderer(
                QgsFillSymbol.createSimple(
                    {"color": "255,255,255,0", "outline_color": "#9e9e9e", "outline_width": "0.1"}
                )
            )
        )
        hot = QgsVectorLayer(stats["OUTPUT"], "hotspots", "ogr")
        hot.loadNamedStyle(str(styles / "hotspots.qml"))
        extent = outline.extent()
        extent.grow(30)
        w, h = 800, 600
        left = render([outline, raster], extent, w, h)
        right = render([hot], extent, w, h)
        image = QImage(2 * w + 20, h + 90, QImage.Format.Format_ARGB32)
        image.fill(QColor(255, 255, 255))
        painter = QPainter(image)
        painter.drawImage(QPoint(0, 50), left)
        painter.drawImage(QPoint(w + 20, 50), right)
        font = QFont()
        font.setPixelSize(20)
        painter.setFont(font)
        painter.setPen(QColor(40, 40, 40))
        painter.drawText(10, 32, "gridmanager:casedensity — quartic, r = 150 m, 5 m pixels")
        painter.drawText(w + 30, 32, "gridmanager:gridcasestats — Gi* hot (red) / cold (blue) spots, FDR")
        # legend for the hot-spot classes
        legend = [
            ("#d62f27", "99 %"),
            ("#ed7551", "95 %"),
            ("#fab984", "90 %"),
            ("#f0f0e8", "n.s."),
            ("#c0ccbe", "90 %"),
            ("#7a8ef5", "95 %"),
            ("#4575b5", "99 %"),
        ]
        font.setPixelSize(13)
        painter.setFont(font)
        for i, (color, label) in enumerate(legend):
            x = 2 * w + 20 - 7 * 62 + i * 62 - 10
            painter.fillRect(x, h + 62, 16, 16, QColor(color))
            painter.setPen(QColor(60, 60, 60))
            painter.drawRect(x, h + 62, 16, 16)
            painter.drawText(x + 20, h + 75, label)
        painter.end()
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        image.save(args.out)
        print(args.out, stats["HOT_SPOTS"], stats["COLD_SPOTS"])
    del provider, app


if __name__ == "__main__":
    main()
