"""The dock 网格编辑 on real QGIS layers: a GeoPackage copy of partitioned sample grids, the sample's
buildings and communities; edits through the layer's edit buffer and undo stack, split and merge as
single edit commands, and saves refused while an edited grid cuts a building."""

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsProject, QgsVectorLayer

from gridmanager.grid_manager.grids import workbench as wb
from gridmanager.grid_manager.gui.grid_dock import PROPERTY, GridDock
from gridmanager.grid_manager.store.grid_codes import GridCodeRegistry

pytestmark = pytest.mark.gui
STYLES = Path(__file__).resolve().parents[2] / "resources" / "styles"


@pytest.fixture(scope="module", autouse=True)
def no_modal():
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    yield
    os.environ.pop("GRIDMANAGER_NO_MODAL", None)


@pytest.fixture(scope="module")
def partitioned(provider, sample_gpkg, tmp_path_factory):
    """Household-balanced grids of the sample, written once by partitiongrids."""
    from qgis import processing

    out = str(tmp_path_factory.mktemp("workbench") / "partition.gpkg")
    processing.run(
        "gridmanager:partitiongrids",
        {
            "AREAS": f"{sample_gpkg}|layername=communities",
            "AREA_CODE_FIELD": "community_code",
            "BARRIERS": f"{sample_gpkg}|layername=roads",
            "BUILDINGS": f"{sample_gpkg}|layername=buildings",
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": out,
        },
    )
    return out


@pytest.fixture
def layers(partitioned, sample_gpkg, tmp_path):
    path = tmp_path / "grids.gpkg"
    shutil.copy(partitioned, path)
    grids = QgsVectorLayer(f"{path}|layername=partition", "grids", "ogr")
    if not grids.isValid():
        grids = QgsVectorLayer(str(path), "grids", "ogr")
    assert grids.isValid()
    # the style partitiongrids attaches when its output is loaded (labels: serial + households)
    grids.loadNamedStyle(str(STYLES / "grids.qml"))
    buildings = QgsVectorLayer(f"{sample_gpkg}|layername=buildings", "buildings", "ogr")
    communities = QgsVectorLayer(f"{sample_gpkg}|layername=communities", "communities", "ogr")
    QgsProject.instance().addMapLayers([grids, buildings, communities])
    yield grids, buildings, communities, path
    QgsProject.instance().removeMapLayers([grids.id(), buildings.id(), communities.id()])


@pytest.fixture
def dock(qgis_iface, layers):
    grids, buildings, communities, _path = layers
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    widget = GridDock(canvas)
    widget.grid_combo.setLayer(grids)
    widget.code_field.setField("grid_code")
    widget.buildings_combo.setLayer(buildings)
    widget.household_field.setField("households_est")
    widget.communities_combo.setLayer(communities)
    widget.community_field.setField("community_code")
    widget.balance_combo.setCurrentIndex(1)
    assert widget.start(), widget.status.text()
    yield widget
    if grids.isEditable():
        grids.rollBack()
    widget.unload()
    widget.deleteLater()


def fresh(dock):
    """A full recompute of the layer as it is now (edit buffer included)."""
    w = dock.workbench
    full = wb.Workbench(dock.building_geoms, dock.households, w.cgeoms, w.ccodes, w.target)
    from gridmanager.grid_manager.gui.grid_dock import _text, read_layer

    ids, geoms, values = read_layer(dock.layer, dock.to_work, ["grid_code"])
    full.load([(fid, g, _text(c)) for fid, g, c in zip(ids, geoms, values["grid_code"])])
    return full


def assert_equal_to_full(dock):
    dock.flush()
    assert dock.workbench.snapshot() == fresh(dock).snapshot()
    assert dock.model.rowCount() == dock.layer.featureCount()


def neighbours(dock):
    """Pairs of grids of one community sharing an edge."""
    w = dock.workbench
    out = []
    fids = sorted(w.grids)
    for i, a in enumerate(fids):
        for b in fids[i + 1 :]:
            if w.stats[a].community == w.stats[b].community:
                shared = shapely.intersection(w.geometry(a).boundary, w.geometry(b).boundary).length
                if shared > 20:
                    out.append((a, b))
    return out


def test_start_shows_every_grid_and_remembers_the_settings(dock, layers):
    grids = layers[0]
    assert dock.model.rowCount() == grids.featureCount() > 5
    stats = dock.workbench.stats
    # the figures the partition wrote agree with the live ones
    for f in grids.getFeatures():
        s = stats[f.id()]
        assert s.code == f["grid_code"]
        assert s.households == pytest.approx(f["households"], abs=0.01)
        assert s.n_buildings == f["n_buildings"]
        assert s.area == pytest.approx(f["area_m2"], rel=1e-4)
    assert not dock.workbench.issues([wb.CUTS, wb.OVERLAP, wb.MULTIPART, wb.INVALID])
    assert grids.customProperty(PROPERTY + "household_field") == "households_est"
    # a second dock picks the settings up from the layer
    other = GridDock(dock.canvas)
    other.grid_combo.setLayer(grids)
    assert other.household_field.currentField() == "households_est"
    assert other.buildings_combo.currentLayer() is layers[1]
    assert other.community_field.currentField() == "community_code"
    other.deleteLater()


def test_edits_undo_and_redo_follow_the_layer(dock):
    layer = dock.layer
    a, b = neighbours(dock)[0]
    before = dict(dock.workbench.stats)
    layer.startEditing()
    # move the shared boundary: grid a takes 30 m of grid b
    grow = dock.workbench.geometry(a).buffer(30).intersection(dock.workbench.geometry(b))
    new_a = shapely.union_all([dock.workbench.grids[a].raw, grow])
    new_b = shapely.difference(dock.workbench.grids[b].raw, grow)
    layer.beginEditCommand("reshape")
    layer.changeGeometry(a, dock.to_layer_geometry(new_a))
    layer.changeGeometry(b, dock.to_layer_geometry(new_b))
    layer.endEditCommand()
    touched = dock.flush()
    assert {a, b} <= touched or not touched  # the undo stack signal may have flushed already
    assert dock.workbench.stats[a].area > before[a].area
    assert dock.workbench.stats[b].area < before[b].area
    assert_equal_to_full(dock)
    layer.undoStack().undo()
    assert_equal_to_full(dock)
    assert dock.workbench.stats[a].key() == before[a].key()
    layer.undoStack().redo()
    assert_equal_to_full(dock)
    assert dock.workbench.stats[a].area > before[a].area


def test_random_edits_through_the_undo_stack_equal_a_full_recompute(dock):
    layer = dock.layer
    rng = np.random.default_rng(3)
    layer.startEditing()
    stack = layer.undoStack()
    fids = sorted(dock.workbench.grids)
    for step in range(50):
        action = rng.choice(["edit", "edit", "undo", "redo"])
        if action == "undo" and stack.canUndo():
            stack.undo()
        elif action == "redo" and stack.canRedo():
            stack.redo()
        else:
            fid = int(rng.choice(fids))
            if fid not in dock.workbench.grids:
                continue
            dx, dy = rng.uniform(-25, 25, 2)
            moved = shapely.affinity.translate(dock.workbench.grids[fid].raw, dx, dy)
            layer.beginEditCommand(f"move {step}")
            layer.changeGeometry(fid, dock.to_layer_geometry(moved))
            layer.endEditCommand()
        assert_equal_to_full(dock)
    while stack.canUndo():
        stack.undo()
    assert_equal_to_full(dock)


def test_split_and_merge_are_single_undoable_commands_with_safe_codes(dock, layers):
    layer, path = dock.layer, layers[3]
    stats = dict(dock.workbench.stats)
    old_codes = {s.code for s in stats.values()}
    fid = max(stats, key=lambda f: stats[f].n_buildings)
    code = stats[fid].code
    community = code[:12]
    top = max(int(c[-3:]) for c in old_codes if c.startswith(community))
    n = layer.featureCount()
    layer.selectByIds([fid])
    assert dock.split_selected(2), dock.status.text()
    assert layer.featureCount() == n + 1
    assert layer.undoStack().count() == 1
    codes = [f["grid_code"] for f in layer.getFeatures()]
    assert len(codes) == len(set(codes))
    new_code = sorted(set(codes) - old_codes)
    assert new_code == [f"{community}{top + 1:03d}"]
    parts = [s for s in dock.workbench.stats.values() if s.code in (code, new_code[0])]
    assert len(parts) == 2
    # the larger part keeps the code; both are balanced against their half
    assert dock.workbench.stats[fid].households >= next(s for s in parts if s.fid != fid).households
    assert not dock.workbench.issues_of([p.fid for p in parts], [wb.CUTS, wb.OVERLAP, wb.MULTIPART])
    assert_equal_to_full(dock)
    layer.undoStack().undo()
    assert layer.featureCount() == n
    assert_equal_to_full(dock)
    layer.undoStack().redo()
    assert layer.featureCount() == n + 1
    assert_equal_to_full(dock)
    layer.rollBack()
    # a second split never reissues the code of the undone one
    layer.selectByIds([fid])
    assert dock.split_selected(2)
    again = sorted({f["grid_code"] for f in layer.getFeatures()} - old_codes)
    assert again == [f"{community}{top + 2:03d}"]
    layer.rollBack()

    # merge two adjacent grids of one community: the lower code survives
    a, b = neighbours(dock)[0]
    codes = sorted([dock.workbench.stats[a].code, dock.workbench.stats[b].code])
    layer.selectByIds([a, b])
    assert dock.merge_selected(), dock.status.text()
    assert layer.undoStack().count() == 1
    left = {f["grid_code"] for f in layer.getFeatures()}
    assert codes[0] in left and codes[1] not in left
    assert_equal_to_full(dock)
    assert dock.save(), dock.status.text()
    registry = GridCodeRegistry(path)
    assert registry.codes()[codes[1]] == "retired"
    registry.close()
    # grids of different communities are refused with a message
    w = dock.workbench
    x = next(f for f in w.stats if w.stats[f].community == 0)
    y = next(f for f in w.stats if w.stats[f].community == 1)
    layer.selectByIds([x, y])
    assert not dock.merge_selected()
    assert "different communities" in dock.status.text()


def test_saving_is_refused_while_an_edited_grid_cuts_a_building(dock, layers):
    layer, path = dock.layer, layers[3]
    a, b = neighbours(dock)[0]
    w = dock.workbench
    # grow grid a over half of the nearest large building of grid b, through a 1 m corridor
    building = min(
        (bi for bi in sorted(w.owned[b]) if w.barea[bi] > 20), key=lambda bi: w.geometry(a).distance(w.bgeoms[bi])
    )
    bgeom = w.bgeoms[building]
    x0, y0, x1, y1 = bgeom.bounds
    piece = shapely.intersection(shapely.box(x0 - 1, y0 - 1, (x0 + x1) / 2, y1 + 1), bgeom)
    corridor = shapely.shortest_line(w.geometry(a), piece).buffer(0.5)
    grown = shapely.union_all([w.grids[a].raw, piece, corridor])
    assert grown.geom_type == "Polygon"
    layer.startEditing()
    layer.changeGeometry(a, dock.to_layer_geometry(grown))
    dock.flush()
    kinds = {i.kind for i in dock.blocking_problems()}
    assert wb.CUTS in kinds
    before = {f.id(): f.geometry().asWkb() for f in layer.getFeatures()}
    assert not dock.save()
    assert "saving refused" in dock.status.text()
    assert layer.isEditable() and layer.isModified()  # nothing was lost
    on_disk = QgsVectorLayer(f"{path}|layername={dock.table_name}", "check", "ogr")
    stored = {f.id(): f.geometry() for f in on_disk.getFeatures()}
    assert not stored[a].equals(QgsGeometry(layer.getFeature(a).geometry()))
    assert {f.id(): f.geometry().asWkb() for f in layer.getFeatures()} == before
    # the gate is open again: other tools can write
    registry = GridCodeRegistry(path)
    assert not registry.gate_closed(dock.table_name)
    # saving anyway needs a reason, which is recorded with the problems
    assert not dock.save_anyway("   ")
    assert dock.save_anyway("the wall runs through this building"), dock.status.text()
    (row,) = registry.overrides()
    assert row["reason"] == "the wall runs through this building"
    assert wb.CUTS in {p["kind"] for p in row["problems"]}
    registry.close()
    on_disk = QgsVectorLayer(f"{path}|layername={dock.table_name}", "check", "ogr")
    assert {f.id(): f for f in on_disk.getFeatures()}[a].geometry().area() > stored[a].area()


def test_bad_household_values_get_a_message(qgis_iface, layers, tmp_path):
    grids = layers[0]
    bad = QgsVectorLayer("Polygon?crs=EPSG:3067&field=hh:string", "bad buildings", "memory")
    from qgis.core import QgsFeature

    f = QgsFeature(bad.fields())
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"))
    f.setAttributes(["many"])
    bad.dataProvider().addFeatures([f])
    QgsProject.instance().addMapLayer(bad)
    widget = GridDock(qgis_iface.mapCanvas())
    widget.grid_combo.setLayer(grids)
    widget.buildings_combo.setLayer(bad)
    widget.household_field.setField("hh")
    widget.balance_combo.setCurrentIndex(1)
    assert not widget.start()
    assert "bad buildings" in widget.status.text() and "hh" in widget.status.text()
    assert "many" in widget.status.text()
    QgsProject.instance().removeMapLayer(bad.id())
    widget.unload()


def test_plugin_wires_the_grid_dock(qgis_iface, monkeypatch, without_session_provider):
    from gridmanager.plugin import GridManagerPlugin

    removed = []
    monkeypatch.setattr(qgis_iface, "removePluginMenu", lambda name, action: removed.append(action), raising=False)
    monkeypatch.setattr(qgis_iface, "removeDockWidget", lambda dock: removed.append(dock), raising=False)
    monkeypatch.setattr(
        qgis_iface, "removeToolBarIcon", lambda action: removed.append(("toolbar", action)), raising=False
    )
    plugin = GridManagerPlugin(qgis_iface)
    plugin.initGui()
    assert isinstance(plugin.grid_dock, GridDock)
    action = next(a for a in plugin.actions if a.objectName() == "gridmanager_grid_editing")
    assert action.isCheckable() and not action.icon().isNull()
    dock = plugin.grid_dock
    plugin.unload()
    assert plugin.grid_dock is None and action in removed and dock in removed and ("toolbar", action) in removed


def test_partition_output_remembers_its_settings_for_the_dock(qgis_iface, provider, sample_gpkg):
    from qgis import processing

    buildings = QgsVectorLayer(f"{sample_gpkg}|layername=buildings", "buildings", "ogr")
    QgsProject.instance().addMapLayer(buildings)
    results = processing.runAndLoadResults(
        "gridmanager:partitiongrids",
        {
            "AREAS": f"{sample_gpkg}|layername=communities",
            "AREA_CODE_FIELD": "community_code",
            "BUILDINGS": buildings.id(),
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "TARGET_HOUSEHOLDS": 350,
            "TOLERANCE": 8,
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    grids = QgsProject.instance().mapLayer(results["OUTPUT"])
    assert grids is not None
    assert grids.customProperty(PROPERTY + "buildings") == buildings.id()
    assert grids.customProperty(PROPERTY + "target_households") == "350.0"
    # the dock needs no retyping: the communities file is loaded, fields and target are picked
    widget = GridDock(qgis_iface.mapCanvas())
    widget.grid_combo.setLayer(grids)
    assert widget.buildings_combo.currentLayer() is buildings
    assert widget.household_field.currentField() == "households_est"
    assert widget.communities_combo.currentLayer() is not None
    assert widget.community_field.currentField() == "community_code"
    assert (widget.target_households.value(), widget.tolerance.value()) == (350, 8)
    assert widget.start(), widget.status.text()
    assert widget.model.rowCount() == grids.featureCount()
    widget.unload()
    QgsProject.instance().removeMapLayers([grids.id(), buildings.id(), widget.communities_combo.currentLayer().id()])


def test_map_labels_and_colours_follow_the_edit(dock):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

    from gridmanager.grid_manager.gui.grid_dock import live_expression

    layer = dock.layer
    assert live_expression('"households"') == "gm_live('households', \"households\")"
    assert live_expression(live_expression("deviation_pct")) == "gm_live('deviation_pct', \"deviation_pct\")"
    label = layer.labeling().settings().fieldName
    assert "gm_live('households'" in label
    assert "gm_live('deviation_pct'" in layer.renderer().classAttribute()
    a, b = neighbours(dock)[0]
    layer.startEditing()
    w = dock.workbench
    layer.changeGeometry(b, dock.to_layer_geometry(shapely.union_all([w.grids[a].raw, w.grids[b].raw])))
    layer.deleteFeature(a)
    dock.flush()
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setFeature(layer.getFeature(b))
    value = QgsExpression("gm_live('households', \"households\")").evaluate(context)
    assert value == pytest.approx(w.stats[b].households)
    assert value != pytest.approx(layer.getFeature(b)["households"])  # the stored figure is stale
    dock.detach()
    assert "gm_live" not in layer.labeling().settings().fieldName
    assert layer.renderer().classAttribute() == "deviation_pct"
    assert QgsExpression("gm_live('households', \"households\")").evaluate(context) == layer.getFeature(b)["households"]


def test_removing_the_layer_detaches_the_dock(qgis_iface, partitioned, tmp_path):
    path = tmp_path / "grids.gpkg"
    shutil.copy(partitioned, path)
    grids = QgsVectorLayer(str(path), "grids", "ogr")
    grids.loadNamedStyle(str(STYLES / "grids.qml"))
    QgsProject.instance().addMapLayer(grids)
    widget = GridDock(qgis_iface.mapCanvas())
    widget.grid_combo.setLayer(grids)
    widget.balance_combo.setCurrentIndex(0)  # by area: no buildings needed
    assert widget.start(), widget.status.text()
    assert widget.registry is not None
    QgsProject.instance().removeMapLayer(grids.id())
    assert widget.layer is None and widget._connected == [] and widget.bands == {}
    assert not widget.split_button.isEnabled()
    assert not widget.split_selected()  # a message, no traceback
    assert "Start" in widget.status.text()
    widget.unload()


def test_other_formats_get_figures_and_a_warning_but_no_tools(qgis_iface):
    from qgis.core import QgsFeature

    grids = QgsVectorLayer("Polygon?crs=EPSG:32650&field=grid_code:string(20)", "memory grids", "memory")
    buildings = QgsVectorLayer("Polygon?crs=EPSG:32650&field=hh:integer", "memory buildings", "memory")
    for layer, rows in (
        (grids, [("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "440305001001001")]),
        (buildings, [("POLYGON((90 40, 120 40, 120 60, 90 60, 90 40))", 12)]),
    ):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(rows[0][0]))
        f.setAttributes([rows[0][1]])
        layer.dataProvider().addFeatures([f])
    QgsProject.instance().addMapLayers([grids, buildings])
    widget = GridDock(qgis_iface.mapCanvas())
    widget.grid_combo.setLayer(grids)
    widget.buildings_combo.setLayer(buildings)
    widget.household_field.setField("hh")
    assert widget.start(), widget.status.text()
    assert widget.registry is None and not widget.split_button.isEnabled()
    assert "GeoPackage" in widget.split_button.toolTip()
    grids.startEditing()
    fid = next(grids.getFeatures()).id()
    grids.changeGeometry(fid, QgsGeometry.fromWkt("POLYGON((0 0, 105 0, 105 100, 0 100, 0 0))"))
    widget.flush()
    assert widget.workbench.stats[fid].area == pytest.approx(10500)
    assert [p.kind for p in widget.blocking_problems()] == [wb.CUTS]
    assert widget.save()
    assert "Only GeoPackage grid layers refuse" in widget.status.text()
    widget.unload()
    QgsProject.instance().removeMapLayers([grids.id(), buildings.id()])


def test_move_building_redraws_the_boundary_as_one_edit(dock):
    from qgis.core import QgsCoordinateTransform

    layer, w = dock.layer, dock.workbench
    # a building on the edge between two grids of one community: its cell of the owner reaches the neighbour
    found = None
    for a, b in neighbours(dock):
        for owner, other in ((a, b), (b, a)):
            for bi in sorted(w.owned[owner], key=lambda i: w.geometry(other).distance(w.bgeoms[i])):
                try:
                    wb.move_building(w.grids[owner].raw, {other: w.grids[other].raw}, w.bgeoms[bi], w.bgeoms, w.hh)
                except Exception:
                    continue
                found = owner, other, bi
                break
            if found:
                break
        if found:
            break
    assert found, "no movable building in the sample"
    owner, other, building = found
    hh_owner, hh_other = w.stats[owner].households, w.stats[other].households
    point = shapely.point_on_surface(w.bgeoms[building])
    to_canvas = QgsCoordinateTransform(dock.work_crs, dock.canvas.mapSettings().destinationCrs(), QgsProject.instance())
    from qgis.core import QgsPointXY

    assert dock.move_building_at(to_canvas.transform(QgsPointXY(point.x, point.y))), dock.status.text()
    assert layer.undoStack().count() == 1
    assert w.owner[building] != owner
    moved = w.hh[building]
    assert w.stats[owner].households == pytest.approx(hh_owner - moved)
    assert sum(w.stats[f].households for f in (owner, other) if f in w.stats) == pytest.approx(hh_owner + hh_other)
    # the new boundary runs around the building: nothing cut, no gap, no overlap, both grids in one piece
    assert not w.issues_of([owner, other], [wb.CUTS, wb.OVERLAP, wb.MULTIPART, wb.GAP, wb.INVALID])
    assert_equal_to_full(dock)
    layer.undoStack().undo()
    assert w.owner[building] == owner and w.stats[owner].households == pytest.approx(hh_owner)
    assert_equal_to_full(dock)
    # a click beside every building is answered with a message
    empty = shapely.Point(w.grids[owner].bounds[0] - 5000, w.grids[owner].bounds[1] - 5000)
    assert not dock.move_building_at(to_canvas.transform(QgsPointXY(empty.x, empty.y)))
    assert "click on a building" in dock.status.text()


# -- Rebalance (issue 13 item 2) ----------------------------------------------------------------
def geoms_by_code(layer):
    return {f["grid_code"]: shapely.from_wkb(bytes(f.geometry().asWkb())) for f in layer.getFeatures()}


def test_rebalance_is_one_undoable_command_with_stable_codes_and_locked_rest(dock, layers):
    layer = dock.layer
    w = dock.workbench
    a, b = neighbours(dock)[0]
    community = dock.community_of(a)
    before = geoms_by_code(layer)
    old_codes = set(before)
    top = max(int(c[-3:]) for c in old_codes if c.startswith(community))
    n = layer.featureCount()
    chosen = {a, b} | dock.edge_neighbours({a, b})
    chosen = set(sorted(chosen)[:10])
    codes_chosen = {w.stats[f].code for f in chosen}
    area_chosen = sum(before[c].area for c in codes_chosen)
    # a smaller target: the engine must cut the region into more grids
    dock.target_households.setValue(250)
    layer.selectByIds(sorted(chosen))
    started = time.perf_counter()
    assert dock.rebalance_selected(with_neighbours=False), dock.status.text()
    elapsed = time.perf_counter() - started
    # the aim is 2 s (bench/RESULTS.md: p50 1.8 s for 10 grids); 5 s here so that a loaded machine does not fail it
    assert elapsed <= 5.0, f"rebalance of {len(chosen)} grids took {elapsed:.2f} s"
    assert layer.undoStack().count() == 1
    after = geoms_by_code(layer)
    assert len(after) == layer.featureCount()  # no duplicate code
    # every grid not chosen is locked: same code, same shape
    for code in old_codes - codes_chosen:
        assert after[code].equals(before[code]), code
    new = set(after) - old_codes
    assert new, "a smaller target gives more grids"
    assert all(c.startswith(community) and int(c[-3:]) > top for c in new)  # never-used serials
    rebalanced = set(after) - (old_codes - codes_chosen)
    assert abs(sum(after[c].area for c in rebalanced) - area_chosen) < 1e-3 * area_chosen
    assert not w.issues_of([s.fid for s in w.stats.values() if s.code in rebalanced], [wb.CUTS, wb.OVERLAP])
    assert_equal_to_full(dock)
    layer.undoStack().undo()
    assert layer.featureCount() == n
    assert geoms_by_code(layer).keys() == before.keys()
    assert_equal_to_full(dock)
    layer.undoStack().redo()
    assert set(geoms_by_code(layer)) == set(after)
    assert_equal_to_full(dock)
    layer.rollBack()
    # the codes issued for the undone rebalance are never reissued
    layer.selectByIds(sorted(chosen))
    assert dock.rebalance_selected(with_neighbours=False), dock.status.text()
    again = set(geoms_by_code(layer)) - old_codes
    assert again and not again & new
    layer.rollBack()


def test_rebalance_with_neighbours_and_an_unchanged_grid_keeps_its_code(dock):
    layer = dock.layer
    w = dock.workbench
    a, _b = neighbours(dock)[0]
    expected = {a} | dock.edge_neighbours({a})
    assert len(expected) > 1
    assert all(dock.community_of(f) == dock.community_of(a) for f in expected)
    layer.selectByIds([a])
    dock.neighbours_check.setChecked(True)
    assert dock.rebalance_button.isEnabled()
    codes = {w.stats[f].code for f in expected}
    assert dock.rebalance_selected(), dock.status.text()
    assert dock.status.text().startswith(f"{len(expected)} grids rebalanced into ")
    assert layer.undoStack().count() == 1
    # the region rebalanced is the selected grid and its edge neighbours: the other grids are untouched
    assert {f for f in layer.editBuffer().changedGeometries()} | set(layer.editBuffer().deletedFeatureIds()) <= expected
    assert codes & {f["grid_code"] for f in layer.getFeatures()}  # codes of grids mostly kept survive
    layer.rollBack()
    # a single grid rebalanced alone at its own target is its own partition: shape and code unchanged
    single = max(w.stats, key=lambda f: w.stats[f].households)
    dock.target_households.setValue(max(1, int(w.stats[single].households)))
    dock.tolerance.setValue(50)
    shape, code = w.geometry(single), w.stats[single].code
    layer.selectByIds([single])
    assert dock.rebalance_selected(with_neighbours=False), dock.status.text()
    assert w.stats[single].code == code
    assert layer.featureCount() == len(w.stats)
    assert w.geometry(single).symmetric_difference(shape).area <= 1e-6 * shape.area
    assert layer.undoStack().count() <= 1
    layer.rollBack()


def test_rebalance_without_selection_says_so(dock):
    dock.layer.removeSelection()
    assert not dock.rebalance_selected()
    assert dock.status.text() == dock.tr("Select the grids to rebalance.")
