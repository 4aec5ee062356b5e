"""The partition settings shared by partitiongrids and revisegrids: parameters, options, inputs, and the
fields of the grids they write.

Strings here are translated in the context ``PartitionParameters`` (this class), whichever
algorithm shows them.
"""

from dataclasses import dataclass

from qgis.core import (
    QgsApplication,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ...grid_manager.grids import measures
from ...grid_manager.grids import partition as engine
from .layers import read_source, work_budget

BARRIERS = "BARRIERS"
BUILDINGS = "BUILDINGS"
HOUSEHOLD_FIELD = "HOUSEHOLD_FIELD"
BALANCE_BY = "BALANCE_BY"
TARGET_AREA = "TARGET_AREA"
TARGET_HOUSEHOLDS = "TARGET_HOUSEHOLDS"
TOLERANCE = "TOLERANCE"
SEED = "SEED"


@dataclass
class PartitionInputs:
    options: engine.PartitionOptions
    building_ids: list = None
    building_geoms: object = None
    households: object = None
    barrier_geoms: object = None
    buildings_name: str = ""


class PartitionParameters:
    @staticmethod
    def tr(text):
        return QCoreApplication.translate("PartitionParameters", text)

    @classmethod
    def mode_names(cls):
        translate = QCoreApplication.translate
        return [
            translate("PartitionParameters", "Area"),
            translate("PartitionParameters", "Households"),
            translate("PartitionParameters", "Area and households"),
        ]

    @classmethod
    def add(cls, alg):
        """Add BARRIERS … SEED to algorithm `alg` (call from its initAlgorithm)."""
        translate = QCoreApplication.translate
        alg.addParameter(
            QgsProcessingParameterFeatureSource(
                BARRIERS,
                translate("PartitionParameters", "Barriers (roads, lanes, rivers, walls)"),
                [QgsProcessing.SourceType.TypeVectorLine],
                optional=True,
            )
        )
        alg.addParameter(
            QgsProcessingParameterFeatureSource(
                BUILDINGS,
                translate("PartitionParameters", "Buildings (never split)"),
                [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint],
                optional=True,
            )
        )
        alg.addParameter(
            QgsProcessingParameterField(
                HOUSEHOLD_FIELD,
                translate("PartitionParameters", "Household field"),
                defaultValue="households",
                parentLayerParameterName=BUILDINGS,
                optional=True,
            )
        )
        alg.addParameter(
            QgsProcessingParameterEnum(
                BALANCE_BY, translate("PartitionParameters", "Balance by"), options=cls.mode_names(), defaultValue=1
            )
        )
        alg.addParameter(
            QgsProcessingParameterNumber(
                TARGET_AREA,
                translate("PartitionParameters", "Target grid area (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=10000.0,
                minValue=1.0,
            )
        )
        alg.addParameter(
            QgsProcessingParameterNumber(
                TARGET_HOUSEHOLDS,
                translate("PartitionParameters", "Target households per grid"),
                QgsProcessingParameterNumber.Type.Integer,
                defaultValue=400,
                minValue=1.0,
            )
        )
        alg.addParameter(
            QgsProcessingParameterNumber(
                TOLERANCE,
                translate("PartitionParameters", "Tolerance (%)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=10.0,
                minValue=0.5,
                maxValue=100.0,
            )
        )
        alg.addParameter(
            QgsProcessingParameterNumber(
                SEED,
                translate("PartitionParameters", "Random seed"),
                QgsProcessingParameterNumber.Type.Integer,
                defaultValue=0,
                minValue=0,
            )
        )

    @classmethod
    def read(cls, alg, parameters, context, feedback, work_crs):
        """Options and the buildings / households / barriers in `work_crs` (metres).

        Raises QgsProcessingException for bad household values (naming layer, feature and field)."""
        options = engine.PartitionOptions(
            balance_by=alg.parameterAsEnum(parameters, BALANCE_BY, context),
            target_area=alg.parameterAsDouble(parameters, TARGET_AREA, context),
            target_households=alg.parameterAsDouble(parameters, TARGET_HOUSEHOLDS, context),
            tolerance=alg.parameterAsDouble(parameters, TOLERANCE, context) / 100.0,
            seed=alg.parameterAsInt(parameters, SEED, context),
            # QGIS's own thread limit (Settings › Options › Rendering): -1 = every core
            workers=QgsApplication.maxThreads(),
            budget=work_budget(),
        )
        buildings = alg.parameterAsSource(parameters, BUILDINGS, context)
        hh_field = alg.parameterAsString(parameters, HOUSEHOLD_FIELD, context)
        if options.balance_by in (engine.HOUSEHOLDS, engine.BOTH) and (buildings is None or not hh_field):
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "PartitionParameters", "Balancing by households needs a buildings layer and its household field."
                )
            )
        inputs = PartitionInputs(options)
        if buildings is not None:
            feedback.setProgressText(QCoreApplication.translate("PartitionParameters", "Reading buildings…"))
            inputs.building_ids, inputs.building_geoms, values = read_source(
                buildings, work_crs, context, feedback, [hh_field]
            )
            inputs.buildings_name = buildings.sourceName()
            if hh_field:
                inputs.households = alg.run_core(
                    engine.parse_households, values[hh_field], inputs.building_ids, hh_field, buildings.sourceName()
                )
        barriers = alg.parameterAsSource(parameters, BARRIERS, context)
        if barriers is not None:
            feedback.setProgressText(QCoreApplication.translate("PartitionParameters", "Reading barriers…"))
            _, inputs.barrier_geoms, _ = read_source(barriers, work_crs, context, feedback)
        return inputs

    @staticmethod
    def deviation(area, households, options):
        """Signed relative deviation from the target (the larger one when balancing by both)."""
        return measures.deviation(area, households, options.balance_by, options.target_area, options.target_households)


def grid_fields():
    fields = QgsFields()
    fields.append(QgsField("grid_code", QVariant.Type.String, len=20))
    fields.append(QgsField("area_code", QVariant.Type.String, len=20))
    fields.append(QgsField("area_m2", QVariant.Type.Double))
    fields.append(QgsField("households", QVariant.Type.Double))
    fields.append(QgsField("n_buildings", QVariant.Type.Int))
    fields.append(QgsField("deviation_pct", QVariant.Type.Double))
    fields.append(QgsField("compactness", QVariant.Type.Double))
    fields.append(QgsField("flag", QVariant.Type.String, len=40))
    return fields


def grid_attributes(grid):
    return [
        grid.code,
        grid.area_code,
        round(grid.area_m2, 2),
        round(grid.households, 3),
        grid.n_buildings,
        round(grid.deviation_pct, 3),
        round(grid.compactness, 4),
        grid.flag,
    ]
