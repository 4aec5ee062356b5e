"""The part inventory layer of the shared store edited in QGIS (issue 14, items 4–7): saves through the
PostGIS provider with the version read sent back, refusals (stale version naming who, code edit, delete,
another role) shown as translated sentences with the edits kept, restore from the history, the form saved
as the layer's default style in the database."""

import importlib.util
import re
from pathlib import Path

import pytest
from qgis.core import (
    QgsDataSourceUri,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
)

from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import CELL, ORIGIN, grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster_forms", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

PLANNERS = ("pf_plan_a", "pf_plan_b")
X0, Y0 = ORIGIN[0] + CELL / 2, ORIGIN[1] + 1.5 * CELL
GRID0 = grid_squares()[0][0]


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module")
def database(cluster):
    name = "pf_forms"
    dsn = cluster.create_database(name)
    admin = PostgisStore(dsn)
    admin.migrate()
    seed_reference(admin)
    for login in PLANNERS:
        admin.create_user(login, "planner")
    admin.create_user("pf_view", "viewer")
    yield admin, name
    admin.close()


def connection(cluster, name, login):
    """A QGIS PostgreSQL connection named after the login (as a planner's desk has one)."""
    uri = QgsDataSourceUri()
    uri.setConnection("127.0.0.1", str(cluster.port), name, login, "")
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {"saveUsername": True}), "gm " + login)
    return "gm " + login


@pytest.fixture
def project():
    QgsProject.instance().clear()
    yield QgsProject.instance()
    QgsProject.instance().clear()


def add_layer(run_alg, cluster, name, login, save_style=False):
    results, feedback = run_alg(
        "gridmanager:addpartlayer", {"CONNECTION": connection(cluster, name, login), "SAVE_STYLE": save_style}
    )
    project = QgsProject.instance()
    return project.mapLayer(results["OUTPUT"]), project.mapLayer(results["HISTORY"]), feedback


def watcher(layer):
    return layer._gridmanager_watcher


def new_part(layer, name):
    feature = QgsFeature(layer.fields())
    feature.setAttribute("class_code", "0118")
    feature.setAttribute("name", name)
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0, Y0)))
    assert layer.startEditing()
    assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    layer.reload()
    found = [f for f in layer.getFeatures() if f["name"] == name]
    assert len(found) == 1
    return found[0]


def test_form_layers_from_the_shared_store(run_alg, cluster, database, project):
    admin, name = database
    parts, history, feedback = add_layer(run_alg, cluster, name, cluster.superuser, save_style=True)
    assert parts.isValid() and parts.providerType() == "postgres"
    assert (
        parts.featureCount()
        == admin._run(lambda cur: (cur.execute("SELECT count(*) AS n FROM gm.parts"), cur.fetchone())[1])["n"]
    )
    relations = project.relationManager().referencedRelations(parts)
    assert sorted(r.referencingLayer().name() for r in relations) == ["Part history", "Part photos"]
    assert all(r.isValid() for r in relations)
    # the credentials stay in the connection: the layer source names no password
    assert "password" not in parts.source()
    # saved as the default style in the database: a desk opening the table gets the form
    assert any("saved as the layer's default style" in line for line in feedback.log)
    project.clear()
    from qgis.core import QgsVectorLayer

    uri = QgsDataSourceUri()
    uri.setConnection("127.0.0.1", str(cluster.port), name, cluster.superuser, "")
    uri.setDataSource("gm", "parts", "geom", "", "code")
    plain = QgsVectorLayer(uri.uri(False), "parts", "postgres")
    assert plain.editorWidgetSetup(plain.fields().indexFromName("status")).type() == "ValueMap"
    assert plain.editFormConfig().readOnly(plain.fields().indexFromName("code"))


def test_add_edit_and_a_stale_save_refused_naming_who(run_alg, cluster, database, project):
    admin, name = database
    desk_a, _history_a, _ = add_layer(run_alg, cluster, name, PLANNERS[0])
    desk_b, _history_b, _ = add_layer(run_alg, cluster, name, PLANNERS[1])
    part = new_part(desk_a, "QGIS 路灯 A")
    assert re.match(r"^0118\d{8}$", part["code"]) and part["grid_code"] == GRID0 and part["version"] == 1
    desk_b.reload()
    fid_b = [f.id() for f in desk_b.getFeatures() if f["code"] == part["code"]][0]
    # desk B starts editing the part (version 1 read) ...
    assert desk_b.startEditing()
    assert desk_b.changeAttributeValue(fid_b, desk_b.fields().indexFromName("name"), "B 的名称")
    # ... desk A saves first
    assert desk_a.startEditing()
    assert desk_a.changeAttributeValue(part.id(), desk_a.fields().indexFromName("status"), "破损")
    assert desk_a.commitChanges(), desk_a.commitErrors()
    assert admin.get_part(part["code"])["version"] == 2
    # desk B's save is refused in words, naming desk A; B's edit is kept, A's change is not overwritten
    assert not desk_b.commitChanges()
    messages = watcher(desk_b).messages
    assert len(messages) == 1
    assert "was changed by {}".format(PLANNERS[0]) in messages[0] and "you had version 1" in messages[0]
    assert desk_b.isEditable() and desk_b.editBuffer().changedAttributeValues()
    stored = admin.get_part(part["code"])
    assert stored["status"] == "破损" and stored["name"] == "QGIS 路灯 A"
    desk_b.rollBack()
    # after a reload desk B saves on top of version 2
    desk_b.reload()
    assert desk_b.startEditing()
    assert desk_b.changeAttributeValue(fid_b, desk_b.fields().indexFromName("name"), "B 的名称")
    assert desk_b.commitChanges(), desk_b.commitErrors()
    stored = admin.get_part(part["code"])
    assert (stored["name"], stored["status"], stored["version"]) == ("B 的名称", "破损", 3)


def test_code_edit_delete_and_other_roles_refused_in_words(run_alg, cluster, database, project, qgis_iface):
    admin, name = database
    parts, _history, _ = add_layer(run_alg, cluster, name, PLANNERS[0])
    part = new_part(parts, "QGIS 路灯 C")
    # the attribute table: a code typed over
    assert parts.startEditing()
    assert parts.changeAttributeValue(part.id(), parts.fields().indexFromName("code"), "011899999999")
    assert not parts.commitChanges()
    assert "the code is made by the store and cannot be changed" in watcher(parts).messages[0]
    assert parts.isEditable()
    parts.rollBack()
    # a delete
    assert parts.startEditing()
    assert parts.deleteFeature(part.id())
    assert not parts.commitChanges()
    assert "Parts are never deleted" in watcher(parts).messages[0]
    parts.rollBack()
    assert admin.get_part(part["code"]) is not None
    # the message bar shows the sentence, not the database's text
    from qgis.core import Qgis

    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert any("The save was refused: Parts are never deleted" in m for m in critical), critical
    assert not any("case store refusal" in m for m in critical)
    # another role: the layer is read-only for it (no write privilege on gm.parts)
    viewer, _h, _ = add_layer(run_alg, cluster, name, "pf_view")
    assert viewer.featureCount() > 0 and not viewer.startEditing()


def test_restore_a_version_from_the_history(run_alg, cluster, database, project):
    from gridmanager.processing.algorithms.part_forms import restore

    admin, name = database
    parts, history, _ = add_layer(run_alg, cluster, name, PLANNERS[0])
    part = new_part(parts, "QGIS 路灯 R")
    assert parts.startEditing()
    assert parts.changeAttributeValue(part.id(), parts.fields().indexFromName("status"), "丢失")
    assert parts.commitChanges(), parts.commitErrors()
    history.reload()
    rows = sorted((f for f in history.getFeatures() if f["code"] == part["code"]), key=lambda f: f["id"])
    assert [r["change"] for r in rows] == ["add", "edit"]
    ok, message = restore(history, rows[0].id(), confirm=False)
    assert ok, message
    assert "restored to history row {}".format(rows[0]["id"]) in message and "version 3" in message
    stored = admin.get_part(part["code"])
    assert stored["status"] == "完好" and stored["version"] == 3
    assert [h["change"] for h in admin.part_history(part["code"])][-1] == "restore"


def test_a_planner_adds_a_photo_and_saves_the_form_for_every_desk(run_alg, cluster, database, project):
    from qgis.core import QgsVectorLayerUtils
    from qgis.PyQt.QtCore import QByteArray

    admin, name = database
    parts, _history, feedback = add_layer(run_alg, cluster, name, PLANNERS[0], save_style=True)
    # the store made public.layer_styles (migration 014): a planner saves the form, no warning
    assert parts.isValid()
    assert not [line for line in feedback.log if "could not be saved in the store" in line]
    assert any("saved as the layer's default style" in line for line in feedback.log)
    photos = [layer for layer in project.mapLayers().values() if layer.name() == "Part photos"][0]
    part = new_part(parts, "QGIS 路灯 P")
    assert not photos.readOnly()  # planners add photos in the form's Photos tab
    values = {"part_code": part["code"], "bytes": QByteArray(b"\xff\xd8\xff\xe0 jpeg"), "note": "裂缝"}
    index = {photos.fields().indexFromName(k): v for k, v in values.items()}
    photo = QgsVectorLayerUtils.createFeature(photos, attributes=index)  # as the relation editor makes it
    assert photos.startEditing() and photos.addFeature(photo)
    assert photos.commitChanges(), photos.commitErrors()
    relation = [r for r in project.relationManager().referencedRelations(parts) if r.referencingLayer() is photos][0]
    related = list(relation.getRelatedFeatures(part))
    assert len(related) == 1 and related[0]["note"] == "裂缝" and related[0]["actor"] == PLANNERS[0]


def test_every_role_reads_the_saved_form_and_a_planner_writes_only_part_styles(run_alg, cluster, database, project):
    """public.layer_styles is the store's (migration 014): a viewer opening gm.parts gets the form a planner
    saved; a planner cannot overwrite the style of another table (e.g. the cases)."""
    import psycopg2
    from qgis.core import QgsVectorLayer

    admin, name = database
    _parts, _history, feedback = add_layer(run_alg, cluster, name, PLANNERS[1], save_style=True)
    assert any("saved as the layer's default style" in line for line in feedback.log)
    project.clear()
    uri = QgsDataSourceUri()
    uri.setConnection("127.0.0.1", str(cluster.port), name, "pf_view", "")
    uri.setDataSource("gm", "parts", "geom", "", "code")
    plain = QgsVectorLayer(uri.uri(False), "parts", "postgres")
    assert plain.isValid()
    assert plain.editorWidgetSetup(plain.fields().indexFromName("status")).type() == "ValueMap"
    assert plain.editFormConfig().readOnly(plain.fields().indexFromName("code"))
    admin._run(
        lambda cur: cur.execute(
            "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
            "stylename, styleqml, useasdefault) VALUES (%s, 'gm', 'cases', 'geom', 'cases', '<qgis/>', true)",
            (name,),
        )
    )
    conn = psycopg2.connect(host="127.0.0.1", port=cluster.port, dbname=name, user=PLANNERS[0])
    try:
        with conn.cursor() as cur:
            # saved again by a second planner: replaced, not asked about ("overwrite?") nor doubled
            cur.execute(
                "SELECT count(*) FROM public.layer_styles WHERE f_table_name = 'parts' "
                "AND stylename = 'gridmanager_part_form'"
            )
            assert cur.fetchone()[0] == 1
            with pytest.raises(psycopg2.Error) as refused:
                cur.execute(
                    "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                    "f_geometry_column, stylename, styleqml, useasdefault) "
                    "VALUES (%s, 'gm', 'cases', 'geom', 'mine', '<qgis/>', true)",
                    (name,),
                )
            assert "a planner saves the styles of gm.parts" in str(refused.value)
            conn.rollback()
            with pytest.raises(psycopg2.Error):
                cur.execute("UPDATE public.layer_styles SET f_table_name = 'cases' WHERE f_table_name = 'parts'")
            conn.rollback()
            with pytest.raises(psycopg2.Error):  # the cases' style, saved by the administrator
                cur.execute("DELETE FROM public.layer_styles WHERE f_table_name = 'cases'")
            conn.rollback()
    finally:
        conn.close()
    viewer = psycopg2.connect(host="127.0.0.1", port=cluster.port, dbname=name, user="pf_view")
    try:
        with viewer.cursor() as cur, pytest.raises(psycopg2.Error):
            cur.execute("UPDATE public.layer_styles SET stylename = 'x'")
    finally:
        viewer.close()
