"""Part editing by planners (issue 14): codes made by the store, derived fields, checks, versions, history
and restore — in BOTH store backends (PostGIS: real logins of every role on the throwaway cluster; the
QGIS PostGIS provider as a planner uses it; 4 desks inserting at once)."""

import importlib.util
import re
import threading
import time
from pathlib import Path

import psycopg2
import pytest

from gridmanager.grid_manager.store import StoreError, WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import StaleVersionError, refusal_message, workflow_message
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import CELL, ORIGIN, grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

PLANNERS = ("pe_plan_a", "pe_plan_b", "pe_plan_c", "pe_plan_d")
OTHERS = {
    "pe_insp": "inspector",
    "pe_sup": "supervision",
    "pe_cmd": "command",
    "pe_dep": "department",
    "pe_view": "viewer",
    "pe_surv": "surveyor",
}
# the first grid of the sample (community 110101001001, street 110101001): its centre
X0, Y0 = ORIGIN[0] + CELL / 2, ORIGIN[1] + 1.5 * CELL
GRID0 = grid_squares()[0][0]


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


def _users(admin):
    for login in PLANNERS:
        admin.create_user(login, "planner")
    for login, role in OTHERS.items():
        admin.create_user(
            login,
            role,
            department="sz" if role == "department" else None,
            streets=["110101001"] if role == "surveyor" else None,
        )


@pytest.fixture
def pg(request, cluster):
    """(admin store, dsn of the database) — a fresh seeded database with the users."""
    name = "pe_" + request.node.name.split("[")[0][-40:].lower()
    dsn = cluster.create_database(name)
    admin = PostgisStore(dsn)
    admin.migrate()
    seed_reference(admin)
    _users(admin)
    yield admin, name
    admin.close()
    cluster.drop_database(name)


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path):
    """A planner's store: the desk user of a GeoPackage, or a planner login of the shared store."""
    if request.param == "gpkg":
        st = GpkgStore(tmp_path / "cases.gpkg", user="desk")
        st.migrate()
        seed_reference(st)
        st.admin_store = st
        yield st
        st.close()
    else:
        admin, name = request.getfixturevalue("pg")
        st = PostgisStore(request.getfixturevalue("cluster").dsn(name, user=PLANNERS[0]))
        st.admin_store = admin
        yield st
        st.close()


def serial_of(code, length):
    return int(code[-length:])


# -- codes -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "scheme, county, class_code, pattern",
    [
        ("survey12", "", "0101", r"^0101\d{8}$"),
        ("gbt30428", "", "0101", r"^1101010101\d{6}$"),
        ("gbt30428", "320508", "0118", r"^3205080118\d{6}$"),
        ("gbt47678", "", "01018", r"^11010101018\d{6}$"),
    ],
)
def test_codes_of_every_scheme(store, scheme, county, class_code, pattern):
    admin = store.admin_store
    admin.add_class("part", "01018", "Fire hydrant (GB/T 47678.5)", "消防栓")  # a 5-digit class is accepted
    admin.set_part_code_scheme(scheme, county)
    assert store.part_code_scheme() == (scheme, county)
    serial_len = 8 if scheme == "survey12" else 6
    prefix = pattern[1:].split("\\d")[0]
    before = [
        c for c in admin.read_inventory()[0]["code"] if c.startswith(prefix) and len(c) == len(prefix) + serial_len
    ]
    start = max([serial_of(c, serial_len) for c in before], default=0)
    codes = [store.insert_part(class_code, X0, Y0, name="lamp %d" % i)["code"] for i in range(3)]
    assert all(re.match(pattern, c) for c in codes), codes
    assert [serial_of(c, serial_len) for c in codes] == [start + 1, start + 2, start + 3]
    part = store.get_part(codes[0])
    assert part["class_code"] == class_code and part["major"] == "01" and part["minor"] == class_code[2:]
    assert part["major_zh"] == "公用设施" and part["major_en"] == "Public utilities"
    assert part["status"] == "完好" and part["version"] == 1 and part["last_change"] == "add"


def test_class_digits_must_match_the_scheme(store):
    store.admin_store.add_class("part", "01018", "Fire hydrant", "消防栓")
    with pytest.raises(WorkflowError, match="5-digit classes|4-digit classes") as info:
        store.insert_part("01018", X0, Y0)  # default scheme survey12: 4-digit classes
    assert info.value.code == "GM042" and "01018" in str(info.value)
    store.admin_store.set_part_code_scheme("gbt47678")
    with pytest.raises(WorkflowError) as info:
        store.insert_part("0101", X0, Y0)
    assert info.value.code == "GM042" and "5-digit" in str(info.value)
    with pytest.raises(WorkflowError, match="not in the class catalogue") as info:
        store.insert_part("09999", X0, Y0)


def test_a_copied_code_is_replaced(store):
    existing = store.admin_store.read_inventory()[0]["code"].values[0]
    if store.backend == "postgis":
        with store.conn.cursor() as cur:  # what a pasted feature sends: its old code
            cur.execute(
                "INSERT INTO gm.parts (code, class_code, geom) VALUES (%s, '0101', "
                "ST_SetSRID(ST_MakePoint(%s, %s), 4490)) RETURNING code",
                (existing, X0, Y0),
            )
            new = cur.fetchone()[0]
        store.conn.commit()
    else:
        new = store.insert_part("0101", X0, Y0)["code"]
    assert new != existing and re.match(r"^0101\d{8}$", new)


# -- derived fields ------------------------------------------------------------------------------------------
def test_grid_community_street_after_insert_and_after_a_move(store):
    part = store.insert_part("0118", X0, Y0, name="新路灯")
    assert (part["grid_code"], part["community_code"], part["street_code"]) == (GRID0, "110101001001", "110101001")
    assert part["class_zh"] == "路灯" and part["class_en"] == "Street lamp"
    # move into the 4th community (隆福寺, street 景山 110101002)
    code, community, _wkt = grid_squares()[15]  # community 4, south-east grid
    x = ORIGIN[0] + 6 * CELL + 1.5 * CELL
    y = ORIGIN[1] + 0.5 * CELL
    moved = store.update_part(part["code"], part["version"], x=x, y=y)
    assert (moved["grid_code"], moved["community_code"], moved["street_code"]) == (code, community, "110101002")
    assert moved["version"] == 2 and moved["code"] == part["code"]
    history = store.part_history(part["code"])
    assert [h["change"] for h in history] == ["add", "edit"]
    assert "geom" in history[-1]["changed_fields"] and "grid_code" in history[-1]["changed_fields"]
    assert history[-1]["old_x"] == pytest.approx(X0) and history[-1]["x"] == pytest.approx(x)
    assert history[-1]["old_values"]["grid_code"] == GRID0 and history[-1]["new_values"]["grid_code"] == code


def test_a_point_on_a_shared_boundary_goes_to_the_smallest_grid_code(store):
    # the boundary between the first two grids of community 110101001001 (serials 001 | 002)
    x = ORIGIN[0] + CELL
    part = store.insert_part("0101", x, Y0)
    assert part["grid_code"] == grid_squares()[0][0] < grid_squares()[1][0]
    # a corner shared by four grids
    corner = store.insert_part("0101", x, ORIGIN[1] + CELL)
    assert corner["grid_code"] == min(g for g, _c, _w in grid_squares()[:4])


def test_a_point_outside_every_grid_is_refused(store):
    with pytest.raises(WorkflowError, match="lies in no grid") as info:
        store.insert_part("0101", ORIGIN[0] - 0.01, ORIGIN[1] - 0.01)
    assert info.value.code == "GM045"


# -- checks ---------------------------------------------------------------------------------------------------
def test_status_and_owner_checked_and_retire(store):
    part = store.insert_part("0305", X0, Y0, owner_dept="sz")
    with pytest.raises(WorkflowError, match="unknown status 'broken'") as info:
        store.update_part(part["code"], part["version"], status="broken")
    assert info.value.code == "GM043"
    with pytest.raises(WorkflowError, match="not a department") as info:
        store.update_part(part["code"], part["version"], owner_dept="nobody")
    assert info.value.code == "GM044"
    damaged = store.update_part(part["code"], part["version"], status="破损")
    assert damaged["status"] == "破损" and damaged["version"] == 2
    retired = store.retire_part(part["code"], damaged["version"], retired_on="2026-11-30")
    assert retired["status"] == "注销" and retired["retired_on"] == "2026-11-30" and retired["version"] == 3
    assert [h["change"] for h in store.part_history(part["code"])] == ["add", "edit", "retire"]
    again = store.update_part(part["code"], retired["version"], status="完好")  # a mistaken retirement undone
    assert again["retired_on"] is None


def test_the_code_cannot_be_changed(store):
    part = store.insert_part("0101", X0, Y0)
    if store.backend == "postgis":
        with pytest.raises(psycopg2.Error) as info, store.conn.cursor() as cur:
            cur.execute("UPDATE gm.parts SET code = '010199999999' WHERE code = %s", (part["code"],))
        store.conn.rollback()
        assert info.value.pgcode == "GM040"
        with pytest.raises(WorkflowError, match="cannot be changed"):
            store._run(lambda cur: cur.execute("UPDATE gm.parts SET code = 'x' WHERE code = %s", (part["code"],)))
    with pytest.raises(WorkflowError, match="kind"):  # the API writes only the fields a planner keeps
        store.update_part(part["code"], part["version"], kind="event")
    assert store.get_part(part["code"])["version"] == 1


def test_parts_are_never_deleted(store):
    part = store.insert_part("0101", X0, Y0)
    with pytest.raises(WorkflowError, match="retire a part instead"):
        if store.backend == "postgis":
            store._run(lambda cur: cur.execute("DELETE FROM gm.parts WHERE code = %s", (part["code"],)))
        else:
            store._tx(lambda conn: conn.execute("DELETE FROM parts WHERE code = ?", (part["code"],)))
    assert store.get_part(part["code"]) is not None


# -- versions -------------------------------------------------------------------------------------------------
def test_a_save_from_an_older_version_is_refused_naming_who(store, request):
    part = store.insert_part("0101", X0, Y0)
    if store.backend == "postgis":
        admin, name = request.getfixturevalue("pg")
        other = PostgisStore(request.getfixturevalue("cluster").dsn(name, user=PLANNERS[1]))
        other_login = PLANNERS[1]
    else:
        other = GpkgStore(store.path, user="desk_b")
        other_login = "desk_b"
    try:
        changed = other.update_part(part["code"], part["version"], name="改过的")
        assert changed["version"] == 2
        with pytest.raises(StaleVersionError) as info:
            store.update_part(part["code"], part["version"], name="mine")
        assert info.value.code == "GM041"
        text = str(info.value)
        assert other_login in text and "version 2" in text and "version 1" in text and part["code"] in text
        assert store.get_part(part["code"])["name"] == "改过的"  # nothing silently overwritten
    finally:
        other.close()


def test_history_for_every_change_and_a_restore(store):
    part = store.insert_part("0402", X0, Y0, name="槐树", owner_dept="yl")
    v2 = store.update_part(part["code"], 1, name="国槐", status="破损")
    v3 = store.update_part(part["code"], 2, x=X0 + CELL / 10, y=Y0)
    history = store.part_history(part["code"])
    assert [(h["change"], h["version"]) for h in history] == [("add", 1), ("edit", 2), ("edit", 3)]
    assert all(h["run_id"] is None or store.backend == "gpkg" for h in history)
    assert history[1]["changed_fields"] == "name,status"
    assert history[1]["old_values"]["name"] == "槐树" and history[1]["new_values"]["name"] == "国槐"
    assert {h["actor"] for h in history} == {store.user}
    assert v2["version"] == 2 and v3["version"] == 3
    # back to the first version: values and position
    version = store.restore_part(part["code"], history[0]["id"], expected_version=3)
    assert version == 4
    restored = store.get_part(part["code"])
    assert (restored["name"], restored["status"]) == ("槐树", "完好")
    assert restored["x"] == pytest.approx(X0) and restored["last_change"] == "restore"
    last = store.part_history(part["code"])[-1]
    assert (last["change"], last["version"], last["restored_from"]) == ("restore", 4, history[0]["id"])
    with pytest.raises(StaleVersionError):
        store.restore_part(part["code"], history[1]["id"], expected_version=3)
    other = store.insert_part("0101", X0, Y0)
    with pytest.raises(WorkflowError, match="not a change of this part"):
        store.restore_part(other["code"], history[0]["id"])


def test_survey_runs_still_write_history_and_count_versions(store):
    from gridmanager.grid_manager.parts import inventory as inv
    from gridmanager.grid_manager.parts.survey_import import PART_FIELDS

    part = store.insert_part("0101", X0, Y0, name="手工")
    frame, _crs, _version = store.read_inventory()
    survey = frame[list(PART_FIELDS) + ["x", "y"]].copy()
    survey.loc[survey["code"] == part["code"], "status"] = "破损"
    report, _crs = inv.update_inventory(store, survey, "EPSG:4490", source="survey.csv")
    assert inv.summarise(report)["changed"] >= 1
    after = store.get_part(part["code"])
    assert after["status"] == "破损" and after["version"] == 2
    history = store.part_history(part["code"])
    assert [h["change"] for h in history] == ["add", "changed"] and history[-1]["run_id"] is not None


def test_messages_in_chinese(zh_cn):
    text = workflow_message(
        "GM041", {"part": "010100000001", "actor": "zhou", "at": "2026-12-01 10:00:00", "current": 3, "expected": 2}
    )
    assert "010100000001" in text and "zhou" in text and "部件" in text
    assert "注销" in workflow_message("GM012", {})


# -- PostGIS: roles ------------------------------------------------------------------------------------------
def test_every_other_role_is_refused(cluster, pg):
    admin, name = pg
    code = admin.read_inventory()[0]["code"].values[0]
    for login in OTHERS:
        st = PostgisStore(cluster.dsn(name, user=login))
        try:
            assert st.get_part(code)["code"] == code  # everyone reads
            assert st.part_history(code)
            with pytest.raises(StoreError, match="[Pp]ermission denied"):
                st.insert_part("0101", X0, Y0)
            with pytest.raises(StoreError, match="[Pp]ermission denied"):
                st.update_part(code, 1, name="x")
            with pytest.raises(StoreError, match="[Pp]ermission denied"):
                st._run(lambda cur: cur.execute("DELETE FROM gm.parts WHERE code = %s", (code,)))
            with pytest.raises(StoreError):
                st.restore_part(code, st.part_history(code)[0]["id"])
            with pytest.raises(StoreError, match="[Pp]ermission denied"):
                st._run(
                    lambda cur: cur.execute("INSERT INTO gm.part_photos (part_code, bytes) VALUES (%s, 'x')", (code,))
                )
        finally:
            st.close()
    assert admin.get_part(code)["version"] == 1
    # a disabled planner: refused by the store's own check as well
    admin.disable_user(PLANNERS[3])
    admin.enable_user(PLANNERS[3])
    planner = PostgisStore(cluster.dsn(name, user=PLANNERS[3]))
    try:
        admin._run(
            lambda cur: cur.execute("UPDATE gm.store_users SET enabled = false WHERE login = %s", (PLANNERS[3],))
        )
        with pytest.raises(WorkflowError, match="not allowed to act as 'planner'"):
            planner.insert_part("0101", X0, Y0)
    finally:
        planner.close()


def test_photos_planner_writes_everyone_reads(cluster, pg):
    admin, name = pg
    code = admin.read_inventory()[0]["code"].values[0]
    planner = PostgisStore(cluster.dsn(name, user=PLANNERS[0]))
    viewer = PostgisStore(cluster.dsn(name, user="pe_view"))
    try:
        planner._run(
            lambda cur: cur.execute(
                "INSERT INTO gm.part_photos (part_code, mime, bytes, note, actor) VALUES (%s, 'image/png', %s, 'n', 'x')",
                (code, psycopg2.Binary(b"\x89PNG...")),
            )
        )
        rows = viewer._select("SELECT part_code, actor, mime, note FROM gm.part_photos")
        assert rows == [{"part_code": code, "actor": PLANNERS[0], "mime": "image/png", "note": "n"}]
    finally:
        planner.close()
        viewer.close()


# -- PostGIS: 4 desks at once ---------------------------------------------------------------------------------
def test_four_desks_insert_500_parts_each_at_once(cluster, pg):
    admin, name = pg
    admin.set_part_code_scheme("gbt30428")
    classes = ("0101", "0118")
    before = set(admin.read_inventory()[0]["code"])
    start = {c: max([serial_of(x, 6) for x in before if x.startswith("110101" + c)], default=0) for c in classes}
    errors, done = [], {}
    barrier = threading.Barrier(len(PLANNERS))

    def desk(login, n=500):
        try:
            conn = psycopg2.connect(cluster.dsn(name, user=login))
            barrier.wait()
            got = []
            with conn.cursor() as cur:
                for i in range(n):
                    x = ORIGIN[0] + (i % 47 + 0.5) * CELL * 12 / 47
                    cur.execute(
                        "INSERT INTO gm.parts (class_code, geom) VALUES (%s, ST_SetSRID(ST_MakePoint(%s, %s), 4490)) "
                        "RETURNING code, grid_code",
                        (classes[i % 2], x, ORIGIN[1] + CELL / 3),
                    )
                    got.append(cur.fetchone())
                    conn.commit()
            conn.close()
            done[login] = got
        except Exception as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=desk, args=(login,)) for login in PLANNERS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    rows = [r for got in done.values() for r in got]
    codes = [c for c, _g in rows]
    assert len(rows) == 2000 and len(set(codes)) == 2000
    assert all(re.match(r"^1101010(101|118)\d{6}$", c) for c in codes)
    assert all(g for _c, g in rows)
    for c in classes:  # each serial the previous maximum + 1: no gap, no duplicate
        serials = sorted(serial_of(x, 6) for x in codes if x[6:10] == c)
        assert serials == list(range(start[c] + 1, start[c] + 1001))
    for got in done.values():  # and in the order each desk got them
        for c in classes:
            mine = [serial_of(x, 6) for x, _g in got if x[6:10] == c]
            assert mine == sorted(mine)
    history = admin._select("SELECT count(*) AS n FROM gm.part_history WHERE change = 'add' AND run_id IS NULL")
    assert history[0]["n"] == 2000


def test_desks_saving_several_classes_at_once(cluster, pg):
    """QGIS saves all the new features of a desk in one transaction, in its own order of classes: two saves
    taking the same counter rows in opposite order may deadlock; PostgreSQL refuses one (translated: save
    again), nothing is numbered twice and no serial is lost."""
    admin, name = pg
    errors, codes, retries = [], [], []
    barrier = threading.Barrier(len(PLANNERS))
    classes = ("0101", "0102", "0118", "0305")

    def desk(k, login):
        try:
            store = PostgisStore(cluster.dsn(name, user=login))
            barrier.wait()
            for batch in range(3):
                order = [classes[(i + k + batch) % 4 if k % 2 else 3 - (i + batch) % 4] for i in range(8)]

                def save(cur, order=order):
                    got = []
                    for cls in order:
                        cur.execute(
                            "INSERT INTO gm.parts (class_code, geom) VALUES (%s, ST_SetSRID(ST_MakePoint(%s, %s), "
                            "4490)) RETURNING code",
                            (cls, X0, Y0),
                        )
                        got.append(cur.fetchone()["code"])
                    return got

                while True:
                    try:
                        codes.extend(store._run(save))
                        break
                    except StoreError as error:
                        assert "Save again" in str(error), error
                        retries.append(str(error))
            store.close()
        except Exception as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=desk, args=(k, login)) for k, login in enumerate(PLANNERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(codes) == 96 and len(set(codes)) == 96
    for cls in classes:  # a refused save rolled its serials back: none lost
        serials = sorted(serial_of(c, 8) for c in codes if c.startswith(cls))
        assert serials == list(range(1, len(serials) + 1))
    for message in retries:  # the same sentence as a deadlock in layer.commitErrors() gets
        assert message == refusal_message("ERROR:  deadlock detected\nDETAIL:  Process 1 waits for ShareLock")


def test_a_class_before_one_held_is_taken_without_waiting(cluster, pg):
    """Ordered key locks: desk B holds 0305 and needs 0118, which desk A is numbering now: B is refused at
    once (GM049) instead of waiting (which could deadlock); in code order B would simply wait."""
    admin, name = pg
    a = psycopg2.connect(cluster.dsn(name, user=PLANNERS[0]))
    b = PostgisStore(cluster.dsn(name, user=PLANNERS[1]))
    insert = (
        "INSERT INTO gm.parts (class_code, geom) VALUES (%s, ST_SetSRID(ST_MakePoint(%s, %s), 4490)) RETURNING code"
    )
    try:
        with a.cursor() as cur:
            cur.execute(insert, ("0118", X0, Y0))  # A's save is open: it holds 0118
            held = cur.fetchone()[0]

        def out_of_order(cur):
            cur.execute(insert, ("0305", X0, Y0))
            cur.execute(insert, ("0118", X0, Y0))

        started = time.monotonic()
        with pytest.raises(WorkflowError, match="Save again") as info:
            b._run(out_of_order)
        assert info.value.code == "GM049" and time.monotonic() - started < 5
        a.commit()
        codes = b._run(
            lambda cur: [cur.execute(insert, (c, X0, Y0)) or cur.fetchone()["code"] for c in ("0305", "0118")]
        )
        assert codes[1] == held[:-8] + "%08d" % (int(held[-8:]) + 1)  # nothing lost to the refused save
        assert codes[0].endswith("%08d" % 1)
    finally:
        a.close()
        b.close()


# -- PostGIS: through QGIS, as a planner edits -----------------------------------------------------------------
def test_qgis_layer_edits_as_a_planner(cluster, pg, qgis_app):
    from qgis.core import QgsDataSourceUri, QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    admin, name = pg
    uri = QgsDataSourceUri()
    uri.setConnection("127.0.0.1", str(cluster.port), name, PLANNERS[0], "")
    uri.setDataSource("gm", "parts", "geom", "", "code")
    layer = QgsVectorLayer(uri.uri(False), "parts", "postgres")
    assert layer.isValid()
    count = layer.featureCount()
    fields = layer.fields()
    # a new part: code left empty, as the form leaves it
    feature = QgsFeature(fields)
    feature.setAttribute("class_code", "0118")
    feature.setAttribute("name", "QGIS 路灯")
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0, Y0)))
    assert layer.startEditing()
    assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    layer.reload()
    assert layer.featureCount() == count + 1
    new = [f for f in layer.getFeatures() if f["name"] == "QGIS 路灯"]
    assert len(new) == 1 and re.match(r"^0118\d{8}$", new[0]["code"]) and new[0]["grid_code"] == GRID0
    # an attribute-table edit of the status
    fid = new[0].id()
    assert layer.startEditing()
    assert layer.changeAttributeValue(fid, fields.indexOf("status"), "破损")
    assert layer.commitChanges(), layer.commitErrors()
    assert admin.get_part(new[0]["code"])["status"] == "破损"
    assert admin.get_part(new[0]["code"])["version"] == 2
    # a refused edit: the reason reaches commitErrors(), translated, and the edit is kept in the buffer
    assert layer.startEditing()
    assert layer.changeAttributeValue(fid, fields.indexOf("status"), "gone")
    assert not layer.commitChanges()
    errors = "\n".join(layer.commitErrors())
    assert "GM043" in errors
    assert refusal_message(
        errors
    ) == "Part {}: unknown status 'gone' (field status); use one of 完好、破损、丢失、占用、注销.".format(
        new[0]["code"]
    )
    assert layer.isEditable()
    layer.rollBack()
    # a delete is refused too
    assert layer.startEditing()
    assert layer.deleteFeature(fid)
    assert not layer.commitChanges()
    layer.rollBack()
    assert admin.get_part(new[0]["code"]) is not None
    history = admin.part_history(new[0]["code"])
    assert [h["change"] for h in history] == ["add", "edit"] and history[0]["actor"] == PLANNERS[0]


# -- GeoPackage: through QGIS (GDAL/OGR), as a planner edits the parts layer of the file ------------------------
def test_qgis_layer_edits_in_a_geopackage(tmp_path, qgis_app):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    path = tmp_path / "cases.gpkg"
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    store.set_part_code_scheme("gbt30428")
    before = set(store.read_inventory()[0]["code"])
    start = max(serial_of(c, 6) for c in before if c.startswith("1101010118"))
    store.close()

    layer = QgsVectorLayer("{}|layername=parts".format(path), "parts", "ogr")
    assert layer.isValid()
    fields = layer.fields()
    features = []
    for i, (x, y) in enumerate(((X0, Y0), (ORIGIN[0] + CELL, Y0))):  # the second on a shared boundary
        feature = QgsFeature(fields)  # every attribute NULL but the ones a planner fills
        feature.setAttribute("class_code", "0118")
        feature.setAttribute("name", "路灯 %d" % i)
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        features.append(feature)
    assert layer.startEditing()
    assert layer.addFeatures(features)
    assert layer.commitChanges(), layer.commitErrors()

    store = GpkgStore(path, user="desk")
    try:
        added = {p["name"]: p for p in (store.get_part(c) for c in set(store.read_inventory()[0]["code"]) - before)}
        assert sorted(added) == ["路灯 0", "路灯 1"]
        codes = sorted(p["code"] for p in added.values())
        assert codes == ["1101010118%06d" % (start + 1), "1101010118%06d" % (start + 2)]
        lamp = added["路灯 0"]
        assert (lamp["grid_code"], lamp["community_code"], lamp["street_code"]) == (GRID0, "110101001001", "110101001")
        assert lamp["x"] == pytest.approx(X0) and lamp["y"] == pytest.approx(Y0)
        assert (lamp["class_zh"], lamp["major_zh"], lamp["status"], lamp["version"]) == ("路灯", "公用设施", "完好", 1)
        assert lamp["code_16"] == lamp["code"] and lamp["last_change"] == "add"
        assert added["路灯 1"]["grid_code"] == grid_squares()[0][0]  # boundary: the smallest code
        assert [h["change"] for h in store.part_history(lamp["code"])] == ["add"]
    finally:
        store.close()

    # a move and a status change in the attribute table
    layer.reload()
    feature = next(f for f in layer.getFeatures() if f["name"] == "路灯 0")
    code, community = grid_squares()[15][0], grid_squares()[15][1]
    x, y = ORIGIN[0] + 7.5 * CELL, ORIGIN[1] + 0.5 * CELL
    assert layer.startEditing()
    assert layer.changeGeometry(feature.id(), QgsGeometry.fromPointXY(QgsPointXY(x, y)))
    assert layer.changeAttributeValue(feature.id(), fields.indexOf("status"), "破损")
    assert layer.commitChanges(), layer.commitErrors()
    store = GpkgStore(path, user="desk")
    try:
        moved = store.get_part(feature["code"])
        assert (moved["grid_code"], moved["community_code"], moved["street_code"]) == (code, community, "110101002")
        assert moved["status"] == "破损" and moved["version"] >= 2 and moved["x"] == pytest.approx(x)
        history = store.part_history(feature["code"])
        assert history[0]["change"] == "add" and all(h["change"] == "edit" for h in history[1:])
        assert "geom" in ",".join(h["changed_fields"] for h in history[1:])
        assert history[-1]["new_values"]["status"] == "破损" and history[-1]["version"] == moved["version"]
        version = moved["version"]
    finally:
        store.close()

    # refusals reach commitErrors() and keep the edits: a code change, an unknown status, a delete
    layer.reload()
    feature = next(f for f in layer.getFeatures() if f["name"] == "路灯 0")
    for index, value in ((fields.indexOf("code"), "1101010118999999"), (fields.indexOf("status"), "gone")):
        assert layer.startEditing()
        assert layer.changeAttributeValue(feature.id(), index, value)
        assert not layer.commitChanges()
        message = refusal_message("\n".join(layer.commitErrors()))
        assert message.startswith("The part: ") and ("cannot be changed" in message or "unknown status" in message)
        assert layer.isEditable()
        layer.rollBack()
    assert layer.startEditing()
    assert layer.deleteFeature(feature.id())
    assert not layer.commitChanges()
    assert "GM012" in " ".join(layer.commitErrors())
    layer.rollBack()
    store = GpkgStore(path, user="desk")
    try:
        part = store.get_part(feature["code"])
        assert part is not None and part["status"] == "破损" and part["version"] == version
    finally:
        store.close()


# -- upgrade: a store from before issue 14 -------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_a_store_from_before_issue_14_upgrades_in_place(backend, tmp_path, monkeypatch, request):
    from gridmanager.grid_manager.store.interface import CaseStore

    before = {"postgis": 9, "gpkg": 6}[backend]
    if backend == "gpkg":
        store = GpkgStore(tmp_path / "old.gpkg", user="desk")
    else:
        cluster = request.getfixturevalue("cluster")
        store = PostgisStore(cluster.create_database("pe_upgrade"))
    try:
        files = CaseStore.migration_files
        with monkeypatch.context() as patch:
            patch.setattr(CaseStore, "migration_files", staticmethod(lambda b: [f for f in files(b) if f[0] <= before]))
            assert store.migrate() == before
            # the time limits of that schema had no stage or unit (issue 15 came later): not part of this test
            patch.setattr(store, "set_time_limit", lambda *args, **kwargs: None)
            seed_reference(store)
        old_code = store.read_inventory()[0]["code"].values[0]
        assert store.migrate() == files(backend)[-1][0]
        if backend == "gpkg":  # the schema edited in place is the one every new connection reads
            store.close()
            store = GpkgStore(tmp_path / "old.gpkg", user="desk")
        store.add_class("part", "01018", "Fire hydrant", "消防栓")  # 5 digits, refused before
        part = store.get_part(old_code)
        assert part["version"] == 1 and part["retired_on"] is None
        changed = store.update_part(old_code, 1, status="破损")
        assert changed["version"] == 2 and changed["status"] == "破损"
        new = store.insert_part("0101", X0, Y0)
        assert re.match(r"^0101\d{8}$", new["code"]) and new["grid_code"] == GRID0
        assert [h["change"] for h in store.part_history(old_code)] == ["new", "edit"]
    finally:
        store.close()
        if backend == "postgis":
            request.getfixturevalue("cluster").drop_database("pe_upgrade")
