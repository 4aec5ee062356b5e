"""Write the part inventory forms (resources/styles/part_*_form.qml: the Fields and Forms categories) with
the QGIS API (run once when the form changes; the QMLs are committed).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_part_forms.py

The QMLs hold the layout (tabs, groups, the photo and history relations), the widget types, the read-only
fields and the constraints, in English; the plugin binds the pick-lists to the store's tables and speaks the
UI language when it adds the layers (processing/algorithms/part_forms.py).
"""

import re
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsAttributeEditorAction,
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorHtmlElement,
    QgsAttributeEditorRelation,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsMapLayer,
    QgsVectorLayer,
)

# the id of the 'Restore this version' action that the plugin adds to the history layer (part_forms.py)
RESTORE_ACTION_ID = "{6f2c1c7e-0d3b-4f0e-9a55-2b1d8c3e4a14}"
from qgis.PyQt.QtCore import QUuid  # noqa: E402

STYLES = Path(__file__).resolve().parents[1] / "resources" / "styles"
CATEGORIES = QgsMapLayer.StyleCategory.Fields | QgsMapLayer.StyleCategory.Forms

PART_FIELDS = [
    ("code", "string"),
    ("kind", "string"),
    ("class_code", "string"),
    ("grid_code", "string"),
    ("major", "string"),
    ("minor", "string"),
    ("major_zh", "string"),
    ("major_en", "string"),
    ("class_zh", "string"),
    ("class_en", "string"),
    ("code_16", "string"),
    ("name", "string"),
    ("status", "string"),
    ("owner_dept", "string"),
    ("survey_date", "string"),
    ("community_code", "string"),
    ("street_code", "string"),
    ("source_file", "string"),
    ("source_row", "integer"),
    ("inv_state", "string"),
    ("first_seen", "date"),
    ("last_seen", "date"),
    ("missing_since", "date"),
    ("last_run", "integer"),
    ("last_change", "string"),
    ("version", "integer"),
    ("retired_on", "date"),
]
HISTORY_FIELDS = [
    ("id", "integer"),
    ("run_id", "integer"),
    ("code", "string"),
    ("change", "string"),
    ("changed_fields", "string"),
    ("actor", "string"),
    ("at", "datetime"),
    ("old_values", "string"),
    ("new_values", "string"),
    ("version", "integer"),
    ("restored_from", "integer"),
]
PHOTO_FIELDS = [
    ("id", "integer"),
    ("part_code", "string"),
    ("taken_at", "datetime"),
    ("actor", "string"),
    ("mime", "string"),
    ("bytes", "binary"),
    ("thumbnail", "binary"),
    ("note", "string"),
]
READ_ONLY_PARTS = (
    "code kind grid_code community_code street_code version minor major_zh major_en class_zh class_en code_16 "
    "source_file source_row inv_state first_seen last_seen missing_since last_run last_change retired_on"
).split()

# the photo in the form: the thumbnail (or the photo) as a data URI, written by the HTML widget's expression
PHOTO_HTML = (
    '<div style="text-align:center"><script>'
    'var b = expression.evaluate(\'to_base64(coalesce("thumbnail", "bytes"))\');'
    "var m = expression.evaluate('coalesce(\"mime\", \\'image/jpeg\\')');"
    "if (b) { document.write('<img style=\"max-width:100%;max-height:320px\" src=\"data:' + m + ';base64,' + b"
    " + '\">'); }"
    "</script></div>"
)


def memory_layer(fields, geometry="Point?crs=EPSG:4490"):
    spec = "&".join("field={}:{}".format(n, t if t != "binary" else "string") for n, t in fields)
    return QgsVectorLayer("{}&{}".format(geometry, spec), "layer", "memory")


def index(layer, name):
    return layer.fields().indexFromName(name)


def add_fields(layer, parent, names):
    for name in names:
        parent.addChildElement(QgsAttributeEditorField(name, index(layer, name), parent))


def tab(name, parent, columns=1):
    container = QgsAttributeEditorContainer(name, parent)
    container.setIsGroupBox(False)
    container.setColumnCount(columns)
    return container


def group(name, parent, columns=1):
    container = QgsAttributeEditorContainer(name, parent)
    container.setIsGroupBox(True)
    container.setColumnCount(columns)
    return container


def parts_form():
    layer = memory_layer(PART_FIELDS)
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()

    part = tab("Part", root)
    identity = group("Identity", part, 2)
    add_fields(layer, identity, ["code", "version"])
    part.addChildElement(identity)
    classes = group("Classification", part)
    add_fields(layer, classes, ["major", "class_code"])
    part.addChildElement(classes)
    add_fields(layer, part, ["name", "status", "owner_dept", "survey_date", "retired_on"])
    root.addChildElement(part)

    place = tab("Place", root)
    add_fields(layer, place, ["grid_code", "community_code", "street_code"])
    root.addChildElement(place)

    record = tab("Record", root, 2)
    add_fields(
        layer,
        record,
        [
            "last_change",
            "inv_state",
            "first_seen",
            "last_seen",
            "missing_since",
            "code_16",
            "source_file",
            "source_row",
        ],
    )
    root.addChildElement(record)

    buttons = {"Photos": "AddChildFeature|DeleteChildFeature|SaveChildEdits", "History": "ZoomToChildFeature"}
    for name in ("Photos", "History"):
        container = tab(name, root)
        element = QgsAttributeEditorRelation("gridmanager_{}".format(name.lower()), container)
        element.setLabel(name)
        element.setShowLabel(False)
        element.setRelationWidgetTypeId("relation_editor")
        element.setRelationEditorConfiguration({"buttons": buttons[name], "show_first_feature": True})
        container.addChildElement(element)
        root.addChildElement(container)

    for name in READ_ONLY_PARTS:
        config.setReadOnly(index(layer, name), True)
    layer.setEditFormConfig(config)
    for name in ("code", "grid_code", "community_code", "street_code", "name", "survey_date", "code_16"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False}))
    for name in ("status", "last_change", "major"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("ValueMap", {"map": []}))
    for name, key in (("class_code", "code"), ("owner_dept", "code")):
        layer.setEditorWidgetSetup(
            index(layer, name),
            QgsEditorWidgetSetup(
                "ValueRelation",
                {"Key": key, "Value": "label", "AllowNull": name == "owner_dept", "UseCompleter": True},
            ),
        )
    date = {"display_format": "yyyy-MM-dd", "field_format": "yyyy-MM-dd", "calendar_popup": True, "allow_null": True}
    for name in ("first_seen", "last_seen", "missing_since", "retired_on"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("DateTime", date))
    for name in ("version", "source_row", "last_run"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("Range", {"Style": "SpinBox"}))
    for name in ("kind", "minor", "major_zh", "major_en", "class_zh", "class_en", "last_run"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("Hidden", {}))
    i = index(layer, "class_code")
    layer.setFieldConstraint(i, QgsFieldConstraints.Constraint.ConstraintNotNull)
    return layer


def history_form():
    layer = memory_layer(HISTORY_FIELDS)
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()
    change = tab("Change", root)
    add_fields(layer, change, ["code", "version", "change", "at", "actor", "changed_fields", "run_id", "restored_from"])
    change.addChildElement(QgsAttributeEditorAction(QUuid(RESTORE_ACTION_ID), change))
    root.addChildElement(change)
    values = tab("Values", root)
    add_fields(layer, values, ["old_values", "new_values"])
    root.addChildElement(values)
    for name, _kind in HISTORY_FIELDS:
        config.setReadOnly(index(layer, name), True)
    layer.setEditFormConfig(config)
    for name in ("old_values", "new_values"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True}))
    for name in ("code", "actor", "changed_fields"):
        layer.setEditorWidgetSetup(index(layer, name), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False}))
    layer.setEditorWidgetSetup(index(layer, "change"), QgsEditorWidgetSetup("ValueMap", {"map": []}))
    layer.setEditorWidgetSetup(
        index(layer, "at"),
        QgsEditorWidgetSetup(
            "DateTime", {"display_format": "yyyy-MM-dd HH:mm:ss", "field_iso_format": True, "calendar_popup": False}
        ),
    )
    return layer


def photos_form():
    layer = memory_layer(PHOTO_FIELDS, "None?")
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()
    html = QgsAttributeEditorHtmlElement("Photo", root)
    html.setHtmlCode(PHOTO_HTML)
    html.setShowLabel(False)
    root.addChildElement(html)
    add_fields(layer, root, ["note", "taken_at", "actor", "bytes"])
    layer.setEditorWidgetSetup(index(layer, "part_code"), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False}))
    for name in ("id", "part_code", "taken_at", "actor", "mime", "thumbnail"):
        config.setReadOnly(index(layer, name), True)
    layer.setEditFormConfig(config)
    layer.setEditorWidgetSetup(index(layer, "bytes"), QgsEditorWidgetSetup("Binary", {}))
    layer.setEditorWidgetSetup(index(layer, "thumbnail"), QgsEditorWidgetSetup("Hidden", {}))
    layer.setEditorWidgetSetup(
        index(layer, "taken_at"),
        QgsEditorWidgetSetup("DateTime", {"display_format": "yyyy-MM-dd HH:mm", "field_iso_format": True}),
    )
    return layer


def main():
    app = QgsApplication([], False)
    app.initQgis()
    for name, layer in (
        ("part_inventory_form.qml", parts_form()),
        ("part_history_form.qml", history_form()),
        ("part_photos_form.qml", photos_form()),
    ):
        message, ok = layer.saveNamedStyle(str(STYLES / name), CATEGORIES)
        print(name, ok, message)
        path = STYLES / name
        text = path.read_text(encoding="utf-8")
        # the relation of each tab (bound to the store's layers when the plugin adds them)
        text = re.sub(
            r'<attributeEditorRelation [^>]*name="gridmanager_(photos|history)"[^>]*>',
            lambda m: m.group(0).replace('relation=""', 'relation="gridmanager_{}"'.format(m.group(1))),
            text,
        )
        path.write_text(text, encoding="utf-8")
    app.exitQgis()


if __name__ == "__main__":
    main()
