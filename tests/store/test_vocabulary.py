"""One vocabulary (grid_manager/cases/vocabulary.py): the SQL of both backends — CHECK constraints and the
rows of the transitions table — and the dock's labels say exactly the same states, actions, roles, sources
and kinds."""

import importlib.util
import re
import sqlite3
from pathlib import Path

import psycopg2
import pytest

from gridmanager.grid_manager.cases import vocabulary as v
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.postgis import PostgisStore

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)


def quoted(text):
    return set(re.findall(r"'([a-z_]+)'", text))


def check_values(definitions, column):
    """Values allowed by the CHECK constraint(s) on ``column`` among ``definitions`` (SQL texts)."""
    found = set()
    for text in definitions:
        for match in re.finditer(
            r"\b" + column + r"\b\)?(?:::text)?\s+(?:IN\s*\(|=\s*ANY\s*\(\s*\(?ARRAY\[)([^\]\)]*)", text
        ):
            found |= quoted(match.group(1))
    return found


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    path = tmp_path_factory.mktemp("vocabulary") / "cases.gpkg"
    store = GpkgStore(str(path), user="desk")
    store.migrate()
    store.close()
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def pg():
    with postgis_cluster.LocalCluster() as cluster:
        dsn = cluster.create_database("vocabulary")
        store = PostgisStore(dsn)
        store.migrate()
        store.close()
        connection = psycopg2.connect(dsn)
        yield connection
        connection.close()


def gpkg_table_sql(connection, table):
    return connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]


def pg_checks(connection, table):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'",
            (table,),
        )
        return [row[0] for row in cur.fetchall()]


def transitions(rows):
    return {tuple(r) for r in rows}


@pytest.mark.postgis
def test_case_checks_say_the_vocabulary(gpkg, pg):
    gpkg_cases = [gpkg_table_sql(gpkg, "cases")]
    pg_cases = pg_checks(pg, "gm.cases")
    for definitions in (gpkg_cases, pg_cases):
        assert check_values(definitions, "state") == set(v.CASE_STATES)
        assert check_values(definitions, "kind") == set(v.KINDS)
        assert check_values(definitions, "source") == set(v.SOURCES)


@pytest.mark.postgis
def test_transitions_use_the_vocabulary_and_agree_between_backends(gpkg, pg):
    lite = transitions(gpkg.execute("SELECT state, action, role, new_state FROM transitions").fetchall())
    with pg.cursor() as cur:
        cur.execute("SELECT state, action, role, new_state FROM gm.transitions")
        post = transitions(cur.fetchall())
    assert lite == post, lite ^ post
    states = {s for s, _, _, _ in post} | {n for _, _, _, n in post}
    assert states <= set(v.CASE_STATES) | {v.NEW}, states - set(v.CASE_STATES)
    assert set(v.CASE_STATES) - {"reported"} <= {n for _, _, _, n in post}, "a state no transition reaches"
    assert {a for _, a, _, _ in post} == set(v.ACTIONS), "an action without a transition, or one not in ACTIONS"
    assert {r for _, _, r, _ in post} <= set(v.ROLES)


@pytest.mark.postgis
def test_role_and_action_checks(pg, gpkg):
    transitions_check = pg_checks(pg, "gm.transitions")
    assert check_values(transitions_check, "role") == set(v.ROLES)
    store_users = pg_checks(pg, "gm.store_users")
    assert check_values(store_users, "role") == set(v.STORE_ROLES)
    assert check_values([gpkg_table_sql(gpkg, "transitions")], "role") in (set(), set(v.ROLES))


def test_dock_labels_cover_the_vocabulary(qgis_iface):
    from gridmanager.grid_manager.gui.case_dock import CaseDock

    dock = CaseDock(None)
    try:
        assert set(dock.state_labels()) == set(v.CASE_STATES) | {v.NEW}  # "new": before the report, in histories
        assert set(v.ACTIONS) <= set(dock.action_labels())
        assert set(v.ROLES) <= set(dock.role_labels())
    finally:
        dock.deleteLater()


def test_every_state_action_and_role_has_a_refusal_label(zh_cn):
    """The refusal sentences name states, actions and roles through vocabulary_label: a word of the
    vocabulary without a label would show its raw code in zh_CN."""
    from gridmanager.grid_manager.cases import vocabulary
    from gridmanager.grid_manager.store.interface import vocabulary_label

    words = set(vocabulary.CASE_STATES) | set(vocabulary.ACTIONS) | set(vocabulary.STORE_ROLES)
    raw = sorted(w for w in words if vocabulary_label(w) == w)
    assert raw == []
