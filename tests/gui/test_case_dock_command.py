"""Issue 15 in the dock: batch actions from the list and the map, full case codes, actions per role,
translated refusals, emoji, the statistics strip and the export of the list (GeoPackage and PostGIS)."""

import csv
import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsProviderRegistry
from qgis.PyQt.QtCore import QItemSelectionModel, Qt
from qgis.PyQt.QtGui import QFontMetrics

from gridmanager.grid_manager.gui import glyphs
from gridmanager.grid_manager.gui.case_batch import BatchActionDialog, BatchResultDialog
from gridmanager.grid_manager.gui.case_dock import CaseDock
from gridmanager.grid_manager.store import CaseFilter
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import seed_cases, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module", autouse=True)
def no_modal():
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    yield
    os.environ.pop("GRIDMANAGER_NO_MODAL", None)


@pytest.fixture
def gpkg_path(tmp_path):
    path = tmp_path / "command.gpkg"
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    seed_cases(store, 120)
    store.close()
    return str(path)


@pytest.fixture
def dock(qgis_iface, gpkg_path):
    widget = CaseDock(qgis_iface.mapCanvas())
    assert widget.connect_to("gpkg:" + gpkg_path)
    yield widget
    widget.unload()
    widget.deleteLater()


def combo_select(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def select_rows(dock, codes):
    selection = dock.table.selectionModel()
    selection.clearSelection()
    for code in codes:
        row = dock.model.row_of(code)
        assert row >= 0, code
        selection.select(
            dock.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )


# -- batch actions ------------------------------------------------------------------------------------------
def test_batch_dispatch_from_the_list_with_stale_and_not_allowed_cases(dock, gpkg_path):
    combo_select(dock.role, "command")
    assert dock.table.selectionMode() == dock.table.SelectionMode.ExtendedSelection
    actions = [dock.batch_action.itemData(i) for i in range(dock.batch_action.count())]
    assert "dispatch" in actions and "handle" not in actions and "request_extension" not in actions
    while dock.model.canFetchMore():
        dock.model.fetchMore()
    registered = [r for r in dock.model.rows if r["state"] == "registered"][:4]
    reported = [r for r in dock.model.rows if r["state"] == "reported"][:1]
    assert len(registered) == 4 and reported
    # another desk dispatches one of them after the list was read
    other = GpkgStore(gpkg_path, user="other_desk")
    stale = registered[1]
    other.apply(stale["case_code"], "dispatch", "command", stale["version"], department="yl")
    other.close()
    codes = [r["case_code"] for r in registered + reported]
    select_rows(dock, codes)
    assert dock.selected_label.text() == "5 selected" and dock.batch_button.isEnabled()
    combo_select(dock.batch_action, "dispatch")
    results = dock.run_batch(details={"department": "sz", "note": "morning batch"})
    applied = {r["case_code"]: r["applied"] for r in results}
    assert applied == {c: c not in (stale["case_code"], reported[0]["case_code"]) for c in codes}
    dialog = dock.batch_dialog
    assert isinstance(dialog, BatchResultDialog)
    assert dialog.summary.text() == "3 of 5 cases applied, 2 refused."
    table = dialog.table
    shown = {table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2)] for r in range(table.rowCount())}
    assert sorted(shown) == sorted(codes)
    assert {c: v[0] for c, v in shown.items()} == {c: "applied" if applied[c] else "refused" for c in codes}
    assert shown[stale["case_code"]][1].startswith("Case {} was changed by someone else".format(stale["case_code"]))
    assert shown[reported[0]["case_code"]][1] == (
        "Case {}: the action 'dispatch' is not allowed for the role 'command' in the state 'reported'.".format(
            reported[0]["case_code"]
        )
    )
    assert "applied\t" not in dialog.text().splitlines()[0] and len(dialog.text().splitlines()) == 6
    # the list shows what the store holds now, the stale row included
    by_code = {r["case_code"]: r for r in dock.model.rows}
    assert by_code[registered[0]["case_code"]]["state"] == "dispatched"
    assert by_code[registered[0]["case_code"]]["department"] == "sz"
    assert by_code[stale["case_code"]]["department"] == "yl"
    assert "3 of 5 cases applied" in dock.status.text()


def test_batch_details_dialog_asks_the_department_for_dispatch_only(qgis_iface):
    departments = [{"code": "sz", "name": "市政"}, {"code": "yl", "name": "园林"}]
    dialog = BatchActionDialog("Dispatch", "dispatch", 12, departments)
    dialog.department.setCurrentIndex(1)
    dialog.note.setPlainText("  all to parks  ")
    assert dialog.values() == {"department": "yl", "note": "all to parks"}
    assert BatchActionDialog("Verify", "verify", 3, departments).values() == {"note": ""}


def test_batch_from_the_map_selection(dock):
    combo_select(dock.role, "inspector")
    layer = dock.add_cases_layer()
    assert layer is not None and layer.isValid()
    try:
        reported = [f for f in layer.getFeatures() if f["state"] == "reported"][:3]
        assert len(reported) == 3
        layer.selectByIds([f.id() for f in reported])
        found = dock.select_from_map()
        assert sorted(found) == sorted(f["case_code"] for f in reported)
        assert {c["case_code"] for c in dock.selected_cases()} == set(found)
        combo_select(dock.batch_action, "verify")
        results = dock.run_batch(details={"note": ""})
        assert all(r["applied"] for r in results) and len(results) == 3
        assert {dock.store.get_case(c)["state"] for c in found} == {"verified"}
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_select_from_map_without_layer_says_so(dock):
    dock.cases_layer_id = None
    assert dock.select_from_map() == []
    assert "Add the cases layer" in dock.status.text()


# -- case codes, emoji ------------------------------------------------------------------------------------------
def test_full_case_codes_elided_in_the_middle_with_tooltip(dock):
    code = dock.model.rows[0]["case_code"]
    index = dock.model.index(0, 0)
    assert dock.model.data(index) == code  # the model never cuts the code
    assert dock.model.data(index, Qt.ItemDataRole.ToolTipRole).split("\n")[0] == code
    assert dock.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    # the column is wide enough for a whole code by default
    width = QFontMetrics(dock.table.font()).horizontalAdvance(code)
    assert dock.table.columnWidth(0) >= width
    dock.table.setColumnWidth(0, width // 2)
    elided = QFontMetrics(dock.table.font()).elidedText(code, Qt.TextElideMode.ElideMiddle, width * 3 // 4)
    assert "…" in elided and elided.startswith(code[:2]) and elided.endswith(code[-2:])


def test_emoji_never_draw_as_a_box(dock, monkeypatch):
    text = "垃圾桶满了🚮 井盖⚠"
    glyphs.reset()
    shown = glyphs.displayable(text)
    for char in shown:
        assert not glyphs._is_symbol(ord(char)) or glyphs.can_draw(ord(char)), char
    assert "垃圾桶满了" in shown and "井盖" in shown
    if not glyphs.can_draw(0x1F6AE):
        assert "[U+1F6AE]" in shown
    else:
        assert "🚮" in shown
    # variation selectors and joiners of an undrawable emoji go with it
    monkeypatch.setattr(glyphs, "can_draw", lambda cp: False)
    assert glyphs.displayable("a👩\u200d🚒\ufe0fb") == "a[U+1F469][U+1F692]b"
    monkeypatch.undo()
    case = dock.store.report_case("event", "0102", "public", *first_grid_centre(), description=text)
    dock.select_case(case["case_code"])
    assert glyphs.displayable(text) in dock.detail.toPlainText()
    added = glyphs.install_emoji_fallback()
    assert set(added) <= set(glyphs.installed_emoji_families())


def first_grid_centre():
    from gridmanager.grid_manager.store.sample import grid_squares

    wkt = grid_squares()[0][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


# -- actions per role ---------------------------------------------------------------------------------------------
def test_new_case_and_batch_actions_follow_the_transitions_table(dock, monkeypatch):
    reporters = {t["role"] for t in dock.store.transitions() if t["state"] == "new" and t["action"] == "report"}
    assert reporters == {"inspector", "supervision"}
    for role in ("inspector", "supervision", "command", "department", "viewer"):
        combo_select(dock.role, role)
        assert dock.new_case.isVisibleTo(dock) == (role in reporters), role
        expected = [a for a in dock.batch_actions(role)]
        assert [dock.batch_action.itemData(i) for i in range(dock.batch_action.count())] == expected
        assert dock.batch_action.isVisibleTo(dock) == bool(expected)
    assert dock.batch_actions("viewer") == []
    # derived from the table: a store whose transitions let the viewer report shows the button to the viewer
    rows = dock.store.transitions() + [
        {"state": "new", "action": "report", "role": "viewer", "new_state": "reported", "guard": "", "effects": ""}
    ]
    monkeypatch.setattr(dock.store, "transitions", lambda: rows)
    combo_select(dock.role, "command")
    combo_select(dock.role, "viewer")
    assert dock.new_case.isVisibleTo(dock)


def test_role_that_may_not_report_gets_a_sentence_not_a_database_error(dock, monkeypatch):
    monkeypatch.setattr(dock.store, "my_roles", lambda: ["viewer"])
    combo_select(dock.role, "viewer")
    called = []
    monkeypatch.setattr(dock, "ask_report_details", lambda *a: called.append(a) or None)
    from qgis.core import QgsPointXY

    x, y = first_grid_centre()
    dock.canvas.setDestinationCrs(dock._store_crs())
    assert dock.report_at(QgsPointXY(x, y)) is None
    assert "may not report cases" in dock.status.text() and not called


# -- statistics strip ----------------------------------------------------------------------------------------------
def test_statistics_strip_follows_the_filters(dock):
    store = dock.store
    now = dt.datetime.now(dt.timezone.utc)
    expected = {r["key"]: r for r in store.statistics(CaseFilter(), by="department", now=now)}
    values = dock.stats.values()
    assert values[0][0] == "All"
    assert int(values[0][1]) == sum(r["open"] for r in expected.values())
    labels = [v[0] for v in values[1:]]
    assert any(label.startswith("sz ") for label in labels)
    combo_select(dock.f_street, "110101002")
    street = {r["key"]: r for r in store.statistics(CaseFilter(street_code="110101002"), by="department")}
    values = dock.stats.values()
    assert int(values[0][1]) == sum(r["open"] for r in street.values())
    assert int(values[0][2]) == sum(r["overdue"] for r in street.values())
    combo_select(dock.stats.group, "street_code")
    values = dock.stats.values()
    assert [v[0].split()[0] for v in values[1:]] == ["110101002"]
    assert dock.stats.table.horizontalHeaderItem(0).text() == "Street"
    assert dock.stats.table.horizontalHeaderItem(4).text() == "Closed this week"


# -- export ---------------------------------------------------------------------------------------------------------
def test_export_csv_has_bom_and_the_visible_columns_in_visible_order(dock, tmp_path):
    combo_select(dock.f_state, "dispatched")
    header = dock.table.horizontalHeader()
    header.moveSection(header.visualIndex(4), 0)  # Department first
    dock.table.setColumnHidden(5, True)  # no Grid
    path = dock.export_list(str(tmp_path / "list.csv"))
    data = Path(path).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Department", "Case", "State", "Class", "Urgent", "Reported", "Deadline"]
    expected = dock.store.count_cases(CaseFilter(states=("dispatched",)))
    assert len(rows) == expected + 1 and expected > 0
    assert all(r[2] == "dispatched" for r in rows[1:])
    assert {r[1] for r in rows[1:]} == {c["case_code"] for c in dock.model.rows}
    assert "cases exported" in dock.status.text()


def test_export_xlsx_with_openpyxl_and_with_ogr(dock, tmp_path, monkeypatch):
    import openpyxl

    path = dock.export_list(str(tmp_path / "list.xlsx"))
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == [dock.model.headers[c] for c in range(len(dock.model.headers))]
    assert len(rows) == dock.store.count_cases() + 1
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # "import openpyxl" raises ImportError
    path2 = dock.export_list(str(tmp_path / "ogr.xlsx"))
    monkeypatch.undo()
    sheet = openpyxl.load_workbook(path2).active
    rows2 = [[("" if c.value is None else str(c.value)) for c in r] for r in sheet.iter_rows()]
    assert rows2[0] == rows[0] and len(rows2) == len(rows)
    assert not list(tmp_path.glob("*.partial*"))


def test_export_to_a_bad_place_names_the_file(dock, tmp_path):
    assert dock.export_list(str(tmp_path / "list.txt")) is None
    assert "list.txt" in dock.status.text() and ".csv or .xlsx" in dock.status.text()
    assert dock.export_list(str(tmp_path / "missing" / "list.csv")) is None
    assert "list.csv" in dock.status.text()


# -- PostGIS: roles log in, refusals are sentences -----------------------------------------------------------------
@pytest.fixture(scope="module")
def pg():
    with postgis_cluster.LocalCluster() as cluster:
        dsn = cluster.create_database("dockcmd")
        admin = PostgisStore(dsn)
        admin.migrate()
        seed_reference(admin)
        seed_cases(admin, 60)
        admin.create_user("cc_cmd", "command")
        admin.create_user("cc_dep", "department", "sz")
        admin.create_user("cc_view", "viewer")
        yield cluster, admin
        admin.close()


def save_connection(name, cluster, user):
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = "host=127.0.0.1 port={} dbname='dockcmd' user='{}'".format(cluster.port, user)
    metadata.saveConnection(metadata.createConnection(uri, {"saveUsername": True, "savePassword": False}), name)


@pytest.mark.postgis
def test_postgis_batch_and_roles(qgis_iface, pg):
    cluster, admin = pg
    for user in ("cc_cmd", "cc_dep", "cc_view"):
        save_connection("gm_cc_" + user, cluster, user)
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert dock.connect_to("pg:gm_cc_cc_view"), dock.status.text()
        assert not dock.new_case.isVisibleTo(dock) and not dock.batch_action.isVisibleTo(dock)
        assert dock.connect_to("pg:gm_cc_cc_dep")
        assert not dock.new_case.isVisibleTo(dock)
        assert "report_back" in dock.batch_actions() and "dispatch" not in dock.batch_actions()
        assert dock.connect_to("pg:gm_cc_cc_cmd")
        assert not dock.new_case.isVisibleTo(dock) and "dispatch" in dock.batch_actions()
        while dock.model.canFetchMore():
            dock.model.fetchMore()
        registered = [r["case_code"] for r in dock.model.rows if r["state"] == "registered"][:3]
        closed = [r["case_code"] for r in dock.model.rows if r["state"] == "closed"][:1]
        select_rows(dock, registered + closed)
        combo_select(dock.batch_action, "dispatch")
        results = dock.run_batch(details={"department": "yl", "note": ""})
        assert {r["case_code"]: r["applied"] for r in results} == {c: c in registered for c in registered + closed}
        assert all(admin.get_case(c)["department"] == "yl" for c in registered)
        # the command centre's user reported nothing: a report through SQL is refused with a sentence
        from gridmanager.grid_manager.store import StoreError

        with pytest.raises(StoreError) as refused:
            dock.store._run(lambda cur: cur.execute("INSERT INTO gm.departments VALUES ('x', 'y')"))
        assert "may not read or change departments in the case store directly" in str(refused.value)
        assert "permission denied for" not in str(refused.value)  # not the database's English text
    finally:
        dock.unload()
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        for user in ("cc_cmd", "cc_dep", "cc_view"):
            metadata.deleteConnection("gm_cc_" + user)


def test_zh_cn_batch_result_and_statistics(qgis_iface, gpkg_path, zh_cn):
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert dock.connect_to("gpkg:" + gpkg_path)
        combo_select(dock.role, "command")
        assert dock.batch_button.text() == "批量办理选中案件" and dock.export_button.text() == "导出列表…"
        assert dock.stats.table.horizontalHeaderItem(2).text() == "超期"
        assert dock.stats.values()[0][0] == "合计"
        reported = dock.store.list_cases(CaseFilter(states=("reported",)), limit=1)
        results = dock.run_batch("dispatch", {"department": "sz", "note": ""}, cases=reported)
        assert not results[0]["applied"]
        assert dock.batch_dialog.summary.text() == "1 件案件中 0 件已办理，1 件被拒绝。"
        assert dock.batch_dialog.table.item(0, 1).text() == "被拒绝"
        assert dock.batch_dialog.table.item(0, 2).text().startswith("案件 {}：".format(reported[0]["case_code"]))
    finally:
        dock.unload()
