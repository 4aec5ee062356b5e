"""Photos of a case (issue 15): case_attachments in BOTH stores, limits, types, roles, append-only."""

import hashlib
import importlib.util
import io
import os
import sqlite3
from pathlib import Path

import psycopg2
import pytest
from PIL import Image

from gridmanager.grid_manager.store import StoreError, WorkflowError
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import Photo, check_photo, sniff_mime
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.postgis


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


JPEG = image_bytes()
PNG = image_bytes("PNG", color=(20, 160, 40))
THUMB = image_bytes(size=(16, 12))
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"x" * 500


def centre(i=0):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(scope="module", params=["gpkg", "postgis"])
def store(request, tmp_path_factory):
    if request.param == "gpkg":
        st = GpkgStore(tmp_path_factory.mktemp("photos") / "cases.gpkg", user="desk")
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
    else:
        cluster = request.getfixturevalue("cluster")
        st = PostgisStore(cluster.create_database("photos"))
        st.migrate()
        seed_reference(st)
        yield st
        st.close()
        cluster.drop_database("photos")


def report(store, i=0, **extra):
    return store.report_case("event", "0102", "inspector", *centre(i), description="rubbish", **extra)


def test_sniff_by_magic_bytes_not_by_name():
    assert sniff_mime(JPEG) == "image/jpeg" and sniff_mime(PNG) == "image/png" and sniff_mime(HEIC) == "image/heic"
    assert sniff_mime(PDF) is None and sniff_mime(b"") is None
    with pytest.raises(WorkflowError) as info:
        check_photo(Photo("C:\\photos\\before.jpg", PDF))
    assert info.value.code == "GM051"
    assert str(info.value) == (
        "'before.jpg' is not a JPEG, PNG or HEIC photo (its content is PDF, whatever its file name says)."
    )
    assert check_photo(Photo("/tmp/x/after.png", PNG)).name == "after.png"


def test_report_and_step_keep_their_photos(store):
    case = report(
        store, photos=[Photo("before.jpg", JPEG, THUMB), Photo("close-up.png", PNG, THUMB), Photo("a.heic", HEIC)]
    )
    case = store.apply(case["case_code"], "verify", "inspector", case["version"], photos=[Photo("v.jpg", JPEG, THUMB)])
    rows = store.attachments(case["case_code"])
    assert [(r["seq"], r["stage"], r["name"], r["mime"]) for r in rows] == [
        (1, "report", "before.jpg", "image/jpeg"),
        (1, "report", "close-up.png", "image/png"),
        (1, "report", "a.heic", "image/heic"),
        (2, "verify", "v.jpg", "image/jpeg"),
    ]
    assert all("data" not in r for r in rows)
    assert rows[0]["thumbnail"] == THUMB and rows[2]["thumbnail"] is None
    assert rows[0]["size"] == len(JPEG) and rows[0]["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert rows[0]["actor"] == store.user and rows[0]["role"] == "inspector" and rows[0]["at"] is not None
    assert rows[0]["path"] is None
    assert store.attachment_data(rows[1]["id"]) == PNG
    assert store.attachment_data(rows[2]["id"]) == HEIC
    # photos added right after the step, by whoever took it
    ids = store.add_photos(case["case_code"], 2, "inspector", [Photo("later.jpg", JPEG)])
    assert len(ids) == 1 and len(store.attachments(case["case_code"])) == 5


def test_refused_photos_name_the_file_and_refuse_the_step(store):
    case = report(store, 1)
    store.set_attachment_settings(max_bytes=2048)
    try:
        big = JPEG + b"\x00" * 3000
        with pytest.raises(WorkflowError) as info:
            store.apply(case["case_code"], "verify", "inspector", case["version"], photos=[Photo("big.jpg", big)])
        assert info.value.code == "GM050"
        assert str(info.value) == (
            "The photo 'big.jpg' is too large ({} kB); this case store takes photos up to 2 kB.".format(
                round(len(big) / 1024)
            )
        )
        with pytest.raises(WorkflowError) as info:
            report(store, 2, photos=[Photo("big.jpg", big)])
        assert info.value.code == "GM050"
    finally:
        store.set_attachment_settings(max_bytes=10 * 1024 * 1024)
    with pytest.raises(WorkflowError) as info:
        store.apply(case["case_code"], "verify", "inspector", case["version"], photos=[Photo("scan.jpg", PDF)])
    assert info.value.code == "GM051" and "'scan.jpg'" in str(info.value) and "PDF" in str(info.value)
    with pytest.raises(WorkflowError) as info:
        store.apply(case["case_code"], "verify", "inspector", case["version"], photos=[Photo("empty.png", b"")])
    assert str(info.value) == "The photo 'empty.png' is empty (0 bytes)."
    with pytest.raises(WorkflowError) as info:
        store.apply(case["case_code"], "verify", "inspector", case["version"], photos=[Photo("t.jpg", JPEG, PDF)])
    assert info.value.code == "GM054"
    # nothing was written: the case is where it was, without photos
    assert store.get_case(case["case_code"])["version"] == case["version"]
    assert store.attachments(case["case_code"]) == []
    with pytest.raises(WorkflowError) as info:
        store.add_photos(case["case_code"], 1, "command", [Photo("x.jpg", JPEG)])
    assert info.value.code in ("GM052", "GM003")
    with pytest.raises(WorkflowError):
        store.set_attachment_settings(max_bytes="lots")
    with pytest.raises(WorkflowError) as info:
        check_photo(Photo("IMG_1.jpg", JPEG + b"\x00" * (11 * 1024 * 1024)))
    assert str(info.value) == "The photo 'IMG_1.jpg' is too large (11 MB); this case store takes photos up to 10 MB."


def test_the_settings_limit_is_enforced_by_the_database_too(store):
    """A hand-made row cannot bypass the limit, the type, nor change or delete a photo."""
    case = report(store, 3, photos=[Photo("p.jpg", JPEG, THUMB)])
    if store.backend == "gpkg":
        conn = sqlite3.connect(store.path, isolation_level=None)
        row = conn.execute("SELECT case_id FROM case_attachments ORDER BY id DESC LIMIT 1").fetchone()
        for statement, params in (
            ("UPDATE case_attachments SET name = 'x.jpg'", ()),
            ("DELETE FROM case_attachments", ()),
        ):
            with pytest.raises(sqlite3.DatabaseError, match="GM053"):
                conn.execute(statement, params)
        for statement in (
            "UPDATE settings SET value = '5' WHERE key = 'max_attachment_bytes'",
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('max_attachment_bytes', 'lots')",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="GM008"):
                conn.execute(statement)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO gm_transition_token VALUES ('hand-made')")  # even past the workflow guard
        sha = hashlib.sha256(PDF).hexdigest()
        insert = (
            "INSERT INTO case_attachments (case_id, seq, stage, actor, role, at, mime, name, size, sha256, data) "
            "VALUES (?, 1, 'report', 'me', 'inspector', '2026-01-01', ?, 'x', ?, ?, ?)"
        )
        with pytest.raises(sqlite3.DatabaseError, match="GM051"):
            conn.execute(insert, (row[0], "image/jpeg", len(PDF), sha, PDF))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(insert, (row[0], "application/pdf", len(PDF), sha, PDF))
        huge = JPEG + b"\x00" * (11 * 1024 * 1024)
        with pytest.raises(sqlite3.DatabaseError, match="GM050"):
            conn.execute(insert, (row[0], "image/jpeg", len(huge), hashlib.sha256(huge).hexdigest(), huge))
        conn.execute("ROLLBACK")
        conn.close()
    else:
        conn = psycopg2.connect(store.dsn)  # the owner: no privilege stops it, the triggers do
        cur = conn.cursor()
        cur.execute("SELECT id FROM gm.cases WHERE case_code = %s", (case["case_code"],))
        case_id = cur.fetchone()[0]
        insert = (
            "INSERT INTO gm.case_attachments (case_id, seq, stage, actor, role, at, mime, name, size, sha256, data) "
            "VALUES (%s, 1, 'report', 'me', 'inspector', now(), %s, 'x.jpg', %s, repeat('0', 64), %s)"
        )
        huge = JPEG + b"\x00" * (11 * 1024 * 1024)
        for statement, params, code in (
            ("UPDATE gm.settings SET value = '5' WHERE key = 'max_attachment_bytes'", (), ("GM008",)),
            ("UPDATE gm.case_attachments SET name = 'x.jpg'", (), ("GM053",)),
            ("DELETE FROM gm.case_attachments", (), ("GM053",)),
            ("TRUNCATE gm.case_attachments", (), ("GM053",)),
            (insert, (case_id, "image/jpeg", len(PDF), psycopg2.Binary(PDF)), ("GM051",)),
            (insert, (case_id, "image/jpeg", len(huge), psycopg2.Binary(huge)), ("GM050",)),
            # the trigger (type by the first bytes) or the CHECK of the mime list, whichever comes first
            (insert, (case_id, "application/pdf", len(PDF), psycopg2.Binary(PDF)), ("GM051", "23514")),
        ):
            with pytest.raises(psycopg2.Error) as info:
                cur.execute(statement, params)
            assert info.value.pgcode in code, statement
            conn.rollback()
        conn.close()
    assert len(store.attachments(case["case_code"])) == 1


def test_attachments_folder_keeps_files_by_content_hash(store, tmp_path):
    folder = tmp_path / "photos"
    store.set_attachment_settings(folder=str(folder))
    try:
        case = report(store, 4, photos=[Photo("before.jpg", JPEG, THUMB), Photo("same.jpg", JPEG, THUMB)])
        rows = store.attachments(case["case_code"])
        digest = hashlib.sha256(JPEG).hexdigest()
        assert {r["path"] for r in rows} == {"{}/{}.jpg".format(digest[:2], digest)}
        assert (folder / digest[:2] / (digest + ".jpg")).read_bytes() == JPEG
        assert store.attachment_data(rows[0]["id"]) == JPEG
        (folder / digest[:2] / (digest + ".jpg")).write_bytes(PNG)  # someone replaced the file
        with pytest.raises(StoreError, match="'before.jpg'.*changed after it was stored"):
            store.attachment_data(rows[0]["id"])
        os.remove(folder / digest[:2] / (digest + ".jpg"))
        with pytest.raises(StoreError, match="Cannot read the photo 'before.jpg'"):
            store.attachment_data(rows[0]["id"])
    finally:
        store.set_attachment_settings(folder="")
    assert store.attachment_settings()["folder"] is None


# -- the shared store: every role logs in ------------------------------------------------------------------
USERS = {
    "ph_insp": ("inspector", None),
    "ph_insp2": ("inspector", None),
    "ph_sup": ("supervision", None),
    "ph_cmd": ("command", None),
    "ph_dep_sz": ("department", "sz"),
    "ph_dep_yl": ("department", "yl"),
    "ph_view": ("viewer", None),
    "ph_plan": ("planner", None),
    "ph_surv": ("surveyor", None),
}


@pytest.fixture(scope="module")
def shared(cluster):
    dsn = cluster.create_database("photo_roles")
    admin = PostgisStore(dsn)
    admin.migrate()
    seed_reference(admin)
    for login, (role, department) in USERS.items():
        admin.create_user(login, role, department, streets=["110101001"] if role == "surveyor" else None)
    logins = {login: PostgisStore(cluster.dsn("photo_roles", user=login)) for login in USERS}
    yield admin, logins
    for st in logins.values():
        st.close()
    admin.close()
    cluster.drop_database("photo_roles")


def test_every_role_sees_and_adds_photos_as_it_may_act(shared):
    admin, who = shared
    case = who["ph_insp"].report_case(
        "event", "0102", "inspector", *centre(5), role="inspector", photos=[Photo("report.jpg", JPEG, THUMB)]
    )
    code = case["case_code"]
    case = who["ph_insp"].apply(code, "verify", "inspector", case["version"], photos=[Photo("v.jpg", JPEG)])
    case = who["ph_sup"].apply(code, "register", "supervision", case["version"])
    case = who["ph_cmd"].apply(code, "dispatch", "command", case["version"], department="sz")
    case = who["ph_dep_sz"].apply(code, "handle", "department", case["version"])
    case = who["ph_dep_sz"].apply(
        code, "report_back", "department", case["version"], photos=[Photo("after.png", PNG, THUMB)]
    )
    assert [r["stage"] for r in admin.attachments(code)] == ["report", "verify", "report_back"]
    # whoever may see the case sees its photos; the other department, the planner and the surveyor do not
    for login in ("ph_insp", "ph_insp2", "ph_sup", "ph_cmd", "ph_dep_sz", "ph_view"):
        rows = who[login].attachments(code)
        assert [r["name"] for r in rows] == ["report.jpg", "v.jpg", "after.png"], login
        assert who[login].attachment_data(rows[2]["id"]) == PNG
    assert who["ph_dep_yl"].attachments(code) == []
    with pytest.raises(StoreError, match="not visible to you"):
        who["ph_dep_yl"].attachment_data(admin.attachments(code)[0]["id"])
    for login in ("ph_plan", "ph_surv"):
        with pytest.raises(StoreError, match="Permission denied"):
            who[login].attachments(code)
    # only the login that took a step adds photos to it, in that role
    assert who["ph_dep_sz"].add_photos(code, case["version"], "department", [Photo("more.jpg", JPEG)])
    refusals = {
        "ph_insp2": ("inspector", 2, "GM052"),  # another inspector's verification
        "ph_insp": ("inspector", case["version"], "GM052"),  # the department's step
        "ph_cmd": ("command", 3, "GM052"),  # step 3 is the supervision's registration
        "ph_dep_yl": ("department", case["version"], "GM004"),
        "ph_view": ("viewer", 1, "GM052"),  # a viewer takes no step
        "ph_sup": ("inspector", 1, "GM003"),
    }
    for login, (role, seq, expected) in refusals.items():
        with pytest.raises(WorkflowError) as info:
            who[login].add_photos(code, seq, role, [Photo("x.jpg", JPEG)])
        assert info.value.code == expected, login
        assert str(info.value)
    with pytest.raises(WorkflowError) as info:
        who["ph_insp2"].add_photos(code, 2, "inspector", [Photo("x.jpg", JPEG)])
    assert str(info.value) == (
        "Case {}: photos are added by whoever took the step (2) they belong to, in that role; "
        "'x.jpg' was not stored.".format(code)
    )
    # a file row where the store keeps no folder is refused (the function is called by hand)
    digest = hashlib.sha256(JPEG).hexdigest()
    with who["ph_dep_sz"].conn.cursor() as cur, pytest.raises(psycopg2.Error) as info:
        cur.execute(
            "SELECT gm.add_attachment(%s, %s, 'department', 'f.jpg', 'image/jpeg', %s, NULL, NULL, %s, %s)",
            (code, case["version"], len(JPEG), "{}/{}.jpg".format(digest[:2], digest), digest),
        )
    who["ph_dep_sz"].conn.rollback()
    assert info.value.pgcode == "GM008"
    # no login writes the table directly, nor changes or deletes a photo
    for login in USERS:
        conn = who[login].conn
        for statement in (
            "INSERT INTO gm.case_attachments (case_id, seq, stage, actor, role, at, mime, name, size, sha256, data) "
            "SELECT case_id, seq, stage, actor, role, at, mime, name, size, sha256, data FROM gm.case_attachments",
            "UPDATE gm.case_attachments SET name = 'forged.jpg'",
            "DELETE FROM gm.case_attachments",
        ):
            with conn.cursor() as cur, pytest.raises(psycopg2.Error) as info:
                cur.execute(statement)
            conn.rollback()
            assert info.value.pgcode == "42501", (login, statement)
    assert len(admin.attachments(code)) == 4
    assert {r["name"] for r in admin.attachments(code)} == {"report.jpg", "v.jpg", "after.png", "more.jpg"}


def test_admin_command_line_sets_the_photo_settings(tmp_path, capsys):
    from gridmanager.grid_manager.store import admin as cli

    path = str(tmp_path / "desk.gpkg")
    assert cli.main([path, "migrate"]) == 0
    assert cli.main([path, "photos"]) == 0
    assert "photos up to 10 MB, kept in the store" in capsys.readouterr().out
    assert cli.main([path, "photos", "--max-mb", "2.5", "--folder", "photos"]) == 0
    out = capsys.readouterr().out
    assert "photos up to 2.5 MB, kept in {}".format(os.path.join(str(tmp_path), "photos")) in out
    assert cli.main([path, "photos", "--max-mb", "0"]) == 1
    assert "max_attachment_bytes" in capsys.readouterr().err
    store = GpkgStore(path, user="desk")
    assert store.attachment_settings()["max_bytes"] == int(2.5 * 1048576)
    store.close()
