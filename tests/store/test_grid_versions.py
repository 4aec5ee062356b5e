"""Grids in the shared store (issue 13, item 5): surveyors edit the grids of their streets through
gm.commit_grid_edits; every change is a new version with who/when/why; the later of two concurrent saves
of a grid is refused; retired codes are never reissued; gm.grid_history shows every version."""

import importlib.util
import threading
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gridmanager.grid_manager.store import StoreError, WorkflowError
from gridmanager.grid_manager.store.interface import StaleVersionError
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import CELL, ORIGIN, grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

STREET_A = "110101001"  # communities 110101001001, 110101001002, 110101001005
STREET_B = "110101002"  # community 110101002001
GRID_A = "110101001001001"
GRID_A2 = "110101001001002"
GRID_B = "110101002001001"


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module")
def admin(cluster):
    dsn = cluster.create_database("gridversions")
    store = PostgisStore(dsn)
    store.migrate()
    seed_reference(store, parts_per_grid=1)
    store.create_user("sv_a", "surveyor", streets=[STREET_A])
    store.create_user("sv_a2", "surveyor", streets=[STREET_A])
    store.create_user("sv_b", "surveyor", streets=[STREET_B])
    store.create_user("gv_view", "viewer")
    yield store
    store.close()
    cluster.drop_database("gridversions")


@pytest.fixture()
def login(cluster, admin):
    opened = []

    def connect(name):
        store = PostgisStore(cluster.dsn("gridversions", user=name))
        opened.append(store)
        return store

    yield connect
    for store in opened:
        store.close()


def current(admin, code):
    return {g["code"]: g for g in admin.current_grids()}[code]


def shape(code, admin, dx=0.0):
    """The grid's current polygon with its east edge moved by dx degrees."""
    poly = shapely.from_wkt(current(admin, code)["wkt"]).geoms[0]
    x0, y0, x1, y1 = poly.bounds
    return shapely.box(x0, y0, x1 + dx, y1).wkt


def test_a_surveyor_edits_a_grid_of_their_street_as_a_new_version(admin, login):
    sv = login("sv_a")
    assert sv.my_streets() == [STREET_A]
    before = current(admin, GRID_A)
    result = sv.commit_grid_edits(
        [{"code": GRID_A, "base_version": before["version"], "geometry": shape(GRID_A, admin, -CELL / 4)}],
        "follow the new wall of 3 Dongcheng Lane",
    )
    assert result == [{"code": GRID_A, "version": before["version"] + 1, "change": "edit"}]
    history = sv.grid_history(GRID_A)
    assert [h["version"] for h in history] == [before["version"], before["version"] + 1]
    old, new = history[-2], history[-1]
    assert old["valid_to"] == new["valid_from"] and new["valid_to"] is None
    assert new["actor"] == "sv_a" and new["reason"] == "follow the new wall of 3 Dongcheng Lane"
    assert new["change"] == "edit" and old["change"] == "load"
    assert shapely.from_wkt(old["wkt"]).equals(shapely.from_wkt(before["wkt"]))  # the previous shape is kept
    assert shapely.from_wkt(new["wkt"]).area < shapely.from_wkt(old["wkt"]).area
    # every role reads the history; the current layer has one row per grid
    assert [h["version"] for h in login("gv_view").grid_history(GRID_A)] == [1, 2]
    codes = [g["code"] for g in sv.current_grids()]
    assert len(codes) == len(set(codes)) == len(grid_squares())


def test_another_streets_grid_is_refused_with_the_grid_named(admin, login):
    sv = login("sv_b")
    before = current(admin, GRID_A)
    with pytest.raises(WorkflowError, match=GRID_A) as refused:
        sv.commit_grid_edits(
            [{"code": GRID_A, "base_version": before["version"], "geometry": shape(GRID_A, admin, 0.0001)}], "x"
        )
    assert refused.value.code == "GM031" and STREET_B in str(refused.value)
    # nor a new grid in a community of another street, nor a mixed commit (nothing of it is saved)
    with pytest.raises(WorkflowError, match="GM031|110101001001099|street"):
        sv.commit_grid_edits(
            [{"code": "110101001001099", "base_version": None, "community_code": "110101001001",
              "geometry": shapely.box(116.3, 39.9, 116.301, 39.901).wkt}],
            "new estate",
        )  # fmt: skip
    b = current(admin, GRID_B)
    with pytest.raises(WorkflowError):
        sv.commit_grid_edits(
            [
                {"code": GRID_B, "base_version": b["version"], "geometry": shape(GRID_B, admin, -0.0001)},
                {"code": GRID_A, "base_version": before["version"], "geometry": shape(GRID_A, admin, 0.0001)},
            ],
            "both",
        )
    assert current(admin, GRID_B)["version"] == b["version"] and current(admin, GRID_A) == before


def test_a_stale_version_loses_and_says_who_changed_the_grid(admin, login):
    first, second = login("sv_a"), login("sv_a2")
    base = current(admin, GRID_A2)["version"]
    first.commit_grid_edits([{"code": GRID_A2, "base_version": base, "geometry": shape(GRID_A2, admin, 0)}], "one")
    with pytest.raises(StaleVersionError, match=GRID_A2) as refused:
        second.commit_grid_edits(
            [{"code": GRID_A2, "base_version": base, "geometry": shape(GRID_A2, admin, -0.0002)}], "two"
        )
    assert refused.value.code == "GM030" and "sv_a" in str(refused.value)
    assert current(admin, GRID_A2)["version"] == base + 1


def test_concurrent_saves_of_one_grid_one_wins(cluster, admin):
    code = "110101001002001"
    base = current(admin, code)["version"]
    wkt = shape(code, admin, -0.0001)
    barrier = threading.Barrier(6)
    outcomes = []

    def save(name, n):
        store = PostgisStore(cluster.dsn("gridversions", user=name))
        try:
            barrier.wait()
            store.commit_grid_edits([{"code": code, "base_version": base, "geometry": wkt}], "race %d" % n)
            outcomes.append("saved")
        except StaleVersionError:
            outcomes.append("stale")
        finally:
            store.close()

    threads = [threading.Thread(target=save, args=("sv_a" if n % 2 else "sv_a2", n)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved"] + ["stale"] * 5
    history = admin.grid_history(code)
    assert [h["version"] for h in history] == list(range(1, base + 2))
    assert sum(h["valid_to"] is None for h in history) == 1


@pytest.mark.parametrize(
    ("wkt", "reason"),
    [
        ("MULTIPOLYGON(((116.4 39.915,116.4005 39.915,116.4005 39.9155,116.4 39.915)),"
         "((116.401 39.915,116.4015 39.915,116.4015 39.9155,116.401 39.915)))", "2 parts"),
        ("POLYGON((116.4 39.915,116.401 39.916,116.401 39.915,116.4 39.916,116.4 39.915))", "invalid"),
        ("LINESTRING(116.4 39.915,116.401 39.916)", "LINESTRING"),
        ("POLYGON((", "cannot be read"),
        ("POLYGON EMPTY", "empty"),
        ("POLYGON((446000 4418000,446100 4418000,446100 4418100,446000 4418000))", "EPSG:4490"),
    ],
)  # fmt: skip
def test_bad_geometries_are_refused_naming_the_grid(admin, login, wkt, reason):
    sv = login("sv_a")
    base = current(admin, GRID_A)["version"]
    with pytest.raises(WorkflowError, match=reason) as refused:
        sv.commit_grid_edits([{"code": GRID_A, "base_version": base, "geometry": wkt}], "bad")
    assert refused.value.code == "GM032" and GRID_A in str(refused.value)
    assert current(admin, GRID_A)["version"] == base


def test_split_retire_and_codes_never_reused(admin, login):
    sv = login("sv_a")
    code = "110101001005002"
    grid = current(admin, code)
    x0, y0, x1, y1 = shapely.from_wkt(grid["wkt"]).bounds
    mid = (x0 + x1) / 2
    new_code = "110101001005005"
    result = sv.commit_grid_edits(
        [
            {"code": code, "base_version": grid["version"], "geometry": shapely.box(x0, y0, mid, y1).wkt},
            {"code": new_code, "base_version": None, "community_code": "110101001005",
             "geometry": shapely.box(mid, y0, x1, y1).wkt},
        ],
        "split: new estate",
    )  # fmt: skip
    assert [r["change"] for r in result] == ["edit", "add"]
    history = admin.grid_history(new_code)
    assert history[0]["commit_id"] == admin.grid_history(code)[-1]["commit_id"]
    # merge back: the new grid is retired, the old one takes its shape again
    sv.commit_grid_edits(
        [
            {"code": new_code, "base_version": 1, "retire": True},
            {"code": code, "base_version": grid["version"] + 1, "geometry": grid["wkt"]},
        ],
        "merge after demolition",
    )
    retired = admin.grid_history(new_code)[-1]
    assert retired["retired_by"] == "sv_a" and retired["retire_reason"] == "merge after demolition"
    assert new_code not in {g["code"] for g in admin.current_grids()}
    # the retired code is never issued again, a current code is not issued twice
    for again, why in ((new_code, "retired"), (code, "already in use")):
        with pytest.raises(WorkflowError, match=why):
            sv.commit_grid_edits(
                [{"code": again, "base_version": None, "community_code": "110101001005",
                  "geometry": shapely.box(mid, y0, x1, y1).wkt}],
                "again",
            )  # fmt: skip
    # editing a retired grid is a stale edit, naming who retired it
    with pytest.raises(StaleVersionError, match="retired by sv_a"):
        sv.commit_grid_edits([{"code": new_code, "base_version": 1, "geometry": grid["wkt"]}], "revive")
    # a code outside its community, a code twice in one save, an unknown grid
    with pytest.raises(WorkflowError, match="does not begin with its community"):
        sv.commit_grid_edits(
            [{"code": "110101001001050", "base_version": None, "community_code": "110101001005",
              "geometry": shapely.box(mid, y0, x1, y1).wkt}],
            "x",
        )  # fmt: skip
    with pytest.raises(WorkflowError, match="twice"):
        sv.commit_grid_edits([{"code": code, "base_version": 2, "retire": True}] * 2, "x")
    with pytest.raises(WorkflowError, match="does not exist"):
        sv.commit_grid_edits([{"code": "110101001005077", "base_version": 1, "retire": True}], "x")
    with pytest.raises(WorkflowError, match="needs a reason"):
        sv.commit_grid_edits([{"code": code, "base_version": 3, "geometry": grid["wkt"]}], "  ")


def test_publish_a_partition_output_as_version_one(cluster, admin, login, tmp_path):
    from gridmanager.grid_manager.store import admin as cli

    x0, y0 = ORIGIN[0] + 20 * CELL, ORIGIN[1] + 20 * CELL
    frame = gpd.GeoDataFrame(
        {
            "code": ["110101002001011", "110101002001012"],
            "community_code": ["110101002001", "110101002001"],
        },
        geometry=[shapely.box(x0, y0, x0 + CELL, y0 + CELL), shapely.box(x0 + CELL, y0, x0 + 2 * CELL, y0 + CELL)],
        crs="EPSG:4490",
    )
    path = tmp_path / "partition.gpkg"
    frame.to_file(path, layer="grids")
    dsn_b = cluster.dsn("gridversions", user="sv_b")
    dsn_a = cluster.dsn("gridversions", user="sv_a")
    assert cli.main([dsn_a, "publish-grids", str(path), "--reason", "x"]) == 1  # street B: not theirs
    assert cli.main([dsn_b, "publish-grids", str(path), "--reason", "partition 2026"]) == 0
    for code in frame["code"]:
        (only,) = admin.grid_history(code)
        assert (only["version"], only["change"], only["actor"], only["reason"]) == (
            1,
            "publish",
            "sv_b",
            "partition 2026",
        )
    assert cli.main([dsn_b, "publish-grids", str(path), "--reason", "twice"]) == 1  # codes already issued


def test_surveyor_role_in_the_admin_command_line_and_role_changes(cluster, admin, login):
    from gridmanager.grid_manager.store import admin as cli

    dsn = cluster.dsn("gridversions")
    assert cli.main([dsn, "add-user", "sv_cli", "surveyor"]) == 1  # a surveyor needs a street
    assert cli.main([dsn, "add-user", "sv_cli", "surveyor", "--street", "110101999"]) == 1  # not a street
    assert cli.main([dsn, "add-user", "sv_cli", "surveyor", "--street", f"{STREET_A},{STREET_B}"]) == 0
    sv = login("sv_cli")
    assert sorted(sv.my_streets()) == [STREET_A, STREET_B]
    base = current(admin, GRID_B)["version"]
    sv.commit_grid_edits([{"code": GRID_B, "base_version": base, "geometry": shape(GRID_B, admin, 0)}], "both")
    assert cli.main([dsn, "set-role", "sv_cli", "viewer"]) == 0
    member = admin._select("SELECT pg_catalog.pg_has_role('sv_cli', 'gm_surveyor', 'MEMBER') AS m")[0]["m"]
    assert member is False
    assert {u["login"]: u for u in admin.users()}["sv_cli"]["role"] == "viewer"
    with pytest.raises(StoreError, match="surveyor|Permission denied"):
        sv.commit_grid_edits([{"code": GRID_B, "base_version": base + 1, "geometry": shape(GRID_B, admin, 0)}], "after")
    assert sv.my_streets() == []
    # and back to surveyor: the old streets are not kept
    assert cli.main([dsn, "set-role", "sv_cli", "surveyor", "--street", STREET_B]) == 0
    assert sv.my_streets() == [STREET_B]


# -- the GeoPackage store: the same operations in one BEGIN IMMEDIATE transaction ---------------------------
@pytest.fixture()
def desk(tmp_path):
    from gridmanager.grid_manager.store.gpkg import GpkgStore

    path = tmp_path / "store.gpkg"
    store = GpkgStore(path, user="surveyor_li")
    store.migrate()
    seed_reference(store, parts_per_grid=1)
    other = GpkgStore(path, user="surveyor_wang")
    yield store, other
    store.close()
    other.close()


def test_gpkg_versions_history_stale_and_codes(desk):
    import sqlite3

    li, wang = desk
    grid = {g["code"]: g for g in li.current_grids()}[GRID_A]
    x0, y0, x1, y1 = shapely.from_wkt(grid["wkt"]).bounds
    assert li.commit_grid_edits(
        [{"code": GRID_A, "base_version": 1, "geometry": shapely.box(x0, y0, x1 - 0.0002, y1).wkt}], "new wall"
    ) == [{"code": GRID_A, "version": 2, "change": "edit"}]
    old, new = li.grid_history(GRID_A)
    assert (old["change"], new["change"], new["actor"], new["reason"]) == ("load", "edit", "surveyor_li", "new wall")
    assert old["valid_to"] == new["valid_from"] and new["valid_to"] is None
    assert shapely.from_wkt(old["wkt"]).equals(shapely.from_wkt(grid["wkt"]))
    # the other desk started from version 1: refused, naming the grid and who saved first
    with pytest.raises(StaleVersionError, match=f"{GRID_A}.*surveyor_li"):
        wang.commit_grid_edits([{"code": GRID_A, "base_version": 1, "geometry": grid["wkt"]}], "mine")
    # split off a new grid, retire it, never reissue its code
    new_code = "110101001001005"
    li.commit_grid_edits(
        [{"code": new_code, "base_version": None, "community_code": "110101001001",
          "geometry": shapely.box(x1 - 0.0002, y0, x1, y1).wkt}],
        "split",
    )  # fmt: skip
    li.commit_grid_edits([{"code": new_code, "base_version": 1, "retire": True}], "merged back")
    assert li.grid_history(new_code)[-1]["retired_by"] == "surveyor_li"
    with pytest.raises(WorkflowError, match="retired"):
        wang.commit_grid_edits(
            [{"code": new_code, "base_version": None, "community_code": "110101001001", "geometry": grid["wkt"]}],
            "again",
        )
    with pytest.raises(WorkflowError, match="2 parts") as refused:
        li.commit_grid_edits(
            [{"code": GRID_A, "base_version": 2, "geometry": shapely.MultiPolygon(
                [shapely.box(x0, y0, x0 + 0.0001, y0 + 0.0001), shapely.box(x1 - 0.0001, y0, x1, y0 + 0.0001)]).wkt}],
            "two pieces",
        )  # fmt: skip
    assert refused.value.code == "GM032" and GRID_A in str(refused.value)
    with pytest.raises(WorkflowError, match="needs a reason"):
        li.commit_grid_edits([{"code": GRID_A, "base_version": 2, "geometry": grid["wkt"]}], "")
    # the file keeps its history against plain SQL
    for statement in (
        "DELETE FROM grids",
        "UPDATE grids SET geom = NULL WHERE code = '%s'" % GRID_A,
        "UPDATE grids SET valid_to = NULL WHERE valid_to IS NOT NULL",
        "UPDATE grid_changes SET actor = 'x'",
        "DELETE FROM grid_changes",
        "DELETE FROM grid_codes",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="GM009"):
            li.conn.execute(statement)
    assert [h["version"] for h in li.grid_history(GRID_A)] == [1, 2]
    assert li.publish_grids(
        [("110101002001011", "110101002001", shapely.box(116.5, 39.95, 116.501, 39.951).wkt)], "partition"
    ) == [{"code": "110101002001011", "version": 1, "change": "publish"}]


def test_row_security_limits_a_surveyor_even_with_a_mistaken_grant(admin, login):
    """Defence in depth: should an administrator grant UPDATE on gm.grids by mistake, row-level security
    still lets a surveyor touch only the grids of their streets."""
    import psycopg2

    admin._run(lambda cur: cur.execute("GRANT UPDATE ON gm.grids TO gm_surveyor"))
    try:
        conn = psycopg2.connect(login("sv_b").dsn)
        try:
            with conn.cursor() as cur:
                cur.execute("UPDATE gm.grids SET valid_to = now() WHERE code = %s AND valid_to IS NULL", (GRID_A,))
                assert cur.rowcount == 0  # another street's grid: invisible to the update
                cur.execute("UPDATE gm.grids SET valid_to = now() WHERE code = %s AND valid_to IS NULL", (GRID_B,))
                assert cur.rowcount == 1  # their own street's grid (only closing is possible: the history trigger)
            conn.rollback()
            with conn.cursor() as cur, pytest.raises(psycopg2.Error, match="history"):
                cur.execute("UPDATE gm.grids SET geom = geom WHERE code = %s", (GRID_B,))
            conn.rollback()
        finally:
            conn.close()
    finally:
        admin._run(lambda cur: cur.execute("REVOKE UPDATE ON gm.grids FROM gm_surveyor"))
