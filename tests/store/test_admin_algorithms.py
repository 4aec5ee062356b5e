"""Issue 15: the administration algorithms (managedepartments, manageclasses, manageusers) on a GeoPackage case
store and on the shared store, where each role logs in through a QGIS connection and tries."""

import importlib.util
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsProviderRegistry

from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

ROLES = {
    "alg_insp": ("inspector", None),
    "alg_sup": ("supervision", None),
    "alg_cmd": ("command", None),
    "alg_dep": ("department", "sz"),
    "alg_view": ("viewer", None),
    "alg_plan": ("planner", None),
}


@pytest.fixture
def gpkg_store(tmp_path):
    path = tmp_path / "admin.gpkg"
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    store.close()
    return str(path)


def test_departments_one_by_one_and_from_a_table(run_alg, gpkg_store, tmp_path):
    results, feedback = run_alg(
        "gridmanager:managedepartments", {"STORE_FILE": gpkg_store, "OPERATION": 0, "CODE": "hw", "NAME": "环卫中心"}
    )
    assert results["SAVED"] == 1
    table = tmp_path / "departments.csv"
    table.write_bytes("code,name\nsl,水务局\n\njt,交通委员会\n".encode("gbk"))
    results, _feedback = run_alg("gridmanager:managedepartments", {"STORE_FILE": gpkg_store, "TABLE": str(table)})
    assert results["SAVED"] == 2
    store = GpkgStore(gpkg_store)
    names = {d["code"]: d["name"] for d in store.departments()}
    assert names["hw"] == "环卫中心" and names["sl"] == "水务局" and names["jt"] == "交通委员会"
    audit = store.admin_audit("department")
    assert [(r["key"], r["operation"]) for r in audit[-3:]] == [("hw", "insert"), ("sl", "insert"), ("jt", "update")]
    store.close()
    results, _feedback = run_alg(
        "gridmanager:managedepartments", {"STORE_FILE": gpkg_store, "OPERATION": 1, "CODE": "hw"}
    )
    assert results["REMOVED"] == 1


def test_department_errors_name_the_line_and_the_field(run_alg, gpkg_store, tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text("code,name\nok1,Fine\n{},Too long\n".format("x" * 250), encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"bad.csv, line 3: .*field department.*1 departments were saved"):
        run_alg("gridmanager:managedepartments", {"STORE_FILE": gpkg_store, "TABLE": str(table)})
    (tmp_path / "nocol.csv").write_text("id,label\n1,x\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="has no column 'code'"):
        run_alg("gridmanager:managedepartments", {"STORE_FILE": gpkg_store, "TABLE": str(tmp_path / "nocol.csv")})
    with pytest.raises(QgsProcessingException, match="Give a department code"):
        run_alg("gridmanager:managedepartments", {"STORE_FILE": gpkg_store})
    plain = tmp_path / "plain.gpkg"
    plain.write_bytes(b"")
    with pytest.raises(QgsProcessingException):
        run_alg("gridmanager:managedepartments", {"STORE_FILE": str(plain), "CODE": "x", "NAME": "y"})


def test_classes_from_the_bundled_catalogue_and_one_by_one(run_alg, gpkg_store):
    results, feedback = run_alg("gridmanager:manageclasses", {"STORE_FILE": gpkg_store, "KIND": 1, "IMPORT": True})
    assert results["SAVED"] > 10 and results["SKIPPED"] >= 5
    assert any("Skipped 01:" in line for line in feedback.log)
    results, _feedback = run_alg(
        "gridmanager:manageclasses",
        {"STORE_FILE": gpkg_store, "KIND": 0, "CODE": "2101", "NAME": "Charging pile", "NAME_ZH": "充电桩"},
    )
    assert results["SAVED"] == 1
    store = GpkgStore(gpkg_store)
    classes = {(c["kind"], c["code"]): c for c in store.classes()}
    assert classes[("part", "2101")]["name_zh"] == "充电桩" and classes[("event", "0102")]["name_zh"] == "暴露垃圾"
    store.close()
    with pytest.raises(QgsProcessingException, match="field class_code"):
        run_alg("gridmanager:manageclasses", {"STORE_FILE": gpkg_store, "KIND": 0, "CODE": "21", "NAME": "x"})


@pytest.fixture(scope="module")
def pg():
    with postgis_cluster.LocalCluster() as cluster:
        admin = PostgisStore(cluster.create_database("algadmin"))
        admin.migrate()
        seed_reference(admin)
        for login, (role, department) in ROLES.items():
            admin.create_user(login, role, department)
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        for login in ROLES:
            uri = "host=127.0.0.1 port={} dbname='algadmin' user='{}'".format(cluster.port, login)
            metadata.saveConnection(
                metadata.createConnection(uri, {"saveUsername": True, "savePassword": False}), "gm_alg_" + login
            )
        yield cluster, admin
        for login in ROLES:
            metadata.deleteConnection("gm_alg_" + login)
        admin.close()


@pytest.mark.postgis
def test_every_role_tries_the_algorithms(run_alg, pg):
    _cluster, admin = pg
    for login, (role, _department) in ROLES.items():
        connection = "gm_alg_" + login
        attempts = (
            ("gridmanager:managedepartments", {"CODE": "d_" + login, "NAME": "Dept " + login}),
            ("gridmanager:manageclasses", {"KIND": 1, "CODE": "2199", "NAME": "By " + login}),
            ("gridmanager:manageusers", {"OPERATION": 0, "LOGIN": "u_" + login, "ROLE": 4}),
        )
        for algorithm, params in attempts:
            params = dict(params, STORE_CONNECTION=connection)
            if role == "command":
                run_alg(algorithm, params)
            else:
                with pytest.raises(QgsProcessingException, match="Only the store's administrator or the command"):
                    run_alg(algorithm, params)
    users = {u["login"]: u for u in admin.users()}
    assert users["u_alg_cmd"]["role"] == "viewer"
    assert not {"u_" + login for login in ROLES if login != "alg_cmd"} & set(users)
    assert {r["actor"] for r in admin.admin_audit() if r["key"] in ("d_alg_cmd", "event:2199", "u_alg_cmd")} == {
        "alg_cmd"
    }


@pytest.mark.postgis
def test_command_centre_changes_a_role_and_disables_a_login(run_alg, pg):
    cluster, admin = pg
    admin.create_user("alg_target", "inspector")
    results, _feedback = run_alg(
        "gridmanager:manageusers",
        {"STORE_CONNECTION": "gm_alg_alg_cmd", "OPERATION": 0, "LOGIN": "alg_target", "ROLE": 3, "DEPARTMENT": "yl"},
    )
    assert results["STATE"] == "department enabled"
    results, _feedback = run_alg(
        "gridmanager:manageusers", {"STORE_CONNECTION": "gm_alg_alg_cmd", "OPERATION": 1, "LOGIN": "alg_target"}
    )
    assert results["STATE"] == "department disabled"
    from gridmanager.grid_manager.store import StoreError

    with pytest.raises(StoreError):
        PostgisStore(cluster.dsn("algadmin", user="alg_target"))
    rows = [r for r in admin.admin_audit("user", "alg_target") if r["actor"] == "alg_cmd"]
    assert [r["new_values"]["role"] for r in rows] == ["department", "department"]
    assert rows[-1]["new_values"]["enabled"] is False
    with pytest.raises(QgsProcessingException, match="your own"):
        run_alg("gridmanager:manageusers", {"STORE_CONNECTION": "gm_alg_alg_cmd", "OPERATION": 1, "LOGIN": "alg_cmd"})
