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
