"""The dock 网格编辑 on the shared store's grids (issue 13, item 5): load the current grids as a working copy
with their versions, edit, save to the store with a reason (version 2); a second working copy that saves
the same grid afterwards is refused as stale and keeps its edits."""

import pytest
from qgis.core import QgsCoordinateTransform, QgsGeometry, QgsProject

from gridmanager.grid_manager.gui.grid_dock import GridDock
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.sample import seed_reference

pytestmark = pytest.mark.gui
GRID_A = "110101001001001"
GRID_A2 = "110101001001002"


@pytest.fixture(autouse=True)
def no_modal(monkeypatch):
    monkeypatch.setenv("GRIDMANAGER_NO_MODAL", "1")


@pytest.fixture()
def desks(qgis_iface, tmp_path):
    path = tmp_path / "store.gpkg"
    li = GpkgStore(path, user="surveyor_li")
    li.migrate()
    seed_reference(li, parts_per_grid=1)
    wang = GpkgStore(path, user="surveyor_wang")
    docks = [GridDock(qgis_iface.mapCanvas(), None), GridDock(qgis_iface.mapCanvas(), None)]
    yield (docks[0], li), (docks[1], wang)
    for dock in docks:
        if dock._store_layer_alive():
            QgsProject.instance().removeMapLayer(dock.store_layer.id())
        dock.deleteLater()
    li.close()
    wang.close()


def feature_of(layer, code):
    return next(f for f in layer.getFeatures() if f["code"] == code)


def shrink(layer, code):
    feature = feature_of(layer, code)
    box = feature.geometry().boundingBox()
    box.setXMaximum(box.xMaximum() - 0.0002)
    assert layer.changeGeometry(feature.id(), QgsGeometry.fromRect(box))


def test_load_edit_save_creates_a_version_and_a_stale_copy_is_refused(desks):
    (dock_li, li), (dock_wang, wang) = desks
    layer = dock_li.load_from_store(li)
    other = dock_wang.load_from_store(wang)
    assert layer.featureCount() == len(li.current_grids()) > 2
    assert feature_of(layer, GRID_A)["version"] == 1
    assert dock_li.save_to_store(reason="nothing") == []

    layer.startEditing()
    shrink(layer, GRID_A)
    assert dock_li.save_to_store(reason="new wall") == [{"code": GRID_A, "version": 2, "change": "edit"}]
    assert layer.isEditable() and feature_of(layer, GRID_A)["version"] == 2  # editing goes on
    history = li.grid_history(GRID_A)
    assert [(h["version"], h["actor"], h["reason"]) for h in history][-1] == (2, "surveyor_li", "new wall")
    assert dock_li.store_edits() == []

    # the second working copy still holds version 1: refused, naming who saved first; its edit is kept
    other.startEditing()
    shrink(other, GRID_A)
    edited = feature_of(other, GRID_A).geometry().asWkt()
    assert dock_wang.save_to_store(reason="mine") is None
    assert "surveyor_li" in dock_wang.status.text() and GRID_A in dock_wang.status.text()
    assert other.isEditable() and feature_of(other, GRID_A).geometry().asWkt() == edited
    assert len(wang.grid_history(GRID_A)) == 2
    # reloading picks up version 2
    other.rollBack()
    dock_wang.load_from_store(wang)
    assert feature_of(other, GRID_A)["version"] == 2


def test_removed_grid_is_retired_and_the_reason_is_asked(desks, monkeypatch):
    (dock, store), _ = desks
    layer = dock.load_from_store(store)
    layer.startEditing()
    assert layer.deleteFeature(feature_of(layer, GRID_A2).id())
    monkeypatch.delenv("GRIDMANAGER_NO_MODAL")
    asked = []
    monkeypatch.setattr(
        "gridmanager.grid_manager.gui.grid_dock.QInputDialog.getText",
        lambda *args: asked.append(args[2]) or ("merged into the neighbour", True),
    )
    assert dock.save_to_store() == [{"code": GRID_A2, "version": 1, "change": "retire"}]
    assert asked and "1" in asked[0]
    assert GRID_A2 not in {g["code"] for g in store.current_grids()}
    assert store.grid_history(GRID_A2)[-1]["retire_reason"] == "merged into the neighbour"


def test_save_without_a_store_or_with_a_blank_code_says_so(desks):
    (dock, store), _ = desks
    assert dock.save_to_store(reason="x") is None
    assert "Load the grids" in dock.status.text()
    assert dock.load_from_store() is None and "Connect to a case store" in dock.status.text()
    dock.store_provider = lambda: store  # the plugin hands over the case dock's store
    layer = dock.load_from_store()
    assert layer.featureCount() == len(store.current_grids())
    layer.startEditing()
    layer.changeAttributeValue(feature_of(layer, GRID_A).id(), layer.fields().indexOf("code"), "")
    assert dock.save_to_store(reason="x") is None
    assert "field code" in dock.status.text() and layer.isEditable()


def test_the_dock_started_on_the_working_copy_saves_to_the_store(desks, monkeypatch):
    (dock, store), _ = desks
    layer = dock.load_from_store(store)
    assert dock.grid_combo.currentLayer() is layer and dock.code_field.currentField() == "code"
    dock.balance_combo.setCurrentIndex(0)  # by area: the store has no buildings layer here
    assert dock.start(), dock.status.text()
    layer.startEditing()
    shrink(layer, GRID_A)
    monkeypatch.delenv("GRIDMANAGER_NO_MODAL")
    monkeypatch.setattr(
        "gridmanager.grid_manager.gui.grid_dock.QInputDialog.getText", lambda *args: ("road widened", True)
    )
    dock.save_button.click()
    assert store.grid_history(GRID_A)[-1]["reason"] == "road widened"
    assert feature_of(layer, GRID_A)["version"] == 2 and layer.isEditable()
    assert GRID_A in {g.code for g in dock.workbench.grids.values()}
    # a grid made of two parts is refused by the dock before the store sees it; the edit stays
    feature = feature_of(layer, GRID_A)
    box = feature.geometry().boundingBox()
    far = QgsGeometry.fromWkt(
        f"POLYGON(({box.xMaximum() + 1} 0, {box.xMaximum() + 2} 0, {box.xMaximum() + 2} 1, {box.xMaximum() + 1} 0))"
    )
    assert layer.changeGeometry(feature.id(), feature.geometry().combine(far))
    assert dock.save() is False
    assert "saving to the store refused" in dock.status.text() and len(store.grid_history(GRID_A)) == 2
    assert layer.isEditable() and feature_of(layer, GRID_A).geometry().isMultipart()


def test_history_draws_the_earlier_versions_of_the_selected_grid(desks):
    (dock, store), _ = desks
    layer = dock.load_from_store(store)
    assert dock.show_history() == [] and "select one grid" in dock.status.text()
    layer.selectByIds([feature_of(layer, GRID_A).id()])
    assert dock.show_history() == [] and "no earlier version" in dock.status.text()
    original = feature_of(layer, GRID_A).geometry()
    for reason in ("new wall", "road widened"):
        layer.startEditing()
        shrink(layer, GRID_A)
        assert dock.save_to_store(reason=reason)
    layer.selectByIds([feature_of(layer, GRID_A).id()])
    dock.history_button.click()
    assert len(dock.history_bands) == 2
    # the oldest is drawn last, in the map's CRS
    to_map = QgsCoordinateTransform(layer.crs(), dock.canvas.mapSettings().destinationCrs(), QgsProject.instance())
    assert original.transform(to_map) == 0
    assert dock.history_bands[-1].asGeometry().hausdorffDistance(original) < 1e-3
    assert "v3 by surveyor_li" in dock.status.text() and "road widened" in dock.status.text()
    dock.show_history(GRID_A2)
    assert dock.history_bands == []
