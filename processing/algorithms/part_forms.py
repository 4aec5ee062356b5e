"""The part inventory (部件台账) as editable QGIS layers: the parts layer with the plugin's form
(resources/styles/part_inventory_form.qml), its photos and its history, the pick-lists and the
relations, in the UI language; database refusals shown as translated sentences.

A shared module (``addpartlayer`` and the plugin use it; algorithm modules never import each other).
Everything here runs in the main thread (layers are added to the project).
"""

import json
import os
import re

from qgis.core import (
    Qgis,
    QgsAction,
    QgsAttributeEditorContainer,
    QgsAttributeEditorRelation,
    QgsDataSourceUri,
    QgsEditorWidgetSetup,
    QgsFeatureRequest,
    QgsFieldConstraints,
    QgsMapLayer,
    QgsProject,
    QgsRelation,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QObject, QTimer
from qgis.PyQt.QtXml import QDomDocument

from ...grid_manager.common.i18n import translate
from ...grid_manager.store.interface import workflow_message

STYLES = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources", "styles"
)
PARTS_QML = "part_inventory_form.qml"
PHOTOS_QML = "part_photos_form.qml"
HISTORY_QML = "part_history_form.qml"
FORM_CATEGORIES = QgsMapLayer.StyleCategory.Fields | QgsMapLayer.StyleCategory.Forms

# the statuses a planner may set (the database's list, gm.part_statuses())
STATUSES = ("完好", "破损", "丢失", "占用", "注销")
# fields only the database writes (codes, places, names from the catalogue, the survey bookkeeping)
READ_ONLY = (
    "fid",
    "code",
    "kind",
    "grid_code",
    "community_code",
    "street_code",
    "version",
    "minor",
    "major_zh",
    "major_en",
    "class_zh",
    "class_en",
    "code_16",
    "source_file",
    "source_row",
    "inv_state",
    "first_seen",
    "last_seen",
    "missing_since",
    "last_run",
    "last_change",
    "retired_on",
    "x",
    "y",
)
# layer key → table; the optional ones may be missing from an older store
TABLES = {
    "parts": "parts",
    "history": "part_history",
    "photos": "part_photos",
    "classes": "classes",
    "departments": "departments",
    "majors": "part_majors",
}
OPTIONAL_TABLES = ("photos", "majors")
GEOMETRY = {"parts": "geom", "history": "geom"}


def chinese():
    """Whether the UI speaks Chinese (the translator maps this marker to 'zh'): class and department
    names are then shown in Chinese."""
    return translate("PartForms", "en") == "zh"


def field_aliases():
    return {
        "code": translate("PartForms", "Part code"),
        "kind": translate("PartForms", "Kind"),
        "major": translate("PartForms", "Major class"),
        "minor": translate("PartForms", "Minor class"),
        "class_code": translate("PartForms", "Class"),
        "major_zh": translate("PartForms", "Major class (Chinese)"),
        "major_en": translate("PartForms", "Major class (English)"),
        "class_zh": translate("PartForms", "Class name (Chinese)"),
        "class_en": translate("PartForms", "Class name (English)"),
        "code_16": translate("PartForms", "16-digit code"),
        "name": translate("PartForms", "Name"),
        "status": translate("PartForms", "Status"),
        "owner_dept": translate("PartForms", "Owner department"),
        "survey_date": translate("PartForms", "Survey date"),
        "grid_code": translate("PartForms", "Grid"),
        "community_code": translate("PartForms", "Community"),
        "street_code": translate("PartForms", "Street"),
        "source_file": translate("PartForms", "Survey file"),
        "source_row": translate("PartForms", "Survey row"),
        "inv_state": translate("PartForms", "Inventory state"),
        "first_seen": translate("PartForms", "First seen"),
        "last_seen": translate("PartForms", "Last seen"),
        "missing_since": translate("PartForms", "Missing since"),
        "last_run": translate("PartForms", "Last inventory run"),
        "last_change": translate("PartForms", "Last change"),
        "version": translate("PartForms", "Version"),
        "retired_on": translate("PartForms", "Retired on"),
    }


def history_aliases():
    return {
        "code": translate("PartForms", "Part code"),
        "change": translate("PartForms", "Change"),
        "changed_fields": translate("PartForms", "Changed fields"),
        "actor": translate("PartForms", "Changed by"),
        "at": translate("PartForms", "Changed at"),
        "version": translate("PartForms", "Version"),
        "run_id": translate("PartForms", "Inventory run"),
        "old_values": translate("PartForms", "Old values"),
        "new_values": translate("PartForms", "New values"),
        "restored_from": translate("PartForms", "Restored from"),
    }


def photo_aliases():
    return {
        "part_code": translate("PartForms", "Part code"),
        "taken_at": translate("PartForms", "Taken at"),
        "actor": translate("PartForms", "Added by"),
        "mime": translate("PartForms", "Type"),
        "bytes": translate("PartForms", "Photo"),
        "thumbnail": translate("PartForms", "Thumbnail"),
        "note": translate("PartForms", "Note"),
    }


def status_labels():
    return {
        "完好": translate("PartForms", "Intact (完好)"),
        "破损": translate("PartForms", "Damaged (破损)"),
        "丢失": translate("PartForms", "Lost (丢失)"),
        "占用": translate("PartForms", "Occupied (占用)"),
        "注销": translate("PartForms", "Retired (注销)"),
    }


def change_labels():
    return {
        "new": translate("PartForms", "New (survey)"),
        "unchanged": translate("PartForms", "Unchanged (survey)"),
        "moved": translate("PartForms", "Moved (survey)"),
        "changed": translate("PartForms", "Changed (survey)"),
        "moved_changed": translate("PartForms", "Moved and changed (survey)"),
        "missing": translate("PartForms", "Missing (survey)"),
        "edit": translate("PartForms", "Edited"),
        "add": translate("PartForms", "Added"),
        "retire": translate("PartForms", "Retired"),
        "restore": translate("PartForms", "Restored"),
    }


def tab_names():
    """The form's tabs by their name in the QML (English) → the UI language."""
    return {
        "Part": translate("PartForms", "Part"),
        "Place": translate("PartForms", "Place"),
        "Record": translate("PartForms", "Record"),
        "Photos": translate("PartForms", "Photos"),
        "History": translate("PartForms", "History"),
        "Identity": translate("PartForms", "Identity"),
        "Classification": translate("PartForms", "Classification"),
        "Change": translate("PartForms", "Change"),
        "Values": translate("PartForms", "Values"),
    }


# --------------------------------------------------------------------------------------------------
# Opening the layers
# --------------------------------------------------------------------------------------------------
def layer_sources(kind, target):
    """``{key: (uri, provider)}`` of the inventory tables of a store: ``kind`` 'postgis' with a
    QgsDataSourceUri (a QGIS connection's: credentials stay in the connection / auth manager) or 'gpkg'
    with the path of a GeoPackage store."""
    sources = {}
    for key, table in TABLES.items():
        if kind == "postgis":
            uri = QgsDataSourceUri(target.uri(False))
            uri.setDataSource("gm", table, GEOMETRY.get(key), "")
            if key == "parts":
                uri.setKeyColumn("code")
            elif key in ("history", "photos"):
                uri.setKeyColumn("id")
            elif key == "majors":
                uri.setKeyColumn("code")
            if key == "classes":
                uri.setSql("\"kind\" = 'part'")
            sources[key] = (uri.uri(False), "postgres")
        else:
            uri = "{}|layername={}".format(target, table)
            if key == "classes":
                uri += "|subset=\"kind\" = 'part'"
            sources[key] = (uri, "ogr")
    return sources


def layer_names():
    return {
        "parts": translate("PartForms", "Part inventory"),
        "history": translate("PartForms", "Part history"),
        "photos": translate("PartForms", "Part photos"),
        "classes": translate("PartForms", "Part classes"),
        "departments": translate("PartForms", "Departments"),
        "majors": translate("PartForms", "Major classes"),
    }


def open_layers(kind, target, where):
    """The inventory layers of a store (``where`` names it in messages).  Raises ValueError with a
    translated message when the store has no part inventory or cannot be read."""
    names = layer_names()
    layers = {}
    for key, (uri, provider) in layer_sources(kind, target).items():
        layer = QgsVectorLayer(uri, names[key], provider)
        if layer.isValid() and (key == "photos" or layer.fields().indexFromName("code") >= 0):
            layers[key] = layer
            continue
        if key in OPTIONAL_TABLES:
            continue
        raise ValueError(
            translate(
                "PartForms",
                "{store}: the table '{table}' cannot be opened; the store needs a part inventory (a Grid "
                "Manager store) that your login may read.",
            ).format(store=where, table=TABLES[key])
        )
    return layers


# --------------------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------------------
def relation_id(key, parts):
    """The id of the relation 'photos' or 'history' of a parts layer (several stores may be open)."""
    return "gridmanager_{}_{}".format(key, parts.id())


def load_form_style(layer, qml_name):
    """Load the Fields and Forms categories of a shipped QML, its relation elements renamed to this
    layer's relations; returns (ok, message)."""
    with open(os.path.join(STYLES, qml_name), encoding="utf-8") as handle:
        text = handle.read()
    for key in ("photos", "history"):
        text = text.replace('"gridmanager_{}"'.format(key), '"{}"'.format(relation_id(key, layer)))
    document = QDomDocument()
    document.setContent(text)
    ok, message = layer.importNamedStyle(document, FORM_CATEGORIES)
    return ok, message


def _value_relation(layer, key, value, filter_expression="", allow_null=False):
    return QgsEditorWidgetSetup(
        "ValueRelation",
        {
            "Layer": layer.id(),
            "LayerName": layer.name(),
            "LayerSource": layer.publicSource(),
            "LayerProviderName": layer.providerType(),
            "Key": key,
            "Value": value,
            "FilterExpression": filter_expression,
            "AllowNull": allow_null,
            "OrderByValue": False,
            "AllowMulti": False,
            "UseCompleter": True,
            "NofColumns": 1,
        },
    )


def _value_map(labels):
    return QgsEditorWidgetSetup("ValueMap", {"map": [{label: value} for value, label in labels.items()]})


def _set_widget(layer, name, setup):
    index = layer.fields().indexFromName(name)
    if index >= 0:
        layer.setEditorWidgetSetup(index, setup)


def _label_field(layer, name, expression):
    """An expression field ``name`` on a pick-list layer (the text shown in the drop-down)."""
    from qgis.core import QgsField
    from qgis.PyQt.QtCore import QVariant

    index = layer.fields().indexFromName(name)
    if index >= 0:
        layer.updateExpressionField(index, expression)
    else:
        layer.addExpressionField(expression, QgsField(name, QVariant.Type.String))


def configure_pick_lists(layers):
    """The texts the pick-lists show, in the UI language: '0101 上水井盖' / '0101 Water supply cover'."""
    zh = chinese()
    classes = layers["classes"]
    name = 'coalesce(nullif("name_zh", \'\'), "name")' if zh else 'coalesce(nullif("name", \'\'), "name_zh")'
    _label_field(classes, "label", "\"code\" || ' ' || " + name)
    if "majors" in layers:
        majors = layers["majors"]
        name = '"name_zh"' if zh else '"name_en"'
        _label_field(majors, "label", "\"code\" || ' ' || " + name)
    _label_field(layers["departments"], "label", "\"name\" || ' (' || \"code\" || ')'")
    for key, layer in layers.items():
        if key not in ("parts", "photos"):
            layer.setReadOnly(True)  # pick-lists and history: written by the database only


def major_labels(layers):
    """The major classes of the store (part_majors, else the classes' first two digits with the
    catalogue's names) in the UI language; '' (not known yet) lists every class."""
    from ...grid_manager.parts.catalogs import load_catalog

    zh = chinese()
    labels = {"": translate("PartForms", "(any major class)")}
    names = {}
    if "majors" in layers:
        for feature in layers["majors"].getFeatures():
            names[str(feature["code"])] = feature["name_zh"] if zh else feature["name_en"]
    catalog = load_catalog("part")
    codes = set(names)
    for feature in layers["classes"].getFeatures():
        codes.add(str(feature["code"])[:2])
    for major in sorted(codes):
        name = names.get(major)
        if not name:
            entry = catalog.major(major)
            name = (entry.name_zh if zh else entry.name_en) if entry is not None else ""
        labels[major] = "{} {}".format(major, name) if name else major
    return labels


def localize_parts_form(layers):
    """The parts layer's form (already loaded from the QML) in the UI language, with the pick-lists bound
    to this store's layers: aliases, status labels, classes by major class, departments, tab names."""
    parts = layers["parts"]
    for name, alias in field_aliases().items():
        index = parts.fields().indexFromName(name)
        if index >= 0:
            parts.setFieldAlias(index, alias)
    _set_widget(parts, "status", _value_map(status_labels()))
    _set_widget(parts, "last_change", _value_map(change_labels()))
    _set_widget(parts, "major", _value_map(major_labels(layers)))
    _set_widget(
        parts,
        "class_code",
        _value_relation(
            layers["classes"],
            "code",
            "label",
            "current_value('major') IS NULL OR current_value('major') = '' "
            "OR left(\"code\", 2) = current_value('major')",
        ),
    )
    _set_widget(parts, "owner_dept", _value_relation(layers["departments"], "code", "label", allow_null=True))
    config = parts.editFormConfig()
    for name in READ_ONLY:
        index = parts.fields().indexFromName(name)
        if index >= 0:
            config.setReadOnly(index, True)
    index = parts.fields().indexFromName("class_code")
    if index >= 0:
        parts.setConstraintExpression(
            index,
            '"class_code" IS NOT NULL AND "class_code" <> \'\'',
            translate("PartForms", "Choose the class of the part."),
        )
        parts.setFieldConstraint(
            index,
            QgsFieldConstraints.Constraint.ConstraintExpression,
            QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
        )
    index = parts.fields().indexFromName("status")
    if index >= 0:
        statuses = ", ".join("'{}'".format(s) for s in STATUSES)
        parts.setConstraintExpression(
            index,
            '"status" IS NULL OR "status" IN ({})'.format(statuses),
            translate("PartForms", "Choose a status from the list."),
        )
    _rename_tabs(config.invisibleRootContainer(), tab_names())
    parts.setEditFormConfig(config)
    class_name = "class_zh" if chinese() else "class_en"
    parts.setDisplayExpression("\"code\" || ' ' || coalesce(\"{}\", '')".format(class_name))


def _rename_tabs(container, names):
    for child in container.children():
        if isinstance(child, QgsAttributeEditorContainer):
            key = child.name()
            english = {v: k for k, v in names.items()}.get(key, key)  # already localized once
            if english in names:
                child.setName(names[english])
            _rename_tabs(child, names)


def localize_history(history):
    for name, alias in history_aliases().items():
        index = history.fields().indexFromName(name)
        if index >= 0:
            history.setFieldAlias(index, alias)
    _set_widget(history, "change", _value_map(change_labels()))
    config = history.editFormConfig()
    _rename_tabs(config.invisibleRootContainer(), tab_names())
    history.setEditFormConfig(config)
    history.setDisplayExpression(
        "format_date(\"at\", 'yyyy-MM-dd HH:mm') || ' · ' || represent_value(\"change\") || ' · ' || \"actor\""
    )


def localize_photos(photos):
    photos.setDisplayExpression("format_date(\"taken_at\", 'yyyy-MM-dd HH:mm') || ' ' || coalesce(\"note\", '')")
    for name, alias in photo_aliases().items():
        index = photos.fields().indexFromName(name)
        if index >= 0:
            photos.setFieldAlias(index, alias)


def add_relations(layers, project):
    """parts.code → part_photos.part_code and part_history.code; the form's Photos and History tabs show
    them."""
    parts = layers["parts"]
    manager = project.relationManager()
    made = {}
    for key, field in (("photos", "part_code"), ("history", "code")):
        if key not in layers:
            continue
        relation = QgsRelation()
        relation.setId(relation_id(key, parts))
        relation.setName(layer_names()[key])
        relation.setReferencingLayer(layers[key].id())
        relation.setReferencedLayer(parts.id())
        relation.addFieldPair(field, "code")
        relation.setStrength(QgsRelation.RelationStrength.Association)
        if not relation.isValid():
            continue
        manager.removeRelation(relation.id())
        manager.addRelation(relation)
        made[key] = relation
    config = parts.editFormConfig()
    _init_relations(config.invisibleRootContainer(), manager, {r.id(): r for r in made.values()})
    parts.setEditFormConfig(config)
    return made


def _init_relations(container, manager, relations):
    for child in container.children():
        if isinstance(child, QgsAttributeEditorRelation):
            child.init(manager)
            relation = relations.get(child.relation().id())
            if relation is not None:
                child.setLabel(relation.name())
        elif isinstance(child, QgsAttributeEditorContainer):
            _init_relations(child, manager, relations)


RESTORE_ACTION_ID = "{6f2c1c7e-0d3b-4f0e-9a55-2b1d8c3e4a14}"


def add_restore_action(history):
    """'Restore this version' on the history layer (a feature action: the relation table in the form
    and the attribute table show it as a button)."""
    manager = history.actions()
    for action in manager.actions():
        if action.id().toString() == RESTORE_ACTION_ID:
            manager.removeAction(action.id())
    code = (
        "from gridmanager.processing.algorithms.part_forms import restore_from_action\n"
        "restore_from_action('[% @layer_id %]', [% $id %])\n"
    )
    from qgis.PyQt.QtCore import QUuid

    action = QgsAction(
        QUuid(RESTORE_ACTION_ID),
        QgsAction.ActionType.GenericPython,
        translate("PartForms", "Restore this version"),
        code,
        "",
        False,
        "",
        {"Feature", "Form"},
        "",
    )
    manager.addAction(action)
    table = history.attributeTableConfig()
    table.setActionWidgetVisible(True)
    history.setAttributeTableConfig(table)
    return action


def load_into_project(layers, project=None):
    """Style, relate and add the inventory layers (the parts layer on top, the tables in a group below);
    the parts layer gets the refusal watcher.  Returns the parts layer."""
    project = project or QgsProject.instance()
    parts = layers["parts"]
    load_form_style(parts, PARTS_QML)
    if "photos" in layers:
        load_form_style(layers["photos"], PHOTOS_QML)
        localize_photos(layers["photos"])
    load_form_style(layers["history"], HISTORY_QML)
    localize_history(layers["history"])
    others = [layer for key, layer in layers.items() if key != "parts"]
    project.addMapLayers(others, False)
    root = project.layerTreeRoot()
    group = root.insertGroup(0, translate("PartForms", "Part inventory tables"))
    for layer in others:
        group.addLayer(layer)
    group.setExpanded(False)
    project.addMapLayer(parts, False)
    root.insertLayer(0, parts)
    configure_pick_lists(layers)
    localize_parts_form(layers)
    add_relations(layers, project)
    add_restore_action(layers["history"])
    watch(parts)
    return parts


STYLE_NAME = "gridmanager_part_form"


def save_default_style(layers):
    """The parts layer's form saved as its default style in the store (other desks get it); returns
    ``(ok, message)``."""
    parts = layers["parts"]
    description = translate("PartForms", "Grid Manager part inventory form")
    try:
        # QGIS asks "overwrite?" in a message box when the style's name is taken (a second desk, a newer
        # plugin): unanswerable in an algorithm's thread, so the old form is removed first
        _count, ids, names, _descriptions, _error = parts.listStylesInDatabase()
        for style_id, name in zip(ids, names):
            if name == STYLE_NAME:
                parts.deleteStyleFromDatabase(style_id)
        result = parts.saveStyleToDatabase(STYLE_NAME, description, True, "")
    except Exception as error:  # a provider without style storage
        return False, str(error)
    finally:
        # GDAL reopens a GeoPackage to write its layer_styles: the other layers of the file reconnect
        for layer in layers.values():
            if layer.providerType() == "ogr":
                layer.reload()
    message = result if isinstance(result, str) else (result[0] if result else "")
    return not message, message


# --------------------------------------------------------------------------------------------------
# Saving: the version read goes back with every change; refusals in words
# --------------------------------------------------------------------------------------------------
_REFUSAL = re.compile(r"\b(GM\d{3})\b")
_DENIED = re.compile(r"permission denied for (?:table|relation|sequence) ([\w.]+)")


def refusal_text(raw):
    """The translated sentence of a store refusal found in a provider's error text (PostgreSQL:
    'case store refusal GM041' + 'DETAIL: {json}'; GeoPackage triggers: 'GM041 {json}'), or None."""
    if not raw:
        return None
    match = _REFUSAL.search(raw)
    if match is None:
        denied = _DENIED.search(raw)
        if denied is not None:
            return translate(
                "PartForms",
                "Only planners may change the part inventory: your login has no permission to write the table "
                "{table}. Ask the store's administrator for the planner role.",
            ).format(table=denied.group(1))
        return None
    code = match.group(1)
    params = {}
    start = raw.find("{", match.end())
    if start >= 0:
        depth = 0
        for end in range(start, len(raw)):
            if raw[end] == "{":
                depth += 1
            elif raw[end] == "}":
                depth -= 1
                if depth == 0:
                    try:
                        params = json.loads(raw[start : end + 1])
                    except ValueError:
                        params = {}
                    break
    if not isinstance(params, dict):
        params = {}
    return workflow_message(code, params)


def _message_bar():
    try:
        from qgis.utils import iface
    except ImportError:
        return None
    if iface is None or not hasattr(iface, "messageBar"):
        return None
    return iface.messageBar()


class PartLayerWatcher(QObject):
    """Attached to an inventory layer: sends back the version each changed part was read at (so a save
    based on an older version is refused, never overwriting), and turns the database's refusals into
    translated sentences on the message bar (form and attribute table saves alike).

    A GeoPackage store has no database roles and its triggers cannot make codes: there the save goes
    through the store (insert_part / update_part, one edit run each, the same checks as the shared
    store) and QGIS then only reloads the layer."""

    def __init__(self, layer):
        super().__init__(layer)
        self.layer = layer
        self.read_versions = {}
        self.through_store = layer.providerType() == "ogr"
        self._refused = False
        self._held = False  # the file refuses direct part writes for QGIS's write of a refused save
        #: what the store already saved from this edit session (a retry after a refusal skips it)
        self._saved = {}
        #: the translated refusals of the last failed save (tests and the message bar)
        self.messages = []
        layer.editingStarted.connect(self._reset)
        layer.attributeValueChanged.connect(self._changed)
        layer.geometryChanged.connect(self._changed)
        layer.beforeCommitChanges.connect(self._before_commit)
        layer.raiseError.connect(self._error)
        layer.afterRollBack.connect(self._reset)
        layer.afterCommitChanges.connect(self._committed)

    def _reset(self):
        self._release()
        self.read_versions.clear()
        self._saved.clear()

    def _committed(self):
        self._reset()
        if self.through_store:
            self.layer.dataProvider().reloadData()
            self.layer.triggerRepaint()

    def _version_index(self):
        return self.layer.fields().indexFromName("version")

    def _changed(self, fid, *_args):
        index = self._version_index()
        if index < 0 or fid < 0 or fid in self.read_versions:
            return
        request = QgsFeatureRequest(fid).setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes([index])
        for feature in self.layer.dataProvider().getFeatures(request):
            self.read_versions[fid] = feature.attribute(index)

    def _before_commit(self, *_args):
        self._release()
        self.messages = []
        self._refused = False
        buffer = self.layer.editBuffer()
        if buffer is None:
            return
        if self.through_store:
            self._save_through_store(buffer)
            return
        index = self._version_index()
        if index < 0:
            return
        changed = set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())
        for fid in changed:
            if fid in self.read_versions and self.read_versions[fid] is not None:
                attributes = buffer.changedAttributeValues().get(fid, {})
                if index not in attributes:
                    buffer.changeAttributeValue(fid, index, self.read_versions[fid], self.read_versions[fid])

    # -- GeoPackage: the edit buffer saved through the store ------------------------------------------
    def _save_through_store(self, buffer):
        from ...grid_manager.common.errors import GridManagerError
        from ...grid_manager.store.interface import WorkflowError

        fields = self.layer.fields()
        store = None
        try:
            store = store_for_layer(self.layer)
            editable = [n for n in store.PART_EDIT_FIELDS if fields.indexFromName(n) >= 0]
            if buffer.deletedFeatureIds():
                raise WorkflowError("GM012", {"table": "parts"})
            originals = {}
            changed_ids = set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())
            for fid in changed_ids:
                original = next(self.layer.dataProvider().getFeatures(QgsFeatureRequest(fid)), None)
                if original is None:
                    continue
                originals[fid] = original
                for index, value in buffer.changedAttributeValues().get(fid, {}).items():
                    name = fields.at(index).name()
                    if name in ("code", "kind") and _plain(value) != _plain(original[name]):
                        raise WorkflowError("GM040", {"part": original["code"], "value": str(value)[:40]})
            for fid, feature in buffer.addedFeatures().items():
                if fid in self._saved:
                    continue
                point = _point(feature.geometry())
                if point is None:
                    raise WorkflowError("GM045", {"part": "", "x": "", "y": ""})
                values = {n: _plain(feature[n]) for n in editable if n != "class_code"}
                values = {n: v for n, v in values.items() if v is not None}
                store.insert_part(_plain(feature["class_code"]) or "", point[0], point[1], **values)
                self._saved[fid] = "added"
            for fid, original in originals.items():
                attributes = {
                    fields.at(i).name(): _plain(v) for i, v in buffer.changedAttributeValues().get(fid, {}).items()
                }
                values = {n: v for n, v in attributes.items() if n in editable}
                if "retired_on" in values and values["retired_on"] is not None:
                    values["retired_on"] = str(values["retired_on"])[:10]
                values = {n: ("" if v is None and n != "retired_on" else v) for n, v in values.items()}
                geometry = buffer.changedGeometries().get(fid)
                point = _point(geometry) if geometry is not None else None
                signature = (tuple(sorted(values.items())), point)
                if self._saved.get(fid) == signature or not (values or point):
                    continue
                expected = self.read_versions.get(fid, original["version"])
                store.update_part(
                    original["code"],
                    expected,
                    point[0] if point else None,
                    point[1] if point else None,
                    **values,
                )
                self._saved[fid] = signature
        except GridManagerError as error:
            self._refused = True
            self._show(str(error))
            # QGIS writes its buffer once this signal returns: the file refuses that write (GM011), so the
            # refused save reaches the file neither through the store nor directly; released right after
            self._hold(store, True)
            return
        finally:
            if store is not None and hasattr(store, "close"):
                store.close()
        buffer.rollBack()  # saved by the store: QGIS has nothing left to write, the layer reloads

    def _hold(self, store, on):
        """Hold (or release) the file's direct part writes (GeoPackage store: ``hold_part_writes``)."""
        from ...grid_manager.common.errors import GridManagerError

        if on:
            self._held = True
            QTimer.singleShot(0, self._release)
        try:
            own = store is None
            store = store if store is not None else store_for_layer(self.layer)
            if hasattr(store, "hold_part_writes"):
                store.hold_part_writes(on)
            if own and hasattr(store, "close"):
                store.close()
        except GridManagerError:
            pass

    def _release(self):
        if getattr(self, "_held", False):
            self._held = False
            self._hold(None, False)

    # -- refusals in words -------------------------------------------------------------------------------
    def _error(self, raw):
        if self._refused:
            return  # the store's own sentence is shown; the file then refuses QGIS's direct write (GM011)
        text = refusal_text(raw)
        if text is None:
            return
        self._show(text)

    def _show(self, text):
        self.messages.append(text)
        bar = _message_bar()
        if bar is not None:
            bar.pushMessage(
                translate("PartForms", "Part inventory"),
                translate(
                    "PartForms", "The save was refused: {reason} Your edits are kept; fix them or roll back."
                ).format(reason=text),
                Qgis.MessageLevel.Critical,
                0,
            )


def _plain(value):
    """A QVariant NULL as None, dates as ISO text."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if hasattr(value, "toString") and hasattr(value, "toPyDate"):
        return value.toString("yyyy-MM-dd")
    return value


def _point(geometry):
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    point = geometry.asPoint() if not geometry.isMultipart() else geometry.asMultiPoint()[0]
    return point.x(), point.y()


def is_part_inventory(layer):
    """Whether a layer is the parts table of a store (PostGIS gm.parts, or 'parts' of a GeoPackage store)."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return False
    if layer.providerType() == "postgres":
        uri = QgsDataSourceUri(layer.source())
        return uri.schema() == "gm" and uri.table() == "parts"
    if layer.providerType() == "ogr":
        path, _, rest = layer.source().partition("|")
        if re.search(r"layername=parts(\||$)", rest) is None:
            return False
        from ...grid_manager.store import is_case_store_file

        return is_case_store_file(path)
    return False


WATCHER_NAME = "gridmanager_part_watcher"


def watch(layer):
    """Attach the watcher once per layer (found again among the layer's children)."""
    existing = layer.findChild(QObject, WATCHER_NAME)
    if existing is None:
        existing = PartLayerWatcher(layer)
        existing.setObjectName(WATCHER_NAME)
    layer._gridmanager_watcher = existing
    return existing


# --------------------------------------------------------------------------------------------------
# Restore from the history
# --------------------------------------------------------------------------------------------------
def store_for_layer(layer):
    """The case store a layer comes from (PostGIS: the layer's connection, credentials through the auth
    manager; GeoPackage: the file)."""
    from ...grid_manager.store import open_store

    if layer.providerType() == "postgres":
        from ..connections import dsn_for_uri

        return open_store(dsn_for_uri(QgsDataSourceUri(layer.source())))
    return open_store(layer.source().split("|")[0])


def restore(history, fid, confirm=True):
    """Restore the part of history row ``fid`` to that row's values; returns the translated result."""
    from qgis.PyQt.QtWidgets import QMessageBox

    feature = history.getFeature(fid)
    if not feature.isValid():
        return None
    code = feature["code"]
    row_id = feature["id"] if history.fields().indexFromName("id") >= 0 else feature.id()
    when = feature["at"]
    if confirm:
        answer = QMessageBox.question(
            None,
            translate("PartForms", "Restore this version"),
            translate(
                "PartForms",
                "Restore part {part} to the values and position it had at {at} (history row {row})? "
                "The part gets a new version; nothing is deleted.",
            ).format(
                part=code, at=when.toString("yyyy-MM-dd HH:mm") if hasattr(when, "toString") else when, row=row_id
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    from ...grid_manager.common.errors import GridManagerError

    store = None
    try:
        store = store_for_layer(history)
        version = store.restore_part(code, int(row_id))
    except GridManagerError as error:
        return False, translate("PartForms", "Part {part} was not restored: {reason}").format(part=code, reason=error)
    finally:
        if store is not None and hasattr(store, "close"):
            store.close()
    return True, translate("PartForms", "Part {part} restored to history row {row} (now version {version}).").format(
        part=code, row=row_id, version=version
    )


def restore_from_action(layer_id, fid):
    """The 'Restore this version' action."""
    history = QgsProject.instance().mapLayer(layer_id)
    if history is None:
        return
    result = restore(history, fid)
    if result is None:
        return
    ok, message = result
    for layer in QgsProject.instance().mapLayers().values():
        if is_part_inventory(layer):
            layer.reload()
            layer.triggerRepaint()
    history.reload()
    bar = _message_bar()
    if bar is not None:
        level = Qgis.MessageLevel.Success if ok else Qgis.MessageLevel.Critical
        bar.pushMessage(translate("PartForms", "Part inventory"), message, level, 8)
