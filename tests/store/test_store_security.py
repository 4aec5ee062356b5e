"""Red team (issue 11): every role of the shared store tries to act beyond its role through SQL.

Each login shadows every catalog and ``gm`` object the store's functions use with its own temporary
views, tables and functions, moves pg_temp to the front of its search path, tries SET ROLE and SET
SESSION AUTHORIZATION, writes tables directly and calls every function of the store with the roles,
departments and cases of others.  Nothing may succeed that the role cannot do without the trick, and
the cases, the audit trail and the users stay exactly as they were.
"""

import datetime as dt
import importlib.util
import json
from pathlib import Path

import psycopg2
import pytest

from gridmanager.grid_manager.store import CaseFilter, StoreError, WorkflowError
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis

USERS = {
    "rt_insp": ("inspector", None),
    "rt_sup": ("supervision", None),
    "rt_cmd": ("command", None),
    "rt_dep_sz": ("department", "sz"),
    "rt_dep_yl": ("department", "yl"),
    "rt_view": ("viewer", None),
    "rt_plan": ("planner", None),
    "rt_surv": ("surveyor", None),
}
ALL_ROLES = ("inspector", "supervision", "command", "department", "viewer", "planner", "surveyor")
# The surveyor edits the grids of street 110101001 (communities 110101001001/002/005); 110101002 is another's.
SURVEYOR_STREETS = {"rt_surv": ["110101001"]}
OWN_GRID = "110101001001003"  # edited once by the administrator: version 2 is current
OTHER_GRID = "110101002001001"  # a grid of another street
RETIRED_GRID = "110101001001005"  # added, then retired by the administrator: never issued again
MULTIPART = (
    "MULTIPOLYGON(((116.4 39.915,116.4005 39.915,116.4005 39.9155,116.4 39.915)),"
    "((116.401 39.915,116.4015 39.915,116.4015 39.9155,116.401 39.915)))"
)
SEARCH_PATH = "search_path=pg_catalog, gm, pg_temp"


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module")
def admin(cluster):
    dsn = cluster.create_database("redteam")
    store = PostgisStore(dsn)
    store.migrate()
    seed_reference(store)
    for login, (role, department) in USERS.items():
        store.create_user(login, role, department, streets=SURVEYOR_STREETS.get(login))
    grids = {g["code"]: g for g in store.current_grids()}
    store.commit_grid_edits(
        [
            {"code": OWN_GRID, "base_version": 1, "geometry": grids[OWN_GRID]["wkt"]},
            {
                "code": RETIRED_GRID,
                "base_version": None,
                "community_code": "110101001001",
                "geometry": "POLYGON((116.4 39.93,116.401 39.93,116.401 39.931,116.4 39.93))",
            },
        ],
        "set-up: a second version and a new grid",
    )
    store.commit_grid_edits([{"code": RETIRED_GRID, "base_version": 1, "retire": True}], "set-up: retired")
    yield store
    store.close()
    cluster.drop_database("redteam")


def point(i=0):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def walk(admin, case, *steps):
    for action, role, extra in steps:
        case = admin.apply(case["case_code"], action, role, case["version"], **extra)
    return case


@pytest.fixture(scope="module")
def targets(admin):
    """One case in every state a hostile login might want to move (made by the superuser)."""
    new = lambda i: admin.report_case("event", "0102", "public", *point(i), description="target")  # noqa: E731
    verify = ("verify", "inspector", {})
    register = ("register", "supervision", {})
    cases = {
        "reported": new(0),
        "verified": walk(admin, new(1), verify),
        "registered": walk(admin, new(2), verify, register),
        "dispatched_sz": walk(admin, new(3), verify, register, ("dispatch", "command", {"department": "sz"})),
        "dispatched_yl": walk(admin, new(4), verify, register, ("dispatch", "command", {"department": "yl"})),
        "extension_sz": walk(
            admin,
            new(5),
            verify,
            register,
            ("dispatch", "command", {"department": "sz"}),
            ("request_extension", "department", {"hours": 4}),
        ),
        "return_sz": walk(
            admin,
            new(6),
            verify,
            register,
            ("dispatch", "command", {"department": "sz"}),
            ("request_return", "department", {"note": "不属本单位"}),
        ),
        "handled_yl": walk(
            admin,
            new(7),
            verify,
            register,
            ("dispatch", "command", {"department": "yl"}),
            ("report_back", "department", {}),
        ),
        "checked_sz": walk(
            admin,
            new(8),
            verify,
            register,
            ("dispatch", "command", {"department": "sz"}),
            ("report_back", "department", {}),
            ("check", "inspector", {}),
        ),
    }
    return cases


def snapshot(admin):
    """Everything a hostile login must not be able to change."""
    return {
        "cases": admin._select("SELECT case_code, state, department, deadline_at, version, reported_at FROM gm.cases"),
        "events": admin._select("SELECT count(*) AS n, max(id) AS m FROM gm.case_events")[0],
        "users": admin._select("SELECT login, role, department_code, enabled FROM gm.store_users ORDER BY login"),
        "members": admin._select(
            "SELECT r.rolname, m.rolname AS member FROM pg_catalog.pg_auth_members a "
            "JOIN pg_catalog.pg_roles r ON r.oid = a.roleid JOIN pg_catalog.pg_roles m ON m.oid = a.member "
            "ORDER BY 1, 2"
        ),
        "transitions": admin._select("SELECT * FROM gm.transitions ORDER BY state, action, role"),
        "settings": admin._select("SELECT * FROM gm.settings ORDER BY key"),
        "limits": admin._select("SELECT * FROM gm.time_limits ORDER BY kind, class_code, urgency"),
        "returns": admin._select("SELECT count(*) AS n FROM gm.case_returns")[0],
        "runs": admin._select("SELECT count(*) AS n FROM gm.inventory_runs")[0],
        "parts": admin._select("SELECT count(*) AS n FROM gm.parts")[0],
        "grids": admin._select(
            "SELECT code, version, community_code, valid_from, valid_to, ST_AsEWKB(geom) AS geom FROM gm.grids "
            "ORDER BY code, version"
        ),
        "grid_changes": admin._select("SELECT * FROM gm.grid_changes ORDER BY id"),
        "grid_codes": admin._select("SELECT * FROM gm.grid_codes ORDER BY code"),
        "streets": admin._select("SELECT login, streets FROM gm.store_users ORDER BY login"),
        "units": admin._select("SELECT code, level, parent_code FROM gm.admin_units ORDER BY code"),
    }


# Temporary objects named like everything the store's functions read (pg_temp is searched FIRST for
# relations unless a function's search path puts it last).
SHADOWS = (
    "CREATE TEMP VIEW pg_roles AS SELECT r.rolname, true AS rolsuper, r.oid, true AS rolcanlogin, "
    "true AS rolinherit, true AS rolcreaterole FROM pg_catalog.pg_roles r",
    "CREATE TEMP VIEW pg_authid AS SELECT * FROM pg_roles",
    "CREATE TEMP VIEW pg_auth_members AS SELECT g.oid AS roleid, m.oid AS member, m.oid AS grantor, "
    "true AS admin_option FROM pg_catalog.pg_roles g, pg_catalog.pg_roles m",
    "CREATE TEMP VIEW pg_stat_activity AS SELECT * FROM pg_catalog.pg_stat_activity",
    "CREATE TEMP VIEW pg_timezone_names AS SELECT 'Mars/Olympus'::text AS name",
    "CREATE TEMP TABLE store_users (login text, role text, department_code text, enabled boolean)",
    "INSERT INTO pg_temp.store_users SELECT session_user, r, d, true FROM unnest(ARRAY['inspector', "
    "'supervision', 'command', 'department', 'viewer', 'planner']) r, unnest(ARRAY['sz', 'yl']) d",
    "CREATE TEMP TABLE transitions AS SELECT s AS state, a AS action, r AS role, 'closed'::text AS new_state, "
    "''::text AS guard, ''::text AS effects FROM unnest(ARRAY['new', 'reported', 'verified', 'registered', "
    "'dispatched', 'handled']) s, unnest(ARRAY['report', 'verify', 'register', 'dispatch', 'close', 'check', "
    "'report_back', 'accept_return', 'approve_extension', 'cancel']) a, unnest(ARRAY['inspector', 'supervision', "
    "'command', 'department', 'viewer', 'planner']) r",
    "CREATE TEMP TABLE cases (LIKE gm.cases)",
    "CREATE TEMP TABLE case_events (LIKE gm.case_events)",
    "CREATE TEMP TABLE departments (code text, name text)",
    "INSERT INTO pg_temp.departments VALUES ('evil', 'evil')",
    "CREATE TEMP TABLE time_limits (kind text, class_code text, urgency smallint, hours numeric, "
    "max_extension_hours numeric)",
    "CREATE TEMP TABLE settings (key text, value text)",
    "INSERT INTO pg_temp.settings VALUES ('time_zone', 'UTC'), ('max_backdate_hours', '1000000')",
    "CREATE TEMP TABLE listeners (pid integer, login text, department text, all_cases boolean, channel text)",
    "CREATE TEMP TABLE grids (code text, version integer, community_code text, valid_from timestamptz, "
    "valid_to timestamptz, geom text)",
    "CREATE TEMP TABLE inventory_runs (LIKE gm.inventory_runs)",
    "CREATE TEMP TABLE inventory_state (singleton boolean, version bigint)",
    "CREATE TEMP TABLE parts (LIKE gm.parts)",
    "CREATE TEMP TABLE case_returns (LIKE gm.case_returns)",
    # grids: every community under the surveyor's street, every code free, no history
    "CREATE TEMP TABLE admin_units (code text, level text, name text, parent_code text, geom text)",
    "INSERT INTO pg_temp.admin_units VALUES ('110101002001', 'community', 'x', '110101001', NULL), "
    "('110101001', 'street', 'x', NULL, NULL), ('110101002', 'street', 'x', NULL, NULL)",
    "CREATE TEMP TABLE grid_codes (code text, community_code text, issued_at timestamptz, retired_at timestamptz)",
    "CREATE TEMP TABLE grid_changes (id bigint, code text, version integer, change text, actor text, "
    "at timestamptz, reason text, commit_id bigint)",
    "CREATE FUNCTION pg_temp.current_streets() RETURNS text[] LANGUAGE sql AS $$SELECT NULL::text[]$$",
    "CREATE FUNCTION pg_temp.street_of(text) RETURNS text LANGUAGE sql AS $$SELECT '110101001'::text$$",
    # functions in pg_temp are only found when called as pg_temp.f(); they are made anyway, with the names
    # of everything the store calls
    "CREATE FUNCTION pg_temp.pg_has_role(name, text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE FUNCTION pg_temp.pg_has_role(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE FUNCTION pg_temp.has_table_privilege(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE FUNCTION pg_temp.has_function_privilege(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE FUNCTION pg_temp.acts_as(text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE FUNCTION pg_temp.is_admin() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE FUNCTION pg_temp.current_department() RETURNS text LANGUAGE sql AS $$SELECT 'yl'::text$$",
    "CREATE FUNCTION pg_temp.refuse(text, json) RETURNS void LANGUAGE sql AS 'SELECT'",
    "CREATE FUNCTION pg_temp.json_build_object(text, text) RETURNS json LANGUAGE sql AS $$SELECT '{}'::json$$",
    "CREATE FUNCTION pg_temp.session_user() RETURNS name LANGUAGE sql AS $$SELECT 'postgres'::name$$",
    "CREATE FUNCTION pg_temp.clock_timestamp() RETURNS timestamptz LANGUAGE sql AS $$SELECT '2001-01-01'::timestamptz$$",
)
PATH_TRICKS = (
    "SET search_path = pg_temp, gm, public, pg_catalog",
    "SET search_path = pg_temp, pg_catalog, gm, public",
)


def connect(cluster, login):
    conn = psycopg2.connect(cluster.dsn("redteam", user=login))
    conn.autocommit = False
    return conn


def shadow(conn):
    """Create every shadow the login can (a planner cannot copy the layout of gm.cases: it reads no cases; a
    surveyor reads neither cases nor parts)."""
    made = 0
    with conn.cursor() as cur:
        for statement in SHADOWS:
            cur.execute("SAVEPOINT shadow")
            try:
                cur.execute(statement)
                made += 1
            except psycopg2.errors.InsufficientPrivilege:
                cur.execute("ROLLBACK TO SAVEPOINT shadow")
    conn.commit()
    assert made >= len(SHADOWS) - 5
    return made


def attempt(conn, statement, params=()):
    """Run one statement; True if it succeeded (it is then rolled back), False if the store refused."""
    try:
        with conn.cursor() as cur:
            cur.execute(statement, params)
            if cur.description is not None:
                cur.fetchall()
    except psycopg2.Error:
        conn.rollback()
        return False
    conn.rollback()
    return True


def forbidden_calls(admin, login, targets):
    """(label, statement, params) a login of this role must never get through."""
    role, department = USERS[login]
    calls = []
    transitions = admin.transitions()
    for name, case in targets.items():
        state = admin.get_case(case["case_code"])
        for t in transitions:
            own = t["role"] == role and (role != "department" or state["department"] == department)
            if own:
                continue
            calls.append(
                (
                    "{} {} as {} on {}".format(login, t["action"], t["role"], name),
                    "SELECT * FROM gm.apply_transition(%s, %s, %s, %s, %s, %s, %s, %s)",
                    (case["case_code"], t["action"], t["role"], state["version"], "x", "sz", 4, ["a.jpg"]),
                )
            )
        for action in ("close", "dispatch", "report_back", "accept_return", "approve_extension"):
            for as_role in ALL_ROLES + ("admin", "superuser"):
                if as_role == role:
                    continue
                calls.append(
                    (
                        "{} {} as {} on {}".format(login, action, as_role, name),
                        "SELECT * FROM gm.apply_transition(%s, %s, %s, %s, 'x', 'sz', 4, '{}')",
                        (case["case_code"], action, as_role, state["version"]),
                    )
                )
    x, y = point(9)
    for as_role in ALL_ROLES:
        if as_role in ("inspector", "supervision") and as_role == role:
            continue
        calls.append(
            (
                "{} report as {}".format(login, as_role),
                "SELECT * FROM gm.report_case('event', '0102', 'public', %s, %s, 'x', 0, NULL, %s, '', NULL)",
                (x, y, as_role),
            )
        )
    for when in ("2001-01-01T00:00:00Z", "2099-01-01T00:00:00Z"):
        for as_role in ("inspector", "supervision"):
            calls.append(
                (
                    "{} backdates to {} as {}".format(login, when, as_role),
                    "SELECT * FROM gm.report_case('event', '0102', 'hotline', %s, %s, 'x', 0, NULL, %s, 'call', %s)",
                    (x, y, as_role, when),
                )
            )
    calls += [
        ("add_user", "SELECT gm.add_user(session_user, 'command', NULL)", ()),
        ("set_user_enabled", "SELECT gm.set_user_enabled('rt_cmd', false)", ()),
        ("remove_user", "SELECT gm.remove_user('rt_cmd')", ()),
        ("notify_change", "SELECT gm.notify_change('sz', 'yl')", ()),
        ("check_text", "SELECT gm.check_text('a', 'b', 1)", ()),
        ("refuse", "SELECT gm.refuse('GM001', '{}'::json)", ()),
        ("update cases", "UPDATE gm.cases SET state = 'closed'", ()),
        (
            "insert event",
            "INSERT INTO gm.case_events (case_id, seq, actor, role, action, from_state, to_state) "
            "SELECT id, 99, 'x', 'command', 'close', state, 'closed' FROM gm.cases LIMIT 1",
            (),
        ),
        ("delete events", "DELETE FROM gm.case_events", ()),
        ("update users", "UPDATE gm.store_users SET role = 'command'", ()),
        ("insert user", "INSERT INTO gm.store_users VALUES (session_user, 'command', NULL, true)", ()),
        ("update settings", "UPDATE gm.settings SET value = 'UTC'", ()),
        ("read listeners", "SELECT channel FROM gm.listeners", ()),
        ("insert listener", "INSERT INTO gm.listeners VALUES (1, 'x', NULL, true, 'c')", ()),
        ("update transitions", "UPDATE gm.transitions SET new_state = 'closed'", ()),
        (
            "insert transition",
            "INSERT INTO gm.transitions VALUES ('registered', 'close', %s, 'closed', '', '')",
            (role if role not in ("planner", "surveyor") else "viewer",),
        ),
        ("update limits", "UPDATE gm.time_limits SET max_extension_hours = 8000", ()),
        (
            "insert return",
            "INSERT INTO gm.case_returns (case_id, seq, department, dispatched_at, deadline_at, "
            "accepted_at, accepted_by) SELECT id, 1, 'sz', now(), now(), now(), 'x' FROM gm.cases LIMIT 1",
            (),
        ),
        ("delete returns", "DELETE FROM gm.case_returns", ()),
        ("set role postgres", "SET ROLE postgres", ()),
        ("set role other login", "SET ROLE rt_cmd" if login != "rt_cmd" else "SET ROLE rt_sup", ()),
        ("session authorization", "SET SESSION AUTHORIZATION postgres", ()),
        (
            "session authorization other",
            "SET SESSION AUTHORIZATION " + ("rt_cmd" if login != "rt_cmd" else "rt_sup"),
            (),
        ),
        ("create in gm", "CREATE TABLE gm.evil (x int)", ()),
        ("create in public", "CREATE TABLE public.evil (x int)", ()),
        ("create function in gm", "CREATE FUNCTION gm.evil() RETURNS int LANGUAGE sql AS 'SELECT 1'", ()),
        ("grant myself", "GRANT gm_command TO " + login, ()),
        ("alter myself", "ALTER ROLE " + login + " SUPERUSER", ()),
        ("create role", "CREATE ROLE evil LOGIN SUPERUSER", ()),
        ("burn case codes", "SELECT nextval('gm.case_code_seq')", ()),
        ("reset case codes", "SELECT setval('gm.case_code_seq', 1)", ()),
        ("forge migrations", "DELETE FROM gm.schema_migrations", ()),
        ("lock the cases", "LOCK TABLE gm.cases IN ACCESS EXCLUSIVE MODE", ()),
        ("lock the audit", "LOCK TABLE gm.case_events IN EXCLUSIVE MODE", ()),
        (
            "end the admin's session",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE usename = 'postgres' AND pid <> pg_backend_pid()",
            (),
        ),
        ("disable a trigger", "ALTER TABLE gm.case_events DISABLE TRIGGER USER", ()),
        (
            "replace a function",
            "CREATE OR REPLACE FUNCTION gm.acts_as(p_role text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
            (),
        ),
        ("drop a policy", "DROP POLICY cases_read_own_department ON gm.cases", ()),
        ("turn off row security", "ALTER TABLE gm.cases DISABLE ROW LEVEL SECURITY", ()),
    ]
    for other in ALL_ROLES:
        if other != role:
            calls.append(("set role gm_" + other, "SET ROLE gm_" + other, ()))
    if role != "planner":
        calls.append(("inventory run", "SELECT gm.begin_inventory_run(NULL, 'evil')", ()))
        calls.append(
            (
                "insert part",
                "INSERT INTO gm.parts (code, class_code, geom) VALUES ('x', '0101', "
                "public.ST_SetSRID(public.ST_MakePoint(116.4, 39.9), 4490))",
                (),
            )
        )
    # issue 14: a planner edits parts outside a run, but nobody changes a part's code
    calls.append(("change a part code", "UPDATE gm.parts SET code = 'evil'", ()))
    calls.append(("delete parts", "DELETE FROM gm.parts", ()))
    calls += grid_attempts(admin, login)
    return calls


def grid_attempts(admin, login):
    """Grid edits a login must never get through: another street's grid, a stale version, a retired code,
    history rewritten, direct writes (a surveyor may legitimately edit OWN_GRID at its current version)."""
    role, _department = USERS[login]
    grids = {g["code"]: g for g in admin.current_grids()}
    own, other = grids[OWN_GRID], grids[OTHER_GRID]
    commit = "SELECT gm.commit_grid_edits(%s::jsonb, 'evil', %s)"

    def edit(code, base, wkt, **extra):
        return json.dumps([dict({"code": code, "base_version": base, "geometry": wkt}, **extra)])

    calls = []
    for change in ("edit", "publish"):
        calls += [
            ("edit another street's grid " + change, commit, (edit(OTHER_GRID, other["version"], other["wkt"]), change)),
            ("retire another street's grid " + change, commit,
             (json.dumps([{"code": OTHER_GRID, "base_version": other["version"], "retire": True}]), change)),
            ("add a grid in another street " + change, commit,
             (edit("110101002001077", None, other["wkt"], community_code="110101002001"), change)),
            ("stale version " + change, commit, (edit(OWN_GRID, own["version"] - 1, own["wkt"]), change)),
            ("future version " + change, commit, (edit(OWN_GRID, own["version"] + 1, own["wkt"]), change)),
            ("reuse a retired code " + change, commit,
             (edit(RETIRED_GRID, None, own["wkt"], community_code="110101001001"), change)),
            ("revive a retired grid " + change, commit, (edit(RETIRED_GRID, 1, own["wkt"]), change)),
            ("reissue a current code " + change, commit,
             (edit(OWN_GRID, None, own["wkt"], community_code="110101001001"), change)),
            ("multi-part grid " + change, commit, (edit(OWN_GRID, own["version"], MULTIPART), change)),
            ("move a grid to another street " + change, commit,
             (edit(OWN_GRID, own["version"], own["wkt"], community_code="110101002001"), change)),
            ("own and another street's grid together " + change, commit,
             (json.dumps([{"code": OWN_GRID, "base_version": own["version"], "geometry": own["wkt"]},
                          {"code": OTHER_GRID, "base_version": other["version"], "geometry": other["wkt"]}]), change)),
        ]  # fmt: skip
    if role != "surveyor":
        calls.append(("edit a grid without the role", commit, (edit(OWN_GRID, own["version"], own["wkt"]), "edit")))
    calls += [
        ("commit without a reason", "SELECT gm.commit_grid_edits(%s::jsonb, '')",
         (edit(OWN_GRID, own["version"], own["wkt"]),)),
        ("commit as another kind of change", "SELECT gm.commit_grid_edits(%s::jsonb, 'x', 'load')",
         (edit(OWN_GRID, own["version"], own["wkt"]),)),
        ("insert a grid", "INSERT INTO gm.grids (code, community_code, geom) SELECT '110101001001088', "
         "community_code, geom FROM gm.grids WHERE code = %s", (OWN_GRID,)),
        ("insert a version", "INSERT INTO gm.grids (code, version, community_code, geom) SELECT code, 9, "
         "community_code, geom FROM gm.grids WHERE code = %s", (OWN_GRID,)),
        ("update a grid", "UPDATE gm.grids SET geom = geom WHERE code = %s", (OWN_GRID,)),
        ("close a grid", "UPDATE gm.grids SET valid_to = now() WHERE code = %s", (OTHER_GRID,)),
        ("rewrite an old version", "UPDATE gm.grids SET valid_to = NULL WHERE valid_to IS NOT NULL", ()),
        ("delete grids", "DELETE FROM gm.grids", ()),
        ("truncate grids", "TRUNCATE gm.grids CASCADE", ()),
        ("rewrite who changed it", "UPDATE gm.grid_changes SET actor = 'someone', reason = 'else'", ()),
        ("delete history", "DELETE FROM gm.grid_changes", ()),
        ("truncate history", "TRUNCATE gm.grid_changes", ()),
        ("forge history", "INSERT INTO gm.grid_changes (code, version, change, actor, at) "
         "VALUES (%s, 1, 'edit', 'x', now())", (OWN_GRID,)),
        ("free a retired code", "UPDATE gm.grid_codes SET retired_at = NULL", ()),
        ("forget a code", "DELETE FROM gm.grid_codes WHERE code = %s", (RETIRED_GRID,)),
        ("claim a code", "INSERT INTO gm.grid_codes (code, community_code) VALUES ('110101001001066', "
         "'110101001001')", ()),
        ("widen my streets", "SELECT gm.set_user_streets(session_user, ARRAY['110101001', '110101002'])", ()),
        ("widen my streets directly", "UPDATE gm.store_users SET streets = ARRAY['110101002']", ()),
        ("move a community", "UPDATE gm.admin_units SET parent_code = '110101001' WHERE level = 'community'", ()),
        ("commit numbers", "SELECT setval('gm.grid_commit_seq', 1)", ()),
        ("grid geometry helper", "SELECT gm.grid_geometry('1', 'POINT(1 1)')", ()),
        ("street check helper", "SELECT gm.check_grid_street(%s, '110101002001')", (OTHER_GRID,)),
        ("drop the write policy", "DROP POLICY grids_surveyor_update ON gm.grids", ()),
        ("turn off grid row security", "ALTER TABLE gm.grids DISABLE ROW LEVEL SECURITY", ()),
        ("disable the history trigger", "ALTER TABLE gm.grids DISABLE TRIGGER grids_history", ()),
        ("replace the street check", "CREATE OR REPLACE FUNCTION gm.street_of(text) RETURNS text LANGUAGE sql "
         "AS $$SELECT '110101001'::text$$", ()),
    ]  # fmt: skip
    return calls


@pytest.mark.parametrize("login", sorted(USERS))
def test_no_trick_lets_a_login_act_beyond_its_role(cluster, admin, targets, login):
    role, department = USERS[login]
    before = snapshot(admin)
    conn = connect(cluster, login)
    try:
        shadow(conn)
        # the shadows are in place: unqualified names now find the login's own objects
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_roles WHERE rolsuper")
            assert cur.fetchone()[0] > 1
        conn.rollback()
        calls = forbidden_calls(admin, login, targets)
        assert len(calls) > 200
        for trick in (None,) + PATH_TRICKS:
            if trick:
                with conn.cursor() as cur:
                    cur.execute(trick)
                conn.commit()
            got_through = [label for label, statement, params in calls if attempt(conn, statement, params)]
            assert got_through == [], (trick, got_through)
            # what the functions say about the login is the truth, not the shadow
            with conn.cursor() as cur:
                cur.execute("SELECT r, gm.acts_as(r) FROM unnest(%s::text[]) r", (list(ALL_ROLES) + ["admin"],))
                assert {r: ok for r, ok in cur.fetchall() if ok} == {role: True}
                cur.execute("SELECT gm.current_department(), gm.is_admin()")
                assert cur.fetchone() == (department, False)
                cur.execute("SELECT current_user, session_user")
                assert cur.fetchone() == (login, login)
            conn.rollback()
    finally:
        conn.close()
    assert snapshot(admin) == before


@pytest.mark.parametrize("login", sorted(USERS))
def test_shadows_do_not_change_what_a_role_may_do(cluster, admin, targets, login):
    """With every shadow in place the login's own legitimate actions still work, exactly as the store
    decides (and a department still sees only its own cases)."""
    role, department = USERS[login]
    conn = connect(cluster, login)
    try:
        shadow(conn)
        with conn.cursor() as cur:
            cur.execute(PATH_TRICKS[0])
        conn.commit()
        if role == "surveyor":  # edits the grids of their street; reads no cases
            assert not attempt(conn, "SELECT count(*) FROM gm.cases")
            own = {g["code"]: g for g in admin.current_grids()}[OWN_GRID]
            assert attempt(
                conn,
                "SELECT gm.commit_grid_edits(%s::jsonb, 'legit', 'edit')",
                (json.dumps([{"code": OWN_GRID, "base_version": own["version"], "geometry": own["wkt"]}]),),
            )
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM gm.grids WHERE valid_to IS NULL")
                assert cur.fetchone()[0] == len(admin.current_grids())
                cur.execute("SELECT count(*) FROM gm.grid_history WHERE code = %s", (OWN_GRID,))
                assert cur.fetchone()[0] == 2
            conn.rollback()
            return
        if role == "planner":  # keeps the part inventory; reads no cases
            assert not attempt(conn, "SELECT count(*) FROM gm.cases")
            assert not attempt(conn, "SELECT gm.listen_channel()")
            return
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE department IS DISTINCT FROM %s) FROM gm.cases", (department,)
            )
            total, foreign = cur.fetchone()
        conn.rollback()
        if role == "department":
            assert total > 0 and foreign == 0
        else:
            assert total == admin.count_cases()
        x, y = point(10)
        ok = attempt(
            conn,
            "SELECT * FROM gm.report_case('event', '0102', 'inspector', %s, %s, 'x', 0, NULL, %s, '', NULL)",
            (x, y, role),
        )
        assert ok == (role in ("inspector", "supervision"))
    finally:
        conn.close()


def test_every_definer_function_has_the_fixed_search_path(admin):
    rows = admin._select(
        "SELECT p.oid::regprocedure::text AS name, p.prosecdef, p.proconfig FROM pg_catalog.pg_proc p "
        "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'gm' ORDER BY 1"
    )
    definers = [r for r in rows if r["prosecdef"]]
    assert len(definers) >= 12
    wrong = [r["name"] for r in definers if r["proconfig"] != [SEARCH_PATH]]
    assert wrong == []
    # the functions the definers call run in their context: they have the same path
    wrong = [r["name"] for r in rows if not r["proconfig"] or SEARCH_PATH not in r["proconfig"]]
    assert wrong == []
    # and no function of the schema can be executed by PUBLIC unless granted on purpose
    public = admin._select(
        "SELECT p.oid::regprocedure::text AS name FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = 'gm' AND p.prosecdef "
        "AND pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')"
    )
    assert public == []


def test_role_change_revokes_the_old_role_and_logins_can_be_disabled_and_removed(cluster, admin, targets):
    admin.create_user("rt_moving", "command")
    store = PostgisStore(cluster.dsn("redteam", user="rt_moving"))
    try:
        assert store.my_roles() == ["command"]
        admin.create_user("rt_moving", "viewer")
        assert store.my_roles() == ["viewer"]
        member = admin._select("SELECT pg_catalog.pg_has_role('rt_moving', 'gm_command', 'MEMBER') AS m")[0]["m"]
        assert member is False
        case = admin.get_case(targets["registered"]["case_code"])
        with pytest.raises(StoreError, match="not allowed to act as 'command'|Permission denied"):
            store.apply(case["case_code"], "dispatch", "command", case["version"], department="sz")
        admin.create_user("rt_moving", "department", "yl")
        assert store.my_roles() == ["department"] and store.my_department() == "yl"
        # disabled: the open session is ended, a new one is refused, the functions refuse it too
        admin.set_user_enabled("rt_moving", False)
        assert {u["login"]: u["enabled"] for u in admin.users()}["rt_moving"] is False
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(cluster.dsn("redteam", user="rt_moving"))
        admin.set_user_enabled("rt_moving", True)
        again = PostgisStore(cluster.dsn("redteam", user="rt_moving"))
        assert again.my_roles() == ["department"]
        again.close()
        # removed: the login no longer exists, its name stays in the audit trail
        admin.remove_user("rt_moving")
        assert "rt_moving" not in {u["login"] for u in admin.users()}
        assert admin._select("SELECT count(*) AS n FROM pg_catalog.pg_roles WHERE rolname = 'rt_moving'")[0]["n"] == 0
        with pytest.raises(WorkflowError, match="not a user of this case store"):
            admin.remove_user("rt_moving")
    finally:
        store.close()


def test_admin_command_line_manages_logins(cluster, admin):
    from gridmanager.grid_manager.store import admin as cli

    dsn = cluster.dsn("redteam")
    assert cli.main([dsn, "add-user", "rt_cli", "inspector"]) == 0
    assert cli.main([dsn, "set-role", "rt_cli", "department", "--department", "sz"]) == 0
    users = {u["login"]: u for u in admin.users()}
    assert users["rt_cli"]["role"] == "department" and users["rt_cli"]["department"] == "sz"
    assert admin._select("SELECT pg_catalog.pg_has_role('rt_cli', 'gm_inspector', 'MEMBER') AS m")[0]["m"] is False
    assert cli.main([dsn, "disable-user", "rt_cli"]) == 0
    assert {u["login"]: u for u in admin.users()}["rt_cli"]["can_login"] is False
    assert cli.main([dsn, "enable-user", "rt_cli"]) == 0
    assert {u["login"]: u for u in admin.users()}["rt_cli"]["can_login"] is True
    assert cli.main([dsn, "list-users"]) == 0
    assert cli.main([dsn, "remove-user", "rt_cli"]) == 0
    assert "rt_cli" not in {u["login"] for u in admin.users()}
    assert cli.main([dsn, "remove-user", "rt_cli"]) == 1
    assert cli.main([dsn, "add-user", "rt_cli2", "viewer"]) == 0
    assert cli.main([dsn, "change-role", "rt_cli2", "command"]) == 0
    assert cli.main([dsn, "lock-user", "rt_cli2"]) == 0
    assert cli.main([dsn, "delete-user", "rt_cli2"]) == 0
    assert "rt_cli2" not in {u["login"] for u in admin.users()}


def test_notifications_carry_nothing_and_cannot_be_forged(cluster, admin, targets):
    sz = PostgisStore(cluster.dsn("redteam", user="rt_dep_sz"))
    yl = PostgisStore(cluster.dsn("redteam", user="rt_dep_yl"))
    insp = PostgisStore(cluster.dsn("redteam", user="rt_insp"))
    try:
        for store in (sz, yl, insp):
            store.listen()
            store.poll_changes()
        channels = {s.user: s._channel for s in (sz, yl, insp)}
        assert len(set(channels.values())) == 3 and all(len(c) > 30 for c in channels.values())
        # a forged notification on every channel a login could guess, and on the real ones
        forger = connect(cluster, "rt_insp")
        forger.autocommit = True
        with forger.cursor() as cur:
            for channel in ["gm_cases"] + list(channels.values()):
                cur.execute("SELECT pg_notify(%s, %s)", (channel, targets["dispatched_yl"]["case_code"]))
        forger.close()
        # it is a hint at most: nothing changed, so nothing is reported
        for store in (sz, yl, insp):
            assert store.poll_changes(timeout=0.2) == []
        # a real change of a yl case reaches yl and the inspector, not sz, and carries no payload
        case = admin.get_case(targets["dispatched_yl"]["case_code"])
        admin.apply(case["case_code"], "handle", "department", case["version"], note="进行中")
        seen = {}
        for store in (sz, yl, insp):
            for _ in range(20):
                codes = store.poll_changes(timeout=0.1)
                if codes:
                    seen[store.user] = codes
                    break
        assert seen.get("rt_dep_yl") == [case["case_code"]]
        assert seen.get("rt_insp") == [case["case_code"]]
        assert "rt_dep_sz" not in seen
        listener = admin._select("SELECT count(*) AS n FROM gm.listeners WHERE login = 'rt_dep_sz'")[0]["n"]
        assert listener == 1
    finally:
        for store in (sz, yl, insp):
            store.close()


def test_department_return_needs_the_command_centre_and_keeps_the_overdue(cluster, admin):
    admin.add_class("event", "2104", "Extended event with a tiny limit")
    admin.set_time_limit("event", "2104", 0, 1e-6)
    case = admin.report_case("event", "2104", "public", *point(11), description="late")
    case = walk(
        admin,
        case,
        ("verify", "inspector", {}),
        ("register", "supervision", {}),
        ("dispatch", "command", {"department": "sz"}),
    )
    dep = PostgisStore(cluster.dsn("redteam", user="rt_dep_sz"))
    cmd = PostgisStore(cluster.dsn("redteam", user="rt_cmd"))
    try:
        with pytest.raises(WorkflowError, match="not allowed for the role 'department'"):
            dep.apply(case["case_code"], "return", "department", case["version"], note="非本单位")
        with pytest.raises(WorkflowError, match="needs a reason"):
            dep.apply(case["case_code"], "request_return", "department", case["version"], note="  ")
        with pytest.raises(WorkflowError, match="not allowed to act as 'command'"):
            dep.apply(case["case_code"], "accept_return", "command", case["version"])
        case = dep.apply(case["case_code"], "request_return", "department", case["version"], note="非本单位职责")
        assert case["state"] == "dispatched" and case["return_pending"] and case["department"] == "sz"
        with pytest.raises(WorkflowError, match="already pending"):
            dep.apply(case["case_code"], "request_return", "department", case["version"], note="again")
        # rejected: the case stays with the department
        case = cmd.apply(case["case_code"], "reject_return", "command", case["version"], note="属本单位")
        assert case["state"] == "dispatched" and not case["return_pending"]
        case = dep.apply(case["case_code"], "request_return", "department", case["version"], note="确非本单位")
        deadline, dispatched = case["deadline_at"], case["dispatched_at"]
        case = cmd.apply(case["case_code"], "accept_return", "command", case["version"])
        assert case["state"] == "registered" and case["department"] is None
        assert case["overdue_seconds"] > 0
        returns = admin.case_returns(case["case_code"])
        assert len(returns) == 1
        assert (returns[0]["department"], returns[0]["reason"]) == ("sz", "确非本单位")
        assert returns[0]["deadline_at"] == deadline and returns[0]["dispatched_at"] == dispatched
        assert returns[0]["overdue_seconds"] > 0 and returns[0]["accepted_by"] == "rt_cmd"
        actions = [e["action"] for e in admin.events(case["case_code"])]
        assert actions[-5:] == ["dispatch", "request_return", "reject_return", "request_return", "accept_return"]
        # the analysis still counts the time already overdue
        row = next(r for r in admin.analysis_rows() if r["case_code"] == case["case_code"])
        assert row["returned_overdue_hours"] > 0
        import pandas as pd

        from gridmanager.grid_manager.cases.evaluation import case_flags

        frame = pd.DataFrame([row])
        for column in ("reported_at", "registered_at", "dispatched_at", "deadline_at", "handled_at", "closed_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        flags = case_flags(frame, pd.Timestamp.now(tz="UTC"))
        assert bool(flags["due"].iloc[0]) and bool(flags["overdue"].iloc[0])
    finally:
        dep.close()
        cmd.close()


def test_reported_at_rules(cluster, admin):
    insp = PostgisStore(cluster.dsn("redteam", user="rt_insp"))
    sup = PostgisStore(cluster.dsn("redteam", user="rt_sup"))
    x, y = point(12)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        before = admin.count_cases()
        for when in (dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc)):
            with pytest.raises(WorkflowError, match="reported_at"):
                insp.report_case("event", "0102", "inspector", x, y, reported_at=when)
        with pytest.raises(WorkflowError, match="in the future"):
            sup.report_case(
                "event",
                "0102",
                "hotline",
                x,
                y,
                role="supervision",
                note="call",
                reported_at=now + dt.timedelta(hours=1),
            )
        with pytest.raises(WorkflowError, match="more than 72 hours"):
            sup.report_case(
                "event",
                "0102",
                "hotline",
                x,
                y,
                role="supervision",
                note="call",
                reported_at=now - dt.timedelta(hours=73),
            )
        with pytest.raises(WorkflowError, match="needs a note"):
            sup.report_case(
                "event", "0102", "hotline", x, y, role="supervision", reported_at=now - dt.timedelta(hours=2)
            )
        with pytest.raises(WorkflowError, match="call centre"):
            sup.report_case(
                "event", "0102", "video", x, y, role="supervision", note="cam", reported_at=now - dt.timedelta(hours=2)
            )
        assert admin.count_cases() == before
        case = sup.report_case(
            "event",
            "0102",
            "hotline",
            x,
            y,
            role="supervision",
            note="来电 10:05",
            reported_at=now - dt.timedelta(hours=71),
        )
        assert abs((case["reported_at"] - (now - dt.timedelta(hours=71))).total_seconds()) < 1
        # an inspector's report takes the server's clock
        case = insp.report_case("event", "0102", "inspector", x, y)
        assert abs((case["reported_at"] - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60
        # the administrator loads historical cases
        old = admin.report_case(
            "event", "0102", "hotline", x, y, reported_at=dt.datetime(2020, 5, 1, 3, 0, tzinfo=dt.timezone.utc)
        )
        assert old["case_code"].startswith("20200501")
    finally:
        insp.close()
        sup.close()


def test_case_code_date_in_the_store_time_zone(admin):
    x, y = point(13)
    # 07:30 in Beijing on 2 December is 23:30 UTC on 1 December
    when = dt.datetime(2025, 12, 1, 23, 30, tzinfo=dt.timezone.utc)
    assert admin.time_zone() == "Asia/Shanghai"
    case = admin.report_case("event", "0102", "hotline", x, y, reported_at=when)
    assert case["case_code"].startswith("20251202")
    admin.set_time_zone("UTC")
    try:
        assert admin.report_case("event", "0102", "hotline", x, y, reported_at=when)["case_code"].startswith("20251201")
        with pytest.raises(WorkflowError, match="Unknown time zone"):
            admin.set_time_zone("Mars/Olympus")
    finally:
        admin.set_time_zone("Asia/Shanghai")


def test_counts_of_a_role_are_unchanged_by_a_filter_trick(cluster, admin):
    dep = PostgisStore(cluster.dsn("redteam", user="rt_dep_sz"))
    try:
        assert dep.count_cases(CaseFilter(department="yl")) == 0
        assert dep.count_cases(CaseFilter(text="' OR 1=1 --")) == 0
    finally:
        dep.close()
