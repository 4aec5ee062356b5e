"""Write the QML styles in resources/styles/ with the QGIS API (run once; outputs are committed).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_styles.py
"""

from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsPalLayerSettings,
    QgsRendererRange,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

STYLES = Path(__file__).resolve().parents[1] / "resources" / "styles"


def fill(color, outline="#2b2b2b", width="0.5"):
    return QgsFillSymbol.createSimple(
        {"color": color, "outline_color": outline, "outline_width": width, "outline_width_unit": "MM"}
    )


def labels(expression, size=7.5):
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    fmt = QgsTextFormat()
    fmt.setFont(QFont("Noto Sans CJK SC"))
    fmt.setSize(size)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.OverPoint
    return QgsVectorLayerSimpleLabeling(settings)


def grids_style():
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:3857&field=deviation_pct:double&field=grid_code:string&field=households:double",
        "grids",
        "memory",
    )
    classes = [
        (-1e9, -20, "#2166ac", "< −20 %"),
        (-20, -10, "#67a9cf", "−20 … −10 %"),
        (-10, -5, "#d1e5f0", "−10 … −5 %"),
        (-5, 5, "#f7f7f7", "−5 … +5 %"),
        (5, 10, "#fddbc7", "+5 … +10 %"),
        (10, 20, "#ef8a62", "+10 … +20 %"),
        (20, 1e9, "#b2182b", "> +20 %"),
    ]
    ranges = []
    for lo, hi, color, label in classes:
        symbol = fill(color)
        symbol.setOpacity(0.75)
        ranges.append(QgsRendererRange(lo, hi, symbol, label))
    renderer = QgsGraduatedSymbolRenderer("deviation_pct", ranges)
    layer.setRenderer(renderer)
    layer.setLabeling(labels('right("grid_code", 3) || \'\\n\' || round("households")'))
    layer.setLabelsEnabled(True)
    layer.saveNamedStyle(str(STYLES / "grids.qml"))


def problems_style():
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857&field=problem:string", "problems", "memory")
    symbol = QgsFillSymbol.createSimple(
        {"color": "255,0,0,90", "outline_color": "#c00000", "outline_width": "0.8", "outline_width_unit": "MM"}
    )
    from qgis.core import QgsSingleSymbolRenderer

    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setLabeling(labels('"problem"', 7))
    layer.setLabelsEnabled(True)
    layer.saveNamedStyle(str(STYLES / "grid_problems.qml"))


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(parents=True, exist_ok=True)
    grids_style()
    problems_style()
    app.exitQgis()
