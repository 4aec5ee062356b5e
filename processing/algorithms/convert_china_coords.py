"""gridmanager:convertchinacoords — WGS84 ↔ GCJ-02 ↔ BD-09 for whole layers."""

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)

from ...grid_manager.parts import chinacoords
from .base import GridManagerAlgorithm
from .choices import Choices

DATUMS = (chinacoords.WGS84, chinacoords.GCJ02, chinacoords.BD09)


def convert_geometries(wkbs, source, target):
    """Convert a list of WKB geometries (lon/lat) vertex by vertex; returns WKB (None stays None).  Only
    x and y change: Z and M values and curves are kept (:func:`chinacoords.convert_wkb`)."""
    return chinacoords.convert_wkb(wkbs, source, target)


class ConvertChinaCoordsAlgorithm(GridManagerAlgorithm):
    INPUT = "INPUT"
    FROM = "FROM"
    TO = "TO"
    OUTPUT = "OUTPUT"

    def name(self):
        return "convertchinacoords"

    def displayName(self):
        return self.tr("Convert Chinese web-map coordinates (GCJ-02 / BD-09)")

    def group(self):
        return self.tr("City parts")

    def groupId(self):
        return "parts"

    def shortHelpString(self):
        return self.tr(
            "Converts every vertex of a layer between WGS84, GCJ-02 (Amap, Tencent, Google China) and BD-09 "
            "(Baidu).\n"
            "PROJ knows neither GCJ-02 nor BD-09: the layer's coordinate system only says "
            "'longitude/latitude' (EPSG:4326 or CGCS2000 EPSG:4490), and this algorithm moves the "
            "coordinates themselves. The inverse conversions (to WGS84) are iterative and accurate to "
            "well under a decimetre; points outside China are left unchanged by GCJ-02, as the web maps do.\n"
            "The output keeps the input's coordinate system and attributes."
        )

    def initAlgorithm(self, config=None):
        self.datum_choices = Choices(
            (
                (chinacoords.WGS84, self.tr("WGS84 (GPS)")),
                (chinacoords.GCJ02, self.tr("GCJ-02 (Chinese web maps)")),
                (chinacoords.BD09, self.tr("BD-09 (Baidu)")),
            ),
            of=DATUMS,
        )
        options = self.datum_choices.labels
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Input layer (longitude/latitude)"),
                [QgsProcessing.SourceType.TypeVectorAnyGeometry],
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.FROM, self.tr("Coordinates are in"), options=options, defaultValue=1)
        )
        self.addParameter(QgsProcessingParameterEnum(self.TO, self.tr("Convert to"), options=options, defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Converted")))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.tr("The input layer cannot be opened."))
        crs = source.sourceCrs()
        if not crs.isGeographic():
            raise QgsProcessingException(
                self.tr(
                    "The layer {layer} is in {crs}, a projected coordinate system: GCJ-02 and BD-09 are "
                    "longitude/latitude. Reproject it to EPSG:4326 first."
                ).format(layer=source.sourceName(), crs=crs.authid() or crs.description())
            )
        src = self.datum_choices.value(self.parameterAsEnum(parameters, self.FROM, context))
        dst = self.datum_choices.value(self.parameterAsEnum(parameters, self.TO, context))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, source.fields(), source.wkbType(), crs)
        if sink is None:
            raise QgsProcessingException(self.tr("The output cannot be created."))
        total = max(1, source.featureCount())
        batch, done = [], 0
        for feature in source.getFeatures():
            if feedback.isCanceled():
                return {}
            batch.append(feature)
            if len(batch) >= 2000:
                done += self._flush(batch, sink, src, dst)
                feedback.setProgress(100.0 * done / total)
        done += self._flush(batch, sink, src, dst)
        feedback.pushInfo(self.tr("{n} features converted.").format(n=done))
        return {self.OUTPUT: dest_id}

    @staticmethod
    def _flush(batch, sink, src, dst):
        if not batch:
            return 0
        wkbs = [None if f.geometry().isNull() else bytes(f.geometry().asWkb()) for f in batch]
        converted = convert_geometries(wkbs, src, dst) if src != dst else wkbs
        out = []
        for feature, wkb in zip(batch, converted):
            new = QgsFeature(feature)
            if wkb is not None:
                geometry = QgsGeometry()
                geometry.fromWkb(wkb)
                new.setGeometry(geometry)
            out.append(new)
        sink.addFeatures(out, QgsFeatureSink.Flag.FastInsert)
        n = len(batch)
        batch.clear()
        return n
