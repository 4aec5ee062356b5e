"""One module per algorithm.  Register new algorithms in ``ALGORITHMS`` as (module, class name)."""

import importlib
import traceback

ALGORITHMS = (
    ("partition_grids", "PartitionGridsAlgorithm"),
    ("revise_grids", "ReviseGridsAlgorithm"),
    ("check_grids", "CheckGridsAlgorithm"),
    ("convert_china_coords", "ConvertChinaCoordsAlgorithm"),
    ("import_parts", "ImportPartsAlgorithm"),
    ("update_inventory", "UpdateInventoryAlgorithm"),
    ("add_part_layer", "AddPartLayerAlgorithm"),
    ("case_density", "CaseDensityAlgorithm"),
    ("grid_case_stats", "GridCaseStatsAlgorithm"),
    ("evaluate", "EvaluateAlgorithm"),
    ("local_moran", "LocalMoranAlgorithm"),
    ("emerging_hotspots", "EmergingHotspotsAlgorithm"),
    ("manage_departments", "ManageDepartmentsAlgorithm"),
    ("manage_classes", "ManageClassesAlgorithm"),
    ("manage_users", "ManageUsersAlgorithm"),
    ("working_time", "WorkingTimeAlgorithm"),
)


def algorithm_classes(errors=None):
    """The algorithm classes.  A module that fails to import is reported (to `errors` when given,
    else to the QGIS message log) and left out, so one broken algorithm never hides the others;
    tests assert that every registered algorithm loads."""
    classes = []
    for module_name, class_name in ALGORITHMS:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
            classes.append(getattr(module, class_name))
        except Exception:
            text = traceback.format_exc()
            if errors is not None:
                errors.append((module_name, text))
            else:
                from qgis.core import Qgis, QgsMessageLog

                QgsMessageLog.logMessage(text, "Grid Manager", Qgis.MessageLevel.Critical)
    return classes
