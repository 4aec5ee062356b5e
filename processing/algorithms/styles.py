"""Output styles shared by several algorithms (a shared module: algorithm modules import it, never each other)."""

from .base import StyleLoader


class TemporalStyleLoader(StyleLoader):
    """hotspots.qml (or the style given) plus feature-based temporal properties on period_start/period_end,
    so the time controller steps through the periods."""

    def postProcessLayer(self, layer, context, feedback):
        super().postProcessLayer(layer, context, feedback)
        if layer is None:
            return
        set_period_time(layer)


def set_period_time(layer):
    """Feature-based temporal properties on period_start/period_end."""
    from qgis.core import Qgis, QgsVectorLayerTemporalProperties

    if hasattr(Qgis, "VectorTemporalMode"):  # QGIS >= 3.30 (and 4)
        mode = Qgis.VectorTemporalMode.FeatureDateTimeStartAndEndFromFields
    else:
        mode = QgsVectorLayerTemporalProperties.TemporalMode.FeatureDateTimeStartAndEndFromFields
    props = layer.temporalProperties()
    props.setMode(mode)
    props.setStartField("period_start")
    props.setEndField("period_end")
    props.setIsActive(True)


class CategoryLabelStyleLoader(StyleLoader):
    """A categorised QML whose legend labels are set from translated strings ``{value: label}`` after
    loading, so the legend speaks the UI language whatever language the QML was saved in."""

    def __init__(self, qml_name, name=None, labels=None):
        super().__init__(qml_name, name)
        self.labels = dict(labels or {})

    def postProcessLayer(self, layer, context, feedback):
        super().postProcessLayer(layer, context, feedback)
        if layer is not None:
            relabel(layer, self.labels)

    @classmethod
    def attach(cls, context, layer_id, qml_name, name=None, labels=None):
        if context.willLoadLayerOnCompletion(layer_id):
            loader = cls(qml_name, name, labels)
            cls._keep.append(loader)
            context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(loader)


def relabel(layer, labels):
    """Set the labels of a categorised renderer's categories by value (values compared as integers when
    they are numbers)."""
    renderer = layer.renderer()
    if renderer is None or not hasattr(renderer, "categories"):
        return
    for i, category in enumerate(renderer.categories()):
        value = category.value()
        try:
            key = int(value)
        except (TypeError, ValueError):
            key = value
        if key in labels:
            renderer.updateCategoryLabel(i, labels[key])
    layer.triggerRepaint()


class TemporalCategoryLabelStyleLoader(CategoryLabelStyleLoader):
    """A categorised QML with translated legend labels plus the temporal properties of the periods."""

    def postProcessLayer(self, layer, context, feedback):
        super().postProcessLayer(layer, context, feedback)
        if layer is not None:
            set_period_time(layer)


class CategorizedStyleLoader(StyleLoader):
    """The QML given (labels, opacity…), then a renderer categorized by one field, built when the layer is
    loaded so that the legend speaks the UI language: ``categories`` is a callable returning
    ``[(value, translated label, "#rrggbb"), …]`` (called in the post-processor, not in the algorithm)."""

    def __init__(self, qml_name, name=None, field="", categories=None, geometry="fill"):
        super().__init__(qml_name, name)
        self.field = field
        self.categories = categories
        self.geometry = geometry

    def postProcessLayer(self, layer, context, feedback):
        super().postProcessLayer(layer, context, feedback)
        if layer is None or self.categories is None:
            return
        layer.setRenderer(categorized_renderer(layer, self.field, self.categories()))
        layer.triggerRepaint()

    @classmethod
    def attach_categorized(cls, context, layer_id, qml_name, name, field, categories):
        if context.willLoadLayerOnCompletion(layer_id):
            loader = cls(qml_name, name, field, categories)
            cls._keep.append(loader)
            context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(loader)


def categorized_renderer(layer, field, categories):
    """A QgsCategorizedSymbolRenderer on `field`, one category per (value, label, colour)."""
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory, QgsSymbol
    from qgis.PyQt.QtGui import QColor

    cats = []
    for value, label, colour in categories:
        symbol = QgsSymbol.defaultSymbol(layer.geometryType())
        symbol.setColor(QColor(colour))
        symbol.setOpacity(0.75)
        cats.append(QgsRendererCategory(value, symbol, label))
    return QgsCategorizedSymbolRenderer(field, cats)


def hotspot_labels():
    """Legend labels of hotspots.qml's hotspot_class categories, in the UI language."""
    from ...grid_manager.common.i18n import translate

    return {
        3: translate("GridCaseStatsAlgorithm", "Hot spot 99 %"),
        2: translate("GridCaseStatsAlgorithm", "Hot spot 95 %"),
        1: translate("GridCaseStatsAlgorithm", "Hot spot 90 %"),
        0: translate("GridCaseStatsAlgorithm", "Not significant"),
        -1: translate("GridCaseStatsAlgorithm", "Cold spot 90 %"),
        -2: translate("GridCaseStatsAlgorithm", "Cold spot 95 %"),
        -3: translate("GridCaseStatsAlgorithm", "Cold spot 99 %"),
    }


def pattern_labels():
    """Legend labels of emerging_hotspots.qml's ehs_pattern categories, in the UI language."""
    from ...grid_manager.common.i18n import translate

    return {
        0: translate("EmergingHotspotsAlgorithm", "No pattern detected"),
        1: translate("EmergingHotspotsAlgorithm", "New hot spot"),
        2: translate("EmergingHotspotsAlgorithm", "Consecutive hot spot"),
        3: translate("EmergingHotspotsAlgorithm", "Intensifying hot spot"),
        4: translate("EmergingHotspotsAlgorithm", "Persistent hot spot"),
        5: translate("EmergingHotspotsAlgorithm", "Diminishing hot spot"),
        6: translate("EmergingHotspotsAlgorithm", "Sporadic hot spot"),
        7: translate("EmergingHotspotsAlgorithm", "Oscillating hot spot"),
        8: translate("EmergingHotspotsAlgorithm", "Historical hot spot"),
        -1: translate("EmergingHotspotsAlgorithm", "New cold spot"),
        -2: translate("EmergingHotspotsAlgorithm", "Consecutive cold spot"),
        -3: translate("EmergingHotspotsAlgorithm", "Intensifying cold spot"),
        -4: translate("EmergingHotspotsAlgorithm", "Persistent cold spot"),
        -5: translate("EmergingHotspotsAlgorithm", "Diminishing cold spot"),
        -6: translate("EmergingHotspotsAlgorithm", "Sporadic cold spot"),
        -7: translate("EmergingHotspotsAlgorithm", "Oscillating cold spot"),
        -8: translate("EmergingHotspotsAlgorithm", "Historical cold spot"),
    }


def render_png(layer, width=900, max_height=900):
    """The layer drawn with its renderer over its extent (5 % margin) on white, as PNG bytes.

    Drawn with QgsMapRendererCustomPainterJob on a QImage, which is safe in the Processing worker
    thread (the layer should be one the algorithm created, e.g. a materialised copy)."""
    from qgis.core import QgsMapRendererCustomPainterJob, QgsMapSettings
    from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from qgis.PyQt.QtGui import QColor, QImage, QPainter

    extent = layer.extent()
    if extent.isEmpty():
        extent.grow(max(extent.width(), extent.height(), 1.0))
    extent.scale(1.05)
    aspect = extent.height() / extent.width() if extent.width() > 0 else 1.0
    height = int(min(max_height, max(200, round(width * aspect))))
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    settings.setOutputDpi(96)
    image = QImage(QSize(width, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def legend_entries(layer):
    """``[(label, colour '#rrggbb', features)]`` of a categorised layer's categories present in the layer."""
    renderer = layer.renderer()
    if renderer is None or not hasattr(renderer, "categories"):
        return []
    field = renderer.classAttribute()
    counts = {}
    for feature in layer.getFeatures():
        value = feature[field]
        key = None if value is None or str(value) in ("", "NULL") else str(value)
        counts[key] = counts.get(key, 0) + 1
    out = []
    for category in renderer.categories():
        value = category.value()
        key = None if value is None or str(value) in ("", "NULL") else str(value)
        if key in counts and category.symbol() is not None:
            out.append((category.label(), category.symbol().color().name(), counts[key]))
    return out
