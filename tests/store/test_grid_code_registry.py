"""The grid code registry in a GeoPackage: split → next never-used serial, merge → the lower code survives,
retired codes are never reissued; 1,000 random splits and merges."""

import sqlite3

import numpy as np
import pytest

from gridmanager.grid_manager.store.grid_codes import GridCodeRegistry
from gridmanager.grid_manager.store.interface import StoreError

COMMUNITIES = ("110101001001", "110101001002", "110101002003")


def test_a_thousand_random_splits_and_merges(tmp_path):
    path = tmp_path / "grids.gpkg"
    rng = np.random.default_rng(7)
    layer = {c: [f"{c}{s:03d}" for s in range(1, 6)] for c in COMMUNITIES}
    registry = GridCodeRegistry(path)
    registry.register([code for codes in layer.values() for code in codes])
    ever = {code for codes in layer.values() for code in codes}
    issued = []
    for step in range(1000):
        community = COMMUNITIES[int(rng.integers(len(COMMUNITIES)))]
        codes = layer[community]
        if rng.random() < 0.55 or len(codes) < 2:
            # split: the larger part keeps its code, the other gets a new one
            new = registry.issue(community, in_use=codes)
            assert new not in ever, f"step {step}: {new} reused"
            assert new.startswith(community) and len(new) == 15
            ever.add(new)
            issued.append(new)
            codes.append(new)
        else:
            # merge two grids: the lower code survives
            a, b = sorted(rng.choice(codes, size=2, replace=False))
            codes.remove(b)
        if rng.random() < 0.05:  # save now and then (retires merged codes); reopen the file
            registry.sync([c for cs in layer.values() for c in cs])
            registry.close()
            registry = GridCodeRegistry(path)
    registry.sync([c for cs in layer.values() for c in cs])
    live = [c for cs in layer.values() for c in cs]
    assert len(live) == len(set(live)), "duplicate codes"
    assert len(issued) == len(set(issued)), "a code was issued twice"
    states = registry.codes()
    assert {c for c, s in states.items() if s == "active"} == set(live)
    assert {c for c, s in states.items() if s == "retired"} == ever - set(live)
    assert len(issued) > 400


def test_an_undone_split_does_not_give_its_code_back(tmp_path):
    registry = GridCodeRegistry(tmp_path / "g.gpkg")
    registry.register(["110101001001001", "110101001001002"])
    first = registry.issue("110101001001")
    assert first == "110101001001003"
    # the split is undone before saving: the code stays used
    registry.sync(["110101001001001", "110101001001002"])
    assert registry.codes()[first] == "retired"
    assert registry.issue("110101001001") == "110101001001004"
    # a code typed by hand into the layer counts too
    assert registry.issue("110101001001", in_use=["110101001001010"]) == "110101001001011"


def test_codes_without_a_12_digit_community():
    registry = GridCodeRegistry(":memory:")
    registry.register(["7-001", "7-002"])
    assert registry.issue("7") == "7-003"


def test_serials_run_out_with_a_message(tmp_path):
    registry = GridCodeRegistry(tmp_path / "g.gpkg")
    registry.register(["110101001001999"])
    with pytest.raises(StoreError, match="999"):
        registry.issue("110101001001")


def test_override_needs_a_reason_and_is_recorded(tmp_path):
    registry = GridCodeRegistry(tmp_path / "g.gpkg", user="surveyor1")
    with pytest.raises(StoreError):
        registry.record_override("grids", "  ", [])
    registry.record_override("grids", "wall not on the map yet", [{"kind": "cuts_building", "grids": ["1"]}])
    (row,) = registry.overrides()
    assert row["user"] == "surveyor1" and row["reason"] == "wall not on the map yet"
    assert row["problems"][0]["kind"] == "cuts_building"


def test_the_gate_refuses_writes_while_closed(tmp_path):
    path = tmp_path / "g.gpkg"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE grids (fid INTEGER PRIMARY KEY, grid_code TEXT)")
    conn.commit()
    registry = GridCodeRegistry(path)
    registry.install_gate("grids")
    registry.install_gate("grids")  # idempotent
    conn.execute("INSERT INTO grids (grid_code) VALUES ('a')")
    conn.commit()
    registry.set_gate("grids", True)
    for statement in (
        "INSERT INTO grids (grid_code) VALUES ('b')",
        "UPDATE grids SET grid_code = 'c'",
        "DELETE FROM grids",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="saving refused"):
            conn.execute(statement)
        conn.rollback()
    registry.set_gate("grids", False)
    conn.execute("UPDATE grids SET grid_code = 'c'")
    conn.commit()
    assert conn.execute("SELECT grid_code FROM grids").fetchall() == [("c",)]
    # any table name: quoted, never pasted into the SQL as it is
    conn.execute('CREATE TABLE "网格 o\'k""" (fid INTEGER PRIMARY KEY)')
    conn.commit()
    registry.install_gate("网格 o'k\"")
    registry.set_gate("网格 o'k\"", True)
    with pytest.raises(sqlite3.DatabaseError, match="saving refused"):
        conn.execute('INSERT INTO "网格 o\'k""" DEFAULT VALUES')
    conn.rollback()
    with pytest.raises(StoreError, match="cannot be set"):
        registry.install_gate('grids"; DROP TABLE grids; --')
    assert conn.execute("SELECT count(*) FROM grids").fetchone() == (1,)
