"""The field drop-downs of a survey read by the plugin itself (importparts' X / Y / code fields).

QGIS opens a GBK CSV with its default encoding to fill a field drop-down, so its column names show as
'����' and the picked name matches no column.  These drop-downs list the columns as the plugin's survey
reader names them (encoding detected, title rows skipped), so a picked name is the real column name.
A loaded layer keeps the standard behaviour (its fields as QGIS reads them).

Imported only by the Processing dialogs (``widget_wrapper`` metadata names this module), never by
``qgis_process``: it needs QGIS's own ``processing.gui``.
"""

import warnings

from qgis.core import QgsField, QgsFields, QgsProcessingFeatureSourceDefinition
from qgis.PyQt.QtCore import QVariant

from ...grid_manager.common.errors import GridManagerError
from ...grid_manager.formats.survey_io import survey_columns
from .survey_input import is_file_input

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from processing.gui.wrappers import DIALOG_BATCH, DIALOG_STANDARD, TableFieldWidgetWrapper


def field_list(columns):
    fields = QgsFields()
    for name in columns:
        fields.append(QgsField(name, QVariant.Type.String))
    return fields


class SurveyFieldWidgetWrapper(TableFieldWidgetWrapper):
    """QGIS's field wrapper, with the columns of a survey file read by the plugin's reader."""

    def __init__(self, *args, **kwargs):
        with warnings.catch_warnings():  # the base class warns that it is deprecated: it still works in 3.x
            warnings.simplefilter("ignore", DeprecationWarning)
            super().__init__(*args, **kwargs)
        self.survey_encoding = None

    def setLayer(self, layer):
        value = layer
        if isinstance(value, QgsProcessingFeatureSourceDefinition) and not value.selectedFeaturesOnly:
            value = value.source.staticValue()
        if (
            self.dialogType in (DIALOG_STANDARD, DIALOG_BATCH)
            and not self.parameterDefinition().allowMultiple()
            and isinstance(value, str)
            and value
            and is_file_input(value, self.context)
        ):
            try:
                columns, encoding = survey_columns(value)
            except (GridManagerError, OSError, ValueError):
                columns = None  # the standard drop-down; the algorithm names the problem when run
            if columns is not None:
                self._layer = None
                self.survey_encoding = encoding
                self.widget.setFields(field_list(columns))
                self.widget.setCurrentIndex(0)
                return
        self.survey_encoding = None
        super().setLayer(layer)
