"""The dock 网格编辑 saving to the shared PostGIS store (issue 13, item 5): a surveyor's working copy saves
their street's grid as version 2; another street's grid and a stale copy are refused, the edits kept."""

import importlib.util
from pathlib import Path

import pytest
from qgis.core import QgsGeometry, QgsProject

from gridmanager.grid_manager.gui.grid_dock import GridDock
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = [pytest.mark.gui, pytest.mark.postgis]
STREET_A = "110101001"
STREET_B = "110101002"
GRID_A = "110101001001001"
GRID_B = "110101002001001"


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture()
def stores(cluster):
    dsn = cluster.create_database("griddockstore")
    admin = PostgisStore(dsn)
    admin.migrate()
    seed_reference(admin, parts_per_grid=1)
    admin.create_user("dock_a", "surveyor", streets=[STREET_A])
    admin.create_user("dock_a2", "surveyor", streets=[STREET_A])
    opened = [admin] + [PostgisStore(cluster.dsn("griddockstore", user=n)) for n in ("dock_a", "dock_a2")]
    yield opened[1:]
    for store in opened:
        store.close()
    cluster.drop_database("griddockstore")


def shrink(layer, code):
    feature = next(f for f in layer.getFeatures() if f["code"] == code)
    box = feature.geometry().boundingBox()
    box.setXMaximum(box.xMaximum() - 0.0002)
    assert layer.changeGeometry(feature.id(), QgsGeometry.fromRect(box))
    return feature.id()


def test_postgis_save_other_street_and_stale_are_refused_with_edits_kept(qgis_iface, stores, monkeypatch):
    monkeypatch.setenv("GRIDMANAGER_NO_MODAL", "1")
    sv_a, sv_a2 = stores
    docks = [GridDock(qgis_iface.mapCanvas(), None), GridDock(qgis_iface.mapCanvas(), None)]
    try:
        mine, theirs = (dock.load_from_store(store) for dock, store in zip(docks, stores))
        for layer in (mine, theirs):
            layer.startEditing()
        # another street's grid: refused, nothing saved, the edit kept
        fid = shrink(mine, GRID_B)
        edited = mine.getFeature(fid).geometry().asWkt()
        assert docks[0].save_to_store(reason="not mine") is None
        assert GRID_B in docks[0].status.text() and mine.getFeature(fid).geometry().asWkt() == edited
        assert len(sv_a.grid_history(GRID_B)) == 1
        mine.rollBack(False)
        # their own street's grid: version 2 with who and why
        shrink(mine, GRID_A)
        assert docks[0].save_to_store(reason="new wall") == [{"code": GRID_A, "version": 2, "change": "edit"}]
        last = sv_a.grid_history(GRID_A)[-1]
        assert (last["version"], last["actor"], last["reason"]) == (2, "dock_a", "new wall")
        # the colleague's copy still holds version 1: refused as stale, naming who saved first
        shrink(theirs, GRID_A)
        assert docks[1].save_to_store(reason="mine") is None
        assert "dock_a" in docks[1].status.text() and theirs.isEditable()
        assert len(sv_a2.grid_history(GRID_A)) == 2
    finally:
        for dock in docks:
            if dock._store_layer_alive():
                QgsProject.instance().removeMapLayer(dock.store_layer.id())
            dock.deleteLater()
