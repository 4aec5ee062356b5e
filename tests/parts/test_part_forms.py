"""The part inventory form shipped with the plugin (issue 14, items 6–7): the QMLs configure the widgets,
gridmanager:addpartlayer loads a store's inventory with its photos, history, pick-lists and relations in the
UI language, the form renders, refusals are read as translated sentences."""

import json
import os

import pytest
from qgis.core import QgsEditFormConfig, QgsProject, QgsVectorLayer

from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.sample import seed_reference

STYLES = os.path.join(os.path.dirname(__file__), "..", "..", "resources", "styles")


@pytest.fixture
def gpkg_store(tmp_path):
    path = str(tmp_path / "store.gpkg")
    store = GpkgStore(path, user="planner")
    store.migrate()
    seed_reference(store)
    store.close()
    return path


@pytest.fixture
def project():
    QgsProject.instance().clear()
    yield QgsProject.instance()
    QgsProject.instance().clear()


def add_layer(run_alg, path, **params):
    results, feedback = run_alg("gridmanager:addpartlayer", {"GEOPACKAGE": path, **params})
    project = QgsProject.instance()
    return project.mapLayer(results["OUTPUT"]), project.mapLayer(results["HISTORY"]), results, feedback


def widget(layer, name):
    return layer.editorWidgetSetup(layer.fields().indexFromName(name))


def read_only(layer, name):
    return layer.editFormConfig().readOnly(layer.fields().indexFromName(name))


def containers(config):
    def walk(container):
        for child in container.children():
            yield child
            if hasattr(child, "children"):
                yield from walk(child)

    return list(walk(config.invisibleRootContainer()))


# -- the QMLs alone --------------------------------------------------------------------------------------------
PART_SPEC = (
    "Point?crs=EPSG:4490&field=code:string&field=kind:string&field=class_code:string&field=grid_code:string"
    "&field=major:string&field=name:string&field=status:string&field=owner_dept:string&field=survey_date:string"
    "&field=community_code:string&field=street_code:string&field=version:integer&field=retired_on:date"
    "&field=last_change:string"
)


def test_the_parts_qml_configures_widgets_layout_and_read_only_fields():
    layer = QgsVectorLayer(PART_SPEC, "parts", "memory")
    message, ok = layer.loadNamedStyle(os.path.join(STYLES, "part_inventory_form.qml"))
    assert ok, message
    config = layer.editFormConfig()
    assert config.layout() == QgsEditFormConfig.EditorLayout.TabLayout
    tabs = [c.name() for c in config.invisibleRootContainer().children()]
    assert tabs == ["Part", "Place", "Record", "Photos", "History"]
    kinds = {
        "class_code": "ValueRelation",
        "owner_dept": "ValueRelation",
        "status": "ValueMap",
        "major": "ValueMap",
        "retired_on": "DateTime",
        "version": "Range",
        "code": "TextEdit",
        "kind": "Hidden",
    }
    for name, kind in kinds.items():
        assert widget(layer, name).type() == kind, name
    for name in ("code", "grid_code", "community_code", "street_code", "version", "retired_on", "last_change"):
        assert read_only(layer, name), name
    for name in ("class_code", "major", "name", "status", "owner_dept", "survey_date"):
        assert not read_only(layer, name), name
    relations = [c for c in containers(config) if c.type() == c.AeTypeRelation]
    assert [r.label() for r in relations] == ["Photos", "History"]
    fields = [c.name() for c in containers(config) if c.type() == c.AeTypeField]
    for name in ("code", "version", "major", "class_code", "status", "owner_dept", "grid_code", "retired_on"):
        assert name in fields


def test_the_history_qml_is_read_only_with_the_restore_button():
    spec = (
        "Point?crs=EPSG:4490&field=id:integer&field=code:string&field=change:string&field=actor:string"
        "&field=at:datetime&field=version:integer&field=new_values:string"
    )
    layer = QgsVectorLayer(spec, "history", "memory")
    message, ok = layer.loadNamedStyle(os.path.join(STYLES, "part_history_form.qml"))
    assert ok, message
    for name in ("code", "change", "actor", "at", "version", "new_values"):
        assert read_only(layer, name), name
    actions = [c for c in containers(layer.editFormConfig()) if c.type() == c.AeTypeAction]
    assert len(actions) == 1


def test_the_photos_qml_shows_the_photo():
    layer = QgsVectorLayer(
        "None?field=id:integer&field=part_code:string&field=mime:string&field=bytes:binary&field=note:string",
        "photos",
        "memory",
    )
    message, ok = layer.loadNamedStyle(os.path.join(STYLES, "part_photos_form.qml"))
    assert ok, message
    html = [c for c in containers(layer.editFormConfig()) if c.type() == c.AeTypeHtmlElement]
    assert len(html) == 1
    with open(os.path.join(STYLES, "part_photos_form.qml"), encoding="utf-8") as handle:
        assert 'to_base64(coalesce("thumbnail", "bytes"))' in handle.read()
    assert widget(layer, "bytes").type() == "Binary"


# -- the algorithm on a GeoPackage store -----------------------------------------------------------------------
def test_add_part_layer_from_a_geopackage_store(run_alg, gpkg_store, project):
    parts, history, results, feedback = add_layer(run_alg, gpkg_store)
    assert parts.isValid() and parts.featureCount() == 144
    assert parts.name() == "Part inventory" and history.name() == "Part history"
    names = {layer.name() for layer in project.mapLayers().values()}
    assert {"Part photos", "Part classes", "Departments", "Major classes"} <= names
    # pick-lists bound to this store's tables, in English
    classes = widget(parts, "class_code").config()
    assert project.mapLayer(classes["Layer"]).name() == "Part classes"
    assert "current_value('major')" in classes["FilterExpression"]
    labels = {f["code"]: f["label"] for f in project.mapLayer(classes["Layer"]).getFeatures()}
    assert labels["0101"].startswith("0101 ") and "上水" not in labels["0101"]
    majors = {v: k for entry in widget(parts, "major").config()["map"] for k, v in entry.items()}
    assert majors["01"] == "01 Public utilities"
    statuses = {v: k for entry in widget(parts, "status").config()["map"] for k, v in entry.items()}
    assert statuses["破损"] == "Damaged (破损)" and set(statuses) == {"完好", "破损", "丢失", "占用", "注销"}
    departments = widget(parts, "owner_dept").config()
    assert project.mapLayer(departments["Layer"]).name() == "Departments" and departments["AllowNull"]
    assert parts.fields().field("status").alias() == "Status"
    assert parts.fields().field("grid_code").alias() == "Grid"
    for name in ("code", "grid_code", "version", "retired_on"):
        assert read_only(parts, name), name
    # relations: photos and history by part code, shown by the form's tabs
    relations = project.relationManager().referencedRelations(parts)
    assert sorted(r.referencingLayer().name() for r in relations) == ["Part history", "Part photos"]
    elements = [c for c in containers(parts.editFormConfig()) if c.type() == c.AeTypeRelation]
    assert all(e.relation().isValid() for e in elements) and len(elements) == 2
    code = next(parts.getFeatures())["code"]
    assert history.featureCount() >= 144 and history.readOnly()
    related = [r for r in relations if r.referencingLayer() is history][0]
    assert all(f["code"] == code for f in related.getRelatedFeatures(next(parts.getFeatures())))
    # the restore action on the history
    assert [a.name() for a in history.actions().actions()] == ["Restore this version"]
    # the form saved as the default style in the store, for other desks
    count, ids, names_, *_ = parts.listStylesInDatabase()
    assert "gridmanager_part_form" in names_
    assert any("saved as the layer's default style" in line for line in feedback.log)


def test_other_desks_get_the_form_from_the_store(run_alg, gpkg_store, project):
    add_layer(run_alg, gpkg_store)
    project.clear()
    plain = QgsVectorLayer(gpkg_store + "|layername=parts", "parts", "ogr")  # loads the default style
    config = plain.editFormConfig()
    assert config.layout() == QgsEditFormConfig.EditorLayout.TabLayout
    assert widget(plain, "status").type() == "ValueMap" and read_only(plain, "code")


def test_add_part_layer_in_chinese(run_alg, gpkg_store, project, zh_cn):
    parts, history, *_ = add_layer(run_alg, gpkg_store, SAVE_STYLE=False)
    assert parts.name() == "部件台账"
    assert parts.fields().field("status").alias() == "状态"
    assert parts.fields().field("class_code").alias() == "部件类别"
    statuses = {v: k for entry in widget(parts, "status").config()["map"] for k, v in entry.items()}
    assert statuses["破损"] == "破损"
    classes = project.mapLayer(widget(parts, "class_code").config()["Layer"])
    labels = {f["code"]: f["label"] for f in classes.getFeatures()}
    assert labels["0101"] == "0101 上水井盖"
    majors = {v: k for entry in widget(parts, "major").config()["map"] for k, v in entry.items()}
    assert majors["01"] == "01 公用设施"
    tabs = [c.name() for c in parts.editFormConfig().invisibleRootContainer().children()]
    assert tabs == ["部件", "位置", "记录", "照片", "历史"]
    assert [a.name() for a in history.actions().actions()] == ["恢复此版本"]


def layer_tools():
    """What QGIS desktop gives a form: the tools to edit related layers."""
    from qgis.core import QgsVectorLayerTools

    class Tools(QgsVectorLayerTools):
        def addFeature(self, layer, default_values=None, default_geometry=None, feature=None):
            return False, None

        def startEditing(self, layer):
            return layer.startEditing()

        def stopEditing(self, layer, allow_cancel=True):
            return layer.commitChanges()

        def saveEdits(self, layer):
            return layer.commitChanges(False)

        def copyMoveFeatures(self, *args):
            return False

    return Tools()


def test_the_form_renders_with_its_widgets(run_alg, gpkg_store, project, qgis_iface):
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui
    from qgis.PyQt.QtWidgets import QTabWidget

    QgsGui.editorWidgetRegistry().initEditors()
    parts, *_ = add_layer(run_alg, gpkg_store, SAVE_STYLE=False)
    feature = next(parts.getFeatures())
    context = QgsAttributeEditorContext()
    tools = layer_tools()
    context.setVectorLayerTools(tools)
    form = QgsAttributeForm(parts, feature, context)
    try:
        tabs = form.findChildren(QTabWidget)[0]
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["Part", "Place", "Record", "Photos", "History"]
        combos = {w.objectName() for w in form.findChildren(object) if hasattr(w, "objectName")}
        assert {"class_code", "status", "owner_dept", "code", "grid_code"} <= combos
    finally:
        from qgis.PyQt import sip

        form.close()
        sip.delete(form)  # now, while its layers exist (widgets of a form listen to the project)


def test_neither_or_both_stores_refused(run_alg, gpkg_store, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="either a PostgreSQL connection or a GeoPackage"):
        run_alg("gridmanager:addpartlayer", {})
    plain = tmp_path / "plain.gpkg"
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=a:integer", "x", "memory")
    from qgis.core import QgsVectorFileWriter

    QgsVectorFileWriter.writeAsVectorFormat(layer, str(plain), "UTF-8", layer.crs(), "GPKG")
    with pytest.raises(QgsProcessingException, match="the table 'parts' cannot be opened"):
        run_alg("gridmanager:addpartlayer", {"GEOPACKAGE": str(plain)})
    with pytest.raises(QgsProcessingException, match="There is no PostgreSQL connection named 'nope'"):
        run_alg("gridmanager:addpartlayer", {"CONNECTION": "nope"})


# -- refusals in words -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            'PostGIS error while changing attributes: ERROR:  case store refusal GM041\nDETAIL:  {"part": '
            '"010100000001", "current": 3, "expected": 2, "actor": "pe_plan_a", "at": "2026-12-01 10:00:00"}',
            "Part 010100000001 was changed by pe_plan_a at 2026-12-01 10:00:00 (now version 3, you had version 2)",
        ),
        ('ERROR: case store refusal GM012\nDETAIL: {"table": "parts"}', "Parts are never deleted"),
        (
            'ERROR:  case store refusal GM040\nDETAIL:  {"part": "010100000001", "value": "0101999"}',
            "the code is made by the store and cannot be changed",
        ),
        ("PostGIS error while adding features: ERROR:  permission denied for table parts", "Only planners"),
    ],
)
def test_refusal_text(raw, expected):
    from gridmanager.processing.algorithms.part_forms import refusal_text

    assert expected in refusal_text(raw)


def test_refusal_text_ignores_other_errors():
    from gridmanager.processing.algorithms.part_forms import refusal_text

    assert refusal_text("") is None
    assert refusal_text("could not connect to server") is None


def test_refusal_text_in_chinese(zh_cn):
    from gridmanager.processing.algorithms.part_forms import refusal_text

    raw = "ERROR: case store refusal GM011\nDETAIL: " + json.dumps({"table": "parts"})
    text = refusal_text(raw)
    assert "部件" in text and "Parts" not in text
    text = refusal_text("ERROR:  permission denied for table parts")
    assert "规划人员" in text and "parts" in text


# -- editing a GeoPackage store's layer: saved through the store -----------------------------------------------
def test_geopackage_layer_edits_go_through_the_store(run_alg, gpkg_store, project, qgis_iface):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    from gridmanager.grid_manager.store.sample import CELL, ORIGIN, grid_squares

    parts, history, *_ = add_layer(run_alg, gpkg_store, SAVE_STYLE=False)
    watcher = parts._gridmanager_watcher
    count = parts.featureCount()
    feature = QgsFeature(parts.fields())
    feature.setAttribute("class_code", "0118")
    feature.setAttribute("name", "新路灯")
    feature.setAttribute("code", "011800000077")  # copied from another part: replaced by the store
    x0, y0 = ORIGIN[0] + CELL / 2, ORIGIN[1] + 1.5 * CELL
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x0, y0)))
    assert parts.startEditing() and parts.addFeature(feature)
    assert parts.commitChanges(), (parts.commitErrors(), watcher.messages)
    assert parts.featureCount() == count + 1
    new = [f for f in parts.getFeatures() if f["name"] == "新路灯"]
    assert len(new) == 1 and new[0]["code"].startswith("0118") and new[0]["grid_code"] == grid_squares()[0][0]
    assert new[0]["code"] == "011800000001" and new[0]["version"] == 1  # the next serial of class 0118
    # an attribute-table edit, and a stale one from a second layer of the same file
    other = QgsVectorLayer(gpkg_store + "|layername=parts", "other desk", "ogr")
    QgsProject.instance().addMapLayer(other)
    other_watcher = other._gridmanager_watcher if hasattr(other, "_gridmanager_watcher") else None
    from gridmanager.processing.algorithms.part_forms import watch

    other_watcher = other_watcher or watch(other)
    fid_other = [f.id() for f in other.getFeatures() if f["code"] == new[0]["code"]][0]
    assert other.startEditing()
    assert other.changeAttributeValue(fid_other, other.fields().indexFromName("name"), "另一工位")
    assert parts.startEditing()
    assert parts.changeAttributeValue(new[0].id(), parts.fields().indexFromName("status"), "破损")
    assert parts.commitChanges(), (parts.commitErrors(), watcher.messages)
    assert not other.commitChanges()
    assert len(other_watcher.messages) == 1 and "you had version 1" in other_watcher.messages[0]
    assert other.isEditable() and other.editBuffer().changedAttributeValues()
    other.rollBack()
    # the hold on the file's direct writes ends with the refused save: ordinary editing works again
    assert not other_watcher._held
    store = GpkgStore(gpkg_store)
    try:
        assert store.get_part(new[0]["code"])["name"] == "新路灯"  # the stale edit never reached the file
    finally:
        store.close()
    store = GpkgStore(gpkg_store)
    try:
        stored = store.get_part(new[0]["code"])
        assert (stored["status"], stored["name"], stored["version"]) == ("破损", "新路灯", 2)
        assert [h["change"] for h in store.part_history(new[0]["code"])] == ["add", "edit"]
    finally:
        store.close()
    # a code typed over and a delete: refused in words, nothing written, edits kept
    parts.reload()
    fid = [f.id() for f in parts.getFeatures() if f["code"] == new[0]["code"]][0]
    assert parts.startEditing()
    assert parts.changeAttributeValue(fid, parts.fields().indexFromName("code"), "011899999999")
    assert not parts.commitChanges()
    assert "the code is made by the store" in watcher.messages[0] and len(watcher.messages) == 1
    assert parts.isEditable()
    parts.rollBack()
    assert parts.startEditing() and parts.deleteFeature(fid)
    assert not parts.commitChanges()
    assert "Parts are never deleted" in watcher.messages[0]
    parts.rollBack()
    assert parts.featureCount() == count + 1
    # retire: status 注销, the date made by the store
    assert parts.startEditing()
    assert parts.changeAttributeValue(fid, parts.fields().indexFromName("status"), "注销")
    assert parts.commitChanges(), watcher.messages
    retired = [f for f in parts.getFeatures() if f["code"] == new[0]["code"]][0]
    assert retired["status"] == "注销" and retired["retired_on"] and retired["version"] == 3


def test_is_part_inventory(gpkg_store, tmp_path):
    from gridmanager.processing.algorithms.part_forms import is_part_inventory

    assert is_part_inventory(QgsVectorLayer(gpkg_store + "|layername=parts", "p", "ogr"))
    assert not is_part_inventory(QgsVectorLayer(gpkg_store + "|layername=grids", "g", "ogr"))
    assert not is_part_inventory(QgsVectorLayer("Point?crs=EPSG:4326", "m", "memory"))


def test_restore_a_version_in_a_geopackage_store(run_alg, gpkg_store, project):
    from gridmanager.processing.algorithms.part_forms import restore

    parts, history, *_ = add_layer(run_alg, gpkg_store, SAVE_STYLE=False)
    fid = next(parts.getFeatures()).id()
    code = parts.getFeature(fid)["code"]
    for status in ("破损", "丢失"):
        assert parts.startEditing()
        assert parts.changeAttributeValue(fid, parts.fields().indexFromName("status"), status)
        assert parts.commitChanges(), parts._gridmanager_watcher.messages
    history.reload()
    rows = sorted((f for f in history.getFeatures() if f["code"] == code), key=lambda f: f.id())
    assert [r["change"] for r in rows][-2:] == ["edit", "edit"]
    ok, message = restore(history, rows[-2].id(), confirm=False)
    assert ok, message
    assert "restored to history row {}".format(rows[-2].id()) in message and "version 4" in message
    store = GpkgStore(gpkg_store)
    try:
        stored = store.get_part(code)
        assert stored["status"] == "破损" and stored["version"] == 4
        assert store.part_history(code)[-1]["change"] == "restore"
    finally:
        store.close()


def test_the_restore_action_runs_its_code(run_alg, gpkg_store, project, qgis_iface, monkeypatch):
    """The action's Python as QGIS runs it ([% %] replaced), the confirmation answered Yes."""
    from qgis.core import Qgis, QgsExpression, QgsExpressionContext, QgsExpressionContextUtils
    from qgis.PyQt.QtWidgets import QMessageBox

    parts, history, *_ = add_layer(run_alg, gpkg_store, SAVE_STYLE=False)
    fid = next(parts.getFeatures()).id()
    code = parts.getFeature(fid)["code"]
    for status in ("破损", "丢失"):
        assert parts.startEditing()
        assert parts.changeAttributeValue(fid, parts.fields().indexFromName("status"), status)
        assert parts.commitChanges()
    history.reload()
    row = sorted((f for f in history.getFeatures() if f["code"] == code), key=lambda f: f.id())[-2]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    action = history.actions().actions()[0]
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(history))
    context.setFeature(row)
    exec(QgsExpression.replaceExpressionText(action.command(), context), {})
    assert asked and code in asked[0] and "nothing is deleted" in asked[0]
    assert parts.getFeature(fid)["status"] == "破损" and parts.getFeature(fid)["version"] == 4
    success = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    assert any("restored to history row {}".format(row.id()) in m for m in success), success


def test_the_plugin_watches_part_layers_added_any_way(qgis_iface, qgis_processing, gpkg_store, project):
    """A parts layer opened from the Browser or a project gets the watcher (refusals in words); the menu
    offers 'Add part inventory layer'."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QObject

    import gridmanager

    registry = QgsApplication.processingRegistry()
    before = registry.providerById("gridmanager")
    if before is not None:
        registry.removeProvider(before)
    menu = []

    class Iface:
        def __getattr__(self, name):
            return getattr(qgis_iface, name)

        def addPluginToMenu(self, name, action):
            menu.append(action)

        def removePluginMenu(self, name, action):
            menu.remove(action)

        def addToolBarIcon(self, action):
            pass

        def removeToolBarIcon(self, action):
            pass

        def addDockWidget(self, area, dock):
            pass

        def removeDockWidget(self, dock):
            pass

    plugin = gridmanager.classFactory(Iface())
    plugin.initGui()
    try:
        assert "gridmanager_addpartlayer" in {a.objectName() for a in menu}
        parts = QgsVectorLayer(gpkg_store + "|layername=parts", "parts", "ogr")
        grids = QgsVectorLayer(gpkg_store + "|layername=grids", "grids", "ogr")
        project.addMapLayers([parts, grids])
        assert parts.findChild(QObject, "gridmanager_part_watcher") is not None
        assert grids.findChild(QObject, "gridmanager_part_watcher") is None
        from gridmanager.processing.algorithms.part_forms import watch

        assert watch(parts) is parts.findChild(QObject, "gridmanager_part_watcher")  # once per layer
        assert len([c for c in parts.children() if c.objectName() == "gridmanager_part_watcher"]) == 1
    finally:
        plugin.unload()
        if before is not None:
            from gridmanager.processing.provider import GridManagerProvider

            _KEEP.append(GridManagerProvider())
            registry.addProvider(_KEEP[-1])
    later = QgsVectorLayer(gpkg_store + "|layername=parts", "parts again", "ogr")
    project.addMapLayer(later)
    assert later.findChild(QObject, "gridmanager_part_watcher") is None  # unloaded: no longer connected


_KEEP = []


def test_the_class_list_follows_the_major_class(run_alg, gpkg_store, project):
    """The class pick-list offers the classes of the major class chosen in the form (all when none)."""
    from qgis.core import QgsFeature, QgsValueRelationFieldFormatter

    parts, *_ = add_layer(run_alg, gpkg_store, SAVE_STYLE=False)
    config = widget(parts, "class_code").config()
    form_feature = QgsFeature(parts.fields())
    form_feature.setAttribute("major", "04")
    offered = [entry.key for entry in QgsValueRelationFieldFormatter.createCache(config, form_feature)]
    assert offered and all(str(code).startswith("04") for code in offered)
    form_feature.setAttribute("major", None)
    every = [entry.key for entry in QgsValueRelationFieldFormatter.createCache(config, form_feature)]
    assert len(every) > len(offered) and {str(c)[:2] for c in every} >= {"01", "04"}
    assert every == sorted(every)  # by code: major then minor
