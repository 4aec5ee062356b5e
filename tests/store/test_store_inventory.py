"""The part inventory in the case store (issue 3, item 5): the same comparison as the GeoPackage
inventory, applied atomically to BOTH store backends (GeoPackage and the throwaway PostGIS cluster),
with history, version check, roles (PostGIS: each role logs in) and gridmanager:updateinventory
reaching the shared store through a QGIS connection."""

import importlib.util
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg2
import pytest

from gridmanager.grid_manager.common.errors import Cancelled, InputError
from gridmanager.grid_manager.common.progress import Progress
from gridmanager.grid_manager.parts import inventory as inv
from gridmanager.grid_manager.parts.survey_import import PART_FIELDS
from gridmanager.grid_manager.store import StoreError, WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import StaleVersionError
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

METRE = 1 / 111320.0  # one metre north in degrees of latitude
USERS = {
    "plan_zhou": "planner",
    "insp_wu": "inspector",
    "sup_sun": "supervision",
    "cmd_zheng": "command",
    "view_feng": "viewer",
}


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path):
    """A fresh seeded store for every test (the inventory tests change every part)."""
    if request.param == "gpkg":
        st = GpkgStore(tmp_path / "cases.gpkg", user="desk")
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
    else:
        cluster = request.getfixturevalue("cluster")
        name = "inv_" + request.node.name.split("[")[0][-40:].lower()
        dsn = cluster.create_database(name)
        st = PostgisStore(dsn)
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
        cluster.drop_database(name)


def first_survey(store):
    """A survey of every part of the store (lon/lat CGCS2000), as an importparts output would give."""
    frame, _crs, _version = store.read_inventory()
    survey = frame[list(PART_FIELDS) + ["x", "y"]].copy()
    survey["name"] = "井盖"
    survey["status"] = "完好"
    survey["owner_dept"] = "区水务局"
    survey["source_file"] = "survey_2024.csv"
    survey["source_row"] = np.arange(2, len(survey) + 2)
    return survey.reset_index(drop=True)


def second_survey(first):
    """1 m (unchanged), 12 m (moved), status changed, moved into another grid, one missing, one new."""
    s = first.copy()
    s.loc[0, "y"] += 1 * METRE
    s.loc[1, "y"] += 12 * METRE
    s.loc[2, "status"] = "破损"
    s.loc[3, "y"] += 30 * METRE
    s.loc[3, "grid_code"] = "110101001001002"
    new = s.iloc[[4]].copy()
    new["code"] = "110101010199999"
    new["source_row"] = 9999
    s = pd.concat([s.iloc[:-1], new], ignore_index=True)  # the last part is missing
    s["source_file"] = "survey_2025.csv"
    return s


def snapshot(store):
    frame, crs, version = store.read_inventory()
    return frame, version, len(store.inventory_history()), len(store.inventory_runs())


def assert_unchanged(store, before):
    frame, version, n_history, n_runs = snapshot(store)
    pd.testing.assert_frame_equal(frame, before[0])
    assert (version, n_history, n_runs) == before[1:]


def test_survey_is_classified_applied_and_recorded(store):
    first = first_survey(store)
    n = len(first)
    report, crs = inv.update_inventory(store, first, "EPSG:4490", source="survey_2024.csv", today="2024-05-01")
    assert crs == "EPSG:4490" and inv.summarise(report)["changed"] == n  # name, status, owner filled in
    second = second_survey(first)
    report, _crs = inv.update_inventory(store, second, "EPSG:4490", source="survey_2025.csv", today="2025-05-01")
    assert inv.summarise(report) == {
        "new": 1,
        "unchanged": n - 4,
        "moved": 1,
        "changed": 1,
        "moved_changed": 1,
        "missing": 1,
    }
    run = report.attrs["run"]
    codes = first["code"].values
    after = store.read_inventory()[0].set_index("code")
    assert len(after) == n + 1  # nothing deleted
    gone = after.loc[codes[-1]]
    assert (gone["inv_state"], gone["missing_since"], gone["last_seen"]) == ("missing", "2025-05-01", "2024-05-01")
    assert after.loc[codes[1], "y"] == pytest.approx(first.loc[1, "y"] + 12 * METRE, abs=1e-12)
    assert after.loc[codes[0], "y"] == pytest.approx(first.loc[0, "y"], abs=1e-12)  # within the threshold
    assert after.loc[codes[0], "last_seen"] == "2025-05-01" and after.loc[codes[0], "first_seen"] != "2025-05-01"
    assert after.loc[codes[2], "status"] == "破损" and after.loc[codes[2], "source_file"] == "survey_2025.csv"
    assert after.loc[codes[3], "grid_code"] == "110101001001002"
    added = after.loc["110101010199999"]
    assert (added["inv_state"], added["first_seen"], added["source_row"]) == ("active", "2025-05-01", 9999)

    history = [h for h in store.inventory_history() if h["run_id"] == run]
    by_code = {h["code"]: h for h in history}
    assert {h["change"] for h in history} == {"new", "moved", "changed", "moved_changed", "missing"}
    assert len(history) == 5  # the unchanged parts have no history row
    assert by_code[codes[1]]["changed_fields"] == "source_file,geom"
    assert by_code[codes[1]]["old_y"] == pytest.approx(first.loc[1, "y"], abs=1e-12)
    assert by_code[codes[2]]["changed_fields"] == "source_file,status"
    assert (by_code[codes[2]]["old_values"]["status"], by_code[codes[2]]["new_values"]["status"]) == ("完好", "破损")
    assert by_code[codes[3]]["changed_fields"] == "grid_code,source_file,geom"
    assert by_code[codes[-1]]["changed_fields"] == "inv_state,missing_since"
    assert by_code["110101010199999"]["old_values"] is None
    assert all(h["actor"] == store.user for h in history)
    runs = store.inventory_runs()
    assert runs[-1]["id"] == run and runs[-1]["source"] == "survey_2025.csv"
    assert runs[-1]["base_version"] == runs[-2]["id"] and runs[-1]["survey_day"] == "2025-05-01"
    assert runs[-1]["counts"]["moved_changed"] == 1 and runs[-1]["move_threshold"] == 5.0
    assert store.read_inventory()[2] == run

    # the missing part is found again next year: attributes changed (inv_state), active again
    third = pd.concat([second, first.iloc[[-1]]], ignore_index=True)
    report, _crs = inv.update_inventory(store, third, "EPSG:4490", today="2026-05-01")
    assert inv.summarise(report)["changed"] == 1 and inv.summarise(report)["missing"] == 0
    back = store.read_inventory()[0].set_index("code").loc[codes[-1]]
    assert (back["inv_state"], back["missing_since"]) == ("active", "")
    assert store.inventory_history(codes[-1])[-1]["changed_fields"].startswith("inv_state,missing_since")
    # the nearest-part lookup of the case dock ignores missing parts
    report, _crs = inv.update_inventory(store, second, "EPSG:4490", today="2027-05-01")
    x, y = first.loc[len(first) - 1, ["x", "y"]]
    assert (store.nearest_part(x, y, 0.5) or ("",))[0] != codes[-1]


def test_dry_run_changes_nothing(store):
    before = snapshot(store)
    report, _crs = inv.update_inventory(store, second_survey(first_survey(store)), "EPSG:4490", apply=False)
    assert inv.summarise(report)["new"] == 1 and "run" not in report.attrs
    assert_unchanged(store, before)


def test_failure_half_way_leaves_the_store_untouched(store, monkeypatch):
    inv.update_inventory(store, first_survey(store), "EPSG:4490", today="2024-05-01")
    before = snapshot(store)
    store.inventory_chunk = 40
    calls = {"n": 0}
    original = store._apply_inventory_chunk

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 3:  # two chunks (80 parts) already written in the transaction
            raise OSError("disk full")
        return original(*args)

    monkeypatch.setattr(store, "_apply_inventory_chunk", failing)
    survey = first_survey(store)
    survey["status"] = "破损"
    with pytest.raises(OSError, match="disk full"):
        inv.update_inventory(store, survey, "EPSG:4490", today="2025-05-01")
    assert calls["n"] == 3
    assert_unchanged(store, before)
    monkeypatch.setattr(store, "_apply_inventory_chunk", original)
    report, _crs = inv.update_inventory(store, survey, "EPSG:4490", today="2025-05-01")
    assert inv.summarise(report)["changed"] == len(survey)
    assert set(store.read_inventory()[0]["status"]) == {"破损"}


def test_cancel_half_way_leaves_the_store_untouched(store):
    inv.update_inventory(store, first_survey(store), "EPSG:4490", today="2024-05-01")
    before = snapshot(store)
    store.inventory_chunk = 30
    seen = []
    progress = Progress(report=seen.append, cancelled=lambda: any(v > 60 for v in seen))
    survey = first_survey(store)
    survey["y"] += 50 * METRE
    with pytest.raises(Cancelled):
        inv.update_inventory(store, survey, "EPSG:4490", progress=progress)
    assert any(60 < v < 100 for v in seen)  # cancelled after some chunks were written
    assert_unchanged(store, before)


def test_a_run_on_a_stale_comparison_is_refused(store):
    first = first_survey(store)
    inventory, crs, version = store.read_inventory()
    report = inv.compare(inventory, first, crs)
    inv.update_inventory(store, second_survey(first), "EPSG:4490")  # someone else applied meanwhile
    before = snapshot(store)
    run = inv.InventoryRun(source="late.csv", today="2025-05-01", version=version)
    with pytest.raises(StaleVersionError, match="changed by another run") as info:
        store.apply_inventory_changes(report, first, run)
    assert info.value.code == "GM010" and store.user in str(info.value)
    assert_unchanged(store, before)


def test_a_hand_edit_made_after_the_comparison_is_never_overwritten(store, tmp_path):
    """Compare a survey, a planner edits a part by hand at another desk, then apply: refused (GeoPackage:
    the edit is an edit run, GM010; PostGIS: a hand edit committed outside the compared snapshot, GM035),
    the edit kept; compared again, the run applies."""
    inv.update_inventory(store, first_survey(store), "EPSG:4490", today="2024-05-01")
    survey = first_survey(store)
    inventory, crs, version = store.read_inventory()
    report = inv.compare(inventory, survey, crs)
    code = sorted(inventory["code"])[0]
    desk = second_connection(store, tmp_path)
    try:
        part = desk.get_part(code)
        desk.update_part(code, part["version"], status="破损")
    finally:
        desk.close()
    before = snapshot(store)
    run = inv.InventoryRun(source="late.csv", today="2025-05-01", version=version)
    with pytest.raises(StaleVersionError) as info:
        store.apply_inventory_changes(report, survey, run)
    if store.backend == "postgis":
        assert info.value.code == "GM035" and code in str(info.value) and "edited by hand" in str(info.value)
    else:
        assert info.value.code == "GM010"
    assert_unchanged(store, before)
    assert store.get_part(code)["status"] == "破损"
    # compared again (the edit is now part of what the survey is compared with): applied
    report, _crs = inv.update_inventory(store, survey, "EPSG:4490", today="2025-05-02")
    assert report.attrs.get("run")


def test_a_hand_edit_committed_while_a_run_writes_refuses_the_run(store, tmp_path):
    """A planner saves a part while a (chunked) run is being written, before the run reaches that part:
    the run would write over the edit — it is refused at its end (PostGIS GM035) and the edit kept."""
    if store.backend != "postgis":
        pytest.skip("a GeoPackage run locks the file for writing: no hand edit can commit meanwhile")
    inv.update_inventory(store, first_survey(store), "EPSG:4490", today="2024-05-01")
    survey = first_survey(store)
    survey["status"] = "破损"  # every part changes: the run writes every row
    code = sorted(survey["code"])[-1]  # the last chunk: not yet locked by the run when the planner saves
    store.inventory_chunk = 5
    desk = second_connection(store, tmp_path)
    done = []

    def hand_edit():
        part = desk.get_part(code)
        desk.update_part(code, part["version"], name="手工改名")
        done.append(True)

    def report(_value):
        if not done:
            worker = threading.Thread(target=hand_edit)
            worker.start()
            worker.join(20)

    try:
        inventory, crs, version = store.read_inventory()
        compared = inv.compare(inventory, survey, crs)
        run = inv.InventoryRun(source="long.csv", today="2025-05-01", version=version)
        with pytest.raises(StaleVersionError) as info:  # progress reports come from the chunks written
            store.apply_inventory_changes(compared, survey, run, progress=Progress(report=report))
        assert done and info.value.code == "GM035" and code in str(info.value)
        assert store.get_part(code)["name"] == "手工改名"
    finally:
        desk.close()


def second_connection(store, tmp_path):
    if store.backend == "gpkg":
        return GpkgStore(store.path, user="desk2")
    return PostgisStore(store.dsn)


def test_concurrent_runs_only_one_applies(store, tmp_path):
    other = second_connection(store, tmp_path)
    try:
        first = first_survey(store)
        second = second_survey(first)
        prepared = []
        for st, survey in ((store, first), (other, second)):
            inventory, crs, version = st.read_inventory()
            prepared.append(
                (
                    st,
                    inv.compare(inventory, survey, crs),
                    survey,
                    inv.InventoryRun(source="race", today="2025-05-01", version=version),
                )
            )
        barrier = threading.Barrier(2)
        outcome = {}

        def apply(st, report, survey, run, name):
            barrier.wait()
            try:
                outcome[name] = st.apply_inventory_changes(report, survey, run)
            except StaleVersionError as error:
                outcome[name] = error

        threads = [threading.Thread(target=apply, args=p + (i,)) for i, p in enumerate(prepared)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [v for v in outcome.values() if isinstance(v, int)]
        losers = [v for v in outcome.values() if isinstance(v, StaleVersionError)]
        assert len(winners) == 1 and len(losers) == 1, outcome
        assert store.read_inventory()[2] == winners[0]
        assert [r["id"] for r in store.inventory_runs()][-1] == winners[0]
    finally:
        other.close()


def test_bad_survey_is_refused_naming_file_row_and_field(store):
    before = snapshot(store)
    survey = second_survey(first_survey(store))
    survey.loc[5, "class_code"] = "0999"
    with pytest.raises(InputError, match=r"survey_2025\.csv, row 7, field class_code .*'0999'"):
        inv.update_inventory(store, survey, "EPSG:4490", apply=False)
    survey = second_survey(first_survey(store))
    survey.loc[2, "x"] = 500.0  # not a longitude: a survey in the wrong CRS
    with pytest.raises(InputError, match=r"survey_2025\.csv, row 4, geometry"):
        inv.update_inventory(store, survey, "EPSG:4490", source="s.gpkg")
    survey["source_file"] = ""
    with pytest.raises(InputError, match=r"s\.gpkg, feature 3, geometry"):
        inv.update_inventory(store, survey, "EPSG:4490", source="s.gpkg")
    assert_unchanged(store, before)


def test_bad_survey_message_in_chinese(store, zh_cn):
    survey = second_survey(first_survey(store))
    survey.loc[5, "class_code"] = "0999"
    with pytest.raises(InputError) as info:
        inv.update_inventory(store, survey, "EPSG:4490")
    assert "survey_2025.csv，第 7 行" in str(info.value) and "class_code" in str(info.value)
    assert "0999" in str(info.value) and "部件" in str(info.value)


def test_parts_are_never_deleted_or_changed_outside_a_run(store):
    code = store.read_inventory()[0]["code"].values[0]
    before = snapshot(store)
    if store.backend == "gpkg":
        import sqlite3

        error = sqlite3.Error
        statements = (
            "DELETE FROM parts",
            "UPDATE parts SET status = 'x'",
            "UPDATE part_history SET code = 'x'",
            "DELETE FROM part_history",
            "DELETE FROM inventory_runs",
        )
    else:
        error = psycopg2.Error
        statements = (
            "DELETE FROM gm.parts",
            "UPDATE gm.parts SET status = 'x'",
            "UPDATE gm.part_history SET code = 'x'",
            "DELETE FROM gm.part_history",
            "DELETE FROM gm.inventory_runs",
            "TRUNCATE gm.parts CASCADE",
        )
    for statement in statements:
        with pytest.raises(error):
            if store.backend == "gpkg":
                store.conn.execute(statement)
            else:
                with store.conn.cursor() as cur:
                    cur.execute(statement)
        if store.backend == "postgis":
            store.conn.rollback()
    assert_unchanged(store, before)
    assert store.inventory_history(code)[0]["change"] == "new"
    if store.backend == "gpkg":  # an edit of the parts layer outside an update: checked (issue 14), translated
        with pytest.raises(WorkflowError, match="unknown status") as info:
            store._tx(lambda conn: conn.execute("UPDATE parts SET status = 'x'"))
        assert info.value.code == "GM043"
        with pytest.raises(WorkflowError, match="Parts are never deleted"):
            store._tx(lambda conn: conn.execute("DELETE FROM parts"))
        assert_unchanged(store, before)


def test_migration_extends_an_existing_store(tmp_path, cluster, monkeypatch):
    """A store created before the inventory migration keeps its parts; they become active inventory parts."""
    from gridmanager.grid_manager.store.interface import CaseStore

    files = CaseStore.migration_files
    old = {"gpkg": 3, "postgis": 6}
    dsn = cluster.create_database("inv_upgrade")
    stores = [GpkgStore(tmp_path / "old.gpkg", user="desk"), PostgisStore(dsn)]
    try:
        monkeypatch.setattr(
            CaseStore,
            "migration_files",
            staticmethod(lambda backend: [f for f in files(backend) if f[0] <= old[backend]]),
        )
        for st in stores:
            assert st.migrate() == old[st.backend] and not st.has_inventory()
            st.add_class("part", "0101", "Water supply manhole cover", "上水井盖")
        stores[0].conn.execute(
            "INSERT INTO parts (geom, code, class_code, x, y) VALUES (?, '010100000001', '0101', 116.4, 39.9)", (b"GP",)
        )
        with stores[1].conn.cursor() as cur:
            cur.execute(
                "INSERT INTO gm.parts (code, class_code, geom) VALUES ('010100000001', '0101', "
                "ST_SetSRID(ST_MakePoint(116.4, 39.9), 4490))"
            )
        stores[1].conn.commit()
        monkeypatch.setattr(CaseStore, "migration_files", staticmethod(files))
        for st in stores:
            assert st.migrate() > old[st.backend] and st.has_inventory()
            frame, _crs, version = st.read_inventory()
            assert version == 0 and frame[["code", "inv_state", "status"]].values.tolist() == [
                ["010100000001", "active", ""]
            ]
            survey = frame[list(PART_FIELDS) + ["x", "y"]].assign(status="完好")
            report, _crs = inv.update_inventory(st, survey, "EPSG:4490")
            assert inv.summarise(report)["changed"] == 1
            assert st.inventory_history()[0]["old_values"]["status"] == ""
    finally:
        for st in stores:
            st.close()
        cluster.drop_database("inv_upgrade")


# -- PostGIS roles: each role logs in ------------------------------------------------------------------
@pytest.fixture(scope="module")
def roles_db(cluster):
    dsn = cluster.create_database("inv_roles")
    admin = PostgisStore(dsn)
    admin.migrate()
    seed_reference(admin)
    for login, role in USERS.items():
        admin.create_user(login, role)
    yield admin
    admin.close()
    cluster.drop_database("inv_roles")


def test_only_planners_write_the_inventory(cluster, roles_db):
    admin = roles_db
    first = first_survey(admin)
    for login, role in USERS.items():
        st = PostgisStore(cluster.dsn("inv_roles", user=login))
        try:
            assert st.can_write_inventory() == (role == "planner")
            assert st.my_roles() == ([] if role == "planner" else [role])
            frame, _crs, _version = st.read_inventory()  # everyone reads the inventory and its history
            assert len(frame) == len(first) and st.inventory_history() and st.inventory_runs()
            report, _crs = inv.update_inventory(st, first, "EPSG:4490", apply=False)  # and may compare
            if role == "planner":
                continue
            before = snapshot(admin)
            with pytest.raises(WorkflowError, match="not allowed to act as 'planner'"):
                inv.update_inventory(st, first, "EPSG:4490")
            with pytest.raises(WorkflowError, match="not allowed to act as 'planner'"):
                st.apply_inventory_changes(report, first, inv.InventoryRun())
            for statement in (
                "UPDATE gm.parts SET status = 'x'",
                "INSERT INTO gm.parts (code, class_code, geom) VALUES ('1', '0101', "
                "ST_SetSRID(ST_MakePoint(116.4, 39.9), 4490))",
                "INSERT INTO gm.part_history (run_id, code, change, actor, at, new_values, geom) "
                "SELECT 1, 'x', 'new', 'x', now(), '{}', geom FROM gm.parts LIMIT 1",
                "UPDATE gm.inventory_state SET version = 0",
            ):
                with st.conn.cursor() as cur, pytest.raises(psycopg2.Error) as info:
                    cur.execute(statement)
                assert info.value.pgcode == "42501", statement
                st.conn.rollback()
            assert_unchanged(admin, before)
        finally:
            st.close()

    planner = PostgisStore(cluster.dsn("inv_roles", user="plan_zhou"))
    try:
        report, _crs = inv.update_inventory(planner, first, "EPSG:4490", source="survey_2024.csv")
        assert inv.summarise(report)["changed"] == len(first)
        runs = admin.inventory_runs()
        assert runs[-1]["actor"] == "plan_zhou"
        assert {h["actor"] for h in admin.inventory_history() if h["run_id"] == runs[-1]["id"]} == {"plan_zhou"}
        before = snapshot(admin)
        code = first["code"].values[0]
        # even a planner: no delete, no code change, no forged history; outside a run only the checked hand
        # edits of issue 14 (an unknown status is refused)
        for statement, expected in (
            ("DELETE FROM gm.parts WHERE code = %s", "GM012"),
            ("UPDATE gm.parts SET code = 'x' WHERE code = %s", "GM040"),
            ("UPDATE gm.part_history SET change = 'x' WHERE code = %s", "42501"),
            (
                "INSERT INTO gm.part_history (run_id, code, change, actor, at, new_values, geom) SELECT 1, code, "
                "'new', 'x', now(), '{}', geom FROM gm.parts WHERE code = %s",
                "42501",
            ),
            ("UPDATE gm.parts SET status = 'x' WHERE code = %s", "GM043"),
            (
                "SELECT set_config('gm.inventory_run', '1', true); UPDATE gm.parts SET status = 'x' WHERE code = %s",
                "GM043",
            ),
        ):
            with planner.conn.cursor() as cur, pytest.raises(psycopg2.Error) as info:
                cur.execute(statement, (code,))
            assert info.value.pgcode == expected, statement
            planner.conn.rollback()
        assert_unchanged(admin, before)
        with pytest.raises(StoreError, match="Parts are never deleted"):
            planner._run(lambda cur: cur.execute("DELETE FROM gm.parts"))
    finally:
        planner.close()


# -- gridmanager:updateinventory on the shared store through a QGIS connection -----------------------------
def write_survey(path, survey, crs="EPSG:4548"):
    """A survey file in Gauss-Krüger (as importparts writes it) from a lon/lat survey frame."""
    import geopandas as gpd
    import pyogrio
    import shapely

    frame = gpd.GeoDataFrame(
        survey.drop(columns=["x", "y"]),
        geometry=shapely.points(survey["x"].values, survey["y"].values),
        crs="EPSG:4490",
    )
    pyogrio.write_dataframe(frame.to_crs(crs), str(path), layer="parts")
    return str(path)


def save_connection(name, cluster, user, dbname="inv_roles"):
    from qgis.core import QgsProviderRegistry

    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = "host=127.0.0.1 port={} dbname='{}' user='{}'".format(cluster.port, dbname, user)
    metadata.saveConnection(metadata.createConnection(uri, {"saveUsername": True, "savePassword": False}), name)


def drop_connections(*names):
    from qgis.core import QgsProviderRegistry

    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    for name in names:
        metadata.deleteConnection(name)


def test_algorithm_updates_the_shared_store(run_alg, cluster, roles_db, tmp_path):
    from qgis.core import QgsProcessingException

    admin = roles_db
    save_connection("gm_test_planner", cluster, "plan_zhou")
    save_connection("gm_test_viewer", cluster, "view_feng")
    save_connection("gm_test_nostore", cluster, "postgres", dbname="postgres")
    try:
        first = first_survey(admin)
        inv.update_inventory(admin, first, "EPSG:4490", today="2024-05-01")
        second = second_survey(first)
        path = write_survey(tmp_path / "survey_2025.gpkg", second)
        params = {
            "INPUT": path,
            "STORE_CONNECTION": "gm_test_viewer",
            "MOVE_THRESHOLD": 5.0,
            "APPLY": False,
            "OUTPUT": str(tmp_path / "dry.gpkg"),
        }
        before = snapshot(admin)
        dry, _fb = run_alg("gridmanager:updateinventory", params)  # a viewer may compare (dry run)
        expected = {"NEW": 1, "UNCHANGED": len(first) - 4, "MOVED": 1, "CHANGED": 1, "MOVED_CHANGED": 1, "MISSING": 1}
        assert {k: dry[k] for k in expected} == expected
        with pytest.raises(QgsProcessingException, match="not allowed to act as 'planner'"):
            run_alg("gridmanager:updateinventory", dict(params, APPLY=True))
        assert_unchanged(admin, before)

        results, feedback = run_alg(
            "gridmanager:updateinventory",
            dict(params, STORE_CONNECTION="gm_test_planner", APPLY=True, OUTPUT=str(tmp_path / "report.gpkg")),
        )
        assert {k: results[k] for k in expected} == expected
        run = admin.inventory_runs()[-1]
        assert run["actor"] == "plan_zhou" and "survey_2025.gpkg" in run["source"]
        assert any(
            "case store 'gm_test_planner' was updated (run {})".format(run["id"]) in line for line in feedback.log
        )
        import pyogrio

        report = pyogrio.read_dataframe(results["OUTPUT"])
        assert report.crs.to_epsg() == 4490 and len(report) == len(first) + 1
        assert admin.read_inventory()[0].set_index("code").loc[first["code"].values[-1], "inv_state"] == "missing"

        for bad, message in (
            (dict(params, INVENTORY=str(tmp_path / "inventory.gpkg")), "not both"),
            (dict(params, STORE_CONNECTION=None), "Choose the inventory GeoPackage or the shared case store"),
            (dict(params, STORE_CONNECTION="gm_no_such_connection"), "does not exist"),
            (dict(params, STORE_CONNECTION="gm_test_nostore"), "holds no case store"),
        ):
            with pytest.raises(QgsProcessingException, match=message):
                run_alg("gridmanager:updateinventory", bad)
    finally:
        drop_connections("gm_test_planner", "gm_test_viewer", "gm_test_nostore")


def test_algorithm_on_a_geopackage_case_store(run_alg, tmp_path):
    path = tmp_path / "desk.gpkg"
    st = GpkgStore(path, user="desk")
    st.migrate()
    seed_reference(st)
    first = first_survey(st)
    st.close()
    params = {
        "INPUT": write_survey(tmp_path / "s1.gpkg", first),
        "INVENTORY": str(path),
        "APPLY": True,
        "OUTPUT": str(tmp_path / "r1.gpkg"),
    }
    results, _fb = run_alg("gridmanager:updateinventory", params)
    assert results["CHANGED"] == len(first) and results["NEW"] == 0
    results, _fb = run_alg(
        "gridmanager:updateinventory",
        dict(params, INPUT=write_survey(tmp_path / "s2.gpkg", second_survey(first)), OUTPUT=str(tmp_path / "r2.gpkg")),
    )
    assert (results["NEW"], results["MOVED"], results["MISSING"]) == (1, 1, 1)
    st = GpkgStore(path)
    try:
        assert [Path(r["source"].split("|")[0]).name for r in st.inventory_runs()] == [
            "add_parts",
            "s1.gpkg",
            "s2.gpkg",
        ]
        assert len(st.read_inventory()[0]) == len(first) + 1
    finally:
        st.close()


def committed_runs(store):
    """Runs another connection sees (committed ones only)."""
    other = GpkgStore(store.path, user="reader") if store.backend == "gpkg" else PostgisStore(store.dsn)
    try:
        return len(other.inventory_runs())
    finally:
        other.close()


def test_change_report_is_written_inside_the_transaction(store):
    """Issue 17: the change report is written after every change and before the commit — a report that
    cannot be written leaves no run, no history row and no changed part behind."""
    inv.update_inventory(store, first_survey(store), "EPSG:4490", today="2024-05-01")
    before = snapshot(store)
    survey = second_survey(first_survey(store))
    seen = {}

    def write_report(report, crs):
        seen["runs_visible"] = committed_runs(store)  # the run is not committed yet
        seen["run"] = report.attrs.get("run")
        seen["rows"] = len(report)

    report, _crs = inv.update_inventory(store, survey, "EPSG:4490", write_report=write_report)
    assert seen["runs_visible"] == before[3] and seen["rows"] == len(report)
    assert seen["run"] == report.attrs["run"] == store.inventory_runs()[-1]["id"]
    assert committed_runs(store) == before[3] + 1

    before = snapshot(store)
    survey["status"] = "丢失"

    def failing(report, crs):
        raise InputError("Cannot write /no/such/folder/report.gpkg: No such file or directory")

    with pytest.raises(InputError, match="Cannot write /no/such/folder"):
        inv.update_inventory(store, survey, "EPSG:4490", write_report=failing)
    assert_unchanged(store, before)  # parts, version, history rows and runs: nothing left behind


def test_cancel_before_the_report_rolls_back_and_never_after(store, monkeypatch):
    inv.update_inventory(store, first_survey(store), "EPSG:4490", today="2024-05-01")
    before = snapshot(store)
    survey = first_survey(store)
    survey["status"] = "破损"
    cancelled = {"now": False}
    progress = Progress(cancelled=lambda: cancelled["now"])

    def cancel_then_write(report, crs):
        cancelled["now"] = True  # the user presses Cancel while the report is being written

    # a cancel that arrives before the report is written: everything rolled back
    compare = inv.compare

    def cancel_in_compare(*args, **kwargs):
        cancelled["now"] = True
        return compare(*args, **kwargs)

    monkeypatch.setattr(inv, "compare", cancel_in_compare)
    with pytest.raises(Cancelled):
        inv.update_inventory(store, survey, "EPSG:4490", progress=progress, write_report=cancel_then_write)
    assert_unchanged(store, before)
    monkeypatch.setattr(inv, "compare", compare)
    # a cancel that arrives while the report is written: the run is committed, never half-reported
    cancelled["now"] = False
    report, _crs = inv.update_inventory(store, survey, "EPSG:4490", progress=progress, write_report=cancel_then_write)
    assert cancelled["now"] and report.attrs["run"] == store.inventory_runs()[-1]["id"]
    assert snapshot(store)[3] == before[3] + 1 and set(store.read_inventory()[0]["status"]) == {"破损"}


def test_algorithm_on_a_case_store_leaves_no_run_when_the_report_fails(run_alg, tmp_path, monkeypatch):
    """Issue 17: through Processing, a change report that cannot be written (or that would go into the
    case store file) leaves no run, no history row and no changed part in the GeoPackage case store."""
    from qgis.core import QgsProcessingException

    from gridmanager.processing.algorithms import update_inventory as alg

    path = tmp_path / "desk.gpkg"
    st = GpkgStore(path, user="desk")
    st.migrate()
    seed_reference(st)
    first = first_survey(st)
    st.close()
    params = {"INPUT": write_survey(tmp_path / "s1.gpkg", first), "INVENTORY": str(path), "APPLY": True}
    run_alg("gridmanager:updateinventory", dict(params, OUTPUT=str(tmp_path / "r1.gpkg")))
    st = GpkgStore(path)
    before = snapshot(st)
    st.close()
    second = dict(params, INPUT=write_survey(tmp_path / "s2.gpkg", second_survey(first)))
    with pytest.raises(QgsProcessingException, match="would be written into the inventory"):
        run_alg("gridmanager:updateinventory", dict(second, OUTPUT=str(path) + "|layername=report"))

    def disk_full(*args, **kwargs):
        raise InputError("Cannot write {}: disk full".format(tmp_path / "r2.gpkg"))

    monkeypatch.setattr(alg, "write_parts", disk_full)
    with pytest.raises(
        QgsProcessingException, match="disk full Nothing was applied: the inventory .*desk.gpkg was not"
    ):
        run_alg("gridmanager:updateinventory", dict(second, OUTPUT=str(tmp_path / "r2.gpkg")))
    st = GpkgStore(path)
    try:
        assert_unchanged(st, before)
    finally:
        st.close()
