"""The dock 案件处理 driven offscreen through qgis_iface, on a GeoPackage store and on PostGIS."""

import importlib.util
import os
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
)
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt

from gridmanager.grid_manager.gui.case_dialogs import ActionDialog, ReportCaseDialog
from gridmanager.grid_manager.gui.case_dock import CaseDock
from gridmanager.grid_manager.gui.case_model import PAGE
from gridmanager.grid_manager.store import CaseFilter
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_cases, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.gui
N_CASES = 2 * PAGE + 57


@pytest.fixture(scope="module", autouse=True)
def no_modal():
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    yield
    os.environ.pop("GRIDMANAGER_NO_MODAL", None)


@pytest.fixture(scope="module")
def gpkg_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("dock") / "desk.gpkg"
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    seed_cases(store, N_CASES)
    store.close()
    return str(path)


@pytest.fixture
def dock(qgis_iface, gpkg_path):
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    widget = CaseDock(canvas)
    assert widget.connect_to("gpkg:" + gpkg_path)
    yield widget
    widget.unload()
    widget.deleteLater()


def centre_of(i):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def combo_select(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_lazy_paging_and_counts(dock, gpkg_path):
    store = GpkgStore(gpkg_path)
    total = store.count_cases()
    assert total == N_CASES
    assert dock.model.rowCount() == PAGE and dock.model.canFetchMore()
    dock.model.fetchMore()
    dock.model.fetchMore()
    assert dock.model.rowCount() == N_CASES and not dock.model.canFetchMore()
    ids = [r["id"] for r in dock.model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == N_CASES
    counts = store.counts_by_state()
    assert {k: v for k, v in dock.last_counts.items() if k in counts} == counts
    assert dock.last_counts["total"] == total
    assert str(total) in dock.counts.text()
    store.close()


def test_filters(dock, gpkg_path):
    store = GpkgStore(gpkg_path)
    combo_select(dock.f_state, "dispatched")
    expected = store.count_cases(CaseFilter(states=("dispatched",)))
    while dock.model.canFetchMore():
        dock.model.fetchMore()
    assert dock.model.rowCount() == expected > 0
    assert {r["state"] for r in dock.model.rows} == {"dispatched"}
    combo_select(dock.f_department, "sz")
    rows = dock.model.rows
    assert rows and all(r["department"] == "sz" for r in rows)
    combo_select(dock.f_state, "")
    combo_select(dock.f_department, "")
    combo_select(dock.f_street, "110101002")
    assert dock.model.rowCount() == min(PAGE, store.count_cases(CaseFilter(street_code="110101002")))
    assert all(r["street_code"] == "110101002" for r in dock.model.rows)
    combo_select(dock.f_street, "")
    combo_select(dock.f_community, "110101001002")
    assert all(r["community_code"] == "110101001002" for r in dock.model.rows)
    combo_select(dock.f_community, "")
    combo_select(dock.f_class, "event:0401")
    assert all(r["class_code"] == "0401" and r["kind"] == "event" for r in dock.model.rows)
    combo_select(dock.f_class, "")
    grid = grid_squares()[3][0]
    dock.f_grid.setText(grid)
    dock.apply_filters()
    assert dock.model.rows and all(r["grid_code"] == grid for r in dock.model.rows)
    dock.f_grid.setText("")
    dock.f_text.setText("路灯不亮")
    dock.apply_filters()
    assert dock.model.rowCount() == min(PAGE, store.count_cases(CaseFilter(text="路灯不亮"))) > 0
    dock.f_text.setText("")
    dock.f_use_dates.setChecked(True)
    dock.f_from.setDate(dock.f_from.date().addDays(40))
    dock.f_to.setDate(dock.f_from.date().addDays(1))
    assert dock.model.rowCount() == 0 and dock.last_counts["total"] == 0
    dock.f_use_dates.setChecked(False)
    assert dock.model.rowCount() == PAGE
    store.close()


def test_detail_timeline_and_exact_actions(dock, gpkg_path):
    store = GpkgStore(gpkg_path)
    case = store.list_cases(CaseFilter(states=("registered",)), limit=1)[0]
    combo_select(dock.role, "command")
    dock.select_case(case["case_code"])
    assert dock.current["case_code"] == case["case_code"]
    assert case["case_code"] in dock.detail.toPlainText()
    assert set(dock.action_buttons) == {"dispatch", "cancel"}
    combo_select(dock.role, "viewer")
    assert dock.action_buttons == {}
    combo_select(dock.role, "inspector")
    assert dock.action_buttons == {}
    combo_select(dock.role, "command")
    dock.ask_action_details = lambda action: {"department": "yl", "note": "请园林处理"}
    dock.action_buttons["dispatch"].click()
    after = store.get_case(case["case_code"])
    assert after["state"] == "dispatched" and after["department"] == "yl"
    assert store.events(case["case_code"])[-1]["note"] == "请园林处理"
    text = dock.detail.toPlainText()
    assert "请园林处理" in text and "yl" in text
    assert set(dock.action_buttons) == {"cancel"}
    combo_select(dock.role, "department")
    assert set(dock.action_buttons) == {"handle", "report_back", "request_return", "request_extension"}
    row = dock.model.row_of(case["case_code"])
    if row >= 0:
        assert dock.model.rows[row]["state"] == "dispatched"
    store.close()


def test_stale_version_message_in_status(dock, gpkg_path):
    store = GpkgStore(gpkg_path, user="colleague")
    case = store.list_cases(CaseFilter(states=("reported",)), limit=1)[0]
    combo_select(dock.role, "supervision")
    dock.select_case(case["case_code"])
    store.apply(case["case_code"], "verify", "inspector", case["version"])  # someone else was faster
    dock.ask_action_details = lambda action: {"note": ""}
    assert dock.run_action("decline") is None
    assert "changed by someone else" in dock.status.text()
    assert store.get_case(case["case_code"])["state"] == "verified"
    assert dock.current["state"] == "verified"  # reloaded
    store.close()


def test_overdue_rows_are_highlighted(dock, gpkg_path):
    store = GpkgStore(gpkg_path)
    store.add_class("event", "2104", "Extended event with a tiny limit")
    store.set_time_limit("event", "2104", 0, 1e-9)
    case = store.report_case("event", "2104", "public", *centre_of(0))
    for action, role, extra in (
        ("verify", "inspector", {}),
        ("register", "supervision", {}),
        ("dispatch", "command", {"department": "cg"}),
    ):
        case = store.apply(case["case_code"], action, role, case["version"], **extra)
    while store.count_cases(CaseFilter(overdue=True)) == 0:
        time.sleep(0.002)
    dock.f_overdue.setChecked(True)
    codes = [r["case_code"] for r in dock.model.rows]
    assert case["case_code"] in codes
    index = dock.model.index(codes.index(case["case_code"]), 0)
    assert dock.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert dock.last_counts["overdue"] >= 1
    dock.f_overdue.setChecked(False)
    other = next(r for r in dock.model.rows if r["state"] == "closed")
    index = dock.model.index(dock.model.row_of(other["case_code"]), 0)
    assert dock.model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    store.close()


def test_new_case_by_clicking_the_map(dock, gpkg_path):
    canvas = dock.canvas
    canvas.resize(600, 400)
    x, y = centre_of(4)
    to_canvas = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4490"),
        canvas.mapSettings().destinationCrs(),
        QgsProject.instance(),
    )
    point = to_canvas.transform(QgsPointXY(x, y))
    canvas.setExtent(QgsRectangle(point.x() - 300, point.y() - 200, point.x() + 300, point.y() + 200))
    canvas.refresh()
    seen = {}

    def answer(location, grid, part):
        seen.update(location=location, grid=grid, part=part)
        return {
            "kind": "event",
            "class_code": "0201",
            "source": "inspector",
            "urgency": 1,
            "part_code": None,
            "description": "电线杆小广告",
        }

    dock.ask_report_details = answer
    combo_select(dock.role, "inspector")
    dock.new_case.setChecked(True)
    assert canvas.mapTool() is dock.map_tool
    pixel = canvas.mapSettings().mapToPixel().transform(point).toQPointF().toPoint()
    event = QgsMapMouseEvent(
        canvas,
        QEvent.Type.MouseButtonRelease,
        pixel,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dock.map_tool.canvasReleaseEvent(event)
    assert seen["grid"][0] == grid_squares()[4][0]
    assert abs(seen["location"][0] - x) < 1e-5 and abs(seen["location"][1] - y) < 1e-5
    store = GpkgStore(gpkg_path)
    part = store.nearest_part(x, y, 50.0)
    assert part is not None and seen["part"][:2] == part[:2] and abs(seen["part"][2] - part[2]) < 0.01
    case = dock.current
    assert case["grid_code"] == grid_squares()[4][0] and case["urgency"] == 1 and case["state"] == "reported"
    assert store.get_case(case["case_code"])["description"] == "电线杆小广告"
    assert dock.model.rows[0]["case_code"] == case["case_code"]
    dock.new_case.setChecked(False)
    assert canvas.mapTool() is not dock.map_tool
    store.close()


def test_click_outside_every_grid_is_refused_before_the_dialog(dock):
    asked = []
    dock.ask_report_details = lambda *args: asked.append(args)
    before = dock.store.count_cases()
    to_canvas = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4490"), dock.canvas.mapSettings().destinationCrs(), QgsProject.instance()
    )
    assert dock.report_at(to_canvas.transform(QgsPointXY(121.47, 31.23))) is None
    assert asked == [] and dock.store.count_cases() == before
    assert "lies in no grid" in dock.status.text() and "121.47" in dock.status.text()


def test_report_dialog_sends_a_part_only_for_part_cases(qgis_iface):
    classes = [
        {"kind": "part", "code": "0101", "name": "Water", "name_zh": "上水井盖"},
        {"kind": "event", "code": "0102", "name": "Rubbish", "name_zh": "暴露垃圾"},
    ]
    dialog = ReportCaseDialog(classes, (116.4, 39.9), None, ("110101010100000001", "0101", 3.2))
    assert dialog.values()["part_code"] == "110101010100000001"
    dialog.kind.setCurrentIndex(0)  # an event: the suggested part is not sent
    assert dialog.values()["part_code"] is None


def test_date_filter_uses_the_days_of_the_store_time_zone(qgis_iface, tmp_path):
    import datetime as dt

    from qgis.PyQt.QtCore import QDate

    path = str(tmp_path / "tz.gpkg")
    admin = GpkgStore(path, user="admin", admin=True)
    admin.migrate()
    seed_reference(admin)
    x, y = centre_of(2)
    # 07:30 in Beijing on 2 December 2025 = 23:30 UTC on 1 December
    early = admin.report_case(
        "event", "0102", "hotline", x, y, reported_at=dt.datetime(2025, 12, 1, 23, 30, tzinfo=dt.timezone.utc)
    )
    late = admin.report_case(
        "event", "0102", "hotline", x, y, reported_at=dt.datetime(2025, 12, 1, 15, 30, tzinfo=dt.timezone.utc)
    )
    admin.close()
    assert early["case_code"].startswith("20251202") and late["case_code"].startswith("20251201")
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert dock.connect_to("gpkg:" + path)
        dock.f_use_dates.setChecked(True)
        dock.f_from.setDate(QDate(2025, 12, 2))
        dock.f_to.setDate(QDate(2025, 12, 2))
        dock.apply_filters()
        assert [r["case_code"] for r in dock.model.rows] == [early["case_code"]]
        assert "07:30" in dock.case_html(dock.store.get_case(early["case_code"]), [])
        # the list shows the same time as the detail pane (the store's zone, not this computer's)
        column = dock.model.COLUMNS.index("reported_at")
        assert dock.model.data(dock.model.index(0, column)) == "2025-12-02 07:30"
    finally:
        dock.unload()


def test_zoom_and_flash(dock):
    dock.table.selectRow(3)
    case = dock.current
    dock.zoom_to_current()
    to_canvas = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4490"),
        dock.canvas.mapSettings().destinationCrs(),
        QgsProject.instance(),
    )
    assert dock.canvas.extent().contains(to_canvas.transform(QgsPointXY(case["x"], case["y"])))
    extent = dock.canvas.extent()
    assert min(extent.width(), extent.height()) <= 400.001  # zoomed in: 2 x 200 m around the case


def test_cases_layer_is_styled_by_state(dock, gpkg_path):
    layer = dock.add_cases_layer()
    try:
        assert layer is not None and layer.isValid()
        store = GpkgStore(gpkg_path)
        assert layer.featureCount() == store.count_cases()
        store.close()
        assert layer.renderer().type() == "RuleRenderer"
        labels = [rule.label() for rule in layer.renderer().rootRule().children()]
        assert labels[0].startswith("overdue") and len(labels) == 9
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_live_refresh_from_another_desk(dock, gpkg_path):
    other = GpkgStore(gpkg_path, user="colleague")
    row = dock.model.rows[5]
    case = other.get_case(row["case_code"])
    dock.select_case(case["case_code"])
    action = next(
        t
        for t in other.transitions()
        if t["state"] == case["state"]
        and not t["guard"]
        and t["action"] not in ("dispatch",)
        and t["role"] != "department"
    )
    changed = other.apply(case["case_code"], action["action"], action["role"], case["version"], note="by colleague")
    assert case["case_code"] in dock.check_changes()
    dock._apply_changes()
    assert dock.model.rows[dock.model.row_of(case["case_code"])]["state"] == changed["state"]
    assert "by colleague" in dock.detail.toPlainText()
    other.close()


def test_dialogs_collect_values(qgis_iface):
    classes = [
        {"kind": "part", "code": "0101", "name": "Water", "name_zh": "上水井盖"},
        {"kind": "event", "code": "0102", "name": "Rubbish", "name_zh": "暴露垃圾"},
    ]
    dialog = ReportCaseDialog(
        classes,
        (116.4, 39.9),
        ("110101001001001", "110101001001", "110101001"),
        ("110101010100000001", "0101", 3.2),
    )
    values = dialog.values()
    assert values["kind"] == "part" and values["class_code"] == "0101"
    assert values["part_code"] == "110101010100000001"
    dialog.kind.setCurrentIndex(0)
    assert dialog.values()["class_code"] == "0102"
    action = ActionDialog("Dispatch", "dispatch", [{"code": "sz", "name": "市政"}])
    action.note.setPlainText("note")
    assert action.photos is None  # the command centre dispatches from its desk: no photos
    assert action.values() == {"note": "note", "department": "sz"}
    ext = ActionDialog("Extension", "request_extension", [])
    assert ext.values()["hours"] == 24.0


def test_plugin_wires_the_dock(qgis_iface, monkeypatch, without_session_provider):
    from gridmanager.plugin import GridManagerPlugin

    removed = []
    monkeypatch.setattr(qgis_iface, "removePluginMenu", lambda name, action: removed.append(action), raising=False)
    monkeypatch.setattr(qgis_iface, "removeDockWidget", lambda dock: removed.append(dock), raising=False)
    plugin = GridManagerPlugin(qgis_iface)
    plugin.initGui()
    assert isinstance(plugin.dock, CaseDock)
    action = next(a for a in plugin.actions if a.objectName() == "gridmanager_cases")
    assert action.isCheckable() and not action.icon().isNull()
    dock = plugin.dock
    plugin.unload()
    assert plugin.dock is None and action in removed and dock in removed


# -- PostGIS: a QGIS connection, roles, NOTIFY ---------------------------------------------------------
@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    with postgis_cluster.LocalCluster() as cluster:
        dsn = cluster.create_database("dock")
        admin = PostgisStore(dsn)
        admin.migrate()
        seed_reference(admin)
        seed_cases(admin, 40)
        admin.create_user("cmd_dock", "command")
        admin.create_user("dep_dock", "department", "sz")
        yield cluster, admin
        admin.close()


def save_connection(name, cluster, user):
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = "host=127.0.0.1 port={} dbname='dock' user='{}'".format(cluster.port, user)
    connection = metadata.createConnection(uri, {"saveUsername": True, "savePassword": False})
    metadata.saveConnection(connection, name)


@pytest.mark.postgis
def test_postgis_connection_roles_and_notify(qgis_iface, pg):
    cluster, admin = pg
    save_connection("gm_test_command", cluster, "cmd_dock")
    save_connection("gm_test_department", cluster, "dep_dock")
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        dock.fill_connections()
        assert dock.connection.findData("pg:gm_test_command") >= 0
        assert dock.connect_to("pg:gm_test_command"), dock.status.text()
        assert dock.store.user == "cmd_dock"
        assert [dock.role.itemData(i) for i in range(dock.role.count())] == ["command"]
        assert dock.last_counts["total"] == admin.count_cases()
        registered = admin.list_cases(CaseFilter(states=("registered",)), limit=1)[0]
        dock.select_case(registered["case_code"])
        assert set(dock.action_buttons) == {"dispatch", "cancel"}
        # another user changes the case: NOTIFY reaches the dock through its socket notifier
        admin.apply(registered["case_code"], "dispatch", "command", registered["version"], department="sz")
        for _ in range(200):
            QCoreApplication.processEvents()
            if dock.current["state"] == "dispatched":
                break
            time.sleep(0.02)
        assert dock.current["state"] == "dispatched"
        assert set(dock.action_buttons) == {"cancel"}
        # a department user sees only its own cases
        assert dock.connect_to("pg:gm_test_department")
        while dock.model.canFetchMore():
            dock.model.fetchMore()
        assert dock.model.rows and {r["department"] for r in dock.model.rows} == {"sz"}
        assert dock.last_counts["total"] == admin.count_cases(CaseFilter(department="sz"))
        layer = dock.add_cases_layer()
        assert layer is not None and layer.isValid() and layer.providerType() == "postgres"
        # row-level security applies to the layer too: the department sees only its cases
        assert layer.featureCount() == admin.count_cases(CaseFilter(department="sz"))
        QgsProject.instance().removeMapLayer(layer.id())
    finally:
        dock.unload()
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        for name in ("gm_test_command", "gm_test_department"):
            metadata.deleteConnection(name)


@pytest.mark.postgis
def test_database_without_store_is_refused_clearly(qgis_iface, pg):
    cluster, _admin = pg
    cluster.create_database("empty")
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    connection = metadata.createConnection(
        "host=127.0.0.1 port={} dbname='empty' user='postgres'".format(cluster.port), {"saveUsername": True}
    )
    metadata.saveConnection(connection, "gm_test_empty")
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert not dock.connect_to("pg:gm_test_empty")
        assert "holds no case store" in dock.status.text()
        assert not dock.connect_to("pg:gm_no_such_connection")
        assert "does not exist" in dock.status.text()
    finally:
        dock.unload()
        metadata.deleteConnection("gm_test_empty")


# -- zh_CN: the dock and the store messages in the zh_CN build ----------------------------------------
def test_zh_cn_dock_and_store_messages(qgis_iface, gpkg_path, zh_cn):
    from gridmanager.grid_manager.store import WorkflowError

    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert dock.windowTitle() == "案件处理"
        assert dock.connect_to("gpkg:" + gpkg_path)
        assert "已派遣" in dock.counts.text() and "超期" in dock.counts.text()
        assert dock.model.headerData(0, Qt.Orientation.Horizontal) == "案件"
        case = dock.store.list_cases(CaseFilter(states=("reported",)), limit=1)[0]
        combo_select(dock.role, "command")
        dock.select_case(case["case_code"])
        assert "处理经过" in dock.detail.toPlainText()
        with pytest.raises(WorkflowError) as info:
            dock.store.apply(case["case_code"], "dispatch", "command", case["version"], department="sz")
        expected = "案件 {}：角色“指挥中心”在状态“已上报”下不能".format(case["case_code"])
        assert str(info.value).startswith(expected)
        dock.ask_action_details = lambda action: {"note": ""}
        combo_select(dock.role, "supervision")
        dock.store.apply(case["case_code"], "verify", "inspector", case["version"])
        dock.run_action("decline")
        assert "已被他人修改" in dock.status.text()
    finally:
        dock.unload()


@pytest.mark.postgis
def test_credentials_come_from_the_qgis_auth_manager(qgis_iface, pg):
    from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings

    cluster, _admin = pg
    auth = QgsApplication.authManager()
    if not auth.setMasterPassword("gridmanager-test-master", True):
        pytest.skip("the test profile's auth database has another master password")
    config = QgsAuthMethodConfig()
    config.setName("gridmanager test")
    config.setMethod("Basic")
    config.setConfig("username", "cmd_dock")
    config.setConfig("password", "not-stored-by-the-plugin")
    ok, config = auth.storeAuthenticationConfig(config)
    assert ok
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = "host=127.0.0.1 port={} dbname='dock' authcfg={}".format(cluster.port, config.id())
    metadata.saveConnection(metadata.createConnection(uri, {}), "gm_test_auth")
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert dock.connect_to("pg:gm_test_auth"), dock.status.text()
        assert dock.store.user == "cmd_dock"
        settings = QgsSettings()
        assert settings.value("gridmanager/cases/last_connection") == "pg:gm_test_auth"
        everything = " ".join(str(settings.value(k)) for k in settings.allKeys())
        assert "not-stored-by-the-plugin" not in everything
    finally:
        dock.unload()
        metadata.deleteConnection("gm_test_auth")
        auth.removeAuthenticationConfig(config.id())


def test_cases_layer_is_read_only_and_the_file_refuses_edits(dock, gpkg_path):
    layer = dock.add_cases_layer()
    try:
        assert layer is not None and layer.readOnly()
        assert not layer.startEditing()
        feature = next(layer.getFeatures())
        code = feature["case_code"]
        before = GpkgStore(gpkg_path).get_case(code)
        # even through the provider (as a plugin or a script would), the triggers refuse the change
        index = layer.fields().indexOf("state")
        assert not layer.dataProvider().changeAttributeValues({feature.id(): {index: "closed"}})
        after = GpkgStore(gpkg_path).get_case(code)
        assert after == before
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


@pytest.mark.postgis
def test_listener_reconnects_after_its_backend_is_killed(qgis_iface, pg):
    import psycopg2

    cluster, admin = pg
    save_connection("gm_test_live", cluster, "cmd_dock")
    dock = CaseDock(qgis_iface.mapCanvas())
    dock._reconnect_timer.setInterval(100)
    try:
        assert dock.connect_to("pg:gm_test_live"), dock.status.text()
        assert not dock.live_paused and not dock.live_state.isVisibleTo(dock)
        pid = dock.store._listener.get_backend_pid()
        killer = psycopg2.connect(cluster.dsn("dock"))
        killer.autocommit = True
        with killer.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
        killer.close()
        # the dock notices, says so, and listens again on a new connection
        seen_paused = False
        for _ in range(300):
            QCoreApplication.processEvents()
            seen_paused = seen_paused or (dock.live_paused and "paused" in dock.live_state.text())
            if seen_paused and not dock.live_paused:
                break
            time.sleep(0.02)
        assert seen_paused and not dock.live_paused
        assert dock.store._listener.get_backend_pid() != pid
        # refresh resumes: a change by someone else reaches the dock
        case = admin.list_cases(CaseFilter(states=("registered",)), limit=1)[0]
        dock.select_case(case["case_code"])
        admin.apply(case["case_code"], "dispatch", "command", case["version"], department="yl")
        for _ in range(200):
            QCoreApplication.processEvents()
            if dock.current["state"] == "dispatched":
                break
            time.sleep(0.02)
        assert dock.current["state"] == "dispatched"
    finally:
        dock.unload()
        QgsProviderRegistry.instance().providerMetadata("postgres").deleteConnection("gm_test_live")
