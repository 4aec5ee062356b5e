"""Shared plumbing for Grid Manager algorithms (QuickOSM-style): translation, feedback, styles."""

import functools
import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...grid_manager.common.errors import Cancelled, GridManagerError
from ...grid_manager.common.progress import Progress

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ICON = os.path.join(PLUGIN_DIR, "resources", "icons", "gridmanager.svg")
STYLES = os.path.join(PLUGIN_DIR, "resources", "styles")


class GridManagerAlgorithm(QgsProcessingAlgorithm):
    """Base class.  ``tr()`` uses the concrete class name as context, so every translatable string
    must be written in the concrete algorithm class (never in this base class)."""

    def __init_subclass__(cls, **kwargs):
        """Every algorithm's processAlgorithm first runs the shared input validation (validation.py):
        bad input is refused with a message naming layer, field or path before any work is done."""
        super().__init_subclass__(**kwargs)
        body = cls.__dict__.get("processAlgorithm")
        if body is not None and not getattr(body, "validated", False):

            @functools.wraps(body)
            def processAlgorithm(self, parameters, context, feedback):
                from osgeo import ogr
                from shapely.errors import GEOSException

                from .validation import Validation

                # pyogrio (survey and GeoPackage readers) switches GDAL's curve support off for the whole
                # process: QGIS would then read every curved layer as straight segments — and save it so.
                # QGIS runs with it on, so every run leaves it on (also when a direct call of the plugin's
                # readers outside an algorithm had switched it off before).
                try:
                    checked = Validation(self, parameters, context, feedback)
                    parameters = checked.run()
                    try:
                        return body(self, parameters, context, feedback)
                    except GEOSException as error:  # an invalid geometry the algorithm does not repair
                        raise QgsProcessingException(checked.geometry_error(error)) from None
                finally:
                    ogr.SetNonLinearGeometriesEnabledFlag(True)

            processAlgorithm.validated = True
            cls.processAlgorithm = processAlgorithm

    def tr(self, text):
        return QCoreApplication.translate(self.__class__.__name__, text)

    def createInstance(self):
        return type(self)()

    def icon(self):
        return QIcon(ICON)

    def helpUrl(self):
        return "https://github.com/gridmanager/gridmanager#algorithms"

    def shortDescription(self):
        return self.shortHelpString().split("\n", 1)[0]

    @staticmethod
    def progress(feedback):
        """A core Progress object reporting to (and cancelled by) the Processing feedback."""
        if feedback is None:
            return Progress()
        warn = getattr(feedback, "pushWarning", None) or (lambda t: feedback.reportError(t, False))
        return Progress(feedback.setProgress, feedback.isCanceled, feedback.pushInfo, warn)

    @staticmethod
    def run_core(func, *args, **kwargs):
        """Run a core function, turning its translated errors into Processing exceptions."""
        try:
            return func(*args, **kwargs)
        except Cancelled:
            return None
        except GridManagerError as error:
            raise QgsProcessingException(str(error)) from None


class StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Applies a QML from resources/styles to an output layer once it is loaded."""

    _keep = []  # post-processors must outlive the algorithm run

    def __init__(self, qml_name, name=None):
        super().__init__()
        self.qml = os.path.join(STYLES, qml_name)
        self.name = name

    def postProcessLayer(self, layer, context, feedback):
        if layer is not None and os.path.exists(self.qml):
            layer.loadNamedStyle(self.qml)
            if self.name:
                layer.setName(self.name)
            layer.triggerRepaint()

    @classmethod
    def attach(cls, context, layer_id, qml_name, name=None):
        if context.willLoadLayerOnCompletion(layer_id):
            loader = cls(qml_name, name)
            cls._keep.append(loader)
            context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(loader)
