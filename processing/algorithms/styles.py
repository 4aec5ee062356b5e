"""Output styles shared by several algorithms (a shared module: algorithm modules import it, never each other)."""

from .base import StyleLoader


class TemporalStyleLoader(StyleLoader):
    """hotspots.qml (or the style given) plus feature-based temporal properties on period_start/period_end,
    so the time controller steps through the periods."""

    def postProcessLayer(self, layer, context, feedback):
        super().postProcessLayer(layer, context, feedback)
        if layer is None:
            return
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
